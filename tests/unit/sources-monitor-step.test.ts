/**
 * The monitor's one pure step, shared by the memory engine and the Redis shell: which partitions change
 * health, which outage alerts are raised or resolved, and which held alerts may go.
 */
import { describe, expect, it } from 'vitest';
import { eventObservations, monitorStep, observe } from '../../alerts/sources/index.js';
import type { SourceActivity, SourceState } from '../../alerts/sources/index.js';
import { catalog } from './sources-helpers.js';

const T0 = Date.parse('2026-11-26T02:00:00Z');
const MIN = 60_000;
const cat = catalog();

describe('eventObservations', () => {
  it('keeps, per partition, the latest event time and arrival; unknown types are no source', () => {
    const obs = eventObservations(
      cat,
      [
        {
          type: 'case.registered',
          unit_code: '450100000000',
          occurred_at: '2026-11-26T01:00:00Z',
          ingested_at: '2026-11-26T01:59:00Z',
        },
        { type: 'case.filed', unit_code: '450100000000', occurred_at: '2026-11-26T01:30:00Z' }, // not stamped: now
        { type: 'property.seized', unit_code: '450100000000', occurred_at: '2026-11-26T01:40:00Z' },
      ],
      T0,
    );
    const keys = [...obs.keys()];
    expect(keys).toHaveLength(1);
    expect(obs.get(keys[0] as string)).toEqual({
      occurredAt: Date.parse('2026-11-26T01:30:00Z'),
      ingestedAt: T0,
    });
  });
});

describe('monitorStep', () => {
  const key = cat.keyFor(cat.byId.get('case')!, '450100000000');
  const active = (lastIngest: number, caughtUpTo?: number): Map<string, SourceActivity> =>
    new Map([
      [key, observe(undefined, { ingestedAt: lastIngest, ...(caughtUpTo ? { asOf: caughtUpTo } : {}) })],
    ]);

  it('a healthy partition with nothing declared changes nothing and releases nothing', () => {
    expect(monitorStep(cat, active(T0 - MIN), () => undefined, T0)).toEqual({
      transitions: [],
      outages: [],
      release: new Map(),
    });
  });

  it('a declared delivery releases the held alerts due up to it', () => {
    const step = monitorStep(cat, active(T0 - MIN, T0 - 5 * MIN), () => undefined, T0);
    expect(step.release).toEqual(new Map([[key, T0 - 5 * MIN]]));
  });

  it('silence raises one outage alert and records its id; recovery resolves it and releases everything', () => {
    const silent = monitorStep(cat, active(T0 - 31 * MIN), () => undefined, T0);
    expect(silent.transitions.map((t) => [t.from, t.to])).toEqual([['healthy', 'silent']]);
    const raised = silent.outages[0];
    expect(raised && 'raise' in raised ? raised.raise.rule_id : null).toBe('SRC-OUTAGE');
    const state = silent.transitions[0]?.state as SourceState;
    expect(state.outageAlertId).toBe(raised && 'raise' in raised ? raised.raise.alert_id : null);
    expect(silent.release.size).toBe(0); // nothing goes while it is silent

    // still silent a minute later: no second alert
    expect(monitorStep(cat, active(T0 - 31 * MIN), () => state, T0 + MIN).outages).toEqual([]);

    const back = monitorStep(cat, active(T0 + 2 * MIN), () => state, T0 + 2 * MIN);
    expect(back.transitions.map((t) => [t.from, t.to])).toEqual([['silent', 'healthy']]);
    expect(back.outages).toEqual([{ key, resolve: state.outageAlertId }]);
    expect(back.transitions[0]?.state.outageAlertId).toBeUndefined();
    expect(back.release).toEqual(new Map([[key, Infinity]]));
  });
});
