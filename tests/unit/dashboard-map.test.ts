import { describe, expect, it } from 'vitest';
import { extractProvinceMap, guangxiMapSource } from '../../dashboard/build/guangxi-map.js';
import { mapOption, p1ByCity, regionsOf } from '../../dashboard/src/charts/map-option.js';
import { darkTheme } from '../../dashboard/src/charts/theme.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { unitStats } from '../../dashboard/tests/fixtures.js';

describe('the province map', () => {
  const { name, geo } = extractProvinceMap(guangxiMapSource());
  const regions = regionsOf(geo);

  it('takes Guangxi’s 14 cities out of the npm package, one per city unit of the directory', () => {
    expect(name).toBe('广西');
    const cities = guangxiUnits()
      .filter((u) => u.level === 'city')
      .map((u) => u.code.slice(0, 4))
      .sort();
    expect(regions.map((r) => r.code).sort()).toEqual(cities);
    expect(regions.find((r) => r.code === '4501')).toMatchObject({ name: '南宁市' });
  });

  it('colours each city by its compliance and marks its active P1 alerts', () => {
    const units = [
      unitStats({ prefix: '4501', name: '南宁市公安局', compliance_rate: 0.97, violations: 3 }),
      unitStats({ prefix: '4502', name: '柳州市公安局', compliance_rate: 0.8, violations: 20 }),
    ];
    const p1 = p1ByCity([
      { severity: 'P1', stage: 'overdue', unit_code: '450203520000' },
      { severity: 'P1', stage: 'overdue', unit_code: '450205520000' },
      { severity: 'P1', stage: 'due_soon', unit_code: '450103520000' },
      { severity: 'P2', stage: 'overdue', unit_code: '450103520000' },
    ]);
    expect([...p1]).toEqual([['4502', 2]]);
    const o = mapOption({ mapName: 'gx', regions, units, p1 }, darkTheme, 'zh-CN');
    const geoOpt = o.geo as { regions: { name: string; itemStyle: { areaColor: string } }[] };
    const colour = (n: string) => geoOpt.regions.find((r) => r.name === n)?.itemStyle.areaColor;
    expect(colour('南宁市')).toBe(darkTheme.good);
    expect(colour('柳州市')).toBe(darkTheme.bad);
    expect(colour('桂林市')).toBe(darkTheme.neutral);
    const markers = (o.series as { data: { name: string; value: number[] }[] }[])[0]!.data;
    expect(markers.map((m) => [m.name, m.value[2]])).toEqual([['柳州市', 2]]);
  });
});
