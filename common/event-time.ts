/** ISO-8601 timestamps with an offset, as events carry them (CONTRACT.md §1). */

export const MAX_FUTURE_MS = 5 * 60 * 1000;
export const MIN_EPOCH_MS = 0;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

/** Parses an ISO-8601 timestamp that carries an offset or `Z`; returns epoch ms or null. */
export function parseIsoWithZone(value: string): number | null {
  if (!ISO_WITH_ZONE.test(value)) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return calendarDate(value) ? ms : null;
}

/**
 * Rejects impossible calendar dates that Date.parse silently rolls over (2023-02-30), and years 0–99 (read
 * as 1900–1999 by Date.UTC). `value` starts with `YYYY-MM-DD` in ASCII digits.
 */
export function calendarDate(value: string): boolean {
  const y = digits(value, 0, 4);
  const m = digits(value, 5, 2);
  const d = digits(value, 8, 2);
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

export function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

/** Checks `occurred_at` (pushing a message to `errors` when wrong); its normalised form when right. */
export function checkOccurredAt(value: unknown, nowMs: number, errors: string[]): string | undefined {
  let ms: number | null;
  if (value === undefined || value === null) {
    errors.push('occurred_at: required (ISO-8601 with offset, e.g. 2026-11-26T08:30:00+08:00, or epoch ms)');
    return undefined;
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < MIN_EPOCH_MS) {
      errors.push('occurred_at: epoch milliseconds must be a non-negative integer');
      return undefined;
    }
    ms = value;
  } else if (typeof value === 'string') {
    ms = parseIsoWithZone(value);
    if (ms === null) {
      errors.push(
        `occurred_at: "${value.slice(0, 40)}" is not ISO-8601 with an offset or Z (e.g. 2026-11-26T08:30:00+08:00)`,
      );
      return undefined;
    }
  } else {
    errors.push('occurred_at: must be an ISO-8601 string or epoch milliseconds');
    return undefined;
  }
  // Beyond year 9999 first: beyond ±8.64e15 ms a Date cannot even be formatted for the message below.
  if (ms > 253402300799999) {
    errors.push('occurred_at: out of range');
    return undefined;
  }
  if (ms > nowMs + MAX_FUTURE_MS) {
    errors.push(
      `occurred_at: ${new Date(ms).toISOString()} is more than 5 minutes in the future; check the clock`,
    );
    return undefined;
  }
  return new Date(ms).toISOString();
}
