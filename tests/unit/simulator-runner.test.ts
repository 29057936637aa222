import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateEvent, type PoliceEvent } from '../../common/events.js';
import type { AcceptResult, EventSink } from '../../common/ingest.js';
import { parseCli, parseViolations } from '../../ingest/simulator/cli.js';
import { RULE_IDS } from '../../ingest/simulator/ground-truth.js';
import { generateScenario } from '../../ingest/simulator/scenario.js';
import { LiveSimulator, runBackfill, writeTruthFile, type Timers } from '../../ingest/simulator/simulate.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-26T08:00:00Z');

/** Records what it receives, like the real sink: validates against its clock and counts duplicates. */
class RecordingSink implements EventSink {
  readonly batches: { at: number; events: PoliceEvent[] }[] = [];
  readonly seen = new Set<string>();
  invalid: string[] = [];
  failNext = 0;
  constructor(private readonly clock: () => number) {}
  accept(items: readonly unknown[]): Promise<AcceptResult> {
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(new Error('queue unavailable'));
    }
    const events = items as PoliceEvent[];
    const at = this.clock();
    this.batches.push({ at, events: [...events] });
    let duplicates = 0;
    for (const e of events) {
      const r = validateEvent(e, at);
      if (!r.ok) this.invalid.push(`${e.event_id}: ${r.errors.join('; ')}`);
      if (this.seen.has(e.event_id)) duplicates++;
      this.seen.add(e.event_id);
    }
    return Promise.resolve({ accepted: events.length - duplicates, duplicates, rejected: [] });
  }
  get events(): PoliceEvent[] {
    return this.batches.flatMap((b) => b.events);
  }
}

/** A clock and timers that only move when told to. */
class FakeTimers implements Timers {
  private nextId = 1;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();
  constructor(public t: number) {}
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.queue.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.queue.delete(h as number);
  };
  get pending(): number {
    return this.queue.size;
  }
  /** Moves the clock and runs what fell due, waiting for the simulator's tick each time. */
  async advance(ms: number, sim: LiveSimulator): Promise<void> {
    this.t += ms;
    for (const [id, timer] of [...this.queue].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.t) continue;
      this.queue.delete(id);
      timer.fn();
      await sim.whenIdle();
    }
  }
}

function outOfOrder(events: readonly PoliceEvent[]): number {
  let latest = -Infinity;
  let n = 0;
  for (const e of events) {
    const ms = Date.parse(e.occurred_at);
    if (ms < latest) n++;
    latest = Math.max(latest, ms);
  }
  return n;
}

const dir = await mkdtemp(path.join(tmpdir(), 'vigil-sim-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('backfill', () => {
  it('pushes the window in batches of 1,000, a few late, with the same truth as the generator', async () => {
    const sink = new RecordingSink(() => NOW);
    const opts = { seed: 9, ratePerHour: 20, violationRates: { 'R-PER-16': 0.5 } };
    const result = await runBackfill({ ...opts, sink, now: NOW, days: 2 });
    const scenario = generateScenario({ ...opts, start: NOW - 2 * 24 * HOUR, end: NOW });
    expect(sink.invalid).toEqual([]);
    expect(sink.events.map((e) => e.event_id).sort()).toEqual(scenario.events.map((e) => e.event_id).sort());
    expect(sink.batches.slice(0, -1).every((b) => b.events.length === 1000)).toBe(true);
    expect(sink.batches.at(-1)!.events.length).toBeLessThanOrEqual(1000);
    expect(result.sent).toBe(scenario.events.length);
    expect(result.accepted + result.duplicates).toBe(result.sent);
    expect(result.duplicates).toBeGreaterThan(0);
    expect(outOfOrder(sink.events)).toBeGreaterThan(10);
    expect(result.truth).toEqual(scenario.truth);
    expect(result.pending.length).toBeGreaterThan(0);
    expect(result.pending.every((p) => p.ms > NOW)).toBe(true);
  });

  it('writes the ground truth as JSON or NDJSON', async () => {
    const { truth } = generateScenario({ seed: 3, start: NOW - 24 * HOUR, end: NOW, ratePerHour: 5 });
    const json = path.join(dir, 'truth.json');
    const ndjson = path.join(dir, 'truth.ndjson');
    await writeTruthFile(json, truth, { seed: 3, start: NOW - 24 * HOUR, end: NOW });
    await writeTruthFile(ndjson, truth, { seed: 3, start: NOW - 24 * HOUR, end: NOW });
    const doc = JSON.parse(await readFile(json, 'utf8')) as { seed: number; end: string; entries: unknown[] };
    expect(doc.seed).toBe(3);
    expect(doc.end).toBe(new Date(NOW).toISOString());
    expect(doc.entries).toEqual(truth);
    const lines = (await readFile(ndjson, 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(truth);
  });
});

describe('live mode', () => {
  async function runLive(timers: FakeTimers, sim: LiveSimulator, minutes: number): Promise<void> {
    sim.start();
    for (let i = 0; i < minutes; i++) await timers.advance(60_000, sim);
  }

  it('releases events once their time has passed, a few late, deterministically', async () => {
    const timers = new FakeTimers(NOW);
    const sink = new RecordingSink(timers.now);
    const sim = new LiveSimulator({ seed: 4, ratePerHour: 60, sink, timers, tickMs: 60_000 });
    await runLive(timers, sim, 180);
    const events = sink.events;
    expect(events.length).toBeGreaterThan(300);
    expect(sink.invalid).toEqual([]);
    for (const b of sink.batches) {
      expect(b.events.length).toBeLessThanOrEqual(1000);
      expect(
        b.events.every((e) => Date.parse(e.occurred_at) <= b.at && Date.parse(e.occurred_at) >= NOW),
      ).toBe(true);
    }
    expect(outOfOrder(events)).toBeGreaterThan(0);
    expect(sim.backlog).toBeGreaterThan(0);

    const timers2 = new FakeTimers(NOW);
    const sink2 = new RecordingSink(timers2.now);
    const sim2 = new LiveSimulator({
      seed: 4,
      ratePerHour: 60,
      sink: sink2,
      timers: timers2,
      tickMs: 60_000,
    });
    await runLive(timers2, sim2, 180);
    expect(sink2.events.map((e) => e.event_id)).toEqual(events.map((e) => e.event_id));
    await sim.stop();
    await sim2.stop();
  });

  it('stops sending after stop() and leaves no timer behind', async () => {
    const timers = new FakeTimers(NOW);
    const sink = new RecordingSink(timers.now);
    const sim = new LiveSimulator({ seed: 5, ratePerHour: 60, sink, timers, tickMs: 60_000 });
    await runLive(timers, sim, 30);
    await sim.stop();
    const sent = sink.events.length;
    expect(sent).toBeGreaterThan(0);
    expect(timers.pending).toBe(0);
    await timers.advance(3 * HOUR, sim);
    await sim.tick();
    expect(sink.events.length).toBe(sent);
  });

  it('retries a failed send and releases the future part of a backfill', async () => {
    const backfill = generateScenario({ seed: 6, start: NOW - 24 * HOUR, end: NOW, ratePerHour: 10 });
    const timers = new FakeTimers(NOW);
    const sink = new RecordingSink(timers.now);
    const errors: unknown[] = [];
    const sim = new LiveSimulator({
      seed: 6,
      ratePerHour: 10,
      sink,
      timers,
      tickMs: 60_000,
      pending: backfill.pending,
      onError: (e) => errors.push(e),
    });
    sink.failNext = 1;
    await runLive(timers, sim, 24 * 60);
    await sim.stop();
    expect(errors).toHaveLength(1);
    const ids = new Set(sink.events.map((e) => e.event_id));
    const due = backfill.pending.filter((p) => p.ms <= NOW + 23 * HOUR);
    expect(due.length).toBeGreaterThan(10);
    expect(due.filter((p) => !ids.has(p.event.event_id))).toEqual([]);
  });
});

describe('live mode after a backfill', () => {
  it('starts new chains where the backfill ended, leaving no gap', async () => {
    const timers = new FakeTimers(NOW + HOUR);
    const sink = new RecordingSink(timers.now);
    const sim = new LiveSimulator({ seed: 8, ratePerHour: 60, sink, timers, startAt: NOW, lateRate: 0 });
    await sim.tick();
    const reported = sink.events
      .filter((e) => e.type === 'incident.reported')
      .map((e) => Date.parse(e.occurred_at));
    expect(reported.length).toBeGreaterThan(20);
    expect(Math.min(...reported)).toBeLessThan(NOW + 10 * 60_000);
    expect(Math.max(...reported)).toBeLessThanOrEqual(NOW + HOUR);
    await sim.stop();
  });
});

describe('command line', () => {
  it('parses options with defaults', () => {
    expect(parseCli([], NOW)).toEqual({ days: 1, live: false, rate: 1, seed: NOW, violations: {} });
    expect(parseCli(['--live'], NOW).days).toBe(0);
    const o = parseCli(
      [
        '--days',
        '30',
        '--live',
        '--rate',
        '2.5',
        '--seed',
        'abc',
        '--truth',
        't.ndjson',
        '--violations',
        'R-PER-16=0.2',
      ],
      NOW,
    );
    expect(o).toEqual({
      days: 30,
      live: true,
      rate: 2.5,
      seed: 'abc',
      truth: 't.ndjson',
      violations: { 'R-PER-16': 0.2 },
    });
    expect(parseCli(['--seed', '42'], NOW).seed).toBe(42);
    expect(() => parseCli(['--rate', '0'], NOW)).toThrow(/--rate/);
    expect(() => parseCli(['--bogus'], NOW)).toThrow();
  });

  it('parses violation rates per rule or for all', () => {
    const all = parseViolations('all=0.1,R-PRO-01=0');
    expect(Object.keys(all).sort()).toEqual([...RULE_IDS].sort());
    expect(all['R-PRO-01']).toBe(0);
    expect(all['R-INC-01']).toBe(0.1);
    expect(() => parseViolations('R-XYZ-1=0.1')).toThrow(/unknown rule/);
    expect(() => parseViolations('R-INC-01=2')).toThrow(/RATE from 0 to 1/);
  });
});
