/**
 * Zone-less local timestamps ("2023-01-01 00:00:05") to instants, in an IANA time zone, with nothing but
 * Intl.DateTimeFormat. Daylight-saving edges follow the "compatible" rule of Temporal: a wall time that occurs
 * twice (autumn overlap) resolves to the earlier instant; one that does not exist (spring gap) is moved forward by
 * the length of the gap (02:30 becomes 03:30 on a one-hour spring-forward). With `dst: 'reject'` both are errors.
 */
import { parseIsoWithZone } from '../../common/events.js';

export type DstPolicy = 'compatible' | 'reject';

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export type TimeResult = { ok: true; ms: number } | { ok: false; error: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?$/;
const HOUR_MS = 60 * 60 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone: wall-clock hour → the zone's offset when it is the same for a day either side, else null. */
const steadyOffsets = new Map<string, Map<number, number | null>>();
const MAX_CACHED_HOURS = 100_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA time zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone from UTC at an instant, in ms (local wall time = instant + offset). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(wholeSecond))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const hour = parts.hour === 24 ? 0 : (parts.hour ?? 0);
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    hour,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - wholeSecond;
}

/** Parses "YYYY-MM-DD HH:MM[:SS[.fff]]" (or with a T), checking the calendar; null when it is not one. */
export function parseWallTime(text: string): WallTime | null {
  const m = LOCAL.exec(text);
  if (m === null) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millisecond = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || probe.getUTCMonth() !== month - 1 || probe.getUTCFullYear() !== year) return null;
  return { year, month, day, hour, minute, second, millisecond };
}

/**
 * The zone's offset for every wall time in the hour `bucket` when no transition is within a day of it (then the
 * wall time maps to exactly one instant), else null. Cached: a file's timestamps share few distinct hours.
 */
function steadyOffset(bucket: number, timeZone: string): number | null {
  let zone = steadyOffsets.get(timeZone);
  if (zone === undefined) steadyOffsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const start = bucket * HOUR_MS;
    const before = zoneOffsetMs(start - DAY_MS, timeZone);
    offset = before === zoneOffsetMs(start + HOUR_MS + DAY_MS, timeZone) ? before : null;
    if (zone.size >= MAX_CACHED_HOURS) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

/** The instant of a wall time in a zone (see the module comment for the DST rule). */
export function wallTimeToEpochMs(
  wall: WallTime,
  timeZone: string,
  dst: DstPolicy = 'compatible',
): TimeResult {
  const wallMs = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  );
  const steady = steadyOffset(Math.floor(wallMs / HOUR_MS), timeZone);
  if (steady !== null) return { ok: true, ms: wallMs - steady };
  const before = zoneOffsetMs(wallMs - DAY_MS, timeZone);
  const after = zoneOffsetMs(wallMs + DAY_MS, timeZone);
  const candidates = [...new Set([wallMs - before, wallMs - after])]
    .filter((t) => zoneOffsetMs(t, timeZone) === wallMs - t)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (candidates.length === 1 && first !== undefined) return { ok: true, ms: first };
  if (first !== undefined) {
    if (dst === 'reject')
      return { ok: false, error: `occurs twice in ${timeZone} (daylight-saving overlap); add an offset` };
    return { ok: true, ms: first };
  }
  if (dst === 'reject')
    return { ok: false, error: `does not exist in ${timeZone} (daylight-saving gap); add an offset` };
  // A gap: read the wall time with the offset in force before the transition, which lands after it.
  return { ok: true, ms: wallMs - before };
}

/**
 * A timestamp from a file: ISO-8601 with an offset or Z is taken as is; a zone-less local time is read in
 * `timeZone`. The error says what was expected.
 */
export function parseTimestamp(text: string, timeZone: string | undefined, dst: DstPolicy): TimeResult {
  const withZone = parseIsoWithZone(text);
  if (withZone !== null) return { ok: true, ms: withZone };
  const wall = parseWallTime(text);
  const shown = JSON.stringify(text.slice(0, 40));
  if (wall === null)
    return {
      ok: false,
      error: `${shown} is not a valid date-time (expected YYYY-MM-DD HH:MM:SS, or ISO-8601 with an offset)`,
    };
  if (timeZone === undefined)
    return { ok: false, error: `${shown} has no zone; set time_zone in the mapping or add an offset` };
  const r = wallTimeToEpochMs(wall, timeZone, dst);
  return r.ok ? r : { ok: false, error: `${shown} ${r.error}` };
}
