import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImportError, importFile } from '../../ingest/importer/import-file.js';
import type { ImportSummary } from '../../ingest/importer/import-file.js';
import { parseMapping } from '../../ingest/importer/mapping.schema.js';
import type { Mapping } from '../../ingest/importer/mapping.schema.js';
import { MemorySink } from '../../ingest/importer/memory-sink.js';
import type { RejectEntry } from '../../ingest/importer/rejects-writer.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-import-csv-'));
});

function mappingOf(json: unknown): Mapping {
  const r = parseMapping(json);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.mapping;
}

const unit = { column: 'station', map: { values: { '11': '450103520000' }, default: '450100000000' } };
const MAPPING = mappingOf({
  time_zone: 'America/Los_Angeles',
  event: {
    type: 'incident.reported',
    event_id: 't:{id}:reported',
    occurred_at: { column: 'when' },
    unit_code: unit,
    source: '110',
    incident_id: '{id}',
    attrs: {
      category: {
        column: 'kind',
        map: { values: { theft: 'criminal', noise: 'public_order' }, default: 'other' },
      },
      note: { column: 'note' },
      priority: { column: 'prio', as: 'int' },
    },
  },
  derived: [
    {
      when: { column: 'outcome', in: ['arrest', 'report'] },
      type: 'incident.closed',
      event_id: 't:{id}:closed',
      occurred_at: { column: 'when' },
      unit_code: unit,
      incident_id: '{id}',
      attrs: { nature: { column: 'kind', map: { values: { theft: 'criminal' }, default: 'public_order' } } },
    },
  ],
});

const LINES = [
  '\uFEFFid,when,station,kind,note,prio,outcome', // 1
  '1,2023-01-01 00:00:05,11,theft,plain,1,arrest', // 2
  '2,2023-01-01 00:01:00,12,noise,"has, comma and ""quotes""",2,', // 3
  '3,2023-01-01 00:02:00,11,,"multi', // 4
  'line note",3,report', // 5
  '', // 6
  '4,2023-01-01 00:03:00,11,theft,ragged', // 7
  '5,2023-02-30 10:00:00,11,theft,x,1,', // 8
  ',2023-01-01 00:04:00,11,theft,x,1,', // 9
  '6,2023-01-01 00:05:00,11,theft,x,high,', // 10
  '7,2023-01-01 00:06:00,,,,,', // 11
  '1,2023-01-01 00:00:05,11,theft,plain,1,arrest', // 12
];

async function run(
  name: string,
  text: string,
  options: { mapping?: Mapping; batchSize?: number } = { mapping: MAPPING },
): Promise<{ summary: ImportSummary; sink: MemorySink; rejects: RejectEntry[] }> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  const sink = new MemorySink({ keepEvents: true });
  const rejectsPath = `${file}.rejects.ndjson`;
  const summary = await importFile({ file, sink, rejectsPath, ...options });
  // written only when there are rejects
  const out = existsSync(rejectsPath) ? await readFile(rejectsPath, 'utf8') : '';
  if (summary.rejectedRows > 0) expect(out).not.toBe('');
  const rejects =
    out === ''
      ? []
      : out
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as RejectEntry);
  return { summary, sink, rejects };
}

describe('CSV import', () => {
  it.each([
    { eol: '\n', batchSize: 1000 },
    { eol: '\r\n', batchSize: 1 },
    { eol: '\n', batchSize: 2 },
  ])(
    'maps, rejects with physical line numbers, and accounts for every row (eol $eol, batch $batchSize)',
    async (v) => {
      const { summary, sink, rejects } = await run(`calls-${v.batchSize}.csv`, LINES.join(v.eol) + v.eol, {
        mapping: MAPPING,
        batchSize: v.batchSize,
      });
      expect(summary).toMatchObject({
        rows: 9,
        importedRows: 4,
        duplicateRows: 1,
        rejectedRows: 4,
        events: 11,
        accepted: 6,
        duplicates: 2,
        rejected: 3,
      });
      expect(summary.rows).toBe(summary.importedRows + summary.duplicateRows + summary.rejectedRows);
      expect(summary.events).toBe(summary.accepted + summary.duplicates + summary.rejected);
      expect(rejects.map((r) => [r.line, r.reasons])).toEqual([
        [7, ['has 5 fields, but the header has 7']],
        [8, [expect.stringMatching(/^occurred_at: "2023-02-30 10:00:00" is not a valid date-time/)]],
        [9, ['event_id: missing, because column id is empty']],
        [10, ['attrs.priority: "high" is not a whole number']],
      ]);
      expect(rejects[0]?.raw).toEqual(['4', '2023-01-01 00:03:00', '11', 'theft', 'ragged']);
      expect(rejects[1]?.raw).toMatchObject({ id: '5', when: '2023-02-30 10:00:00' });

      const byId = new Map(sink.events.map((e) => [e.event_id, e]));
      expect([...byId.keys()].sort()).toEqual(
        ['t:1:closed', 't:1:reported', 't:2:reported', 't:3:closed', 't:3:reported', 't:7:reported'].sort(),
      );
      expect(byId.get('t:1:reported')).toEqual({
        event_id: 't:1:reported',
        type: 'incident.reported',
        occurred_at: '2023-01-01T08:00:05.000Z',
        unit_code: '450103520000',
        source: '110',
        incident_id: '1',
        attrs: { category: 'criminal', note: 'plain', priority: 1 },
      });
      expect(byId.get('t:1:closed')?.attrs).toEqual({ nature: 'criminal' });
      expect(byId.get('t:2:reported')?.attrs).toEqual({
        category: 'public_order',
        note: 'has, comma and "quotes"',
        priority: 2,
      });
      expect(byId.get('t:2:reported')?.unit_code).toBe('450100000000');
      expect(byId.get('t:3:reported')?.attrs?.note).toBe(
        v.eol === '\n' ? 'multi\nline note' : 'multi\r\nline note',
      );
      expect(byId.get('t:3:closed')?.attrs).toEqual({ nature: 'public_order' });
      expect(byId.get('t:7:reported')).toMatchObject({
        unit_code: '450100000000',
        attrs: { category: 'other' },
      });
    },
  );

  it('a quote that never closes is one reject at the line it opens, and the rows before it are kept', async () => {
    const text = [
      'id,when,station,kind,note,prio,outcome',
      '1,2023-01-01 00:00:05,11,theft,ok,1,',
      '',
      '2,2023-01-01 00:00:06,11,theft,"open,1,',
      '3,2023-01-01 00:00:07,11,theft,x,1,',
      '',
    ].join('\n');
    const { summary, rejects } = await run('unclosed.csv', text);
    expect(summary).toMatchObject({ rows: 2, importedRows: 1, rejectedRows: 1 });
    expect(rejects).toHaveLength(1);
    expect(rejects[0]?.line).toBe(4);
    expect(rejects[0]?.reasons[0]).toMatch(
      /never closed; the rest of the file \(to line 6\) could not be read/,
    );
  });

  it('refuses a CSV without a mapping, and a mapping that reads columns the file lacks', async () => {
    await expect(run('nomap.csv', 'a,b\n1,2\n', {})).rejects.toThrow(ImportError);
    await expect(run('cols.csv', 'id,when\n1,2023-01-01 00:00:05\n')).rejects.toThrow(
      /reads column\(s\) station, kind, note, prio, outcome that .* does not have; its header is: id, when/,
    );
  });

  it('an empty file imports nothing', async () => {
    const { summary, rejects } = await run('empty.csv', '');
    expect(summary).toMatchObject({ rows: 0, events: 0, rejectedRows: 0 });
    expect(rejects).toEqual([]);
  });

  it('no rejects: no rejects file (an old one at the path is gone); its folder is made when needed', async () => {
    const clean = path.join(dir, 'clean.csv');
    await writeFile(clean, LINES.slice(0, 3).join('\n') + '\n');
    const stale = `${clean}.rejects.ndjson`;
    await writeFile(stale, '{"line":9}\n');
    const ok = await importFile({
      file: clean,
      mapping: MAPPING,
      sink: new MemorySink(),
      rejectsPath: stale,
    });
    expect(ok.rejectedRows).toBe(0);
    expect(existsSync(stale)).toBe(false);
    const nested = path.join(dir, 'data', 'rejects', 'r.ndjson');
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, [LINES[0], 'x,2023-02-30 10:00:00,11,theft,a,1,A'].join('\n') + '\n');
    const one = await importFile({
      file: bad,
      mapping: MAPPING,
      sink: new MemorySink(),
      rejectsPath: nested,
    });
    expect(one.rejectedRows).toBe(1);
    expect((await readFile(nested, 'utf8')).trimEnd().split('\n')).toHaveLength(1);
  });
});
