import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AcceptResult, EventSink } from '../../common/ingest.js';
import { importFile } from '../../ingest/importer/import-file.js';
import { parseMapping } from '../../ingest/importer/mapping.schema.js';
import type { Mapping } from '../../ingest/importer/mapping.schema.js';
import { MemorySink } from '../../ingest/importer/memory-sink.js';
import { compileMapping } from '../../ingest/importer/row-mapper.js';

function mappingOf(json: unknown): Mapping {
  const r = parseMapping(json);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.mapping;
}

const base = {
  type: 'incident.closed',
  occurred_at: { column: 'at' },
  unit_code: '450103520000',
  incident_id: '{id}',
  attrs: { nature: 'criminal' },
};
const MAPPING = mappingOf({
  time_zone: 'Asia/Shanghai',
  tables: { kinds: { values: { t: 'criminal', n: 'public_order' } } },
  event: {
    type: 'incident.reported',
    event_id: 'e:{id}',
    occurred_at: { column: 'at' },
    unit_code: '450103520000',
    incident_id: '{id}',
    attrs: {
      category: { column: 'kind', map: 'kinds' },
      label: { join: ['a', 'b', 'c'], sep: ' / ' },
      literal: 'id {{{id}}}',
      urgent: { column: 'urgent', as: 'boolean' },
      score: { column: 'score', as: 'number' },
      version: { const: 2 },
    },
    attrs_from_columns: ['a'],
  },
  derived: [
    { ...base, event_id: 'in:{id}', when: { column: 'dispo', in: ['A', 'R'] } },
    {
      ...base,
      event_id: 'notin:{id}',
      when: [
        { column: 'dispo', not_in: ['A', 'R', ''] },
        { column: 'kind', equals: 't' },
      ],
    },
    { ...base, event_id: 'match:{id}', when: { column: 'a', matches: '^x\\d+$' } },
    { ...base, event_id: 'empty:{id}', when: { column: 'dispo', empty: true } },
  ],
});

const row = (over: Record<string, unknown>) => ({
  id: '1',
  at: '2024-05-01 08:00:00',
  kind: 't',
  a: '',
  b: '',
  c: '',
  dispo: '',
  urgent: '',
  score: '',
  ...over,
});

describe('row mapping: values and derived events', () => {
  const mapper = compileMapping(MAPPING);
  const ids = (over: Record<string, unknown>) => {
    const r = mapper.map(row(over));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    return r.events.map((e) => e.event_id);
  };

  it('emits each derived event whose conditions all hold, after the main event', () => {
    expect(ids({ dispo: 'A' })).toEqual(['e:1', 'in:1']);
    expect(ids({ dispo: 'K' })).toEqual(['e:1', 'notin:1']);
    expect(ids({ dispo: 'K', kind: 'n' })).toEqual(['e:1']);
    expect(ids({ dispo: 'R', a: 'x12' })).toEqual(['e:1', 'in:1', 'match:1']);
    expect(ids({})).toEqual(['e:1', 'empty:1']);
  });

  it('builds values: tables, joins, escapes, types, constants, attrs from columns', () => {
    const r = mapper.map(row({ a: 'x1', c: 'z', urgent: 'yes', score: '2.5', dispo: 'A' }));
    expect(r.ok && r.events[0]).toEqual({
      type: 'incident.reported',
      event_id: 'e:1',
      occurred_at: '2024-05-01T00:00:00.000Z',
      unit_code: '450103520000',
      incident_id: '1',
      attrs: {
        a: 'x1',
        category: 'criminal',
        label: 'x1 / z',
        literal: 'id {1}',
        urgent: true,
        score: 2.5,
        version: 2,
      },
    });
  });

  it('reports every problem of a row, prefixed by the derived event it belongs to', () => {
    const r = mapper.map(row({ kind: 'q', at: 'yesterday', urgent: 'maybe', score: '0x10', dispo: 'A' }));
    expect(r).toEqual({
      ok: false,
      attempted: 2,
      errors: [
        expect.stringMatching(/^occurred_at: "yesterday" is not a valid date-time/),
        'attrs.category: value "q" is not in table kinds, which has no default; add it or a default',
        'attrs.urgent: "maybe" is not a boolean (true/false, 1/0, yes/no)',
        'attrs.score: "0x10" is not a number',
        expect.stringMatching(/^incident\.closed: occurred_at: "yesterday" is not a valid date-time/),
      ],
    });
  });
});

/** Rejects events whose event_id starts with "bad", like a sink with a rule the importer does not know. */
class PickySink implements EventSink {
  constructor(readonly inner: MemorySink) {}
  async accept(items: readonly unknown[]): Promise<AcceptResult> {
    const ok: unknown[] = [];
    const rejected: AcceptResult['rejected'] = [];
    items.forEach((item, index) => {
      const id = String((item as { event_id: string }).event_id);
      if (id.startsWith('bad'))
        rejected.push({ index, event_id: id, errors: ['event_id: refused by policy'] });
      else ok.push(item);
    });
    const r = await this.inner.accept(ok);
    return { ...r, rejected: [...r.rejected, ...rejected] };
  }
}

describe('sink rejections', () => {
  const mapping = mappingOf({
    time_zone: 'UTC',
    event: { ...base, type: 'incident.reported', event_id: '{main}', attrs: { category: 'other' } },
    derived: [{ ...base, event_id: '{closed}', when: { column: 'closed', empty: false } }],
  });

  it('map back to line numbers; a row whose derived event is refused is not sent at all', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-import-derived-'));
    const file = path.join(dir, 'rows.csv');
    await writeFile(
      file,
      [
        'id,at,main,closed',
        '1,2024-01-01 00:00:00,m1,',
        '2,2024-01-01 00:00:00,m2,bad2',
        '3,2024-01-01 00:00:00,bad3,c3',
        '4,2024-01-01 00:00:00,m4,c4',
        '',
      ].join('\n'),
    );
    const inner = new MemorySink({ keepEvents: true });
    const rejectsPath = path.join(dir, 'rejects.ndjson');
    const summary = await importFile({ file, mapping, sink: new PickySink(inner), rejectsPath });
    expect(summary).toMatchObject({ rows: 4, importedRows: 2, duplicateRows: 0, rejectedRows: 2 });
    expect(summary).toMatchObject({ events: 7, accepted: 4, duplicates: 0, rejected: 3 });
    expect(inner.events.map((e) => e.event_id).sort()).toEqual(['c3', 'c4', 'm1', 'm4']);
    const rejects = (await readFile(rejectsPath, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(rejects).toEqual([
      {
        line: 3,
        reasons: ['incident.closed: event_id: refused by policy'],
        raw: expect.objectContaining({ id: '2' }),
      },
      { line: 4, reasons: ['event_id: refused by policy'], raw: expect.objectContaining({ id: '3' }) },
    ]);
  });

  it('a sink whose counts do not add up stops the import', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-import-derived-'));
    const file = path.join(dir, 'rows.csv');
    await writeFile(file, 'id,at,main,closed\n1,2024-01-01 00:00:00,m1,\n');
    const liar: EventSink = { accept: async () => ({ accepted: 0, duplicates: 0, rejected: [] }) };
    await expect(
      importFile({ file, mapping, sink: liar, rejectsPath: path.join(dir, 'r.ndjson') }),
    ).rejects.toThrow(/the sink answered 0 accepted \+ 0 duplicates \+ 0 rejected for 1 events/);
  });
});
