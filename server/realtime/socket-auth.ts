/**
 * Who may hold a socket: the token (`auth: {token}`, the same tokens as the REST API) is checked at the
 * handshake (after the page's origin, when a browser names one), and re-checked periodically as a safety net
 * behind the revocation messages (revocation.ts) that cut a revoked token or a disabled user off at once. A refused
 * handshake's connect_error says what went wrong for a person (message) and for a program (`data.code`,
 * the codes of the REST errors). A socket that is cut off gets a plain server disconnect (Socket.IO's
 * disconnect packet carries no reason); its client's reconnect is then refused with `unauthorized`.
 */
import type { Authenticate } from '../auth/index.js';
import { forbiddenOriginMessage, originAllowed } from '../auth/origins.js';
import { oneAtATime } from './one-at-a-time.js';
import { connectedSockets } from './socket-types.js';
import type { SocketData, VigilServer, VigilSocket } from './socket-types.js';

/** Why a connection was refused, for programs (CONTRACT.md §3, errors). */
export type ConnectionErrorCode = 'unauthorized' | 'unavailable' | 'forbidden_origin';

/** The error Socket.IO sends as connect_error: `message` and `data` reach the client as they are. */
export type ConnectionError = Error & { data: { code: ConnectionErrorCode } };

export function connectionError(code: ConnectionErrorCode, message: string): ConnectionError {
  return Object.assign(new Error(message), { data: { code } });
}

const MAX_TOKEN_LENGTH = 200;

/** The user the handshake's token stands for, or the connection error that refuses it. */
export async function authenticateHandshake(
  auth: unknown,
  authenticate: Authenticate,
): Promise<SocketData | ConnectionError> {
  const token = (auth as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token.length === 0)
    return connectionError('unauthorized', 'sign in first: connect with auth: {token}');
  if (token.length > MAX_TOKEN_LENGTH)
    return connectionError('unauthorized', 'invalid, expired or revoked token; sign in again');
  try {
    const user = await authenticate(token);
    if (!user) return connectionError('unauthorized', 'invalid, expired or revoked token; sign in again');
    return { user, token };
  } catch {
    return connectionError('unavailable', 'sign-in is unavailable right now; reconnect shortly');
  }
}

/** Refuses the handshake of a page of another origin not allowed (see auth/origins.ts). */
export function handshakeOrigin(
  allowed: readonly string[],
): (socket: VigilSocket, next: (err?: Error) => void) => void {
  return (socket, next) => {
    const origin = socket.request.headers.origin;
    if (originAllowed(origin, socket.request, allowed)) return next();
    next(connectionError('forbidden_origin', forbiddenOriginMessage(origin ?? '')));
  };
}

/** The handshake middleware: lets a socket in with its user, or refuses it with a connection error. */
export function handshakeAuth(
  authenticate: Authenticate,
): (socket: VigilSocket, next: (err?: Error) => void) => Promise<void> {
  return async (socket, next) => {
    const outcome = await authenticateHandshake(socket.handshake.auth, authenticate);
    if (outcome instanceof Error) return next(outcome);
    socket.data = outcome;
    next();
  };
}

/** Checks every socket's token again; disconnects those no longer valid. When the check itself fails
 *  (Redis or ClickHouse down) the socket keeps its user: an outage does not cut the wall off. */
export async function recheckSockets(io: VigilServer, authenticate: Authenticate): Promise<void> {
  for (const socket of connectedSockets(io)) {
    const user = await authenticate(socket.data.token).catch(() => socket.data.user);
    if (!user) socket.disconnect(true);
  }
}

/** Re-checks every `everyMs` (runs never overlap); returns the function that stops it. */
export function startRecheck(io: VigilServer, authenticate: Authenticate, everyMs: number): () => void {
  const timer = setInterval(
    oneAtATime(() => recheckSockets(io, authenticate)),
    everyMs,
  );
  return () => clearInterval(timer);
}
