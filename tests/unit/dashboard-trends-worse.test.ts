/**
 * The trends page's "what is getting worse" pieces, pure: the rule × unit heat map's option, the change against
 * the previous period, the sort that keeps empty rows last, custom date windows up to three years, and the
 * compliance chart drawing violations as bars (never a line across unrelated units).
 */
import { describe, expect, it } from 'vitest';
import { complianceOption } from '../../dashboard/src/charts/compliance-option.js';
import {
  heatColor,
  heatmapHeight,
  heatmapOption,
  shortNames,
} from '../../dashboard/src/charts/heatmap-option.js';
import { lightTheme } from '../../dashboard/src/charts/theme.js';
import { rateChange, scoreChange, sortRows } from '../../dashboard/src/views/trends/change.js';
import { bucketFor, customWindow, previousWindow } from '../../dashboard/src/views/trends/drill.js';

const units = [
  { prefix: '4502', name: '柳州市公安局' },
  { prefix: '4501', name: '南宁市公安局' },
];
const rules = [
  { id: 'R-INC-01', name: '有警不接' },
  { id: 'R-PRO-02', name: '涉案财物超期未入库' },
  { id: 'R-REC-07', name: '讯问无同步录音录像' },
];
const cells = [
  { prefix: '4501', rule_id: 'R-INC-01', judged: 10, violations: 1 },
  { prefix: '4502', rule_id: 'R-INC-01', judged: 4, violations: 2 },
  { prefix: '4502', rule_id: 'R-PRO-02', judged: 5, violations: 0 },
];

describe('heatmapOption', () => {
  const o = heatmapOption({ units, rules, cells }, lightTheme, 'zh-CN');
  const series = (
    o.series as {
      type: string;
      data: { value: [number, number, number | null]; itemStyle: { color: string } }[];
    }[]
  )[0]!;

  it('puts units on x in the order given and only rules with something judged on y', () => {
    expect(series.type).toBe('heatmap');
    expect((o.xAxis as { data: string[] }).data).toEqual(['柳州市公安局', '南宁市公安局']);
    expect(shortNames(['南宁市公安局青秀分局', '南宁市公安局兴宁分局'])).toEqual(['青秀分局', '兴宁分局']);
    expect(shortNames(['南宁市公安局'])).toEqual(['南宁市公安局']);
    expect((o.yAxis as { data: string[] }).data).toEqual([
      'R-INC-01 有警不接',
      'R-PRO-02 涉案财物超期未入库',
    ]);
  });

  it('gives each cell its violation rate in percent, null where nothing was judged', () => {
    expect(series.data.map((d) => d.value)).toEqual([
      [0, 0, 50],
      [1, 0, 10],
      [0, 1, 0],
      [1, 1, null],
    ]);
  });

  it('colours the worst cell the full bad colour, zero white, nothing judged grey', () => {
    expect(series.data[0]!.itemStyle.color).toBe(lightTheme.bad);
    expect(series.data[2]!.itemStyle.color).toBe('#ffffff');
    expect(series.data[3]!.itemStyle.color).toBe(heatColor(null, 0.5, lightTheme));
    expect(series.data[1]!.itemStyle.color).not.toBe(lightTheme.bad);
  });

  it('says there is no data when nothing was judged, and sizes to its rows', () => {
    const empty = heatmapOption({ units, rules, cells: [] }, lightTheme, 'en');
    expect((empty.title as { text: string }).text).toBe('No data');
    expect(heatmapHeight({ units, rules, cells })).toBe(160);
  });
});

describe('change against the previous period', () => {
  it('in percentage points, red (worse) when compliance falls or a violation rate rises', () => {
    expect(rateChange(0.9, 0.95)).toEqual({ pp: -5, text: '▼ 5.0', worse: true });
    expect(rateChange(0.97, 0.95)).toEqual({ pp: 2, text: '▲ 2.0', worse: false });
    expect(rateChange(0.3, 0.1, false)).toMatchObject({ text: '▲ 20.0', worse: true });
    expect(rateChange(0.5, null)).toEqual({ pp: null, text: '—', worse: null });
    expect(rateChange(0.5, 0.5)).toEqual({ pp: 0, text: '= 0.0', worse: null });
    expect(scoreChange(71.5, 80)).toEqual({ pp: -8.5, text: '▼ 8.5', worse: true });
  });

  it('sorts worst first with rows without a value last in either direction', () => {
    const rows = [
      { id: 'a', r: 0.9 },
      { id: 'b', r: null },
      { id: 'c', r: 0.5 },
    ];
    expect(
      sortRows(
        rows,
        (x) => x.r,
        'asc',
        (x) => x.id,
      ).map((x) => x.id),
    ).toEqual(['c', 'a', 'b']);
    expect(
      sortRows(
        rows,
        (x) => x.r,
        'desc',
        (x) => x.id,
      ).map((x) => x.id),
    ).toEqual(['a', 'c', 'b']);
  });
});

describe('custom ranges', () => {
  const now = Date.parse('2026-12-03T09:00:00Z');
  it('run from the first local day to the end of the last (or now), bucketed by length', () => {
    expect(customWindow('2024-01-01', '2025-12-31', now, 'Asia/Shanghai')).toEqual({
      from: '2023-12-31T16:00:00.000Z',
      to: '2025-12-31T16:00:00.000Z',
      bucket: 'month',
    });
    expect(customWindow('2026-11-01', '2026-12-31', now, 'Asia/Shanghai')).toEqual({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-12-03T09:00:00.000Z',
      bucket: 'day',
    });
    expect(bucketFor(86_400_000)).toBe('hour');
  });

  it('refuse more than three years, a reversed range and malformed dates', () => {
    expect(customWindow('2022-01-01', '2026-01-01', now)).toBeNull();
    expect(customWindow('2026-02-01', '2026-01-01', now)).toBeNull();
    expect(customWindow('2026-1-1', '2026-02-01', now)).toBeNull();
  });

  it('compare with the period of the same length just before', () => {
    expect(previousWindow({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-11T00:00:00.000Z' })).toEqual({
      from: '2026-10-22T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
    });
  });
});

it('the trends page draws violations per unit as bars, never a line joining unrelated units', () => {
  const u = (prefix: string, rate: number, violations: number) => ({
    prefix,
    code: prefix.padEnd(12, '0'),
    name: prefix,
    level: 'city' as const,
    due: 10,
    on_time: 10 - violations,
    violations,
    compliance_rate: rate,
    lateness_p50_h: null,
    lateness_p90_h: null,
    ack_p50_min: null,
    active: 0,
  });
  const o = complianceOption(
    { units: [u('4501', 0.9, 1), u('4502', 0.5, 5)], orientation: 'vertical' },
    lightTheme,
    'zh-CN',
  );
  expect((o.series as { type: string }[]).map((s) => s.type)).toEqual(['bar', 'bar']);
});
