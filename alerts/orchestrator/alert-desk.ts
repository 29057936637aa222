/**
 * The alert desk: acknowledge and resolve by hand (CONTRACT.md §3), as compare-and-set writes on the alert
 * book — from any process, without an engine. When the engine changed the alert between the read and the
 * write, the desk reads it again and decides again (`writeAlert`: an acknowledgement never overwrites a
 * resolution).
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import { acknowledge, resolveManually } from '../engine/index.js';
import type { ManualResult } from '../engine/index.js';
import type { AlertBook } from './state.js';
import { writeAlert } from './write-alert.js';

export type ManualOutcome =
  | { ok: true; alert: Alert; changes: AlertChange[] }
  | { ok: false; reason: 'not_found' | 'resolved' | 'held' };

export interface DeskAction {
  note?: string | undefined;
  /** Processing time of the action (default: the desk's clock). */
  at?: number;
}

export class AlertDesk {
  constructor(
    private readonly alerts: AlertBook,
    private readonly now: () => number = Date.now,
  ) {}

  acknowledge(alertId: string, actor: string, action: DeskAction = {}): Promise<ManualOutcome> {
    return this.act(alertId, action.at, (a, now) => acknowledge(a, actor, now, action.note));
  }

  resolve(alertId: string, actor: string, note: string, at?: number): Promise<ManualOutcome> {
    return this.act(alertId, at, (a, now) => resolveManually(a, actor, now, note));
  }

  private async act(
    alertId: string,
    at: number | undefined,
    decide: (alert: Alert, now: number) => ManualResult,
  ): Promise<ManualOutcome> {
    const out = await writeAlert<ManualOutcome>(this.alerts, alertId, (alert) => {
      if (!alert) return { done: { ok: false, reason: 'not_found' } };
      const result = decide(alert, at ?? this.now());
      if (!result.ok) return { done: result };
      if (result.changes.length === 0) return { done: { ok: true, alert, changes: [] } };
      return { changes: result.changes };
    });
    if (out === null) throw new Error(`alert ${alertId} kept changing; try again`);
    if ('done' in out) return out.done;
    return { ok: true, alert: out.published[out.published.length - 1]!.alert, changes: out.published };
  }
}
