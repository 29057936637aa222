/**
 * Quiet hours (pure): a route's `quiet_hours` {from, to} in the unit's time zone, possibly across midnight
 * (22:00–07:00). During them a notification waits for their end — except for P1, which is never quiet.
 */
import { zoneOffsetMinutes } from '../../common/time-zone.js';

const MINUTE = 60_000;
const DAY_MIN = 24 * 60;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** When a notification due at `now` may go: `now`, or the end of the quiet hours it falls in. */
export function quietUntil(
  now: number,
  quiet: { from: string; to: string } | undefined,
  zone: string,
  severity: string | null,
): number {
  if (!quiet || severity === 'P1') return now;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return now;
  const local = now + zoneOffsetMinutes(now, zone) * MINUTE;
  const minute = Math.floor(local / MINUTE) % DAY_MIN;
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return now;
  const wait = (to - minute + DAY_MIN) % DAY_MIN;
  // Local and UTC minutes advance together (whole-minute offsets; a DST jump inside the window is ignored).
  return Math.floor(now / MINUTE) * MINUTE + wait * MINUTE;
}
