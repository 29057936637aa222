/**
 * A channel's rate limit (messages per minute window), counted in Redis for every notify process. A delivery
 * over the limit is held in the channel's batch list; one flush job per channel and window sends the held
 * ones together as one message when the next window opens (WeCom and DingTalk robots take ~20 a minute).
 */
import type { Redis } from 'ioredis';
import { runScript } from '../../common/node/redis-script.js';
import type { DeliveryJob } from './jobs.js';
import { NOTIFY_KEYS } from './keys.js';

export const WINDOW_MS = 60_000;
/** Items in one batched message at most (the rest wait for the next flush). */
export const BATCH_MAX = 30;

/** KEYS: window counter. ARGV: limit. Returns 1 when a message may go now (and counts it). */
const TAKE = {
  name: 'vigilNotifyRate',
  lua: `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], 120000) end
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return 0
end
return 1`,
};

export const windowOf = (now: number): number => Math.floor(now / WINDOW_MS);

export async function takeToken(redis: Redis, channel: string, limit: number, now: number): Promise<boolean> {
  return (await runScript(redis, TAKE, [NOTIFY_KEYS.rate(channel, windowOf(now))], [limit])) === 1;
}

export async function hold(redis: Redis, channel: string, job: DeliveryJob): Promise<void> {
  await redis.rpush(NOTIFY_KEYS.batch(channel), JSON.stringify(job));
}

/** Takes up to BATCH_MAX held deliveries of a channel. */
export async function takeHeld(redis: Redis, channel: string): Promise<DeliveryJob[]> {
  const key = NOTIFY_KEYS.batch(channel);
  const [[, raw]] = (await redis
    .multi()
    .lrange(key, 0, BATCH_MAX - 1)
    .ltrim(key, BATCH_MAX, -1)
    .exec()) as [[Error | null, string[]]];
  return raw.map((r) => JSON.parse(r) as DeliveryJob);
}

export async function heldCount(redis: Redis, channel: string): Promise<number> {
  return redis.llen(NOTIFY_KEYS.batch(channel));
}
