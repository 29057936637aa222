/**
 * `alerts:resume {since_seq}` (CONTRACT.md §4): a reconnecting client gets every change of its scope it
 * missed, in seq order, and the seq to carry on from. A refusal says why for a person (`error`) and for a
 * program (`code`): a bad since_seq, changes no longer kept (reload the list), a token no longer valid (sign
 * in again), or a passing outage (retry).
 */
import type { AlertChange } from '../../common/alerts.js';
import type { AuthUser } from '../../common/auth.js';
import type { ResumeReply } from '../../common/api.js';
import type { Logger } from '../../common/node/logger.js';
import type { Authenticate } from '../auth/index.js';
import type { VigilSocket } from './socket-types.js';

/** Changes with seq > since in order, or null when they are no longer kept. */
export type ChangesSince = (since: number) => Promise<AlertChange[] | null>;

/** The since_seq of the request, or null when it is not a whole number ≥ 0. A JSON number only:
 *  Number() would turn null, '', [], true or '7' into a seq. */
export function parseSinceSeq(args: unknown): number | null {
  const since = (args as { since_seq?: unknown } | undefined)?.since_seq;
  return typeof since === 'number' && Number.isSafeInteger(since) && since >= 0 ? since : null;
}

/** The reply for a scope from the changes since `since` (null: no longer kept). */
export function resumeReply(
  changes: readonly AlertChange[] | null,
  scope: string,
  since: number,
): ResumeReply {
  if (!changes) return { ok: false, error: 'too far behind: reload the alert list', code: 'too_far_behind' };
  return {
    ok: true,
    alerts: changes.filter((c) => c.alert.unit_code.startsWith(scope)).map((c) => c.alert),
    seq: changes.at(-1)?.alert.seq ?? since,
  };
}

/** Answers the request of a socket (whose user's scope decides what it gets). */
export async function answerResume(
  args: unknown,
  scope: string,
  changesSince: ChangesSince,
  log: Logger,
): Promise<ResumeReply> {
  const since = parseSinceSeq(args);
  if (since === null)
    return { ok: false, error: 'since_seq must be a whole number ≥ 0', code: 'invalid_request' };
  try {
    return resumeReply(await changesSince(since), scope, since);
  } catch (err) {
    log.error({ err }, 'resume failed');
    return { ok: false, error: 'temporarily unavailable; retry', code: 'unavailable' };
  }
}

/**
 * Serves `alerts:resume` on the socket; a request without an ack callback is ignored. The socket's token is
 * checked again first: a revoked token (or a disabled user) gets `invalid_token` and the socket is
 * disconnected, even when the revocation's message did not reach this server.
 */
export function serveResume(
  socket: VigilSocket,
  changesSince: ChangesSince,
  authenticate: Authenticate,
  log: Logger,
): void {
  socket.on('alerts:resume', async (args, ack) => {
    if (typeof ack !== 'function') return;
    let user: AuthUser | null;
    try {
      user = await authenticate(socket.data.token);
    } catch {
      ack({ ok: false, error: 'sign-in is unavailable right now; retry', code: 'unavailable' });
      return;
    }
    if (!user) {
      ack({ ok: false, error: 'invalid, expired or revoked token; sign in again', code: 'invalid_token' });
      socket.disconnect(true);
      return;
    }
    ack(await answerResume(args, user.scope, changesSince, log));
  });
}
