/**
 * 考评 — the assessment (CONTRACT.md §9): the ASSESSMENT_FILE format, GET /api/assessment's query and answer.
 * Every input of a score is a RATE (violations ÷ obligations judged per rule category, late order steps ÷ order
 * steps due, how late late work was ÷ a full-penalty lateness); counts of cases, detentions, fines or clearance
 * rates are never inputs (《公安机关执法质量考核评议规定》). Shared by the server and the browser.
 */
import { z } from 'zod';
import type { UnitLevel } from './units.js';

const weight = z
  .number({ error: 'must be a number of points' })
  .min(0, 'must be 0 or more')
  .max(1_000, 'at most 1,000');

/** A rule id (`R-INC-01`) or a prefix ending in `*` (`R-PRO-*`). */
const rulePattern = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}\*?$/, 'must be a rule id such as R-INC-01, or a prefix such as R-PRO-*');

export const assessmentCategorySchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be lower-case letters, digits and _'),
    name: z.string().min(1).max(40),
    name_en: z.string().min(1).max(60),
    /** Points lost at a violation rate of 100 % (a rate of 20 % loses a fifth of them). */
    weight,
    rules: z.array(rulePattern).min(1, 'name at least one rule'),
  })
  .strict();
export type AssessmentCategory = z.infer<typeof assessmentCategorySchema>;

export const assessmentFileSchema = z
  .object({
    version: z.literal(1),
    /** The score of a unit that lost no points. */
    base: z.number().min(1).max(1_000),
    categories: z.array(assessmentCategorySchema).min(1).max(30),
    orders: z
      .object({
        /** Points lost when every 督办 order due to be received was received late (or not at all). */
        received_late: weight,
        /** Points lost when every order due to be answered was answered late (or not at all). */
        answered_late: weight,
      })
      .strict(),
    lateness: z
      .object({
        weight,
        /** Work done this many hours (or more) past its deadline counts as fully late. */
        full_at_hours: z.number().min(1).max(8_760),
      })
      .strict(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const ids = new Set<string>();
    f.categories.forEach((c, i) => {
      if (ids.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: 'duplicate id' });
      ids.add(c.id);
    });
  });
export type AssessmentFile = z.infer<typeof assessmentFileSchema>;

/** Does a category's pattern name a rule id. */
export function patternMatches(pattern: string, ruleId: string): boolean {
  return pattern.endsWith('*') ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
}

/**
 * The problems of a file against the rules in force, each with its JSON path: a rule in no category, or in two
 * (its violations would count nowhere, or twice), and a pattern that names no rule (a typo).
 */
export function assessmentRuleProblems(file: AssessmentFile, ruleIds: readonly string[]): string[] {
  const problems: string[] = [];
  for (const id of ruleIds) {
    const homes = file.categories.filter((c) => c.rules.some((p) => patternMatches(p, id)));
    if (homes.length === 0) problems.push(`categories: rule ${id} (in force) is in no category`);
    if (homes.length > 1)
      problems.push(`categories: rule ${id} is in ${homes.map((c) => c.id).join(' and ')}`);
  }
  file.categories.forEach((c, i) =>
    c.rules.forEach((p, j) => {
      if (!ruleIds.some((id) => patternMatches(p, id)))
        problems.push(`categories.${i}.rules.${j}: ${p} names no rule in force`);
    }),
  );
  return problems;
}

/** The category a rule counts in (null: none). */
export function categoryOf(file: AssessmentFile, ruleId: string): AssessmentCategory | null {
  return file.categories.find((c) => c.rules.some((p) => patternMatches(p, ruleId))) ?? null;
}

// ---- GET /api/assessment ----

const isoDate = z.iso.datetime({ offset: true });

export const assessmentQuerySchema = z
  .object({
    /** The unit whose direct subordinates are assessed (default: your scope). */
    unit: z
      .string()
      .regex(/^\d{1,12}$/, 'must be a unit-code prefix of digits')
      .optional(),
    from: isoDate,
    to: isoDate,
  })
  .strict();
export type AssessmentQuery = z.infer<typeof assessmentQuerySchema>;

export type AssessmentComponentKind = 'category' | 'orders_received' | 'orders_answered' | 'lateness';

export interface AssessmentComponent {
  /** The category id, or `orders_received`, `orders_answered`, `lateness`. */
  id: string;
  kind: AssessmentComponentKind;
  name: string;
  name_en: string;
  /** Points lost at a rate of 100 %. */
  weight: number;
  /** What the rate is made of: violations ÷ judged; late steps ÷ steps due; Σ capped lateness ÷ late work. */
  numerator: number;
  denominator: number;
  /** 0..1; null when nothing of this kind was due (then it costs nothing). */
  rate: number | null;
  /** weight × rate (0 when rate is null). */
  points_lost: number;
  /** The same rate over the previous period (same length, just before). */
  previous_rate: number | null;
}

export interface AssessmentUnit {
  prefix: string;
  code: string;
  name: string | null;
  level: UnitLevel;
  /** base − Σ points lost, clamped to [0, base]; null when nothing was due (`nothing_due`: 无应办事项). */
  score: number | null;
  status: 'scored' | 'nothing_due';
  previous_score: number | null;
  components: AssessmentComponent[];
}

export interface AssessmentResponse {
  unit: string;
  level: UnitLevel;
  from: string;
  to: string;
  previous: { from: string; to: string };
  base: number;
  /** The lateness at which late work counts as fully late (ASSESSMENT_FILE `lateness.full_at_hours`). */
  full_at_hours: number;
  /** The formula in words, as the README states it. */
  formula: string;
  units: AssessmentUnit[];
}

export const ASSESSMENT_FORMULA =
  'score = base − Σ weight × rate, clamped to [0, base]; rate per rule category = violations ÷ obligations judged; ' +
  'orders = late steps ÷ steps due; lateness = mean of min(hours late, full_at_hours) ÷ full_at_hours; ' +
  'a component with nothing due costs nothing; a unit with nothing due at all has no score (无应办事项)';
