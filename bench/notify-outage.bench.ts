/**
 * `npm run bench -- notify-outage`: a webhook receiver down for ten real minutes (NOTIFY_OUTAGE_MINUTES) with
 * the shipped retry policy (10 s doubling to 1 h, giving up after 24 h) — the fault the tests can only show
 * with a shortened back-off. Five P1-like alerts are raised while it is down; when it listens again (same
 * port), each is delivered exactly once. Prints the attempts made during the outage, when NOTIFY-FAIL was
 * raised and resolved, and how long after the receiver came back each delivery arrived, against the back-off
 * interval in force at that moment (the baseline: a delivery can wait at most one interval). Named only: it
 * is not part of `npm run bench` with no scenario (it takes the outage's length).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { PoliceEvent } from '../common/events.js';
import { NOTIFY_FAIL } from '../common/notify.js';
import { silentLogger } from '../common/node/logger.js';
import { queryRows } from '../common/node/clickhouse.js';
import { KEYS } from '../alerts/redis/keys.js';
import { NOTIFY_KEYS } from '../notify/queue/keys.js';
import { startSystem } from '../server/system.js';
import { benchConfig } from './bench-config.js';

const N = 5;
const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Receiver {
  url: string;
  arrivals: Map<string, number[]>;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const arrivals = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { alert?: { alert_id: string } })
        .alert?.alert_id;
      if (id) arrivals.set(id, [...(arrivals.get(id) ?? []), Date.now()]);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const listen = (port: number) => new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    down: async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
    up: () => listen(port),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function benchNotifyOutage(): Promise<void> {
  const minutes = Number(process.env.NOTIFY_OUTAGE_MINUTES ?? 10);
  const rx = await receiver();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-outage-'));
  const file = path.join(dir, 'notify.json');
  const channels = [{ id: 'hook', name: '省厅运维', type: 'webhook', url: rx.url }];
  fs.writeFileSync(
    file,
    JSON.stringify({ channels, routes: [{ match: { kinds: ['alert.raised'] }, to: ['channel:hook'] }] }),
  );
  const sys = await startSystem({
    config: benchConfig(path.join(dir, 'data'), {
      ALERT_GRACE_SECONDS: '1',
      NOTIFY_FILE: file,
      RECONCILE_INTERVAL_SECONDS: '0',
    }),
    logger: silentLogger,
  });
  const redis = new Redis(sys.redis.options);
  try {
    while (!(await redis.exists(KEYS.ready))) await sleep(200);
    await rx.down();
    const t0 = Date.now();
    const events: PoliceEvent[] = Array.from({ length: N }, (_, i) => ({
      event_id: `outage-${i}`,
      type: 'incident.dispatched',
      occurred_at: new Date(t0 - 25 * HOUR).toISOString(),
      unit_code: '450107520000',
      incident_id: `outage-${i}`,
    }));
    const res = await fetch(`${sys.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sys.secrets.ingestToken}` },
      body: JSON.stringify(events),
    });
    if (res.status !== 202) throw new Error(`POST /api/events ${res.status}`);
    console.log(
      `\nnotify-outage: receiver down for ${minutes} min, ${N} alerts raised at its start, shipped retry policy`,
    );
    let failAt: number | null = null;
    while (Date.now() < t0 + minutes * 60_000) {
      await sleep(1_000);
      if (failAt === null && (await failOpen(sys.live.alerts)).length > 0) failAt = Date.now();
    }
    await rx.up();
    const back = Date.now();
    while (Date.now() < back + 40 * 60_000 && rx.arrivals.size < N) await sleep(500);
    let resolvedAt: number | null = null;
    while (Date.now() < back + 120_000 && resolvedAt === null) {
      if ((await failOpen(sys.live.alerts)).length === 0) resolvedAt = Date.now();
      else await sleep(500);
    }
    await sleep(3_000);
    await report({ sys, redis, rx, t0, back, failAt, resolvedAt });
  } finally {
    redis.disconnect();
    await sys.close();
    await rx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function failOpen(alerts: { unresolvedIds(): Promise<string[]> }): Promise<string[]> {
  return (await alerts.unresolvedIds()).filter((id) => id.startsWith(`${NOTIFY_FAIL}:`));
}

async function report(o: {
  sys: Awaited<ReturnType<typeof startSystem>>;
  redis: Redis;
  rx: Receiver;
  t0: number;
  back: number;
  failAt: number | null;
  resolvedAt: number | null;
}): Promise<void> {
  while ((await o.redis.llen(NOTIFY_KEYS.attempts)) > 0) await sleep(500);
  const rows = await queryRows<{ outcome: string; n: string }>(
    o.sys.clickhouse.client,
    `SELECT outcome, count() AS n FROM notify_attempts FINAL WHERE channel = 'hook' GROUP BY outcome ORDER BY outcome`,
  );
  const arrivals = [...o.rx.arrivals.values()];
  const after = arrivals.map((a) => (a[0]! - o.back) / 1000).sort((x, y) => x - y);
  const twice = arrivals.filter((a) => a.length > 1).length;
  const s = (ms: number | null, from: number) =>
    ms === null ? 'never' : `${((ms - from) / 1000).toFixed(0)} s`;
  console.log(`  attempts recorded: ${rows.map((r) => `${r.outcome} ${r.n}`).join(', ')}`);
  console.log(
    `  NOTIFY-FAIL raised ${s(o.failAt, o.t0)} into the outage; resolved ${s(o.resolvedAt, o.back)} after the receiver came back`,
  );
  console.log(
    `  delivered ${arrivals.length} of ${N}, ${twice} more than once; after the receiver came back: ${after.map((x) => `${x.toFixed(0)} s`).join(', ')}`,
  );
  console.log(
    `  baseline: the back-off interval then in force is at most 1 h (10 s doubling); the first delivery waited ${after[0]?.toFixed(0) ?? '—'} s of it`,
  );
}
