/**
 * The officer file (CONTRACT.md §8, `GET /api/officers/:officer_id`, managers and admins): the obligations whose
 * trigger names the officer (民警 in `officer_ids`, 辅警 in `auxiliary_ids`), due in a period, with a rate beside
 * every count; never a ranking of officers by raw counts.
 */
import { z } from 'zod';
import type { Supervision } from './supervision.js';

/** The default period when none is given: the last 90 days. */
export const OFFICER_FILE_DEFAULT_DAYS = 90;
/** The longest period one request may cover. */
export const OFFICER_FILE_MAX_DAYS = 3 * 366;

export const officerIdParam = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters (an officer id)');

export const officerFileQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type OfficerFileQuery = z.infer<typeof officerFileQuerySchema>;

/** Counts of one set of obligations, and the rates they make. */
export interface ObligationFigures {
  /** Deadline obligations due in the period (the denominator of the on-time rate). */
  due: number;
  on_time: number;
  late: number;
  /** Past due and still not done. */
  overdue_open: number;
  /** Condition-rule obligations judged in the period (a recording, a review that must exist). */
  conditions: number;
  /** Condition rules found broken. */
  violations: number;
  /** on_time ÷ due; null without any due. */
  on_time_rate: number | null;
  /** (late + overdue_open + violations) ÷ (due + conditions); null without any. */
  violation_rate: number | null;
}

export interface OfficerRuleFigures extends ObligationFigures {
  rule_id: string;
}

export interface OfficerFile {
  officer_id: string;
  from: string;
  to: string;
  totals: ObligationFigures;
  by_rule: OfficerRuleFigures[];
  /** Alerts raised on those obligations (in the caller's scope). */
  alerts: number;
  /** Orders (督办) about those alerts. */
  supervisions: Supervision[];
}
