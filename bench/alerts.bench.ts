/**
 * `npm run bench -- alerts`, in one run on a fresh redis-server and embedded ClickHouse:
 *  1. rule evaluation throughput: simulated events through the orchestrator over the Redis state, all rules
 *     on, against the same orchestrator over a memory state on the same events (the baseline);
 *  2. deadline → publish latency on top of the grace (grace 0): obligations falling due while we watch;
 *  3. Redis memory per open obligation at N open obligations (default 1,000,000) and
 *  4. the time to rebuild them from ClickHouse (`rebuildFromClickHouse`, what `npm run rebuild` runs).
 * Bars: p99 ≤ 1 s; ≤ 400 B per open obligation; rebuild of 1M ≤ 60 s.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { StoredEvent } from '../common/events.js';
import { openClickHouse } from '../common/node/clickhouse.js';
import type { ClickHouseHandle } from '../common/node/clickhouse.js';
import { silentLogger } from '../common/node/logger.js';
import { migrate } from '../common/node/migrate.js';
import { openRedis } from '../common/node/redis.js';
import type { RedisHandle } from '../common/node/redis.js';
import { AlertOrchestrator, memoryEngine } from '../alerts/orchestrator/index.js';
import { rebuildFromClickHouse } from '../alerts/recovery/rebuild.js';
import type { RebuildReport } from '../alerts/recovery/rebuild.js';
import { readRules } from '../alerts/rules-file.js';
import { RedisEngineState } from '../alerts/redis/redis-state.js';
import { alertMigrations } from '../alerts/store/migrations.js';
import { generateScenario } from '../ingest/simulator/scenario.js';
import { insertEventRows, toRow } from '../ingest/store/event-store.js';
import { ingestMigrations } from '../ingest/store/migrations.js';
import { tempDir } from '../tests/helpers/system.js';
import { measureRuleScaling } from './rule-scaling.js';
import type { RuleScaling } from './rule-scaling.js';
import { fmt, summarise } from './stats.js';

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** A fresh redis-server and embedded ClickHouse in a temporary directory, migrated, with the rules. */
interface AlertsBenchEnv {
  dir: string;
  redisHandle: RedisHandle;
  redis: Redis;
  state: RedisEngineState;
  ch: ClickHouseHandle;
  rules: ReturnType<typeof readRules>;
}

async function openBenchEnv(): Promise<AlertsBenchEnv> {
  const dir = tempDir('bench-alerts');
  const redisHandle = await openRedis(undefined, path.join(dir, 'redis'));
  const redis = new Redis({ ...redisHandle.options, maxRetriesPerRequest: null });
  const ch = await openClickHouse({ database: 'vigil', dataDir: dir });
  await migrate(ch.client, [...ingestMigrations, ...alertMigrations]);
  return { dir, redisHandle, redis, state: new RedisEngineState(redis), ch, rules: readRules(undefined) };
}

async function closeBenchEnv(env: AlertsBenchEnv): Promise<void> {
  env.redis.disconnect();
  await env.ch.close();
  await env.redisHandle.stop();
  fs.rmSync(env.dir, { recursive: true, force: true });
}

interface ThroughputResult {
  events: number;
  scaling: RuleScaling;
  /** Events per second through the orchestrator over a memory state (the baseline). */
  pureRate: number;
  /** Events per second through the orchestrator over the Redis state. */
  shellRate: number;
}

/** 1. Twenty simulated days of events, in batches of 1,000, through a memory state and then the Redis state. */
async function measureThroughput({ rules, state }: AlertsBenchEnv): Promise<ThroughputResult> {
  const now = Date.now();
  const sim = generateScenario({ seed: 'bench', start: now - 20 * 86_400_000, end: now, ratePerHour: 30 });
  const stored: StoredEvent[] = sim.events.map((e) => ({ ...e, ingested_at: new Date(now).toISOString() }));
  const t0 = performance.now();
  const pure = memoryEngine(rules, { graceMs: 60_000 });
  for (let i = 0; i < stored.length; i += 1_000) await pure.ingest(stored.slice(i, i + 1_000), now);
  const pureRate = stored.length / ((performance.now() - t0) / 1000);
  const engine = new AlertOrchestrator({ state, rules, graceMs: 60_000, log: silentLogger });
  const t1 = performance.now();
  for (let i = 0; i < stored.length; i += 1_000) await engine.ingest(stored.slice(i, i + 1_000));
  const shellRate = stored.length / ((performance.now() - t1) / 1000);
  const scaling = await measureRuleScaling(rules, stored, now);
  return { events: stored.length, pureRate, shellRate, scaling };
}

/** 2,000 check-outs taken an hour before `start`, due back spread over 2–10 s after it. */
function dueCheckouts(start: number): StoredEvent[] {
  return Array.from({ length: 2_000 }, (_, i) => ({
    event_id: `lat-${i}`,
    type: 'property.checked_out',
    occurred_at: new Date(start - 3_600_000).toISOString(),
    ingested_at: new Date(start).toISOString(),
    unit_code: '450103520000',
    item_id: `LAT-${i}`,
    attrs: { due_back_at: new Date(start + 2_000 + Math.floor((i / 2_000) * 8_000)).toISOString() },
  }));
}

/** 2. Deadline → publish: obligations falling due while we watch, grace 0, a 100 ms tick. */
async function measureDeadlineLatency({
  redis,
  rules,
  state,
}: AlertsBenchEnv): Promise<ReturnType<typeof summarise>> {
  await redis.flushall();
  const timed = new AlertOrchestrator({ state, rules, graceMs: 0, log: silentLogger });
  const start = Date.now();
  const checkouts = dueCheckouts(start);
  await timed.ingest(checkouts);
  const latencies: number[] = [];
  while (latencies.length < checkouts.length && Date.now() < start + 30_000) {
    const step = await timed.wake();
    const at = Date.now();
    for (const c of step.changes)
      if (c.alert.stage === 'overdue') latencies.push(at - Date.parse(c.alert.due_at));
    await new Promise((r) => setTimeout(r, 100));
  }
  return summarise(latencies);
}

/** Stores `count` dispatched incidents (each an open obligation) in ClickHouse, 50,000 rows an insert. */
async function storeOpenIncidents(ch: ClickHouseHandle, count: number): Promise<void> {
  const occurred = new Date(Date.now() - 3_600_000).toISOString();
  const ingested = new Date().toISOString();
  for (let i = 0; i < count; i += 50_000) {
    const rows = [];
    for (let j = i; j < Math.min(count, i + 50_000); j++) {
      rows.push(
        toRow(
          {
            event_id: `open-${j}`,
            type: 'incident.dispatched',
            occurred_at: occurred,
            unit_code: `4501${String(j % 97).padStart(2, '0')}520000`,
            incident_id: `J45010320261126${String(j).padStart(7, '0')}`,
          },
          ingested,
          'bench',
        ),
      );
    }
    await insertEventRows(ch.client, rows);
  }
}

interface RebuildResult {
  report: RebuildReport;
  /** Redis bytes per open obligation after the rebuild. */
  perObligation: number;
}

/** 3 + 4. N open obligations stored in ClickHouse, rebuilt into an empty Redis: time and memory. */
async function measureRebuild(
  { redis, ch, rules }: AlertsBenchEnv,
  openCount: number,
): Promise<RebuildResult> {
  await redis.flushall();
  await storeOpenIncidents(ch, openCount);
  const before = await usedMemory(redis);
  const report = await rebuildFromClickHouse({
    redis,
    clickhouse: ch.client,
    rules,
    graceMs: 60_000,
    logger: silentLogger,
  });
  const after = await usedMemory(redis);
  return { report, perObligation: (after - before) / report.obligations };
}

function printAlertsReport(
  ruleCount: number,
  throughput: ThroughputResult,
  lat: ReturnType<typeof summarise>,
  { report, perObligation }: RebuildResult,
): void {
  const { events, pureRate, shellRate } = throughput;
  console.log('\nalerts benchmark');
  console.log(
    `  engine throughput, all ${ruleCount} rules, ${fmt(events)} simulated events (batches of 1,000)`,
  );
  console.log(`    orchestrator, memory state (baseline) ${fmt(pureRate)} events/s`);
  console.log(
    `    orchestrator, Redis state          ${fmt(shellRate)} events/s  (${fmt((100 * shellRate) / pureRate, 1)} % of the baseline)`,
  );
  const s = throughput.scaling;
  console.log(
    `  cost per event by rule count (memory state, best of 3): v1 ${s.counts.v1} rules ${fmt(s.v1, 1)} µs, ` +
      `the ${s.counts.added} v2 rules alone ${fmt(s.added, 1)} µs, all ${s.counts.all} ${fmt(s.all, 1)} µs ` +
      `(${fmt(s.all / s.v1, 2)}× v1; bar: ≤ v1 + v2 alone = ${fmt(s.v1 + s.added, 1)} µs — ` +
      `${s.all <= s.v1 + s.added ? 'met' : 'NOT met'})`,
  );
  console.log(`  deadline → published, on top of grace (2,000 deadlines, 100 ms tick)`);
  console.log(
    `    p50 ${fmt(lat.p50)} ms, p99 ${fmt(lat.p99)} ms, max ${fmt(lat.max)} ms, ${lat.n} published  (bar p99 ≤ 1,000 ms)`,
  );
  console.log(
    `  ${fmt(report.obligations)} open obligations rebuilt from ClickHouse (${fmt(report.events)} events)`,
  );
  console.log(`    rebuild time                       ${fmt(report.seconds, 1)} s  (bar ≤ 60 s)`);
  console.log(
    `      phases (s): ${Object.entries(report.phases)
      .map(([k, v]) => `${k} ${fmt(v, 1)}`)
      .join(', ')}`,
  );
  console.log(
    `    Redis memory per open obligation   ${fmt(perObligation)} B  (bar ≤ 400 B; records + wake-ups)`,
  );
}

export async function benchAlerts(args: { events?: number }): Promise<void> {
  const openCount = args.events ?? 1_000_000;
  const env = await openBenchEnv();
  try {
    const throughput = await measureThroughput(env);
    const latency = await measureDeadlineLatency(env);
    const rebuild = await measureRebuild(env, openCount);
    printAlertsReport(env.rules.length, throughput, latency, rebuild);
  } finally {
    await closeBenchEnv(env);
  }
}
