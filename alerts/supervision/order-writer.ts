/**
 * Writes supervision orders and keeps their SUP-OVERDUE alerts in step, for the desk (people's actions, any
 * process) and the clerk (deadlines and policies, the engine). An order write is compare-and-set: read, decide,
 * write only if the order is unchanged, else read and decide again. After every write the order's
 * SUP-OVERDUE alerts are synced to it (escalation.ts: raise those of the missed step, resolve the others), which
 * also repairs what a crash between the two writes left undone.
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import { zoneOffsetMinutes } from '../../common/time-zone.js';
import type { Supervision, SupervisionChange } from '../../common/supervision.js';
import { change } from '../engine/advance.js';
import type { AlertBook } from '../orchestrator/index.js';
import { writeAlert, MAX_CAS_RETRIES } from '../orchestrator/write-alert.js';
import type { SupervisionStore } from '../redis/supervision-store.js';
import type { SupervisionDeadlines } from './deadlines.js';
import { judgeDeadline, overdueAlertPlan } from './escalation.js';
import { issue } from './machine.js';
import type { IssueInput, Refusal, Transition } from './machine.js';

export type OrderOutcome =
  | { ok: true; order: Supervision; changed: boolean; alertChanges: AlertChange[] }
  | Refusal
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'taken'; alert_id: string };

export class OrderWriter {
  constructor(
    readonly store: SupervisionStore,
    private readonly alerts: AlertBook,
    readonly deadlines: SupervisionDeadlines,
    private readonly zone: string,
  ) {}

  /** Issues a new order (its id numbered per city and day in the unit's zone). */
  async issue(input: Omit<IssueInput, 'supervision_id'>, now: number): Promise<OrderOutcome> {
    for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
      const id = await this.newId(input.unit_code, now);
      const c = issue({ ...input, supervision_id: id }, now, this.deadlines);
      const wakeAt = this.wakeOf(c.supervision, now);
      const r = await this.store.apply({ expectedSeq: 0, changes: [c], claim: true, wakeAt });
      if (r.ok) return { ok: true, order: { ...c.supervision, seq: r.seq }, changed: true, alertChanges: [] };
      if (r.reason === 'taken') return r;
      // 'changed': the number was given before (a counter restored behind the record): take the next.
    }
    throw new Error('could not number a new supervision order; try again');
  }

  /** Applies a decision to the order as read, compare-and-set, then syncs its SUP-OVERDUE alerts. */
  async act(id: string, now: number, decide: (order: Supervision) => Transition): Promise<OrderOutcome> {
    for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
      const order = await this.store.get(id);
      if (!order) return { ok: false, reason: 'not_found' };
      const t = decide(order);
      if (!t.ok) return t;
      if (!t.change) return { ok: true, order, changed: false, alertChanges: [] };
      const r = await this.write(order.seq, [t.change], now);
      if (r === null) continue;
      return { ok: true, order: r, changed: true, alertChanges: await this.syncAlerts(r, now) };
    }
    throw new Error(`supervision ${id} kept changing; try again`);
  }

  /** Judges the order's deadlines at `now` (the clerk's wake-up): escalates what fell due, reschedules. */
  async judge(id: string, now: number): Promise<AlertChange[]> {
    for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
      const order = await this.store.get(id);
      if (!order) {
        await this.store.clearWake(id);
        return [];
      }
      const j = judgeDeadline(order, now, this.deadlines);
      if (j.change) {
        const r = await this.write(order.seq, [j.change], now);
        if (r === null) continue;
        return this.syncAlerts(r, now);
      }
      if (!(await this.store.setWake(id, order.seq, j.wakeAt))) continue;
      return this.syncAlerts(order, now);
    }
    return [];
  }

  /**
   * Raises the SUP-OVERDUE alerts the order's missed step calls for and resolves the rest. A raise can race
   * a person's action on the order: that action's own sync may have looked before the alert existed. So
   * whoever raised reads the order again afterwards and, when it changed meanwhile, syncs to it as it is now.
   */
  async syncAlerts(order: Supervision, now: number): Promise<AlertChange[]> {
    const out: AlertChange[] = [];
    let current: Supervision | null = order;
    for (let attempt = 0; current && attempt < MAX_CAS_RETRIES; attempt++) {
      const { changes, raised } = await this.syncOnce(current, now);
      out.push(...changes);
      if (!raised) break;
      const again = await this.store.get(current.supervision_id);
      current = again && again.seq !== current.seq ? again : null;
    }
    return out;
  }

  private async syncOnce(
    order: Supervision,
    now: number,
  ): Promise<{ changes: AlertChange[]; raised: boolean }> {
    const plan = overdueAlertPlan(order, now, this.deadlines);
    const ids = [...plan.raise.map((a) => a.alert_id), ...plan.resolve];
    const existing = await this.alerts.getMany(ids);
    const out: AlertChange[] = [];
    let raised = false;
    for (const a of plan.raise) {
      if (existing.has(a.alert_id)) continue;
      const r = await writeAlert(this.alerts, a.alert_id, (cur) =>
        cur ? { done: null } : { changes: [change('raised', a, now, { actor: 'system' })] },
      );
      if (r && 'published' in r) {
        out.push(...r.published);
        raised = true;
      }
    }
    for (const id of plan.resolve) {
      const cur = existing.get(id);
      if (!cur || cur.state === 'resolved') continue;
      const r = await writeAlert(this.alerts, id, (a) => resolveDecision(a, plan.resolution, now));
      if (r && 'published' in r) out.push(...r.published);
    }
    return { changes: out, raised };
  }

  /** Writes changes if the order is still at `expectedSeq`; the order as written, or null when it changed. */
  private async write(
    expectedSeq: number,
    changes: SupervisionChange[],
    now: number,
  ): Promise<Supervision | null> {
    const order = changes[changes.length - 1]!.supervision;
    const r = await this.store.apply({ expectedSeq, changes, wakeAt: this.wakeOf(order, now) });
    return r.ok ? { ...order, seq: r.seq } : null;
  }

  /** When to judge an order next: now if a deadline has already passed unjudged, else its next deadline. */
  private wakeOf(order: Supervision, now: number): number | null {
    const j = judgeDeadline(order, now, this.deadlines);
    return j.change ? now : j.wakeAt;
  }

  private async newId(unitCode: string, now: number): Promise<string> {
    const local = new Date(now + zoneOffsetMinutes(now, this.zone) * 60_000);
    const day = local.toISOString().slice(0, 10).replaceAll('-', '');
    const city = unitCode.slice(0, 4);
    const n = await this.store.nextNumber(city, day);
    return `SUP-${city}-${day}-${String(n).padStart(4, '0')}`;
  }
}

function resolveDecision(
  a: Alert | null,
  resolution: 'late' | 'manual',
  now: number,
): { done: null } | { changes: AlertChange[] } {
  if (!a || a.state === 'resolved') return { done: null };
  const next: Alert = { ...a, state: 'resolved', resolution, resolved_at: new Date(now).toISOString() };
  const note = resolution === 'manual' ? '督办已撤销' : '督办环节已完成';
  return { changes: [change('resolved', next, now, { actor: 'system', note })] };
}
