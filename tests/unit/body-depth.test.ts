/**
 * The depth check on POST /api/events bodies: exactly MAX_DEPTH levels pass, one more does not, and the
 * iterative check visiting only containers agrees with the plain definition (every value's depth).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, parseEventsBody, tooDeep } from '../../server/http/parse-events-body.js';

/** The definition: some value (containers and primitives alike) deeper than MAX_DEPTH. */
function tooDeepByDefinition(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (d > MAX_DEPTH) return true;
    if (typeof v === 'object' && v !== null) for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

const nest = (levels: number, leaf: unknown, asArray: boolean): unknown => {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = asArray ? [v] : { k: v };
  return v;
};

describe('body depth', () => {
  it('passes MAX_DEPTH levels and refuses one more, for objects, arrays, and empty containers', () => {
    for (const asArray of [false, true])
      for (const leaf of [1, 'x', null, {}, []]) {
        // the leaf sits at depth MAX_DEPTH (the outermost value is at depth 0), then one deeper
        expect(tooDeep(nest(MAX_DEPTH, leaf, asArray))).toBe(false);
        expect(tooDeep(nest(MAX_DEPTH + 1, leaf, asArray))).toBe(true);
      }
  });

  it('agrees with the definition on any JSON value', () => {
    const deepish = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(deepish, fc.integer({ min: 0, max: MAX_DEPTH + 2 }), (v, extra) => {
        const wrapped = nest(extra, v, extra % 2 === 0);
        expect(tooDeep(wrapped)).toBe(tooDeepByDefinition(wrapped));
      }),
      { numRuns: 2_000 },
    );
  });

  it('a body nested too deeply is a clear 400; a key named __proto__ is looked into like any other', async () => {
    const deepEvent = JSON.stringify({ event_id: 'd', attrs: nest(MAX_DEPTH, 1, false) });
    const r = await parseEventsBody('application/json', Buffer.from(deepEvent));
    expect(r).toMatchObject({
      ok: false,
      status: 400,
      code: 'invalid_body',
      error: `JSON nested deeper than ${MAX_DEPTH} levels`,
    });
    const proto = `{"__proto__":${JSON.stringify(nest(MAX_DEPTH, 1, true))}}`;
    expect(tooDeep(JSON.parse(proto))).toBe(true);
  });
});
