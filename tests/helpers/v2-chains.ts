/**
 * One event chain per v2 rule (RULES.md v2) and per calendar case, with the alert each must raise — or none —
 * and its due time written out by hand from the law's counting (CONTRACT.md §2.1) and the published 2026
 * holidays (National Day 10-01…07 with 调休 Saturday 10-10; Labour Day 05-01…05-05; Guangxi 三月三 04-17 and
 * 04-20 off). Used by the memory-engine test and by the end-to-end test over HTTP.
 */
import type { PoliceEvent } from '../../common/events.js';
import type { EventType } from '../../common/event-types.js';

/** A Beijing wall time. */
export const bj = (local: string): number => Date.parse(`${local}+08:00`);
/** The end of a Beijing day (its last millisecond): where a period counted in days ends. */
export const endOfDay = (date: string): string => new Date(bj(`${date}T23:59:59.999`)).toISOString();
const plus = (local: string, hours: number): string => new Date(bj(local) + hours * 3_600_000).toISOString();

export interface ExpectedAlert {
  alert_id: string;
  due_at: string;
  severity: 'P1' | 'P2' | 'P3';
  /** `late`: the satisfier came after due_at; null: still open. */
  resolution: 'late' | null;
  calendar_missing?: true;
}

export interface V2Chain {
  name: string;
  rule: string;
  events: PoliceEvent[];
  expect: ExpectedAlert[];
}

const BEIJING = '110105000000';
const NANNING = '450102000000';

let n = 0;
function e(type: EventType, local: string, fields: Partial<PoliceEvent> = {}): PoliceEvent {
  n += 1;
  const occurred_at = new Date(bj(local)).toISOString();
  return { event_id: `v2-${n}`, type, occurred_at, unit_code: BEIJING, ...fields };
}

const late = (alert_id: string, due_at: string, severity: ExpectedAlert['severity']): ExpectedAlert => ({
  alert_id,
  due_at,
  severity,
  resolution: 'late',
});
const open = (alert_id: string, due_at: string, severity: ExpectedAlert['severity']): ExpectedAlert => ({
  alert_id,
  due_at,
  severity,
  resolution: null,
});

export const V2_CHAINS: V2Chain[] = [
  {
    name: 'R-PER-01 taken to the 看守所 25 h after detention: late (24 h exact)',
    rule: 'R-PER-01',
    events: [
      e('measure.detention', '2026-05-10T10:00:00', {
        person_id: 'P01',
        case_id: 'C01',
        officer_ids: ['o1', 'o2'],
      }),
      e('custody.admitted', '2026-05-11T11:00:00', { person_id: 'P01' }),
    ],
    expect: [late('R-PER-01:person_id:P01', plus('2026-05-10T10:00:00', 24), 'P1')],
  },
  {
    name: 'R-PER-02 family notified, but of an arrest: the detention notice is still missing',
    rule: 'R-PER-02',
    events: [
      e('measure.detention', '2026-05-10T10:00:00', {
        person_id: 'P02',
        case_id: 'C02',
        officer_ids: ['o1', 'o2'],
      }),
      e('family.notified', '2026-05-10T12:00:00', { person_id: 'P02', attrs: { measure: 'arrest' } }),
    ],
    expect: [open('R-PER-02:person_id:P02', plus('2026-05-10T10:00:00', 24), 'P2')],
  },
  {
    name: 'R-PER-03 detention 09-29, extended to 7 days on 10-01, arrest requested 10-06: on time (natural)',
    rule: 'R-PER-03',
    events: [
      e('measure.detention', '2026-09-29T15:00:00', {
        person_id: 'P03',
        case_id: 'C03',
        officer_ids: ['o1', 'o2'],
      }),
      e('measure.detention_extended', '2026-10-01T09:00:00', { person_id: 'P03', attrs: { days: 7 } }),
      e('measure.arrest_requested', '2026-10-06T20:00:00', { person_id: 'P03', case_id: 'C03' }),
    ],
    expect: [],
  },
  {
    name: 'R-PER-03 detention 09-29, no extension, requested 10-03: late; 3 days natural end 10-02, not moved',
    rule: 'R-PER-03',
    events: [
      e('measure.detention', '2026-09-29T15:00:00', {
        person_id: 'P03b',
        case_id: 'C03b',
        officer_ids: ['o1', 'o2'],
      }),
      e('measure.arrest_requested', '2026-10-03T10:00:00', { person_id: 'P03b', case_id: 'C03b' }),
    ],
    expect: [late('R-PER-03:person_id:P03b', endOfDay('2026-10-02'), 'P1')],
  },
  {
    name: 'R-PER-04 arrested, never interrogated',
    rule: 'R-PER-04',
    events: [
      e('measure.arrest', '2026-06-01T09:30:00', { person_id: 'P04', case_id: 'C04', officer_ids: ['o1'] }),
    ],
    expect: [open('R-PER-04:person_id:P04', plus('2026-06-01T09:30:00', 24), 'P2')],
  },
  {
    name: 'R-PER-05 arrest, notice waived (有碍侦查) within 24 h: on time',
    rule: 'R-PER-05',
    events: [
      e('measure.arrest', '2026-06-01T09:30:00', { person_id: 'P05', case_id: 'C05', officer_ids: ['o1'] }),
      e('family.notice_waived', '2026-06-01T20:00:00', {
        person_id: 'P05',
        attrs: { measure: 'arrest', reason: 'obstructs_investigation' },
      }),
    ],
    expect: [],
  },
  {
    name: 'R-PER-06 bail from 2025-03-15 never lifted: 12 months natural, end of 2026-03-15',
    rule: 'R-PER-06',
    events: [
      e('measure.bail', '2025-03-15T10:00:00', { person_id: 'P06', case_id: 'C06', officer_ids: ['o1'] }),
    ],
    expect: [open('R-PER-06:person_id:P06', endOfDay('2026-03-15'), 'P2')],
  },
  {
    name: 'R-PER-07 surveillance from 01-31, lifted 08-01: 6 months natural end 07-31, late',
    rule: 'R-PER-07',
    events: [
      e('measure.surveillance', '2026-01-31T10:00:00', {
        person_id: 'P07',
        case_id: 'C07',
        officer_ids: ['o1'],
      }),
      e('measure.surveillance_lifted', '2026-08-01T09:00:00', { person_id: 'P07' }),
    ],
    expect: [late('R-PER-07:person_id:P07', endOfDay('2026-07-31'), 'P2')],
  },
  {
    name: 'R-PER-09 designated-residence surveillance, family told after 30 h: late',
    rule: 'R-PER-09',
    events: [
      e('measure.surveillance', '2026-07-01T08:00:00', {
        person_id: 'P09',
        case_id: 'C09',
        officer_ids: ['o1'],
        attrs: { designated_residence: true },
      }),
      e('family.notified', '2026-07-02T14:00:00', {
        person_id: 'P09',
        attrs: { measure: 'residential_surveillance' },
      }),
    ],
    expect: [late('R-PER-09:person_id:P09', plus('2026-07-01T08:00:00', 24), 'P2')],
  },
  {
    name: 'R-LAW-02 submitted 09-30, 5 working days across National Day (with 调休 Saturday 10-10) end 10-13; passed 10-14: late',
    rule: 'R-LAW-02',
    events: [
      e('legal_review.submitted', '2026-09-30T16:00:00', {
        case_id: 'C10',
        attrs: { decision_kind: '行政拘留' },
      }),
      e('legal_review.passed', '2026-10-14T09:00:00', { case_id: 'C10' }),
    ],
    expect: [late('R-LAW-02:case_id:C10', endOfDay('2026-10-13'), 'P3')],
  },
  {
    name: 'R-PRO-07 Nanning: 7 working days from 04-15 skip 三月三 (04-17, 04-20), end 04-28; decided 04-27: on time',
    rule: 'R-PRO-07',
    events: [
      e('property.preserved', '2026-04-15T10:00:00', { item_id: 'W11', case_id: 'C11', unit_code: NANNING }),
      e('property.preservation_decided', '2026-04-27T10:00:00', {
        item_id: 'W11',
        unit_code: NANNING,
        attrs: { outcome: 'seized' },
      }),
    ],
    expect: [],
  },
  {
    name: 'R-PRO-07 Beijing: the same 7 working days end 04-24; decided 04-27: late',
    rule: 'R-PRO-07',
    events: [
      e('property.preserved', '2026-04-15T10:00:00', { item_id: 'W12', case_id: 'C12' }),
      e('property.preservation_decided', '2026-04-27T10:00:00', {
        item_id: 'W12',
        attrs: { outcome: 'returned' },
      }),
    ],
    expect: [late('R-PRO-07:item_id:W12', endOfDay('2026-04-24'), 'P2')],
  },
  {
    name: 'R-INC-05 (v1, now holiday_end) registered 09-29: 3rd day 10-02 is a holiday → ends 10-08; filed 10-09: late',
    rule: 'R-INC-05',
    events: [
      e('case.registered', '2026-09-29T15:00:00', { case_id: 'C13', attrs: { case_kind: 'criminal' } }),
      e('case.filed', '2026-10-09T10:00:00', { case_id: 'C13' }),
    ],
    expect: [late('R-INC-05:case_id:C13', endOfDay('2026-10-08'), 'P2')],
  },
  {
    name: 'R-INC-05 registered 09-29, filed 10-08 evening: on time (it was 10-02 under v1)',
    rule: 'R-INC-05',
    events: [
      e('case.registered', '2026-09-29T15:00:00', { case_id: 'C14', attrs: { case_kind: 'criminal' } }),
      e('case.filed', '2026-10-08T20:00:00', { case_id: 'C14' }),
    ],
    expect: [],
  },
  {
    name: 'R-INC-05 registered 2026-12-30, never filed: the calendar lacks 2027 → natural end 2027-01-02, flagged',
    rule: 'R-INC-05',
    events: [
      e('case.registered', '2026-12-30T10:00:00', { case_id: 'C15', attrs: { case_kind: 'criminal' } }),
    ],
    expect: [{ ...open('R-INC-05:case_id:C15', endOfDay('2027-01-02'), 'P2'), calendar_missing: true }],
  },
  {
    name: 'R-LAW-01 a decision needing review, passed only afterwards: violation',
    rule: 'R-LAW-01',
    events: [
      e('legal_review.submitted', '2026-06-10T09:00:00', {
        case_id: 'C16',
        attrs: { decision_kind: '吊销许可证' },
      }),
      e('case.decided', '2026-06-10T15:00:00', {
        case_id: 'C16',
        officer_ids: ['o1', 'o2'],
        attrs: { requires_legal_review: true },
      }),
      e('legal_review.passed', '2026-06-11T09:00:00', { case_id: 'C16' }),
    ],
    expect: [open('R-LAW-01:event_id:v2-DECIDED', '', 'P1')],
  },
  {
    name: 'R-LAW-01 review passed before the decision: none',
    rule: 'R-LAW-01',
    events: [
      e('legal_review.passed', '2026-06-10T09:00:00', { case_id: 'C17' }),
      e('case.decided', '2026-06-10T15:00:00', {
        case_id: 'C17',
        officer_ids: ['o1', 'o2'],
        attrs: { requires_legal_review: true },
      }),
    ],
    expect: [],
  },
  {
    name: 'R-AUX-01 an auxiliary interrogating alone: violation',
    rule: 'R-AUX-01',
    events: [
      e('interrogation.started', '2026-06-12T10:00:00', {
        session_id: 'S18',
        person_id: 'P18',
        auxiliary_ids: ['a1'],
      }),
    ],
    expect: [open('R-AUX-01:event_id:v2-AUX', '', 'P1')],
  },
  {
    name: 'R-AUX-01 a detention by an officer with an auxiliary: none',
    rule: 'R-AUX-01',
    events: [
      e('measure.detention', '2026-06-12T10:00:00', {
        person_id: 'P19',
        case_id: 'C19',
        officer_ids: ['o1'],
        auxiliary_ids: ['a1'],
      }),
    ],
    expect: [],
  },
  {
    name: 'R-PER-19 one officer and one auxiliary: still a single-officer interrogation',
    rule: 'R-PER-19',
    events: [
      e('interrogation.started', '2026-06-12T11:00:00', {
        session_id: 'S20',
        person_id: 'P20',
        officer_ids: ['o1'],
        auxiliary_ids: ['a1'],
      }),
    ],
    expect: [open('R-PER-19:event_id:v2-PER19', '', 'P2')],
  },
];

/** Condition alerts are named by their event: fill in the ids and due times (the event's own time). */
for (const chain of V2_CHAINS) {
  for (const x of chain.expect) {
    if (!x.alert_id.includes(':event_id:v2-')) continue;
    const subject = chain.events.find((ev) =>
      chain.rule === 'R-LAW-01' ? ev.type === 'case.decided' : ev.type === 'interrogation.started',
    );
    if (!subject) throw new Error(`no subject event in ${chain.name}`);
    x.alert_id = `${chain.rule}:event_id:${subject.event_id}`;
    x.due_at = subject.occurred_at;
  }
}
