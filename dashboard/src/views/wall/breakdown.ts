/** Which units the wall breaks its figures down by, and when to fetch that breakdown again. Pure. */
import type { UnitLevel } from '../../../../common/units.js';

/** All units → cities, a city → its counties, a county → its stations. */
export function breakdownLevel(scope: string): UnitLevel {
  if (scope.length >= 6) return 'station';
  if (scope.length >= 4) return 'county';
  return 'city';
}

/** The compliance figures a summary reports (obligations due in the last 7 days, met on time). */
export interface ComplianceFigures {
  due: number;
  on_time: number;
}

/** Fetch the breakdown again when the figures moved, but not more often than this. */
export const BREAKDOWN_MIN_GAP_MS = 15_000;

/**
 * Whether the wall should fetch its per-unit breakdown again now that a summary brought `next`: the tile and
 * the chart read the same snapshot, so when the tile's figures move the chart is behind — at once when it
 * shows nothing while the tile has obligations, otherwise at most every BREAKDOWN_MIN_GAP_MS.
 */
export function breakdownBehind(
  shown: ComplianceFigures | null,
  next: ComplianceFigures | null,
  chartUnits: number,
  sinceLoadMs: number,
): boolean {
  if (!next || (shown && shown.due === next.due && shown.on_time === next.on_time)) return false;
  if (chartUnits === 0 && next.due > 0) return true;
  return sinceLoadMs >= BREAKDOWN_MIN_GAP_MS;
}
