import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../common/node/clickhouse.js';
import { countEvents } from '../../ingest/store/event-store.js';
import { batch, incidentReported } from '../helpers/events.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import type { AcceptResult } from '../../common/ingest.js';

const body = async (r: Response): Promise<AcceptResult & { error?: string }> =>
  (await r.json()) as AcceptResult & { error?: string };

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.cleanup();
});

async function storedCount(prefix: string): Promise<{ rows: number; distinct: number }> {
  const [r] = await queryRows<{ rows: string; distinct: string }>(
    sys.clickhouse.client,
    'SELECT count() AS rows, uniqExact(event_id) AS distinct FROM events WHERE startsWith(event_id, {p:String})',
    { p: prefix },
  );
  return { rows: Number(r?.rows), distinct: Number(r?.distinct) };
}

describe('POST /api/events → ClickHouse', () => {
  it('stores posted events (JSON array, single object, NDJSON)', async () => {
    const events = batch(50, 'store');
    const r1 = await sys.post(events.slice(0, 40));
    expect(r1.status).toBe(202);
    expect(await body(r1)).toEqual({ accepted: 40, duplicates: 0, rejected: [] });
    const r2 = await sys.post(events[40]);
    expect((await body(r2)).accepted).toBe(1);
    const nd =
      events
        .slice(41)
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n';
    const r3 = await sys.post(nd, 'application/x-ndjson');
    expect(await body(r3)).toEqual({ accepted: 9, duplicates: 0, rejected: [] });
    await sys.ingest.drained();
    expect(await storedCount('store-')).toEqual({ rows: 50, distinct: 50 });
    const [row] = await queryRows<{ unit_code: string; attrs: string; type: string }>(
      sys.clickhouse.client,
      'SELECT unit_code, attrs, type FROM events WHERE event_id = {id:String}',
      { id: 'store-7' },
    );
    expect(row).toMatchObject({ unit_code: '450103520000', type: 'incident.reported' });
    expect(JSON.parse(row?.attrs ?? '{}')).toEqual({ category: 'criminal' });
  });

  it('the same batch posted twice is stored once', async () => {
    const events = batch(300, 'twice');
    const first = await body(await sys.post(events));
    // Concurrent resend before the first is stored, then a resend after.
    const concurrent = await body(await sys.post(events));
    expect(first.accepted).toBe(300);
    expect(concurrent.accepted + concurrent.duplicates).toBe(300);
    await sys.ingest.drained();
    const later = await body(await sys.post(events));
    expect(later).toEqual({ accepted: 0, duplicates: 300, rejected: [] });
    await sys.ingest.drained();
    expect(await storedCount('twice-')).toEqual({ rows: 300, distinct: 300 });
  });

  it('a mixed batch stores the valid events and reports the invalid ones by index', async () => {
    const good = batch(3, 'mixed');
    const bad1 = { ...incidentReported({ event_id: 'mixed-bad-1' }), attrs: {} };
    const bad2 = { ...incidentReported({ event_id: 'mixed-bad-2' }), unit_code: '45' };
    const items = [good[0], bad1, good[1], bad2, 'not an event', good[2]];
    const res = await sys.post(items);
    expect(res.status).toBe(202);
    const json = await body(res);
    expect(json.accepted).toBe(3);
    expect(json.rejected).toEqual([
      { index: 1, event_id: 'mixed-bad-1', errors: ['attrs.category: required'] },
      { index: 3, event_id: 'mixed-bad-2', errors: ['unit_code: must be 6–12 digits (e.g. 450103520000)'] },
      { index: 4, errors: ['event: must be a JSON object'] },
    ]);
    await sys.ingest.drained();
    expect(await storedCount('mixed-')).toEqual({ rows: 3, distinct: 3 });
  });

  it('loses nothing while ClickHouse is unavailable, and stores everything once it is back', async () => {
    await sys.clickhouse.client.command({ query: 'DETACH TABLE events' });
    try {
      for (let i = 0; i < 5; i++) {
        const res = await sys.post(batch(200, `outage-${i}`));
        expect((await body(res)).accepted).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 1_500));
      const counts = await sys.ingest.queue.getJobCounts('delayed', 'waiting', 'active', 'failed');
      expect(counts.failed).toBe(0);
      expect((counts.delayed ?? 0) + (counts.waiting ?? 0) + (counts.active ?? 0)).toBeGreaterThan(0);
    } finally {
      await sys.clickhouse.client.command({ query: 'ATTACH TABLE events' });
    }
    await sys.ingest.drained();
    expect(await storedCount('outage-')).toEqual({ rows: 1000, distinct: 1000 });
    expect((await sys.ingest.queue.getJobCounts('failed')).failed).toBe(0);
  });
});

describe('hostile bodies get a clear 4xx and the server stays up', () => {
  it('401 without a valid token', async () => {
    const res = await sys.post(batch(1, 'auth'), 'application/json', 'wrong-token');
    expect(res.status).toBe(401);
    const none = await fetch(`${sys.url}/api/events`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
  });

  it('415 for an unsupported content type', async () => {
    const res = await sys.post('a,b,c', 'text/csv');
    expect(res.status).toBe(415);
    expect((await body(res)).error).toMatch(/application\/json/);
  });

  it('400 with the position for malformed JSON and NDJSON', async () => {
    const res = await sys.post('[{"event_id": "x",, }]');
    expect(res.status).toBe(400);
    expect((await body(res)).error).toMatch(/line 1, column \d+/);
    const nd = await sys.post(`${JSON.stringify(batch(1, 'nd')[0])}\n{oops\n`, 'application/x-ndjson');
    expect(nd.status).toBe(400);
    expect((await body(nd)).error).toMatch(/line 2/);
    expect((await sys.post('')).status).toBe(400);
  });

  it('413 for more than 10 MiB or more than 10,000 events', async () => {
    const huge = JSON.stringify({ pad: 'x'.repeat(11 * 1024 * 1024) });
    expect((await sys.post(huge)).status).toBe(413);
    const many = Array.from({ length: 10_001 }, () => ({}));
    expect((await sys.post(many)).status).toBe(413);
  });

  it('400 for deeply nested JSON', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect((await sys.post(deep)).status).toBe(400);
    let nested: unknown = {};
    for (let i = 0; i < 40; i++) nested = { n: nested };
    const ev = { ...incidentReported({ event_id: 'deep-1' }), attrs: { category: 'criminal', nested } };
    expect((await sys.post(ev)).status).toBe(400);
  });

  it('odd Unicode is either stored intact or rejected with a reason', async () => {
    const names = ['张三\u202e', '😀👮‍♀️', 'a\u0301', 'Ω≈ç√', '\u0000\u200b'];
    const events = names.map((name, i) =>
      incidentReported({ event_id: `uni-${i}`, attrs: { category: 'other', person_name: name } }),
    );
    const nul = incidentReported({ event_id: 'uni-nul-\u0000' });
    const lone = incidentReported({
      event_id: 'uni-lone',
      attrs: { category: 'other', person_name: '\ud800x' },
    });
    const res = await sys.post([...events, nul, lone]);
    expect(res.status).toBe(202);
    const json = await body(res);
    expect(json.rejected).toEqual([
      { index: 5, event_id: 'uni-nul-\u0000', errors: ['event_id: must not contain control characters'] },
      {
        index: 6,
        event_id: 'uni-lone',
        errors: ['attrs.person_name: not valid Unicode text (unpaired surrogate)'],
      },
    ]);
    expect(json.accepted).toBe(5);
    await sys.ingest.drained();
    const rows = await queryRows<{ attrs: string }>(
      sys.clickhouse.client,
      "SELECT attrs FROM events WHERE startsWith(event_id, 'uni-') ORDER BY event_id",
    );
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => JSON.parse(r.attrs).person_name).sort()).toEqual([...names].sort());
  });

  it('is still healthy after all of that', async () => {
    const res = await fetch(`${sys.url}/api/health`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('ok');
    const total = await countEvents(sys.clickhouse.client);
    expect(total.rows).toBe(total.distinct);
  });
});
