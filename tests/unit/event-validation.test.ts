import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_SPECS, EVENT_TYPES } from '../../common/event-types.js';
import type { AttrSpec, EventType } from '../../common/event-types.js';
import { parseIsoWithZone, validateEvent } from '../../common/events.js';
import { VALID_EVENTS } from '../helpers/valid-events.js';

const NOW = Date.parse('2026-11-26T01:00:00Z');

function example(type: EventType, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { event_id: `e-${type}`, type, ...VALID_EVENTS[type], ...patch };
}

function errorsOf(input: unknown): string[] {
  const r = validateEvent(input, NOW);
  return r.ok ? [] : r.errors;
}

describe.each(EVENT_TYPES)('%s', (type) => {
  const spec = EVENT_TYPE_SPECS[type];

  it('accepts a valid example and normalises occurred_at to UTC', () => {
    const r = validateEvent(example(type), NOW);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.event.type).toBe(type);
      expect(r.event.occurred_at).toBe('2026-11-26T00:30:00.000Z');
    }
  });

  it.each(spec.required as readonly string[])('requires link key %s', (key) => {
    expect(errorsOf(example(type, { [key]: undefined }))).toContain(`${key}: required for ${type}`);
  });

  const attrs = Object.entries(spec.attrs) as [string, AttrSpec][];
  if (attrs.length === 0) return;
  it('checks its attributes and says what is allowed', () => {
    for (const [name, attr] of attrs) {
      const base = example(type);
      const without = { ...(base.attrs as object), [name]: undefined };
      const missing = errorsOf({ ...base, attrs: without });
      if (attr.required) expect(missing).toContain(`attrs.${name}: required`);
      else expect(missing).toEqual([]);
      const wrong = errorsOf({ ...base, attrs: { ...(base.attrs as object), [name]: { nested: 1 } } });
      expect(wrong).toHaveLength(1);
      expect(wrong[0]).toMatch(new RegExp(`^attrs\\.${name}: must be `));
    }
  });
});

describe('common fields', () => {
  const ok = example('incident.reported');

  it('rejects unknown types, listing the known ones', () => {
    const [err] = errorsOf({ ...ok, type: 'incident.lost' });
    expect(err).toMatch(/^type: unknown event type "incident.lost"; expected one of incident.reported, /);
    expect(errorsOf({ ...ok, type: undefined })).toContain('type: required');
  });

  it('reports every problem at once', () => {
    const errors = errorsOf({ type: 'incident.closed', unit_code: 'x', occurred_at: 'yesterday' });
    expect(errors).toEqual(
      expect.arrayContaining([
        'event_id: required',
        'unit_code: must be 6–12 digits (e.g. 450103520000)',
        expect.stringMatching(/^occurred_at: "yesterday" is not ISO-8601/),
        'incident_id: required for incident.closed',
        'attrs.nature: required',
      ]),
    );
  });

  it('event_id: 1–128 characters without control characters', () => {
    expect(errorsOf({ ...ok, event_id: '' })).toEqual(['event_id: must not be empty']);
    expect(errorsOf({ ...ok, event_id: 'x'.repeat(129) })).toEqual([
      'event_id: must be at most 128 characters',
    ]);
    expect(errorsOf({ ...ok, event_id: 'a\nb' })).toEqual(['event_id: must not contain control characters']);
    expect(errorsOf({ ...ok, event_id: 42 })).toEqual(['event_id: must be a string']);
  });

  it('occurred_at: ISO-8601 with offset or Z, or epoch ms; not more than 5 minutes ahead', () => {
    expect(errorsOf({ ...ok, occurred_at: '2026-11-26T08:30:00' })[0]).toMatch(/not ISO-8601 with an offset/);
    expect(errorsOf({ ...ok, occurred_at: '2026-02-30T08:30:00Z' })[0]).toMatch(/not ISO-8601/);
    expect(errorsOf({ ...ok, occurred_at: NOW + 4 * 60_000 })).toEqual([]);
    expect(errorsOf({ ...ok, occurred_at: NOW + 6 * 60_000 })[0]).toMatch(
      /more than 5 minutes in the future/,
    );
    expect(errorsOf({ ...ok, occurred_at: 1.5 })[0]).toMatch(/non-negative integer/);
    const r = validateEvent({ ...ok, occurred_at: NOW - 1000 }, NOW);
    expect(r.ok && r.event.occurred_at).toBe('2026-11-26T00:59:59.000Z');
  });

  it('unit_code: 6 to 12 digits', () => {
    expect(errorsOf({ ...ok, unit_code: '450103' })).toEqual([]);
    expect(errorsOf({ ...ok, unit_code: '45010' })).toHaveLength(1);
    expect(errorsOf({ ...ok, unit_code: '4501035200001' })).toHaveLength(1);
    expect(errorsOf({ ...ok, unit_code: 450103520000 })).toEqual([
      'unit_code: must be a string of 6–12 digits',
    ]);
  });

  it('link keys: 1–64 characters', () => {
    expect(errorsOf({ ...ok, incident_id: 'x'.repeat(65) })).toEqual([
      'incident_id: must be at most 64 characters',
    ]);
    expect(errorsOf({ ...ok, case_id: '' })).toEqual(['case_id: must not be empty']);
  });

  it('unknown top-level fields are rejected with a hint; extra attrs are kept', () => {
    expect(errorsOf({ ...ok, occured_at: 'typo' })).toEqual([
      'occured_at: unknown field; put source-specific fields in attrs',
    ]);
    const r = validateEvent({ ...ok, attrs: { category: 'fire', caller_lang: 'zh' } }, NOW);
    expect(r.ok && r.event.attrs).toEqual({ category: 'fire', caller_lang: 'zh' });
  });

  it('attrs: an object of at most 16 KiB; personal data must be strings', () => {
    expect(errorsOf({ ...ok, attrs: [1] })).toContain('attrs: must be an object');
    const big = errorsOf({ ...ok, attrs: { category: 'other', pad: 'x'.repeat(17_000) } });
    expect(big[0]).toMatch(/^attrs: (more than )?\d+ bytes serialised; at most 16384 allowed$/);
    expect(errorsOf({ ...ok, attrs: { category: 'other', id_number: 450 } })).toEqual([
      'attrs.id_number: must be a string',
    ]);
  });

  it('officer_ids: an array of strings', () => {
    expect(errorsOf({ ...ok, officer_ids: 'P1' })).toEqual(['officer_ids: must be an array of strings']);
    expect(errorsOf({ ...ok, officer_ids: ['P1', 2] })[0]).toMatch(/^officer_ids\[1\]: must be a string/);
  });

  it('recording.uploaded needs an incident_id or a session_id', () => {
    const rec = example('recording.uploaded', { session_id: undefined });
    expect(errorsOf(rec)).toEqual(['incident_id or session_id: one is required for recording.uploaded']);
    expect(errorsOf({ ...rec, incident_id: 'I1' })).toEqual([]);
  });

  it('non-objects are rejected', () => {
    expect(errorsOf(null)).toEqual(['event: must be a JSON object']);
    expect(errorsOf([ok])).toEqual(['event: must be a JSON object']);
    expect(errorsOf('x')).toEqual(['event: must be a JSON object']);
  });
});

describe('parseIsoWithZone', () => {
  it.each([
    ['2026-11-26T08:30:00Z', Date.UTC(2026, 10, 26, 8, 30)],
    ['2026-11-26T08:30:00.123+08:00', Date.UTC(2026, 10, 26, 0, 30, 0, 123)],
    ['2026-11-26T08:30+0800', Date.UTC(2026, 10, 26, 0, 30)],
    ['2026-11-26 08:30:00Z', null],
    ['2026-13-01T00:00:00Z', null],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2023-02-29T00:00:00Z', null],
  ])('%s', (text, expected) => {
    expect(parseIsoWithZone(text)).toBe(expected);
  });
});
