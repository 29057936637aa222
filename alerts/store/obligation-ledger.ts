/**
 * The obligations ledger in ClickHouse: every obligation as last derived (pending, on time, late; for
 * condition rules the violation), so compliance can be measured as obligations met on time ÷ obligations
 * due — not as raw alert counts (《公安机关执法质量考核评议规定》). `satisfied_at` (when the satisfier occurred)
 * lets lateness be measured from the ledger alone. Written by the engine runner with every step's derived
 * obligations; `npm run rebuild` restores the engine's Redis state and does not rewrite the ledger (an
 * obligation is recorded again when the engine next derives it).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { chTimeOfMs } from '../../common/node/ch-time.js';
import type { Obligation } from '../engine/index.js';

export async function recordObligations(
  clickhouse: ClickHouseClient,
  obligations: readonly Obligation[],
  version: number,
): Promise<void> {
  if (obligations.length === 0) return;
  await clickhouse.insert({
    table: 'obligations',
    values: obligations.map((o) => ({
      obligation_id: o.alert_id,
      rule_id: o.rule_id,
      kind: o.kind,
      unit_code: o.unit_code,
      trigger_event_id: o.trigger_event_id,
      occurred_at: chTimeOfMs(o.occurred_at),
      due_at: chTimeOfMs(o.due_at),
      status: o.status,
      satisfied_by: o.satisfied_by ?? '',
      satisfied_at: o.satisfied_at === null ? null : chTimeOfMs(o.satisfied_at),
      severity: o.severity,
      version,
    })),
    format: 'JSONEachRow',
  });
}

/**
 * Rebuilds the compliance snapshot (`obligations_snapshot`, refreshed every 30 s by itself) now and waits for
 * it, then the per-day figures made from it (`obligations_daily`, every minute): for tests and benchmarks that
 * read figures right after writing the ledger.
 */
export async function refreshLedgerSnapshot(clickhouse: ClickHouseClient): Promise<void> {
  for (const view of ['obligations_snapshot_refresh', 'obligations_daily_refresh']) {
    await clickhouse.command({ query: `SYSTEM REFRESH VIEW ${view}` });
    await clickhouse.command({ query: `SYSTEM WAIT VIEW ${view}` });
  }
}
