/**
 * Follows the alert changes stream (seq order) from a starting seq and hands each batch on. Every server
 * process tails the stream itself, so every process sees every change, in order, with no pub/sub message
 * that a reconnect could lose: after a Redis hiccup the tail continues from the last seq it delivered.
 */
import type { RedisOptions } from 'ioredis';
import type { AlertChange } from '../../common/alerts.js';
import type { Logger } from '../../common/node/logger.js';
import { connectRedis } from '../../common/node/redis.js';
import { KEYS } from '../../alerts/shell/keys.js';

export interface ChangeTail {
  /** The last seq delivered. */
  position(): number;
  stop(): Promise<void>;
}

export async function tailChanges(
  options: RedisOptions,
  logger: Logger,
  deliver: (changes: AlertChange[]) => void,
): Promise<ChangeTail> {
  const redis = connectRedis({ ...options, maxRetriesPerRequest: null }, logger, 'change tail');
  let last = Number((await redis.get(KEYS.seq)) ?? 0);
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const reply = (await redis.call(
          'XREAD',
          'COUNT',
          1000,
          'BLOCK',
          1000,
          'STREAMS',
          KEYS.changes,
          `${last}-0`,
        )) as unknown[] | null;
        if (!reply || reply.length === 0) continue;
        const one = (Array.isArray(reply[0]) ? reply[0] : reply) as unknown[];
        const entries = (one[1] ?? []) as [string, string[]][];
        const changes = entries.map(([, fields]) => JSON.parse(fields[1] as string) as AlertChange);
        if (changes.length === 0) continue;
        last = changes[changes.length - 1]!.alert.seq;
        deliver(changes);
      } catch (err) {
        if (!running) break;
        logger.warn({ err: (err as Error).message }, 'alert change tail interrupted; resuming');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();
  return {
    position: () => last,
    async stop() {
      running = false;
      await loop;
      redis.disconnect();
    },
  };
}
