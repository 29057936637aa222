/**
 * Alerts in Redis. Every write goes through one Lua script that, atomically per alert:
 *   - checks the alert's seq is still the one the writer read (compare-and-set: an acknowledgement racing an
 *     automatic resolution can never overwrite the resolution, nor the reverse);
 *   - numbers each change with the server-wide seq and appends it to the changes stream (entry id = seq),
 *     so the stream is in seq order and replayable from any seq;
 *   - stores the alert and keeps the index of active alerts.
 */
import type { Redis } from 'ioredis';
import type { Alert, AlertChange } from '../../common/alerts.js';
import { CHANGES_MAX_LEN, KEYS } from './keys.js';

const SEQ_PLACEHOLDER = '"__SEQ__"';

const APPLY_LUA = `
local out = {}
local a = 2
for i = 4, #KEYS do
  local id = ARGV[a]
  local expected = ARGV[a + 1]
  local state = ARGV[a + 2]
  local n = tonumber(ARGV[a + 3])
  a = a + 4
  local cur = redis.call('HGET', KEYS[i], 'seq') or '0'
  if cur ~= expected then
    out[#out + 1] = -1
    a = a + n + 1
  else
    local seq = tonumber(cur)
    for c = 1, n do
      seq = redis.call('INCR', KEYS[1])
      local json = string.gsub(ARGV[a], '"__SEQ__"', tostring(seq))
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], tostring(seq) .. '-0', 'c', json)
      a = a + 1
    end
    local alert = string.gsub(ARGV[a], '"__SEQ__"', tostring(seq))
    a = a + 1
    redis.call('HSET', KEYS[i], 'seq', seq, 'json', alert)
    if state == 'resolved' then
      redis.call('ZREM', KEYS[3], id)
    else
      redis.call('ZADD', KEYS[3], seq, id)
    end
    out[#out + 1] = seq
  end
end
return out`;

export interface AlertWrite {
  /** The alert's seq as read before computing the changes (0: it did not exist). */
  expectedSeq: number;
  changes: AlertChange[];
}

/** Serialises with the seq left for the script to fill in. */
function withSeqPlaceholder(value: AlertChange | Alert): string {
  const json = JSON.stringify(value, (key, v: unknown) => (key === 'seq' ? '__SEQ__' : v));
  return json;
}

export class AlertStore {
  constructor(private readonly redis: Redis) {}

  async get(alertId: string): Promise<Alert | null> {
    const json = await this.redis.hget(KEYS.alert(alertId), 'json');
    return json ? (JSON.parse(json) as Alert) : null;
  }

  async getMany(alertIds: readonly string[]): Promise<Map<string, Alert>> {
    const out = new Map<string, Alert>();
    if (alertIds.length === 0) return out;
    const pipeline = this.redis.pipeline();
    for (const id of alertIds) pipeline.hget(KEYS.alert(id), 'json');
    const results = (await pipeline.exec()) ?? [];
    results.forEach(([err, json], i) => {
      if (err) throw err;
      if (typeof json === 'string') out.set(alertIds[i] as string, JSON.parse(json) as Alert);
    });
    return out;
  }

  /**
   * Applies writes; returns, per write, the new seq or null when the alert changed since it was read
   * (the caller re-reads and recomputes).
   */
  async apply(writes: readonly AlertWrite[]): Promise<(number | null)[]> {
    const results: (number | null)[] = [];
    for (let i = 0; i < writes.length; i += 200) {
      const chunk = writes.slice(i, i + 200).filter((w) => w.changes.length > 0);
      if (chunk.length === 0) continue;
      const keys: string[] = [KEYS.seq, KEYS.changes, KEYS.active];
      const args: (string | number)[] = [CHANGES_MAX_LEN];
      for (const w of chunk) {
        const last = w.changes[w.changes.length - 1] as AlertChange;
        keys.push(KEYS.alert(last.alert_id));
        args.push(last.alert_id, String(w.expectedSeq), last.alert.state, w.changes.length);
        for (const c of w.changes) args.push(withSeqPlaceholder(c));
        args.push(withSeqPlaceholder(last.alert));
      }
      const out = (await this.redis.eval(APPLY_LUA, keys.length, ...keys, ...args)) as number[];
      for (const v of out) results.push(v === -1 ? null : v);
    }
    return results;
  }

  /** Unresolved alert ids (open, acknowledged or held), in seq order. */
  async unresolvedIds(): Promise<string[]> {
    return this.redis.zrange(KEYS.active, '0', '-1');
  }

  async currentSeq(): Promise<number> {
    return Number((await this.redis.get(KEYS.seq)) ?? 0);
  }

  /** Changes with seq > since, in order (up to `limit`); null when `since` is older than the stream keeps. */
  async changesSince(since: number, limit = 10_000): Promise<AlertChange[] | null> {
    const first = (await this.redis.xrange(KEYS.changes, '-', '+', 'COUNT', '1'))[0];
    if (first && Number(first[0].split('-')[0]) > since + 1) return null;
    const entries = await this.redis.xrange(KEYS.changes, `(${since}-0`, '+', 'COUNT', String(limit));
    return entries.map(([, fields]) => JSON.parse(fields[1] as string) as AlertChange);
  }
}

export { SEQ_PLACEHOLDER };
