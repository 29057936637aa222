/**
 * Reports — 通报 (CONTRACT.md §9): the request, the job as listed, and the content every format is printed
 * from. The content is gathered once (server) and rendered to DOCX, PDF and XLSX alike, so the three files
 * carry the same figures. No personal data: rules, units, rates and order numbers only — never names, ID
 * numbers, phones, free-text instructions or answers. Shared by the server and the browser (no node: imports).
 */
import { z } from 'zod';
import type { SupervisionFigures } from './supervision.js';
import type { UnitLevel } from './units.js';

export const REPORT_PERIODS = ['month', 'quarter', 'year', 'custom'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIODS)[number];
export const REPORT_FORMATS = ['docx', 'pdf', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD in the unit’s time zone');

/** POST /api/reports. month/quarter/year: the one containing `from` (default: the last complete one). */
export const reportRequestSchema = z
  .object({
    unit: z.string().regex(/^\d{2,12}$/, 'unit must be a unit code or prefix (2–12 digits)'),
    period: z.enum(REPORT_PERIODS, { error: 'period must be month, quarter, year or custom' }),
    from: localDate.optional(),
    to: localDate.optional(),
    formats: z.array(z.enum(REPORT_FORMATS)).min(1).max(3).default(['docx', 'pdf', 'xlsx']),
  })
  .strict();
export type ReportRequest = z.infer<typeof reportRequestSchema>;

/** A report job, as GET /api/reports and GET /api/reports/:id return it. */
export interface ReportJob {
  report_id: string;
  state: ReportState;
  /** 0…1. */
  progress: number;
  unit: string;
  unit_name: string | null;
  period: ReportPeriodKind;
  /** Inclusive local dates. */
  from: string;
  to: string;
  title: string;
  requested_by: string;
  requested_at: string;
  finished_at: string | null;
  /** Formats made so far, with sizes; download at GET /api/reports/:id/:format. */
  files: { format: ReportFormat; bytes: number }[];
  error: string | null;
}

/** Socket.IO `report:progress` to the requester (CONTRACT §9); `state` (added) tells done and failed apart. */
export interface ReportProgressEvent {
  report_id: string;
  /** 0…1; at `done` it is 1, at `failed` the last value reached. */
  progress: number;
  state?: ReportState;
}

/** A local-date range and its label: 2026年11月, 2026年第四季度, 2026年, 2026年11月3日至12月2日. */
export interface ReportRange {
  from: string;
  to: string;
  label: string;
}

/** Compliance of a unit (or the whole report) over a range: on_time ÷ due. */
export interface ComplianceFigures {
  /** Obligations of deadline rules due in the range. */
  due: number;
  on_time: number;
  /** Deadline-rule violations (late or missing) among `due`. */
  late_or_missing: number;
  /** Condition-rule violations (no deadline, so outside 应办): counted apart, never in the rate. */
  condition_violations: number;
  compliance_rate: number | null;
  /** The same rate over the previous range, and the change in percentage points (rate now − rate then). */
  previous_rate: number | null;
  change_pp: number | null;
}

export interface ReportRuleRow {
  rule_id: string;
  name: string;
  kind: 'deadline' | 'condition';
  severity: string;
  legal_basis: string;
  /** Deadline rules: obligations due; null for condition rules. */
  due: number | null;
  violations: number;
  /** violations ÷ due for deadline rules; null for condition rules. */
  violation_rate: number | null;
}

export interface ReportUnitRow extends ComplianceFigures {
  /** 1 = best compliance; units with nothing due are listed last, unranked (null). */
  rank: number | null;
  code: string;
  name: string | null;
  level: UnitLevel;
}

/** 督办 figures over the range (orders issued in it), each count with its rate ÷ issued, as the trends give them. */
export type ReportOrders = SupervisionFigures & {
  /** Every 挂牌督办 (level `listed`) issued in the range or still open at its end. */
  listed: ReportListedOrder[];
};

export interface ReportListedOrder {
  supervision_id: string;
  unit_code: string;
  unit_name: string | null;
  issued_at: string;
  state: string;
  feedback_due_at: string;
  overdue: string;
  /** The rules of the alerts it is about (titles), never the instructions' free text. */
  rules: string[];
}

/** One point per day (or per month for a year): the chart's series. */
export interface ReportSeriesPoint {
  /** Local date (day) or YYYY-MM (month). */
  t: string;
  due: number;
  violations: number;
  compliance_rate: number | null;
}

export interface ReportContent {
  /** 「××公安局执法监督通报（2026年11月）」. */
  title: string;
  unit: { code: string; name: string | null; level: UnitLevel };
  period: ReportPeriodKind;
  range: ReportRange;
  previous: ReportRange;
  time_zone: string;
  generated_at: string;
  summary: ComplianceFigures & { by_severity: Record<'P1' | 'P2' | 'P3' | 'P4', number> };
  rules: ReportRuleRow[];
  /** Direct subordinate units, ranked by compliance rate (never by raw counts). */
  units: ReportUnitRow[];
  orders: ReportOrders;
  series: { bucket: 'day' | 'month'; points: ReportSeriesPoint[] };
}
