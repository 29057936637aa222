/** Pieces shared by the option builders: text style, axes (the time axis), tooltip and the "no data" title. */
import { translate } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import type { ChartTheme } from './theme.js';

/**
 * A generous estimate of a text's drawn width in px (CJK a full em, digits and Latin 0.62 em, spaces 0.3 em),
 * for leaving room beside a chart for labels ECharts does not count in `containLabel`.
 */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += /[\u2e80-\uffff]/.test(ch) ? 1 : ch === ' ' ? 0.3 : 0.62;
  return em * fontSize;
}

export function textStyle(theme: ChartTheme, scale = 1) {
  return { color: theme.text, fontFamily: theme.fontFamily, fontSize: Math.round(theme.fontSize * scale) };
}

export function axisStyle(theme: ChartTheme) {
  return {
    axisLine: { lineStyle: { color: theme.axis } },
    axisTick: { show: false },
    axisLabel: {
      color: theme.subtext,
      fontFamily: theme.fontFamily,
      fontSize: Math.round(theme.fontSize * 0.85),
    },
    splitLine: { lineStyle: { color: theme.split } },
  };
}

/**
 * The x axis of a chart over time (the trends, the reports' compliance series): one label a bucket, labels
 * that would overlap left out, no vertical split lines.
 */
export function timeAxis(labels: string[], theme: ChartTheme) {
  return {
    type: 'category' as const,
    data: labels,
    ...axisStyle(theme),
    axisLabel: { ...axisStyle(theme).axisLabel, hideOverlap: true },
    splitLine: { show: false },
  };
}

export function tooltip(theme: ChartTheme, trigger: 'axis' | 'item' = 'axis') {
  return {
    trigger,
    confine: true,
    backgroundColor: theme.tooltipBg,
    borderColor: theme.axis,
    textStyle: textStyle(theme, 0.9),
    axisPointer: { type: 'shadow' as const },
  };
}

/** A centred "暂无数据" title, shown when there is nothing to draw. */
export function noDataTitle(theme: ChartTheme, locale: Locale) {
  return {
    text: translate(locale, 'common.noData'),
    left: 'center',
    top: 'middle',
    textStyle: { ...textStyle(theme), color: theme.subtext, fontWeight: 'normal' as const },
  };
}
