/**
 * Compliance over a period, one point per day (or month): the violations as bars on the right axis and the
 * compliance rate as a line on the left, with the dashed 95 % target. A day with nothing due has no rate (a
 * gap in the line, never a 0 %). The rate axis starts below the lowest rate (a 0–100 % axis flattens a month
 * between 92 % and 98 % into a straight line). Used by the reports (server-side SVG). Pure.
 */
import { translate } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import { axisStyle, noDataTitle, textStyle, timeAxis, tooltip } from './common-option.js';
import type { ChartTheme } from './theme.js';
import type { ChartOption } from './types.js';

export interface CompliancePoint {
  /** Local date `YYYY-MM-DD` (day) or `YYYY-MM` (month). */
  t: string;
  due: number;
  violations: number;
  compliance_rate: number | null;
}

export interface ComplianceSeriesData {
  points: readonly CompliancePoint[];
  bucket: 'day' | 'month';
}

/** `11-03` for a day, `2026-11` for a month. */
export function seriesLabel(t: string, bucket: 'day' | 'month'): string {
  return bucket === 'day' ? t.slice(5) : t;
}

/** The rate in percent, one decimal; null stays null (a gap). */
function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

/** The smallest round step (1, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ; whole numbers) at least `x`. */
function roundStep(x: number): number {
  if (x <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const step = m * power;
    if (step >= x && Number.isInteger(step)) return step;
  }
  return 10 * power;
}

/** The violations axis' top, in four round steps: about 2.5 × the most in a bucket, so bars stay low. */
export function violationsCeiling(points: readonly CompliancePoint[]): number {
  const most = Math.max(0, ...points.map((p) => p.violations));
  return 4 * roundStep((most * 2.5) / 4);
}

/** The rate axis' floor: 10 % steps below the lowest rate (and below the 95 % target), never under 0. */
export function rateFloor(points: readonly CompliancePoint[]): number {
  const rates = points.flatMap((p) => (p.compliance_rate === null ? [] : [p.compliance_rate * 100]));
  const lowest = Math.min(90, ...rates);
  return Math.max(0, Math.floor((lowest - 2) / 10) * 10);
}

export function complianceSeriesOption(
  data: ComplianceSeriesData,
  theme: ChartTheme,
  locale: Locale,
): ChartOption {
  const labels = data.points.map((p) => seriesLabel(p.t, data.bucket));
  const rateLabel = translate(locale, 'chart.rate');
  const violationsLabel = translate(locale, 'chart.violations');
  return {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: textStyle(theme),
    ...(data.points.length === 0 ? { title: noDataTitle(theme, locale) } : {}),
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    legend: { top: 4, right: 8, textStyle: { ...textStyle(theme, 0.9), color: theme.subtext } },
    tooltip: tooltip(theme),
    xAxis: timeAxis(labels, theme),
    yAxis: [
      {
        type: 'value',
        min: rateFloor(data.points),
        max: 100,
        ...axisStyle(theme),
        axisLabel: { ...axisStyle(theme).axisLabel, formatter: '{value}%' },
      },
      {
        type: 'value',
        min: 0,
        max: violationsCeiling(data.points),
        interval: violationsCeiling(data.points) / 4,
        ...axisStyle(theme),
        splitLine: { show: false },
      },
    ],
    series: [
      {
        type: 'bar',
        name: violationsLabel,
        yAxisIndex: 1,
        barMaxWidth: 18,
        itemStyle: { color: theme.severity.P2, opacity: 0.6 },
        data: data.points.map((p) => p.violations),
      },
      {
        type: 'line',
        name: rateLabel,
        yAxisIndex: 0,
        symbol: 'circle',
        symbolSize: 5,
        connectNulls: false,
        lineStyle: { width: 2.5, color: theme.good },
        itemStyle: { color: theme.good },
        data: data.points.map((p) => percent(p.compliance_rate)),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: theme.good, type: 'dashed' },
          data: [{ yAxis: 95 }],
          label: { show: true, position: 'insideEndTop', formatter: '95%', color: theme.subtext },
        },
      },
    ],
  };
}
