/**
 * The rule × unit matrix of the trends page: one cell per rule (row) and subordinate unit (column), its violation
 * rate (violations ÷ obligations judged) as the colour — white at 0 %, deepening to red at the worst rate on
 * the map — and as the label; a cell with nothing judged is grey and says "—". Units are in the order given
 * (worst compliance first on the page), rules in catalogue order. Pure: (data, theme, locale) → option.
 */
import type { HeatmapSeriesOption } from 'echarts/charts';
import type { UnitRuleCell } from '../../../common/api.js';
import { translate } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import { axisStyle, noDataTitle, textStyle, tooltip } from './common-option.js';
import { formatRate } from './theme.js';
import type { ChartTheme } from './theme.js';
import type { ChartOption } from './types.js';

export interface HeatmapData {
  units: readonly { prefix: string; name: string }[];
  rules: readonly { id: string; name: string }[];
  cells: readonly UnitRuleCell[];
}

interface CellItem {
  value: [number, number, number | null];
  judged: number;
  violations: number;
  itemStyle: { color: string };
  label: { color: string };
}

/** #ffffff → the theme's bad colour, by share of the worst rate shown (a gentle floor so 1 % is visible). */
export function heatColor(rate: number | null, worst: number, theme: ChartTheme): string {
  if (rate === null) return theme.name === 'dark' ? '#2a3850' : '#eef1f5';
  if (rate <= 0 || worst <= 0) return theme.name === 'dark' ? '#1d3b2c' : '#ffffff';
  const share = 0.15 + 0.85 * Math.min(1, rate / worst);
  const bad = theme.bad.replace('#', '');
  const mix = (i: number) => {
    const c = parseInt(bad.slice(i, i + 2), 16);
    return Math.round(255 + (c - 255) * share)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${mix(0)}${mix(2)}${mix(4)}`;
}

/**
 * The units' names without the part they all share (南宁市公安局青秀分局, …兴宁分局 → 青秀分局, 兴宁分局), so the
 * column labels are readable side by side; unchanged for a single unit or when a name would be left too short.
 */
export function shortNames(names: readonly string[]): string[] {
  if (names.length < 2) return [...names];
  let common = names[0] ?? '';
  for (const n of names) while (!n.startsWith(common)) common = common.slice(0, -1);
  if (names.some((n) => n.length - common.length < 2)) return [...names];
  return names.map((n) => n.slice(common.length));
}

/** Rows (rules) with at least one cell judged, so the map is not mostly grey. */
function rulesShown(data: HeatmapData): HeatmapData['rules'] {
  const judged = new Set(data.cells.filter((c) => c.judged > 0).map((c) => c.rule_id));
  return data.rules.filter((r) => judged.has(r.id));
}

/** Units along x (tilted when many), rules down y in catalogue order. */
function heatAxes(data: HeatmapData, rules: HeatmapData['rules'], theme: ChartTheme) {
  return {
    xAxis: {
      type: 'category' as const,
      data: shortNames(data.units.map((u) => u.name)),
      ...axisStyle(theme),
      axisLabel: {
        ...axisStyle(theme).axisLabel,
        color: theme.text,
        interval: 0,
        width: 150,
        overflow: 'truncate' as const,
        rotate: data.units.length > 8 ? 30 : 0,
      },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category' as const,
      inverse: true,
      data: rules.map((r) => `${r.id} ${r.name}`),
      ...axisStyle(theme),
      axisLabel: {
        ...axisStyle(theme).axisLabel,
        color: theme.text,
        interval: 0,
        width: 260,
        overflow: 'truncate' as const,
      },
    },
  };
}

export function heatmapOption(data: HeatmapData, theme: ChartTheme, locale: Locale): ChartOption {
  const rules = rulesShown(data);
  const byKey = new Map(data.cells.map((c) => [`${c.prefix}|${c.rule_id}`, c]));
  const rates = data.cells.filter((c) => c.judged > 0).map((c) => c.violations / c.judged);
  const worst = Math.max(0, ...rates);
  const items: CellItem[] = [];
  rules.forEach((r, y) =>
    data.units.forEach((u, x) => {
      const c = byKey.get(`${u.prefix}|${r.id}`);
      const rate = c && c.judged > 0 ? c.violations / c.judged : null;
      items.push({
        value: [x, y, rate === null ? null : Math.round(rate * 1000) / 10],
        judged: c?.judged ?? 0,
        violations: c?.violations ?? 0,
        itemStyle: { color: heatColor(rate, worst, theme) },
        // White on the deep cells, the text colour on the pale ones: readable either way.
        label: { color: rate !== null && worst > 0 && rate / worst > 0.6 ? '#ffffff' : theme.text },
      });
    }),
  );
  const empty = items.length === 0;
  const violations = translate(locale, 'chart.violations');
  const series: HeatmapSeriesOption = {
    type: 'heatmap',
    name: translate(locale, 'heat.title'),
    data: items as unknown as HeatmapSeriesOption['data'],
    label: {
      show: true,
      color: theme.text,
      fontSize: Math.round(theme.fontSize * 0.95),
      formatter: (p: { value?: unknown }) => {
        const v = (p.value as CellItem['value'] | undefined)?.[2];
        return v === null || v === undefined ? '—' : `${v}%`;
      },
    },
    itemStyle: { borderColor: theme.name === 'dark' ? '#0b1526' : '#ffffff', borderWidth: 2 },
    emphasis: { itemStyle: { borderColor: theme.text, borderWidth: 2 } },
  };
  return {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: textStyle(theme),
    ...(empty ? { title: noDataTitle(theme, locale) } : {}),
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltip(theme, 'item'),
      formatter: (p: unknown) => {
        const d = (p as { data?: CellItem }).data;
        if (!d) return '';
        const u = data.units[d.value[0]];
        const r = rules[d.value[1]];
        const rate = d.judged > 0 ? d.violations / d.judged : null;
        return `${u?.name ?? ''}<br/>${r?.id ?? ''} ${r?.name ?? ''}<br/>${formatRate(rate)} · ${violations} ${d.violations} / ${d.judged}`;
      },
    },
    ...heatAxes(data, rules, theme),
    series: [series],
  };
}

/** Height in px the map needs for its rules (a row each), within sensible bounds. */
export function heatmapHeight(data: HeatmapData): number {
  return Math.max(160, Math.min(900, 60 + rulesShown(data).length * 30));
}
