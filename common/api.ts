/**
 * The HTTP and Socket.IO API beyond CONTRACT.md §3–§4 that the dashboard uses: shapes shared by the server
 * and the browser. Times are ISO-8601 UTC; rates are fractions 0..1.
 */
import { z } from 'zod';
import type { Alert, AlertChange } from './alerts.js';
import type { PoliceEvent } from './events.js';
import type { Unit, UnitLevel } from './units.js';
import type { Supervision, SupervisionChangeKind, SupervisionFigures } from './supervision.js';
import type { ReportProgressEvent } from './report.js';

export const SEVERITY_LEVELS = ['P1', 'P2', 'P3', 'P4'] as const;

/** Query parameters shared by several endpoints, with messages that say what to send. */
const ruleIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be a rule id such as R-INC-01');
const unitPrefixParam = z.string().regex(/^\d{1,12}$/, 'must be a unit-code prefix of digits');

/** GET /api/alerts query (CONTRACT.md §3). */
export const alertsQuerySchema = z
  .object({
    state: z.enum(['open', 'acknowledged', 'resolved', 'active', 'held']).optional(),
    rule_id: ruleIdParam.optional(),
    unit: unitPrefixParam.optional(),
    severity: z.enum(SEVERITY_LEVELS).optional(),
    since_seq: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(20_000).default(1_000),
    /** CONTRACT §6.4: `true` lists only historical alerts; otherwise (default) only live ones. */
    historical: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();
export type AlertsQuery = z.infer<typeof alertsQuerySchema>;

export interface AlertsResponse {
  alerts: Alert[];
  /** The server's seq when the list was read: resume from here. */
  seq: number;
}

export interface AlertDetail extends Alert {
  /** The events behind the alert within the caller's scope (personal data masked for viewers). */
  evidence: PoliceEvent[];
  /** How many more events behind it lie outside the caller's scope (left out of `evidence`). */
  evidence_hidden: number;
  history: AlertChange[];
  /** Its open supervision order, else its latest, else null (scope-filtered like every order). */
  supervision?: Supervision | null;
}

export const noteSchema = z
  .object({ note: z.string().max(2_000, 'at most 2,000 characters').optional() })
  .strict();
export const resolveSchema = z
  .object({
    note: z
      .string({ error: 'a note is required' })
      .trim()
      .min(1, 'a note is required')
      .max(2_000, 'at most 2,000 characters'),
  })
  .strict();

/** GET /api/stats/summary?unit= */
export interface SummaryResponse {
  as_of: string;
  seq: number;
  /** Active (open + acknowledged) overdue alerts by severity; due_soon pre-warnings counted apart. */
  active: Record<'P1' | 'P2' | 'P3', number> & { total: number; acknowledged: number };
  due_soon: number;
  /** Overdue alerts held because a source they depend on is late or silent (not violations yet). */
  held: number;
  /** Overdue alerts raised since local midnight in TIME_ZONE. */
  new_today: number;
  resolved_today: number;
  /** Obligations due in the last 7 days: met on time ÷ due. */
  compliance: { due: number; on_time: number; rate: number | null };
}

const isoDate = z.iso.datetime({ offset: true });

export const trendsQuerySchema = z
  .object({
    from: isoDate,
    to: isoDate,
    bucket: z.enum(['hour', 'day', 'month']).default('hour'),
    unit: unitPrefixParam.optional(),
    rule_id: ruleIdParam.optional(),
    severity: z.enum(SEVERITY_LEVELS).optional(),
  })
  .strict();
export type TrendsQuery = z.infer<typeof trendsQuerySchema>;

export interface TrendPoint {
  /** The bucket's start; violations fall in the bucket in which their deadline passed (event time). */
  t: string;
  raised: number;
  /** Of the bucket's violations, those resolved by now (same time basis as `raised`). */
  resolved: number;
  P1: number;
  P2: number;
  P3: number;
}
export interface TrendsResponse {
  bucket: 'hour' | 'day' | 'month';
  points: TrendPoint[];
}

export const unitsStatsQuerySchema = z
  .object({
    from: isoDate,
    to: isoDate,
    level: z.enum(['province', 'city', 'county', 'station']).default('city'),
    parent: unitPrefixParam.optional(),
    rule_id: ruleIdParam.optional(),
    /** `true`: also each unit's figures per rule (`cells`, the rule × unit heat map). */
    by_rule: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  })
  .strict();
export type UnitsStatsQuery = z.infer<typeof unitsStatsQuerySchema>;

export interface UnitStats {
  /** Prefix of the level (2/4/6/12 digits). */
  prefix: string;
  code: string;
  name: string | null;
  level: UnitLevel;
  /** Obligations due in the range. */
  due: number;
  on_time: number;
  /** Every violation: deadline ones (late + missing) and condition ones. */
  violations: number;
  /** Of the due deadline obligations: met late, and still missing — due = on_time + late + missing. */
  late?: number;
  missing?: number;
  /** Condition rules (an act that is itself a violation, RULES.md): checks made and violations found.
   *  Not part of `due`: they have no deadline to meet. */
  condition_checked?: number;
  condition_violations?: number;
  /** on_time ÷ due; null when nothing was due. */
  compliance_rate: number | null;
  /** Hours past due_at of late satisfiers: median and 90th percentile. */
  lateness_p50_h: number | null;
  lateness_p90_h: number | null;
  /** Minutes from raised to acknowledged, median. */
  ack_p50_min: number | null;
  active: number;
}
export interface UnitsStatsResponse {
  level: UnitLevel;
  units: UnitStats[];
  /** With `by_rule=true`: per unit and rule, obligations judged (deadline due + condition checks) and violations. */
  cells?: UnitRuleCell[];
}

export interface UnitRuleCell {
  prefix: string;
  rule_id: string;
  judged: number;
  violations: number;
}

export interface CountdownItem {
  alert_id: string;
  rule_id: string;
  title: string;
  unit_code: string;
  due_at: string;
  subject: Alert['subject'];
}
export interface CountdownResponse {
  items: CountdownItem[];
}

export interface UnitsResponse {
  units: Unit[];
}

export interface RuleSummary {
  id: string;
  name: string;
  name_en: string;
  kind: 'deadline' | 'condition';
  severity: string;
  legal_basis: string;
}

/** Socket.IO (CONTRACT.md §4 and the wall's periodic stats). */
export interface ServerToClientEvents {
  'alert:changed': (alert: Alert) => void;
  /** A supervision order changed (CONTRACT.md §6): to every socket whose scope covers the order's unit. */
  'supervision:changed': (order: Supervision) => void;
  'stats:update': (summary: SummaryResponse) => void;
  /** A report's progress (CONTRACT.md §9), to the sockets of the user who asked for it. */
  'report:progress': (p: ReportProgressEvent) => void;
}

/** A refused resume says why for a person (`error`) and for a program (`code`): a since_seq that is not a
 *  whole number ≥ 0, changes no longer kept (reload the list), or a passing outage (retry). */
export type ResumeReply =
  | { ok: true; alerts: Alert[]; supervisions?: Supervision[]; seq: number }
  | {
      ok: false;
      error: string;
      code: 'invalid_request' | 'too_far_behind' | 'invalid_token' | 'unavailable';
    };

export interface ClientToServerEvents {
  'alerts:resume': (args: { since_seq: number }, ack: (reply: ResumeReply) => void) => void;
}

/** GET /api/supervisions (CONTRACT.md §6.2), ordered by seq. */
export interface SupervisionsResponse {
  supervisions: Supervision[];
}

/** One action in an order's history. */
export interface SupervisionHistoryEntry {
  seq: number;
  kind: SupervisionChangeKind;
  at: string;
  actor: string | null;
  note: string | null;
}

/** GET /api/supervisions/:id: the order, its alerts (those in the caller's scope) and every action. */
export interface SupervisionDetail extends Supervision {
  alerts: Alert[];
  /** Alerts of the order outside the caller's scope, left out. */
  hidden_alerts: number;
  history: SupervisionHistoryEntry[];
}

/** GET /api/stats/supervisions: orders issued in [from, to] per unit of a level (CONTRACT.md §6). */
export const supervisionStatsQuerySchema = z
  .object({
    from: isoDate,
    to: isoDate,
    level: z.enum(['province', 'city', 'county', 'station']).default('city'),
    parent: unitPrefixParam.optional(),
  })
  .strict();
export type SupervisionStatsQuery = z.infer<typeof supervisionStatsQuerySchema>;

export interface SupervisionUnitStats extends SupervisionFigures {
  prefix: string;
  code: string;
  name: string | null;
  level: UnitLevel;
}
export interface SupervisionStatsResponse {
  level: UnitLevel;
  units: SupervisionUnitStats[];
}
