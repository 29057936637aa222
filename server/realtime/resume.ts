/**
 * `alerts:resume {since_seq}` (CONTRACT.md §4): a reconnecting client gets every change of its scope it
 * missed, in seq order, and the seq to carry on from. A refusal says why for a person (`error`) and for a
 * program (`code`): a bad since_seq, changes no longer kept (reload the list), a token no longer valid (sign
 * in again), or a passing outage (retry).
 */
import { isLive } from '../../common/alerts.js';
import type { AlertChange } from '../../common/alerts.js';
import type { AuthUser } from '../../common/auth.js';
import { orderForReader } from '../../common/supervision.js';
import type { Supervision, SupervisionChange } from '../../common/supervision.js';
import type { ResumeReply } from '../../common/api.js';
import type { Logger } from '../../common/node/logger.js';
import type { Authenticate } from '../auth/index.js';
import type { VigilSocket } from './socket-types.js';

/** The changes of both kinds with seq > since, from one read of the stream, and the last seq it held. */
export interface ResumeChanges {
  alerts: AlertChange[];
  orders: SupervisionChange[];
  seq: number;
}

/** Changes with seq > since in order (alert changes alone, or both kinds), or null when no longer kept. */
export type ChangesSince = (since: number) => Promise<AlertChange[] | ResumeChanges | null>;

function normalise(changes: AlertChange[] | ResumeChanges, since: number): ResumeChanges {
  if (!Array.isArray(changes)) return changes;
  return { alerts: changes, orders: [], seq: changes.at(-1)?.alert.seq ?? since };
}

/** The latest state of each order changed, as the reader may see it, in seq order. */
function visibleOrders(orders: readonly SupervisionChange[], reader: Reader): Supervision[] {
  const latest = new Map<string, Supervision>();
  for (const c of orders) latest.set(c.supervision_id, c.supervision);
  const out: Supervision[] = [];
  for (const o of latest.values()) {
    const seen = orderForReader(o, reader);
    if (seen) out.push(seen);
  }
  return out.sort((a, b) => a.seq - b.seq);
}

type Reader = Pick<AuthUser, 'role' | 'scope'>;

/** The since_seq of the request, or null when it is not a whole number ≥ 0. A JSON number only:
 *  Number() would turn null, '', [], true or '7' into a seq. */
export function parseSinceSeq(args: unknown): number | null {
  const since = (args as { since_seq?: unknown } | undefined)?.since_seq;
  return typeof since === 'number' && Number.isSafeInteger(since) && since >= 0 ? since : null;
}

/** The reply for a reader (a scope, or a scope and role) from the changes since `since` (null: no longer kept). */
export function resumeReply(
  changes: AlertChange[] | ResumeChanges | null,
  reader: string | Reader,
  since: number,
): ResumeReply {
  if (!changes) return { ok: false, error: 'too far behind: reload the alert list', code: 'too_far_behind' };
  const r: Reader = typeof reader === 'string' ? { scope: reader, role: 'viewer' } : reader;
  const set = normalise(changes, since);
  // live alerts only: historical ones (CONTRACT §6.4) are listed with GET /api/alerts?historical=true
  const alerts = set.alerts
    .filter((c) => isLive(c.alert) && c.alert.unit_code.startsWith(r.scope))
    .map((c) => c.alert);
  const supervisions = visibleOrders(set.orders, r);
  return supervisions.length > 0
    ? { ok: true, alerts, supervisions, seq: set.seq }
    : { ok: true, alerts, seq: set.seq };
}

/** Answers the request of a socket (whose user's scope decides what it gets). */
export async function answerResume(
  args: unknown,
  scope: string | Reader,
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
    ack(await answerResume(args, user, changesSince, log));
  });
}
