/**
 * `npm run bench -- ingest`: in one run, on one fresh embedded ClickHouse,
 *  1. the raw ceiling: the same rows inserted straight through @clickhouse/client (10,000-row batches);
 *  2. end to end: NDJSON batches of 1,000 through POST /api/events until every event is stored;
 * and their ratio, accept→stored latency p50/p99 per event, peak RSS. Bar: end-to-end ≥ 30% of raw.
 */
import fs from 'node:fs';
import { loadConfig } from '../common/node/config.js';
import { silentLogger } from '../common/node/logger.js';
import { toRow } from '../ingest/store/event-store.js';
import { makeEvent } from './bench-events.js';
import { runLoadGenerator } from './http-load.js';
import { startSystem } from '../server/system.js';
import { tempDir } from '../tests/helpers/system.js';
import { fmt, rssSampler, summarise } from './stats.js';

export async function benchIngest(args: { events?: number; concurrency?: number }): Promise<void> {
  // Ingest alone (the engine is its own role in production), then the whole ROLE=all process.
  await benchIngestOnce({ ...args, engine: false });
  await benchIngestOnce({ ...args, engine: true });
}

async function benchIngestOnce(args: {
  events?: number;
  concurrency?: number;
  engine: boolean;
}): Promise<void> {
  const total = args.events ?? 200_000;
  const concurrency = args.concurrency ?? 4;
  const dataDir = tempDir('bench-ingest');
  const storedAt = new Map<number, number>();
  const acceptedAt = new Map<number, number>();
  const perBatch = 1_000;
  const system = await startSystem({
    config: loadConfig({
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SIMULATE: '0',
      LOG_LEVEL: 'warn',
    }),
    logger: silentLogger,
    runEngine: args.engine,
    onStored: async (events) => {
      const t = Date.now();
      for (const e of events) {
        const idx = Math.floor(Number(e.event_id.slice(e.event_id.lastIndexOf('-') + 1)) / perBatch);
        storedAt.set(idx, Math.max(storedAt.get(idx) ?? 0, t));
      }
    },
  });
  const ch = system.clickhouse.client;
  const rss = rssSampler();
  try {
    // 1. Raw ceiling.
    await ch.command({ query: 'CREATE TABLE events_raw AS events' });
    const rawRows = Array.from({ length: total }, (_, i) =>
      toRow(makeEvent(i, 'raw'), new Date().toISOString(), 'raw'),
    );
    const t0 = performance.now();
    for (let i = 0; i < total; i += 10_000) {
      await ch.insert({ table: 'events_raw', values: rawRows.slice(i, i + 10_000), format: 'JSONEachRow' });
    }
    const rawSeconds = (performance.now() - t0) / 1000;
    const rawRate = total / rawSeconds;
    rawRows.length = 0;

    // 2. End to end through HTTP, from a separate load-generator process (as real sources would be).
    const url = `${system.url}/api/events`;
    const load = await runLoadGenerator({
      url,
      token: system.secrets.ingestToken,
      total,
      perBatch,
      concurrency,
    });
    const t1 = load.startedAt;
    for (const [b, t] of load.acceptedAt) acceptedAt.set(b, t);
    const accepted = load.accepted;
    const acceptSeconds = (load.finishedAt - t1) / 1000;
    await system.ingest.drained(20);
    const e2eSeconds = (Math.max(...storedAt.values()) - t1) / 1000;
    const e2eRate = total / e2eSeconds;
    const latencies = [...acceptedAt.entries()].map(([b, t]) => (storedAt.get(b) ?? NaN) - t);
    const lat = summarise(latencies);
    const [{ n } = { n: '0' }] = await (
      await ch.query({
        query: "SELECT count() AS n FROM events WHERE startsWith(event_id, 'e2e-')",
        format: 'JSONEachRow',
      })
    ).json<{ n: string }>();

    console.log(
      `\ningest benchmark — ${fmt(total)} events, ${concurrency} concurrent HTTP clients (separate process), ` +
        `batches of ${perBatch}; ${args.engine ? 'alert engine in the same process (ROLE=all)' : 'ingest alone (no alert engine)'}`,
    );
    console.log(
      `  raw ceiling (client.insert, 10k-row batches)  ${fmt(rawRate)} rows/s  (${fmt(rawSeconds, 2)} s)`,
    );
    console.log(
      `  end to end (POST → stored)                    ${fmt(e2eRate)} events/s  (${fmt(e2eSeconds, 2)} s)`,
    );
    console.log(`  accept rate (POST → 202)                      ${fmt(total / acceptSeconds)} events/s`);
    console.log(
      `  ratio end-to-end / raw                        ${fmt((100 * e2eRate) / rawRate, 1)} %  (bar ≥ 30 %)`,
    );
    console.log(
      `  accept → stored latency per batch             p50 ${fmt(lat.p50)} ms, p99 ${fmt(lat.p99)} ms, max ${fmt(lat.max)} ms`,
    );
    console.log(
      `  stored                                        ${fmt(Number(n))} of ${fmt(accepted)} accepted`,
    );
    console.log(
      `  peak RSS (server + client + embedded ClickHouse in one process)  ${fmt(rss.peakMb())} MiB`,
    );
  } finally {
    rss.stop();
    await system.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
