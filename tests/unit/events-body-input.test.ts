/**
 * POST /api/events bodies that used to be changed instead of refused: text that is not UTF-8 is refused
 * with the byte and line where it breaks (not stored as U+FFFD); a leading byte order mark is dropped in
 * JSON and NDJSON alike; blank NDJSON lines are JSON whitespace only.
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventsBody } from '../../server/http/parse-events-body.js';
import { firstInvalidUtf8 } from '../../server/http/utf8.js';

const JSON_TYPE = 'application/json';
const NDJSON_TYPE = 'application/x-ndjson';
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('UTF-8', async () => {
  it('refuses a body that is not UTF-8, saying at which byte, line and column', async () => {
    const body = bytes('{"a":1}\n{"b":"x', [0xff], '"}\n');
    const r = await parseEventsBody(NDJSON_TYPE, body);
    expect(r).toMatchObject({ ok: false, status: 400, code: 'invalid_body' });
    expect(r.ok ? '' : r.error).toBe(
      'the body is not valid UTF-8 at byte 15 (line 2, column 8); send UTF-8 text',
    );
    const json = await parseEventsBody(JSON_TYPE, bytes('["', [0xc3, 0x28], '"]'));
    expect(json.ok ? '' : json.error).toContain('byte 2 (line 1, column 3)');
  });

  it('refuses overlong forms, surrogates, code points above U+10FFFF and a cut-off sequence', async () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe4, 0xb8],
    ])
      expect(firstInvalidUtf8(bytes('ok', bad))).toBe(2);
    expect(firstInvalidUtf8(bytes('中文 ok 😀'))).toBe(-1);
  });

  it('finds the first bad byte exactly where the native check and a fatal decoder disagree with valid text', async () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.string({ unit: 'grapheme', maxLength: 10 }),
        (noise, text) => {
          const body = Buffer.concat([Buffer.from(text), noise]);
          const at = firstInvalidUtf8(body);
          expect(at === -1).toBe(isUtf8(body));
          if (at !== -1) {
            expect(() => decoder.decode(body.subarray(0, at + 4))).toThrow();
            expect(isUtf8(body.subarray(0, at)) || at === 0).toBe(true);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('byte order mark', async () => {
  const event = '{"event_id":"bom"}';

  it('a leading BOM is dropped in JSON and in NDJSON alike', async () => {
    for (const type of [JSON_TYPE, NDJSON_TYPE]) {
      const r = await parseEventsBody(type, bytes([0xef, 0xbb, 0xbf], event));
      expect(r).toEqual({ ok: true, items: [{ event_id: 'bom' }] });
    }
  });

  it('U+FEFF anywhere else is not whitespace, in either form', async () => {
    expect(await parseEventsBody(JSON_TYPE, bytes(' \uFEFF', event))).toMatchObject({
      ok: false,
      code: 'invalid_json',
    });
    const nd = await parseEventsBody(NDJSON_TYPE, bytes(event, '\n\uFEFF', event));
    expect(nd).toMatchObject({ ok: false, code: 'invalid_json' });
    expect(nd.ok ? '' : nd.error).toContain('line 2');
  });

  it('blank NDJSON lines (JSON whitespace, CRLF) are skipped; line numbers count them', async () => {
    const r = await parseEventsBody(NDJSON_TYPE, bytes('\r\n \t\r\n', event, '\r\n\n', event, '\n\n'));
    expect(r).toEqual({ ok: true, items: [{ event_id: 'bom' }, { event_id: 'bom' }] });
    const bad = await parseEventsBody(NDJSON_TYPE, bytes('\n\n', event, '\n\n{"x":\n'));
    expect(bad.ok ? '' : bad.error).toMatch(/line 5/);
  });

  it('finds the first bad byte in a large body, wherever it falls against the slices checked natively', () => {
    const slice = 256 * 1024;
    const char = Buffer.from('中'); // three bytes: sequences straddle every slice boundary
    const text = Buffer.concat(Array<Buffer>(Math.ceil((3 * slice) / 3) + 7).fill(char));
    for (const at of [0, slice - 1, slice, slice + 1, 2 * slice - 2, 2 * slice + 3, text.length - 1]) {
      const start = at - (at % 3); // a character boundary
      for (const bad of [[0xff], [0x80], [0xe4, 0x41]]) {
        const body = Buffer.concat([text.subarray(0, start), Buffer.from(bad), text.subarray(start)]);
        expect(firstInvalidUtf8(body)).toBe(start);
      }
      const cut = Buffer.concat([text.subarray(0, start + 1), text.subarray(start + 3)]); // a broken 中
      expect(firstInvalidUtf8(cut)).toBe(start);
    }
    expect(firstInvalidUtf8(text)).toBe(-1);
  });

  it('places a bad byte after millions of newlines by line and byte column', async () => {
    const body = Buffer.concat([
      Buffer.from('\n'.repeat(3_000_000) + '{"a":"é'),
      Buffer.from([0xff]),
      Buffer.from('"}'),
    ]);
    const r = await parseEventsBody(NDJSON_TYPE, body);
    expect(r.ok ? '' : r.error).toContain(`byte ${3_000_000 + 8} (line 3000001, column 9)`);
  });
});
