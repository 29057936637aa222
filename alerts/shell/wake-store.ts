/** Wake-ups in a Redis sorted set: an obligation ref to advance again at a processing time. */
import type { Redis } from 'ioredis';
import { LINK_KEYS } from '../../common/event-types.js';
import type { LinkKey } from '../../common/event-types.js';
import type { ObligationRef } from '../engine/index.js';
import { KEYS } from './keys.js';

/** A ref as a compact sorted-set member: `["R-INC-13",0,"J4501…"]` (link key by index; event id if any). */
export function refMember(ref: ObligationRef): string {
  const key = LINK_KEYS.indexOf(ref.key);
  return JSON.stringify(
    ref.event_id === undefined ? [ref.rule_id, key, ref.value] : [ref.rule_id, key, ref.value, ref.event_id],
  );
}

export function memberRef(member: string): ObligationRef {
  const [rule_id, key, value, eventId] = JSON.parse(member) as [string, number, string, string | undefined];
  const k = LINK_KEYS[key] as LinkKey;
  return eventId === undefined ? { rule_id, key: k, value } : { rule_id, key: k, value, event_id: eventId };
}

export class WakeStore {
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
