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
import { silentLogger } from '../common/node/logger.js';
import { migrate } from '../common/node/migrate.js';
import { openRedis } from '../common/node/redis.js';
import { AlertOrchestrator, memoryEngine } from '../alerts/orchestrator/index.js';
import { rebuildFromClickHouse } from '../alerts/recovery/rebuild.js';
import { readRules } from '../alerts/rules-file.js';
import { RedisEngineState } from '../alerts/redis/redis-state.js';
import { alertMigrations } from '../alerts/store/migrations.js';
import { generateScenario } from '../ingest/simulator/scenario.js';
import { insertEventRows, toRow } from '../ingest/store/event-store.js';
import { ingestMigrations } from '../ingest/store/migrations.js';
import { tempDir } from '../tests/helpers/system.js';
import { fmt, summarise } from './stats.js';

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

export async function benchAlerts(args: { events?: number }): Promise<void> {
  const openCount = args.events ?? 1_000_000;
  const dir = tempDir('bench-alerts');
  const redisHandle = await openRedis(undefined, path.join(dir, 'redis'));
  const redis = new Redis({ ...redisHandle.options, maxRetriesPerRequest: null });
  const ch = await openClickHouse({ database: 'vigil', dataDir: dir });
  await migrate(ch.client, [...ingestMigrations, ...alertMigrations]);
  const rules = readRules(undefined);
  try {
    // 1. Throughput.
    const now = Date.now();
    const sim = generateScenario({ seed: 'bench', start: now - 20 * 86_400_000, end: now, ratePerHour: 30 });
    const stored: StoredEvent[] = sim.events.map((e) => ({ ...e, ingested_at: new Date(now).toISOString() }));
    const t0 = performance.now();
    const pure = memoryEngine(rules, { graceMs: 60_000 });
    for (let i = 0; i < stored.length; i += 1_000) await pure.ingest(stored.slice(i, i + 1_000), now);
    const pureRate = stored.length / ((performance.now() - t0) / 1000);
    const state = new RedisEngineState(redis);
    const engine = new AlertOrchestrator({ state, rules, graceMs: 60_000, log: silentLogger });
    const t1 = performance.now();
    for (let i = 0; i < stored.length; i += 1_000) await engine.ingest(stored.slice(i, i + 1_000));
    const shellRate = stored.length / ((performance.now() - t1) / 1000);

    // 2. Deadline → publish: 2,000 check-outs due back within the next 10 s, grace 0, a 100 ms tick.
    await redis.flushall();
    const timed = new AlertOrchestrator({ state, rules, graceMs: 0, log: silentLogger });
    const start = Date.now();
    const checkouts: StoredEvent[] = Array.from({ length: 2_000 }, (_, i) => ({
      event_id: `lat-${i}`,
      type: 'property.checked_out',
      occurred_at: new Date(start - 3_600_000).toISOString(),
      ingested_at: new Date(start).toISOString(),
      unit_code: '450103520000',
      item_id: `LAT-${i}`,
      attrs: { due_back_at: new Date(start + 2_000 + Math.floor((i / 2_000) * 8_000)).toISOString() },
    }));
    await timed.ingest(checkouts);
    const latencies: number[] = [];
    while (latencies.length < checkouts.length && Date.now() < start + 30_000) {
      const step = await timed.wake();
      const at = Date.now();
      for (const c of step.changes)
        if (c.alert.stage === 'overdue') latencies.push(at - Date.parse(c.alert.due_at));
      await new Promise((r) => setTimeout(r, 100));
    }
    const lat = summarise(latencies);

    // 3 + 4. N open obligations: N dispatched incidents stored in ClickHouse, rebuilt into an empty Redis.
    await redis.flushall();
    const occurred = new Date(Date.now() - 3_600_000).toISOString();
    const ingested = new Date().toISOString();
    for (let i = 0; i < openCount; i += 50_000) {
      const rows = [];
      for (let j = i; j < Math.min(openCount, i + 50_000); j++) {
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
    const before = await usedMemory(redis);
    const report = await rebuildFromClickHouse({
      redis,
      clickhouse: ch.client,
      rules,
      graceMs: 60_000,
      logger: silentLogger,
    });
    const after = await usedMemory(redis);
    const perObligation = (after - before) / report.obligations;

    console.log('\nalerts benchmark');
    console.log(
      `  engine throughput, all ${rules.length} rules, ${fmt(stored.length)} simulated events (batches of 1,000)`,
    );
    console.log(`    orchestrator, memory state (baseline) ${fmt(pureRate)} events/s`);
    console.log(
      `    orchestrator, Redis state          ${fmt(shellRate)} events/s  (${fmt((100 * shellRate) / pureRate, 1)} % of the baseline)`,
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
  } finally {
    redis.disconnect();
    await ch.close();
    await redisHandle.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
