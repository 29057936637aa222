import { describe, expect, it } from 'vitest';
import {
  countyLoadersSource,
  countyMap,
  countyMapFiles,
  readGeo,
  simplifyRing,
} from '../../dashboard/build/guangxi-counties.js';
import { countyRegions } from '../../dashboard/src/charts/county-map.js';
import { mapOption, p1ByCity } from '../../dashboard/src/charts/map-option.js';
import { darkTheme } from '../../dashboard/src/charts/theme.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { unitStats } from '../../dashboard/tests/fixtures.js';

describe('county outlines (build time)', () => {
  it('snaps a ring to the grid, drops repeated points and keeps it closed', () => {
    const ring: [number, number][] = [
      [108.3232, 22.8134],
      [108.3233, 22.8135],
      [108.3301, 22.8134],
      [108.3402, 22.8201],
      [108.3401, 22.8299],
      [108.3232, 22.8136],
    ];
    expect(simplifyRing(ring, 0.01)).toEqual([
      [108.32, 22.81],
      [108.33, 22.81],
      [108.34, 22.82],
      [108.34, 22.83],
      [108.32, 22.81],
    ]);
  });

  it('keeps a ring too small for the grid as it was', () => {
    const tiny: [number, number][] = [
      [108.3201, 22.8101],
      [108.3202, 22.8102],
      [108.3203, 22.8101],
      [108.3201, 22.8101],
    ];
    expect(simplifyRing(tiny, 0.01)).toBe(tiny);
  });

  it('has every city’s counties in the npm package, each city under 120 kB once simplified', () => {
    const files = countyMapFiles();
    const cities = guangxiUnits()
      .filter((u) => u.level === 'city')
      .map((u) => u.code.slice(0, 4));
    expect([...files.keys()].sort()).toEqual(cities.sort());
    const raw = readGeo(files.get('4501')!);
    const small = countyMap('4501', files)!;
    expect(small.features.map((f) => f.id)).toEqual(raw.features.map((f) => f.id));
    for (const prefix of cities)
      expect(JSON.stringify(countyMap(prefix, files)).length).toBeLessThan(120_000);
  });

  it('serves each city as its own lazily imported module', () => {
    expect(countyLoadersSource(['4502', '4501'])).toBe(
      'export default {\n' +
        '  "4501": () => import("virtual:guangxi-county/4501"),\n' +
        '  "4502": () => import("virtual:guangxi-county/4502"),\n};\n',
    );
  });
});

describe('the drilled-in city map', () => {
  const units = guangxiUnits();
  const files = countyMapFiles();
  const countiesOf = (prefix: string) =>
    units.filter((u) => u.level === 'county' && u.code.startsWith(prefix));

  it('finds every simulated county of every city on its map', () => {
    for (const city of units.filter((u) => u.level === 'city')) {
      const prefix = city.code.slice(0, 4);
      const counties = countiesOf(prefix);
      const regions = countyRegions(countyMap(prefix, files)!, counties);
      const drawn = new Set(regions.map((r) => r.code));
      expect(counties.filter((c) => !drawn.has(c.code.slice(0, 6))).map((c) => c.name)).toEqual([]);
    }
  });

  it('matches by name when the map data carries no code (or an old one)', () => {
    const counties = countiesOf('4501');
    const geo = {
      features: [
        { properties: { name: '兴宁区', cp: [108.3, 22.8] as [number, number] } },
        { properties: { name: '横县', cp: [109.2, 22.6] as [number, number] } },
        { properties: { name: '隆安县', cp: [107.6, 23.1] as [number, number] } },
      ],
    };
    expect(countyRegions(geo, counties).map((r) => [r.name, r.code])).toEqual([
      ['兴宁区', '450102'],
      ['横县', '450181'],
      ['隆安县', '450123'],
    ]);
  });

  it('colours each county by its compliance and marks its P1 alerts', () => {
    const regions = countyRegions(countyMap('4502', files)!, countiesOf('4502'));
    const stats = [unitStats({ prefix: '450203', name: '柳州市公安局鱼峰分局', compliance_rate: 0.7 })];
    const p1 = p1ByCity(
      [
        { severity: 'P1', stage: 'overdue', unit_code: '450203520000' },
        { severity: 'P1', stage: 'overdue', unit_code: '450203510000' },
      ],
      6,
    );
    const o = mapOption({ mapName: 'c', regions, units: stats, p1 }, darkTheme, 'zh-CN');
    const geoOpt = o.geo as { regions: { name: string; itemStyle: { areaColor: string } }[] };
    const colour = (n: string) => geoOpt.regions.find((r) => r.name === n)?.itemStyle.areaColor;
    expect(colour('鱼峰区')).toBe(darkTheme.bad);
    expect(colour('城中区')).toBe(darkTheme.neutral);
    const markers = (o.series as { data: { name: string; value: number[] }[] }[])[0]!.data;
    expect(markers.map((m) => [m.name, m.value[2]])).toEqual([['鱼峰区', 2]]);
  });

  it('leaves the labels off the urban districts too small to carry them', () => {
    const regions = countyRegions(countyMap('4502', files)!, countiesOf('4502'));
    expect(regions.filter((r) => r.small).map((r) => r.name)).toEqual([
      '城中区',
      '柳南区',
      '柳北区',
      '鱼峰区',
    ]);
    const o = mapOption({ mapName: 'c', regions, units: [], p1: new Map() }, darkTheme, 'zh-CN');
    const format = (o.geo as { label: { formatter: (p: { name: string }) => string } }).label.formatter;
    expect(format({ name: '鱼峰区' })).toBe('');
    expect(format({ name: '柳城县' })).toBe('柳城县\n—');
  });
});
