/**
 * The deadline rules as the ground truth reads them (the table in ground-truth.ts): trigger, satisfiers,
 * limit and extension per rule. Days and months are counted by truth-calendar.ts, never by the engine.
 */
import type { PoliceEvent } from '../../common/events.js';
import type { EventType, LinkKey } from '../../common/event-types.js';
import {
  HOUR_MS,
  RULE_LIMITS,
  STAY_LIMITS,
  extensionDays,
  type DeadlineRuleId,
  type RuleLimit,
  type StayBasis,
} from './ground-truth.js';
import { truthCalendar } from './truth-calendar.js';
import type { Ev } from './truth-conditions.js';

export interface DeadlineSpec {
  rule: Exclude<DeadlineRuleId, 'R-PRO-12'>;
  key: LinkKey;
  /** Event types that can trigger / satisfy (to scan only those), refined by the predicates. */
  types: readonly [trigger: EventType, ...satisfiers: EventType[]];
  trigger: (e: PoliceEvent) => boolean;
  /** The limit from the trigger (R-PRO-05: an absolute due time instead). */
  limit: (t: Ev) => RuleLimit | { at: number };
  extension?: { type: EventType; limit: (e: PoliceEvent) => RuleLimit | null };
  satisfier: (e: PoliceEvent) => boolean;
  /** Only satisfiers at or after the trigger count. */
  notBeforeTrigger?: true;
}

export const is =
  (...types: EventType[]) =>
  (e: PoliceEvent): boolean =>
    types.includes(e.type);
export const attr = (e: PoliceEvent, name: string): unknown => e.attrs?.[name];
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fixed = (limit: RuleLimit) => () => limit;
const notice = (measure: string) => (e: PoliceEvent) =>
  (e.type === 'family.notified' || e.type === 'family.notice_waived') && attr(e, 'measure') === measure;

/** Due time of a limit from a trigger: exact milliseconds, or days / months on the unit's calendar. */
export function dueOf(trigger: Ev, limit: RuleLimit): number {
  if (typeof limit === 'number') return trigger.ms + limit;
  return truthCalendar.due(trigger.ms, limit, trigger.e.unit_code).due;
}

function stayLimit(t: Ev): number {
  const e = t.e;
  if (attr(e, 'vulnerable') === true) return STAY_LIMITS.vulnerable;
  const basis = attr(e, 'basis');
  return typeof basis === 'string' && basis in STAY_LIMITS
    ? STAY_LIMITS[basis as StayBasis]
    : STAY_LIMITS.criminal_summons;
}

const daysExtension = (rule: 'R-INC-05' | 'R-INC-04' | 'R-ADM-01' | 'R-PER-03') => (e: PoliceEvent) => {
  const n = num(attr(e, 'days'));
  return n === null ? null : extensionDays(rule, n);
};

const V1: DeadlineSpec[] = [
  {
    rule: 'R-INC-01',
    types: ['incident.closed', 'case.registered'],
    key: 'incident_id',
    trigger: (e) =>
      e.type === 'incident.closed' && ['criminal', 'public_order'].includes(String(attr(e, 'nature'))),
    limit: fixed(RULE_LIMITS['R-INC-01']),
    satisfier: is('case.registered'),
  },
  {
    rule: 'R-INC-05',
    types: ['case.registered', 'case.filed', 'case.not_filed'],
    key: 'case_id',
    trigger: (e) => e.type === 'case.registered' && attr(e, 'case_kind') === 'criminal',
    limit: fixed(RULE_LIMITS['R-INC-05']),
    extension: { type: 'case.review_extended', limit: daysExtension('R-INC-05') },
    satisfier: is('case.filed', 'case.not_filed'),
  },
  {
    rule: 'R-INC-04',
    types: ['case.registered', 'case.accepted', 'case.not_accepted'],
    key: 'case_id',
    trigger: (e) => e.type === 'case.registered' && attr(e, 'case_kind') === 'administrative',
    limit: fixed(RULE_LIMITS['R-INC-04']),
    extension: { type: 'case.review_extended', limit: daysExtension('R-INC-04') },
    satisfier: is('case.accepted', 'case.not_accepted'),
  },
  {
    rule: 'R-ADM-01',
    types: ['case.accepted', 'case.decided'],
    key: 'case_id',
    trigger: is('case.accepted'),
    limit: fixed(RULE_LIMITS['R-ADM-01']),
    extension: { type: 'case.deadline_extended', limit: daysExtension('R-ADM-01') },
    satisfier: is('case.decided'),
  },
  {
    rule: 'R-INC-13',
    types: ['incident.dispatched', 'incident.closed'],
    key: 'incident_id',
    trigger: is('incident.dispatched'),
    limit: fixed(RULE_LIMITS['R-INC-13']),
    satisfier: is('incident.closed'),
  },
  {
    rule: 'R-PER-16',
    types: ['area.entered', 'area.left'],
    key: 'stay_id',
    trigger: is('area.entered'),
    limit: stayLimit,
    extension: {
      type: 'area.limit_extended',
      limit: (e) => {
        const h = num(attr(e, 'hours'));
        return h === null ? null : h * HOUR_MS;
      },
    },
    satisfier: is('area.left'),
  },
  {
    rule: 'R-PER-08',
    types: ['measure.detention', 'interrogation.started'],
    key: 'person_id',
    trigger: is('measure.detention'),
    limit: fixed(RULE_LIMITS['R-PER-08']),
    satisfier: is('interrogation.started'),
    notBeforeTrigger: true,
  },
  {
    rule: 'R-PRO-02',
    types: ['property.seized', 'property.stored'],
    key: 'item_id',
    trigger: (e) => e.type === 'property.seized' && (attr(e, 'custody') ?? 'police') === 'police',
    limit: fixed(RULE_LIMITS['R-PRO-02']),
    satisfier: is('property.stored'),
  },
  {
    rule: 'R-PRO-05',
    types: ['property.checked_out', 'property.returned'],
    key: 'item_id',
    trigger: is('property.checked_out'),
    limit: (t) => ({ at: Date.parse(String(attr(t.e, 'due_back_at'))) }),
    satisfier: is('property.returned'),
    notBeforeTrigger: true,
  },
  {
    rule: 'R-REC-07',
    types: ['interrogation.ended', 'recording.uploaded'],
    key: 'session_id',
    trigger: is('interrogation.ended'),
    limit: fixed(RULE_LIMITS['R-REC-07']),
    satisfier: is('recording.uploaded'),
  },
  {
    rule: 'R-REC-01',
    types: ['incident.arrived', 'recording.uploaded'],
    key: 'incident_id',
    trigger: is('incident.arrived'),
    limit: fixed(RULE_LIMITS['R-REC-01']),
    satisfier: (e) => e.type === 'recording.uploaded' && attr(e, 'kind') === 'bodycam',
  },
];

/** A person-keyed v2 rule: trigger type, satisfier types (and a refinement), limit. */
function personRule(
  rule: 'R-PER-01' | 'R-PER-02' | 'R-PER-04' | 'R-PER-05' | 'R-PER-06' | 'R-PER-07',
  trigger: EventType,
  satisfiers: EventType[],
  refine: (e: PoliceEvent) => boolean = () => true,
): DeadlineSpec {
  return {
    rule,
    types: [trigger, ...satisfiers],
    key: 'person_id',
    trigger: is(trigger),
    limit: fixed(RULE_LIMITS[rule]),
    satisfier: (e) => satisfiers.includes(e.type) && refine(e),
    notBeforeTrigger: true,
  };
}

const NOTICES: EventType[] = ['family.notified', 'family.notice_waived'];

const V2: DeadlineSpec[] = [
  personRule('R-PER-01', 'measure.detention', ['custody.admitted']),
  personRule('R-PER-02', 'measure.detention', NOTICES, notice('detention')),
  {
    rule: 'R-PER-03',
    types: [
      'measure.detention',
      'measure.arrest_requested',
      'measure.released',
      'measure.bail',
      'measure.surveillance',
    ],
    key: 'person_id',
    trigger: is('measure.detention'),
    limit: fixed(RULE_LIMITS['R-PER-03']),
    extension: { type: 'measure.detention_extended', limit: daysExtension('R-PER-03') },
    satisfier: is('measure.arrest_requested', 'measure.released', 'measure.bail', 'measure.surveillance'),
    notBeforeTrigger: true,
  },
  personRule('R-PER-04', 'measure.arrest', ['interrogation.started']),
  personRule('R-PER-05', 'measure.arrest', NOTICES, notice('arrest')),
  personRule('R-PER-06', 'measure.bail', ['measure.bail_lifted', 'measure.arrest']),
  personRule('R-PER-07', 'measure.surveillance', ['measure.surveillance_lifted', 'measure.arrest']),
  {
    rule: 'R-PER-09',
    types: ['measure.surveillance', ...NOTICES],
    key: 'person_id',
    trigger: (e) => e.type === 'measure.surveillance' && attr(e, 'designated_residence') === true,
    limit: fixed(RULE_LIMITS['R-PER-09']),
    satisfier: notice('residential_surveillance'),
    notBeforeTrigger: true,
  },
  {
    rule: 'R-LAW-02',
    types: ['legal_review.submitted', 'legal_review.passed', 'legal_review.failed'],
    key: 'case_id',
    trigger: is('legal_review.submitted'),
    limit: fixed(RULE_LIMITS['R-LAW-02']),
    satisfier: is('legal_review.passed', 'legal_review.failed'),
    notBeforeTrigger: true,
  },
  {
    rule: 'R-PRO-07',
    types: ['property.preserved', 'property.preservation_decided'],
    key: 'item_id',
    trigger: is('property.preserved'),
    limit: fixed(RULE_LIMITS['R-PRO-07']),
    satisfier: is('property.preservation_decided'),
    notBeforeTrigger: true,
  },
];

export const SPECS: readonly DeadlineSpec[] = [...V1, ...V2];
