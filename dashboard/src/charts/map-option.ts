/**
 * The province map on the wall: each city coloured by its 7-day compliance (the same thresholds as the
 * bars: ≥ 95 % green, ≥ 85 % yellow, below red, grey when nothing was due), its name and rate on it, and a
 * red marker sized by its active P1 alerts at the city's centre. Pure: (data, theme, locale) → option; the
 * GeoJSON is registered once under `mapName` (charts/maps.ts).
 */
import type { Alert } from '../../../common/alerts.js';
import type { UnitStats } from '../../../common/api.js';
import { translate } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import { noDataTitle, textStyle, tooltip } from './common-option.js';
import { formatRate, rateColor } from './theme.js';
import type { ChartTheme } from './theme.js';
import type { ChartOption } from './types.js';

/** A city (or, drilled in, a county) on the map: its unit prefix (4501 / 450102), the map's name for it (南宁市) and its centre. */
export interface MapRegion {
  code: string;
  name: string;
  center: [number, number];
  /** Too small for its name and rate on the map (the wall lists it beside the map). */
  small?: boolean;
}

/** The cities of a province GeoJSON (feature ids 450100 → unit prefix 4501). */
export function regionsOf(geo: {
  features: { id?: string; properties: { name: string; cp?: [number, number] } }[];
}): MapRegion[] {
  return geo.features
    .filter((f) => f.id && f.properties.cp)
    .map((f) => ({ code: f.id!.slice(0, 4), name: f.properties.name, center: f.properties.cp! }));
}

/** Active overdue P1 alerts per unit prefix of `digits` digits (4: per city, 6: per county). */
export function p1ByCity(
  alerts: readonly Pick<Alert, 'severity' | 'stage' | 'unit_code'>[],
  digits = 4,
): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of alerts)
    if (a.severity === 'P1' && a.stage === 'overdue')
      m.set(a.unit_code.slice(0, digits), (m.get(a.unit_code.slice(0, digits)) ?? 0) + 1);
  return m;
}

export interface MapData {
  mapName: string;
  regions: readonly MapRegion[];
  units: readonly UnitStats[];
  p1: ReadonlyMap<string, number>;
  /** The city's short label in the UI language (南宁 / Nanning); the map's own name when not given. */
  label?: (region: MapRegion) => string;
}

export function mapOption(data: MapData, theme: ChartTheme, locale: Locale): ChartOption {
  // regions are cities (4-digit codes) or, drilled in, counties (6 digits)
  const digits = data.regions[0]?.code.length ?? 4;
  const byCode = new Map(data.units.map((u) => [u.code.slice(0, digits), u]));
  const label = (r: MapRegion) => data.label?.(r) ?? (digits === 4 ? r.name.replace(/市$/, '') : r.name);
  const named = new Map(data.regions.map((r) => [r.name, r]));
  const markers = data.regions
    .filter((r) => (data.p1.get(r.code) ?? 0) > 0)
    .map((r) => ({ name: r.name, value: [...r.center, data.p1.get(r.code)!] }));
  const rateOf = (r: MapRegion) => byCode.get(r.code)?.compliance_rate ?? null;
  return {
    backgroundColor: 'transparent',
    animationDuration: 300,
    textStyle: textStyle(theme),
    ...(data.regions.length === 0 ? { title: noDataTitle(theme, locale) } : {}),
    tooltip: { ...tooltip(theme, 'item') },
    geo: {
      map: data.mapName,
      roam: false,
      top: 8,
      bottom: 8,
      left: 8,
      right: 8,
      itemStyle: { areaColor: theme.neutral, borderColor: '#0b1530', borderWidth: 1.5 },
      emphasis: { disabled: true },
      label: {
        show: true,
        color: '#0b1530',
        fontWeight: 'bold',
        fontFamily: theme.fontFamily,
        fontSize: Math.round(theme.fontSize * 0.86),
        formatter: (p: { name: string }) => {
          const r = named.get(p.name);
          if (r?.small) return '';
          return r ? `${label(r)}\n${formatRate(rateOf(r))}` : p.name;
        },
      },
      regions: data.regions.map((r) => ({
        name: r.name,
        itemStyle: { areaColor: rateColor(rateOf(r), theme) },
      })),
    },
    series: [
      {
        type: 'scatter',
        name: translate(locale, 'wall.map.p1'),
        coordinateSystem: 'geo',
        data: markers,
        symbol: 'pin',
        symbolSize: (v: number[]) => Math.min(64, 30 + 6 * Math.sqrt(v[2] ?? 1)),
        // above the city's name and rate, which sit at its centre
        symbolOffset: [0, -36],
        itemStyle: { color: theme.severity.P1, borderColor: '#fff', borderWidth: 1 },
        label: {
          show: true,
          position: 'inside',
          offset: [0, -4],
          color: '#fff',
          fontWeight: 'bold',
          fontSize: 18,
          // the third value: the city's active P1 alerts
          formatter: '{@[2]}',
        },
        tooltip: { formatter: `{b}<br/>${translate(locale, 'wall.map.p1')} {@[2]}` },
      },
    ],
  };
}
