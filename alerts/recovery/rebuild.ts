/**
 * Rebuilds the engine's live state in Redis from ClickHouse, the system of record: alerts from
 * `alert_events` (latest snapshot per alert, seq counter), facts from `events`, then every obligation
 * re-derived and advanced (raising what fell due while Redis was gone) with its wake-up scheduled.
 * Runs by `npm run rebuild`, and automatically at start when Redis has no engine state.
 */
import type { LegalClock } from '../engine/legal-clock.js';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Redis } from 'ioredis';
import type { Alert } from '../../common/alerts.js';
import type { Logger } from '../../common/node/logger.js';
import type { Rule } from '../../common/rules.js';
import { fromRow } from '../../common/node/event-row.js';
import { entityKeysOf, indexRules, mergeFact, refId, toFact, touchedObligations } from '../engine/index.js';
import type { EntityRecord, ObligationRef } from '../engine/index.js';
import type { RecordCache } from '../orchestrator/derive-refs.js';
import { judgeRefs } from '../orchestrator/judge.js';
import { KEYS } from '../redis/keys.js';
import { RecordStore } from '../redis/record-store.js';
import { RedisEngineState } from '../redis/redis-state.js';
import { STREAM_KEYS } from '../stream/change-stream.js';
import { eventChunks, latestAlertChunks } from './read-chunks.js';
import { reschedulePolicies, restoreSupervisions } from './rebuild-supervision.js';
import type { SupervisionPolicy } from '../../common/supervision.js';

export interface RebuildDeps {
  redis: Redis;
  clickhouse: ClickHouseClient;
  rules: readonly Rule[];
  /** Counts day and month limits; absent: the shipped calendar in Asia/Shanghai. */
  legalClock?: LegalClock | undefined;
  graceMs: number;
  /** BACKFILL_HORIZON_HOURS in ms (CONTRACT §6.4); absent: 48 h. */
  horizonMs?: number | undefined;
  logger: Logger;
  now?: () => number;
  /** Automatic-order policies: their wake-ups are scheduled again for the unresolved alerts they match. */
  policies?: readonly SupervisionPolicy[];
}

export interface RebuildReport {
  events: number;
  records: number;
  alerts: number;
  supervisions: number;
  obligations: number;
  raised: number;
  seconds: number;
  phases: Record<string, number>;
}

async function unlinkPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5_000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export async function clearEngineState(redis: Redis): Promise<void> {
  for (const prefix of KEYS.prefixes) await unlinkPrefix(redis, prefix);
  await redis.del(KEYS.wake, KEYS.active, KEYS.ready, KEYS.foundBy);
  await redis.del(
    KEYS.supervisionsAll,
    KEYS.supervisionsOpen,
    KEYS.supervisionOpenByAlert,
    KEYS.supervisionLatestByAlert,
  );
}

/** Writes back the latest snapshot of every recorded alert; returns them and the highest seq. */
async function restoreAlerts(
  redis: Redis,
  clickhouse: ClickHouseClient,
): Promise<{ alerts: Map<string, Alert>; maxSeq: number }> {
  const alerts = new Map<string, Alert>();
  let maxSeq = 0;
  for await (const rows of latestAlertChunks(clickhouse)) {
    const pipeline = redis.pipeline();
    for (const { alert, top_seq: seq } of rows) {
      const a = JSON.parse(alert) as Alert;
      alerts.set(a.alert_id, a);
      maxSeq = Math.max(maxSeq, Number(seq));
      pipeline.hset(KEYS.alert(a.alert_id), 'seq', a.seq, 'json', alert);
      if (a.state !== 'resolved') pipeline.zadd(KEYS.active, a.seq, a.alert_id);
    }
    await pipeline.exec();
  }
  return { alerts, maxSeq };
}

export async function rebuildFromClickHouse(deps: RebuildDeps): Promise<RebuildReport> {
  const t0 = performance.now();
  const now = (deps.now ?? Date.now)();
  const index = indexRules(deps.rules, deps.legalClock);
  const { redis, clickhouse } = deps;
  await clearEngineState(redis);

  // 1. Alerts: the latest snapshot of each, and the seq counter.
  const restored = await restoreAlerts(redis, clickhouse);
  const alerts = restored.alerts;
  let maxSeq = restored.maxSeq;
  const orders = await restoreSupervisions(redis, clickhouse, now);
  maxSeq = Math.max(maxSeq, orders.maxSeq);
  await reschedulePolicies(redis, alerts.values(), deps.policies ?? []);
  const current = Number((await redis.get(STREAM_KEYS.seq)) ?? 0);
  if (maxSeq > current) await redis.set(STREAM_KEYS.seq, String(maxSeq));
  const recorded = Number((await redis.get(KEYS.recorded)) ?? 0);
  if (maxSeq > recorded) await redis.set(KEYS.recorded, String(maxSeq));

  const tAlerts = performance.now();
  // 2. Facts from every stored event of a type some rule reads.
  const records = new Map<string, EntityRecord>();
  let events = 0;
  for await (const rows of eventChunks(clickhouse, [...index.storage.keys()])) {
    for (const row of rows) {
      const e = fromRow(row);
      const fact = toFact(e, Date.parse(e.ingested_at), index);
      if (!fact) continue;
      events++;
      for (const key of entityKeysOf(fact, index)) records.set(key, mergeFact(records.get(key), fact).record);
    }
  }
  const tRead = performance.now();
  await new RecordStore(redis).save(records);

  const tWrite = performance.now();
  // 3. Every obligation, derived from the complete facts, advanced to now, and scheduled: the orchestrator's
  //    judgement, with every record at hand and the alerts as read in step 1.
  const state = new RedisEngineState(redis);
  const ctx = { state, index, graceMs: deps.graceMs, horizonMs: deps.horizonMs, log: deps.logger };
  const cache: RecordCache = records;
  const lookup = (k: string): EntityRecord | undefined => records.get(k);
  const refs = new Map<string, ObligationRef>();
  for (const record of records.values())
    for (const fact of Object.values(record.facts))
      for (const ref of touchedObligations(fact, index, lookup)) refs.set(refId(ref), ref);
  let obligations = 0;
  let raised = 0;
  const all = [...refs.values()];
  for (let i = 0; i < all.length; i += 5_000) {
    const step = await judgeRefs(ctx, all.slice(i, i + 5_000), cache, now, { known: alerts });
    obligations += step.obligations.length;
    raised += step.changes.length;
  }
  const tDerive = performance.now();
  await redis.set(KEYS.ready, new Date(now).toISOString());
  const report = {
    events,
    records: records.size,
    alerts: alerts.size,
    supervisions: orders.orders,
    obligations,
    raised,
    seconds: (performance.now() - t0) / 1000,
    phases: {
      alerts: (tAlerts - t0) / 1000,
      read_events: (tRead - tAlerts) / 1000,
      write_records: (tWrite - tRead) / 1000,
      derive_and_schedule: (tDerive - tWrite) / 1000,
    },
  };
  deps.logger.warn(report, 'alert engine state rebuilt from ClickHouse');
  return report;
}
