/**
 * What both runners share: options, the send-time jitter that makes a few events arrive late, and sending
 * one batch to the sink while keeping totals.
 */
import type { PoliceEvent } from '../../common/events.js';
import type { EventSink, Rejection } from '../../common/ingest.js';
import type { Unit } from '../../common/units.js';
import type { PlannedEvent } from './chain.js';
import type { RuleId } from './ground-truth.js';
import type { Rng } from './rng.js';

export const BATCH_SIZE = 1000;
export const DEFAULT_LATE_RATE = 0.02;
export const DEFAULT_MAX_LATE_MS = 30 * 60_000;

export interface RunnerOptions {
  seed: number | string;
  ratePerHour?: number;
  violationRates?: Partial<Record<RuleId, number>>;
  units?: readonly Unit[];
  extensionRate?: number;
  duplicateRate?: number;
  /** Share of events sent late (after events that occurred later). */
  lateRate?: number;
  maxLateMs?: number;
}

export interface SendTotals {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** The first few rejections, for diagnosis. */
  rejections: Rejection[];
}

/** When each event is sent: at its occurred_at, or for a few a little later. */
export function withSendTimes(
  events: readonly PlannedEvent[],
  rng: Rng,
  lateRate: number,
  maxLateMs: number,
): { at: number; event: PoliceEvent }[] {
  return events.map((p) => ({
    at: p.ms + (rng.chance(lateRate) ? Math.round(rng.uniform(60_000, Math.max(60_000, maxLateMs))) : 0),
    event: p.event,
  }));
}

export function newTotals(): SendTotals {
  return { sent: 0, accepted: 0, duplicates: 0, rejected: 0, rejections: [] };
}

/** Sends one batch and folds its result into the totals. */
export async function sendBatch(
  sink: EventSink,
  batch: readonly PoliceEvent[],
  totals: SendTotals,
): Promise<void> {
  const result = await sink.accept(batch);
  totals.sent += batch.length;
  totals.accepted += result.accepted;
  totals.duplicates += result.duplicates;
  totals.rejected += result.rejected.length;
  for (const r of result.rejected) if (totals.rejections.length < 20) totals.rejections.push(r);
}
