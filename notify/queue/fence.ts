/**
 * The moment of sending, decided atomically in Redis: a delivery goes only if its subject (the alert or
 * order, as the live state holds it) is still in the state that needs it and it was not delivered before.
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

/** KEYS: subject hash, done key, seq. ARGV: wanted state. */
const DECIDE = {
  name: 'vigilNotifyDecide',
  lua: `
local json = redis.call('HGET', KEYS[1], 'json')
if not json then return {'gone', 0, ''} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {'done', 0, ''} end
local seq = tonumber(redis.call('GET', KEYS[3]) or '0')
local state = cjson.decode(json)['state']
if state ~= ARGV[1] then return {'settled', seq, ''} end
return {'go', seq, json}`,
};

export type Decision =
  { go: true; seq: number; subject: unknown } | { go: false; why: 'gone' | 'done' | 'settled'; seq: number };

export function subjectHashKey(s: Subject): string {
  return s.type === 'a' ? KEYS.alert(s.id) : KEYS.supervision(s.id);
}

export async function decide(
  redis: Redis,
  subject: Subject,
  deliveryId: string,
  wanted: string,
): Promise<Decision> {
  const keys = [subjectHashKey(subject), NOTIFY_KEYS.done(deliveryId), STREAM_KEYS.seq];
  const [what, seq, json] = (await runScript(redis, DECIDE, keys, [wanted])) as [string, number, string];
  if (what === 'go') return { go: true, seq, subject: JSON.parse(json) as unknown };
  return { go: false, why: what as 'gone' | 'done' | 'settled', seq };
}

/** Whether a subject still needs notifying (a timer's check; no delivery involved). */
export async function stillWanted(redis: Redis, subject: Subject, wanted: string): Promise<unknown> {
  const json = await redis.hget(subjectHashKey(subject), 'json');
  if (!json) return null;
  const parsed = JSON.parse(json) as { state?: string };
  return parsed.state === wanted ? parsed : null;
}

export async function markDelivered(redis: Redis, deliveryIds: readonly string[]): Promise<void> {
  const m = redis.multi();
  for (const id of deliveryIds) m.set(NOTIFY_KEYS.done(id), '1', 'EX', DONE_TTL_SECONDS);
  await m.exec();
}
