/**
 * The browser's copy of the active alerts: a snapshot (GET /api/alerts?state=active, with the server's seq)
 * then deltas (`alert:changed`, the `alerts:resume` reply). Pure — no Vue, no DOM — so it is unit-tested in
 * node; the Pinia store wraps it.
 *
 * Ordering: `seq` is server-wide and bumped on every change. A change is applied only when its seq is above
 * what is known for that alert (its active copy, or a tombstone once resolved) and above the snapshot's seq
 * (the snapshot already reflects everything up to it). So duplicates and stale deliveries change nothing,
 * and a resumed batch can be applied over live deltas in any interleaving.
 *
 * Held alerts (state `held`: overdue, but a source they depend on is late or silent) are kept
 * apart: not active, not counted, not on the ticker (they are not violations yet), but known — so the duty
 * console can list them and their seq still orders later changes. A held alert that is raised comes onto
 * the ticker as new; one resolved from held leaves quietly.
 */
import type { Alert, AlertChangeKind } from '../../../common/alerts.js';
import { RingBuffer } from './ring-buffer.js';

export interface TickerEntry {
  /** Unique per change: alert_id + seq. */
  key: string;
  kind: AlertChangeKind;
  alert: Alert;
  /** When the change happened (ms): its lifecycle time when known, else when it arrived. */
  at: number;
}

export interface SeverityCounts {
  P1: number;
  P2: number;
  P3: number;
  P4: number;
  /** Of those, not yet acknowledged. */
  open: { P1: number; P2: number; P3: number; P4: number };
  /** Active pre-warnings (stage due_soon), counted apart from the severities above. */
  dueSoon: number;
  acknowledged: number;
  total: number;
}

export interface AlertBookOptions {
  tickerSize?: number;
  /** How many resolved alert ids to remember (to ignore late deliveries about them). */
  tombstoneLimit?: number;
  now?: () => number;
}

/** What a change did to the alert, from the copy we had before. */
export function changeKind(prev: Alert | undefined, next: Alert): AlertChangeKind {
  if (next.state === 'resolved') return 'resolved';
  if (next.state === 'held') return prev?.state === 'held' ? 'updated' : 'held';
  if (!prev || prev.state === 'held') return 'raised';
  if (prev.stage === 'due_soon' && next.stage === 'overdue') return 'escalated';
  if (prev.state === 'open' && next.state === 'acknowledged') return 'acknowledged';
  return 'updated';
}

function changeTime(kind: AlertChangeKind, a: Alert, fallback: number, wasHeld: boolean): number {
  // Raised after being held: opened_at may be when it was first held; it became a violation now.
  if (kind === 'escalated' || kind === 'updated' || kind === 'held' || wasHeld) return fallback;
  const iso = kind === 'resolved' ? a.resolved_at : kind === 'acknowledged' ? a.acknowledged_at : a.opened_at;
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? ms : fallback;
}

/** Whether an alert counts as active (open or acknowledged), as common/alerts.ts isActive. */
export function isActiveAlert(a: Pick<Alert, 'state'>): boolean {
  return a.state === 'open' || a.state === 'acknowledged';
}

/**
 * One snapshot from two lists read at different seqs (the active alerts and the held ones): every alert in
 * its newest copy, and the lower seq, so the changes between the two reads are applied (or resumed) after it.
 */
export function mergeSnapshots(lists: readonly { alerts: readonly Alert[]; seq: number }[]): {
  alerts: Alert[];
  seq: number;
} {
  const byId = new Map<string, Alert>();
  for (const l of lists)
    for (const a of l.alerts) {
      const known = byId.get(a.alert_id);
      if (!known || known.seq < a.seq) byId.set(a.alert_id, a);
    }
  const seqs = lists.map((l) => l.seq);
  return { alerts: [...byId.values()], seq: seqs.length ? Math.min(...seqs) : 0 };
}

export class AlertBook {
  private readonly active = new Map<string, Alert>();
  private readonly held = new Map<string, Alert>();
  private readonly tombstones = new Map<string, number>();
  readonly ticker: RingBuffer<TickerEntry>;
  private readonly tombstoneLimit: number;
  private readonly now: () => number;
  /** The snapshot's seq: changes at or below it are already reflected. */
  baseSeq = 0;
  /** The highest seq seen (snapshot or change): resume from here. */
  maxSeq = 0;
  /** Bumped on every applied change; the store's reactivity hangs on it. */
  version = 0;
  loaded = false;

  constructor(opts: AlertBookOptions = {}) {
    this.ticker = new RingBuffer<TickerEntry>(opts.tickerSize ?? 200);
    this.tombstoneLimit = opts.tombstoneLimit ?? 50_000;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Replaces everything with a snapshot read at server seq `seq` (active and held alerts; an alert in it may
   * be newer than `seq`, see mergeSnapshots). The ticker keeps its entries and, when empty, is seeded with
   * the newest active alerts so a freshly opened wall shows what is going on.
   */
  loadSnapshot(alerts: readonly Alert[], seq?: number): void {
    this.active.clear();
    this.held.clear();
    this.tombstones.clear();
    let highest = 0;
    for (const a of alerts) {
      highest = Math.max(highest, a.seq);
      if (isActiveAlert(a)) this.active.set(a.alert_id, a);
      else if (a.state === 'held') this.held.set(a.alert_id, a);
    }
    this.baseSeq = seq ?? highest;
    this.maxSeq = Math.max(this.maxSeq, this.baseSeq);
    if (this.ticker.size === 0) {
      const newest = [...this.active.values()]
        .sort((x, y) => (x.opened_at < y.opened_at ? -1 : x.opened_at > y.opened_at ? 1 : x.seq - y.seq))
        .slice(-this.ticker.capacity);
      for (const a of newest) {
        this.ticker.push({
          key: `${a.alert_id}#${a.seq}`,
          kind: 'raised',
          alert: a,
          at: Date.parse(a.opened_at),
        });
      }
    }
    this.loaded = true;
    this.version += 1;
  }

  /** Forgets everything (another user signs in). */
  reset(): void {
    this.active.clear();
    this.held.clear();
    this.tombstones.clear();
    this.ticker.clear();
    this.baseSeq = 0;
    this.maxSeq = 0;
    this.loaded = false;
    this.version += 1;
  }

  /** The seq we know for an alert (0 when never seen). */
  knownSeq(alertId: string): number {
    return this.active.get(alertId)?.seq ?? this.held.get(alertId)?.seq ?? this.tombstones.get(alertId) ?? 0;
  }

  /** Applies one changed alert; returns what it did, or null when it was stale or a duplicate. */
  apply(alert: Alert): AlertChangeKind | null {
    if (alert.seq <= this.baseSeq || alert.seq <= this.knownSeq(alert.alert_id)) return null;
    const id = alert.alert_id;
    const prev = this.active.get(id) ?? this.held.get(id);
    const wasHeld = prev?.state === 'held';
    const kind = changeKind(prev, alert);
    this.active.delete(id);
    this.held.delete(id);
    if (alert.state === 'resolved') this.rememberResolved(id, alert.seq);
    else {
      this.tombstones.delete(id);
      (alert.state === 'held' ? this.held : this.active).set(id, alert);
    }
    this.maxSeq = Math.max(this.maxSeq, alert.seq);
    // The ticker tells violations: nothing about held alerts until they are raised.
    if (alert.state !== 'held' && !(wasHeld && alert.state === 'resolved'))
      this.ticker.push({
        key: `${id}#${alert.seq}`,
        kind,
        alert,
        at: changeTime(kind, alert, this.now(), wasHeld),
      });
    this.version += 1;
    return kind;
  }

  /** Applies the changes missed while disconnected, in seq order; returns those that took effect. */
  applyResume(alerts: readonly Alert[], seq?: number): { kind: AlertChangeKind; alert: Alert }[] {
    const applied: { kind: AlertChangeKind; alert: Alert }[] = [];
    for (const alert of [...alerts].sort((x, y) => x.seq - y.seq)) {
      const kind = this.apply(alert);
      if (kind) applied.push({ kind, alert });
    }
    if (seq !== undefined) this.maxSeq = Math.max(this.maxSeq, seq);
    return applied;
  }

  private rememberResolved(alertId: string, seq: number): void {
    this.tombstones.delete(alertId);
    this.tombstones.set(alertId, seq);
    while (this.tombstones.size > this.tombstoneLimit) {
      const oldest = this.tombstones.keys().next().value;
      if (oldest === undefined) break;
      this.tombstones.delete(oldest);
    }
  }

  /** An active or held alert. */
  get(alertId: string): Alert | undefined {
    return this.active.get(alertId) ?? this.held.get(alertId);
  }

  /** Active alerts (held ones not included). */
  get size(): number {
    return this.active.size;
  }

  get heldSize(): number {
    return this.held.size;
  }

  /** The active alerts, in no particular order. */
  list(): Alert[] {
    return [...this.active.values()];
  }

  /** The held alerts, in no particular order. */
  listHeld(): Alert[] {
    return [...this.held.values()];
  }

  counts(): SeverityCounts {
    const open = { P1: 0, P2: 0, P3: 0, P4: 0 };
    const c: SeverityCounts = { P1: 0, P2: 0, P3: 0, P4: 0, open, dueSoon: 0, acknowledged: 0, total: 0 };
    for (const a of this.active.values()) {
      if (a.stage === 'due_soon') c.dueSoon += 1;
      else {
        c[a.severity] += 1;
        c.total += 1;
        if (a.state === 'acknowledged') c.acknowledged += 1;
        else open[a.severity] += 1;
      }
    }
    return c;
  }

  /** Active overdue alerts per rule, most first. */
  byRule(): { ruleId: string; title: string; count: number }[] {
    const m = new Map<string, { ruleId: string; title: string; count: number }>();
    for (const a of this.active.values()) {
      if (a.stage !== 'overdue') continue;
      const e = m.get(a.rule_id) ?? { ruleId: a.rule_id, title: a.title, count: 0 };
      e.count += 1;
      m.set(a.rule_id, e);
    }
    return [...m.values()].sort((x, y) => y.count - x.count || x.ruleId.localeCompare(y.ruleId));
  }
}
