/** Wake-ups in a Redis sorted set: an obligation ref to advance again at a processing time. */
import type { Redis } from 'ioredis';
import type { ObligationRef } from '../engine/index.js';
import { KEYS } from './keys.js';

export function refMember(ref: ObligationRef): string {
  return JSON.stringify([ref.rule_id, ref.key, ref.value, ref.event_id ?? null]);
}

export function memberRef(member: string): ObligationRef {
  const [rule_id, key, value, eventId] = JSON.parse(member) as [
    string,
    ObligationRef['key'],
    string,
    string | null,
  ];
  return eventId === null ? { rule_id, key, value } : { rule_id, key, value, event_id: eventId };
}

export class WakeStore {
  constructor(private readonly redis: Redis) {}

  async set(entries: ReadonlyMap<string, number | null>): Promise<void> {
    if (entries.size === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [member, at] of entries) {
      if (at === null) pipeline.zrem(KEYS.wake, member);
      else pipeline.zadd(KEYS.wake, at, member);
    }
    await pipeline.exec();
  }

  /** Refs due at `now`, earliest first. */
  async due(now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(KEYS.wake, '-inf', now, 'LIMIT', 0, limit);
  }

  async next(): Promise<number | null> {
    const [, score] = await this.redis.zrange(KEYS.wake, '0', '0', 'WITHSCORES');
    return score === undefined ? null : Number(score);
  }

  async size(): Promise<number> {
    return this.redis.zcard(KEYS.wake);
  }
}
