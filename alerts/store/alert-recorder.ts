/**
 * Appends every alert change to ClickHouse `alert_events` (the record), reading the changes stream from
 * the last seq it recorded. Idempotent: re-recording a seq collapses on (alert_id, seq).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Redis } from 'ioredis';
import type { AlertChange } from '../../common/alerts.js';
import { toChTime } from '../../common/node/ch-time.js';
import { KEYS } from '../shell/keys.js';

export const FOUND_BY_KEY = KEYS.foundBy;

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
  constructor(
    private readonly redis: Redis,
    private readonly clickhouse: ClickHouseClient,
  ) {}

  /** Records what is new; returns how many changes were recorded. */
  async recordPending(max = 20_000): Promise<number> {
    const from = Number((await this.redis.get(KEYS.recorded)) ?? 0);
    const entries = await this.redis.xrange(KEYS.changes, `(${from}-0`, '+', 'COUNT', String(max));
    if (entries.length === 0) return 0;
    const changes = entries.map(([, fields]) => JSON.parse(fields[1] as string) as AlertChange);
    const ids = [...new Set(changes.map((c) => c.alert_id))];
    const foundBy = ids.length > 0 ? await this.redis.hmget(FOUND_BY_KEY, ...ids) : [];
    const found = new Map(ids.map((id, i) => [id, foundBy[i] ?? 'stream']));
    await this.clickhouse.insert({
      table: 'alert_events',
      values: changes.map((c) => alertEventRow(c, found.get(c.alert_id) ?? 'stream')),
      format: 'JSONEachRow',
    });
    const last = changes[changes.length - 1]!.alert.seq;
    await this.redis.set(KEYS.recorded, String(last));
    return changes.length;
  }
}
