/** One fixture per deadline rule of the default catalogue: how to trigger it and how to satisfy it. */
import type { Severity } from '../../common/rules.js';
import type { PoliceEvent } from '../../common/events.js';
import { D, H, ev, iso } from './engine-helpers.js';

/** The end of a day in Beijing (its last millisecond): where a period counted in days ends. */
const endOfBeijingDay = (date: string) => Date.parse(`${date}T23:59:59.999+08:00`);

export interface DeadlineFixture {
  rule: string;
  alertId: string;
  /** Events that open the obligation at `at` (a join needs two). */
  trigger: (at: number) => PoliceEvent[];
  satisfier: (at: number) => PoliceEvent;
  limit: number;
  /**
   * The due time of a trigger at T0 (Monday 2026-03-02 08:00 in Beijing) when the limit is counted in days
   * on the calendar (CONTRACT §2.1), written out by hand; absent: T0 + limit (an exact limit).
   */
  due?: number;
  lead: number | null;
  severity: Severity;
  /** An extension event setting the limit to `to` (ms) from the trigger; `due`: its due time from T0, by hand. */
  extension?: { make: (at: number) => PoliceEvent; to: number; due?: number };
  /** Satisfiers that occurred before the trigger do not count. */
  notBeforeTrigger?: boolean;
}

const seizedElsewhere = (at: number) =>
  ev('property.seized', at - 10 * D, { item_id: 'T9', case_id: 'C9', attrs: { custody: 'third_party' } });

export const FIXTURES: DeadlineFixture[] = [
  {
    rule: 'R-INC-01',
    alertId: 'R-INC-01:incident_id:I1',
    trigger: (at) => [ev('incident.closed', at, { incident_id: 'I1', attrs: { nature: 'public_order' } })],
    satisfier: (at) =>
      ev('case.registered', at, { case_id: 'C1', incident_id: 'I1', attrs: { case_kind: 'administrative' } }),
    limit: 24 * H,
    lead: 4 * H,
    severity: 'P2',
  },
  {
    rule: 'R-INC-05',
    alertId: 'R-INC-05:case_id:C1',
    trigger: (at) => [ev('case.registered', at, { case_id: 'C1', attrs: { case_kind: 'criminal' } })],
    satisfier: (at) => ev('case.not_filed', at, { case_id: 'C1' }),
    limit: 3 * D,
    due: endOfBeijingDay('2026-03-05'), // days 3, 4, 5 (Thursday)
    lead: D,
    severity: 'P2',
    extension: {
      make: (at) => ev('case.review_extended', at, { case_id: 'C1', attrs: { days: 7 } }),
      to: 7 * D,
      due: endOfBeijingDay('2026-03-09'), // the 7th day is Monday 03-09
    },
  },
  {
    rule: 'R-INC-04',
    alertId: 'R-INC-04:case_id:C1',
    trigger: (at) => [ev('case.registered', at, { case_id: 'C1', attrs: { case_kind: 'administrative' } })],
    satisfier: (at) => ev('case.accepted', at, { case_id: 'C1' }),
    limit: 24 * H,
    lead: 4 * H,
    severity: 'P2',
    extension: {
      make: (at) => ev('case.review_extended', at, { case_id: 'C1', attrs: { days: 3 } }),
      to: 3 * D,
      due: endOfBeijingDay('2026-03-05'),
    },
  },
  {
    rule: 'R-ADM-01',
    alertId: 'R-ADM-01:case_id:C1',
    trigger: (at) => [ev('case.accepted', at, { case_id: 'C1' })],
    satisfier: (at) => ev('case.decided', at, { case_id: 'C1' }),
    limit: 30 * D,
    due: endOfBeijingDay('2026-04-01'), // 03-02 + 30 days (Wednesday)
    lead: 5 * D,
    severity: 'P2',
    extension: {
      make: (at) => ev('case.deadline_extended', at, { case_id: 'C1', attrs: { days: 60 } }),
      to: 60 * D,
      due: endOfBeijingDay('2026-05-06'), // 05-01 is Labour Day (05-01…05-05 off): the next working day
    },
  },
  {
    rule: 'R-INC-13',
    alertId: 'R-INC-13:incident_id:I1',
    trigger: (at) => [ev('incident.dispatched', at, { incident_id: 'I1' })],
    satisfier: (at) => ev('incident.closed', at, { incident_id: 'I1', attrs: { nature: 'traffic' } }),
    limit: 24 * H,
    lead: null,
    severity: 'P3',
  },
  {
    rule: 'R-PER-16',
    alertId: 'R-PER-16:stay_id:S1',
    trigger: (at) => [
      ev('area.entered', at, { person_id: 'P1', stay_id: 'S1', attrs: { basis: 'admin_questioning' } }),
    ],
    satisfier: (at) => ev('area.left', at, { stay_id: 'S1' }),
    limit: 8 * H,
    lead: 2 * H,
    severity: 'P1',
    extension: {
      make: (at) => ev('area.limit_extended', at, { stay_id: 'S1', attrs: { hours: 12 } }),
      to: 12 * H,
    },
  },
  {
    rule: 'R-PER-08',
    alertId: 'R-PER-08:person_id:P1',
    trigger: (at) => [ev('measure.detention', at, { person_id: 'P1', case_id: 'C1' })],
    satisfier: (at) =>
      ev('interrogation.started', at, { session_id: 'N1', person_id: 'P1', officer_ids: ['o1', 'o2'] }),
    limit: 24 * H,
    lead: 4 * H,
    severity: 'P2',
    notBeforeTrigger: true,
  },
  {
    rule: 'R-PRO-02',
    alertId: 'R-PRO-02:item_id:T1',
    trigger: (at) => [ev('property.seized', at, { item_id: 'T1', case_id: 'C1' })],
    satisfier: (at) => ev('property.stored', at, { item_id: 'T1' }),
    limit: 24 * H,
    lead: 4 * H,
    severity: 'P2',
  },
  {
    rule: 'R-PRO-05',
    alertId: 'R-PRO-05:item_id:T1',
    trigger: (at) => [
      ev('property.checked_out', at, { item_id: 'T1', attrs: { due_back_at: iso(at + 2 * D) } }),
    ],
    satisfier: (at) => ev('property.returned', at, { item_id: 'T1' }),
    limit: 2 * D,
    lead: 2 * H,
    severity: 'P2',
    notBeforeTrigger: true,
  },
  {
    rule: 'R-PRO-12',
    alertId: 'R-PRO-12:item_id:T1',
    trigger: (at) => [
      ev('property.seized', at - 20 * D, { item_id: 'T1', case_id: 'C1', attrs: { custody: 'third_party' } }),
      ev('case.closed', at, { case_id: 'C1' }),
      seizedElsewhere(at),
    ],
    satisfier: (at) => ev('property.disposed', at, { item_id: 'T1', attrs: { method: 'returned_to_owner' } }),
    limit: 30 * D,
    due: endOfBeijingDay('2026-04-01'),
    lead: 5 * D,
    severity: 'P3',
  },
  {
    rule: 'R-REC-07',
    alertId: 'R-REC-07:session_id:N1',
    trigger: (at) => [ev('interrogation.ended', at, { session_id: 'N1' })],
    satisfier: (at) =>
      ev('recording.uploaded', at, {
        recording_id: 'V1',
        session_id: 'N1',
        attrs: { kind: 'interrogation', started_at: iso(at - 2 * H), ended_at: iso(at - H) },
      }),
    limit: 24 * H,
    lead: null,
    severity: 'P3',
  },
  {
    rule: 'R-REC-01',
    alertId: 'R-REC-01:incident_id:I1',
    trigger: (at) => [ev('incident.arrived', at, { incident_id: 'I1' })],
    satisfier: (at) =>
      ev('recording.uploaded', at, {
        recording_id: 'V1',
        incident_id: 'I1',
        attrs: { kind: 'bodycam', started_at: iso(at - H), ended_at: iso(at) },
      }),
    limit: 24 * H,
    lead: null,
    severity: 'P2',
  },
];
