/**
 * The check of one type-specific attribute (CONTRACT.md §1.1) against its AttrSpec: one function for the
 * full validation (which reports the message) and the fast path (which only asks whether there is one), so
 * the two can never disagree. A message is built only for a value that fails.
 */
import type { AttrSpec } from './event-types.js';
import { parseIsoWithZone } from './event-time.js';

function got(value: unknown): string {
  return (JSON.stringify(value) ?? String(value)).slice(0, 40);
}

/** "7 or 30", "a, b or c". */
function alternatives(values: readonly (string | number)[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

function textProblem(maxLength: number, value: unknown): string | null {
  if (typeof value === 'string' && value.length <= maxLength && value.trim().length > 0) return null;
  const length = typeof value === 'string' && value.length > maxLength ? ` (got ${value.length})` : '';
  return `must be text of 1–${maxLength} characters, not blank${length}`;
}

/**
 * What is wrong with the value of an attribute (without the `attrs.<name>: ` in front), or null when it is
 * fine. Absent (undefined or null) is wrong only for a required attribute.
 */
export function attrProblem(spec: AttrSpec, value: unknown): string | null {
  if (value === undefined || value === null) return spec.required ? 'required' : null;
  switch (spec.kind) {
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value)
        ? null
        : `must be one of ${spec.values.join(', ')} (got ${got(value)})`;
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max
        ? null
        : `must be a whole number from ${spec.min} to ${spec.max}`;
    case 'int_of':
      return typeof value === 'number' && spec.values.includes(value)
        ? null
        : `must be ${alternatives(spec.values)} (got ${got(value)})`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= spec.min && value <= spec.max
        ? null
        : `must be a number from ${spec.min} to ${spec.max}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'datetime':
      return typeof value === 'string' && parseIsoWithZone(value) !== null
        ? null
        : 'must be ISO-8601 with an offset or Z';
    case 'text':
      return textProblem(spec.maxLength, value);
  }
}
