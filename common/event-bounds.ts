/**
 * Cheap structural bounds of one event (CONTRACT.md §1), checked before any element-wise validation: the
 * number of fields, the length of `officer_ids` / `auxiliary_ids` and of top-level strings, and a lower bound of the size of
 * `attrs` that stops walking once over the limit. Each check looks at a bounded number of values, so an
 * event of millions of elements is refused as fast as a small one, with one message per bound.
 */
import { LINK_KEYS } from './event-types.js';

export const MAX_ATTRS_BYTES = 16 * 1024;
/** At most this many ids in `officer_ids`, and as many in `auxiliary_ids`. */
export const MAX_PEOPLE = 64;
const PEOPLE_FIELDS: readonly [string, string][] = [
  ['officer_ids', 'officers'],
  ['auxiliary_ids', 'auxiliary police'],
];
/**
 * Top-level strings longer than this are refused before being scanned (control characters, surrogates); a
 * valid one is at most 128 (event_id) or 64. Shorter overruns are left to the full validation, which then
 * reports them alongside every other problem of the event.
 */
const LONG_STRING = 1_024;
const STRING_LIMITS: readonly [string, number][] = [
  ['event_id', 128],
  ['source', 64],
  ...LINK_KEYS.map((k): [string, number] => [k, 64]),
];
/** Unknown field names listed in a message at most; the rest are counted. */
const LISTED_FIELDS = 5;

/**
 * What `attrs` holds, walked without recursion and only until known to be too large: `bytes` is a lower
 * bound of its UTF-8 JSON size (every UTF-16 code unit takes at least one byte), exact enough to refuse;
 * `proto` names a key `__proto__` at any depth (a JavaScript object cannot hold it faithfully: copying
 * such an object drops it). Visits at most about MAX_ATTRS_BYTES values.
 */
export function attrsShape(attrs: object): { bytes: number; proto: string | null } {
  let bytes = 0;
  const stack: [unknown, string][] = [[attrs, 'attrs']];
  while (stack.length > 0) {
    const [value, at] = stack.pop() as [unknown, string];
    if (typeof value === 'string') bytes += value.length + 2;
    else if (typeof value !== 'object' || value === null) bytes += 1;
    else if (Array.isArray(value)) {
      bytes += 1 + Math.max(1, value.length);
      if (bytes > MAX_ATTRS_BYTES) break;
      for (let i = 0; i < value.length; i++) stack.push([value[i], `${at}[${i}]`]);
    } else {
      bytes += 2;
      for (const key in value) {
        if (key === '__proto__') return { bytes, proto: `${at}.__proto__` };
        bytes += key.length + 4;
        if (bytes > MAX_ATTRS_BYTES) break;
        stack.push([(value as Record<string, unknown>)[key], `${at}.${key.slice(0, 40)}`]);
      }
    }
    if (bytes > MAX_ATTRS_BYTES) break;
  }
  return { bytes, proto: null };
}

function unknownFields(raw: Record<string, unknown>, known: ReadonlySet<string>): string | null {
  const names = Object.keys(raw);
  if (names.length <= known.size) return null; // zod names each unknown field itself
  const unknown: string[] = [];
  let count = 0;
  for (const name of names) {
    if (known.has(name)) continue;
    count++;
    if (unknown.length < LISTED_FIELDS) unknown.push(JSON.stringify(name.slice(0, 40)));
  }
  const more = count > unknown.length ? ` and ${count - unknown.length} more` : '';
  return `event: ${count} unknown fields (${unknown.join(', ')}${more}); put source-specific fields in attrs`;
}

/**
 * The bounds `raw` breaks, one message each; empty when within them (the full validation then decides).
 * `known` are the top-level fields of CONTRACT.md §1.
 */
export function boundsErrors(raw: Record<string, unknown>, known: ReadonlySet<string>): string[] {
  const errors: string[] = [];
  const fields = unknownFields(raw, known);
  if (fields) errors.push(fields);
  for (const [key, who] of PEOPLE_FIELDS) {
    const ids = raw[key];
    if (Array.isArray(ids) && ids.length > MAX_PEOPLE)
      errors.push(`${key}: must list at most ${MAX_PEOPLE} ${who} (got ${ids.length})`);
  }
  for (const [key, limit] of STRING_LIMITS) {
    const v = raw[key];
    if (typeof v === 'string' && v.length > LONG_STRING)
      errors.push(`${key}: must be at most ${limit} characters (got ${v.length})`);
  }
  const attrs = raw.attrs;
  if (typeof attrs === 'object' && attrs !== null && !Array.isArray(attrs)) {
    const shape = attrsShape(attrs);
    if (shape.proto) errors.push(`${shape.proto}: not allowed as a field name; rename the field`);
    else if (shape.bytes > MAX_ATTRS_BYTES)
      errors.push(`attrs: more than ${MAX_ATTRS_BYTES} bytes serialised; at most ${MAX_ATTRS_BYTES} allowed`);
  }
  return errors;
}
