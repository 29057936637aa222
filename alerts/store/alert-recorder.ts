/**
 * Appends every change of the change stream to ClickHouse — alert changes to `alert_events`, supervision
 * changes to `supervision_events` (the records) — reading the stream from the last seq it recorded.
 * Idempotent: re-recording a seq collapses on (id, seq).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Redis } from 'ioredis';
import type { AlertChange } from '../../common/alerts.js';
import { toChTime } from '../../common/node/ch-time.js';
import { KEYS } from '../redis/keys.js';
import { ChangeStream } from '../stream/change-stream.js';
import { alertChanges, supervisionChanges } from '../stream/entries.js';
import type { SupervisionChange } from '../../common/supervision.js';

export function alertEventRow(c: AlertChange, foundBy: string) {
  const a = c.alert;
  return {
    seq: a.seq,
    alert_id: a.alert_id,
    change: c.kind,
    at: toChTime(c.at),
    rule_id: a.rule_id,
    severity: a.severity,
    stage: a.stage,
    state: a.state,
    resolution: a.resolution ?? '',
    unit_code: a.unit_code,
    due_at: toChTime(a.due_at),
    opened_at: toChTime(a.opened_at),
    actor: c.actor ?? '',
    note: c.note ?? '',
    found_by: foundBy,
    alert: JSON.stringify(a),
  };
}

export class AlertRecorder {
  private readonly stream: ChangeStream;

  constructor(
    private readonly redis: Redis,
    private readonly clickhouse: ClickHouseClient,
  ) {
    this.stream = new ChangeStream(redis);
  }

  /** The highest seq recorded in ClickHouse. */
  async recordedSeq(): Promise<number> {
    return Number((await this.redis.get(KEYS.recorded)) ?? 0);
  }

  /** Records what is new; returns how many entries were taken. */
  async recordPending(max = 20_000): Promise<number> {
    const entries = await this.stream.after(await this.recordedSeq(), max);
    if (entries.length === 0) return 0;
    const changes = alertChanges(entries);
    if (changes.length > 0) await this.insert(changes);
    const orders = supervisionChanges(entries);
    if (orders.length > 0)
      await this.clickhouse.insert({
        table: 'supervision_events',
        values: orders.map(supervisionEventRow),
        format: 'JSONEachRow',
      });
    await this.redis.set(KEYS.recorded, String(entries[entries.length - 1]!.seq));
    return entries.length;
  }

  private async insert(changes: readonly AlertChange[]): Promise<void> {
    const ids = [...new Set(changes.map((c) => c.alert_id))];
    const foundBy = await this.redis.hmget(KEYS.foundBy, ...ids);
    const found = new Map(ids.map((id, i) => [id, foundBy[i] ?? 'stream']));
    await this.clickhouse.insert({
      table: 'alert_events',
      values: changes.map((c) => alertEventRow(c, found.get(c.alert_id) ?? 'stream')),
      format: 'JSONEachRow',
    });
  }
}

export function supervisionEventRow(c: SupervisionChange) {
  const s = c.supervision;
  return {
    seq: s.seq,
    supervision_id: s.supervision_id,
    change: c.kind,
    at: toChTime(c.at),
    level: s.level,
    state: s.state,
    overdue: s.overdue,
    unit_code: s.unit_code,
    issued_at: toChTime(s.issued_at),
    auto: s.auto ? 1 : 0,
    actor: c.actor ?? '',
    note: c.note ?? '',
    supervision: JSON.stringify(s),
  };
}
