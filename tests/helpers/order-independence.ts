/**
 * Order independence (CONTRACT.md §2, ARCHITECTURE.md property 2), as one suite run against each form of the
 * orchestrator: for random event sets over a few keys, any shuffling, batching and duplication gives the same
 * final alerts once the clock has passed every deadline.
 *  A. all batches ingested before the clock moves (ticks only after all events are in): identical alerts.
 *  B. batches ingested as the clock moves, with ticks in between: identical violations; the only extra alerts
 *     are ones resolved `on_time` (raised while the satisfier was not yet known, CONTRACT.md §2).
 *  C. as B, with monitored sources and an outage: a source stops (no heartbeats, its events held back) for
 *     some batches and comes back with its backlog: identical violations, extras only on_time, none held.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { PoliceEvent } from '../../common/events.js';
import { SOURCE_OUTAGE_RULE_ID } from '../../common/sources.js';
import { eventsArb } from '../unit/engine-arbitraries.js';
import { D, GRACE, H, MIN, RULES, T0 } from '../unit/engine-helpers.js';
import { catalog } from '../unit/sources-helpers.js';
import type { EngineForm } from './engine-forms.js';
import type { TestEngine } from './test-engine.js';

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
const finalSet = async (e: TestEngine) => (await e.alerts()).map(facts);

/** How many runs each property makes in this form, and how long each property may take (ms). */
export interface SuiteRuns {
  A: number;
  B: number;
  C: number;
  exercise: number;
  generator: number;
  timeoutMs?: number;
}

export function orderIndependenceSuite(form: () => EngineForm, runs: SuiteRuns): void {
  const plain = () => form().create({ rules: RULES, graceMs: GRACE });
  const withSources = () => form().create({ rules: RULES, graceMs: GRACE, sources: catalog() });

  async function reference(events: readonly PoliceEvent[]): Promise<string[]> {
    const e = await plain();
    await e.ingest(events, T0 + 20 * D);
    await e.tick(END);
    return finalSet(e);
  }

  /** Batches arriving as the clock moves, with ticks before and after each. */
  async function runB({ events, stream, cuts, steps, start }: Scenario) {
    const e = await plain();
    const changes: AlertChange[] = [];
    let now = T0 + start * H;
    for (const [i, batch] of batches(stream, cuts).entries()) {
      now += steps[i]! * H;
      changes.push(
        ...(await e.tick(now)),
        ...(await e.ingest(batch, now)),
        ...(await e.tick(now + 30 * MIN)),
      );
    }
    await e.tick(END);
    const alerts = await e.alerts();
    return { alerts, ref: await reference(events), changes };
  }

  /** B with monitored sources: during batches [from, from + len) the source `down` is silent, its events deferred. */
  async function runC(scenario: Scenario, outage: { down: string; from: number; len: number }) {
    const { events, stream, cuts, steps, start } = scenario;
    const cat = catalog();
    const e = await withSources();
    const changes: AlertChange[] = [];
    const prefixes = [...new Set(events.map((x) => x.unit_code.slice(0, 2)))];
    const beat = async (now: number, silent: string | null) => {
      for (const spec of cat.specs)
        if (spec.id !== silent) for (const p of prefixes) await e.heartbeat(spec.id, p, now);
    };
    const fromDown = (x: PoliceEvent) => cat.sourceOf(x.type, x.source)?.id === outage.down;
    let now = T0 + start * H;
    let backlog: PoliceEvent[] = [];
    for (const [i, batch] of batches(stream, cuts).entries()) {
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
      await beat(now, down ? outage.down : null);
      changes.push(...(await e.tick(now)), ...(await e.ingest(arriving, now)));
      await beat(now + 30 * MIN, down ? outage.down : null);
      changes.push(...(await e.tick(now + 30 * MIN)));
    }
    changes.push(...(await e.ingest(backlog, END - H)));
    for (const spec of cat.specs) for (const p of prefixes) await e.heartbeat(spec.id, p, END, END);
    changes.push(...(await e.tick(END)));
    const alerts = (await e.alerts()).filter((a) => a.rule_id !== SOURCE_OUTAGE_RULE_ID);
    return { alerts, ref: await reference(events), changes };
  }

  it(
    'A: shuffled, batched, duplicated, clock moving only after all events are in → identical alerts',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async ({ events, stream, cuts, steps, start }) => {
          const e = await plain();
          const now = T0 + start * H;
          for (const batch of batches(stream, cuts)) await e.ingest(batch, now);
          let t = now;
          for (const step of steps.slice(0, 5)) await e.tick((t += step * 4 * H));
          await e.tick(END);
          const got = await finalSet(e);
          expect(got).toEqual(await reference(events));
        }),
        { numRuns: runs.A },
      );
    },
    runs.timeoutMs,
  );

  it(
    'B: batches arriving over time with ticks in between → identical violations, extras only on_time',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) => {
          const { alerts, ref } = await runB(scenario);
          expect(alerts.filter((a) => a.resolution !== 'on_time').map(facts)).toEqual(ref);
          expect(ref.every((r) => !r.includes('|on_time|'))).toBe(true);
        }),
        { numRuns: runs.B },
      );
    },
    runs.timeoutMs,
  );

  it(
    'C: with monitored sources and an outage with backlog → identical violations, extras only on_time',
    async () => {
      let heldSomewhere = 0;
      await fc.assert(
        fc.asyncProperty(
          scenarioArb,
          fc.record({
            down: fc.constantFrom('case', '110'),
            from: fc.nat(8),
            len: fc.integer({ min: 1, max: 6 }),
          }),
          async (scenario, outage) => {
            const { alerts, ref, changes } = await runC(scenario, outage);
            expect(alerts.filter((a) => a.resolution !== 'on_time').map(facts)).toEqual(ref);
            expect(alerts.filter((a) => a.state === 'held')).toEqual([]);
            if (changes.some((c) => c.kind === 'held')) heldSomewhere += 1;
          },
        ),
        { numRuns: runs.C, seed: 11 },
      );
      expect(heldSomewhere).toBeGreaterThan(0);
    },
    runs.timeoutMs,
  );

  it(
    'B exercises extra on_time alerts, corrected resolutions and retractions (fixed seed)',
    async () => {
      const exercised = { extras: 0, corrections: 0, retractions: 0 };
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) => {
          const { alerts, ref, changes } = await runB(scenario);
          if (alerts.length > ref.length) exercised.extras += 1;
          if (changes.some((c) => c.kind === 'updated' && c.alert.state === 'resolved'))
            exercised.corrections += 1;
          const retraction = (c: AlertChange) =>
            c.kind === 'resolved' && c.alert.resolution === 'on_time' && c.alert.rule_id === 'R-PRO-01';
          if (changes.some(retraction)) exercised.retractions += 1;
        }),
        { numRuns: runs.exercise, seed: 7 },
      );
      expect(exercised.extras).toBeGreaterThan(0);
      expect(exercised.corrections).toBeGreaterThan(0);
      expect(exercised.retractions).toBeGreaterThan(0);
    },
    runs.timeoutMs,
  );

  it(
    'the generator exercises every rule',
    async () => {
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(scenarioArb, async ({ events }) => {
          for (const line of await reference(events)) seen.add(line.split(':')[0]!);
        }),
        { numRuns: runs.generator, seed: 42 },
      );
      expect([...seen].sort()).toEqual(RULES.map((r) => r.id).sort());
      expect(seen.size).toBe(27);
    },
    runs.timeoutMs,
  );
}
