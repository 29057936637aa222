/**
 * The wall's province map: the cities coloured by their 7-day compliance with P1 pins, or — after a click
 * on a city, or `?map=4502` on a kiosk — that city's counties (use-county-map.ts), its title, and the
 * districts too small on the map for a label. One per wall, so the drill-in survives the page rotation.
 */
import { computed } from 'vue';
import { mapOption, p1ByCity } from '../../charts/map-option.js';
import type { MapRegion } from '../../charts/map-option.js';
import { PROVINCE_MAP, provinceRegions } from '../../charts/maps.js';
import { darkTheme } from '../../charts/theme.js';
import { t, useI18n } from '../../i18n/index.js';
import { useCountyMap } from './use-county-map.js';
import type { useWallData } from './use-wall-data.js';

export type WallMap = ReturnType<typeof useWallMap>;

export function useWallMap(d: ReturnType<typeof useWallData>, initial: unknown) {
  const { locale } = useI18n();
  const county = useCountyMap(initial);
  /** The province map is for a viewer of the whole region (the breakdown is by city). */
  const shown = computed(() => d.level.value === 'city');
  const label = (r: MapRegion) =>
    locale.value === 'en'
      ? d
          .unitName(r.code.padEnd(12, '0'))
          .replace(/ (Municipal |City |County )?Public Security Bureau$/, '')
          .replace(/ Branch, .*$/, '')
      : // 南宁市 → 南宁; 三江侗族自治县 → 三江 (every autonomous county here has a two-character name)
        r.name.replace(/市$/, '').replace(/^(..).+自治县$/, '$1');
  const option = computed(() => {
    const drilled = county.city.value !== null && county.map.value !== null;
    return mapOption(
      {
        mapName: drilled ? county.map.value!.mapName : PROVINCE_MAP,
        regions: drilled ? county.regions.value : provinceRegions,
        units: (drilled ? county.stats.data.value : d.breakdown.data.value)?.units ?? [],
        p1: p1ByCity(d.live.alerts, drilled ? 6 : 4),
        label,
      },
      darkTheme,
      locale.value,
    );
  });
  /** The map's title: the province, or the opened city's name. */
  const title = computed(() => {
    const region = provinceRegions.find((r) => r.code === county.city.value);
    return region ? t('wall.map.city', { city: label(region) }) : t('wall.map');
  });
  /** The drilled-in city's districts too small on the map for a label, listed in its corner. */
  const inset = computed(() => {
    const rates = new Map(
      (county.stats.data.value?.units ?? []).map((u) => [u.code.slice(0, 6), u.compliance_rate]),
    );
    return county.regions.value
      .filter((r) => r.small)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((r) => ({ code: r.code, name: label(r), rate: rates.get(r.code) ?? null }));
  });
  /** A click on a city of the province map opens its counties. */
  function select(_index: number, name: string): void {
    const region = provinceRegions.find((r) => r.name === name);
    if (county.city.value === null && region) county.open(region.code);
  }
  return { shown, option, title, inset, city: county.city, select, back: county.close };
}
