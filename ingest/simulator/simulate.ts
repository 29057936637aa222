/**
 * Runners for the simulator. `runBackfill` generates [now − days, now] and pushes it into an `EventSink`
 * in batches of 1,000 (waiting for each), some events deliberately sent late, and returns the ground truth
 * plus the planned events still in the future. Live mode is in live.ts.
 */
import { writeFile } from 'node:fs/promises';
import type { EventSink } from '../../common/ingest.js';
import type { PlannedEvent } from './chain.js';
import type { GroundTruthEntry } from './ground-truth.js';
import { Rng, hashSeed } from './rng.js';
import { DEFAULT_RATE_PER_HOUR, generateScenario, seedNumber } from './scenario.js';
import {
  BATCH_SIZE,
  DEFAULT_LATE_RATE,
  DEFAULT_MAX_LATE_MS,
  newTotals,
  sendBatch,
  withSendTimes,
  type RunnerOptions,
  type SendTotals,
} from './send.js';

export { LiveSimulator, realTimers, type LiveOptions, type Timers } from './live.js';
export type { RunnerOptions, SendTotals } from './send.js';

export interface BackfillOptions extends RunnerOptions {
  sink: EventSink;
  now: number;
  days: number;
  batchSize?: number;
  onBatch?: (progress: { sent: number; total: number }) => void;
}

export interface BackfillResult extends SendTotals {
  start: number;
  end: number;
  truth: GroundTruthEntry[];
  /** Planned events after `end`, to be released by live mode. */
  pending: PlannedEvent[];
}

export async function runBackfill(o: BackfillOptions): Promise<BackfillResult> {
  const end = o.now;
  const start = end - Math.round(o.days * 86_400_000);
  const scenario = generateScenario({
    seed: o.seed,
    start,
    end,
    ratePerHour: o.ratePerHour ?? DEFAULT_RATE_PER_HOUR,
    ...(o.violationRates ? { violationRates: o.violationRates } : {}),
    ...(o.units ? { units: o.units } : {}),
    ...(o.extensionRate !== undefined ? { extensionRate: o.extensionRate } : {}),
    ...(o.duplicateRate !== undefined ? { duplicateRate: o.duplicateRate } : {}),
  });
  const rng = new Rng(hashSeed(seedNumber(o.seed), start, 'send-order'));
  const inWindow = scenario.plan.events.filter((p) => p.ms <= end);
  const order = withSendTimes(
    inWindow,
    rng,
    o.lateRate ?? DEFAULT_LATE_RATE,
    o.maxLateMs ?? DEFAULT_MAX_LATE_MS,
  )
    .map((s, i) => ({ ...s, i }))
    .sort((a, b) => a.at - b.at || a.i - b.i);
  const totals = newTotals();
  const size = o.batchSize ?? BATCH_SIZE;
  for (let i = 0; i < order.length; i += size) {
    await sendBatch(
      o.sink,
      order.slice(i, i + size).map((s) => s.event),
      totals,
    );
    o.onBatch?.({ sent: totals.sent, total: order.length });
  }
  return { ...totals, start, end, truth: scenario.truth, pending: scenario.pending };
}

export interface TruthMeta {
  seed: number | string;
  start: number;
  end: number;
  [k: string]: unknown;
}

/** Writes the ground truth: NDJSON (one entry per line) for *.ndjson, else one JSON document. */
export async function writeTruthFile(
  path: string,
  truth: readonly GroundTruthEntry[],
  meta: TruthMeta,
): Promise<void> {
  const head = { ...meta, start: new Date(meta.start).toISOString(), end: new Date(meta.end).toISOString() };
  if (path.endsWith('.ndjson') || path.endsWith('.jsonl')) {
    await writeFile(
      path,
      truth.map((t) => JSON.stringify(t)).join('\n') + (truth.length ? '\n' : ''),
      'utf8',
    );
  } else {
    await writeFile(path, JSON.stringify({ ...head, entries: truth }, null, 1) + '\n', 'utf8');
  }
}
