/**
 * The rules-file format (RULES.md, CONTRACT.md §2) as zod schemas and TypeScript types. A rule is data: the
 * engine has one code path per *kind* (deadline, condition), never per rule. Validation reports every problem,
 * each prefixed by its JSON path (`rules[3].limit.duration: …`). Runs in the browser too (no node: imports).
 */
import { z } from 'zod';
import { CALENDAR_KINDS } from './calendar.js';
import { EVENT_TYPES, LINK_KEYS } from './event-types.js';
import type { EventType, LinkKey } from './event-types.js';

export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Severity = (typeof SEVERITIES)[number];

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
const COMPACT = /^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/;
const ISO_DURATION =
  /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses "24h", "3d", "1d12h", "90m", "PT24H", "P3D" into milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const m = COMPACT.exec(text) ?? ISO_DURATION.exec(text);
  if (!m || text === 'P' || text === 'PT' || text.endsWith('T')) return null;
  const parts = m.slice(1, 5);
  if (parts.every((p) => p === undefined)) return null;
  const units = [UNIT_MS.d, UNIT_MS.h, UNIT_MS.m, UNIT_MS.s];
  return Math.round(parts.reduce((sum, p, i) => sum + (p === undefined ? 0 : Number(p) * units[i]!), 0));
}

/** Milliseconds of an extension unit. */
export function unitMs(unit: 'd' | 'h' | 'm'): number {
  return UNIT_MS[unit];
}

/**
 * A limit as the law counts it (CONTRACT.md §2.1): whole days (`3d`, `P3D`) and months (`12mo`, `P12M`) are
 * periods counted on the rule's calendar; anything with hours, minutes or seconds is an exact duration.
 */
export type LimitAmount = { exact: number } | { period: { amount: number; unit: 'd' | 'mo' } };

const MONTHS = /^(?:(\d+)mo|P(\d+)M)$/;
const WHOLE_DAYS = /^(?:(\d+)d|P(\d+)D)$/;

export function parseLimit(text: string): LimitAmount | null {
  const months = MONTHS.exec(text);
  if (months) {
    const n = Number(months[1] ?? months[2]);
    return n > 0 ? { period: { amount: n, unit: 'mo' } } : null;
  }
  const days = WHOLE_DAYS.exec(text);
  if (days) {
    const n = Number(days[1] ?? days[2]);
    return n > 0 ? { period: { amount: n, unit: 'd' } } : null;
  }
  const ms = parseDuration(text);
  return ms !== null && ms > 0 ? { exact: ms } : null;
}

/** A custom message for a present but wrong value; "required" when absent. */
const says = (text: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'required' : text;

const duration = z
  .string({ error: says('must be a duration string') })
  .refine((s) => (parseDuration(s) ?? 0) > 0, 'must be a positive duration such as 24h, 3d, 1d12h or PT24H');
const limitDuration = z
  .string({ error: says('must be a duration string') })
  .refine(
    (s) => parseLimit(s) !== null,
    'must be a positive limit such as 24h, 3d, 12mo, 1d12h, PT24H, P3D or P12M',
  );
const eventType = z.enum(EVENT_TYPES as [EventType, ...EventType[]], {
  error: (i) =>
    i.input === undefined
      ? 'required'
      : `unknown event type ${JSON.stringify(i.input)}; see CONTRACT.md §1.1`,
});
const linkKey = z.enum(LINK_KEYS, { error: says(`must be a link key: ${LINK_KEYS.join(', ')}`) });
const FIELD = new RegExp(
  `^(occurred_at|unit_code|source|officer_ids|auxiliary_ids|${LINK_KEYS.join('|')}|attrs\\.[A-Za-z_]\\w*)$`,
);
/** A field of an event: `occurred_at`, `unit_code`, `source`, `officer_ids`, `auxiliary_ids`, a link key, or `attrs.<name>`. */
const field = z
  .string()
  .regex(
    FIELD,
    'must be occurred_at, unit_code, source, officer_ids, auxiliary_ids, a link key or attrs.<name>',
  );
const scalar = z.union([z.string(), z.number(), z.boolean()], 'must be a string, number or boolean');
const severity = z.enum(SEVERITIES, { error: says('must be P1, P2, P3 or P4') });
const relationName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must be a lower-case name such as start or filing');
const types = z.array(eventType).min(1, 'must list at least one event type');

const testFields = {
  field,
  eq: scalar.optional(),
  in: z.array(scalar).min(1, 'must list at least one value').optional(),
  exists: z.boolean().optional(),
  default: scalar.optional(),
};
const oneOperator = (t: { eq?: unknown; in?: unknown; exists?: unknown }) =>
  [t.eq, t.in, t.exists].filter((x) => x !== undefined).length === 1;
const ONE_OPERATOR = 'needs exactly one of eq, in, exists';

/** A test of one field of an event; `default` stands in for an absent value (custody defaults to police). */
export const eventTestSchema = z.object(testFields).strict().refine(oneOperator, ONE_OPERATOR);
export type EventTest = z.infer<typeof eventTestSchema>;
/** A test evaluated on the rule's anchor event, or on a named relation's event when `relation` is set. */
export const contextTestSchema = z
  .object({ relation: relationName.optional(), ...testFields })
  .strict()
  .refine(oneOperator, ONE_OPERATOR);
export type ContextTest = z.infer<typeof contextTestSchema>;

const where = z.array(eventTestSchema).optional();
/** Events of some types whose fields pass every `where` test. */
export const eventFilterSchema = z.object({ types, where }).strict();
export type EventFilter = z.infer<typeof eventFilterSchema>;

/** Events related to the anchor through a shared link key `on`; `pick` chooses one for comparisons. */
export const relationSchema = z
  .object({ types, on: linkKey, where, pick: z.enum(['earliest', 'latest']).optional() })
  .strict();
export type Relation = z.infer<typeof relationSchema>;

export type TimeWindow = 'any' | 'before' | 'at_or_before' | 'after' | 'at_or_after';
/** Condition predicates, evaluated on the subject event and what is known about it. */
export type Predicate =
  | { op: 'all' | 'any'; of: Predicate[] }
  | { op: 'not'; of: Predicate }
  | ({ op: 'attr' } & EventTest)
  | { op: 'count'; field: string; lt?: number; lte?: number; gt?: number; gte?: number; eq?: number }
  | { op: 'none' | 'exists'; relation: string; occurred?: TimeWindow }
  | { op: 'after' | 'before'; field: string; relation: string };

const num = z.number().optional();
export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.object({ op: z.enum(['all', 'any']), of: z.array(predicateSchema).min(1) }).strict(),
    z.object({ op: z.literal('not'), of: predicateSchema }).strict(),
    z
      .object({ op: z.literal('attr'), ...testFields })
      .strict()
      .refine(oneOperator, ONE_OPERATOR),
    z
      .object({ op: z.literal('count'), field, lt: num, lte: num, gt: num, gte: num, eq: num })
      .strict()
      .refine(
        (p) => [p.lt, p.lte, p.gt, p.gte, p.eq].some((x) => x !== undefined),
        'needs lt, lte, gt, gte or eq',
      ),
    z
      .object({
        op: z.enum(['none', 'exists']),
        relation: relationName,
        occurred: z.enum(['any', 'before', 'at_or_before', 'after', 'at_or_after']).optional(),
      })
      .strict(),
    z.object({ op: z.enum(['after', 'before']), field, relation: relationName }).strict(),
  ]),
);

const when = z.array(contextTestSchema).min(1, 'needs at least one test');

/** The default severity; the first override whose tests all pass wins. */
export const severitySpecSchema = z
  .object({ default: severity, overrides: z.array(z.object({ when, severity }).strict()).optional() })
  .strict();
export type SeveritySpec = z.infer<typeof severitySpecSchema>;

export const limitSchema = z
  .object({
    duration: limitDuration.optional(),
    by: field.optional(),
    values: z.record(z.string(), limitDuration).optional(),
    at_field: field.optional(),
    default: limitDuration.optional(),
    overrides: z.array(z.object({ when, duration: limitDuration }).strict()).optional(),
  })
  .strict()
  .superRefine((l, ctx) => {
    const modes = [l.duration, l.by, l.at_field].filter((x) => x !== undefined).length;
    if (modes !== 1) ctx.addIssue({ code: 'custom', message: 'needs exactly one of duration, by, at_field' });
    if ((l.by === undefined) !== (l.values === undefined))
      ctx.addIssue({ code: 'custom', message: '`by` and `values` go together' });
    if (l.default !== undefined && l.duration !== undefined)
      ctx.addIssue({ code: 'custom', path: ['default'], message: 'only with by or at_field' });
  });
/** `duration` | `by` a field's value (`values`, else `default`) | `at_field` (an absolute time on the trigger). */
export type LimitSpec = z.infer<typeof limitSchema>;

/**
 * An extension event's `field` sets the new limit, in `unit`s, measured from the trigger: `d` and `mo` are
 * periods counted on the rule's calendar, `h` and `m` exact.
 */
export const extensionSchema = z
  .object({ types, where, field, unit: z.enum(['d', 'h', 'm', 'mo']) })
  .strict();
export type Extension = z.infer<typeof extensionSchema>;

export const preWarningSchema = z
  .object({
    lead: duration,
    by_limit: z.array(z.object({ limit_at_most: duration, lead: duration }).strict()).optional(),
  })
  .strict();
/** Lead time before due_at; the first `by_limit` entry whose limit_at_most ≥ the effective limit wins. */
export type PreWarning = z.infer<typeof preWarningSchema>;

const common = {
  id: z.string().regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/, 'must look like R-INC-01'),
  name: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
  title: z.string().min(1),
  legal_basis: z.string().min(1),
  /** The link key naming the subject; deadline alerts are one per (rule, subject value). */
  subject: linkKey,
  relations: z.record(relationName, relationSchema).optional(),
  severity: severitySpecSchema,
  /** How day and month limits are counted (CONTRACT §2.1); hour limits are exact. Default `natural`. */
  calendar: z.enum(CALENDAR_KINDS, { error: says('must be natural, holiday_end or workdays') }).optional(),
  enabled: z.boolean().optional(),
};

export const deadlineRuleSchema = z
  .object({
    kind: z.literal('deadline'),
    ...common,
    trigger: z
      .object({ types, where, via: z.object({ types, on: linkKey, where }).strict().optional() })
      .strict(),
    satisfiers: z
      .array(z.object({ types, where, not_before_trigger: z.boolean().optional() }).strict())
      .min(1, 'needs at least one satisfier'),
    limit: limitSchema,
    extensions: z.array(extensionSchema).optional(),
    pre_warning: preWarningSchema.optional(),
  })
  .strict();

/**
 * A condition rule judges each offending event; its `subject` may list several link keys when the event types
 * it reads carry different ones (R-AUX-01: person_id for measures, item_id for seizures…): the first one the
 * event carries names the alert's subject.
 */
export const conditionRuleSchema = z
  .object({
    kind: z.literal('condition'),
    ...common,
    subject: z.union([linkKey, z.array(linkKey).min(1, 'must list at least one link key')]),
    event: eventFilterSchema,
    violation: predicateSchema,
  })
  .strict();

export const ruleSchema = z.discriminatedUnion('kind', [deadlineRuleSchema, conditionRuleSchema]);
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;
export type ConditionRule = z.infer<typeof conditionRuleSchema>;
export type Rule = DeadlineRule | ConditionRule;

/** The link keys that can name a rule's subject, in order of preference. */
export function subjectKeys(rule: Rule): readonly LinkKey[] {
  return typeof rule.subject === 'string' ? [rule.subject] : rule.subject;
}
export interface RulesFile {
  version: 1;
  rules: Rule[];
}
export type { EventType, LinkKey };

/** `['rules', 3, 'limit']` → `rules[3].limit`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/** "required" rather than "expected string, received undefined". */
const friendly: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined;

function issuesOf(error: z.ZodError, prefix: readonly PropertyKey[]): string[] {
  return error.issues.map((i) => `${jsonPath([...prefix, ...i.path]) || '(file)'}: ${i.message}`);
}

function relationRefs(rule: Rule): { path: PropertyKey[]; name: string }[] {
  const out: { path: PropertyKey[]; name: string }[] = [];
  const tests = (list: { when: ContextTest[] }[] | undefined, at: PropertyKey[]) =>
    list?.forEach((o, i) =>
      o.when.forEach(
        (t, j) => t.relation && out.push({ path: [...at, i, 'when', j, 'relation'], name: t.relation }),
      ),
    );
  tests(rule.severity.overrides, ['severity', 'overrides']);
  if (rule.kind === 'deadline') tests(rule.limit.overrides, ['limit', 'overrides']);
  const walk = (p: Predicate, at: PropertyKey[]): void => {
    if (p.op === 'all' || p.op === 'any') p.of.forEach((q, i) => walk(q, [...at, 'of', i]));
    else if (p.op === 'not') walk(p.of, [...at, 'of']);
    else if ('relation' in p && typeof p.relation === 'string')
      out.push({ path: [...at, 'relation'], name: p.relation });
  };
  if (rule.kind === 'condition') walk(rule.violation, ['violation']);
  return out;
}

/** Checks a parsed rule against itself: named relations exist, a join does not go through the subject key. */
function crossCheck(rule: Rule): { path: PropertyKey[]; message: string }[] {
  const problems: { path: PropertyKey[]; message: string }[] = [];
  for (const ref of relationRefs(rule)) {
    if (!rule.relations?.[ref.name])
      problems.push({ path: ref.path, message: `no relation named "${ref.name}" in relations` });
  }
  if (rule.kind === 'deadline' && rule.trigger.via?.on === rule.subject)
    problems.push({ path: ['trigger', 'via', 'on'], message: 'must differ from the subject key' });
  return problems;
}

export type RulesValidation = { ok: true; file: RulesFile } | { ok: false; errors: string[] };

/** Validates a parsed rules file; every problem is reported, each with its JSON path. */
export function validateRulesFile(input: unknown): RulesValidation {
  const shell = z
    .object({
      version: z.literal(1, { error: says('must be 1') }),
      rules: z.array(z.unknown(), { error: says('must be an array of rules') }),
    })
    .strict()
    .safeParse(input, { error: friendly });
  if (!shell.success) return { ok: false, errors: issuesOf(shell.error, []) };
  const errors: string[] = [];
  const rules: Rule[] = [];
  const seen = new Map<string, number>();
  shell.data.rules.forEach((raw, i) => {
    const parsed = ruleSchema.safeParse(raw, { error: friendly });
    if (parsed.success) {
      rules.push(parsed.data);
      for (const p of crossCheck(parsed.data))
        errors.push(`${jsonPath(['rules', i, ...p.path])}: ${p.message}`);
    } else errors.push(...issuesOf(parsed.error, ['rules', i]));
    const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined) errors.push(`rules[${i}].id: duplicate of rules[${first}].id (${id})`);
    else seen.set(id, i);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, file: { version: 1, rules } };
}
