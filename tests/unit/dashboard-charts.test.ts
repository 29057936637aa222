import { describe, expect, it } from 'vitest';
import { timeAxis } from '../../dashboard/src/charts/common-option.js';
import { chartPoint } from '../../dashboard/src/charts/zoom.js';
import { complianceOption, sortByRate } from '../../dashboard/src/charts/compliance-option.js';
import { complianceSeriesOption } from '../../dashboard/src/charts/compliance-series-option.js';
import { ruleOption } from '../../dashboard/src/charts/rule-option.js';
import { darkTheme, formatRate, lightTheme, rateColor } from '../../dashboard/src/charts/theme.js';
import { trendOption } from '../../dashboard/src/charts/trend-option.js';
import { trendPoints, unitStats } from '../../dashboard/tests/fixtures.js';

type Series = { type: string; name?: string; data: unknown[] };
const seriesOf = (o: { series?: unknown }) => o.series as Series[];

describe('trendOption', () => {
  it('stacks raised alerts by severity with a resolved line (snapshot)', () => {
    const o = trendOption(
      { points: trendPoints(), bucket: 'hour', timeZone: 'Asia/Shanghai' },
      darkTheme,
      'zh-CN',
    );
    expect(o).toMatchSnapshot();
    expect((o.xAxis as { data: string[] }).data).toEqual(['00:00', '01:00', '02:00']);
    expect(seriesOf(o).map((s) => s.name)).toEqual(['P1 一级', 'P2 二级', 'P3 三级', '其中已办结']);
  });

  it('says its one time basis beside the legend and never draws the line below zero', () => {
    const o = trendOption(
      { points: trendPoints(), bucket: 'hour', timeZone: 'Asia/Shanghai' },
      darkTheme,
      'zh-CN',
    );
    const titles = ([] as { text?: string }[]).concat(o.title as { text?: string });
    expect(titles.map((t) => t.text)).toEqual(['按违规时间统计（期限届满时）']);
    const line = seriesOf(o).find((s) => s.type === 'line') as Series & { smooth?: unknown };
    // A smoothed curve overshoots below zero between a 0 and a spike: straight segments only.
    expect(line.smooth ?? false).toBe(false);
    expect((o.yAxis as { min?: number }).min).toBe(0);
    const en = trendOption({ points: trendPoints(), bucket: 'hour', timeZone: 'UTC' }, darkTheme, 'en');
    expect(([] as { text?: string }[]).concat(en.title as { text?: string })[0]!.text).toBe(
      'By time of violation',
    );
  });

  it('labels days in the chosen time zone and English', () => {
    const o = trendOption({ points: trendPoints(), bucket: 'day', timeZone: 'UTC' }, lightTheme, 'en');
    expect((o.xAxis as { data: string[] }).data).toEqual(['11-25', '11-25', '11-25']);
    expect(seriesOf(o).map((s) => s.name)).toEqual(['P1', 'P2', 'P3', 'Of which resolved']);
  });

  it('shows "no data" for an empty range', () => {
    const o = trendOption({ points: [], bucket: 'hour', timeZone: 'Asia/Shanghai' }, darkTheme, 'zh-CN');
    const titles = ([] as { text?: string }[]).concat(o.title as { text?: string });
    expect(titles.map((t) => t.text)).toContain('暂无数据');
    expect(seriesOf(o).every((s) => s.data.length === 0)).toBe(true);
  });
});

describe('timeAxis', () => {
  it('is the one time axis of the trend and the compliance series: labels thinned, no split lines', () => {
    const axis = timeAxis(['11-01', '11-02'], lightTheme);
    expect(axis).toMatchObject({ type: 'category', data: ['11-01', '11-02'], splitLine: { show: false } });
    expect(axis.axisLabel).toMatchObject({ hideOverlap: true, color: lightTheme.subtext });
    expect(axis.axisTick).toEqual({ show: false });
    const trend = trendOption(
      { points: trendPoints(), bucket: 'hour', timeZone: 'UTC' },
      lightTheme,
      'zh-CN',
    );
    expect(trend.xAxis).toEqual(timeAxis(['16:00', '17:00', '18:00'], lightTheme));
    const points = [{ t: '2026-11-01', due: 40, violations: 2, compliance_rate: 0.95 }];
    const series = complianceSeriesOption({ points, bucket: 'day' }, darkTheme, 'en');
    expect(series.xAxis).toEqual(timeAxis(['11-01'], darkTheme));
  });
});

describe('chartPoint (pointer offsets under the 4K zoom)', () => {
  it('puts a point on screen back in the chart’s own pixels at zoom 2; leaves an unzoomed page alone', () => {
    // A chart whose corner is at (200, 200) on screen, zoomed ×2: a click at (590, 776) is (195, 288) in it.
    expect(chartPoint({ clientX: 590, clientY: 776 }, { left: 200, top: 200 }, 2)).toEqual({
      x: 195,
      y: 288,
    });
    expect(chartPoint({ clientX: 590, clientY: 776 }, { left: 200, top: 200 }, 1)).toBeNull();
    expect(chartPoint({ clientX: 590, clientY: 776 }, { left: 200, top: 200 }, Number.NaN)).toBeNull();
  });
});

describe('complianceOption room for labels', () => {
  it('leaves room right of the bars for "Violations N" in English, not only "违规 N"', () => {
    const units = [unitStats({ prefix: '4502', name: '柳州市公安局', compliance_rate: 0.8, violations: 20 })];
    const right = (l: 'en' | 'zh-CN') =>
      (complianceOption({ units, orientation: 'horizontal' }, darkTheme, l).grid as { right: number }).right;
    // "80.0%  Violations 20" at 18 px is about 200 px wide; "80.0%  违规 20" about 140 px.
    expect(right('en')).toBeGreaterThanOrEqual(200);
    expect(right('zh-CN')).toBeGreaterThanOrEqual(130);
    expect(right('zh-CN')).toBeLessThan(right('en'));
  });
});

describe('complianceOption', () => {
  const units = [
    unitStats({ prefix: '4501', name: '南宁市公安局', compliance_rate: 0.97, violations: 3 }),
    unitStats({ prefix: '4502', name: '柳州市公安局', compliance_rate: 0.8, violations: 20 }),
    unitStats({
      prefix: '4503',
      name: '桂林市公安局',
      compliance_rate: null,
      due: 0,
      on_time: 0,
      violations: 0,
    }),
  ];

  it('puts the worst unit on top of a horizontal chart (snapshot)', () => {
    const o = complianceOption({ units, orientation: 'horizontal' }, darkTheme, 'zh-CN');
    expect(o).toMatchSnapshot();
    // Category axes draw bottom-up: the last entry is at the top.
    expect((o.yAxis as { data: string[] }).data).toEqual(['桂林市公安局', '南宁市公安局', '柳州市公安局']);
  });

  it('draws no bar for a null rate and colours by threshold', () => {
    const o = complianceOption({ units, orientation: 'vertical' }, lightTheme, 'zh-CN');
    const bars = seriesOf(o)[0]!.data as { value: number | null; itemStyle: { color: string } }[];
    expect(bars.map((b) => b.value)).toEqual([80, 97, null]);
    expect(bars.map((b) => b.itemStyle.color)).toEqual([lightTheme.bad, lightTheme.good, lightTheme.neutral]);
    expect(seriesOf(o)[1]!.data).toEqual([20, 3, 0]);
  });

  it('uses the directory name when given, the code when nothing is known', () => {
    const o = complianceOption(
      { units: [unitStats({ prefix: '4509' })], nameOf: () => '玉林市公安局', orientation: 'vertical' },
      lightTheme,
      'zh-CN',
    );
    expect((o.xAxis as { data: string[] }).data).toEqual(['玉林市公安局']);
    const bare = complianceOption(
      { units: [unitStats({ prefix: '4509' })], orientation: 'vertical' },
      lightTheme,
      'en',
    );
    expect((bare.xAxis as { data: string[] }).data).toEqual(['450900000000']);
  });

  it('labels bars with the rate and the violations, "—" when nothing was due', () => {
    const o = complianceOption({ units, orientation: 'horizontal' }, darkTheme, 'zh-CN');
    const label = (
      seriesOf(o)[0] as unknown as { label: { formatter: (p: { dataIndex: number }) => string } }
    ).label;
    expect([0, 1, 2].map((dataIndex) => label.formatter({ dataIndex }))).toEqual([
      '—  违规 0',
      '97.0%  违规 3',
      '80.0%  违规 20',
    ]);
  });

  it('is empty with a "no data" title', () => {
    const o = complianceOption({ units: [], orientation: 'horizontal' }, darkTheme, 'en');
    expect((o.title as { text: string }).text).toBe('No data');
  });

  it('sorts worst first with nulls last', () => {
    expect(sortByRate(units).map((u) => u.prefix)).toEqual(['4502', '4501', '4503']);
  });
});

describe('ruleOption and helpers', () => {
  it('lists the busiest rules, most on top', () => {
    const o = ruleOption(
      [
        { ruleId: 'R-A', label: 'A', count: 1 },
        { ruleId: 'R-B', label: 'B', count: 5 },
      ],
      darkTheme,
      'zh-CN',
    );
    expect((o.yAxis as { data: string[] }).data).toEqual(['A', 'B']);
    expect(ruleOption([], darkTheme, 'zh-CN').title).toBeDefined();
  });

  it('formats and colours rates', () => {
    expect(formatRate(0.9734)).toBe('97.3%');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
    expect(rateColor(0.95, darkTheme)).toBe(darkTheme.good);
    expect(rateColor(0.9, darkTheme)).toBe(darkTheme.warn);
    expect(rateColor(0.5, darkTheme)).toBe(darkTheme.bad);
    expect(rateColor(null, darkTheme)).toBe(darkTheme.neutral);
  });
});

describe('legibility at five metres', () => {
  /** Every fontSize anywhere in an option. */
  const sizes = (o: unknown): number[] =>
    o && typeof o === 'object'
      ? Object.entries(o).flatMap(([k, v]) => (k === 'fontSize' && typeof v === 'number' ? [v] : sizes(v)))
      : [];

  it('draws nothing on the wall below 18 px on the 1920 canvas', () => {
    const units = [unitStats({ prefix: '4501', name: '南宁市公安局', compliance_rate: 0.97, violations: 3 })];
    const options = [
      trendOption({ points: trendPoints(), bucket: 'hour', timeZone: 'Asia/Shanghai' }, darkTheme, 'zh-CN'),
      complianceOption({ units, orientation: 'horizontal' }, darkTheme, 'en'),
      ruleOption([{ ruleId: 'R-INC-01', label: '警情超期未受案', count: 3 }], darkTheme, 'zh-CN'),
    ];
    for (const o of options) {
      expect(sizes(o).length).toBeGreaterThan(0);
      expect(Math.min(...sizes(o))).toBeGreaterThanOrEqual(18);
    }
  });
});
