/** Time-zone arithmetic with Intl only (no library): the wall's "today" is the unit's day, not UTC's. */

/** Offset of `tz` from UTC at `ms`, in minutes (Asia/Shanghai → 480). */
export function zoneOffsetMinutes(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The UTC instant at which the local day containing `ms` began in `tz`. */
export function startOfLocalDay(ms: number, tz: string): number {
  const offset = zoneOffsetMinutes(ms, tz) * 60_000;
  const local = ms + offset;
  const midnightLocal = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  // Re-check the offset at midnight itself (the day may have started before a DST change).
  return midnightLocal - zoneOffsetMinutes(midnightLocal - offset, tz) * 60_000;
}

/** The UTC instant at which the local month containing `ms` began in `tz`; `add` months later with `add`. */
export function startOfLocalMonth(ms: number, tz: string, add = 0): number {
  const local = new Date(ms + zoneOffsetMinutes(ms, tz) * 60_000);
  return startOfLocalDay(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + add, 1, 12), tz);
}
