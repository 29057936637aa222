/**
 * POST /api/events against a real system: exact counts under concurrent resends, the rejection cap, input
 * that must be refused rather than changed, and a fuzz of random bodies (never a 5xx, every error body
 * `{error, code}`, the server healthy after).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorBody } from '../../common/errors.js';
import type { AcceptResult } from '../../common/ingest.js';
import { batch } from '../helpers/events.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.cleanup();
});

const TOKEN = 'test-ingest-token-0123456789';
function postBytes(body: Uint8Array, contentType: string): Promise<Response> {
  return fetch(`${sys.url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${TOKEN}` },
    body,
  });
}

describe('exact counts', () => {
  it('two concurrent POSTs of the same 1,000 events: accepted once, duplicates once, in all', async () => {
    for (let round = 0; round < 3; round++) {
      const events = batch(1_000, `race-${round}`);
      const replies = await Promise.all([sys.post(events), sys.post(events)]);
      const [a, b] = (await Promise.all(replies.map((r) => r.json()))) as AcceptResult[];
      expect(a!.accepted + b!.accepted).toBe(1_000);
      expect(a!.duplicates + b!.duplicates).toBe(1_000);
    }
    await sys.ingest.drained();
    const later = (await (await sys.post(batch(1_000, 'race-0'))).json()) as AcceptResult;
    expect(later).toEqual({ accepted: 0, duplicates: 1_000, rejected: [] });
  });
});

describe('refused, not changed', () => {
  it('lists at most 100 rejections and counts the rest', async () => {
    const bad = Array.from({ length: 250 }, (_, i) => ({ event_id: `bad-${i}` }));
    const res = await sys.post([...bad, ...batch(2, 'cap')]);
    const json = (await res.json()) as AcceptResult;
    expect(res.status).toBe(202);
    expect(json.accepted).toBe(2);
    expect(json.rejected).toHaveLength(100);
    expect(json.rejected[99]?.index).toBe(99);
    expect(json.rejected_more).toBe(150);
  });

  it('invalid UTF-8 is a 400 saying where; attrs.__proto__ is rejected by name; a BOM is fine in both forms', async () => {
    const [event] = batch(1, 'utf8');
    const text = JSON.stringify(event);
    const broken = Buffer.concat([
      Buffer.from(text.slice(0, 20)),
      Buffer.from([0xc3]),
      Buffer.from(text.slice(20)),
    ]);
    const res = await postBytes(broken, 'application/json');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 'invalid_body',
      error: 'the body is not valid UTF-8 at byte 20 (line 1, column 21); send UTF-8 text',
    });
    const proto = text.replace('"attrs":{', '"attrs":{"__proto__":{"x":1},');
    const json = (await (await sys.post(proto)).json()) as AcceptResult;
    expect(json.rejected[0]?.errors).toEqual([
      'attrs.__proto__: not allowed as a field name; rename the field',
    ]);
    for (const [i, type] of ['application/json', 'application/x-ndjson'].entries()) {
      const [e] = batch(1, `bom-${i}`);
      const r = await postBytes(
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(e))]),
        type,
      );
      expect(await r.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    }
  });
});

describe('fuzz', () => {
  const bodies = fc.oneof(
    fc.json().map((t) => ({ body: Buffer.from(t), type: 'application/json' })),
    fc
      .array(fc.json(), { maxLength: 5 })
      .map((ls) => ({ body: Buffer.from(ls.join('\n')), type: 'application/x-ndjson' })),
    fc.uint8Array({ maxLength: 200 }).map((b) => ({ body: Buffer.from(b), type: 'application/json' })),
    fc.tuple(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }), fc.boolean()).map(([vs, nd]) => ({
      body: Buffer.from(nd ? vs.map((v) => JSON.stringify(v)).join('\n') : JSON.stringify(vs)),
      type: nd ? 'application/x-ndjson' : 'application/json',
    })),
  );

  it('random JSON, NDJSON and bytes: never a 5xx, every error body {error, code}; healthy after', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async ({ body, type }) => {
        const res = await postBytes(body, type);
        expect(res.status).toBeLessThan(500);
        const json: unknown = await res.json();
        if (res.status >= 400) expect(isErrorBody(json)).toBe(true);
        else expect(res.status).toBe(202);
      }),
      { numRuns: 200 },
    );
    const health = await fetch(`${sys.url}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
  }, 120_000);
});
