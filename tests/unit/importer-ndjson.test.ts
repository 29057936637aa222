import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../ingest/importer/import-file.js';
import { parseMapping } from '../../ingest/importer/mapping.schema.js';
import type { Mapping } from '../../ingest/importer/mapping.schema.js';
import { MemorySink } from '../../ingest/importer/memory-sink.js';
import type { RejectEntry } from '../../ingest/importer/rejects-writer.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-import-ndjson-'));
});

async function run(name: string, lines: string[], mapping?: Mapping) {
  const file = path.join(dir, name);
  await writeFile(file, lines.join('\n'));
  const sink = new MemorySink({ keepEvents: true, now: () => NOW });
  const rejectsPath = `${file}.rejects`;
  const summary = await importFile({ file, mapping, sink, rejectsPath, now: () => NOW, batchSize: 2 });
  const text = existsSync(rejectsPath) ? await readFile(rejectsPath, 'utf8') : ''; // only with rejects
  const rejects =
    text === ''
      ? []
      : text
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as RejectEntry);
  return { summary, sink, rejects };
}

const event = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    event_id: id,
    type: 'incident.reported',
    occurred_at: '2025-12-31T08:00:00+08:00',
    unit_code: '450103520000',
    incident_id: `i-${id}`,
    attrs: { category: 'criminal' },
    ...extra,
  });

describe('NDJSON import', () => {
  it('takes each line as an event; bad lines are rejects with their line numbers', async () => {
    const { summary, sink, rejects } = await run('events.ndjson', [
      '\uFEFF' + event('a'), // 1
      '{"event_id": "b", "type": ', // 2: not JSON
      '', // 3: blank, skipped
      '[1, 2]', // 4: not an object
      event('c', { type: 'incident.teleported' }), // 5: invalid event
      event('a'), // 6: duplicate
      event('d', { occurred_at: '2026-01-01T00:10:00Z' }), // 7: in the future for the injected clock
      '  ' + event('e') + '\r', // 8
    ]);
    expect(summary).toMatchObject({ rows: 7, importedRows: 2, duplicateRows: 1, rejectedRows: 4 });
    expect(summary).toMatchObject({ events: 5, accepted: 2, duplicates: 1, rejected: 2 });
    expect(sink.events.map((e) => e.event_id)).toEqual(['a', 'e']);
    expect(rejects.map((r) => r.line)).toEqual([2, 4, 5, 7]);
    expect(rejects[0]?.reasons[0]).toMatch(/^not JSON: /);
    expect(rejects[0]?.raw).toBe('{"event_id": "b", "type":');
    expect(rejects[1]?.reasons).toEqual(['must be a JSON object, one per line']);
    expect(rejects[2]?.reasons[0]).toMatch(/^type: unknown event type "incident.teleported"/);
    expect(rejects[3]?.reasons[0]).toMatch(/^occurred_at: .* more than 5 minutes in the future/);
  });

  it('maps NDJSON objects through a mapping too (numbers and nested values become text)', async () => {
    const mapping = parseMapping({
      time_zone: 'Asia/Shanghai',
      event: {
        type: 'incident.reported',
        event_id: 'n:{no}',
        occurred_at: { column: 'ts' },
        unit_code: { column: 'unit' },
        incident_id: '{no}',
        attrs: { category: 'dispute', tags: { column: 'tags' }, level: { column: 'level', as: 'int' } },
      },
    });
    if (!mapping.ok) throw new Error(mapping.errors.join('\n'));
    const { summary, sink } = await run(
      'rows.ndjson',
      [JSON.stringify({ no: 17, ts: '2025-06-01 12:00:00', unit: 450103520000, tags: ['x'], level: 3 })],
      mapping.mapping,
    );
    expect(summary).toMatchObject({ rows: 1, importedRows: 1, rejectedRows: 0 });
    expect(sink.events[0]).toMatchObject({
      event_id: 'n:17',
      occurred_at: '2025-06-01T04:00:00.000Z',
      unit_code: '450103520000',
      attrs: { category: 'dispute', tags: '["x"]', level: 3 },
    });
  });

  it('imports v2 events with auxiliary_ids, and refuses a bad one saying which field', async () => {
    const v2 = (id: string, extra: Record<string, unknown>) =>
      event(id, { type: 'measure.detention_extended', incident_id: undefined, person_id: 'X1', ...extra });
    const { summary, sink, rejects } = await run('v2.ndjson', [
      v2('v2-a', { attrs: { days: 30 }, officer_ids: ['P1', 'P2'], auxiliary_ids: ['F1'] }),
      v2('v2-b', { attrs: { days: 5 } }),
      v2('v2-c', { attrs: { days: 7 }, auxiliary_ids: [''] }),
    ]);
    expect(summary).toMatchObject({ rows: 3, importedRows: 1, rejectedRows: 2 });
    expect(sink.events[0]).toMatchObject({
      event_id: 'v2-a',
      officer_ids: ['P1', 'P2'],
      auxiliary_ids: ['F1'],
    });
    expect(rejects.map((r) => r.reasons)).toEqual([
      ['attrs.days: must be 7 or 30 (got 5)'],
      ['auxiliary_ids[0]: must not be empty'],
    ]);
  });
});
