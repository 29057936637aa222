/**
 * Police units and the unit-code hierarchy: prefixes of 2 (province), 4 (city), 6 (county/district)
 * and 12 (station) digits. Codes are padded with zeros below their level: 450000000000 is the province
 * department, 450100000000 a city bureau, 450103000000 a district bureau, 450103520000 a station.
 */
export const UNIT_LEVELS = ['province', 'city', 'county', 'station'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const LEVEL_PREFIX_LENGTH: Record<UnitLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  station: 12,
};

export interface Unit {
  code: string;
  name: string;
  /** English or pinyin name, for the English UI. */
  name_en?: string;
  parent: string | null;
  level: UnitLevel;
  time_zone: string;
}

/** The prefix of a unit code at a level: '450103520000' at 'city' is '4501'. */
export function unitPrefix(code: string, level: UnitLevel): string {
  return code.slice(0, LEVEL_PREFIX_LENGTH[level]);
}

/** Pads a prefix to a 12-digit code: '4501' → '450100000000'. */
export function prefixToCode(prefix: string): string {
  return prefix.padEnd(12, '0');
}

/** The level a 12-digit code stands for, from its trailing zeros. */
export function levelOfCode(code: string): UnitLevel {
  const c = code.padEnd(12, '0');
  if (/^\d{2}0{10}$/.test(c)) return 'province';
  if (/^\d{4}0{8}$/.test(c)) return 'city';
  if (/^\d{6}0{6}$/.test(c)) return 'county';
  return 'station';
}

/** Whether a scope prefix (possibly empty = everything) covers a unit code. */
export function scopeCovers(scope: string, unitCode: string): boolean {
  return unitCode.startsWith(scope);
}
