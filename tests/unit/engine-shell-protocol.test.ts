/**
 * The contract with the Redis shell: for one event, load `entityKeysOf(fact)`, merge, ask `touchedObligations`,
 * derive each ref through a tracing lookup and load what it reports missing. That must (1) give the same
 * obligations as a view of every record, and (2) name every obligation whose derivation the event changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveObligation, refId, tracing } from '../../alerts/engine/derive.js';
import { entityKeysOf, mergeFact, toFact } from '../../alerts/engine/facts.js';
import { indexRules } from '../../alerts/engine/rule-index.js';
import { subjectKeys } from '../../common/rules.js';
import { touchedObligations } from '../../alerts/engine/touched.js';
import type { EntityRecord, Obligation, ObligationRef } from '../../alerts/engine/types.js';
import { eventsArb } from './engine-arbitraries.js';
import { RULES, T0 } from './engine-helpers.js';

const index = indexRules(RULES);
type Store = Map<string, EntityRecord>;

/** Every obligation that could exist in a store, found by brute force. */
function universe(store: Store): ObligationRef[] {
  const refs: ObligationRef[] = [];
  for (const rule of index.rules) {
    for (const subject of subjectKeys(rule))
      for (const [key, record] of store) {
        const prefix = `${subject}=`;
        if (!key.startsWith(prefix)) continue;
        const value = key.slice(prefix.length);
        if (rule.kind === 'deadline') refs.push({ rule_id: rule.id, key: subject, value });
        else
          for (const f of Object.values(record.facts))
            if (rule.event.types.includes(f.type))
              refs.push({ rule_id: rule.id, key: subject, value, event_id: f.id });
      }
  }
  return refs;
}

/** One event as the shell would process it; returns the refs and obligations it derived. */
function shellStep(store: Store, event: Parameters<typeof toFact>[0], now: number) {
  const fact = toFact(event, now, index);
  if (!fact) return new Map<string, Obligation | null>();
  const loaded: Store = new Map();
  const attempted = new Set<string>();
  const load = (key: string) => {
    attempted.add(key);
    const r = store.get(key);
    if (r) loaded.set(key, r);
  };
  for (const key of entityKeysOf(fact, index)) {
    load(key);
    const merged = mergeFact(loaded.get(key), fact);
    loaded.set(key, merged.record);
    store.set(key, merged.record);
  }
  const partial = (key: string) => loaded.get(key);
  const out = new Map<string, Obligation | null>();
  for (const ref of touchedObligations(fact, index, partial)) {
    for (let round = 0; ; round += 1) {
      const t = tracing(partial);
      const o = deriveObligation(ref, index, t.lookup);
      const missing = [...t.keys].filter((k) => !attempted.has(k));
      if (missing.length === 0) {
        out.set(refId(ref), o);
        break;
      }
      expect(round).toBeLessThan(3);
      missing.forEach(load);
    }
  }
  return out;
}

describe('shell protocol', () => {
  it('partial loading derives what a full view derives, and touches every changed obligation', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const store: Store = new Map();
        events.forEach((event, i) => {
          const before = new Map(store);
          const derived = shellStep(store, event, T0 + i);
          const full = (key: string) => store.get(key);
          for (const [id, o] of derived) {
            const ref = universe(store).find((r) => refId(r) === id);
            if (ref) expect(o).toEqual(deriveObligation(ref, index, full));
          }
          for (const ref of universe(store)) {
            const was = deriveObligation(ref, index, (k) => before.get(k));
            const is = deriveObligation(ref, index, full);
            if (JSON.stringify(was) !== JSON.stringify(is)) expect(derived.has(refId(ref))).toBe(true);
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});
