/**
 * The structural pass that splits a body into events before parsing: on any JSON it gives what one
 * JSON.parse of the whole would (same items, or an error), and refuses what no valid event can be.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_TOKENS } from '../../server/http/body-scan.js';
import { parseEventsBody } from '../../server/http/parse-events-body.js';

const parse = (text: string, type = 'application/json') => parseEventsBody(type, Buffer.from(text));

describe('body scan', () => {
  it('splits a top-level array exactly, whatever its strings hold', async () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(json, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (items, pretty) => {
          const text = JSON.stringify(items, null, pretty ? 2 : undefined);
          expect(await parse(text)).toEqual({ ok: true, items: JSON.parse(text) as unknown[] });
          const nd = items.map((i) => JSON.stringify(i)).join('\n');
          expect(await parse(nd, 'application/x-ndjson')).toEqual({
            ok: true,
            items: JSON.parse(`[${nd.split('\n').join(',')}]`) as unknown[],
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any text that is not one JSON value is refused as invalid JSON, never parsed into something else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom('[', ']', '{', '}', ',', '"', '\\', ':', '1', ' ', 'a', '\n') }),
        async (text) => {
          let whole: unknown;
          try {
            whole = JSON.parse(text);
          } catch {
            whole = undefined;
          }
          const r = await parse(text);
          if (r.ok) expect(r.items).toEqual(Array.isArray(whole) ? whole : [whole]);
          else expect(['invalid_json', 'invalid_body']).toContain(r.code);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('says where: a stray bracket, a trailing comma, text after the array', async () => {
    expect(await parse('[{"a":1],\n2]')).toMatchObject({
      ok: false,
      code: 'invalid_json',
      error: "invalid JSON at line 1, column 8: unexpected ']'",
    });
    expect(await parse('[1,\n]')).toMatchObject({ ok: false, code: 'invalid_json' });
    expect(await parse('[1] [2]')).toMatchObject({
      ok: false,
      code: 'invalid_json',
      error: 'invalid JSON at line 1, column 5: unexpected text after the array',
    });
    expect(await parse('[]')).toMatchObject({
      ok: false,
      code: 'invalid_body',
      error: 'no events in the body',
    });
  });

  it('refuses more than 10,000 events (413), and an event no valid one could be, before parsing', async () => {
    expect(await parse(`[${'0,'.repeat(10_000)}0]`)).toMatchObject({ ok: false, status: 413 });
    const many = `[{"e":1},{"officer_ids":[${'1,'.repeat(MAX_EVENT_TOKENS)}1]}]`;
    expect(await parse(many)).toMatchObject({
      ok: false,
      code: 'invalid_body',
      error: `event 2 holds more than ${MAX_EVENT_TOKENS} JSON values at line 1, column 10`,
    });
    expect(await parse(`{"a":"${'x'.repeat(1_100_000)}"}`)).toMatchObject({
      ok: false,
      code: 'invalid_body',
    });
    expect(await parse('['.repeat(40) + ']'.repeat(40))).toMatchObject({ ok: false, code: 'invalid_body' });
  });
});
