/**
 * The report's document model (server/services/reports/render): figures formatted once for every format,
 * the change taken from the rates as printed, rules worst first, units by rank with the unranked last, the
 * sentences for a quiet month, and the compliance-series chart builder. Pure.
 */
import { describe, expect, it } from 'vitest';
import type { ReportContent } from '../../common/report.js';
import {
  complianceSeriesOption,
  rateFloor,
  violationsCeiling,
} from '../../dashboard/src/charts/compliance-series-option.js';
import { lightTheme } from '../../dashboard/src/charts/theme.js';
import { buildReportDocument, summarySentence } from '../../server/services/reports/render/build-model.js';
import {
  changePp,
  formatChange,
  formatChangeShort,
  formatRate,
} from '../../server/services/reports/render/numbers.js';
import { reportFixture } from '../helpers/report-fixture.js';

describe('numbers', () => {
  it('prints rates with one decimal and — when nothing was due', () => {
    expect(formatRate(0.963)).toBe('96.3%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('takes the change from the rates as printed, so 96.3% − 95.1% reads ▲1.2', () => {
    // Unrounded: 96.34 − 95.06 = 1.28 (would print ▲1.3 beside 96.3% and 95.1%).
    expect(changePp(0.9634, 0.9506)).toBe(1.2);
    expect(formatChange(changePp(0.9634, 0.9506))).toBe('▲1.2个百分点');
    expect(formatChange(changePp(0.94, 0.948))).toBe('▼0.8个百分点');
    expect(formatChange(changePp(0.9, 0.9))).toBe('持平');
    expect(formatChange(changePp(0.9, null))).toBe('—');
    expect(formatChangeShort(-1.6)).toBe('▼1.6');
  });
});

function quietMonth(): ReportContent {
  const c = reportFixture();
  return {
    ...c,
    summary: {
      ...c.summary,
      due: 0,
      on_time: 0,
      late_or_missing: 0,
      compliance_rate: null,
      previous_rate: null,
      change_pp: null,
    },
    units: [],
    rules: [],
    orders: { ...c.orders, issued: 0, listed: [] },
    series: { bucket: 'day', points: [] },
  };
}

describe('document model', () => {
  it('has the five sections in order and six sheets', () => {
    const doc = buildReportDocument(reportFixture());
    expect(doc.sections.map((s) => s.heading)).toEqual([
      '一、总体情况',
      '二、违规情况（按规则）',
      '三、各单位执法规范率排名',
      '四、督办情况',
      '五、趋势',
    ]);
    expect(doc.sheets.map((s) => s.sheet)).toEqual(['总体', '规则', '单位排名', '督办', '挂牌督办', '趋势']);
  });

  it('says the change against the previous period, or that there is nothing to compare', () => {
    const c = reportFixture();
    expect(summarySentence(c)).toContain('为94.6%，较上期（2026年10月）▲0.8个百分点。');
    const same = { ...c, summary: { ...c.summary, previous_rate: 1135 / 1200 } };
    expect(summarySentence(same)).toContain('与上期（2026年10月）持平');
    const none = { ...c, summary: { ...c.summary, previous_rate: null } };
    expect(summarySentence(none)).toContain('上期（2026年10月）无可比数据');
    expect(summarySentence(quietMonth())).toBe(
      '2026年11月，南宁市公安局及所属单位无期限届满的应办执法事项。',
    );
  });

  it('lists units by rank, the unranked last, and no chart when there are no units', () => {
    const c = reportFixture();
    const reversed = { ...c, units: [...c.units].reverse() };
    const units = buildReportDocument(reversed).sheets[2];
    expect(units?.rows.map((r) => r[1]?.text)).toEqual([
      '兴宁区公安分局',
      '青秀区公安分局',
      '良庆区公安分局',
      '江南区公安分局',
      '西乡塘区公安分局',
      '邕宁区公安分局',
    ]);
    const quiet = buildReportDocument(quietMonth());
    const blocks = quiet.sections.flatMap((s) => s.blocks);
    expect(blocks.filter((b) => b.kind === 'chart').map((b) => b.kind === 'chart' && b.chart.id)).toEqual([
      'series',
    ]);
    const listed = blocks.find((b) => b.kind === 'table' && b.table.sheet === '挂牌督办');
    expect(listed?.kind === 'table' && listed.table.rows.length === 0 && listed.table.empty).toBe(
      '本期无挂牌督办。',
    );
  });

  it('keeps unit codes as text cells and rates as fractions', () => {
    const units = buildReportDocument(reportFixture()).sheets[2];
    expect(units?.rows[0]?.[2]).toEqual({ kind: 'code', value: '450102000000', text: '450102000000' });
    expect(units?.rows[0]?.[7]).toEqual({ kind: 'rate', value: 0.98, text: '98.0%' });
    expect(units?.rows[5]?.[7]).toEqual({ kind: 'rate', value: null, text: '—' });
  });
});

describe('compliance series chart', () => {
  const point = (t: string, due: number, violations: number) => ({
    t,
    due,
    violations,
    compliance_rate: due === 0 ? null : (due - violations) / due,
  });

  it('starts the rate axis below the lowest rate and keeps the bars under the line', () => {
    expect(rateFloor([point('2026-11-01', 40, 2)])).toBe(80);
    expect(rateFloor([point('2026-11-01', 10, 4)])).toBe(50);
    expect(violationsCeiling([point('2026-11-01', 40, 3)])).toBe(8);
    expect(violationsCeiling([])).toBe(4);
    expect(violationsCeiling([point('2026-01', 1000, 85)])).toBe(240);
    expect(violationsCeiling([point('2026-01', 1000, 12)])).toBe(32);
  });

  it('leaves a gap for a day with nothing due, and labels days by month-day', () => {
    const option = complianceSeriesOption(
      { points: [point('2026-11-01', 40, 2), point('2026-11-02', 0, 0)], bucket: 'day' },
      lightTheme,
      'zh-CN',
    );
    const series = option.series as { type: string; data: (number | null)[] }[];
    expect(series.find((s) => s.type === 'line')?.data).toEqual([95, null]);
    expect(series.find((s) => s.type === 'bar')?.data).toEqual([2, 0]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['11-01', '11-02']);
  });
});
