import fc from 'fast-check';
import { expect, it } from 'vitest';
import { EVENT_TYPES, LINK_KEYS } from '../../common/event-types.js';
import type { EntityRecord, Fact } from '../../alerts/engine/index.js';
import { decodeRecord, encodeRecord } from '../../alerts/redis/record-codec.js';
import { memberRef, refMember } from '../../alerts/orchestrator/index.js';

const fact = fc.record({
  id: fc.string({ minLength: 1, maxLength: 20 }),
  type: fc.constantFrom(...EVENT_TYPES),
  at: fc.integer({ min: 0, max: 2 ** 45 }),
  seen: fc.integer({ min: 0, max: 2 ** 45 }),
  unit: fc.stringMatching(/^\d{6,12}$/),
  keys: fc.dictionary(fc.constantFrom(...LINK_KEYS), fc.string({ minLength: 1, maxLength: 10 })),
  f: fc.option(
    fc.dictionary(
      fc.constantFrom('attrs.nature', 'officer_ids', 'attrs.vulnerable'),
      fc.oneof(fc.string(), fc.boolean(), fc.integer(), fc.array(fc.string())),
    ),
    { nil: undefined },
  ),
});

it('the compact record encoding round-trips every record', () => {
  fc.assert(
    fc.property(fc.array(fact, { maxLength: 6 }), (facts) => {
      const record: EntityRecord = { facts: {} };
      for (const f of facts) {
        const { f: fields, ...rest } = f;
        record.facts[f.id] = (fields ? { ...rest, f: fields } : rest) as Fact;
      }
      expect(decodeRecord(encodeRecord(record))).toEqual(record);
    }),
  );
});

it('wake-up members round-trip obligation refs', () => {
  for (const ref of [
    { rule_id: 'R-INC-01', key: 'incident_id' as const, value: 'J1' },
    { rule_id: 'R-PER-19', key: 'session_id' as const, value: 'S"1', event_id: 'e,1' },
  ]) {
    expect(memberRef(refMember(ref))).toEqual(ref);
  }
});
