/**
 * Supervision orders — 督办 (CONTRACT.md §6): the order, its changes, the request bodies and the
 * SUPERVISION_FILE format. Shared by the engine, the server and the browser (no node: imports).
 */
import { z } from 'zod';
import { parseDuration, SEVERITIES } from './rules.js';

/** 提醒 / 督办 / 挂牌督办, in rising weight. */
export const SUPERVISION_LEVELS = ['reminder', 'order', 'listed'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const SUPERVISION_STATES = [
  'issued',
  'received',
  'answered',
  'returned',
  'closed',
  'cancelled',
] as const;
export type SupervisionState = (typeof SUPERVISION_STATES)[number];

/** A step whose deadline passed without it: 签收 (receive) or 反馈 (feedback). */
export const OVERDUE_STEPS = ['receive', 'feedback'] as const;
export type OverdueStep = (typeof OVERDUE_STEPS)[number];

/** Where an order goes: the alert's own unit, or a level above it. */
export const SUPERVISION_TARGETS = ['alert_unit', 'county', 'city', 'province'] as const;
export type SupervisionTarget = (typeof SUPERVISION_TARGETS)[number];

/** The change kinds: each action, plus `overdue` (a deadline passed) and `escalated` (once more, one level up). */
export const SUPERVISION_CHANGE_KINDS = [
  'issued',
  'received',
  'answered',
  'returned',
  'closed',
  'cancelled',
  'overdue',
  'escalated',
] as const;
export type SupervisionChangeKind = (typeof SUPERVISION_CHANGE_KINDS)[number];

/** Orders still waiting for someone: not closed or cancelled. */
export function isOpenOrder(s: Pick<Supervision, 'state'>): boolean {
  return s.state !== 'closed' && s.state !== 'cancelled';
}

const iso = z.iso.datetime();
const unitCode = z.string().regex(/^\d{12}$/, 'must be a 12-digit unit code');
const MAX_TEXT = 2_000;

export const answerSchema = z
  .object({
    at: iso,
    by: z.string(),
    text: z.string(),
    event_ids: z.array(z.string()),
    /** The feedback deadline in force when it was given (a return sets a new one). */
    due_at: iso.optional(),
  })
  .strict();
export type SupervisionAnswer = z.infer<typeof answerSchema>;

export const reviewSchema = z
  .object({ at: iso, by: z.string(), decision: z.enum(['accept', 'return']), note: z.string() })
  .strict();
export type SupervisionReview = z.infer<typeof reviewSchema>;

export const supervisionSchema = z
  .object({
    supervision_id: z.string().min(1),
    seq: z.number().int().nonnegative(),
    level: z.enum(SUPERVISION_LEVELS),
    state: z.enum(SUPERVISION_STATES),
    unit_code: unitCode,
    alert_ids: z.array(z.string()).min(1),
    instructions: z.string(),
    issued_by: z.string(),
    issued_at: iso,
    auto: z.boolean(),
    /** The SUPERVISION_FILE policy that issued it (automatic orders). */
    policy_id: z.string().optional(),
    receive_due_at: iso,
    received_at: iso.nullable(),
    received_by: z.string().nullable(),
    feedback_due_at: iso,
    answers: z.array(answerSchema),
    reviews: z.array(reviewSchema),
    overdue: z.enum(['none', ...OVERDUE_STEPS]),
    /** The highest unit a missed step has escalated to (12 digits), or null. */
    escalated_to: unitCode.nullable(),
    /** How many escalations the current missed step has raised (0: none). */
    escalation: z.number().int().nonnegative(),
    closed_at: iso.nullable(),
    cancelled_at: iso.nullable(),
    /** Day limits whose calendar year was missing: counted as natural days (CONTRACT.md §2.1). */
    calendar_missing: z.literal(true).optional(),
  })
  .strict();
export type Supervision = z.infer<typeof supervisionSchema>;

export const supervisionChangeSchema = z
  .object({
    supervision_id: z.string().min(1),
    kind: z.enum(SUPERVISION_CHANGE_KINDS),
    /** Processing time of the change. */
    at: iso,
    actor: z.string().optional(),
    note: z.string().optional(),
    supervision: supervisionSchema,
  })
  .strict();
export type SupervisionChange = z.infer<typeof supervisionChangeSchema>;

// ---- requests (validated at the edge: cheap bounds first) ----

const text = (what: string, min: number) =>
  z
    .string({ error: `${what} must be a string` })
    .max(MAX_TEXT, `${what}: at most ${MAX_TEXT} characters`)
    .refine((s) => s.trim().length >= min, `${what} is required`);

export const issueRequestSchema = z
  .object({
    alert_ids: z
      .array(z.string().min(1).max(512), { error: 'alert_ids must be a list of alert ids' })
      .min(1, 'alert_ids: at least one alert')
      .max(200, 'alert_ids: at most 200 alerts per order'),
    unit_code: unitCode,
    level: z.enum(SUPERVISION_LEVELS, { error: 'level must be reminder, order or listed' }),
    instructions: text('instructions', 1),
    feedback_due_at: iso.optional(),
  })
  .strict();
export type IssueRequest = z.infer<typeof issueRequestSchema>;

export const answerRequestSchema = z
  .object({
    text: text('text', 1),
    event_ids: z.array(z.string().min(1).max(512)).max(200, 'event_ids: at most 200').optional(),
  })
  .strict();
export type AnswerRequest = z.infer<typeof answerRequestSchema>;

export const reviewRequestSchema = z
  .object({
    decision: z.enum(['accept', 'return'], { error: 'decision must be accept or return' }),
    note: text('note', 0).optional(),
  })
  .strict();
export type ReviewRequest = z.infer<typeof reviewRequestSchema>;

export const cancelRequestSchema = z.object({ note: text('note', 1) }).strict();

export const supervisionQuerySchema = z
  .object({
    state: z.enum([...SUPERVISION_STATES, 'open']).optional(),
    unit: z
      .string()
      .regex(/^\d{1,12}$/, 'unit must be a unit code prefix')
      .optional(),
    level: z.enum(SUPERVISION_LEVELS).optional(),
    overdue: z.enum(['receive', 'feedback', 'any']).optional(),
    alert_id: z.string().min(1).max(512).optional(),
    since_seq: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type SupervisionQuery = z.infer<typeof supervisionQuerySchema>;

// ---- SUPERVISION_FILE ----

/** `<n>s|m|h|d`; `d` counts as holiday_end days (CONTRACT.md §2.1). */
const DURATION = /^\d+[smhd]$/;
const limitText = z
  .string({ error: 'must be a duration such as 4h or 3d' })
  .regex(DURATION, 'must be <n>s, <n>m, <n>h or <n>d')
  .refine((s) => (parseDuration(s) ?? 0) > 0, 'must be longer than zero');

const levelLimits = z.object({ receive_within: limitText, feedback_within: limitText }).strict();

export const policySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
    when: z
      .object({
        severity: z.array(z.enum(SEVERITIES)).min(1).optional(),
        rule_ids: z.array(z.string().min(1)).min(1).optional(),
        /** Rule id prefixes such as `R-PER-`. */
        rule_prefixes: z.array(z.string().min(1)).min(1).optional(),
        unit_prefixes: z
          .array(z.string().regex(/^\d{1,12}$/))
          .min(1)
          .optional(),
        unacknowledged_for: limitText.optional(),
        unresolved_for: limitText.optional(),
      })
      .strict()
      .refine(
        (w) => (w.unacknowledged_for === undefined) !== (w.unresolved_for === undefined),
        'needs exactly one of unacknowledged_for and unresolved_for',
      ),
    level: z.enum(SUPERVISION_LEVELS),
    to: z.enum(SUPERVISION_TARGETS),
    instructions: z.string().min(1).max(MAX_TEXT).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type SupervisionPolicy = z.infer<typeof policySchema>;

export const supervisionFileSchema = z
  .object({
    version: z.literal(1),
    levels: z.object({ reminder: levelLimits, order: levelLimits, listed: levelLimits }).strict(),
    policies: z.array(policySchema).max(100),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.policies.forEach((p, i) => {
      if (seen.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['policies', i, 'id'], message: 'duplicate id' });
      seen.add(p.id);
    });
  });
export type SupervisionFile = z.infer<typeof supervisionFileSchema>;

/** The parent of a 12-digit unit code: station → county → city → province; a province is its own parent. */
export function parentUnit(code: string): string {
  if (code.slice(6) !== '000000') return `${code.slice(0, 6)}000000`;
  if (code.slice(4, 6) !== '00') return `${code.slice(0, 4)}00000000`;
  return `${code.slice(0, 2)}0000000000`;
}

/** The unit an order goes to from an alert's unit (`to` of a policy). */
export function targetUnit(alertUnit: string, to: SupervisionTarget): string {
  const code = alertUnit.padEnd(12, '0').slice(0, 12);
  if (to === 'alert_unit') return code;
  if (to === 'county') return code.slice(6) === '000000' ? code : parentUnit(code);
  if (to === 'city') return `${code.slice(0, 4)}00000000`;
  return `${code.slice(0, 2)}0000000000`;
}

/** The rule id of the alert a missed supervision step raises (CONTRACT.md §6.3). */
export const SUP_OVERDUE = 'SUP-OVERDUE';

/**
 * An order as a reader may see it (the one way orders leave the server: REST, pushes, resumes): null outside
 * the reader's scope; for viewers (the wall, masked like events) without free text — instructions, answers
 * and review notes can name people.
 */
export function orderForReader(
  order: Supervision,
  reader: { role: string; scope: string },
): Supervision | null {
  if (!order.unit_code.startsWith(reader.scope)) return null;
  if (reader.role !== 'viewer') return order;
  return {
    ...order,
    instructions: '',
    answers: order.answers.map((a) => ({ ...a, text: '', event_ids: [] })),
    reviews: order.reviews.map((r) => ({ ...r, note: '' })),
  };
}

/** 督办 figures of a unit over a range (orders issued in it): each count with its rate ÷ issued. */
export interface SupervisionFigures {
  /** Orders issued to the unit (or below it) in the range. */
  issued: number;
  /** Received by receive_due_at. */
  received_on_time: number;
  /** First answer by the feedback deadline in force then. */
  answered_on_time: number;
  /** Orders returned at least once. */
  returned: number;
  /** Orders that missed a deadline (receive or feedback). */
  overdue: number;
  /** Beside every count its rate (÷ issued); null when nothing was issued. */
  received_on_time_rate: number | null;
  answered_on_time_rate: number | null;
  returned_rate: number | null;
  overdue_rate: number | null;
}
