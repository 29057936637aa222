/**
 * The moment of sending, decided atomically in Redis: a delivery goes only if its subject (the alert or
 * order, as the live state holds it) is still in the state that needs it, it was not delivered before, and
 * no other sender holds it right now (two jobs carrying the same delivery never send it side by side).
 * An acknowledgement commits through the alert store's own script, which bumps the server-wide seq; Redis runs
 * scripts one at a time, so every delivery is decided either before the acknowledgement (its seq is lower)
 * or after it (and then it is not sent). The decision's seq travels with the message (`decided_seq`) so that
 * anyone can check it.
 */
import type { Redis } from 'ioredis';
import { runScript } from '../../common/node/redis-script.js';
import { KEYS } from '../../alerts/redis/keys.js';
import { STREAM_KEYS } from '../../alerts/stream/change-stream.js';
import type { Subject } from '../plan/triggers.js';
import { DONE_TTL_SECONDS, NOTIFY_KEYS } from './keys.js';

/** KEYS: subject hash, done key, seq, sending lock. ARGV: wanted state, lock ms. */
const DECIDE = {
  name: 'vigilNotifyDecide',
  lua: `
local json = redis.call('HGET', KEYS[1], 'json')
if not json then return {'gone', 0, ''} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {'done', 0, ''} end
local seq = tonumber(redis.call('GET', KEYS[3]) or '0')
local state = cjson.decode(json)['state']
if state ~= ARGV[1] then return {'settled', seq, ''} end
if not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[2]) then return {'busy', seq, ''} end
return {'go', seq, json}`,
};

/** How long a decided delivery is left to its sender before another may try it (a crashed sender). */
const SENDING_MS = 120_000;

export type Decision =
  | { go: true; seq: number; subject: unknown }
  | { go: false; why: 'gone' | 'done' | 'settled' | 'busy'; seq: number };

export function subjectHashKey(s: Subject): string {
  return s.type === 'a' ? KEYS.alert(s.id) : KEYS.supervision(s.id);
}

export async function decide(
  redis: Redis,
  subject: Subject,
  deliveryId: string,
  wanted: string,
): Promise<Decision> {
  const keys = [
    subjectHashKey(subject),
    NOTIFY_KEYS.done(deliveryId),
    STREAM_KEYS.seq,
    NOTIFY_KEYS.sending(deliveryId),
  ];
  const [what, seq, json] = (await runScript(redis, DECIDE, keys, [wanted, SENDING_MS])) as [
    string,
    number,
    string,
  ];
  if (what === 'go') return { go: true, seq, subject: JSON.parse(json) as unknown };
  return { go: false, why: what as 'gone' | 'done' | 'settled' | 'busy', seq };
}

/** Whether a subject still needs notifying (a timer's check; no delivery involved). */
export async function stillWanted(redis: Redis, subject: Subject, wanted: string): Promise<unknown> {
  const json = await redis.hget(subjectHashKey(subject), 'json');
  if (!json) return null;
  const parsed = JSON.parse(json) as { state?: string };
  return parsed.state === wanted ? parsed : null;
}

/** After a send: delivered ones are remembered for good; either way the sending lock is let go. */
export async function afterSend(
  redis: Redis,
  deliveryIds: readonly string[],
  delivered: boolean,
): Promise<void> {
  const m = redis.multi();
  for (const id of deliveryIds) {
    if (delivered) m.set(NOTIFY_KEYS.done(id), '1', 'EX', DONE_TTL_SECONDS);
    m.del(NOTIFY_KEYS.sending(id));
  }
  await m.exec();
}
