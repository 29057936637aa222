/** Which units the wall breaks its figures down by: one level below the viewer's scope. Pure. */
import type { UnitLevel } from '../../../../common/units.js';

/** All units → cities, a city → its counties, a county → its stations. */
export function breakdownLevel(scope: string): UnitLevel {
  if (scope.length >= 6) return 'station';
  if (scope.length >= 4) return 'county';
  return 'city';
}
