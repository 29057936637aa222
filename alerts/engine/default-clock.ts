/**
 * The shipped working-day calendar (alerts/rules/default-calendar.json, its sources in
 * docs/calendar-sources.md) in Asia/Shanghai: the legal clock when a composition root passes none.
 */
import { validateCalendarFile } from '../../common/calendar.js';
import shipped from '../rules/default-calendar.json' with { type: 'json' };
import { LegalClock } from './legal-clock.js';

let cached: LegalClock | undefined;

export function defaultLegalClock(): LegalClock {
  if (cached) return cached;
  const checked = validateCalendarFile(shipped);
  if (!checked.ok) throw new Error(`shipped calendar is invalid:\n  - ${checked.errors.join('\n  - ')}`);
  cached = new LegalClock(checked.calendar, 'Asia/Shanghai');
  return cached;
}
