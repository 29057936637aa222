/**
 * Structural bounds come before element-wise validation: an event with millions of elements is refused by
 * a bound that reads a bounded number of its members, with one message per bound. Fields JavaScript cannot hold
 * faithfully (`__proto__`) are refused, not dropped; a missing `type` is reported once.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ATTRS_BYTES, validateEvent, validateEventFully } from '../../common/events.js';
import { VALID_EVENTS } from '../helpers/valid-events.js';

const NOW = Date.parse('2026-11-26T01:00:00Z');
const base = (): Record<string, unknown> => ({
  event_id: 'b-1',
  type: 'incident.reported',
  ...VALID_EVENTS['incident.reported'],
});

function errorsOf(input: unknown): string[] {
  const r = validateEvent(input, NOW);
  return r.ok ? [] : r.errors;
}

/**
 * The object, and how many of its members validation read. Work is counted, not timed: a bound that holds
 * reads a few members whatever the size; a walk reads them all (timings would only flake on a loaded machine).
 */
function counting<T extends object>(target: T): { proxy: T; reads: () => number } {
  let n = 0;
  const proxy = new Proxy(target, {
    get(t, k, r) {
      if (typeof k === 'string' && k !== 'length') n++;
      return Reflect.get(t, k, r) as unknown;
    },
  });
  return { proxy, reads: () => n };
}

describe('structural bounds', () => {
  it('2.6 million officer_ids, strings or not: one message, quickly', () => {
    for (const fill of ['o1', 1]) {
      const ids = counting(new Array(2_600_000).fill(fill));
      expect(errorsOf({ ...base(), officer_ids: ids.proxy })).toEqual([
        'officer_ids: must list at most 64 officers (got 2600000)',
      ]);
      expect(ids.reads()).toBe(0);
    }
  });

  // Objects of more than MAX_EVENT_TOKENS members never get here over HTTP (the body scan refuses them):
  // enumerating the keys of a JavaScript object that large is itself slow.
  it('twenty thousand unknown fields: one message naming a few and counting the rest', () => {
    const event = base();
    for (let i = 0; i < 20_000; i++) event[`k${i}`] = 1;
    const counted = counting(event);
    expect(errorsOf(counted.proxy)).toEqual([
      'event: 20000 unknown fields ("k0", "k1", "k2", "k3", "k4" and 19995 more); put source-specific fields in attrs',
    ]);
    expect(counted.reads()).toBeLessThan(100);
  });

  it('attrs far over the size limit (many keys, a long array, deep) are refused without walking all of it', () => {
    const manyKeys: Record<string, number> = {};
    for (let i = 0; i < 200_000; i++) manyKeys[`a${i}`] = i;
    const message = `attrs: more than ${MAX_ATTRS_BYTES} bytes serialised; at most ${MAX_ATTRS_BYTES} allowed`;
    const keys = counting({ ...(base().attrs as object), ...manyKeys });
    const list = counting(new Array(3_000_000).fill(0));
    const attrs = [keys.proxy, { ...(base().attrs as object), list: list.proxy }];
    for (const a of [...attrs, { ...(base().attrs as object), s: 'x'.repeat(5_000_000) }])
      expect(errorsOf({ ...base(), attrs: a })).toEqual([message]);
    // At most about MAX_ATTRS_BYTES values are visited (event-bounds.ts), whatever the size.
    expect(keys.reads()).toBeLessThanOrEqual(2 * MAX_ATTRS_BYTES);
    expect(list.reads()).toBeLessThanOrEqual(2 * MAX_ATTRS_BYTES);
  });

  it('a 5 MB event_id or link key is refused by its length before it is scanned', () => {
    const r = {
      errors: errorsOf({ ...base(), event_id: 'x'.repeat(5_000_000), incident_id: '\u0000'.repeat(2_000) }),
    };
    expect(r.errors).toEqual([
      'event_id: must be at most 128 characters (got 5000000)',
      'incident_id: must be at most 64 characters (got 2000)',
    ]);
  });

  it('within the bounds every problem is still reported', () => {
    const errors = errorsOf({ ...base(), officer_ids: ['', 5], source: '' });
    expect(errors).toEqual(
      expect.arrayContaining(['officer_ids[0]: must not be empty', 'officer_ids[1]: must be a string']),
    );
    expect(errors).toHaveLength(3);
  });
});

describe('refused, not changed', () => {
  it('attrs.__proto__ is refused with a message naming it, at any depth, on both paths', () => {
    for (const text of [
      '{"__proto__":{"x":1},"category":"criminal"}',
      '{"category":"criminal","n":{"__proto__":1}}',
    ]) {
      const input = { ...base(), attrs: JSON.parse(text) as object };
      const where = text.startsWith('{"__proto__"') ? 'attrs.__proto__' : 'attrs.n.__proto__';
      for (const validate of [validateEvent, validateEventFully])
        expect(validate(input, NOW)).toEqual({
          ok: false,
          errors: [`${where}: not allowed as a field name; rename the field`],
        });
    }
  });

  it('a top-level __proto__ is an unknown field', () => {
    const input = JSON.parse(`{"__proto__":1,${JSON.stringify(base()).slice(1)}`) as object;
    expect(errorsOf(input)).toEqual(['__proto__: unknown field; put source-specific fields in attrs']);
  });

  it('a missing type or occurred_at is reported once', () => {
    const { type: _t, occurred_at: _o, ...rest } = base();
    expect(errorsOf(rest)).toEqual([
      'type: required',
      'occurred_at: required (ISO-8601 with offset, e.g. 2026-11-26T08:30:00+08:00, or epoch ms)',
    ]);
  });
});
