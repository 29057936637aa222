/**
 * Source health in Redis: each partition's activity (maxima merged atomically, so the engine's
 * observations and heartbeats from any server process never overwrite each other), the monitor's recorded
 * state, and the held alerts of each partition (sorted set of obligation refs by due_at).
 */
import type { Redis } from 'ioredis';
import { runScript } from '../../common/node/redis-script.js';
import type { SourceBook } from '../orchestrator/index.js';
import type { Observation, SourceActivity, SourceState } from '../sources/index.js';

export const SOURCE_KEYS = {
  /** hash: `${key}|w` watermark, `|i` last ingest, `|h` last heartbeat, `|c` caught up to (epoch ms). */
  activity: 'vigil:src:activity',
  /** hash: key → JSON SourceState. */
  state: 'vigil:src:state',
  /** sorted set per partition: member = obligation ref, score = due_at. */
  held: (key: string) => `vigil:src:held:${key}`,
} as const;

/** Merges maxima into a hash: ARGV = field, value, field, value… (a field keeps the larger value). */
const MERGE_MAXIMA = {
  name: 'vigilMergeMaxima',
  lua: `
for i = 1, #ARGV, 2 do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  if not cur or tonumber(cur) < tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
return 0`,
};

const FIELDS = [
  ['w', 'watermark'],
  ['i', 'lastIngest'],
  ['h', 'lastHeartbeat'],
  ['c', 'caughtUpTo'],
] as const;

export class SourceStore implements SourceBook {
  constructor(private readonly redis: Redis) {}

  /** Merges observations (maxima) into the partitions' activity in one round trip. */
  async observe(observations: ReadonlyMap<string, Observation>): Promise<void> {
    const args: (string | number)[] = [];
    for (const [key, o] of observations) {
      const w = Math.max(o.occurredAt ?? -Infinity, o.asOf ?? -Infinity);
      if (Number.isFinite(w)) args.push(`${key}|w`, w);
      if (o.ingestedAt !== undefined) args.push(`${key}|i`, o.ingestedAt);
      if (o.heartbeatAt !== undefined) args.push(`${key}|h`, o.heartbeatAt);
      if (o.asOf !== undefined) args.push(`${key}|c`, o.asOf);
    }
    if (args.length > 0) await runScript(this.redis, MERGE_MAXIMA, [SOURCE_KEYS.activity], args);
  }

  async activities(): Promise<Map<string, SourceActivity>> {
    const raw = await this.redis.hgetall(SOURCE_KEYS.activity);
    const out = new Map<string, SourceActivity>();
    for (const [field, value] of Object.entries(raw)) {
      const bar = field.lastIndexOf('|');
      const key = field.slice(0, bar);
      const name = FIELDS.find(([f]) => f === field.slice(bar + 1))?.[1];
      if (!name) continue;
      const a = out.get(key) ?? { watermark: null, lastIngest: null, lastHeartbeat: null, caughtUpTo: null };
      a[name] = Number(value);
      out.set(key, a);
    }
    return out;
  }

  async states(): Promise<Map<string, SourceState>> {
    const raw = await this.redis.hgetall(SOURCE_KEYS.state);
    return new Map(Object.entries(raw).map(([k, v]) => [k, JSON.parse(v) as SourceState]));
  }

  async setStates(states: ReadonlyMap<string, SourceState>): Promise<void> {
    if (states.size === 0) return;
    await this.redis.hset(SOURCE_KEYS.state, ...[...states].flatMap(([k, s]) => [k, JSON.stringify(s)]));
  }

  async dropState(key: string): Promise<void> {
    await this.redis.hdel(SOURCE_KEYS.state, key);
  }

  /** Moves held refs between partitions: `add` (key → [due_at, member]), `remove` (key → members). */
  async updateHeld(
    add: ReadonlyMap<string, [number, string][]>,
    remove: ReadonlyMap<string, string[]>,
  ): Promise<void> {
    if (add.size === 0 && remove.size === 0) return;
    const p = this.redis.pipeline();
    for (const [key, members] of remove) if (members.length > 0) p.zrem(SOURCE_KEYS.held(key), ...members);
    for (const [key, entries] of add)
      if (entries.length > 0) p.zadd(SOURCE_KEYS.held(key), ...entries.flatMap(([due, m]) => [due, m]));
    await p.exec();
  }

  /** Held refs of a partition with due_at ≤ maxDue (all: +Infinity). */
  async heldUpTo(key: string, maxDue: number, limit = 10_000): Promise<string[]> {
    const max = Number.isFinite(maxDue) ? String(maxDue) : '+inf';
    return this.redis.zrangebyscore(SOURCE_KEYS.held(key), '-inf', max, 'LIMIT', 0, limit);
  }

  async heldCounts(keys: readonly string[]): Promise<Map<string, number>> {
    const p = this.redis.pipeline();
    for (const k of keys) p.zcard(SOURCE_KEYS.held(k));
    const res = (await p.exec()) ?? [];
    return new Map(keys.map((k, i) => [k, Number(res[i]?.[1] ?? 0)]));
  }
}
