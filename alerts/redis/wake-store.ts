/** Wake-ups in a Redis sorted set: an obligation ref (its member) to advance again at a processing time. */
import type { Redis } from 'ioredis';
import type { WakeBook } from '../orchestrator/index.js';
import { KEYS } from './keys.js';

export class WakeStore implements WakeBook {
  constructor(private readonly redis: Redis) {}

  async set(entries: ReadonlyMap<string, number | null>): Promise<void> {
    const add: (string | number)[] = [];
    const remove: string[] = [];
    for (const [member, at] of entries) {
      if (at === null) remove.push(member);
      else add.push(at, member);
    }
    for (let i = 0; i < add.length; i += 10_000)
      await this.redis.zadd(KEYS.wake, ...add.slice(i, i + 10_000));
    for (let i = 0; i < remove.length; i += 5_000)
      await this.redis.zrem(KEYS.wake, ...remove.slice(i, i + 5_000));
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
