/**
 * Reading alerts for the API. Live state (active alerts, recent changes) comes from Redis, which the
 * engine writes first; the full record (resolved alerts, history) from ClickHouse. Events (an alert's
 * evidence) are read through the user's scoped reader (scoped-events.ts), never here.
 *
 * Historical alerts (CONTRACT §6.4) are decided here for every list: `historical=true` lists only them, any
 * other list (the duty console's queue, the wall's snapshot, `since_seq` catch-ups) only live ones.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { isActive, isLive } from '../../common/alerts.js';
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { AlertsQuery } from '../../common/api.js';
import { queryRows } from '../../common/node/clickhouse.js';
import type { AlertBook } from '../../alerts/orchestrator/index.js';
import type { ChangeReader } from '../../alerts/stream/change-stream.js';

export class AlertQueries {
  constructor(
    private readonly store: Pick<AlertBook, 'get' | 'getMany' | 'unresolvedIds'>,
    private readonly changes: ChangeReader,
    private readonly clickhouse: ClickHouseClient,
  ) {}

  /** Alerts matching the query within `scope`, ordered by seq. */
  async list(q: AlertsQuery, scope: string): Promise<{ alerts: Alert[]; seq: number }> {
    const seq = await this.changes.currentSeq();
    const unit = q.unit ?? scope;
    const historical = q.historical === true;
    const keep = (a: Alert): boolean =>
      isLive(a) !== historical &&
      a.unit_code.startsWith(unit) &&
      (q.rule_id === undefined || a.rule_id === q.rule_id) &&
      (q.severity === undefined || a.severity === q.severity) &&
      (q.state === undefined || (q.state === 'active' ? isActive(a) : a.state === q.state));
    let alerts: Alert[];
    if (q.since_seq !== undefined) {
      alerts = await this.changedSince(q.since_seq);
    } else if (q.state !== undefined && q.state !== 'resolved') {
      alerts = [...(await this.store.getMany(await this.store.unresolvedIds())).values()];
    } else {
      alerts = await this.fromRecord(q, unit);
    }
    alerts = alerts.filter(keep).sort((a, b) => a.seq - b.seq);
    return { alerts: alerts.slice(-q.limit), seq };
  }

  /** The latest state of every alert changed after `since`, in seq order. */
  private async changedSince(since: number): Promise<Alert[]> {
    const changes = await this.changes.alertChangesSince(since, 200_000);
    const latest = new Map<string, Alert>();
    if (changes) for (const c of changes) latest.set(c.alert_id, c.alert);
    else {
      const rows = await queryRows<{ alert: string }>(
        this.clickhouse,
        `SELECT argMax(alert, seq) AS alert FROM alert_events WHERE seq > {since:UInt64} GROUP BY alert_id`,
        { since },
      );
      for (const r of rows) {
        const a = JSON.parse(r.alert) as Alert;
        latest.set(a.alert_id, a);
      }
    }
    return [...latest.values()];
  }

  private async fromRecord(q: AlertsQuery, unit: string): Promise<Alert[]> {
    const rows = await queryRows<{ alert: string }>(
      this.clickhouse,
      `SELECT alert FROM alerts_current FINAL
       WHERE startsWith(unit_code, {unit:String})
         AND ({state:String} = '' OR state = {state:String})
         AND ({rule:String} = '' OR rule_id = {rule:String})
         AND ({severity:String} = '' OR severity = {severity:String})
         AND historical = {historical:Bool}
       ORDER BY seq DESC LIMIT {limit:UInt32}`,
      {
        unit,
        state: q.state ?? '',
        rule: q.rule_id ?? '',
        severity: q.severity ?? '',
        historical: q.historical === true,
        limit: q.limit,
      },
    );
    return rows.map((r) => JSON.parse(r.alert) as Alert);
  }

  /** One alert (live state first, then the record). */
  async get(alertId: string): Promise<Alert | null> {
    const live = await this.store.get(alertId);
    if (live) return live;
    const [row] = await queryRows<{ alert: string }>(
      this.clickhouse,
      'SELECT alert FROM alerts_current FINAL WHERE alert_id = {id:String}',
      { id: alertId },
    );
    return row ? (JSON.parse(row.alert) as Alert) : null;
  }

  /** Every recorded change of an alert, in order (the record, completed from the live stream). */
  async history(alert: Alert): Promise<AlertChange[]> {
    const rows = await queryRows<{
      seq: string;
      change: AlertChange['kind'];
      at: string;
      actor: string;
      note: string;
      alert: string;
    }>(
      this.clickhouse,
      `SELECT seq, change, at, actor, note, alert FROM alert_events
       WHERE alert_id = {id:String} ORDER BY seq LIMIT 1 BY seq`,
      { id: alert.alert_id },
    );
    const recorded: AlertChange[] = rows.map((r) => ({
      alert_id: alert.alert_id,
      kind: r.change,
      at: `${r.at.replace(' ', 'T')}Z`,
      alert: JSON.parse(r.alert) as Alert,
      ...(r.actor ? { actor: r.actor } : {}),
      ...(r.note ? { note: r.note } : {}),
    }));
    const last = recorded.length > 0 ? recorded[recorded.length - 1]!.alert.seq : 0;
    if (last < alert.seq) {
      const live = (await this.changes.alertChangesSince(last, 100_000)) ?? [];
      recorded.push(...live.filter((c) => c.alert_id === alert.alert_id));
    }
    return recorded;
  }
}
