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

/** Who performs an act R-AUX-01 watches: officers, officers with an auxiliary, an auxiliary alone, nobody. */
const STAFF: readonly Partial<PoliceEvent>[] = [
  { officer_ids: ['o1', 'o2'] },
  { officer_ids: ['o1'], auxiliary_ids: ['a1'] },
  { auxiliary_ids: ['a1'] },
  {},
];
const AUX_ACTS: ReadonlySet<EventType> = new Set<EventType>([
  'measure.detention',
  'measure.arrest',
  'measure.bail',
  'measure.surveillance',
  'property.seized',
  'case.decided',
]);

export function toEvent(s: Spec, i: number): PoliceEvent {
  const e = baseEvent(s, i);
  return AUX_ACTS.has(s.type) ? { ...e, ...pick(STAFF, s.c) } : e;
}

/** v2 types with attrs (RULES.md v2); null for the others. */
function v2Event(s: Spec, e: PoliceEvent, person: string): PoliceEvent | null {
  const measure = pick(['detention', 'arrest', 'residential_surveillance'], s.c);
  switch (s.type) {
    case 'family.notified':
      return { ...e, person_id: person, attrs: { measure } };
    case 'family.notice_waived':
      return { ...e, person_id: person, attrs: { measure, reason: 'unreachable' } };
    case 'measure.detention_extended':
      return { ...e, person_id: person, attrs: { days: pick([7, 30], s.c) } };
    case 'measure.surveillance':
      return { ...e, person_id: person, case_id: 'C1', attrs: { designated_residence: s.c % 2 === 0 } };
    case 'legal_review.submitted':
      return { ...e, case_id: pick(['C1', 'C2'], s.a), attrs: { decision_kind: '行政拘留' } };
    case 'property.preservation_decided':
      return { ...e, item_id: pick(['T1', 'T2', 'T3'], s.a), attrs: { outcome: 'returned' } };
    case 'case.decided':
      return { ...e, case_id: pick(['C1', 'C2'], s.a), attrs: { requires_legal_review: s.b % 2 === 0 } };
    default:
      return null;
  }
}

function baseEvent(s: Spec, i: number): PoliceEvent {
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
  const v2 = v2Event(s, e, k.person_id);
  if (v2) return v2;
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
        ...pick<Partial<PoliceEvent>>(
          [{ officer_ids: ['o1'] }, { officer_ids: ['o1', 'o2'] }, { auxiliary_ids: ['a1'] }],
          s.b,
        ),
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

/** The types generated: every type of CONTRACT §1.1, v2 included. */
const GENERATED_TYPES = EVENT_TYPES;
/** The v1 types (first in EVENT_TYPES): subsets of them keep v1 joins and retractions frequent. */
const V1_TYPES = EVENT_TYPES.slice(0, EVENT_TYPES.indexOf('custody.admitted'));

/** Either any types, or a few types only, so that triggers, satisfiers and extensions of one key meet often. */
export const typesArb = fc.oneof(
  fc.constant(GENERATED_TYPES),
  fc.subarray(V1_TYPES, { minLength: 2, maxLength: 5 }),
  fc.subarray(GENERATED_TYPES, { minLength: 2, maxLength: 5 }),
);

/** 1–40 events, numbered e0…, over a few keys and ten days. */
export const eventsArb: fc.Arbitrary<PoliceEvent[]> = typesArb
  .chain((types) => fc.array(specArb(types), { minLength: 1, maxLength: 40 }))
  .map((specs) => specs.map(toEvent));
