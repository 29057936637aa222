/**
 * The alert state machine of CONTRACT.md §2, pure: given the alert so far (or null), the obligation as derived
 * now and the processing time, it returns the next alert, the changes to publish and when to look again.
 *
 * Deadline: a pre-warning (due_soon, P4) is raised from max(due_at − lead, seen) + grace while due_at is still
 * ahead; overdue from max(due_at, seen) + grace (`seen`: when the trigger was first ingested). A satisfier
 * resolves an active alert: `late` after due_at, else `on_time`. A late satisfier with no alert yet still
 * yields an alert, raised and resolved `late` once the overdue time is reached. Condition: raised at
 * seen + grace while the violation holds, resolved `on_time` when later facts clear it. An open overdue alert
 * whose due_at a late-recorded extension moved ahead goes back to `due_soon` until the new overdue time.
 * Acknowledged alerts stay acknowledged until resolved; a resolved alert is never reopened, but its automatic
 * resolution follows the facts (late ↔ on_time) so that the final result depends only on the event set.
 *
 * Historical (CONTRACT §6.4): an alert first raised overdue (or held) more than `horizonMs` after its due_at — old
 * data imported now — carries `historical: true` for life; a pre-warning escalated late never becomes one.
 *
 * Holding (a source the obligation depends on is down): with a `gate`, an obligation about to be raised overdue (or escalated from due_soon) while
 * a source it depends on is not healthy becomes a `held` alert instead; it is judged again when the gate lets
 * it go (raised: `open`, opened now) or resolved by its satisfier like any alert. Without a gate nothing is held.
 */
import type { Alert, AlertChange, AlertChangeKind, AlertStage } from '../../common/alerts.js';
import type { Gate, Hold, Obligation } from './types.js';

export interface Step {
  alert: Alert | null;
  changes: AlertChange[];
  /** Processing time (epoch ms) at which to call advance again if nothing else happens; null: no need. */
  wakeAt: number | null;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** BACKFILL_HORIZON_HOURS' default (CONTRACT §6.4), in ms. */
export const DEFAULT_BACKFILL_HORIZON_MS = 48 * 3_600_000;

export function change(
  kind: AlertChangeKind,
  alert: Alert,
  now: number,
  extra: { actor?: string; note?: string } = {},
): AlertChange {
  return { alert_id: alert.alert_id, kind, at: iso(now), alert, ...extra };
}

/** A new alert; a violation (`overdue`) judged more than `horizonMs` after its deadline is historical. */
function raise(o: Obligation, stage: AlertStage, now: number, horizonMs: number): Alert {
  const historical = stage === 'overdue' && now - o.due_at > horizonMs;
  return {
    alert_id: o.alert_id,
    seq: 0,
    rule_id: o.rule_id,
    severity: stage === 'due_soon' ? 'P4' : o.severity,
    stage,
    state: 'open',
    resolution: null,
    unit_code: o.unit_code,
    subject: o.subject,
    trigger_event_id: o.trigger_event_id,
    satisfied_by_event_id: null,
    due_at: iso(o.due_at),
    opened_at: iso(now),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: o.title,
    legal_basis: o.legal_basis,
    ...(o.calendar_missing ? { calendar_missing: true } : {}),
    ...(historical ? { historical: true } : {}),
  };
}

/** The alert with the obligation's current facts (trigger, unit, due_at, severity); lifecycle untouched. */
function refreshed(a: Alert, o: Obligation, stage: AlertStage = a.stage): Alert {
  const { calendar_missing: _was, ...rest } = a;
  return {
    ...rest,
    ...(o.calendar_missing ? { calendar_missing: true } : {}),
    stage,
    severity: stage === 'due_soon' ? 'P4' : o.severity,
    unit_code: o.unit_code,
    subject: o.subject,
    trigger_event_id: o.trigger_event_id,
    due_at: iso(o.due_at),
    title: o.title,
    legal_basis: o.legal_basis,
  };
}

/** The alert without `held_by` (it is only present while held). */
function unheld(a: Alert): Alert {
  if (a.held_by === undefined) return a;
  const { held_by: _heldBy, ...rest } = a;
  return rest;
}

function resolved(a: Alert, o: Obligation, resolution: 'late' | 'on_time', now: number): Alert {
  return {
    ...unheld(a),
    state: 'resolved',
    resolution,
    satisfied_by_event_id: o.satisfied_by,
    resolved_at: iso(now),
  };
}

const same = (a: Alert, b: Alert): boolean =>
  a.held_by === b.held_by &&
  a.calendar_missing === b.calendar_missing &&
  (Object.keys(a) as (keyof Alert)[]).every((k) =>
    k === 'subject' ? JSON.stringify(a.subject) === JSON.stringify(b.subject) : a[k] === b[k],
  );
const still = (alert: Alert | null, wakeAt: number | null = null): Step => ({ alert, changes: [], wakeAt });
const updated = (prev: Alert, next: Alert, now: number, wakeAt: number | null): Step =>
  same(prev, next) ? still(prev, wakeAt) : { alert: next, changes: [change('updated', next, now)], wakeAt };

function correctResolved(prev: Alert, o: Obligation, now: number): Step {
  if (prev.resolution === 'manual') return still(prev);
  if (o.status === 'late' || o.status === 'on_time') {
    const stage = o.status === 'late' ? 'overdue' : prev.stage;
    const next = {
      ...refreshed(prev, o, stage),
      resolution: o.status,
      satisfied_by_event_id: o.satisfied_by,
    };
    return updated(prev, next, now, null);
  }
  if (o.status === 'clear') return updated(prev, refreshed(prev, o), now, null);
  return still(prev); // pending / violation again: never reopened
}

/** Held rather than raised, or still held (`prev`): by the partition of `key`. */
function hold(o: Obligation, prev: Alert | null, h: Hold, now: number, horizonMs: number): Step {
  const { key, recheckAt } = h;
  const base = prev ? refreshed(prev, o, 'overdue') : raise(o, 'overdue', now, horizonMs);
  const next: Alert = { ...base, state: 'held', held_by: key };
  if (prev?.state === 'held') return updated(prev, next, now, recheckAt);
  return { alert: next, changes: [change('held', next, now)], wakeAt: recheckAt };
}

/** A held alert judged: the source is back and has caught up, the follow-up is still missing. */
function release(prev: Alert, o: Obligation, now: number): Step {
  const next: Alert = {
    ...unheld(refreshed(prev, o, 'overdue')),
    state: prev.acknowledged_at ? 'acknowledged' : 'open',
    opened_at: iso(now),
  };
  return { alert: next, changes: [change('raised', next, now)], wakeAt: null };
}

function advanceDeadline(
  prev: Alert | null,
  o: Obligation,
  now: number,
  graceMs: number,
  gate: Gate | undefined,
  horizonMs: number,
): Step {
  const overdueAt = Math.max(o.due_at, o.seen) + graceMs;
  const preAt = o.lead_ms === null ? null : Math.max(o.due_at - o.lead_ms, o.seen) + graceMs;
  const warnable = o.status === 'pending' && preAt !== null && preAt < o.due_at;
  if (!prev) {
    if (o.status === 'on_time') return still(null);
    if (now >= overdueAt) {
      const h = o.status === 'pending' ? gate?.(o, now) : null;
      if (h) return hold(o, null, h, now, horizonMs);
      const raised = raise(o, 'overdue', now, horizonMs);
      const changes = [change('raised', raised, now)];
      if (o.status !== 'late') return { alert: raised, changes, wakeAt: null };
      const done = resolved(raised, o, 'late', now);
      return { alert: done, changes: [...changes, change('resolved', done, now)], wakeAt: null };
    }
    if (warnable && now >= preAt && now < o.due_at) {
      const raised = raise(o, 'due_soon', now, horizonMs);
      return { alert: raised, changes: [change('raised', raised, now)], wakeAt: overdueAt };
    }
    return still(null, warnable && now < preAt ? preAt : overdueAt);
  }
  if (o.status === 'late' || o.status === 'on_time') {
    const changes: AlertChange[] = [];
    let a = refreshed(prev, o);
    if (o.status === 'late' && a.stage === 'due_soon') {
      a = refreshed(prev, o, 'overdue');
      changes.push(change('escalated', a, now));
    }
    a = resolved(a, o, o.status, now);
    return { alert: a, changes: [...changes, change('resolved', a, now)], wakeAt: null };
  }
  if (prev.state === 'held') {
    if (now < overdueAt) {
      // a late-recorded extension moved due_at ahead: a pre-warning again until the new overdue time
      const a: Alert = {
        ...unheld(refreshed(prev, o, 'due_soon')),
        state: prev.acknowledged_at ? 'acknowledged' : 'open',
      };
      return { alert: a, changes: [change('updated', a, now)], wakeAt: overdueAt };
    }
    const h = gate?.(o, now);
    return h ? hold(o, prev, h, now, horizonMs) : release(prev, o, now);
  }
  if (prev.stage === 'due_soon' && now >= overdueAt) {
    const h = gate?.(o, now);
    if (h) return hold(o, prev, h, now, horizonMs);
    const a = refreshed(prev, o, 'overdue');
    return { alert: a, changes: [change('escalated', a, now)], wakeAt: null };
  }
  if (prev.stage === 'overdue' && now < o.due_at + graceMs) {
    // An extension recorded after the alert was raised moved due_at ahead: not overdue (any more). Back to
    // the pre-warning stage until the new overdue time, as if the extension had been known in time.
    const a = refreshed(prev, o, 'due_soon');
    return { alert: a, changes: [change('updated', a, now)], wakeAt: overdueAt };
  }
  return updated(prev, refreshed(prev, o), now, prev.stage === 'due_soon' ? overdueAt : null);
}

function advanceCondition(
  prev: Alert | null,
  o: Obligation,
  now: number,
  graceMs: number,
  gate: Gate | undefined,
  horizonMs: number,
): Step {
  const raiseAt = o.seen + graceMs;
  if (prev?.state === 'held' && o.status === 'violation') {
    const h = gate?.(o, now);
    return h ? hold(o, prev, h, now, horizonMs) : release(prev, o, now);
  }
  if (!prev) {
    if (o.status !== 'violation') return still(null);
    if (now < raiseAt) return still(null, raiseAt);
    const h = gate?.(o, now);
    if (h) return hold(o, null, h, now, horizonMs);
    const raised = raise(o, 'overdue', now, horizonMs);
    return { alert: raised, changes: [change('raised', raised, now)], wakeAt: null };
  }
  if (o.status === 'clear') {
    const done = resolved(refreshed(prev, o), o, 'on_time', now);
    return { alert: done, changes: [change('resolved', done, now)], wakeAt: null };
  }
  return updated(prev, refreshed(prev, o), now, null);
}

/**
 * One step of the state machine. `prev` is the stored alert of the obligation (null if none was raised);
 * `o` the obligation derived from the facts known now (null: none, nothing changes); `gate` decides holding;
 * `horizonMs` (BACKFILL_HORIZON_HOURS) decides whether a violation raised now is historical.
 */
export function advance(
  prev: Alert | null,
  o: Obligation | null,
  now: number,
  graceMs: number,
  gate?: Gate,
  horizonMs: number = DEFAULT_BACKFILL_HORIZON_MS,
): Step {
  if (!o) return still(prev);
  if (prev?.state === 'resolved') return correctResolved(prev, o, now);
  return o.kind === 'deadline'
    ? advanceDeadline(prev, o, now, graceMs, gate, horizonMs)
    : advanceCondition(prev, o, now, graceMs, gate, horizonMs);
}
