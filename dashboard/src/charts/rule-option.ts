/** Active overdue alerts per rule, as horizontal bars (the wall's second page). Pure. */
import { translate } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import { axisStyle, noDataTitle, textStyle, tooltip } from './common-option.js';
import type { ChartTheme } from './theme.js';
import type { ChartOption } from './types.js';

export interface RuleCount {
  ruleId: string;
  label: string;
  count: number;
}

export function ruleOption(rows: readonly RuleCount[], theme: ChartTheme, locale: Locale): ChartOption {
  const top = [...rows].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)).slice(0, 12);
  const ordered = top.reverse();
  return {
    backgroundColor: 'transparent',
    animationDuration: 300,
    textStyle: textStyle(theme),
    ...(ordered.length === 0 ? { title: noDataTitle(theme, locale) } : {}),
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: tooltip(theme),
    xAxis: { type: 'value', minInterval: 1, ...axisStyle(theme) },
    yAxis: {
      type: 'category',
      data: ordered.map((r) => r.label),
      ...axisStyle(theme),
      axisLabel: {
        ...axisStyle(theme).axisLabel,
        color: theme.text,
        fontSize: Math.round(theme.fontSize * 0.95),
      },
      splitLine: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: translate(locale, 'chart.active'),
        barMaxWidth: 22,
        itemStyle: { color: theme.severity.P2, borderRadius: [0, 4, 4, 0] },
        label: {
          show: true,
          position: 'right',
          color: theme.text,
          fontSize: Math.round(theme.fontSize * 0.9),
        },
        data: ordered.map((r) => r.count),
      },
    ],
  };
}
