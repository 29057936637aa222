/**
 * A mapping file (JSON) says how one row of a CSV or NDJSON file becomes events: which columns feed which event
 * fields, through which value tables, in which time zone, and which further events a row implies. Everything
 * source-specific lives in the mapping; the importer is generic. `parseMapping` reports every problem at once,
 * each with its JSON path and what to fix. Worked example: ingest/mappings/sdpd-calls-2023.json.
 *
 * A value (every event field and attr) is either a string template ("sdpd:{incident_num}:reported"; text
 * without braces is a constant; "{{" is a literal brace; an empty referenced column makes the value empty) or an
 * object with exactly one of `column`, `template`, `join` (non-empty columns joined by `sep`, default " ") or
 * `const`, then optionally `map` (tables applied in order) and `as` (string, int, number, boolean, datetime).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { EVENT_TYPES, LINK_KEYS } from '../../common/event-types.js';
import type { EventType } from '../../common/event-types.js';
import { isValidTimeZone } from './local-time.js';
import { formatIssue } from './mapping-errors.js';

const scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: 'must be a string, number or boolean',
});
const tableSchema = z.strictObject({
  description: z.string().optional(),
  values: z.record(z.string(), scalar, { error: 'must be an object of "from": "to" pairs' }),
  default: scalar.optional(),
});
export type Table = z.infer<typeof tableSchema>;
export type Scalar = z.infer<typeof scalar>;

const columnName = z.string({ error: 'must be a column name (string)' }).min(1, 'must not be empty');
const TYPES = ['string', 'int', 'number', 'boolean', 'datetime'] as const;
const SOURCES = ['column', 'template', 'join', 'const'] as const;

function timeZoneName() {
  return z
    .string({ error: 'must be an IANA time zone name such as "America/Los_Angeles"' })
    .refine(
      isValidTimeZone,
      'unknown time zone; use an IANA name such as "America/Los_Angeles" or "Asia/Shanghai"',
    );
}

const OPERATORS = ['in', 'not_in', 'equals', 'matches', 'empty'] as const;

/** One step of a value's `map`: a table named in "tables", or a table given inline. */
function mapStepSchema(tableNames: ReadonlySet<string>) {
  return z
    .strictObject({
      table: z
        .string({ error: 'must be a table name (string)' })
        .refine((name) => tableNames.has(name), {
          error: (i) =>
            `no table ${JSON.stringify(i.input)} in "tables"; define it there or give the table inline`,
        })
        .optional(),
      ...tableSchema.shape,
      values: tableSchema.shape.values.optional(),
    })
    .refine((s) => (s.table === undefined) !== (s.values === undefined), {
      message: 'give a table name, or an inline table {"values": {...}, "default": ...}',
    });
}

/** A value's `map`: one step or a list of them, a bare string naming a table. */
function mapStepsSchema(tableNames: ReadonlySet<string>) {
  return z.preprocess(
    (v) => asList(v)?.map((s: unknown) => (typeof s === 'string' ? { table: s } : s)),
    z.array(mapStepSchema(tableNames)).min(1, 'give at least one table'),
  );
}

/** Where a value object takes its value from (exactly one of SOURCES should be given). */
interface ValueSources {
  column?: string | undefined;
  template?: string | undefined;
  join?: string[] | undefined;
  const?: Scalar | undefined;
  sep?: string | undefined;
}

/** The rules across a value object's fields: one source, "sep" only with "join", a well-formed template. */
function checkValueSources(v: ValueSources, ctx: z.RefinementCtx): void {
  const given = SOURCES.filter((k) => v[k] !== undefined);
  if (given.length !== 1)
    ctx.addIssue({
      code: 'custom',
      message:
        given.length === 0
          ? `say where the value comes from: give one of ${SOURCES.join(', ')}`
          : `give only one of ${given.join(', ')}`,
    });
  if (v.sep !== undefined && v.join === undefined)
    ctx.addIssue({ code: 'custom', message: '"sep" goes with "join"' });
  if (v.template !== undefined) {
    const bad = templateProblem(v.template);
    if (bad) ctx.addIssue({ code: 'custom', path: ['template'], message: bad });
  }
}

/** An event field or attr: a template string, or an object with one source, then tables and a type. */
function valueSchema(tableNames: ReadonlySet<string>) {
  const valueObject = z
    .strictObject(
      {
        column: columnName.optional(),
        template: z.string({ error: 'must be a string such as "prefix:{column}"' }).optional(),
        join: z
          .array(columnName, { error: 'must be a list of column names' })
          .min(1, 'list at least one column')
          .optional(),
        const: scalar.optional(),
        sep: z.string({ error: 'must be a string' }).optional(),
        map: mapStepsSchema(tableNames).optional(),
        as: z.enum(TYPES, { error: `must be one of ${TYPES.join(', ')}` }).optional(),
        time_zone: timeZoneName().optional(),
      },
      { error: `must be a template string, or an object with one of ${SOURCES.join(', ')}` },
    )
    .superRefine(checkValueSources);
  return z.preprocess((v) => (typeof v === 'string' ? { template: v } : v), valueObject);
}

/** One test on one column, in a derived event's `when`. */
function conditionSchema() {
  return z
    .strictObject({
      column: columnName,
      in: z.array(z.string(), { error: 'must be a list of strings' }).optional(),
      not_in: z.array(z.string(), { error: 'must be a list of strings' }).optional(),
      equals: z.string({ error: 'must be a string' }).optional(),
      matches: z
        .string({ error: 'must be a regular expression (string)' })
        .refine((s) => isRegExp(s), 'is not a valid regular expression')
        .optional(),
      empty: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .refine((c) => OPERATORS.filter((k) => c[k] !== undefined).length === 1, {
      message: `give exactly one of ${OPERATORS.join(', ')}`,
    });
}

/** The event a row becomes, and a derived event: the same fields plus the `when` it needs. */
function eventSchemas(value: ReturnType<typeof valueSchema>) {
  const linkFields = Object.fromEntries(LINK_KEYS.map((k) => [k, value.optional()])) as Record<
    (typeof LINK_KEYS)[number],
    z.ZodOptional<typeof value>
  >;
  const eventShape = {
    type: z.enum(EVENT_TYPES as [EventType, ...EventType[]], {
      error: `must be an event type: ${EVENT_TYPES.join(', ')}`,
    }),
    event_id: value,
    occurred_at: value,
    unit_code: value,
    source: value.optional(),
    ...linkFields,
    attrs: z.record(z.string(), value, { error: 'must be an object of attr name → value' }).optional(),
    attrs_from_columns: z.array(columnName, { error: 'must be a list of column names' }).optional(),
  };
  const when = z.preprocess(
    asList,
    z
      .array(conditionSchema(), { error: 'must be a condition or a list of conditions' })
      .min(1, 'give a condition'),
  );
  return { eventSpec: z.strictObject(eventShape), derivedSpec: z.strictObject({ ...eventShape, when }) };
}

/** The whole mapping document; `tableNames` are the names under "tables", which `map` steps may use. */
function buildSchema(tableNames: ReadonlySet<string>) {
  const { eventSpec, derivedSpec } = eventSchemas(valueSchema(tableNames));
  return z.strictObject({
    description: z.string().optional(),
    time_zone: timeZoneName().optional(),
    dst: z.enum(['compatible', 'reject'], { error: 'must be "compatible" or "reject"' }).optional(),
    tables: z
      .record(z.string(), tableSchema, { error: 'must be an object of table name → table' })
      .optional(),
    event: eventSpec,
    derived: z.array(derivedSpec, { error: 'must be a list of derived events' }).optional(),
  });
}

/** One item or a list of them, as a list (absent stays absent). */
function asList(v: unknown): unknown[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [v];
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** Why a template is malformed, or undefined: every "{" opens a non-empty column reference that closes. */
export function templateProblem(template: string): string | undefined {
  const stripped = template.replace(/\{\{|\}\}/g, '');
  const refs = stripped.match(/\{[^{}]*\}/g) ?? [];
  if (refs.some((r) => r.trim() === '{}')) return 'has an empty {} reference; put a column name inside';
  if (/[{}]/.test(stripped.replace(/\{[^{}]*\}/g, '')))
    return 'has an unmatched brace; write {{ or }} for a literal brace';
  return undefined;
}

type MappingSchema = ReturnType<typeof buildSchema>;
export type Mapping = z.output<MappingSchema>;
export type EventSpec = Mapping['event'];
export type DerivedSpec = NonNullable<Mapping['derived']>[number];
export type ValueSpec = EventSpec['event_id'];
export type MapStep = NonNullable<ValueSpec['map']>[number];
export type Condition = DerivedSpec['when'][number];

export type MappingResult = { ok: true; mapping: Mapping } | { ok: false; errors: string[] };

/** Every key a mapping may use, for "did you mean" hints. */
const KNOWN_KEYS = [
  ...new Set([
    ...['description', 'time_zone', 'dst', 'tables', 'event', 'derived', 'values', 'default', 'when'],
    ...[
      'type',
      'event_id',
      'occurred_at',
      'unit_code',
      'source',
      'attrs',
      'attrs_from_columns',
      ...LINK_KEYS,
    ],
    ...[...SOURCES, 'sep', 'map', 'as', ...OPERATORS],
  ]),
];

/** Validates a parsed mapping document; every problem comes back, each with its JSON path. */
export function parseMapping(input: unknown): MappingResult {
  const rawTables = (input as { tables?: unknown } | null)?.tables;
  const names = new Set(
    typeof rawTables === 'object' && rawTables !== null && !Array.isArray(rawTables)
      ? Object.keys(rawTables)
      : [],
  );
  const parsed = buildSchema(names).safeParse(input);
  if (parsed.success) return { ok: true, mapping: parsed.data };
  return {
    ok: false,
    errors: [...new Set(parsed.error.issues.flatMap((i) => formatIssue(i, input, KNOWN_KEYS)))],
  };
}

export class MappingError extends Error {
  constructor(
    readonly file: string,
    readonly errors: string[],
  ) {
    super(`mapping ${file} has ${errors.length} problem(s):\n  ${errors.join('\n  ')}`);
    this.name = 'MappingError';
  }
}

/** Reads and validates a mapping file; throws MappingError listing every problem. */
export async function loadMapping(file: string): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new MappingError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const before = at ? text.slice(0, Number(at[1])).split('\n') : [];
    const where = at ? ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})` : '';
    throw new MappingError(file, [`not valid JSON${where}: ${message}`]);
  }
  const result = parseMapping(json);
  if (!result.ok) throw new MappingError(file, result.errors);
  return result.mapping;
}
