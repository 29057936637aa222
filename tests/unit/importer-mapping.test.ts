import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { levelOfCode } from '../../common/units.js';
import { MappingError, loadMapping, parseMapping } from '../../ingest/importer/mapping.schema.js';
import { compileMapping } from '../../ingest/importer/row-mapper.js';
import { readUnitsFile } from '../../ingest/units-file.js';

const MAPPINGS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ingest/mappings');

const minimal = {
  event: {
    type: 'incident.reported',
    event_id: 'x:{id}',
    occurred_at: { column: 'at' },
    unit_code: '450103520000',
    incident_id: '{id}',
    attrs: { category: 'other' },
  },
};

describe('mapping schema', () => {
  it('accepts a minimal mapping; a plain string is a template', () => {
    const r = parseMapping(minimal);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.mapping.event.unit_code).toEqual({ template: '450103520000' });
  });

  it('reports every problem at once, each with its JSON path and what to fix', () => {
    const r = parseMapping({
      time_zon: 'America/Los_Angeles',
      time_zone: 'Mars/Olympus',
      tables: { beat: { values: { '1': '450103520000' } }, broken: { values: ['a'] } },
      event: {
        type: 'incident.report',
        event_id: 'x:{}',
        occurred_at: { column: 'at', template: '{at}' },
        unit_code: { column: 'beat', map: ['beat', 'nope'] },
        incident_id: 'a{b',
        attrs: {
          category: { column: 'kind', map: { values: { a: 'criminal' }, deflt: 'other' } },
          priority: { column: 'p', as: 'integer' },
          weird: 5,
        },
      },
      derived: [
        {
          when: { column: 'd' },
          type: 'incident.closed',
          event_id: 'c',
          occurred_at: '{at}',
          unit_code: '1',
        },
        { type: 'incident.closed' },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        '$.time_zon: unknown key; did you mean "time_zone"?',
        expect.stringMatching(/^\$\.time_zone: unknown time zone; use an IANA name/),
        '$.tables.broken.values: must be an object of "from": "to" pairs',
        expect.stringMatching(/^\$\.event\.type: must be an event type: incident\.reported, /),
        '$.event.event_id: has an empty {} reference; put a column name inside',
        '$.event.occurred_at: give only one of column, template',
        expect.stringMatching(/^\$\.event\.unit_code\.map\[1\]\.table: no table "nope" in "tables"/),
        '$.event.incident_id: has an unmatched brace; write {{ or }} for a literal brace',
        '$.event.attrs.category.map[0].deflt: unknown key; did you mean "default"?',
        '$.event.attrs.priority.as: must be one of string, int, number, boolean, datetime',
        '$.event.attrs.weird: must be a template string, or an object with one of column, template, join, const',
        '$.derived[0].when[0]: give exactly one of in, not_in, equals, matches, empty',
        '$.derived[1].event_id: required',
        '$.derived[1].when: required',
      ]),
    );
    expect(r.errors).toHaveLength(16);
  });

  it('loadMapping names the file and lists the problems; bad JSON says so', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-mapping-'));
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ event: { ...minimal.event, occurred_at: undefined }, extra: 1 }));
    await expect(loadMapping(bad)).rejects.toThrow(MappingError);
    await expect(loadMapping(bad)).rejects.toThrow(
      /\$\.event\.occurred_at: required\n {2}\$\.extra: unknown key/,
    );
    const notJson = path.join(dir, 'not.json');
    await writeFile(notJson, '{"event": ');
    await expect(loadMapping(notJson)).rejects.toThrow(/not valid JSON/);
  });
});

describe('the SDPD mapping and its units', () => {
  it('is valid, reads the columns of the SDPD export, and maps every beat to a known station', async () => {
    const mapping = await loadMapping(path.join(MAPPINGS, 'sdpd-calls-2023.json'));
    expect(mapping.time_zone).toBe('America/Los_Angeles');
    expect([...compileMapping(mapping).columns].sort()).toEqual(
      [
        'incident_num',
        'date_time',
        'address_number_primary',
        'address_dir_primary',
        'address_road_primary',
        'address_sfx_primary',
        'address_dir_intersecting',
        'address_road_intersecting',
        'address_sfx_intersecting',
        'call_type',
        'disposition',
        'beat',
        'priority',
      ].sort(),
    );
    const units = readUnitsFile(path.join(MAPPINGS, 'sdpd-units.json'));
    const byCode = new Map(units.map((u) => [u.code, u]));
    const beats = mapping.tables?.beat_unit;
    expect(beats?.default).toBe('067300000000');
    expect(Object.keys(beats?.values ?? {})).toHaveLength(125);
    for (const [beat, code] of Object.entries(beats?.values ?? {})) {
      expect(code).toBe(`0673${beat.slice(0, 1).padStart(2, '0')}${beat}000`);
      expect(byCode.get(String(code))?.level).toBe('station');
    }
    for (const u of units) {
      expect(u.time_zone).toBe('America/Los_Angeles');
      expect(levelOfCode(u.code)).toBe(u.level);
      if (u.parent !== null) expect(u.code.startsWith(u.parent.replace(/0+$/, ''))).toBe(true);
      if (u.parent !== null) expect(byCode.has(u.parent)).toBe(true);
    }
    expect(units.filter((u) => u.level === 'county')).toHaveLength(9);
    expect(byCode.get('067305523000')?.name_en).toBe('Beat 523 Gaslamp');
  });
});
