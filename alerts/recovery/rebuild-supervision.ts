/**
 * Restores the live supervision state in Redis from ClickHouse `supervision_events` (the record): each order's
 * latest snapshot with its seq, the indexes (all, open, alert → open order, alert → latest order), the daily
 * order numbers, and a wake-up now for every open order (the engine judges each at once and reschedules it on
 * its deadlines). Policy wake-ups are scheduled again for every unresolved alert a policy matches.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Redis } from 'ioredis';
import type { Alert } from '../../common/alerts.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { isOpenOrder } from '../../common/supervision.js';
import type { Supervision, SupervisionPolicy } from '../../common/supervision.js';
import { KEYS } from '../redis/keys.js';
import { orderMember } from '../redis/supervision-store.js';
import { policyFirings, policyMember } from '../supervision/policies.js';

const CHUNK = 100_000;

async function* latestOrders(client: ClickHouseClient): AsyncGenerator<{ json: string; top_seq: string }[]> {
  let n: number;
  try {
    const [r] = await queryRows<{ n: string }>(
      client,
      'SELECT uniqExact(supervision_id) AS n FROM supervision_events',
    );
    n = Number(r?.n ?? 0);
  } catch (err) {
    if (/UNKNOWN_TABLE|Unknown table|does not exist/i.test(String((err as Error).message))) return;
    throw err;
  }
  const buckets = Math.max(1, Math.ceil(n / CHUNK));
  for (let i = 0; i < buckets; i++)
    yield queryRows<{ json: string; top_seq: string }>(
      client,
      `SELECT argMax(supervision, seq) AS json, max(seq) AS top_seq FROM supervision_events
       WHERE cityHash64(supervision_id) % {n:UInt32} = {i:UInt32} GROUP BY supervision_id`,
      { n: buckets, i },
    );
}

/** Writes the orders back; returns how many and the highest seq among them. */
export async function restoreSupervisions(
  redis: Redis,
  client: ClickHouseClient,
  now: number,
): Promise<{ orders: number; open: number; maxSeq: number }> {
  let orders = 0;
  let open = 0;
  let maxSeq = 0;
  const latest = new Map<string, { id: string; issued: string }>();
  const counters = new Map<string, number>();
  for await (const rows of latestOrders(client)) {
    const pipeline = redis.pipeline();
    for (const row of rows) {
      const o = JSON.parse(row.json) as Supervision;
      orders++;
      maxSeq = Math.max(maxSeq, Number(row.top_seq));
      pipeline.hset(KEYS.supervision(o.supervision_id), 'seq', o.seq, 'json', row.json);
      pipeline.zadd(KEYS.supervisionsAll, o.seq, o.supervision_id);
      if (isOpenOrder(o)) {
        open++;
        pipeline.zadd(KEYS.supervisionsOpen, o.seq, o.supervision_id);
        pipeline.zadd(KEYS.wake, now, orderMember(o.supervision_id));
        for (const a of o.alert_ids) pipeline.hset(KEYS.supervisionOpenByAlert, a, o.supervision_id);
      }
      for (const a of o.alert_ids) {
        const prev = latest.get(a);
        if (!prev || prev.issued < o.issued_at) latest.set(a, { id: o.supervision_id, issued: o.issued_at });
      }
      const m = /^SUP-(\d{4})-(\d{8})-(\d+)$/.exec(o.supervision_id);
      if (m) {
        const key = KEYS.supervisionCounter(m[1]!, m[2]!);
        counters.set(key, Math.max(counters.get(key) ?? 0, Number(m[3])));
      }
    }
    await pipeline.exec();
  }
  const entries = [...latest].flatMap(([a, v]) => [a, v.id]);
  for (let i = 0; i < entries.length; i += 20_000)
    await redis.hset(KEYS.supervisionLatestByAlert, ...entries.slice(i, i + 20_000));
  for (const [key, n] of counters) await redis.set(key, String(n));
  return { orders, open, maxSeq };
}

/** Schedules the policies every unresolved alert matches (their wake-ups live only in Redis). */
export async function reschedulePolicies(
  redis: Redis,
  alerts: Iterable<Alert>,
  policies: readonly SupervisionPolicy[],
): Promise<number> {
  if (policies.length === 0) return 0;
  const args: (string | number)[] = [];
  for (const a of alerts)
    for (const f of policyFirings(policies, a)) args.push(f.at, policyMember(f.policy.id, a.alert_id));
  for (let i = 0; i < args.length; i += 20_000) await redis.zadd(KEYS.wake, ...args.slice(i, i + 20_000));
  return args.length / 2;
}
