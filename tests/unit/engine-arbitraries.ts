/** Random events over a few keys of every type, for the engine's property tests. */
import fc from 'fast-check';
import { EVENT_TYPE_SPECS, EVENT_TYPES } from '../../common/event-types.js';
import type { EventType, PoliceEvent } from '../../common/events.js';
import { H, MIN, T0, iso } from './engine-helpers.js';

export interface Spec {
  type: EventType;
  half: number;
  a: number;
  b: number;
  c: number;
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

export function toEvent(s: Spec, i: number): PoliceEvent {
  const at = T0 + s.half * 30 * MIN;
  const k = {
    incident_id: pick(['I1', 'I2'], s.a),
    case_id: pick(['C1', 'C2'], s.a),
    person_id: pick(['P1', 'P2'], s.b),
    stay_id: pick(['S1', 'S2'], s.a),
    item_id: pick(['T1', 'T2', 'T3'], s.a),
    session_id: pick(['N1', 'N2'], s.a),
    recording_id: pick(['V1', 'V2', 'V3'], s.b),
  };
  const e = {
    event_id: `e${i}`,
    type: s.type,
    occurred_at: iso(at),
    unit_code: pick(['450103520000', '450105000000'], s.c),
  };
  const off = (n: number) => iso(at + (n - 4) * 20 * MIN);
  switch (s.type) {
    case 'incident.reported':
      return { ...e, incident_id: k.incident_id, attrs: { category: pick(['criminal', 'traffic'], s.b) } };
    case 'incident.closed':
      return {
        ...e,
        incident_id: k.incident_id,
        attrs: { nature: pick(['criminal', 'public_order', 'traffic'], s.b) },
      };
    case 'case.registered':
      return {
        ...e,
        case_id: k.case_id,
        ...(s.c % 2 ? { incident_id: k.incident_id } : {}),
        attrs: { case_kind: pick(['criminal', 'administrative'], s.b) },
      };
    case 'case.review_extended':
      return { ...e, case_id: k.case_id, attrs: { days: pick([3, 7, 30], s.b) } };
    case 'case.deadline_extended':
      return { ...e, case_id: k.case_id, attrs: { days: 60 } };
    case 'measure.detention':
      return { ...e, person_id: k.person_id, case_id: k.case_id };
    case 'area.entered':
      return {
        ...e,
        person_id: k.person_id,
        stay_id: k.stay_id,
        attrs: {
          basis: pick(['admin_questioning', 'criminal_summons'], s.b),
          ...(s.c % 3 === 0 ? { vulnerable: true } : {}),
        },
      };
    case 'area.limit_extended':
      return { ...e, stay_id: k.stay_id, attrs: { hours: pick([4, 12, 24], s.b) } };
    case 'interrogation.started':
      return {
        ...e,
        session_id: k.session_id,
        person_id: k.person_id,
        officer_ids: pick([['o1'], ['o1', 'o2']], s.b),
        attrs: { recording_required: s.c % 2 === 0 },
      };
    case 'property.seized':
      return {
        ...e,
        item_id: k.item_id,
        case_id: pick(['C1', 'C2'], s.b),
        attrs: s.c % 3 === 0 ? { custody: 'third_party' } : {},
      };
    case 'property.checked_out':
      return { ...e, item_id: k.item_id, attrs: { due_back_at: iso(at + (1 + s.b * 8) * H) } };
    case 'property.disposed':
      return { ...e, item_id: k.item_id, attrs: { method: 'destroyed' } };
    case 'recording.uploaded': {
      const link = s.c % 2 ? { session_id: k.session_id } : { incident_id: k.incident_id };
      return {
        ...e,
        recording_id: k.recording_id,
        ...link,
        attrs: { kind: pick(['bodycam', 'interrogation'], s.b), started_at: off(s.b), ended_at: off(s.c) },
      };
    }
    default:
      return { ...e, ...Object.fromEntries(EVENT_TYPE_SPECS[s.type].required.map((key) => [key, k[key]])) };
  }
}

export const specArb = (types: readonly EventType[]): fc.Arbitrary<Spec> =>
  fc.record({
    type: fc.constantFrom(...types),
    half: fc.integer({ min: 0, max: 10 * 48 }),
    a: fc.nat(8),
    b: fc.nat(8),
    c: fc.nat(8),
  });

/**
 * The types generated: the v1 types, which come first in EVENT_TYPES. The v2 types (from `custody.admitted`
 * on) join when rules read them and toEvent builds their attrs.
 */
const GENERATED_TYPES = EVENT_TYPES.slice(0, EVENT_TYPES.indexOf('custody.admitted'));

/** Either any types, or a few types only, so that triggers, satisfiers and extensions of one key meet often. */
export const typesArb = fc.oneof(
  fc.constant(GENERATED_TYPES),
  fc.subarray(GENERATED_TYPES, { minLength: 2, maxLength: 5 }),
);

/** 1–40 events, numbered e0…, over a few keys and ten days. */
export const eventsArb: fc.Arbitrary<PoliceEvent[]> = typesArb
  .chain((types) => fc.array(specArb(types), { minLength: 1, maxLength: 40 }))
  .map((specs) => specs.map(toEvent));
