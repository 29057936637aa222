/**
 * Appends every alert change to ClickHouse `alert_events` (the record), reading the change stream from the
 * last seq it recorded. Idempotent: re-recording a seq collapses on (alert_id, seq).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Redis } from 'ioredis';
import type { AlertChange } from '../../common/alerts.js';
import { toChTime } from '../../common/node/ch-time.js';
import { KEYS } from '../redis/keys.js';
import { ChangeStream } from '../stream/change-stream.js';
import { alertChanges } from '../stream/entries.js';

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
