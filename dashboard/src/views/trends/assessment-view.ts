/** Small pure helpers of the trends page's 考评 tab and heat map. */

/** `2026-11-03` in the zone; `end`: the last day of a period ending (exclusively) at that instant. */
export function formatDay(iso: string, timeZone: string, end = false): string {
  const ms = Date.parse(iso) - (end ? 1 : 0);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);
}
