/**
 * A compiled mapping: one row in, its candidate events out (the main event first, then every derived event
 * whose condition holds), or every reason the row cannot be mapped.
 */
import { LINK_KEYS } from '../../common/event-types.js';
import type { Condition, DerivedSpec, EventSpec, Mapping, ValueSpec } from './mapping.schema.js';
import type { CompiledValue, Row, TimeContext, ValueType } from './values.js';
import { cell, compileValue, valueColumns } from './values.js';

export type CandidateEvent = Record<string, unknown>;

export type MapResult =
  | { ok: true; events: CandidateEvent[] }
  | { ok: false; errors: string[]; /** events the row would have produced */ attempted: number };

export interface RowMapper {
  map(row: Row): MapResult;
  /** Every column the mapping reads, to check against a CSV header. */
  columns: ReadonlySet<string>;
}

interface CompiledEvent {
  type: string;
  when: ((row: Row) => boolean) | undefined;
  fields: [string, CompiledValue, boolean][];
  attrs: [string, CompiledValue][];
  attrsFromColumns: string[];
}

const OPTIONAL = ['source', ...LINK_KEYS] as const;

function compileCondition(c: Condition): (row: Row) => boolean {
  const col = c.column;
  if (c.in !== undefined) {
    const set = new Set(c.in);
    return (row) => set.has(cell(row, col));
  }
  if (c.not_in !== undefined) {
    const set = new Set(c.not_in);
    return (row) => !set.has(cell(row, col));
  }
  if (c.equals !== undefined) {
    const v = c.equals;
    return (row) => cell(row, col) === v;
  }
  if (c.matches !== undefined) {
    const re = new RegExp(c.matches);
    return (row) => re.test(cell(row, col));
  }
  const empty = c.empty === true;
  return (row) => (cell(row, col) === '') === empty;
}

function compileEvent(spec: EventSpec | DerivedSpec, mapping: Mapping, columns: Set<string>): CompiledEvent {
  const tables = mapping.tables ?? {};
  const time: TimeContext = { timeZone: mapping.time_zone, dst: mapping.dst ?? 'compatible' };
  const value = (v: ValueSpec, defaultType?: ValueType): CompiledValue => {
    for (const c of valueColumns(v)) columns.add(c);
    return compileValue(v, tables, time, defaultType);
  };
  const fields: CompiledEvent['fields'] = [];
  fields.push(['event_id', value(spec.event_id, 'string'), true]);
  fields.push(['occurred_at', value(spec.occurred_at, 'datetime'), true]);
  fields.push(['unit_code', value(spec.unit_code, 'string'), true]);
  for (const key of OPTIONAL) {
    const v = spec[key];
    if (v !== undefined) fields.push([key, value(v, 'string'), false]);
  }
  const attrs = Object.entries(spec.attrs ?? {}).map(([k, v]): [string, CompiledValue] => [k, value(v)]);
  const attrsFromColumns = spec.attrs_from_columns ?? [];
  for (const c of attrsFromColumns) columns.add(c);
  let when: CompiledEvent['when'];
  if ('when' in spec) {
    for (const c of spec.when) columns.add(c.column);
    const tests = spec.when.map(compileCondition);
    when = (row) => tests.every((t) => t(row));
  }
  return { type: spec.type, when, fields, attrs, attrsFromColumns };
}

function build(ev: CompiledEvent, row: Row, errors: string[], prefix: string): CandidateEvent | undefined {
  const out: Record<string, unknown> = { type: ev.type };
  const before = errors.length;
  for (const [name, compiled, required] of ev.fields) {
    const r = compiled(row);
    if (!r.ok) errors.push(`${prefix}${name}: ${r.error}`);
    else if (r.value !== undefined) out[name] = r.value;
    else if (required) errors.push(`${prefix}${name}: missing, because ${r.why ?? 'it is empty'}`);
  }
  const attrs: Record<string, unknown> = {};
  for (const c of ev.attrsFromColumns) {
    const v = cell(row, c);
    if (v !== '') attrs[c] = v;
  }
  for (const [name, compiled] of ev.attrs) {
    const r = compiled(row);
    if (!r.ok) errors.push(`${prefix}attrs.${name}: ${r.error}`);
    else if (r.value !== undefined) attrs[name] = r.value;
  }
  if (Object.keys(attrs).length > 0) out.attrs = attrs;
  return errors.length === before ? out : undefined;
}

/** Compiles a validated mapping. */
export function compileMapping(mapping: Mapping): RowMapper {
  const columns = new Set<string>();
  const main = compileEvent(mapping.event, mapping, columns);
  const derived = (mapping.derived ?? []).map((d) => compileEvent(d, mapping, columns));
  return {
    columns,
    map(row) {
      const errors: string[] = [];
      const events: CandidateEvent[] = [];
      const wanted = [main, ...derived.filter((d) => d.when === undefined || d.when(row))];
      for (const ev of wanted) {
        const e = build(ev, row, errors, ev === main ? '' : `${ev.type}: `);
        if (e !== undefined) events.push(e);
      }
      return errors.length === 0 ? { ok: true, events } : { ok: false, errors, attempted: wanted.length };
    },
  };
}

/** Without a mapping, an NDJSON line is itself one event. */
export const passThroughMapper: RowMapper = {
  columns: new Set(),
  map(row) {
    return { ok: true, events: [{ ...row }] };
  },
};
