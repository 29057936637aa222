/**
 * The report's two charts as ECharts options from the dashboard's own pure builders: the units' compliance
 * (horizontal bars, worst on top) and the compliance over the period (rate line over violation bars). Light
 * theme at print size; the font family is written with single quotes, as it lands inside an SVG style
 * attribute. Pure.
 */
import type { ReportContent } from '../../../../common/report.js';
import type { UnitStats } from '../../../../common/api.js';
import { complianceOption, sortByRate } from '../../../../dashboard/src/charts/compliance-option.js';
import { complianceSeriesOption } from '../../../../dashboard/src/charts/compliance-series-option.js';
import { lightTheme } from '../../../../dashboard/src/charts/theme.js';
import type { ChartTheme } from '../../../../dashboard/src/charts/theme.js';
import type { ChartSpec } from './model.js';

export const REPORT_CHART_FONT =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'SimHei', sans-serif";

export const reportTheme: ChartTheme = { ...lightTheme, fontFamily: REPORT_CHART_FONT, fontSize: 15 };

/** Drawing width: the A4 text width (about 16 cm) at 96 px/in is ~600 px; a little wider, scaled down. */
export const CHART_WIDTH = 720;

function unitStats(c: ReportContent): UnitStats[] {
  return c.units.map((u) => ({
    prefix: u.code,
    code: u.code,
    name: u.name,
    level: u.level,
    due: u.due,
    on_time: u.on_time,
    violations: u.late_or_missing,
    compliance_rate: u.compliance_rate,
    lateness_p50_h: null,
    lateness_p90_h: null,
    ack_p50_min: null,
    active: 0,
  }));
}

/** At most this many bars (the worst): a county's 40 stations would not fit on one page. */
export const MAX_CHART_UNITS = 20;

/** The units the chart shows: all of them, or the MAX_CHART_UNITS with the lowest compliance. */
export function chartUnits(c: ReportContent): UnitStats[] {
  return sortByRate(unitStats(c)).slice(0, MAX_CHART_UNITS);
}

export function unitsChart(c: ReportContent): ChartSpec {
  const units = chartUnits(c);
  const option = complianceOption({ units, orientation: 'horizontal' }, reportTheme, 'zh-CN');
  return {
    id: 'units',
    option: { ...option, animation: false, tooltip: { show: false } },
    width: CHART_WIDTH,
    height: Math.max(160, 36 + units.length * 36),
  };
}

export function seriesChart(c: ReportContent): ChartSpec {
  const option = complianceSeriesOption(
    { points: c.series.points, bucket: c.series.bucket },
    reportTheme,
    'zh-CN',
  );
  return { id: 'series', option: { ...option, tooltip: { show: false } }, width: CHART_WIDTH, height: 320 };
}
