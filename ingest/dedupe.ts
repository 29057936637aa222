/**
 * Exact de-duplication by event_id. A Redis hash (spread over 65,536 buckets so each stays a compact
 * listpack) maps event_id → the batch that owns it. Only the owning batch ever inserts the event:
 * The accept path claims each id first, for the batch it queues it in, as pending ('~' + batch id): so
 * that exactly one request is ever told the id is `accepted`. The worker then makes the claim its own:
 *   claim = 'new'   this batch just took the id (or finds its own pending claim): insert it;
 *   claim = 'mine'  this batch took it on an earlier attempt: it may already be stored, check ClickHouse;
 *   claim = 'taken' another batch owns it: a duplicate.
 * The claims are derived state: after Redis is lost they are rebuilt from ClickHouse's `events`.
 */
import type { Redis } from 'ioredis';
import { runScript } from '../common/node/redis-script.js';

export type ClaimOutcome = 'new' | 'mine' | 'taken';

const PREFIX = 'vigil:dedupe:';
const READY_KEY = 'vigil:dedupe:ready';

/** The worker's claim: 1 new (also a pending claim of this batch, now made final), 2 mine, 0 taken. */
const CLAIM = {
  name: 'vigilClaim',
  lua: `
local pending = '~' .. ARGV[1]
local out = {}
for i = 1, #KEYS do
  local id = ARGV[i + 1]
  local owner = redis.call('HGET', KEYS[i], id)
  if not owner or owner == pending then
    redis.call('HSET', KEYS[i], id, ARGV[1])
    out[i] = 1
  elseif owner == ARGV[1] then
    out[i] = 2
  else
    out[i] = 0
  end
end
return out`,
};

/**
 * The accept path's claim: pending for the batch unless another batch has the id; 1 ours, 0 another's.
 * KEYS[1] is the ready marker: while the claims are not complete (Redis lost, rebuild not yet done) nothing is
 * claimed and an empty list comes back — a pending claim made then could take an id that is already stored.
 */
const CLAIM_PENDING = {
  name: 'vigilClaimPending',
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
local pending = '~' .. ARGV[1]
local out = {}
for i = 2, #KEYS do
  local id = ARGV[i]
  if redis.call('HSETNX', KEYS[i], id, pending) == 1 then
    out[i - 1] = 1
  else
    local owner = redis.call('HGET', KEYS[i], id)
    if owner == pending or owner == ARGV[1] then out[i - 1] = 1 else out[i - 1] = 0 end
  end
end
return out`,
};

/** Ids per script call: bounded so one call never blocks Redis for long. */
const CHUNK = 2_000;

/** FNV-1a, 32 bit: a stable, fast bucket for an id. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function bucket(id: string): string {
  return PREFIX + (fnv1a(id) & 0xffff).toString(16);
}

export class DedupeClaims {
  constructor(private readonly redis: Redis) {}

  /**
   * Claims ids at accept time, pending for `batchId` (the batch they are queued in): true for each id this
   * batch owns (just claimed, or claimed by its worker already), false for one another batch owns; null
   * while the claims are being rebuilt (then nothing is claimed: the worker decides, after the rebuild).
   */
  async claimPending(ids: readonly string[], batchId: string): Promise<boolean[] | null> {
    const out: boolean[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const keys = [READY_KEY, ...chunk.map(bucket)];
      const codes = (await runScript(this.redis, CLAIM_PENDING, keys, [batchId, ...chunk])) as number[];
      if (codes.length === 0 && chunk.length > 0) return null;
      for (const c of codes) out.push(c === 1);
    }
    return out;
  }

  async claim(ids: readonly string[], batchId: string): Promise<ClaimOutcome[]> {
    const out: ClaimOutcome[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const codes = (await runScript(this.redis, CLAIM, chunk.map(bucket), [batchId, ...chunk])) as number[];
      for (const c of codes) out.push(c === 1 ? 'new' : c === 2 ? 'mine' : 'taken');
    }
    return out;
  }

  async isReady(): Promise<boolean> {
    return (await this.redis.exists(READY_KEY)) === 1;
  }

  async markReady(): Promise<void> {
    await this.redis.set(READY_KEY, new Date().toISOString());
  }

  /** Restores claims of stored events (idempotent: existing claims are kept). */
  async restore(pairs: readonly { event_id: string; batch_id: string }[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const p of pairs) pipeline.hsetnx(bucket(p.event_id), p.event_id, p.batch_id || 'restored');
    await pipeline.exec();
  }
}
