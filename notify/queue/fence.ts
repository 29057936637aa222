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
import { Coalescer } from '../../common/node/coalescer.js';
import { runScript } from '../../common/node/redis-script.js';
import { KEYS } from '../../alerts/redis/keys.js';
import { STREAM_KEYS } from '../../alerts/stream/change-stream.js';
import type { Subject } from '../plan/triggers.js';
import type { AttemptRow } from '../store/attempts.js';
import { DONE_TTL_SECONDS, NOTIFY_KEYS } from './keys.js';

/**
 * KEYS: seq, then per delivery its subject hash, done key and sending lock. ARGV: lock ms, then per delivery
 * the wanted state. Returns per delivery {what, seq, subject JSON or ''}, flat.
 */
const DECIDE = {
  name: 'vigilNotifyDecideMany',
  lua: `
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
local out = {}
for i = 2, #ARGV do
  local k = 2 + (i - 2) * 3
  local json = redis.call('HGET', KEYS[k], 'json')
  if not json then
    out[#out + 1] = 'gone'; out[#out + 1] = 0; out[#out + 1] = ''
  elseif redis.call('EXISTS', KEYS[k + 1]) == 1 then
    out[#out + 1] = 'done'; out[#out + 1] = 0; out[#out + 1] = ''
  elseif cjson.decode(json)['state'] ~= ARGV[i] then
    out[#out + 1] = 'settled'; out[#out + 1] = seq; out[#out + 1] = ''
  elseif not redis.call('SET', KEYS[k + 2], '1', 'NX', 'PX', ARGV[1]) then
    out[#out + 1] = 'busy'; out[#out + 1] = seq; out[#out + 1] = ''
  else
    out[#out + 1] = 'go'; out[#out + 1] = seq; out[#out + 1] = json
  end
end
return out`,
};

/** How long a decided delivery is left to its sender before another may try it (a crashed sender). */
const SENDING_MS = 120_000;

export type Decision =
  | { go: true; seq: number; subject: unknown }
  | { go: false; why: 'gone' | 'done' | 'settled' | 'busy'; seq: number };

export function subjectHashKey(s: Subject): string {
  return s.type === 'a' ? KEYS.alert(s.id) : KEYS.supervision(s.id);
}

interface Asked {
  subject: Subject;
  deliveryId: string;
  wanted: string;
}

async function decideMany(redis: Redis, asked: readonly Asked[]): Promise<Decision[]> {
  const keys: string[] = [STREAM_KEYS.seq];
  for (const a of asked)
    keys.push(subjectHashKey(a.subject), NOTIFY_KEYS.done(a.deliveryId), NOTIFY_KEYS.sending(a.deliveryId));
  const raw = (await runScript(redis, DECIDE, keys, [SENDING_MS, ...asked.map((a) => a.wanted)])) as (
    string | number
  )[];
  return asked.map((_, i) => {
    const [what, seq, json] = [raw[3 * i] as string, Number(raw[3 * i + 1]), raw[3 * i + 2] as string];
    if (what === 'go') return { go: true, seq, subject: JSON.parse(json) as unknown };
    return { go: false, why: what as 'gone' | 'done' | 'settled' | 'busy', seq };
  });
}

/** What a send leaves behind: its attempt rows; its deliveries' marks (delivered for good) and locks let go. */
export interface Settled {
  rows: readonly AttemptRow[];
  deliveryIds: readonly string[];
  delivered: boolean;
}

async function settleMany(redis: Redis, settled: readonly Settled[]): Promise<void[]> {
  const m = redis.multi();
  const rows = settled.flatMap((s) => s.rows);
  if (rows.length > 0) m.rpush(NOTIFY_KEYS.attempts, ...rows.map((r) => JSON.stringify(r)));
  for (const s of settled)
    for (const id of s.deliveryIds) {
      if (s.delivered) m.set(NOTIFY_KEYS.done(id), '1', 'EX', DONE_TTL_SECONDS);
      m.del(NOTIFY_KEYS.sending(id));
    }
  await m.exec();
  return settled.map(() => undefined);
}

/**
 * The fence of one notify process. Decisions and settlements made side by side (the delivery lanes) go to
 * Redis together, one script call and one transaction per round trip (coalescer.ts): a burst of deliveries
 * costs a few round trips per batch instead of four per delivery. Each delivery is still decided atomically,
 * and its mark is written as soon as its send is answered, with those answered at the same moment.
 */
export class Fence {
  private readonly decisions: Coalescer<Asked, Decision>;
  private readonly settlements: Coalescer<Settled, void>;

  constructor(redis: Redis) {
    this.decisions = new Coalescer((asked) => decideMany(redis, asked), 200);
    this.settlements = new Coalescer((settled) => settleMany(redis, settled), 500);
  }

  /** Whether a delivery goes now, with its subject as it stands (the lock taken), or why not. */
  decide(subject: Subject, deliveryId: string, wanted: string): Promise<Decision> {
    return this.decisions.add({ subject, deliveryId, wanted });
  }

  /** Records attempts; delivered deliveries are remembered for good; either way their locks are let go. */
  settle(s: Settled): Promise<void> {
    return this.settlements.add(s);
  }
}

/** Whether a subject still needs notifying (a timer's check; no delivery involved). */
export async function stillWanted(redis: Redis, subject: Subject, wanted: string): Promise<unknown> {
  const json = await redis.hget(subjectHashKey(subject), 'json');
  if (!json) return null;
  const parsed = JSON.parse(json) as { state?: string };
  return parsed.state === wanted ? parsed : null;
}
