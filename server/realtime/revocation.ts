/**
 * A revocation (server/auth/revocations.ts) applied to this server's sockets at once: a disabled user's
 * sockets are disconnected; after some of a user's tokens were revoked, that user's sockets are checked
 * again and those whose token no longer counts are disconnected (also when the check itself fails: the
 * client reconnects and is checked at the handshake). After a gap in the subscription every socket is
 * checked again, as the periodic re-check does.
 */
import type { Logger } from '../../common/node/logger.js';
import type { Authenticate } from '../auth/index.js';
import type { Revocation, RevocationSource } from '../auth/revocations.js';
import { recheckSockets } from './socket-auth.js';
import { connectedSockets } from './socket-types.js';
import type { VigilServer } from './socket-types.js';

/** Cuts off what the revocation concerns; resolves with how many sockets were disconnected. */
export async function applyRevocation(
  io: VigilServer,
  revocation: Revocation,
  authenticate: Authenticate,
): Promise<number> {
  const mine = [...connectedSockets(io)].filter((s) => s.data.user.username === revocation.username);
  const verdicts = await Promise.all(
    mine.map(async (socket) => {
      if (revocation.reason === 'disabled') return false;
      return (await authenticate(socket.data.token).catch(() => null)) !== null;
    }),
  );
  let cut = 0;
  mine.forEach((socket, i) => {
    if (verdicts[i]) return;
    socket.disconnect(true);
    cut++;
  });
  return cut;
}

/** Subscribes the server to revocations; returns the function that stops it. */
export async function followRevocations(
  io: VigilServer,
  source: RevocationSource,
  authenticate: Authenticate,
  log: Logger,
): Promise<() => Promise<void>> {
  return source({
    onRevoked(revocation) {
      void applyRevocation(io, revocation, authenticate).then(
        (cut) =>
          cut > 0 && log.info({ user: revocation.username, cut }, 'sockets of a revoked token cut off'),
      );
    },
    onResubscribed() {
      void recheckSockets(io, authenticate).catch((err: unknown) => log.warn({ err }, 're-check failed'));
    },
  });
}
