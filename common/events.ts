/**
 * Event validation (CONTRACT.md §1): one function turns untrusted input into a normalised `PoliceEvent`
 * or a list of errors that each say which field is wrong and how to fix it.
 */
import { z } from 'zod';
import { EVENT_TYPE_SPECS, EVENT_TYPES, LINK_KEYS, PERSONAL_ATTRS, isEventType } from './event-types.js';
import type { AttrSpec, EventType, EventTypeSpec, LinkKey } from './event-types.js';
import { MAX_ATTRS_BYTES, MAX_PEOPLE, attrsShape, boundsErrors } from './event-bounds.js';
import { attrProblem } from './event-attrs.js';
import {
  MAX_FUTURE_MS,
  MIN_EPOCH_MS,
  calendarDate,
  checkOccurredAt,
  digits,
  parseIsoWithZone,
} from './event-time.js';

export { MAX_ATTRS_BYTES } from './event-bounds.js';
export { MAX_FUTURE_MS, parseIsoWithZone } from './event-time.js';

export type { EventType, LinkKey } from './event-types.js';

/** A validated event, normalised: `occurred_at` is ISO-8601 UTC with milliseconds. */
export interface PoliceEvent {
  event_id: string;
  type: EventType;
  occurred_at: string;
  unit_code: string;
  source?: string;
  incident_id?: string;
  case_id?: string;
  person_id?: string;
  stay_id?: string;
  item_id?: string;
  session_id?: string;
  recording_id?: string;
  /** Sworn officers (民警). */
  officer_ids?: string[];
  /** Auxiliary police (辅警, v2): never counted as officers. */
  auxiliary_ids?: string[];
  attrs?: Record<string, unknown>;
}

/** A stored event also knows when it was ingested (ISO-8601 UTC). */
export interface StoredEvent extends PoliceEvent {
  ingested_at: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const linkKey = z
  .string({ error: (i) => (i.input === undefined ? 'required' : 'must be a string') })
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters');

const baseShape = {
  event_id: z
    .string({ error: (i) => (i.input === undefined ? 'required' : 'must be a string') })
    .min(1, 'must not be empty')
    .max(128, 'must be at most 128 characters')
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters'),
  // Checked (and explained) by validateEventFully itself; optional here so zod does not say it again.
  type: z.unknown().optional(),
  occurred_at: z.unknown().optional(),
  unit_code: z
    .string({ error: (i) => (i.input === undefined ? 'required' : 'must be a string of 6–12 digits') })
    .regex(/^\d{6,12}$/, 'must be 6–12 digits (e.g. 450103520000)'),
  source: z
    .string('must be a string')
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters')
    .optional(),
  officer_ids: z
    .array(linkKey, 'must be an array of strings')
    .max(MAX_PEOPLE, `must list at most ${MAX_PEOPLE} officers`)
    .optional(),
  auxiliary_ids: z
    .array(linkKey, 'must be an array of strings')
    .max(MAX_PEOPLE, `must list at most ${MAX_PEOPLE} auxiliary police`)
    .optional(),
  attrs: z.record(z.string(), z.unknown(), 'must be an object').optional(),
  ...Object.fromEntries(LINK_KEYS.map((k) => [k, linkKey.optional()])),
};
const baseSchema = z.object(baseShape).strict();
/** The fields every event shares, as validated below (for the API document: common/event-json-schema.ts). */
export const eventFieldsSchema = baseSchema;

export type ValidationResult = { ok: true; event: PoliceEvent } | { ok: false; errors: string[] };

function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** Paths of strings (keys or values) that are not valid Unicode; such text cannot be stored faithfully. */
function malformedText(input: object): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[input, '']];
  while (stack.length > 0 && found.length < 5) {
    const [value, at] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) found.push(at || 'event');
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        const child = at ? `${at}.${k}` : k;
        if (LONE_SURROGATE.test(k)) found.push(child);
        else stack.push([v, child]);
      }
    }
  }
  return found;
}

function checkPersonal(attrs: Record<string, unknown>, errors: string[]): void {
  for (const k of ['person_name', 'id_number', 'phone']) {
    const v = attrs[k];
    if (v !== undefined && v !== null && typeof v !== 'string') errors.push(`attrs.${k}: must be a string`);
  }
}

// --- The fast path -------------------------------------------------------------------------------------
// Almost every event a source sends is valid. fastValidEvent checks the same rules as the full validation
// below without building error messages or going through zod, and gives up (null) at the first doubt: the
// full validation then decides and explains. It never accepts what the full validation rejects, and what it
// accepts it normalises the same way (tests/unit/event-validation-fast.test.ts compares the two).

const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'event_id',
  'type',
  'occurred_at',
  'unit_code',
  'source',
  'officer_ids',
  'auxiliary_ids',
  'attrs',
  ...LINK_KEYS,
]);
const UNIT_CODE = /^\d{6,12}$/;
/** Control characters or any surrogate (paired ones are fine, but rare: the full validation looks closer). */
// eslint-disable-next-line no-control-regex
const CONTROL_OR_SURROGATE = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/;
/** In JSON.stringify's output, an escaped lone surrogate (or a literal backslash-u that looks like one). */
const ESCAPED_SURROGATE = /\\ud[89a-f]/i;

const SURROGATE = /[\ud800-\udfff]/;

/**
 * True when attrs hold only strings, numbers, booleans and nulls without surrogates, and surely serialise
 * within MAX_ATTRS_BYTES (a UTF-16 code unit is at most 6 bytes of JSON: `\u001f`). Otherwise the caller
 * serialises them to check.
 */
function flatAttrsWithinLimits(attrs: Record<string, unknown>): boolean {
  let bytes = 2;
  for (const key in attrs) {
    const v = attrs[key];
    if (SURROGATE.test(key)) return false;
    bytes += 6 * key.length + 4;
    if (typeof v === 'string') {
      if (SURROGATE.test(v)) return false;
      bytes += 6 * v.length + 2;
    } else if (typeof v === 'number' || typeof v === 'boolean' || v === null) bytes += 24;
    else return false;
    if (bytes > MAX_ATTRS_BYTES) return false; // the caller's bounded walk decides; never read them all
  }
  return true;
}

function plainString(v: unknown, min: number, max: number): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max && !CONTROL_OR_SURROGATE.test(v);
}

/** Absent, or a list of at most MAX_PEOPLE plain ids (`officer_ids`, `auxiliary_ids`). */
function plainPeople(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v) || v.length > MAX_PEOPLE) return false;
  for (const id of v) if (!plainString(id, 1, 64)) return false;
  return true;
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ`, the normalised form itself (what toISOString gives). */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function fastOccurredAt(value: unknown, nowMs: number): string | null {
  let ms: number | null;
  let normalised: string | null = null;
  if (typeof value === 'string') {
    if (value.length === 24 && CANONICAL_UTC.test(value)) {
      // Already normalised when every field is in range: then toISOString would give it back unchanged.
      const hh = digits(value, 11, 2);
      const mi = digits(value, 14, 2);
      const ss = digits(value, 17, 2);
      if (hh > 23 || mi > 59 || ss > 59 || !calendarDate(value)) return null;
      // What Date.parse gives for it (the year is at least 100 here, so Date.UTC takes it as it is).
      ms = Date.UTC(
        digits(value, 0, 4),
        digits(value, 5, 2) - 1,
        digits(value, 8, 2),
        hh,
        mi,
        ss,
        digits(value, 20, 3),
      );
      normalised = value;
    } else ms = parseIsoWithZone(value);
  } else if (typeof value === 'number' && Number.isInteger(value) && value >= MIN_EPOCH_MS) ms = value;
  else return null;
  if (ms === null || ms > nowMs + MAX_FUTURE_MS || ms > 253402300799999) return null;
  return normalised ?? new Date(ms).toISOString();
}

/** The normalised event when `input` is plainly valid; null when the full validation must decide. */
function fastValidEvent(input: unknown, nowMs: number): PoliceEvent | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  const raw = input as Record<string, unknown>;
  for (const key in raw) if (!KNOWN_FIELDS.has(key) || !Object.hasOwn(raw, key)) return null;
  const type = raw.type;
  if (!isEventType(type)) return null;
  if (!plainString(raw.event_id, 1, 128)) return null;
  const unit = raw.unit_code;
  if (typeof unit !== 'string' || !UNIT_CODE.test(unit)) return null;
  if (raw.source !== undefined && !plainString(raw.source, 1, 64)) return null;
  for (const key of LINK_KEYS) {
    const v = raw[key];
    if (v !== undefined && !plainString(v, 1, 64)) return null;
  }
  if (!plainPeople(raw.officer_ids) || !plainPeople(raw.auxiliary_ids)) return null;
  const occurredAt = fastOccurredAt(raw.occurred_at, nowMs);
  if (occurredAt === null) return null;
  const spec: EventTypeSpec = EVENT_TYPE_SPECS[type];
  for (const key of spec.required) if (raw[key] === undefined) return null;
  for (const group of spec.requiredOneOf ?? []) if (!group.some((k) => raw[k] !== undefined)) return null;
  const attrs = raw.attrs;
  if (attrs !== undefined) {
    if (typeof attrs !== 'object' || attrs === null || Object.getPrototypeOf(attrs) !== Object.prototype)
      return null;
    if (Object.hasOwn(attrs, '__proto__')) return null;
    if (!flatAttrsWithinLimits(attrs as Record<string, unknown>)) {
      const shape = attrsShape(attrs);
      if (shape.proto || shape.bytes > MAX_ATTRS_BYTES) return null;
      const text = JSON.stringify(attrs);
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      if (text.length * 3 > MAX_ATTRS_BYTES && new TextEncoder().encode(text).length > MAX_ATTRS_BYTES)
        return null;
      if (ESCAPED_SURROGATE.test(text)) return null;
    }
    const a = attrs as Record<string, unknown>;
    for (const k of PERSONAL_ATTRS) {
      const v = a[k];
      if (v !== undefined && v !== null && typeof v !== 'string') return null;
    }
  }
  const a = (attrs ?? {}) as Record<string, unknown>;
  for (const name in spec.attrs) if (attrProblem(spec.attrs[name] as AttrSpec, a[name]) !== null) return null;
  // Already normalised (the common case): the input itself is the event; no copy.
  if (occurredAt === raw.occurred_at) return raw as unknown as PoliceEvent;
  return { ...(raw as Omit<PoliceEvent, 'type' | 'occurred_at'>), type, occurred_at: occurredAt };
}

/**
 * Validates one event. `nowMs` is the injected clock for the "not in the future" check.
 * Returns every problem found, not only the first.
 */
export function validateEvent(input: unknown, nowMs: number): ValidationResult {
  const fast = fastValidEvent(input, nowMs);
  return fast ? { ok: true, event: fast } : validateEventFully(input, nowMs);
}

/** validateEvent without the fast path: the reference it is tested against. */
export function validateEventFully(input: unknown, nowMs: number): ValidationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: ['event: must be a JSON object'] };
  }
  // Structural bounds first: an event beyond one is refused for it alone, without looking at each element.
  const bounded = boundsErrors(input as Record<string, unknown>, KNOWN_FIELDS);
  if (bounded.length > 0) return { ok: false, errors: bounded };
  const errors: string[] = [];
  for (const at of malformedText(input)) errors.push(`${at}: not valid Unicode text (unpaired surrogate)`);
  const parsed = baseSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          errors.push(`${key.slice(0, 40)}: unknown field; put source-specific fields in attrs`);
      } else {
        errors.push(`${issuePath(issue.path) || 'event'}: ${issue.message}`);
      }
    }
  }
  const raw = input as Record<string, unknown>;
  const type = raw.type;
  if (!isEventType(type)) {
    errors.push(
      type === undefined
        ? 'type: required'
        : `type: unknown event type ${JSON.stringify(type).slice(0, 60)}; expected one of ${EVENT_TYPES.join(', ')}`,
    );
  }
  const occurredAt = checkOccurredAt(raw.occurred_at, nowMs, errors);
  const attrs = raw.attrs;
  if (attrs !== undefined && typeof attrs === 'object' && attrs !== null && !Array.isArray(attrs)) {
    const size = new TextEncoder().encode(JSON.stringify(attrs)).length;
    if (size > MAX_ATTRS_BYTES)
      errors.push(`attrs: ${size} bytes serialised; at most ${MAX_ATTRS_BYTES} allowed`);
    checkPersonal(attrs as Record<string, unknown>, errors);
  }
  if (isEventType(type)) {
    const spec = EVENT_TYPE_SPECS[type];
    for (const key of spec.required as readonly LinkKey[]) {
      if (raw[key] === undefined) errors.push(`${key}: required for ${type}`);
    }
    const oneOf = 'requiredOneOf' in spec ? spec.requiredOneOf : [];
    for (const group of oneOf) {
      if (!group.some((k) => raw[k] !== undefined))
        errors.push(`${group.join(' or ')}: one is required for ${type}`);
    }
    const a = (typeof attrs === 'object' && attrs !== null ? attrs : {}) as Record<string, unknown>;
    for (const [name, attrSpec] of Object.entries(spec.attrs) as [string, AttrSpec][]) {
      const problem = attrProblem(attrSpec, a[name]);
      if (problem !== null) errors.push(`attrs.${name}: ${problem}`);
    }
  }
  if (errors.length > 0 || !parsed.success || occurredAt === undefined || !isEventType(type)) {
    return { ok: false, errors: [...new Set(errors)] };
  }
  const event: PoliceEvent = {
    ...(parsed.data as Omit<PoliceEvent, 'type' | 'occurred_at'>),
    type,
    occurred_at: occurredAt,
  };
  return { ok: true, event };
}

/** The value of a link key of an event, or undefined. */
export function linkValue(event: PoliceEvent, key: LinkKey): string | undefined {
  return event[key];
}
