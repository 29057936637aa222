/**
 * Supervision orders in Redis (the live state; ClickHouse `supervision_events` is the record). Every write goes
 * through one Lua script that, atomically per order:
 *   - checks the order's seq is still the one the writer read (compare-and-set, as for alerts);
 *   - on issue, claims each alert for the order, refusing when an alert already has another open order;
 *   - numbers each change with the server-wide seq and appends it to the change stream (`append_entry`);
 *   - stores the order, keeps the indexes (all, open, alert → open order, alert → latest order), releases the
 *     alerts of an order that closed or was cancelled;
 *   - sets or clears the order's wake-up in the engine's wake set (member `S|<id>`), so the wake-up always
 *     belongs to the order as last written.
 */
import type { Redis } from 'ioredis';
import { runScript } from '../../common/node/redis-script.js';
import { isOpenOrder } from '../../common/supervision.js';
import type { Supervision, SupervisionChange } from '../../common/supervision.js';
import { APPEND_ENTRY_LUA, STREAM_KEYS, STREAM_MAX_LEN, seqPieces } from '../stream/change-stream.js';
import { KINDS } from '../stream/entries.js';
import { KEYS } from './keys.js';

/** The wake-up member of an order in the engine's wake set. */
export const orderMember = (id: string): string => `S|${id}`;
export const ORDER_MEMBER_PREFIX = 'S|';

/** KEYS: seq, stream, order, all, open, open-by-alert, latest-by-alert, wake.
 *  ARGV: max_len, field, id, expected seq, open (1/0), claim (1/0), wake at ('' = none), n, m, the m alert
 *  ids, then n changes and the order (each as `seqPieces`). Returns {seq} | {-1} (changed meanwhile) |
 *  {-2, alert id} (taken). */
const APPLY_ORDER = {
  name: 'vigilApplySupervision',
  lua: `${APPEND_ENTRY_LUA}
local id, expected, open, claim, wake_at, n = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local cur = redis.call('HGET', KEYS[3], 'seq') or '0'
if cur ~= expected then return {-1} end
local first_alert, last_alert = 10, 9 + tonumber(ARGV[9])
if claim == '1' then
  for i = first_alert, last_alert do
    local holder = redis.call('HGET', KEYS[6], ARGV[i])
    if holder and holder ~= id then return {-2, ARGV[i]} end
  end
end
local seq = tonumber(cur)
local a = last_alert + 1
for c = 1, n do seq, a = append_entry(KEYS[1], KEYS[2], ARGV[1], ARGV[2], a) end
local order = seq_json(a, seq)
redis.call('HSET', KEYS[3], 'seq', seq, 'json', order)
redis.call('ZADD', KEYS[4], seq, id)
for i = first_alert, last_alert do
  if open == '1' then
    redis.call('HSET', KEYS[6], ARGV[i], id)
  elseif redis.call('HGET', KEYS[6], ARGV[i]) == id then
    redis.call('HDEL', KEYS[6], ARGV[i])
  end
  redis.call('HSET', KEYS[7], ARGV[i], id)
end
if open == '1' then redis.call('ZADD', KEYS[5], seq, id) else redis.call('ZREM', KEYS[5], id) end
local member = 'S|' .. id
if wake_at == '' then redis.call('ZREM', KEYS[8], member) else redis.call('ZADD', KEYS[8], wake_at, member) end
return {seq}`,
};

/** KEYS: order, wake. ARGV: expected seq, member, at ('' = none). Sets the wake-up only if the order is unchanged. */
const SET_WAKE = {
  name: 'vigilSupervisionWake',
  lua: `
if (redis.call('HGET', KEYS[1], 'seq') or '0') ~= ARGV[1] then return 0 end
if ARGV[3] == '' then redis.call('ZREM', KEYS[2], ARGV[2]) else redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2]) end
return 1`,
};

export type OrderWriteResult =
  | { ok: true; seq: number }
  | { ok: false; reason: 'changed' }
  | { ok: false; reason: 'taken'; alert_id: string };

export interface OrderWrite {
  expectedSeq: number;
  changes: SupervisionChange[];
  /** Claim the order's alerts (issue): refused when one has another open order. */
  claim?: boolean;
  /** When the engine should judge the order again (processing time), or null. */
  wakeAt: number | null;
}

export class SupervisionStore {
  constructor(private readonly redis: Redis) {}

  async get(id: string): Promise<Supervision | null> {
    const json = await this.redis.hget(KEYS.supervision(id), 'json');
    return json ? (JSON.parse(json) as Supervision) : null;
  }

  async getMany(ids: readonly string[]): Promise<Supervision[]> {
    if (ids.length === 0) return [];
    const out: Supervision[] = [];
    for (let i = 0; i < ids.length; i += 2_000) {
      const pipeline = this.redis.pipeline();
      for (const id of ids.slice(i, i + 2_000)) pipeline.hget(KEYS.supervision(id), 'json');
      for (const [err, json] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        if (typeof json === 'string') out.push(JSON.parse(json) as Supervision);
      }
    }
    return out;
  }

  async apply(w: OrderWrite): Promise<OrderWriteResult> {
    const last = w.changes[w.changes.length - 1];
    if (!last) throw new Error('an order write needs at least one change');
    const order = last.supervision;
    const keys = [
      STREAM_KEYS.seq,
      STREAM_KEYS.stream,
      KEYS.supervision(order.supervision_id),
      KEYS.supervisionsAll,
      KEYS.supervisionsOpen,
      KEYS.supervisionOpenByAlert,
      KEYS.supervisionLatestByAlert,
      KEYS.wake,
    ];
    const args: (string | number)[] = [
      STREAM_MAX_LEN,
      KINDS.supervision.field,
      order.supervision_id,
      String(w.expectedSeq),
      isOpenOrder(order) ? '1' : '0',
      w.claim ? '1' : '0',
      w.wakeAt === null ? '' : String(w.wakeAt),
      w.changes.length,
      order.alert_ids.length,
      ...order.alert_ids,
      ...w.changes.flatMap((c) => seqPieces(c)),
      ...seqPieces(order),
    ];
    const out = (await runScript(this.redis, APPLY_ORDER, keys, args)) as [number, string?];
    if (out[0] === -1) return { ok: false, reason: 'changed' };
    if (out[0] === -2) return { ok: false, reason: 'taken', alert_id: String(out[1]) };
    return { ok: true, seq: Number(out[0]) };
  }

  /** Sets the order's wake-up if the order is still at `expectedSeq`; false when it changed. */
  async setWake(id: string, expectedSeq: number, at: number | null): Promise<boolean> {
    const keys = [KEYS.supervision(id), KEYS.wake];
    const args = [String(expectedSeq), orderMember(id), at === null ? '' : String(at)];
    return Number(await runScript(this.redis, SET_WAKE, keys, args)) === 1;
  }

  /** Drops the order's wake-up (an order that no longer exists). */
  async clearWake(id: string): Promise<void> {
    await this.redis.zrem(KEYS.wake, orderMember(id));
  }

  /** The open order of each alert that has one. */
  async openOrderOf(alertIds: readonly string[]): Promise<Map<string, string>> {
    return this.byAlert(KEYS.supervisionOpenByAlert, alertIds);
  }

  /** The order to show with each alert: its open order, else its latest. */
  async orderOfAlerts(alertIds: readonly string[]): Promise<Map<string, string>> {
    const latest = await this.byAlert(KEYS.supervisionLatestByAlert, alertIds);
    const open = await this.openOrderOf(alertIds);
    return new Map([...latest, ...open]);
  }

  /** Order ids with seq > since, oldest first (open ones only if `openOnly`). */
  async ids(o: { since?: number; openOnly?: boolean; limit?: number }): Promise<string[]> {
    const key = o.openOnly ? KEYS.supervisionsOpen : KEYS.supervisionsAll;
    const limit = String(o.limit ?? 100_000);
    return this.redis.zrangebyscore(key, `(${o.since ?? 0}`, '+inf', 'LIMIT', '0', limit);
  }

  async openCount(): Promise<number> {
    return this.redis.zcard(KEYS.supervisionsOpen);
  }

  /** The next order number of a city on a day (YYYYMMDD). */
  async nextNumber(city: string, day: string): Promise<number> {
    return this.redis.incr(KEYS.supervisionCounter(city, day));
  }

  private async byAlert(key: string, alertIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (alertIds.length === 0) return out;
    const values = await this.redis.hmget(key, ...alertIds);
    values.forEach((v, i) => {
      if (v) out.set(alertIds[i]!, v);
    });
    return out;
  }
}
