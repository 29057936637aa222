/**
 * A simulator backfill as a replay source, without any I/O: the scenario's events in the order and at the
 * times `runBackfill` (ingest/simulator/simulate.ts) sends them, each stamped `ingested_at` = its send time.
 * Used to score the engine against the simulator's ground truth and to seed replay tests.
 */
import type { EngineEvent } from '../engine/index.js';
import { Rng, hashSeed } from '../../ingest/simulator/rng.js';
import { generateScenario, seedNumber } from '../../ingest/simulator/scenario.js';
import type { Scenario, ScenarioOptions } from '../../ingest/simulator/scenario.js';
import { DEFAULT_LATE_RATE, DEFAULT_MAX_LATE_MS, withSendTimes } from '../../ingest/simulator/send.js';

export interface SimulatedOptions extends ScenarioOptions {
  /** Share of events sent late and by how much at most (the runner's defaults: 2 %, 30 min). */
  lateRate?: number;
  maxLateMs?: number;
}

export interface SimulatedSend {
  /** Send time, epoch ms. */
  at: number;
  event: EngineEvent;
}

export interface SimulatedBackfill {
  scenario: Scenario;
  /** Every event with occurred_at ≤ end (duplicates included), in send order. */
  sends: SimulatedSend[];
  /** The last send time: events that occurred just before `end` may be sent up to maxLateMs after it. */
  lastSendAt: number;
}

/** The scenario of [start, end] and its send order, exactly as runBackfill computes them. */
export function simulatedBackfill(o: SimulatedOptions): SimulatedBackfill {
  const scenario = generateScenario(o);
  const rng = new Rng(hashSeed(seedNumber(o.seed), o.start, 'send-order'));
  const inWindow = scenario.plan.events.filter((p) => p.ms <= o.end);
  const sends = withSendTimes(
    inWindow,
    rng,
    o.lateRate ?? DEFAULT_LATE_RATE,
    o.maxLateMs ?? DEFAULT_MAX_LATE_MS,
  )
    .map((s, i) => ({ ...s, i }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map(({ at, event }) => ({ at, event: { ...event, ingested_at: new Date(at).toISOString() } }));
  const lastSendAt = sends.reduce((m, s) => Math.max(m, s.at), o.end);
  return { scenario, sends, lastSendAt };
}

export interface TimedBatch {
  /** Processing time of the batch: the send time of its last event. */
  at: number;
  events: EngineEvent[];
}

/** Cuts a send order into batches of `size`, as the runner sends them. */
export function inBatches(sends: readonly SimulatedSend[], size: number): TimedBatch[] {
  const out: TimedBatch[] = [];
  for (let i = 0; i < sends.length; i += size) {
    const chunk = sends.slice(i, i + size);
    out.push({ at: chunk[chunk.length - 1]!.at, events: chunk.map((s) => s.event) });
  }
  return out;
}
