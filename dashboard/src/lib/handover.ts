/**
 * 交接班 — the shift handover summary: for a shift window, the alerts raised, acknowledged and resolved in it,
 * and those still open at its end. Built from what the console already has (the live active alerts and the
 * recent resolved ones from GET /api/alerts?state=resolved). Pure: the clock and the zone are passed in.
 */
import type { Alert } from '../../../common/alerts.js';
import { compareAlerts } from './alert-order.js';

export const SHIFT_HOURS = 8;

export interface ShiftWindow {
  from: number;
  to: number;
}

export interface Handover {
  raised: Alert[];
  acknowledged: Alert[];
  resolved: Alert[];
  /** Active (open or acknowledged) at the end of the window. */
  open: Alert[];
}

/** The last `hours` up to now, or from a chosen time up to now. */
export function shiftWindow(nowMs: number, sinceMs?: number | null, hours = SHIFT_HOURS): ShiftWindow {
  const from =
    sinceMs !== undefined && sinceMs !== null && sinceMs < nowMs ? sinceMs : nowMs - hours * 3_600_000;
  return { from, to: nowMs };
}

const inWindow = (iso: string | null, w: ShiftWindow) => {
  const ms = iso ? Date.parse(iso) : NaN;
  return ms >= w.from && ms < w.to;
};
const at = (iso: string | null) => (iso ? Date.parse(iso) : 0);

/** Historical violations (CONTRACT §6.4, found by a backfill) are not part of any shift's live work. */
function isHistorical(a: Alert): boolean {
  return 'historical' in a && (a as { historical?: unknown }).historical === true;
}

/**
 * What happened in the window. Each alert counted once, in its newest copy (the lists may overlap while a
 * change is on its way). Held alerts are not violations yet and are left out.
 */
export function handover(lists: Iterable<Iterable<Alert>>, w: ShiftWindow): Handover {
  const newest = new Map<string, Alert>();
  for (const list of lists)
    for (const a of list) {
      const known = newest.get(a.alert_id);
      if (!known || known.seq < a.seq) newest.set(a.alert_id, a);
    }
  const all = [...newest.values()].filter((a) => a.state !== 'held' && !isHistorical(a));
  const by = (f: (a: Alert) => string | null) => (x: Alert, y: Alert) => at(f(x)) - at(f(y));
  return {
    raised: all.filter((a) => inWindow(a.opened_at, w)).sort(by((a) => a.opened_at)),
    acknowledged: all.filter((a) => inWindow(a.acknowledged_at, w)).sort(by((a) => a.acknowledged_at)),
    resolved: all.filter((a) => inWindow(a.resolved_at, w)).sort(by((a) => a.resolved_at)),
    open: all
      .filter((a) => (a.state === 'open' || a.state === 'acknowledged') && at(a.opened_at) < w.to)
      .sort(compareAlerts),
  };
}

/**
 * A wall-clock time typed in the unit's zone (`2026-11-26T08:00` from an <input type=datetime-local>) as
 * epoch ms; null when it is not such a time.
 */
export function zonedTimeToMs(local: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // The zone's offset at that moment (twice, so a time near a DST change settles on the right side).
  let ms = asUtc - offsetMs(asUtc, timeZone);
  ms = asUtc - offsetMs(ms, timeZone);
  return Number.isFinite(ms) ? ms : null;
}

function offsetMs(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  for (const part of f.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** `2026-11-26T08:00` for an <input type=datetime-local>: the time `ms` in the zone. */
export function msToZonedInput(ms: number, timeZone: string): string {
  const local = new Date(ms + offsetMs(ms, timeZone));
  return local.toISOString().slice(0, 16);
}
