/**
 * Order independence (CONTRACT.md §2, ARCHITECTURE.md property 2): for random event sets over a few keys, any
 * shuffling, batching and duplication gives the same final alerts once the clock has passed every deadline.
 *  A. all batches ingested before the clock moves (ticks only after all events are in): identical alerts.
 *  B. batches ingested as the clock moves, with ticks in between: identical violations; the only extra alerts
 *     are ones resolved `on_time` (raised while the satisfier was not yet known, CONTRACT.md §2).
 *  C. as B, with monitored sources and an outage: a source stops (no heartbeats, its events held back)
 *     for some batches and comes back with its backlog: identical violations, extras only on_time, none held.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { PoliceEvent } from '../../common/events.js';
import type { Engine } from '../../alerts/engine/memory-engine.js';
import { eventsArb } from './engine-arbitraries.js';
import { D, H, MIN, T0, newEngine } from './engine-helpers.js';
import { catalog, engineWithSources } from './sources-helpers.js';
import { SOURCE_OUTAGE_RULE_ID } from '../../common/sources.js';

const scenarioArb = eventsArb.chain((events) =>
  fc
    .array(fc.nat(events.length - 1), { maxLength: 10 })
    .map((dups) => [...events, ...dups.map((i) => events[i]!)])
    .chain((stream) =>
      fc.record({
        events: fc.constant(events),
        stream: fc.shuffledSubarray(stream, { minLength: stream.length, maxLength: stream.length }),
        cuts: fc.array(fc.boolean(), { minLength: stream.length, maxLength: stream.length }),
        steps: fc.array(fc.integer({ min: 0, max: 36 }), {
          minLength: stream.length,
          maxLength: stream.length,
        }),
        start: fc.integer({ min: -2 * 24, max: 12 * 24 }),
      }),
    ),
);

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

const END = T0 + 400 * D;

function batches<T>(stream: readonly T[], cuts: readonly boolean[]): T[][] {
  const out: T[][] = [[]];
  stream.forEach((x, i) => {
    out[out.length - 1]!.push(x);
    if (cuts[i] && i < stream.length - 1) out.push([]);
  });
  return out;
}

/** What must not depend on order: lifecycle and the event-time facts of each alert. */
const facts = (a: Alert) =>
  [
    a.alert_id,
    a.stage,
    a.state,
    a.resolution,
    a.severity,
    a.due_at,
    a.trigger_event_id,
    a.satisfied_by_event_id,
    a.unit_code,
  ].join('|');
const finalSet = (e: Engine) => e.alerts().map(facts);

function reference(events: readonly PoliceEvent[]): string[] {
  const e = newEngine();
  e.ingest(events, T0 + 20 * D);
  e.tick(END);
  return finalSet(e);
}

/** Batches arriving as the clock moves, with ticks before and after each. */
function runB({ events, stream, cuts, steps, start }: Scenario) {
  const e = newEngine();
  const changes: AlertChange[] = [];
  let now = T0 + start * H;
  batches(stream, cuts).forEach((batch, i) => {
    now += steps[i]! * H;
    changes.push(...e.tick(now), ...e.ingest(batch, now), ...e.tick(now + 30 * MIN));
  });
  e.tick(END);
  return { alerts: e.alerts(), ref: reference(events), changes };
}

/** B with monitored sources: during batches [from, from + len) the source `down` is silent, its events deferred. */
function runC(scenario: Scenario, outage: { down: string; from: number; len: number }) {
  const { events, stream, cuts, steps, start } = scenario;
  const cat = catalog();
  const e = engineWithSources();
  const changes: AlertChange[] = [];
  const prefixes = [...new Set(events.map((x) => x.unit_code.slice(0, 2)))];
  const beat = (now: number, silent: string | null) => {
    for (const spec of cat.specs)
      if (spec.id !== silent) for (const p of prefixes) e.heartbeat(spec.id, p, now);
  };
  const fromDown = (x: PoliceEvent) => cat.sourceOf(x.type, x.source)?.id === outage.down;
  let now = T0 + start * H;
  let backlog: PoliceEvent[] = [];
  batches(stream, cuts).forEach((batch, i) => {
    now += steps[i]! * H;
    const down = i >= outage.from && i < outage.from + outage.len;
    let arriving: PoliceEvent[];
    if (down) {
      backlog.push(...batch.filter(fromDown));
      arriving = batch.filter((x) => !fromDown(x));
    } else {
      arriving = [...backlog, ...batch];
      backlog = [];
    }
    beat(now, down ? outage.down : null);
    changes.push(...e.tick(now), ...e.ingest(arriving, now));
    beat(now + 30 * MIN, down ? outage.down : null);
    changes.push(...e.tick(now + 30 * MIN));
  });
  changes.push(...e.ingest(backlog, END - H));
  for (const spec of cat.specs) for (const p of prefixes) e.heartbeat(spec.id, p, END, END);
  changes.push(...e.tick(END));
  const alerts = e.alerts().filter((a) => a.rule_id !== SOURCE_OUTAGE_RULE_ID);
  return { alerts, ref: reference(events), changes };
}

describe('order independence', () => {
  it('A: shuffled, batched, duplicated, clock moving only after all events are in → identical alerts', () => {
    fc.assert(
      fc.property(scenarioArb, ({ events, stream, cuts, steps, start }) => {
        const e = newEngine();
        const now = T0 + start * H;
        for (const batch of batches(stream, cuts)) e.ingest(batch, now);
        let t = now;
        for (const step of steps.slice(0, 5)) e.tick((t += step * 4 * H));
        e.tick(END);
        expect(finalSet(e)).toEqual(reference(events));
      }),
      { numRuns: 300 },
    );
  });

  it('B: batches arriving over time with ticks in between → identical violations, extras only on_time', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { alerts, ref } = runB(scenario);
        expect(alerts.filter((a) => a.resolution !== 'on_time').map(facts)).toEqual(ref);
        expect(ref.every((r) => !r.includes('|on_time|'))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('C: with monitored sources and an outage with backlog → identical violations, extras only on_time', () => {
    let heldSomewhere = 0;
    fc.assert(
      fc.property(
        scenarioArb,
        fc.record({
          down: fc.constantFrom('case', '110'),
          from: fc.nat(8),
          len: fc.integer({ min: 1, max: 6 }),
        }),
        (scenario, outage) => {
          const { alerts, ref, changes } = runC(scenario, outage);
          expect(alerts.filter((a) => a.resolution !== 'on_time').map(facts)).toEqual(ref);
          expect(alerts.filter((a) => a.state === 'held')).toEqual([]);
          if (changes.some((c) => c.kind === 'held')) heldSomewhere += 1;
        },
      ),
      { numRuns: 300, seed: 11 },
    );
    expect(heldSomewhere).toBeGreaterThan(0);
  });

  it('B exercises extra on_time alerts, corrected resolutions and retractions (fixed seed)', () => {
    const exercised = { extras: 0, corrections: 0, retractions: 0 };
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { alerts, ref, changes } = runB(scenario);
        if (alerts.length > ref.length) exercised.extras += 1;
        if (changes.some((c) => c.kind === 'updated' && c.alert.state === 'resolved'))
          exercised.corrections += 1;
        const retraction = (c: AlertChange) =>
          c.kind === 'resolved' && c.alert.resolution === 'on_time' && c.alert.rule_id === 'R-PRO-01';
        if (changes.some(retraction)) exercised.retractions += 1;
      }),
      { numRuns: 400, seed: 7 },
    );
    expect(exercised.extras).toBeGreaterThan(0);
    expect(exercised.corrections).toBeGreaterThan(0);
    expect(exercised.retractions).toBeGreaterThan(0);
  });

  it('the generator exercises every rule', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarioArb, ({ events }) => {
        for (const line of reference(events)) seen.add(line.split(':')[0]!);
      }),
      { numRuns: 200, seed: 42 },
    );
    expect(seen.size).toBe(15);
  });
});
