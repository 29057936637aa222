/**
 * Event validation (CONTRACT.md §1): one function turns untrusted input into a normalised `PoliceEvent`
 * or a list of errors that each say which field is wrong and how to fix it.
 */
import { z } from 'zod';
import { EVENT_TYPE_SPECS, EVENT_TYPES, LINK_KEYS, isEventType } from './event-types.js';
import type { AttrSpec, EventType, LinkKey } from './event-types.js';

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
  officer_ids?: string[];
  attrs?: Record<string, unknown>;
}

/** A stored event also knows when it was ingested (ISO-8601 UTC). */
export interface StoredEvent extends PoliceEvent {
  ingested_at: string;
}

export const MAX_FUTURE_MS = 5 * 60 * 1000;
export const MAX_ATTRS_BYTES = 16 * 1024;
const MIN_EPOCH_MS = 0;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

/** Parses an ISO-8601 timestamp that carries an offset or `Z`; returns epoch ms or null. */
export function parseIsoWithZone(value: string): number | null {
  if (!ISO_WITH_ZONE.test(value)) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  // Reject impossible calendar dates that Date.parse silently rolls over (2023-02-30).
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return ms;
}

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
  type: z.unknown(),
  occurred_at: z.unknown(),
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
    .max(64, 'must list at most 64 officers')
    .optional(),
  attrs: z.record(z.string(), z.unknown(), 'must be an object').optional(),
  ...Object.fromEntries(LINK_KEYS.map((k) => [k, linkKey.optional()])),
};
const baseSchema = z.object(baseShape).strict();

export type ValidationResult = { ok: true; event: PoliceEvent } | { ok: false; errors: string[] };

function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');
}

function checkOccurredAt(value: unknown, nowMs: number, errors: string[]): string | undefined {
  let ms: number | null;
  if (value === undefined || value === null) {
    errors.push('occurred_at: required (ISO-8601 with offset, e.g. 2026-11-26T08:30:00+08:00, or epoch ms)');
    return undefined;
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < MIN_EPOCH_MS) {
      errors.push('occurred_at: epoch milliseconds must be a non-negative integer');
      return undefined;
    }
    ms = value;
  } else if (typeof value === 'string') {
    ms = parseIsoWithZone(value);
    if (ms === null) {
      errors.push(
        `occurred_at: "${value.slice(0, 40)}" is not ISO-8601 with an offset or Z (e.g. 2026-11-26T08:30:00+08:00)`,
      );
      return undefined;
    }
  } else {
    errors.push('occurred_at: must be an ISO-8601 string or epoch milliseconds');
    return undefined;
  }
  if (ms > nowMs + MAX_FUTURE_MS) {
    errors.push(
      `occurred_at: ${new Date(ms).toISOString()} is more than 5 minutes in the future; check the clock`,
    );
    return undefined;
  }
  if (ms > 253402300799999) {
    errors.push('occurred_at: out of range');
    return undefined;
  }
  return new Date(ms).toISOString();
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

function checkAttr(name: string, spec: AttrSpec, value: unknown, errors: string[]): void {
  const at = `attrs.${name}`;
  if (value === undefined || value === null) {
    if (spec.required) errors.push(`${at}: required`);
    return;
  }
  switch (spec.kind) {
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value))
        errors.push(
          `${at}: must be one of ${spec.values.join(', ')} (got ${JSON.stringify(value).slice(0, 40)})`,
        );
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max)
        errors.push(`${at}: must be a whole number from ${spec.min} to ${spec.max}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max)
        errors.push(`${at}: must be a number from ${spec.min} to ${spec.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${at}: must be true or false`);
      return;
    case 'datetime':
      if (typeof value !== 'string' || parseIsoWithZone(value) === null)
        errors.push(`${at}: must be ISO-8601 with an offset or Z`);
      return;
  }
}

function checkPersonal(attrs: Record<string, unknown>, errors: string[]): void {
  for (const k of ['person_name', 'id_number', 'phone']) {
    const v = attrs[k];
    if (v !== undefined && v !== null && typeof v !== 'string') errors.push(`attrs.${k}: must be a string`);
  }
}

/**
 * Validates one event. `nowMs` is the injected clock for the "not in the future" check.
 * Returns every problem found, not only the first.
 */
export function validateEvent(input: unknown, nowMs: number): ValidationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: ['event: must be a JSON object'] };
  }
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
      checkAttr(name, attrSpec, a[name], errors);
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
