/** The ingest worker's access to ClickHouse (see WorkerStore), for the thread that owns the connection. */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '../common/node/logger.js';
import type { DedupeClaims } from './dedupe.js';
import type { WorkerStore } from './batch-processor.js';
import { restoreClaims } from './restore-claims.js';
import { insertEventBody, storedEventIds } from './store/event-store.js';

export function clickHouseStore(
  clickhouse: ClickHouseClient,
  claims: DedupeClaims,
  logger: Logger,
): WorkerStore {
  return {
    insert: (body) => insertEventBody(clickhouse, body),
    storedIds: (ids) => storedEventIds(clickhouse, ids),
    restoreClaims: () => restoreClaims(clickhouse, claims, logger),
  };
}
