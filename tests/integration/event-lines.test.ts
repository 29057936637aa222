/**
 * The worker writes `events` rows as JSONEachRow lines straight from the validated events (rowLine) and
 * lets ClickHouse parse times and keep `attrs` as text. This proves it stores exactly what the
 * field-by-field conversion (toRow) stores, for every event type and for awkward values.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openClickHouse, queryRows } from '../../common/node/clickhouse.js';
import type { ClickHouseHandle } from '../../common/node/clickhouse.js';
import { migrate } from '../../common/node/migrate.js';
import { EVENT_TYPES } from '../../common/event-types.js';
import { validateEvent } from '../../common/events.js';
import type { PoliceEvent } from '../../common/events.js';
import { ingestMigrations } from '../../ingest/store/migrations.js';
import { insertEventLines, rowLine, rowLinePrefix, toRow } from '../../ingest/store/event-store.js';
import { fromRow } from '../../common/node/event-row.js';
import type { EventRow } from '../../common/node/event-row.js';
import { VALID_EVENTS } from '../helpers/valid-events.js';
import { tempDir } from '../helpers/system.js';

const NOW = Date.parse('2026-11-26T01:00:00Z');
const dataDir = tempDir('event-lines');
let ch: ClickHouseHandle;

beforeAll(async () => {
  ch = await openClickHouse({ database: 'vigil', dataDir });
  await migrate(ch.client, ingestMigrations);
  await ch.client.command({ query: 'CREATE TABLE events_by_row AS events' });
});
afterAll(async () => {
  await ch?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function valid(input: Record<string, unknown>): PoliceEvent {
  const r = validateEvent(input, NOW);
  if (!r.ok) throw new Error(`invalid test event: ${r.errors.join('; ')}`);
  return r.event;
}

const awkward: Record<string, unknown>[] = [
  ...EVENT_TYPES.map((type) => ({ event_id: `type-${type}`, type, ...VALID_EVENTS[type] })),
  {
    event_id: 'text-"quoted"\\back/slash\u2028',
    type: 'incident.reported',
    occurred_at: '2026-11-26T08:30:00.123456+08:00',
    unit_code: '450103',
    incident_id: '张三 \u{1F46E}\u200d\u2640\ufe0f',
    officer_ids: [],
    attrs: {
      category: 'other',
      person_name: '张*\u202e',
      nested: { a: [1, 2.5, -0, 1e21, null, true, 'x'], empty: {}, deep: { deeper: ['"}{'] } },
      '': 'empty key',
      'key with "quotes"': '\\n',
    },
  },
  {
    event_id: 'no-attrs',
    type: 'incident.arrived',
    occurred_at: 0,
    unit_code: '450103520000',
    incident_id: 'I',
  },
  {
    event_id: 'empty-attrs',
    type: 'incident.arrived',
    occurred_at: '1900-01-01T00:00:00Z',
    unit_code: '450103520000',
    incident_id: 'I',
    attrs: {},
  },
  {
    event_id: 'before-1900',
    type: 'incident.arrived',
    occurred_at: '1899-12-31T23:59:59.999Z',
    unit_code: '450103520000',
    incident_id: 'I',
  },
  {
    event_id: 'year-100',
    type: 'incident.arrived',
    occurred_at: '0100-06-01T00:00:00Z',
    unit_code: '450103520000',
    incident_id: 'I',
  },
  {
    event_id: 'epoch-ms',
    type: 'incident.arrived',
    occurred_at: NOW - 1,
    unit_code: '450103520000',
    incident_id: 'I',
    source: 'src',
  },
];

it('rows written as lines are the rows toRow writes', async () => {
  const events = awkward.map(valid);
  const ingestedAt = '2026-11-26T00:59:58.765Z';
  await ch.client.insert({
    table: 'events_by_row',
    values: events.map((e) => toRow(e, ingestedAt, 'batch-"1"')),
    format: 'JSONEachRow',
  });
  const prefix = rowLinePrefix(ingestedAt, 'batch-"1"');
  await insertEventLines(
    ch.client,
    events.map((e) => rowLine(prefix, e)),
  );
  const read = (table: string) => queryRows<EventRow>(ch.client, `SELECT * FROM ${table} ORDER BY event_id`);
  const [byRow, byLine] = await Promise.all([read('events_by_row'), read('events')]);
  expect(byLine).toHaveLength(events.length);
  expect(byLine).toEqual(byRow);
  // And the realistic ones read back as the events that were validated.
  const back = new Map(byLine.map((r) => [r.event_id, fromRow(r)]));
  for (const e of events.filter((x) => x.event_id.startsWith('type-')))
    expect(back.get(e.event_id)).toEqual({ ...e, ingested_at: ingestedAt });
});
