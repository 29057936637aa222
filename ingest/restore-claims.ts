/** Rebuilds the de-duplication claims from the events stored in ClickHouse (after Redis lost them). */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '../common/node/logger.js';
import type { DedupeClaims } from './dedupe.js';
import { allEventClaims } from './store/event-store.js';

export async function restoreClaims(
  clickhouse: ClickHouseClient,
  claims: DedupeClaims,
  logger: Logger,
): Promise<void> {
  let restored = 0;
  for await (const pairs of allEventClaims(clickhouse)) {
    await claims.restore(pairs);
    restored += pairs.length;
  }
  await claims.markReady();
  if (restored > 0) logger.warn({ restored }, 'de-duplication claims rebuilt from ClickHouse');
}
