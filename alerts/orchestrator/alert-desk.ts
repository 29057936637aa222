/**
 * The alert desk: acknowledge and resolve by hand (CONTRACT.md §3), as compare-and-set writes on the alert
 * book — from any process, without an engine. When the engine changed the alert between the read and the
 * write, the desk reads it again and decides again (an acknowledgement never overwrites a resolution).
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import { acknowledge, resolveManually } from '../engine/index.js';
import type { ManualResult } from '../engine/index.js';
import { numbered } from './numbering.js';
import type { AlertBook } from './state.js';

export type ManualOutcome =
  | { ok: true; alert: Alert; changes: AlertChange[] }
  | { ok: false; reason: 'not_found' | 'resolved' | 'held' };

export interface DeskAction {
  note?: string | undefined;
  /** Processing time of the action (default: the desk's clock). */
  at?: number;
}

const MAX_CAS_RETRIES = 10;

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
    for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
      const alert = await this.alerts.get(alertId);
      if (!alert) return { ok: false, reason: 'not_found' };
      const result = decide(alert, at ?? this.now());
      if (!result.ok) return result;
      if (result.changes.length === 0) return { ok: true, alert, changes: [] };
      const [seq] = await this.alerts.apply([{ expectedSeq: alert.seq, changes: result.changes }]);
      if (seq === null || seq === undefined) continue; // changed meanwhile: decide again
      const published = numbered(result.changes, seq);
      return { ok: true, alert: published[published.length - 1]!.alert, changes: published };
    }
    throw new Error(`alert ${alertId} kept changing; try again`);
  }
}
