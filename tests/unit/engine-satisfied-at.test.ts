/**
 * Derived obligations carry when their satisfier occurred (`satisfied_at`, epoch ms), the figure the
 * obligations ledger keeps so that lateness needs no read of `events`: for every deadline rule of the
 * catalogue, late and on time, with the earliest satisfier deciding; null while unsatisfied.
 */
import { describe, expect, it } from 'vitest';
import type { PoliceEvent } from '../../common/events.js';
import {
  deriveObligation,
  entityKeysOf,
  indexRules,
  mergeFact,
  toFact,
  touchedObligations,
} from '../../alerts/engine/index.js';
import type { EntityRecord, Obligation } from '../../alerts/engine/index.js';
import { FIXTURES } from './engine-deadline-fixtures.js';
import { H, RULES, T0 } from './engine-helpers.js';

const index = indexRules(RULES);

/** The obligation of `ruleId` derived from these events, all known at once. */
function derived(events: PoliceEvent[], ruleId: string): Obligation | null {
  const records = new Map<string, EntityRecord>();
  const facts = events.map((e) => toFact(e, Date.parse(e.occurred_at), index)).filter((f) => f !== null);
  for (const fact of facts)
    for (const key of entityKeysOf(fact, index)) records.set(key, mergeFact(records.get(key), fact).record);
  const lookup = (k: string): EntityRecord | undefined => records.get(k);
  for (const fact of facts)
    for (const ref of touchedObligations(fact, index, lookup)) {
      if (ref.rule_id !== ruleId) continue;
      const o = deriveObligation(ref, index, lookup);
      if (o) return o;
    }
  return null;
}

describe.each(FIXTURES)('$rule', (fx) => {
  const due = fx.due ?? T0 + fx.limit;

  it('late: satisfied_at is the satisfier’s occurred_at', () => {
    const sat = fx.satisfier(due + 5 * H);
    const o = derived([...fx.trigger(T0), sat], fx.rule);
    expect(o).toMatchObject({ status: 'late', satisfied_by: sat.event_id, satisfied_at: due + 5 * H });
  });

  it('on time, a later satisfier too: the earliest one’s time', () => {
    const early = fx.satisfier(T0 + fx.limit / 2);
    const later = fx.satisfier(due + H);
    const o = derived([...fx.trigger(T0), later, early], fx.rule);
    expect(o).toMatchObject({
      status: 'on_time',
      satisfied_by: early.event_id,
      satisfied_at: T0 + fx.limit / 2,
    });
  });

  it('pending: null', () => {
    expect(derived(fx.trigger(T0), fx.rule)).toMatchObject({
      status: 'pending',
      satisfied_by: null,
      satisfied_at: null,
    });
  });
});
