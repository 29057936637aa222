/**
 * Compliance rate per unit as bars coloured by threshold (≥95 % green, ≥85 % yellow, else red), with the
 * violation count in the label. A unit with nothing due has a null rate: no bar, labelled "—". Horizontal
 * for the wall's city breakdown, vertical with violation bars for the trends page. Pure.
 */
import type { BarSeriesOption } from 'echarts/charts';
import type { UnitStats } from '../../../common/api.js';
import { translate } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import { axisStyle, noDataTitle, textStyle, textWidth, tooltip } from './common-option.js';
import { formatRate, rateColor } from './theme.js';
import type { ChartTheme } from './theme.js';
import type { ChartOption } from './types.js';

export interface ComplianceData {
  units: readonly UnitStats[];
  /** Display name of a unit (from the directory); the stats' own name or code otherwise. */
  nameOf?: (u: UnitStats) => string;
  orientation: 'horizontal' | 'vertical';
}

export function displayName(u: UnitStats, nameOf?: (u: UnitStats) => string): string {
  return nameOf?.(u) ?? u.name ?? u.code;
}

/** Worst first; units with nothing due last; ties by name. */
export function sortByRate(units: readonly UnitStats[]): UnitStats[] {
  return [...units].sort((a, b) => {
    if (a.compliance_rate === null || b.compliance_rate === null) {
      return (
        (a.compliance_rate === null ? 1 : 0) - (b.compliance_rate === null ? 1 : 0) ||
        a.code.localeCompare(b.code)
      );
    }
    return (
      a.compliance_rate - b.compliance_rate || b.violations - a.violations || a.code.localeCompare(b.code)
    );
  });
}

/** What every sub-builder needs: the units in drawing order, the orientation, the theme and the labels. */
interface ComplianceLayout {
  /** Units in the order the category axis draws them. */
  ordered: readonly UnitStats[];
  horizontal: boolean;
  theme: ChartTheme;
  nameOf?: (u: UnitStats) => string;
  rateLabel: string;
  violationsLabel: string;
}

/** A horizontal category axis draws its first item at the bottom: reverse so the worst is on top. */
function drawingOrder(sorted: readonly UnitStats[], horizontal: boolean): UnitStats[] {
  return horizontal ? [...sorted].reverse() : [...sorted];
}

/** One bar per unit: the rate in percent (null draws no bar), coloured by threshold. */
function rateBarData(layout: ComplianceLayout) {
  const { ordered, horizontal, theme } = layout;
  return ordered.map((u) => ({
    value: u.compliance_rate === null ? null : Math.round(u.compliance_rate * 1000) / 10,
    itemStyle: {
      color: rateColor(u.compliance_rate, theme),
      borderRadius: horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0],
    },
    unitCode: u.prefix,
  }));
}

/** The 0–100 % value axis; on the narrow horizontal chart every 50 % (each bar is labelled with its rate). */
function rateAxis(theme: ChartTheme, horizontal = false) {
  return {
    type: 'value' as const,
    min: 0,
    max: 100,
    ...(horizontal ? { interval: 50 } : {}),
    ...axisStyle(theme),
    axisLabel: { ...axisStyle(theme).axisLabel, formatter: '{value}%' },
  };
}

/** The units' names; truncated, and tilted on a crowded vertical chart. */
function categoryAxis(names: string[], layout: ComplianceLayout) {
  const { horizontal, theme } = layout;
  return {
    type: 'category' as const,
    data: names,
    ...axisStyle(theme),
    axisLabel: {
      ...axisStyle(theme).axisLabel,
      color: theme.text,
      fontSize: Math.round(theme.fontSize * (horizontal ? 0.95 : 0.85)),
      interval: 0,
      width: horizontal ? 190 : 110,
      overflow: 'truncate' as const,
      ...(horizontal ? {} : { rotate: names.length > 8 ? 30 : 0 }),
    },
    splitLine: { show: false },
  };
}

/** Horizontal: rates along x, units along y. Vertical: units along x, rates and violations on two y axes. */
function complianceAxes(layout: ComplianceLayout) {
  const { ordered, horizontal, theme, nameOf } = layout;
  const names = ordered.map((u) => displayName(u, nameOf));
  const units = categoryAxis(names, layout);
  if (horizontal) return { xAxis: rateAxis(theme, true), yAxis: units };
  return {
    legend: { top: 0, right: 8, textStyle: { ...textStyle(theme, 0.85), color: theme.subtext } },
    xAxis: units,
    yAxis: [
      rateAxis(theme),
      { type: 'value' as const, minInterval: 1, ...axisStyle(theme), splitLine: { show: false } },
    ],
  };
}

/** Name, rate and violations over due of the hovered unit. */
function complianceTooltip(layout: ComplianceLayout) {
  const { ordered, theme, nameOf, rateLabel, violationsLabel } = layout;
  return {
    ...tooltip(theme),
    formatter: (params: unknown) => {
      const list = Array.isArray(params) ? params : [params];
      const first = list[0] as { dataIndex: number } | undefined;
      const u = first ? ordered[first.dataIndex] : undefined;
      if (!u) return '';
      return `${displayName(u, nameOf)}<br/>${rateLabel} ${formatRate(u.compliance_rate)}<br/>${violationsLabel} ${u.violations} / ${u.due}`;
    },
  };
}

/** The horizontal bar's label: `87.3%  违规 9` / `87.3%  Violations 9`. */
function sideLabel(u: UnitStats, violationsLabel: string): string {
  return `${formatRate(u.compliance_rate)}  ${violationsLabel} ${u.violations}`;
}

/** Room right of the bars for the widest side label ("Violations N" in English is twice "违规 N"). */
function rightRoom(layout: ComplianceLayout): number {
  const size = Math.round(layout.theme.fontSize * 0.85);
  const widest = Math.max(
    0,
    ...layout.ordered.map((u) => textWidth(sideLabel(u, layout.violationsLabel), size)),
  );
  return Math.max(96, Math.ceil(widest) + 16);
}

/** The rate beside a horizontal bar (with the violations), above a vertical one. */
function rateBarLabel(layout: ComplianceLayout) {
  const { ordered, horizontal, theme, violationsLabel } = layout;
  return {
    show: true,
    position: horizontal ? ('right' as const) : ('top' as const),
    color: theme.text,
    fontFamily: theme.fontFamily,
    fontSize: Math.round(theme.fontSize * 0.85),
    formatter: (p: { dataIndex: number }) => {
      const u = ordered[p.dataIndex];
      if (!u) return '';
      return horizontal ? sideLabel(u, violationsLabel) : formatRate(u.compliance_rate);
    },
  };
}

/** The dashed 95 % target line of the vertical chart. */
function targetLine(theme: ChartTheme) {
  return {
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: theme.good, type: 'dashed' as const },
      data: [{ yAxis: 95 }],
      label: { show: false },
    },
  };
}

/** The rate bars, labelled; on the vertical chart with the 95 % target line. */
function rateSeries(layout: ComplianceLayout): BarSeriesOption {
  const { horizontal, theme, rateLabel } = layout;
  return {
    type: 'bar',
    name: rateLabel,
    barMaxWidth: horizontal ? 22 : 36,
    itemStyle: { color: theme.good },
    cursor: 'pointer',
    data: rateBarData(layout),
    label: rateBarLabel(layout),
    ...(horizontal ? {} : targetLine(theme)),
  };
}

/**
 * The violations per unit, on the vertical chart's second y axis: bars beside the rate's, never a line — the
 * units on the category axis are unrelated, and a line between them would draw a trend that is not there.
 */
function violationsSeries(layout: ComplianceLayout): BarSeriesOption {
  const { ordered, theme, violationsLabel } = layout;
  return {
    type: 'bar',
    name: violationsLabel,
    yAxisIndex: 1,
    barMaxWidth: 18,
    itemStyle: { color: theme.severity.P2, borderRadius: [3, 3, 0, 0] },
    data: ordered.map((u) => u.violations),
  };
}

export function complianceOption(data: ComplianceData, theme: ChartTheme, locale: Locale): ChartOption {
  const sorted = sortByRate(data.units);
  const horizontal = data.orientation === 'horizontal';
  const layout: ComplianceLayout = {
    ordered: drawingOrder(sorted, horizontal),
    horizontal,
    theme,
    nameOf: data.nameOf,
    rateLabel: translate(locale, 'chart.rate'),
    violationsLabel: translate(locale, 'chart.violations'),
  };
  return {
    backgroundColor: 'transparent',
    animationDuration: 300,
    textStyle: textStyle(theme),
    ...(sorted.length === 0 ? { title: noDataTitle(theme, locale) } : {}),
    grid: horizontal
      ? { left: 8, right: rightRoom(layout), top: 8, bottom: 8, containLabel: true }
      : { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    tooltip: complianceTooltip(layout),
    ...complianceAxes(layout),
    series: horizontal ? [rateSeries(layout)] : [rateSeries(layout), violationsSeries(layout)],
  };
}
