/**
 * Ground truth of a simulated scenario: every obligation and condition violation the events imply, against
 * which the alert engine is scored (precision and recall per rule). The simulator computes it from the final,
 * deduplicated set of events it emitted within [start, end] (see truth-oracle.ts), so it reflects exactly what
 * an engine that received those events can know; the planned outcomes are cross-checked against it in tests.
 *
 * Reading of RULES.md + CONTRACT.md §2 used here (limits are the catalogue defaults, RULE_LIMITS below):
 *
 * | rule     | trigger (one obligation per key; earliest occurred_at wins) | key        | due_at = trigger + … ; extension (new limit from the trigger)          | satisfier (earliest occurred_at counts)                 |
 * | -------- | ------------------------------------------------------------ | ---------- | ----------------------------------------------------------------------- | -------------------------------------------------------- |
 * | R-INC-01 | incident.closed, attrs.nature ∈ {criminal, public_order}      | incident_id| 24 h                                                                    | case.registered with that incident_id (any case_kind)    |
 * | R-INC-05 | case.registered, attrs.case_kind = criminal                   | case_id    | 3 days holiday_end; case.review_extended → attrs.days, holiday_end      | case.filed or case.not_filed                             |
 * | R-INC-04 | case.registered, attrs.case_kind = administrative             | case_id    | 24 h; case.review_extended → attrs.days, holiday_end                    | case.accepted or case.not_accepted                       |
 * | R-ADM-01 | case.accepted                                                 | case_id    | 30 days holiday_end; case.deadline_extended → attrs.days, holiday_end   | case.decided                                             |
 * | R-INC-13 | incident.dispatched                                           | incident_id| 24 h                                                                    | incident.closed                                          |
 * | R-PER-16 | area.entered                                                  | stay_id    | vulnerable=true 4 h, else by basis: admin_questioning 8 h, criminal_summons / forced_summons / continued_questioning 12 h; area.limit_extended → attrs.hours | area.left |
 * | R-PER-08 | measure.detention                                             | person_id  | 24 h                                                                    | interrogation.started with that person_id                |
 * | R-PRO-02 | property.seized with attrs.custody = police or absent          | item_id    | 24 h                                                                    | property.stored                                          |
 * | R-PRO-05 | property.checked_out                                          | item_id    | the trigger's attrs.due_back_at (no extension)                          | property.returned                                        |
 * | R-PRO-12 | case.closed (earliest for the case), one obligation per item_id of every property.seized with that case_id | item_id | 30 days holiday_end | property.disposed with that item_id |
 * | R-REC-07 | interrogation.ended                                           | session_id | 24 h                                                                    | recording.uploaded with that session_id (any kind)       |
 * | R-REC-01 | incident.arrived                                              | incident_id| 24 h                                                                    | recording.uploaded, attrs.kind = bodycam, that incident_id |
 * | R-PER-01 | measure.detention                                             | person_id  | 24 h                                                                    | custody.admitted ¹                                       |
 * | R-PER-02 | measure.detention                                             | person_id  | 24 h                                                                    | family.notified / family.notice_waived, attrs.measure = detention ¹ |
 * | R-PER-03 | measure.detention                                             | person_id  | 3 days natural; measure.detention_extended → attrs.days (7 / 30), natural | measure.arrest_requested / released / bail / surveillance ¹ |
 * | R-PER-04 | measure.arrest                                                | person_id  | 24 h                                                                    | interrogation.started with that person_id ¹              |
 * | R-PER-05 | measure.arrest                                                | person_id  | 24 h                                                                    | family notice, attrs.measure = arrest ¹                  |
 * | R-PER-06 | measure.bail                                                  | person_id  | 12 months natural                                                       | measure.bail_lifted or measure.arrest ¹                  |
 * | R-PER-07 | measure.surveillance                                          | person_id  | 6 months natural                                                        | measure.surveillance_lifted or measure.arrest ¹          |
 * | R-PER-09 | measure.surveillance, attrs.designated_residence = true       | person_id  | 24 h                                                                    | family notice, attrs.measure = residential_surveillance ¹ |
 * | R-LAW-02 | legal_review.submitted                                        | case_id    | 5 working days                                                          | legal_review.passed or legal_review.failed ¹             |
 * | R-PRO-07 | property.preserved                                            | item_id    | 7 working days                                                          | property.preservation_decided ¹                          |
 *
 * ¹ and R-PER-08, R-PRO-05: only a satisfier at or after the trigger's occurred_at counts (not_before_trigger).
 * Days and months are counted by truth-calendar.ts (CONTRACT.md §2.1, the shipped calendar, the unit's
 * province), independently of the engine's legal clock.
 *
 * - Extensions of one key are taken in occurred_at order; each one that occurred strictly before the due_at in
 *   force at that moment replaces it by trigger + its new limit; one at or after that due_at changes nothing.
 *   (The simulator only extends to longer limits and never places an extension exactly on a due_at.)
 * - Outcome: satisfier occurred_at ≤ due_at → on_time; > due_at → late; no satisfier in the window →
 *   never when due_at ≤ end, open when due_at > end. A satisfier before its trigger counts for the rules
 *   without ¹ (the simulator never generates one there); for ¹ rules it is ignored (a person's earlier
 *   interrogation or family notice does not satisfy a later arrest's).
 * - Ties in occurred_at between different events of one key are broken by the smaller event_id; the
 *   simulator does not generate such ties.
 * - unit_code of an entry is the trigger event's unit_code (all events of a chain share the station).
 * - Boundaries are exercised on purpose and count as compliant: a satisfier exactly at due_at (≤), a session
 *   recording whose started_at / ended_at equal the session's start / end (R-REC-08 needs strictly after /
 *   strictly before). Duplicates (same event_id) are identical copies and are counted once.
 *
 * | rule     | condition (judged on the final event set)                                                         | subject    |
 * | -------- | -------------------------------------------------------------------------------------------------- | ---------- |
 * | R-PRO-01 | property.seized, and no case.filed / case.accepted of its case_id with occurred_at strictly before it | item_id    |
 * | R-REC-08 | recording.uploaded with a session_id whose interrogation.started is known, and attrs.started_at > that started.occurred_at, or interrogation.ended is known and attrs.ended_at < ended.occurred_at | session_id |
 * | R-PER-19 | interrogation.started with fewer than 2 officer_ids (absent = 0; auxiliary_ids never count)        | session_id |
 * | R-LAW-01 | case.decided with attrs.requires_legal_review = true and no legal_review.passed of its case at or before it | case_id |
 * | R-AUX-01 | interrogation.started, measure.detention / arrest / bail / surveillance, property.seized or case.decided with auxiliary_ids and no officer_ids | first of session_id, person_id, item_id, case_id |
 */
import type { LinkKey } from '../../common/event-types.js';
import type { TruthPeriod } from './truth-calendar.js';

export const DEADLINE_RULE_IDS = [
  'R-INC-01',
  'R-INC-05',
  'R-INC-04',
  'R-ADM-01',
  'R-INC-13',
  'R-PER-16',
  'R-PER-08',
  'R-PRO-02',
  'R-PRO-05',
  'R-PRO-12',
  'R-REC-07',
  'R-REC-01',
  'R-PER-01',
  'R-PER-02',
  'R-PER-03',
  'R-PER-04',
  'R-PER-05',
  'R-PER-06',
  'R-PER-07',
  'R-PER-09',
  'R-LAW-02',
  'R-PRO-07',
] as const;
export const CONDITION_RULE_IDS = ['R-PRO-01', 'R-REC-08', 'R-PER-19', 'R-LAW-01', 'R-AUX-01'] as const;
export const RULE_IDS = [...DEADLINE_RULE_IDS, ...CONDITION_RULE_IDS] as const;

export type DeadlineRuleId = (typeof DEADLINE_RULE_IDS)[number];
export type ConditionRuleId = (typeof CONDITION_RULE_IDS)[number];
export type RuleId = DeadlineRuleId | ConditionRuleId;
export type Severity = 'P1' | 'P2' | 'P3';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A limit counted in days or months on a calendar (CONTRACT.md §2.1); other limits are exact milliseconds. */
export type RuleLimit = number | TruthPeriod;

const days = (amount: number, calendar: TruthPeriod['calendar']): TruthPeriod => ({
  amount,
  unit: 'd',
  calendar,
});

/** Default limits of RULES.md v2. R-PRO-05 has none: its due_at is the trigger's due_back_at. */
export const RULE_LIMITS = {
  'R-INC-01': 24 * HOUR_MS,
  'R-INC-05': days(3, 'holiday_end'),
  'R-INC-04': 24 * HOUR_MS,
  'R-ADM-01': days(30, 'holiday_end'),
  'R-INC-13': 24 * HOUR_MS,
  'R-PER-08': 24 * HOUR_MS,
  'R-PRO-02': 24 * HOUR_MS,
  'R-PRO-12': days(30, 'holiday_end'),
  'R-REC-07': 24 * HOUR_MS,
  'R-REC-01': 24 * HOUR_MS,
  'R-PER-01': 24 * HOUR_MS,
  'R-PER-02': 24 * HOUR_MS,
  'R-PER-03': days(3, 'natural'),
  'R-PER-04': 24 * HOUR_MS,
  'R-PER-05': 24 * HOUR_MS,
  'R-PER-06': { amount: 12, unit: 'mo', calendar: 'natural' },
  'R-PER-07': { amount: 6, unit: 'mo', calendar: 'natural' },
  'R-PER-09': 24 * HOUR_MS,
  'R-LAW-02': days(5, 'workdays'),
  'R-PRO-07': days(7, 'workdays'),
} as const satisfies Partial<Record<DeadlineRuleId, RuleLimit>>;

/** How the day extensions of a rule count (attrs.days from the trigger, on the rule's calendar). */
export const EXTENSION_CALENDAR = {
  'R-INC-05': 'holiday_end',
  'R-INC-04': 'holiday_end',
  'R-ADM-01': 'holiday_end',
  'R-PER-03': 'natural',
} as const satisfies Partial<Record<DeadlineRuleId, TruthPeriod['calendar']>>;

export const extensionDays = (rule: keyof typeof EXTENSION_CALENDAR, n: number): TruthPeriod =>
  days(n, EXTENSION_CALENDAR[rule]);

/** R-PER-16 limits by `basis`, and for vulnerable persons whatever the basis. */
export const STAY_LIMITS = {
  admin_questioning: 8 * HOUR_MS,
  criminal_summons: 12 * HOUR_MS,
  forced_summons: 12 * HOUR_MS,
  continued_questioning: 12 * HOUR_MS,
  vulnerable: 4 * HOUR_MS,
} as const;

export type StayBasis = Exclude<keyof typeof STAY_LIMITS, 'vulnerable'>;

/** Severity per RULES.md when the rule has one fixed level. */
export const FIXED_SEVERITY: Record<Exclude<RuleId, 'R-INC-01' | 'R-REC-07'>, Severity> = {
  'R-INC-05': 'P2',
  'R-INC-04': 'P2',
  'R-ADM-01': 'P2',
  'R-INC-13': 'P3',
  'R-PER-16': 'P1',
  'R-PER-08': 'P2',
  'R-PRO-02': 'P2',
  'R-PRO-05': 'P2',
  'R-PRO-12': 'P3',
  'R-REC-01': 'P2',
  'R-PRO-01': 'P1',
  'R-REC-08': 'P1',
  'R-PER-19': 'P2',
  'R-PER-01': 'P1',
  'R-PER-02': 'P2',
  'R-PER-03': 'P1',
  'R-PER-04': 'P2',
  'R-PER-05': 'P2',
  'R-PER-06': 'P2',
  'R-PER-07': 'P2',
  'R-PER-09': 'P2',
  'R-LAW-02': 'P3',
  'R-PRO-07': 'P2',
  'R-LAW-01': 'P1',
  'R-AUX-01': 'P1',
};

export type DeadlineOutcome = 'on_time' | 'late' | 'never' | 'open';

/** The subject key of an obligation: exactly one link key and its value, e.g. { incident_id: "J…" }. */
export type Subject = Partial<Record<LinkKey, string>>;

export interface DeadlineTruth {
  kind: 'deadline';
  rule_id: DeadlineRuleId;
  subject: Subject;
  unit_code: string;
  trigger_event_id: string;
  /** ISO-8601 UTC with milliseconds. */
  due_at: string;
  outcome: DeadlineOutcome;
  /** The earliest satisfier, when there is one (outcomes on_time and late). */
  satisfier_event_id?: string;
  /** R-INC-01 is P1 for nature criminal; R-REC-07 is P1 when the session had recording_required. */
  severity: Severity;
}

export interface ConditionTruth {
  kind: 'condition';
  rule_id: ConditionRuleId;
  subject: Subject;
  unit_code: string;
  /** The event that is the violation (the seizure, the recording, the interrogation start). */
  trigger_event_id: string;
  outcome: 'violation';
  severity: Severity;
}

export type GroundTruthEntry = DeadlineTruth | ConditionTruth;

export function isDeadlineRule(rule: RuleId): rule is DeadlineRuleId {
  return (DEADLINE_RULE_IDS as readonly string[]).includes(rule);
}
