/**
 * Alert changes from the change stream for the realtime server: every server process follows the stream
 * itself (alerts/stream), so every process sees every change, in order.
 */
import type { RedisOptions } from 'ioredis';
import type { AlertChange } from '../../common/alerts.js';
import type { Logger } from '../../common/node/logger.js';
import { tailChangeStream } from '../../alerts/stream/change-stream.js';
import type { StreamTail } from '../../alerts/stream/change-stream.js';
import { alertChanges } from '../../alerts/stream/entries.js';

export type ChangeTail = StreamTail;

export function tailChanges(
  options: RedisOptions,
  logger: Logger,
  deliver: (changes: AlertChange[]) => void,
): Promise<ChangeTail> {
  return tailChangeStream(options, logger, (entries) => {
    const changes = alertChanges(entries);
    if (changes.length > 0) deliver(changes);
  });
}
