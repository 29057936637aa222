/**
 * v2 events end to end on a data directory written by the previous version: the system starts on an `events`
 * table without `auxiliary_ids` and migrates it in place (ingest/0003); v2 events posted over HTTP with
 * `auxiliary_ids` are stored and read back intact (the API's read path and the replay's), the old row still
 * reads as it was, and bad v2 events are refused naming the field.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClickHouse, queryRows } from '../../common/node/clickhouse.js';
import { migrate } from '../../common/node/migrate.js';
import { fromRow } from '../../common/node/event-row.js';
import type { EventRow } from '../../common/node/event-row.js';
import { validateEvent } from '../../common/events.js';
import type { PoliceEvent } from '../../common/events.js';
import { EVENT_TYPES } from '../../common/event-types.js';
import type { AcceptResult } from '../../common/ingest.js';
import { ingestMigrations } from '../../ingest/store/migrations.js';
import { storedEvents } from '../../alerts/replay/clickhouse-source.js';
import { VALID_EVENTS } from '../helpers/valid-events.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const dataDir = tempDir('v2ev');
let sys: TestSystem;

/** A row as the previous version wrote it: no auxiliary_ids column at all. */
const OLD_ROW = {
  event_id: 'old-1',
  type: 'interrogation.started',
  occurred_at: '2026-11-25 00:00:00.000',
  ingested_at: '2026-11-25 00:00:01.000',
  unit_code: '450103520000',
  source: 'area',
  session_id: 'Q0',
  person_id: 'X0',
  officer_ids: ['P1', 'P2'],
  attrs: '{"recording_required":true}',
  batch_id: 'old-batch',
};

beforeAll(async () => {
  // The previous version's data directory: migrations up to ingest/0002, one stored event.
  const old = await openClickHouse({ database: 'vigil', dataDir });
  await migrate(
    old.client,
    ingestMigrations.filter((m) => m.id < 'ingest/0003'),
  );
  await old.client.insert({ table: 'events', values: [OLD_ROW], format: 'JSONEachRow' });
  await old.close();
  sys = await startTestSystem({ DATA_DIR: dataDir });
});
afterAll(async () => {
  await sys?.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const body = async (r: Response) => (await r.json()) as AcceptResult;

async function storedRows(prefix: string): Promise<EventRow[]> {
  return queryRows<EventRow>(
    sys.clickhouse.client,
    'SELECT * FROM events WHERE startsWith(event_id, {p:String}) ORDER BY event_id',
    { p: prefix },
  );
}

describe('an events table of the previous version', () => {
  it('gains auxiliary_ids Array(String) after officer_ids, in place', async () => {
    const columns = await queryRows<{ name: string; type: string }>(
      sys.clickhouse.client,
      "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'events' ORDER BY position",
    );
    const names = columns.map((c) => c.name);
    expect(names.slice(names.indexOf('officer_ids'), names.indexOf('officer_ids') + 2)).toEqual([
      'officer_ids',
      'auxiliary_ids',
    ]);
    expect(columns.find((c) => c.name === 'auxiliary_ids')?.type).toBe('Array(String)');
    const applied = await queryRows<{ id: string }>(
      sys.clickhouse.client,
      "SELECT id FROM schema_migrations FINAL WHERE id LIKE 'ingest/%' ORDER BY id",
    );
    expect(applied.map((r) => r.id)).toEqual([
      'ingest/0001',
      'ingest/0002',
      'ingest/0003',
      'ingest/0004',
      'ingest/0005',
    ]);
  });

  it('back-fills the link index (ingest/0004) from the rows already stored', async () => {
    const links = await queryRows<{ key: string; value: string }>(
      sys.clickhouse.client,
      "SELECT DISTINCT key, value FROM event_links WHERE event_id = 'old-1' ORDER BY key, value",
    );
    expect(links).toEqual([
      { key: 'officer_id', value: 'P1' },
      { key: 'officer_id', value: 'P2' },
      { key: 'person_id', value: 'X0' },
      { key: 'session_id', value: 'Q0' },
    ]);
  });

  it('keeps its rows, which read back as before (no auxiliary_ids)', async () => {
    const [row] = await storedRows('old-');
    expect(row?.auxiliary_ids).toEqual([]);
    expect(fromRow(row as EventRow)).toEqual({
      event_id: 'old-1',
      type: 'interrogation.started',
      occurred_at: '2026-11-25T00:00:00.000Z',
      ingested_at: '2026-11-25T00:00:01.000Z',
      unit_code: '450103520000',
      source: 'area',
      session_id: 'Q0',
      person_id: 'X0',
      officer_ids: ['P1', 'P2'],
      attrs: { recording_required: true },
    });
  });
});

describe('POST /api/events with v2 types and auxiliary_ids', () => {
  const V2_TYPES = EVENT_TYPES.slice(EVENT_TYPES.indexOf('custody.admitted'));
  const posted = [...V2_TYPES, 'case.decided' as const].map((type, i) => ({
    event_id: `v2-${type}`,
    type,
    ...VALID_EVENTS[type],
    occurred_at: Date.now() - 60_000,
    auxiliary_ids: i % 2 === 0 ? [`F${i}`, '辅警-甲'] : undefined,
  }));
  const expected = new Map<string, PoliceEvent>();
  for (const e of JSON.parse(JSON.stringify(posted)) as unknown[]) {
    const r = validateEvent(e, Date.now());
    if (!r.ok) throw new Error(`invalid test event: ${r.errors.join('; ')}`);
    expected.set(r.event.event_id, r.event);
  }

  it('stores them (JSON and NDJSON) and reads them back intact', async () => {
    const half = Math.ceil(posted.length / 2);
    expect(await body(await sys.post(posted.slice(0, half)))).toEqual({
      accepted: half,
      duplicates: 0,
      rejected: [],
    });
    const ndjson = posted
      .slice(half)
      .map((e) => JSON.stringify(e))
      .join('\n');
    expect((await body(await sys.post(ndjson, 'application/x-ndjson'))).accepted).toBe(posted.length - half);
    await sys.ingest.drained();

    const back = (await storedRows('v2-')).map(fromRow);
    expect(back).toHaveLength(posted.length);
    for (const e of back) {
      const { ingested_at, ...event } = e;
      expect(Date.parse(ingested_at)).toBeGreaterThan(0);
      expect(event).toEqual(expected.get(e.event_id));
    }
    const arrest = back.find((e) => e.type === 'measure.arrest');
    expect(arrest).toMatchObject({ officer_ids: ['P1', 'P2'], auxiliary_ids: expect.any(Array) });
  });

  it('the replay reads auxiliary_ids too', async () => {
    const seen: PoliceEvent[] = [];
    for await (const e of storedEvents(sys.clickhouse.client, { since: 0, to: Date.now() + 60_000 }))
      if (e.event_id.startsWith('v2-')) seen.push(e);
    expect(seen).toHaveLength(posted.length);
    for (const e of seen) expect(e.auxiliary_ids).toEqual(expected.get(e.event_id)?.auxiliary_ids);
  });

  it('refuses bad v2 events, each with a message naming the field', async () => {
    const base = { ...VALID_EVENTS['measure.detention_extended'], type: 'measure.detention_extended' };
    const res = await sys.post([
      { ...base, event_id: 'bad-days', attrs: { days: 14 } },
      { ...base, event_id: 'bad-person', person_id: undefined },
      { ...base, event_id: 'bad-aux', auxiliary_ids: Array.from({ length: 65 }, (_, i) => `F${i}`) },
      {
        ...VALID_EVENTS['legal_review.submitted'],
        type: 'legal_review.submitted',
        event_id: 'bad-text',
        attrs: { decision_kind: ' ' },
      },
    ]);
    expect(res.status).toBe(202);
    expect(await body(res)).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: [
        { index: 0, event_id: 'bad-days', errors: ['attrs.days: must be 7 or 30 (got 14)'] },
        { index: 1, event_id: 'bad-person', errors: ['person_id: required for measure.detention_extended'] },
        {
          index: 2,
          event_id: 'bad-aux',
          errors: ['auxiliary_ids: must list at most 64 auxiliary police (got 65)'],
        },
        {
          index: 3,
          event_id: 'bad-text',
          errors: ['attrs.decision_kind: must be text of 1–100 characters, not blank'],
        },
      ],
    });
  });
});
