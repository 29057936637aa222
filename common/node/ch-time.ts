/** ClickHouse DateTime64 text (UTC, `2026-12-02 08:00:00.000`) to and from ISO-8601 and epoch ms. */

/** ClickHouse DateTime64 text (UTC) from ISO-8601. */
export function toChTime(iso: string): string {
  return iso.replace('T', ' ').replace('Z', '');
}

/** ClickHouse DateTime64 text (UTC) from epoch ms. */
export function chTimeOfMs(ms: number): string {
  return toChTime(new Date(ms).toISOString());
}

/** ISO-8601 UTC from ClickHouse DateTime64 text. */
export function fromChTime(text: string): string {
  return `${text.replace(' ', 'T')}${text.includes('.') ? '' : '.000'}Z`;
}
