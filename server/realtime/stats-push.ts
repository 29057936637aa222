/**
 * `stats:update` for the wall every few seconds: each socket joins the room of its scope, and each scope
 * with a socket gets its summary (one query per scope, not per socket). Runs never overlap: with a slow
 * ClickHouse a turn is skipped rather than queued.
 */
import type { SummaryResponse } from '../../common/api.js';
import type { Logger } from '../../common/node/logger.js';
import { oneAtATime } from './one-at-a-time.js';
import { connectedSockets } from './socket-types.js';
import type { VigilServer, VigilSocket } from './socket-types.js';

const scopeRoom = (scope: string): string => `scope:${scope}`;

/** Puts the socket in the room its scope's stats go to. */
export function joinScopeRoom(socket: VigilSocket): void {
  void socket.join(scopeRoom(socket.data.user.scope));
}

/** The scopes of the connected sockets. */
export function connectedScopes(io: VigilServer): Set<string> {
  const scopes = new Set<string>();
  for (const socket of connectedSockets(io)) scopes.add(socket.data.user.scope);
  return scopes;
}

/** One round: each connected scope's summary to its room; a failed scope is logged and skipped. */
export async function pushStats(
  io: VigilServer,
  summary: (scope: string) => Promise<SummaryResponse>,
  log: Logger,
): Promise<void> {
  for (const scope of connectedScopes(io)) {
    try {
      io.to(scopeRoom(scope)).emit('stats:update', await summary(scope));
    } catch (err) {
      log.warn({ err }, 'stats push failed');
    }
  }
}

/** Pushes every `everyMs`; returns the function that stops it. */
export function startStatsPush(
  io: VigilServer,
  summary: (scope: string) => Promise<SummaryResponse>,
  everyMs: number,
  log: Logger,
): () => void {
  const timer = setInterval(
    oneAtATime(() => pushStats(io, summary, log)),
    everyMs,
  );
  return () => clearInterval(timer);
}
