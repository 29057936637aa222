/**
 * The real San Diego calls for service (shared/data/sdpd-calls-2023): the earlier pull, then the full file.
 * Expected counts come from the data: 28,970 calls (26,595 in the earlier pull, all unchanged in the full file);
 * dispositions A, AB, AHR, R, RB, RHR (arrest or report) on 3,739 calls (3,464 in the earlier pull).
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../ingest/importer/import-file.js';
import type { ImportSummary } from '../../ingest/importer/import-file.js';
import { loadMapping } from '../../ingest/importer/mapping.schema.js';
import { MemorySink } from '../../ingest/importer/memory-sink.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = path.resolve(REPO, '../shared/data/sdpd-calls-2023');
const EARLIER = path.join(DATA, 'sd_pd_calls_for_service_2023_ytd_earlier_pull.csv');
const FULL = path.join(DATA, 'sd_pd_calls_for_service_2023_ytd.csv');
const present = existsSync(EARLIER) && existsSync(FULL);
if (!present) console.warn(`skipping the SDPD import test: ${DATA} is not there`);

function expectAccounted(s: ImportSummary): void {
  expect(s.rows).toBe(s.importedRows + s.duplicateRows + s.rejectedRows);
  expect(s.events).toBe(s.accepted + s.duplicates + s.rejected);
}

describe('SDPD calls for service 2023 (real data)', () => {
  it.skipIf(!present)('imports the earlier pull, then the full file adds only the new calls', async () => {
    const mapping = await loadMapping(path.join(REPO, 'ingest/mappings/sdpd-calls-2023.json'));
    const sink = new MemorySink({ keepEvents: true });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-sdpd-'));

    const first = await importFile({
      file: EARLIER,
      mapping,
      sink,
      rejectsPath: path.join(dir, 'r1.ndjson'),
    });
    expectAccounted(first);
    expect(first).toMatchObject({ rows: 26_595, importedRows: 26_595, duplicateRows: 0, rejectedRows: 0 });
    expect(first).toMatchObject({
      events: 26_595 + 3_464,
      accepted: 26_595 + 3_464,
      duplicates: 0,
      rejected: 0,
    });

    const second = await importFile({ file: FULL, mapping, sink, rejectsPath: path.join(dir, 'r2.ndjson') });
    expectAccounted(second);
    expect(second).toMatchObject({
      rows: 28_970,
      importedRows: 2_375,
      duplicateRows: 26_595,
      rejectedRows: 0,
    });
    expect(second).toMatchObject({
      events: 28_970 + 3_739,
      accepted: 2_375 + (3_739 - 3_464),
      duplicates: 26_595 + 3_464,
      rejected: 0,
    });
    // No rejects, no rejects file (a file is written only when there are rejects).
    expect(existsSync(path.join(dir, 'r1.ndjson'))).toBe(false);
    expect(existsSync(path.join(dir, 'r2.ndjson'))).toBe(false);

    const reported = sink.events.filter((e) => e.type === 'incident.reported');
    const closed = sink.events.filter((e) => e.type === 'incident.closed');
    expect(new Set(reported.map((e) => e.incident_id)).size).toBe(28_970);
    expect(reported).toHaveLength(28_970);
    expect(closed).toHaveLength(3_739);
    expect(new Set(closed.map((e) => e.attrs?.nature))).toEqual(new Set(['criminal', 'public_order']));

    const byId = new Map(sink.events.map((e) => [e.event_id, e]));
    expect(byId.get('sdpd:E23010000001:reported')).toEqual({
      event_id: 'sdpd:E23010000001:reported',
      type: 'incident.reported',
      occurred_at: '2023-01-01T08:00:05.000Z',
      unit_code: '067305523000',
      source: '110',
      incident_id: 'E23010000001',
      attrs: {
        call_type: 'FD',
        disposition: 'CAN',
        beat: '523',
        category: 'other',
        address: '0 05TH AVE',
        cross_street: 'G',
        priority: 2,
      },
    });
    // Beat -1 (information logs) goes to the city; an empty call type is "other".
    expect(byId.get('sdpd:E23010000002:reported')).toMatchObject({ unit_code: '067300000000' });
    const emptyType = reported.filter((e) => e.attrs?.call_type === undefined);
    expect(emptyType).toHaveLength(19);
    expect(emptyType.every((e) => e.attrs?.category === 'other')).toBe(true);
    const cityLevel = reported.filter((e) => e.unit_code === '067300000000');
    expect(cityLevel).toHaveLength(439);
    const burglary = reported.find((e) => e.attrs?.call_type === '459');
    expect(burglary?.attrs?.category).toBe('criminal');
  });
});
