/**
 * `npm run bench -- ingest`: in one run, on one fresh embedded ClickHouse,
 *  1. the raw ceiling: the same rows (same event shapes) inserted straight into a fresh copy of `events`,
 *     one insert at a time, four ways — row objects through `client.insert` (the client serialises them)
 *     and pre-serialised JSONEachRow lines (what the worker sends), in batches of 10,000 rows and of
 *     INGEST_BATCH_ROWS (the worker's largest insert) — and the fastest of them is the ceiling;
 *  2. end to end: NDJSON batches of 1,000 through POST /api/events from a separate load-generator process,
 *     until every event is stored (inserted and handed on to the stored-events feed);
 * and their ratio, accept→stored latency p50/p99 per batch, CPU per event (server process and its main
 * and ingest worker threads, Redis, load generator), load average, peak RSS. Bar: end-to-end ≥ 30 % of raw.
 * Run three times: ingest alone, ingest alone without the link index (its view dropped: what the index costs,
 * bar ≤ 10 %), and ROLE=all with the engine.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Redis } from 'ioredis';
import { benchConfig } from './bench-config.js';
import { silentLogger } from '../common/node/logger.js';
import type { ClickHouseClient } from '../common/node/clickhouse.js';
import { insertEventLines, rowLine, rowLinePrefix, toRow } from '../ingest/store/event-store.js';
import type { EventRow } from '../common/node/event-row.js';
import { makeEvent } from './bench-events.js';
import { cpuDelta, cpuSnapshot, loadAverage } from './cpu.js';
import type { CpuDelta } from './cpu.js';
import { runLoadGenerator } from './http-load.js';
import type { LoadResult } from './http-load.js';
import { startSystem } from '../server/system.js';
import type { RunningSystem } from '../server/system.js';
import { tempDir } from '../tests/helpers/system.js';
import { fmt, rssSampler, summarise } from './stats.js';

export async function benchIngest(args: { events?: number; concurrency?: number }): Promise<void> {
  // Ingest alone (the engine is its own role in production), the same without the link index (what the
  // dossier's index costs, issue #16: bar ≤ 10 %), then the whole ROLE=all process.
  const withIndex = await benchIngestOnce({ ...args, engine: false, linkIndex: true });
  const without = await benchIngestOnce({ ...args, engine: false, linkIndex: false });
  await benchIngestOnce({ ...args, engine: true, linkIndex: true });
  const cost = 1 - withIndex / without;
  console.log(
    `
link index (event_links, filled by its materialized view at insert): end to end ${fmt(withIndex)} ` +
      `events/s with it, ${fmt(without)} without → it costs ${fmt(100 * cost, 1)} % of ingest throughput ` +
      `(bar ≤ 10 %: ${cost <= 0.1 ? 'met' : 'NOT met'})`,
  );
}

interface RawWay {
  label: string;
  rate: number;
}

/** The raw ceiling, four ways, each into a fresh table of its own. */
async function rawCeiling(ch: ClickHouseClient, total: number, maxBatch: number): Promise<RawWay[]> {
  const ingestedAt = new Date().toISOString();
  const ways: RawWay[] = [];
  let n = 0;
  for (const batch of [...new Set([10_000, maxBatch])]) {
    for (const form of ['row objects (client.insert)', 'JSONEachRow lines'] as const) {
      const table = `events_raw_${++n}`;
      await ch.command({ query: `CREATE TABLE ${table} AS events` });
      // Prepared before the clock starts (and dropped after), as the worker has them ready.
      let insert: (i: number) => Promise<unknown>;
      if (form === 'JSONEachRow lines') {
        const prefix = rowLinePrefix(ingestedAt, 'raw');
        const lines = Array.from({ length: total }, (_, i) => rowLine(prefix, makeEvent(i, 'raw')));
        insert = (i) => insertEventLines(ch, lines.slice(i, i + batch), table);
      } else {
        const rows: EventRow[] = Array.from({ length: total }, (_, i) =>
          toRow(makeEvent(i, 'raw'), ingestedAt, 'raw'),
        );
        insert = (i) => ch.insert({ table, values: rows.slice(i, i + batch), format: 'JSONEachRow' });
      }
      const t0 = performance.now();
      for (let i = 0; i < total; i += batch) await insert(i);
      const rate = total / ((performance.now() - t0) / 1000);
      ways.push({ label: `${form}, ${fmt(batch)}-row batches`, rate });
      await ch.command({ query: `DROP TABLE ${table}` });
    }
  }
  return ways;
}

/** One run's size: events, concurrent HTTP clients, events per POST, and whether the engine runs too. */
interface IngestRun {
  total: number;
  concurrency: number;
  perBatch: number;
  engine: boolean;
  /** false: the link index's materialized view is dropped before the run (events only). */
  linkIndex: boolean;
}

/** The system under test, with when each batch of events was last stored (batch index → ms). */
interface BenchSystem {
  dataDir: string;
  system: RunningSystem;
  maxBatchRows: number;
  redis: Redis;
  storedAt: Map<number, number>;
}

async function startBenchSystem(run: IngestRun): Promise<BenchSystem> {
  const dataDir = tempDir('bench-ingest');
  const storedAt = new Map<number, number>();
  const config = benchConfig(dataDir);
  const system = await startSystem({
    config,
    logger: silentLogger,
    runEngine: run.engine,
    onStored: (ids) => {
      const t = Date.now();
      for (const id of ids) {
        const idx = Math.floor(Number(id.slice(id.lastIndexOf('-') + 1)) / run.perBatch);
        storedAt.set(idx, Math.max(storedAt.get(idx) ?? 0, t));
      }
    },
  });
  if (!run.linkIndex) await system.clickhouse.client.command({ query: 'DROP VIEW event_links_mv' });
  const redis = new Redis(system.redis.options);
  return { dataDir, system, maxBatchRows: config.INGEST_BATCH_ROWS, redis, storedAt };
}

async function stopBenchSystem(b: BenchSystem): Promise<void> {
  b.redis.disconnect();
  await b.system.close();
  fs.rmSync(b.dataDir, { recursive: true, force: true });
}

interface RawResult {
  ways: RawWay[];
  /** The fastest way's rate: the ceiling. */
  rawRate: number;
  peakMb: number;
}

/** 1. Raw ceiling: the fastest way we know to put these rows into ClickHouse. */
async function measureRaw(b: BenchSystem, total: number): Promise<RawResult> {
  const rss = rssSampler();
  try {
    const ways = await rawCeiling(b.system.clickhouse.client, total, b.maxBatchRows);
    return { ways, rawRate: Math.max(...ways.map((w) => w.rate)), peakMb: rss.peakMb() };
  } finally {
    rss.stop();
  }
}

interface EndToEndResult {
  load: LoadResult;
  cpu: CpuDelta;
  e2eSeconds: number;
  e2eRate: number;
  acceptSeconds: number;
  /** Accept → stored latency per batch. */
  lat: ReturnType<typeof summarise>;
  stored: number;
  peakMb: number;
}

/** How many of the load generator's events are in ClickHouse. */
async function countStored(ch: ClickHouseClient): Promise<number> {
  const [{ n } = { n: '0' }] = await (
    await ch.query({
      query: "SELECT count() AS n FROM events WHERE startsWith(event_id, 'e2e-')",
      format: 'JSONEachRow',
    })
  ).json<{ n: string }>();
  return Number(n);
}

/** 2. End to end through HTTP, from a separate load-generator process (as real sources would be). */
async function measureEndToEnd(b: BenchSystem, run: IngestRun): Promise<EndToEndResult> {
  const rss = rssSampler();
  try {
    const cpu0 = await cpuSnapshot(b.redis);
    const load = await runLoadGenerator({
      url: `${b.system.url}/api/events`,
      token: b.system.secrets.ingestToken,
      total: run.total,
      perBatch: run.perBatch,
      concurrency: run.concurrency,
    });
    const t1 = load.startedAt;
    await b.system.ingest.drained(20);
    const cpu = cpuDelta(cpu0, await cpuSnapshot(b.redis));
    const e2eSeconds = (Math.max(...b.storedAt.values()) - t1) / 1000;
    const latencies = [...load.acceptedAt.entries()].map(([batch, t]) => (b.storedAt.get(batch) ?? NaN) - t);
    return {
      load,
      cpu,
      e2eSeconds,
      e2eRate: run.total / e2eSeconds,
      acceptSeconds: (load.finishedAt - t1) / 1000,
      lat: summarise(latencies),
      stored: await countStored(b.system.clickhouse.client),
      peakMb: rss.peakMb(),
    };
  } finally {
    rss.stop();
  }
}

function printIngestReport(run: IngestRun, loadBefore: string, raw: RawResult, e2e: EndToEndResult): void {
  const { total, concurrency, perBatch } = run;
  const { ways, rawRate } = raw;
  const { load, cpu, e2eRate, e2eSeconds, lat } = e2e;
  const us = (ms: number) => fmt((1000 * ms) / total, 1);
  const otherMs = cpu.processMs - cpu.mainThreadMs - cpu.busiestOtherMs;
  console.log(
    `\ningest benchmark — ${fmt(total)} events, ${concurrency} concurrent HTTP clients (separate process), ` +
      `batches of ${perBatch}; ${run.engine ? 'alert engine in the same process (ROLE=all)' : 'ingest alone (no alert engine)'}` +
      `${run.linkIndex ? '' : ', WITHOUT the link index'}`,
  );
  console.log(`  raw ceiling (fastest of the ways below)        ${fmt(rawRate)} rows/s`);
  for (const w of ways) console.log(`    ${w.label.padEnd(56)} ${fmt(w.rate)} rows/s`);
  console.log(
    `  end to end (POST → stored)                     ${fmt(e2eRate)} events/s  (${fmt(e2eSeconds, 2)} s)`,
  );
  console.log(`  accept rate (POST → 202)                       ${fmt(total / e2e.acceptSeconds)} events/s`);
  const historical = ways[0] as RawWay; // row objects, 10,000-row batches: the raw figure measured before
  console.log(
    `  ratio end-to-end / raw ceiling                 ${fmt((100 * e2eRate) / rawRate, 1)} %  (bar ≥ 30 %); ` +
      `against the first way alone (the earlier raw figure) ${fmt((100 * e2eRate) / historical.rate, 1)} %`,
  );
  console.log(
    `  accept → stored latency per batch              p50 ${fmt(lat.p50)} ms, p99 ${fmt(lat.p99)} ms, max ${fmt(lat.max)} ms`,
  );
  console.log(
    `  stored                                         ${fmt(e2e.stored)} of ${fmt(load.accepted)} accepted`,
  );
  console.log(
    `  CPU per event, end to end                      server process ${us(cpu.processMs)} µs (main thread ` +
      `${us(cpu.mainThreadMs)}, ingest worker thread ${us(cpu.busiestOtherMs)}, ClickHouse/GC/other threads ` +
      `${us(otherMs)}), Redis ${us(cpu.redisMs)} µs, load generator ${us(load.cpuMs)} µs; ` +
      `${fmt((cpu.processMs + cpu.redisMs + load.cpuMs) / cpu.wallMs, 2)} of ${os.cpus().length} cores busy`,
  );
  console.log(`  load average before / after                    ${loadBefore} / ${loadAverage()}`);
  console.log(
    `  peak RSS of the server process (embedded ClickHouse included)  end to end ${fmt(e2e.peakMb)} MiB; ` +
      `raw phase ${fmt(raw.peakMb)} MiB (holds the prepared rows)`,
  );
}

/** One run; returns its end-to-end rate (events/s). */
async function benchIngestOnce(args: {
  events?: number;
  concurrency?: number;
  engine: boolean;
  linkIndex: boolean;
}): Promise<number> {
  const run: IngestRun = {
    total: args.events ?? 200_000,
    concurrency: args.concurrency ?? 4,
    perBatch: 1_000,
    engine: args.engine,
    linkIndex: args.linkIndex,
  };
  const loadBefore = loadAverage();
  const b = await startBenchSystem(run);
  try {
    const raw = await measureRaw(b, run.total);
    const e2e = await measureEndToEnd(b, run);
    printIngestReport(run, loadBefore, raw, e2e);
    return e2e.e2eRate;
  } finally {
    await stopBenchSystem(b);
  }
}
