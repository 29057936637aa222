/** Pieces shared by the option builders: text style, axes, tooltip and the "no data" title. */
import { translate } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import type { ChartTheme } from './theme.js';

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
