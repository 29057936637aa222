/**
 * Facts: events projected to what the rules read, stored per entity and merged idempotently. A duplicate
 * event_id changes nothing but may lower `seen` (first time seen wins), so merging is commutative.
 */
import { LINK_KEYS } from '../../common/event-types.js';
import type { LinkKey } from '../../common/event-types.js';
import type { PoliceEvent } from '../../common/events.js';
import type { RuleIndex } from './rule-index.js';
import type { EntityRecord, Fact, FieldValue } from './types.js';

/** `case_id=C1`. Link-key names never contain `=`, so the key splits at its first `=`. */
export function entityKey(key: LinkKey, value: string): string {
  return `${key}=${value}`;
}

function projectValue(value: unknown): FieldValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

function readField(event: PoliceEvent, path: string): unknown {
  if (path.startsWith('attrs.')) return event.attrs?.[path.slice(6)];
  if (path === 'officer_ids') return event.officer_ids;
  if (path === 'auxiliary_ids') return event.auxiliary_ids;
  if (path === 'source') return event.source;
  return undefined;
}

/**
 * The fact of an event, or null when no rule reads its type. `seen` is the processing time (epoch ms); a
 * replay passes the event's original ingest time.
 */
export function toFact(event: PoliceEvent, seen: number, index: RuleIndex): Fact | null {
  if (!index.storage.has(event.type)) return null;
  const keys: Partial<Record<LinkKey, string>> = {};
  for (const k of LINK_KEYS) {
    const v = event[k];
    if (v !== undefined) keys[k] = v;
  }
  const f: Record<string, FieldValue> = {};
  for (const path of index.fields) {
    const v = projectValue(readField(event, path));
    if (v !== undefined) f[path] = v;
  }
  const fact: Fact = {
    id: event.event_id,
    type: event.type,
    at: Date.parse(event.occurred_at),
    seen,
    unit: event.unit_code,
    keys,
  };
  if (Object.keys(f).length > 0) fact.f = f;
  return fact;
}

/** The entity keys whose records hold this fact: what a shell loads (and writes) for one event. */
export function entityKeysOf(fact: Pick<Fact, 'type' | 'keys'>, index: RuleIndex): string[] {
  const out: string[] = [];
  for (const k of index.storage.get(fact.type) ?? []) {
    const v = fact.keys[k];
    if (v !== undefined) out.push(entityKey(k, v));
  }
  return out;
}

/** The same for an event not yet made a fact (empty when no rule reads its type). */
export function entityKeysOfEvent(event: PoliceEvent, index: RuleIndex): string[] {
  const keys: Partial<Record<LinkKey, string>> = {};
  for (const k of LINK_KEYS) if (event[k] !== undefined) keys[k] = event[k];
  return entityKeysOf({ type: event.type, keys }, index);
}

function canonical(fact: Fact): string {
  return JSON.stringify({ ...fact, seen: 0 });
}

/** Which of two facts with one event_id is kept: first seen, then (for conflicting content) a fixed order. */
export function preferred(a: Fact, b: Fact): Fact {
  if (a.seen !== b.seen) return a.seen < b.seen ? a : b;
  return canonical(a) <= canonical(b) ? a : b;
}

/** Merges a fact into a record; `changed` is false for a duplicate that adds nothing. */
export function mergeFact(
  record: EntityRecord | undefined,
  fact: Fact,
): { record: EntityRecord; changed: boolean } {
  const existing = record?.facts[fact.id];
  if (existing && preferred(existing, fact) === existing) return { record: record!, changed: false };
  return { record: { facts: { ...record?.facts, [fact.id]: fact } }, changed: true };
}

/** Every fact of an entity. */
export function factsOf(
  lookup: (key: string) => EntityRecord | undefined,
  key: LinkKey,
  value: string,
): Fact[] {
  const record = lookup(entityKey(key, value));
  return record ? Object.values(record.facts) : [];
}
