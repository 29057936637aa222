/**
 * validateEvent has a fast path for plainly valid events; validateEventFully is the reference (zod and
 * every message). On valid examples of every type and on random mutations of them, both must give the
 * same answer: the same normalised event, or the same errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, LINK_KEYS } from '../../common/event-types.js';
import { parseIsoWithZone, validateEvent, validateEventFully } from '../../common/events.js';
import { VALID_EVENTS } from '../helpers/valid-events.js';

const NOW = Date.parse('2026-11-26T01:00:00Z');

const examples = EVENT_TYPES.map((type) => ({ event_id: `e-${type}`, type, ...VALID_EVENTS[type] }));

const FIELDS = [
  'event_id',
  'type',
  'occurred_at',
  'unit_code',
  'source',
  'officer_ids',
  'auxiliary_ids',
  'attrs',
  ...LINK_KEYS,
  'occured_at',
  '__proto__',
  'extra',
];

const ATTR_NAMES = [
  'category',
  'nature',
  'days',
  'basis',
  'person_name',
  'x',
  // v2
  'measure',
  'reason',
  'outcome',
  'decision_kind',
  'facility',
  'designated_residence',
  'requires_legal_review',
];

/** Values that are valid somewhere, invalid elsewhere, or odd. */
const oddValue = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    'x',
    'x'.repeat(64),
    'x'.repeat(65),
    'x'.repeat(129),
    'a\nb',
    'a\u0085b',
    '\ud800',
    '\udc00x',
    '😀',
    'a\\ud800',
    '张三',
    '450103',
    '45010',
    '4501035200001',
    '450103520000',
    0,
    -1,
    1.5,
    NOW,
    NOW + 4 * 60_000,
    NOW + 6 * 60_000,
    253402300799999,
    253402300800000,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    false,
    [],
    ['P1'],
    ['P1', 2],
    Array.from({ length: 65 }, (_, i) => `P${i}`),
    {},
    { category: 'criminal' },
    { category: 'criminal', phone: 138 },
    { category: 'nope' },
    { category: 'criminal', pad: 'x'.repeat(17_000) },
    { category: 'criminal', pad: '中'.repeat(5_000) },
    { category: 'criminal', pad: '中'.repeat(6_000) },
    JSON.parse('{"category":"criminal","__proto__":{"x":1}}') as unknown,
    { category: 'criminal', bad: '\udfff' },
    { ['\ud800']: 1, category: 'criminal' },
    { days: 7 },
    { days: 0 },
    { days: 7.5 },
    { hours: 0.5 },
    7,
    30,
    31,
    '7',
    ' ',
    '行政拘留',
    'x'.repeat(100),
    'x'.repeat(101),
    'detention',
    'residential_surveillance',
    'obstructs_investigation',
    'seized',
    { hours: 72.5 },
    { due_back_at: '2026-11-27T08:30:00+08:00' },
    { due_back_at: '2026-02-30T08:30:00+08:00' },
    '2026-11-26T08:30:00+08:00',
    '2026-11-26T08:30:00Z',
    '2026-11-26T08:30:00',
    '2026-02-29T08:30:00Z',
    '2024-02-29T08:30:00Z',
    '0099-01-01T00:00:00Z',
    '0100-01-01T00:00:00Z',
    '2026-11-26T25:30:00Z',
    '2026-11-26T00:30:00.123Z',
    '2026-11-26T24:00:00.000Z',
    '2026-11-26T23:59:60.000Z',
    '2023-02-29T00:00:00.000Z',
    '2024-02-29T00:00:00.000Z',
    '0099-12-31T00:00:00.000Z',
    '0100-01-01T00:00:00.000Z',
    '2026-11-26T01:05:00.001Z',
    'incident.reported',
    'incident.lost',
  ),
  // The normalised form (`YYYY-MM-DDTHH:mm:ss.sssZ`) with fields in and out of range.
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(
      ([y, m, d, h, s, ms]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T` +
        `${String(h).padStart(2, '0')}:${String(s).padStart(2, '0')}:${String(s).padStart(2, '0')}.` +
        `${String(ms).padStart(3, '0')}Z`,
    ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
);

const mutated = fc
  .tuple(
    fc.constantFrom(...examples),
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), oddValue), { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom(...ATTR_NAMES), oddValue), { maxLength: 2 }),
  )
  .map(([base, patches, attrPatches]) => {
    const event: Record<string, unknown> = structuredClone(base);
    for (const [k, v] of patches) {
      if (k === '__proto__')
        Object.defineProperty(event, k, { value: v, enumerable: true, configurable: true });
      else event[k] = v;
    }
    if (attrPatches.length > 0 && typeof event.attrs === 'object' && event.attrs !== null) {
      const attrs = { ...(event.attrs as object) } as Record<string, unknown>;
      for (const [k, v] of attrPatches) attrs[k] = v;
      event.attrs = attrs;
    }
    // What the HTTP body parser hands over: plain JSON values.
    return JSON.parse(JSON.stringify(event)) as unknown;
  });

describe('validateEvent (fast path) agrees with validateEventFully', () => {
  it('on the valid example of every type', () => {
    for (const e of examples) {
      const fast = validateEvent(e, NOW);
      expect(fast.ok).toBe(true);
      expect(fast).toEqual(validateEventFully(e, NOW));
    }
  });

  it('on random mutations of them', () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(mutated, (input) => {
        const fast = validateEvent(input, NOW);
        expect(fast).toEqual(validateEventFully(input, NOW));
        if (fast.ok) valid++;
        else invalid++;
      }),
      { numRuns: 4_000 },
    );
    // Both branches were exercised.
    expect(valid).toBeGreaterThan(100);
    expect(invalid).toBeGreaterThan(100);
  });

  it('on inputs that are not objects or have odd prototypes', () => {
    const odd = Object.assign(Object.create(null) as object, examples[0]);
    for (const input of [null, 1, 'x', [], [examples[0]], odd, { ...examples[0], attrs: new Date() }])
      expect(validateEvent(input, NOW)).toEqual(validateEventFully(input, NOW));
  });
});

/** parseIsoWithZone as it was before its calendar check became arithmetic: the oracle. */
function parseIsoWithZoneBefore(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/.test(value)) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return ms;
}

it('parseIsoWithZone accepts and rejects exactly what it did before', () => {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const iso = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.constantFrom('Z', '+08:00', '-0530', '+14', ''),
    )
    .map(([y, m, d, h, z]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(h, 2)}:30:00.5${z}`);
  fc.assert(
    fc.property(fc.oneof(iso, fc.string()), (text) => {
      expect(parseIsoWithZone(text)).toBe(parseIsoWithZoneBefore(text));
    }),
    { numRuns: 20_000 },
  );
});
