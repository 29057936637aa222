/**
 * Evaluation of one mapping value against one row: where it comes from (column, template, join, const), the
 * tables it goes through, and the type it is converted to. Compiled once per mapping, run per row.
 */
import type { DstPolicy } from './local-time.js';
import { parseTimestamp } from './local-time.js';
import type { MapStep, Scalar, Table, ValueSpec } from './mapping.schema.js';

export type Row = Readonly<Record<string, unknown>>;
export type Evaluated = { ok: true; value: Scalar | undefined; why?: string } | { ok: false; error: string };
export type CompiledValue = (row: Row) => Evaluated;
export type ValueType = NonNullable<ValueSpec['as']>;

type Segment = { text: string } | { column: string };

const INT = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as trimmed text: numbers and booleans as written, objects as JSON, null and absent as ''. */
export function cell(row: Row, column: string): string {
  const v = row[column];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function parseTemplate(template: string): Segment[] {
  const segments: Segment[] = [];
  const re = /\{\{|\}\}|\{([^{}]*)\}/g;
  let last = 0;
  let text = '';
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    text += template.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1] === undefined) {
      text += m[0][0];
      continue;
    }
    if (text) segments.push({ text });
    text = '';
    segments.push({ column: m[1].trim() });
  }
  text += template.slice(last);
  if (text) segments.push({ text });
  return segments;
}

/** Every column a value reads. */
export function valueColumns(spec: ValueSpec): string[] {
  if (spec.column !== undefined) return [spec.column];
  if (spec.join !== undefined) return spec.join;
  if (spec.template !== undefined)
    return parseTemplate(spec.template).flatMap((s) => ('column' in s ? [s.column] : []));
  return [];
}

function compileSource(spec: ValueSpec): (row: Row) => { value: Scalar | undefined; why?: string } {
  const { column, join, template } = spec;
  if (column !== undefined)
    return (row) => {
      const v = cell(row, column);
      return v === '' ? { value: undefined, why: `column ${column} is empty` } : { value: v };
    };
  if (join !== undefined) {
    const sep = spec.sep ?? ' ';
    return (row) => {
      const v = join
        .map((c) => cell(row, c))
        .filter((s) => s !== '')
        .join(sep);
      return v === '' ? { value: undefined, why: `columns ${join.join(', ')} are empty` } : { value: v };
    };
  }
  if (template !== undefined) {
    const segments = parseTemplate(template);
    return (row) => {
      let out = '';
      for (const s of segments) {
        if ('text' in s) {
          out += s.text;
          continue;
        }
        const v = cell(row, s.column);
        if (v === '') return { value: undefined, why: `column ${s.column} is empty` };
        out += v;
      }
      return { value: out };
    };
  }
  const constant = spec.const;
  return () => ({ value: constant });
}

function compileTable(
  step: MapStep,
  tables: Readonly<Record<string, Table>>,
): { name: string; table: Table } {
  if (step.table !== undefined) {
    const table = tables[step.table];
    if (table === undefined) throw new Error(`mapping: no table ${step.table}`);
    return { name: `table ${step.table}`, table };
  }
  return { name: 'the inline table', table: { values: step.values ?? {}, default: step.default } };
}

function lookup(value: Scalar | undefined, name: string, table: Table): Evaluated {
  if (value === undefined) return { ok: true, value: table.default };
  const key = String(value);
  if (Object.prototype.hasOwnProperty.call(table.values, key)) return { ok: true, value: table.values[key] };
  if (table.default !== undefined) return { ok: true, value: table.default };
  return {
    ok: false,
    error: `value ${JSON.stringify(key.slice(0, 40))} is not in ${name}, which has no default; add it or a default`,
  };
}

export interface TimeContext {
  timeZone: string | undefined;
  dst: DstPolicy;
}

function convert(value: Scalar, as: ValueType, time: TimeContext): Evaluated {
  const shown = JSON.stringify(String(value).slice(0, 40));
  switch (as) {
    case 'string':
      return { ok: true, value: String(value) };
    case 'int':
    case 'number': {
      const pattern = as === 'int' ? INT : DECIMAL;
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && pattern.test(value)
            ? Number(value)
            : NaN;
      const ok = Number.isFinite(n) && (as === 'number' || Number.isInteger(n));
      return ok
        ? { ok: true, value: n }
        : { ok: false, error: `${shown} is not ${as === 'int' ? 'a whole number' : 'a number'}` };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const s = String(value).toLowerCase();
      if (['true', '1', 'yes', 'y'].includes(s)) return { ok: true, value: true };
      if (['false', '0', 'no', 'n'].includes(s)) return { ok: true, value: false };
      return { ok: false, error: `${shown} is not a boolean (true/false, 1/0, yes/no)` };
    }
    case 'datetime': {
      if (typeof value === 'number') return { ok: true, value: new Date(value).toISOString() };
      const r = parseTimestamp(String(value), time.timeZone, time.dst);
      return r.ok ? { ok: true, value: new Date(r.ms).toISOString() } : { ok: false, error: r.error };
    }
  }
}

/** Compiles a value; `defaultType` applies when the spec has no `as` (undefined keeps the value's own type). */
export function compileValue(
  spec: ValueSpec,
  tables: Readonly<Record<string, Table>>,
  time: TimeContext,
  defaultType?: ValueType,
): CompiledValue {
  const source = compileSource(spec);
  const steps = (spec.map ?? []).map((s) => compileTable(s, tables));
  const as = spec.as ?? defaultType;
  const ctx: TimeContext = spec.time_zone === undefined ? time : { ...time, timeZone: spec.time_zone };
  return (row) => {
    const s = source(row);
    let value = s.value;
    for (const { name, table } of steps) {
      const r = lookup(value, name, table);
      if (!r.ok) return r;
      value = r.value;
    }
    if (value === undefined || value === '')
      return { ok: true, value: undefined, why: s.why ?? 'it maps to empty' };
    return as === undefined ? { ok: true, value } : convert(value, as, ctx);
  };
}
