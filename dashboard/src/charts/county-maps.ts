/**
 * A city's county outlines, fetched (a chunk per city, see dashboard/build/guangxi-counties.ts) and
 * registered with ECharts the first time that city is drilled into; never part of the main bundle.
 */
import { registerMap } from 'echarts/core';
import loaders from 'virtual:guangxi-counties';
import type { CountyShape } from './county-map.js';

export interface CountyMap {
  mapName: string;
  geo: { features: CountyShape[] };
}

const loaded = new Map<string, Promise<CountyMap | null>>();

/** Whether the map data has the counties of this city prefix (4502). */
export const hasCountyMap = (prefix: string): boolean => prefix in loaders;

export function loadCountyMap(prefix: string): Promise<CountyMap | null> {
  const load = loaders[prefix];
  if (!load) return Promise.resolve(null);
  let got = loaded.get(prefix);
  if (!got) {
    got = load().then(({ default: geo }) => {
      const mapName = `vigil-county-${prefix}`;
      registerMap(mapName, geo as unknown as Parameters<typeof registerMap>[1]);
      return { mapName, geo };
    });
    got.catch(() => loaded.delete(prefix));
    loaded.set(prefix, got);
  }
  return got;
}
