/**
 * The wall map's drill-in: a city's counties. Each county outline (from the build-time module of its city,
 * dashboard/build/guangxi-counties.ts) is matched to its county unit by the 6-digit administrative code the
 * map data carries as feature id, else by name (兴宁区 ↔ 南宁市公安局兴宁分局, 武鸣区 ↔ …武鸣分局, 横州市 ↔
 * 横州市公安局). Pure.
 */
import type { MapRegion } from './map-option.js';

export interface CountyShape {
  id?: string;
  properties: { name: string; cp?: [number, number] };
  geometry?: { coordinates: unknown };
}

/** Below this share of the city's extent a county's name and rate cannot stand on it (urban districts). */
export const SMALL_SHARE = 0.2;

/** [minX, minY, maxX, maxY] of nested coordinate arrays. */
function extent(coords: unknown, box = [Infinity, Infinity, -Infinity, -Infinity]): number[] {
  if (Array.isArray(coords) && typeof coords[0] === 'number') {
    const [x, y] = coords as number[];
    box[0] = Math.min(box[0]!, x!);
    box[1] = Math.min(box[1]!, y!);
    box[2] = Math.max(box[2]!, x!);
    box[3] = Math.max(box[3]!, y!);
  } else if (Array.isArray(coords)) for (const c of coords) extent(c, box);
  return box;
}
const diagonal = (b: number[]) => Math.hypot(b[2]! - b[0]!, b[3]! - b[1]!);

/** Counties renamed since the map data was drawn (its code changed too): 横县 became 横州市 in 2021. */
const RENAMED: Readonly<Record<string, string>> = { 横县: '横州市' };

/** The name a county unit's name starts from: 兴宁区 → 兴宁, 横州市 → 横州, 隆安县 → 隆安. */
function stem(name: string): string {
  return name.length > 2 ? name.replace(/(自治县|区|县|市)$/, '') : name;
}

/**
 * The counties of a map (features with a centre), each with the 6-digit prefix of its county unit among
 * `counties` (12-digit codes and names); a feature that matches none keeps its own id (drawn grey). `small`:
 * too small on the map for its label (it is listed beside the map instead).
 */
export function countyRegions(
  geo: { features: CountyShape[] },
  counties: readonly { code: string; name: string }[],
): MapRegion[] {
  const byCode = new Set(counties.map((c) => c.code.slice(0, 6)));
  const whole = diagonal(extent(geo.features.map((f) => f.geometry?.coordinates ?? [])));
  const small = (f: CountyShape) =>
    f.geometry !== undefined && diagonal(extent(f.geometry.coordinates)) < SMALL_SHARE * whole;
  return geo.features
    .filter((f) => f.properties.cp)
    .map((f) => {
      const id = f.id?.slice(0, 6);
      const s = stem(RENAMED[f.properties.name] ?? f.properties.name);
      const named = counties.find((c) => {
        const unit = c.name.replace(/^.+?市公安局(?=.)/, '').replace(/(公安局|分局)$/, '');
        return unit === s || stem(unit) === s;
      });
      const code = id && byCode.has(id) ? id : (named?.code.slice(0, 6) ?? id ?? f.properties.name);
      return { code, name: f.properties.name, center: f.properties.cp!, small: small(f) };
    });
}
