/**
 * Attempts: each is pushed to a Redis list the moment it happens (durable with AOF, cheap on the sending
 * path) and moved to ClickHouse in batches by the recorder; listed for the API from ClickHouse, the pending
 * tail from Redis, so an attempt shows at once.
 */
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Redis } from 'ioredis';
import type { NotifyAttempt, NotificationsQuery } from '../../common/notify.js';
import { toChTime } from '../../common/node/ch-time.js';
import { NOTIFY_KEYS } from '../queue/keys.js';

export type AttemptRow = NotifyAttempt & { attempt_id: string; decided_seq: number };

export function attemptRow(a: NotifyAttempt, decidedSeq: number): AttemptRow {
  return { ...a, attempt_id: randomUUID(), decided_seq: decidedSeq };
}

export async function pushAttempts(redis: Redis, rows: readonly AttemptRow[]): Promise<void> {
  if (rows.length > 0) await redis.rpush(NOTIFY_KEYS.attempts, ...rows.map((r) => JSON.stringify(r)));
}

/** Moves up to `max` pending attempts to ClickHouse; returns how many. */
export async function recordAttempts(
  redis: Redis,
  clickhouse: ClickHouseClient,
  max = 5_000,
): Promise<number> {
  const raw = await redis.lrange(NOTIFY_KEYS.attempts, 0, max - 1);
  if (raw.length === 0) return 0;
  const rows = raw.map((r) => {
    const a = JSON.parse(r) as AttemptRow;
    return { ...a, at: toChTime(a.at) };
  });
  await clickhouse.insert({ table: 'notify_attempts', values: rows, format: 'JSONEachRow' });
  await redis.ltrim(NOTIFY_KEYS.attempts, raw.length, -1);
  return raw.length;
}

const COLUMNS = `toString(at) AS at_text, delivery_id, kind, renotify, escalation, alert_id, supervision_id, unit_code,
  channel, channel_type, recipient, recipient_name, outcome, response_code, latency_ms, attempt, error, batched`;

/** Attempts matching the query, newest first, within the reader's scope (unit prefix). */
export async function listAttempts(
  redis: Redis,
  clickhouse: ClickHouseClient,
  q: NotificationsQuery,
  scope: string,
): Promise<NotifyAttempt[]> {
  const where = ['startsWith(unit_code, {scope:String})'];
  if (q.alert_id !== undefined) where.push('alert_id = {alert_id:String}');
  if (q.supervision_id !== undefined) where.push('supervision_id = {supervision_id:String}');
  if (q.channel !== undefined) where.push('channel = {channel:String}');
  const rs = await clickhouse.query({
    query: `SELECT ${COLUMNS} FROM notify_attempts FINAL WHERE ${where.join(' AND ')}
      ORDER BY at DESC LIMIT {limit:UInt32}`,
    query_params: { ...q, scope },
    format: 'JSONEachRow',
  });
  const stored = (await rs.json<NotifyAttempt & { at_text: string }>()).map(({ at_text, ...a }) => ({
    ...a,
    at: new Date(`${at_text.replace(' ', 'T')}Z`).toISOString(),
  }));
  const pending = (await redis.lrange(NOTIFY_KEYS.attempts, 0, -1))
    .map((r) => JSON.parse(r) as AttemptRow)
    .filter(
      (a) =>
        a.unit_code.startsWith(scope) &&
        (q.alert_id === undefined || a.alert_id === q.alert_id) &&
        (q.supervision_id === undefined || a.supervision_id === q.supervision_id) &&
        (q.channel === undefined || a.channel === q.channel),
    )
    .map(({ attempt_id: _id, decided_seq: _seq, ...a }) => a);
  return [...pending, ...stored].sort((a, b) => b.at.localeCompare(a.at)).slice(0, q.limit);
}
