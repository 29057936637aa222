/**
 * JSON Schemas (draft 2020-12, the dialect of OpenAPI 3.1) of the events `POST /api/events` accepts, made from
 * what validation itself reads: the shared fields from the zod schema `eventFieldsSchema`, and each type's
 * required link keys and attributes from EVENT_TYPE_SPECS. Nothing here is written beside them by hand, so
 * the document cannot drift from the validator (tests/unit/openapi.test.ts checks the examples against it).
 */
import { z } from 'zod';
import { EVENT_TYPE_SPECS, EVENT_TYPES, PERSONAL_ATTRS } from './event-types.js';
import type { AttrSpec, EventType, EventTypeSpec } from './event-types.js';
import { MAX_ATTRS_BYTES } from './event-bounds.js';
import { eventFieldsSchema } from './events.js';

export type JsonSchema = Record<string, unknown>;

const OCCURRED_AT: JsonSchema = {
  description:
    'When it happened: ISO-8601 with an offset or Z (2026-11-26T08:30:00+08:00), or epoch milliseconds; ' +
    'at most 5 minutes in the future. Stored as UTC.',
  oneOf: [
    { type: 'string', format: 'date-time' },
    { type: 'integer', minimum: 0 },
  ],
};

export function attrJsonSchema(spec: AttrSpec): JsonSchema {
  switch (spec.kind) {
    case 'enum':
      return { type: 'string', enum: [...spec.values] };
    case 'int':
      return { type: 'integer', minimum: spec.min, maximum: spec.max };
    case 'int_of':
      return { type: 'integer', enum: [...spec.values] };
    case 'number':
      return { type: 'number', minimum: spec.min, maximum: spec.max };
    case 'boolean':
      return { type: 'boolean' };
    case 'datetime':
      return { type: 'string', format: 'date-time', description: 'ISO-8601 with an offset or Z' };
    case 'text':
      return { type: 'string', minLength: 1, maxLength: spec.maxLength, description: 'not blank' };
  }
}

function attrsJsonSchema(spec: EventTypeSpec): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const k of PERSONAL_ATTRS)
    properties[k] = { type: 'string', description: 'personal data: masked for viewers' };
  for (const [name, a] of Object.entries(spec.attrs)) properties[name] = attrJsonSchema(a);
  const required = Object.entries(spec.attrs)
    .filter(([, a]) => a.required)
    .map(([name]) => name);
  return {
    type: 'object',
    description: `Type-specific attributes; source-specific fields may be added (at most ${MAX_ATTRS_BYTES} bytes as JSON).`,
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: true,
  };
}

/** The schema of one event type, complete in itself. */
export function eventTypeJsonSchema(type: EventType): JsonSchema {
  const spec: EventTypeSpec = EVENT_TYPE_SPECS[type];
  const fields = z.toJSONSchema(eventFieldsSchema, { io: 'input', unrepresentable: 'any' });
  const base = (fields.properties ?? {}) as Record<string, JsonSchema>;
  const attrs = attrsJsonSchema(spec);
  const required = ['event_id', 'type', 'occurred_at', 'unit_code', ...spec.required];
  if (Array.isArray(attrs.required)) required.push('attrs');
  return {
    title: `${type} (${spec.zh})`,
    description: spec.en,
    type: 'object',
    properties: { ...base, type: { const: type }, occurred_at: OCCURRED_AT, attrs },
    required,
    ...(spec.requiredOneOf
      ? { anyOf: spec.requiredOneOf.flatMap((group) => group.map((k) => ({ required: [k] }))) }
      : {}),
    additionalProperties: false,
  };
}

/** Component name of an event type's schema (`Event_incident.reported`). */
export const eventSchemaName = (type: EventType): string => `Event_${type}`;

/** Every event type's schema, and `Event`: one of them, told apart by `type`. */
export function eventJsonSchemas(ref: (name: string) => string): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const t of EVENT_TYPES) out[eventSchemaName(t)] = eventTypeJsonSchema(t);
  out.Event = {
    description: 'One event (CONTRACT §1). `type` says which schema applies.',
    oneOf: EVENT_TYPES.map((t) => ({ $ref: ref(eventSchemaName(t)) })),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(EVENT_TYPES.map((t) => [t, ref(eventSchemaName(t))])),
    },
  };
  return out;
}
