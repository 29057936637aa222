/**
 * Violations over time: per bucket by the time their deadline passed, stacked by severity (P1 red, P2 orange,
 * P3 yellow), and a line of how many of them are resolved by now — one time basis for the whole chart, said
 * at the legend's left. The line is straight (a smoothed curve overshoots below zero beside a spike) and the
 * axis starts at 0. Pure: (data, theme, locale) → option.
 */
import type { TrendPoint } from '../../../common/api.js';
import { translate } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import { formatBucket } from '../lib/time.js';
import { axisStyle, noDataTitle, textStyle, timeAxis, tooltip } from './common-option.js';
import type { ChartTheme } from './theme.js';
import type { ChartOption } from './types.js';

export interface TrendData {
  points: readonly TrendPoint[];
  bucket: 'hour' | 'day' | 'month';
  timeZone: string;
}

const SEVERITIES = ['P1', 'P2', 'P3'] as const;

export function trendOption(data: TrendData, theme: ChartTheme, locale: Locale): ChartOption {
  const labels = data.points.map((p) => formatBucket(p.t, data.bucket, data.timeZone));
  const empty = data.points.length === 0;
  const bars = SEVERITIES.map((s) => ({
    type: 'bar' as const,
    name: translate(locale, `severity.${s}`) === s ? s : `${s} ${translate(locale, `severity.${s}`)}`,
    stack: 'raised',
    barMaxWidth: 28,
    itemStyle: { color: theme.severity[s] },
    emphasis: { focus: 'series' as const },
    data: data.points.map((p) => p[s] ?? 0),
  }));
  return {
    backgroundColor: 'transparent',
    animationDuration: 300,
    textStyle: textStyle(theme),
    title: [
      {
        text: translate(locale, 'chart.basisEvent'),
        left: 8,
        top: 6,
        textStyle: { ...textStyle(theme, 0.85), color: theme.subtext, fontWeight: 'normal' as const },
      },
      ...(empty ? [noDataTitle(theme, locale)] : []),
    ],
    grid: { left: 8, right: 16, top: 44, bottom: 8, containLabel: true },
    legend: {
      top: 4,
      right: 8,
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { ...textStyle(theme, 0.85), color: theme.subtext },
    },
    tooltip: tooltip(theme),
    xAxis: timeAxis(labels, theme),
    yAxis: { type: 'value', min: 0, minInterval: 1, ...axisStyle(theme) },
    series: [
      ...bars,
      {
        type: 'line',
        name: translate(locale, 'chart.resolvedOf'),
        smooth: false,
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { width: 3, color: theme.resolved },
        itemStyle: { color: theme.resolved },
        data: data.points.map((p) => p.resolved ?? 0),
      },
    ],
  };
}
