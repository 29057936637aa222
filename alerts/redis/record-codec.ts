/**
 * Compact encoding of entity records for Redis (memory per open obligation is a budget): a record is a
 * JSON array of facts, each `[id, type index, at, seen, unit, keys, fields?]` with the link keys by index.
 * About half the size of the plain JSON of EntityRecord.
 */
import { EVENT_TYPES, LINK_KEYS } from '../../common/event-types.js';
import type { LinkKey } from '../../common/event-types.js';
import type { EntityRecord, Fact, FieldValue } from '../engine/index.js';

type PackedKeys = (number | string)[];
type PackedFact =
  | [string, number, number, number, string, PackedKeys]
  | [string, number, number, number, string, PackedKeys, Record<string, FieldValue>];

const TYPE_INDEX = new Map(EVENT_TYPES.map((t, i) => [t, i]));
const KEY_INDEX = new Map(LINK_KEYS.map((k, i) => [k, i]));

export function encodeRecord(record: EntityRecord): string {
  const packed: PackedFact[] = Object.values(record.facts).map((f) => {
    const keys: PackedKeys = [];
    for (const [k, v] of Object.entries(f.keys))
      keys.push(KEY_INDEX.get(k as LinkKey) as number, v as string);
    const base: [string, number, number, number, string, PackedKeys] = [
      f.id,
      TYPE_INDEX.get(f.type) as number,
      f.at,
      f.seen,
      f.unit,
      keys,
    ];
    return f.f ? [...base, f.f] : base;
  });
  return JSON.stringify(packed);
}

export function decodeRecord(text: string): EntityRecord {
  const packed = JSON.parse(text) as PackedFact[];
  const facts: Record<string, Fact> = {};
  for (const p of packed) {
    const keys: Partial<Record<LinkKey, string>> = {};
    const k = p[5];
    for (let i = 0; i < k.length; i += 2) keys[LINK_KEYS[k[i] as number] as LinkKey] = k[i + 1] as string;
    const fact: Fact = { id: p[0], type: EVENT_TYPES[p[1]]!, at: p[2], seen: p[3], unit: p[4], keys };
    if (p.length === 7) fact.f = p[6];
    facts[fact.id] = fact;
  }
  return { facts };
}
