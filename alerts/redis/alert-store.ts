/**
 * Alerts in Redis. Every write goes through one Lua script that, atomically per alert:
 *   - checks the alert's seq is still the one the writer read (compare-and-set: an acknowledgement racing an
 *     automatic resolution can never overwrite the resolution, nor the reverse);
 *   - numbers each change with the server-wide seq and appends it to the change stream (`append_entry`);
 *   - stores the alert and keeps the index of active alerts.
 */
import type { Redis } from 'ioredis';
import type { Alert, AlertChange } from '../../common/alerts.js';
import { runScript } from '../../common/node/redis-script.js';
import type { AlertBook, AlertWrite } from '../orchestrator/index.js';
import {
  APPEND_ENTRY_LUA,
  ChangeStream,
  STREAM_KEYS,
  STREAM_MAX_LEN,
  seqPieces,
} from '../stream/change-stream.js';
import { KINDS } from '../stream/entries.js';
import { KEYS } from './keys.js';

/** KEYS: seq, stream, active, then one alert hash per write. ARGV: max_len, field, then per write
 *  id, expected seq, state, n, n changes and the alert (each as `seqPieces`). Returns per write its last seq
 *  or -1. */
const APPLY_ALERTS = {
  name: 'vigilApplyAlerts',
  lua: `${APPEND_ENTRY_LUA}
local out = {}
local a = 3
for i = 4, #KEYS do
  local id, expected, state, n = ARGV[a], ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 3])
  a = a + 4
  local cur = redis.call('HGET', KEYS[i], 'seq') or '0'
  if cur ~= expected then
    out[#out + 1] = -1
    for c = 1, n + 1 do a = skip_json(a) end
  else
    local seq = tonumber(cur)
    for c = 1, n do
      seq, a = append_entry(KEYS[1], KEYS[2], ARGV[1], ARGV[2], a)
    end
    local alert
    alert, a = seq_json(a, seq)
    redis.call('HSET', KEYS[i], 'seq', seq, 'json', alert)
    if state == 'resolved' then
      redis.call('ZREM', KEYS[3], id)
    else
      redis.call('ZADD', KEYS[3], seq, id)
    end
    out[#out + 1] = seq
  end
end
return out`,
};

export class AlertStore implements AlertBook {
  private readonly stream: ChangeStream;

  constructor(private readonly redis: Redis) {
    this.stream = new ChangeStream(redis);
  }

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

  async existing(alertIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < alertIds.length; i += 5_000) {
      const chunk = alertIds.slice(i, i + 5_000);
      const pipeline = this.redis.pipeline();
      for (const id of chunk) pipeline.exists(KEYS.alert(id));
      const results = (await pipeline.exec()) ?? [];
      results.forEach(([, n], j) => {
        if (Number(n) > 0) out.add(chunk[j]!);
      });
    }
    return out;
  }

  async apply(writes: readonly AlertWrite[]): Promise<(number | null)[]> {
    const results: (number | null)[] = [];
    for (let i = 0; i < writes.length; i += 200) {
      const chunk = writes.slice(i, i + 200).filter((w) => w.changes.length > 0);
      if (chunk.length === 0) continue;
      const keys: string[] = [STREAM_KEYS.seq, STREAM_KEYS.stream, KEYS.active];
      const args: (string | number)[] = [STREAM_MAX_LEN, KINDS.alert.field];
      for (const w of chunk) {
        const last = w.changes[w.changes.length - 1] as AlertChange;
        keys.push(KEYS.alert(last.alert_id));
        args.push(last.alert_id, String(w.expectedSeq), last.alert.state, w.changes.length);
        for (const c of w.changes) args.push(...seqPieces(c));
        args.push(...seqPieces(last.alert));
      }
      const out = (await runScript(this.redis, APPLY_ALERTS, keys, args)) as number[];
      for (const v of out) results.push(v === -1 ? null : v);
    }
    return results;
  }

  async markFoundBy(alertIds: readonly string[], foundBy: string): Promise<void> {
    if (alertIds.length > 0) await this.redis.hset(KEYS.foundBy, ...alertIds.flatMap((id) => [id, foundBy]));
  }

  async unresolvedIds(): Promise<string[]> {
    return this.redis.zrange(KEYS.active, '0', '-1');
  }

  currentSeq(): Promise<number> {
    return this.stream.currentSeq();
  }
}
