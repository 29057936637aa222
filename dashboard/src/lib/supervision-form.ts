/**
 * The order dialogs' pure parts: which of the picked alerts may go into a new order (not those with an open
 * order already), the optional feedback deadline typed in the page's time zone as ISO-8601 UTC, and the
 * evidence events an answer may cite.
 */
import type { Alert } from '../../../common/alerts.js';
import type { AlertDetail } from '../../../common/api.js';
import type { PoliceEvent } from '../../../common/events.js';

export const MAX_ALERTS_PER_ORDER = 200;

/**
 * The alerts without an open order, and the others: an alert is taken when an open order lists it
 * (`openAlertIds`, from the live orders) or its own supervision_id names an open order (`isOpenOrder`).
 */
export function splitIssuable(
  alerts: readonly Alert[],
  openAlertIds: ReadonlySet<string>,
  isOpenOrder: (supervisionId: string) => boolean,
): { issuable: Alert[]; taken: Alert[] } {
  const issuable: Alert[] = [];
  const taken: Alert[] = [];
  for (const a of alerts) {
    const hasOrder = openAlertIds.has(a.alert_id) || (!!a.supervision_id && isOpenOrder(a.supervision_id));
    (hasOrder ? taken : issuable).push(a);
  }
  return { issuable, taken };
}

/** The ids of the alerts that open orders cover. */
export function alertsInOrders(orders: readonly { alert_ids: readonly string[] }[]): Set<string> {
  const out = new Set<string>();
  for (const o of orders) for (const id of o.alert_ids) out.add(id);
  return out;
}

/** The offset of `timeZone` from UTC at `utcMs` (ms; Asia/Shanghai +8 h). */
function zoneOffset(utcMs: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(utcMs)) p[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * `2026-11-27T18:00` (an <input type=datetime-local>) read as a wall-clock time in `timeZone`, as ISO UTC;
 * null for an empty or malformed value.
 */
export function zonedInputToIso(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes: the offset at the guessed instant, then at the corrected one (around a DST change).
  let utc = naive - zoneOffset(naive, timeZone);
  utc = naive - zoneOffset(utc, timeZone);
  return Number.isFinite(utc) ? new Date(utc).toISOString() : null;
}

/** An evidence event an answer may cite: the event and the alert it stands behind. */
export interface CitableEvent {
  event: PoliceEvent;
  alertTitle: string;
}

/** The evidence events of the order's alerts, each once, in time order (ties by id). */
export function citableEvents(details: readonly Pick<AlertDetail, 'title' | 'evidence'>[]): CitableEvent[] {
  const seen = new Map<string, CitableEvent>();
  for (const d of details)
    for (const e of d.evidence)
      if (!seen.has(e.event_id)) seen.set(e.event_id, { event: e, alertTitle: d.title });
  return [...seen.values()].sort(
    (a, b) =>
      Date.parse(a.event.occurred_at) - Date.parse(b.event.occurred_at) ||
      a.event.event_id.localeCompare(b.event.event_id),
  );
}
