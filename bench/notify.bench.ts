/**
 * `npm run bench -- notify [--events N]` (N = alerts left with pending timers, default 5,000; 0: the burst only): notifications
 * (issue #15) on the real system in one process (its own redis-server, embedded ClickHouse, the engine runner,
 * the notify role from a NOTIFY_FILE, HTTP), delivering to a webhook served by a process of its own (node:http),
 * ALERT_GRACE_SECONDS=1. In one run:
 *  1. a burst: 10,000 R-INC-13 obligations (incident.dispatched, no pre-warning) posted to POST /api/events
 *     with one deadline 10 s ahead, so that 10,000 alerts are raised together at due + grace. Route
 *     `{"match":{"kinds":["alert.raised"]},"to":["channel:hook"]}`. Per alert: raised (the wall time the
 *     engine's `raised` change was seen by onAlertChanges) → first webhook arrival: p50/p95/p99/max, how many
 *     arrived and how many twice; against the same alerts' due + grace → raised (the engine's own deadline →
 *     published, the baseline), and due + grace → webhook (the issue's target: p99 ≤ 2 s beyond the grace).
 *  2. memory: N alerts (already overdue when posted, unit 450105) matched also by a route with
 *     `renotify_every: 1h` and `escalate_after: 2h`; once every first delivery is done, Redis used_memory freed
 *     by removing their timers (two BullMQ delayed jobs each, and their entries in vigil:notify:timers), per
 *     alert and per timer, against a bare BullMQ delayed job (no data, a default id) measured the same way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { AlertChange } from '../common/alerts.js';
import type { PoliceEvent } from '../common/events.js';
import { silentLogger } from '../common/node/logger.js';
import { KEYS } from '../alerts/redis/keys.js';
import { QUEUE_PREFIX } from '../ingest/queue.js';
import { DELIVER_QUEUE, NOTIFY_KEYS, TIMER_QUEUE } from '../notify/queue/keys.js';
import { startSystem } from '../server/system.js';
import type { RunningSystem } from '../server/system.js';
import { benchConfig } from './bench-config.js';
import { cpuDelta, cpuSnapshot, loadAverage } from './cpu.js';
import { reportBurst } from './notify-burst-report.js';
import { floorLine, transportFloor } from './notify-floor.js';
import { startChildReceiver } from './notify-receiver-child.js';
import type { WebhookReceiver } from './notify-receiver.js';
import { fmt, machineMeter } from './stats.js';

const GRACE_S = 1;
const BURST = 10_000;
/** How far ahead of the posting the burst's deadline lies (all of it ingested and judged before). */
const LEAD_MS = 10_000;
const BURST_UNIT = '450103520000';
const PENDING_UNIT = '450105510000';
const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ruleAlert = (incident: string) => `R-INC-13:incident_id:${incident}`;

function notifyFile(hookUrl: string) {
  return {
    version: 1,
    channels: [{ id: 'hook', name: '基准测试', type: 'webhook', url: hookUrl }],
    routes: [
      { match: { kinds: ['alert.raised'] }, to: ['channel:hook'] },
      // Part 2's alerts (unit 450105) match both routes: one first delivery (same delivery id), two timers.
      {
        id: 'pending',
        match: { kinds: ['alert.raised'], unit: '450105' },
        to: ['channel:hook'],
        renotify_every: '1h',
        escalate_after: '2h',
      },
    ],
  };
}

interface Bench {
  dir: string;
  sys: RunningSystem;
  redis: Redis;
  rx: WebhookReceiver;
  /** alert id → when its `raised` change was seen, and its due_at. */
  raised: Map<string, { at: number; due: number }>;
  stored: { count: number };
}

async function open(): Promise<Bench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-notify-'));
  const rx = await startChildReceiver();
  const file = path.join(dir, 'notify.json');
  fs.writeFileSync(file, JSON.stringify(notifyFile(`${rx.url}/hook`)));
  const raised = new Map<string, { at: number; due: number }>();
  const stored = { count: 0 };
  const onAlertChanges = (changes: AlertChange[]) => {
    const at = Date.now();
    for (const c of changes)
      if (c.kind === 'raised' && !raised.has(c.alert_id))
        raised.set(c.alert_id, { at, due: Date.parse(c.alert.due_at) });
  };
  const sys = await startSystem({
    config: benchConfig(path.join(dir, 'data'), {
      ALERT_GRACE_SECONDS: String(GRACE_S),
      NOTIFY_FILE: file,
      // Periodic reconciliation re-reads ClickHouse; it is not what is measured here.
      RECONCILE_INTERVAL_SECONDS: '0',
    }),
    logger: silentLogger,
    onAlertChanges,
    onStored: (ids) => void (stored.count += ids.length),
  });
  const redis = new Redis(sys.redis.options);
  // The engine rebuilds an empty Redis from ClickHouse when it starts; events go in after that.
  while (!(await redis.exists(KEYS.ready))) await sleep(200);
  return { dir, sys, redis, rx, raised, stored };
}

async function close(b: Bench): Promise<void> {
  b.redis.disconnect();
  await b.sys.close();
  await b.rx.close();
  fs.rmSync(b.dir, { recursive: true, force: true });
}

/** POST /api/events in batches of 1,000, two at a time. */
async function post(b: Bench, events: PoliceEvent[]): Promise<void> {
  const batches: PoliceEvent[][] = [];
  for (let i = 0; i < events.length; i += 1_000) batches.push(events.slice(i, i + 1_000));
  const send = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const res = await fetch(`${b.sys.url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${b.sys.secrets.ingestToken}` },
        body: JSON.stringify(batch),
      });
      const text = await res.text();
      if (res.status !== 202) throw new Error(`POST /api/events ${res.status}: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all([send(), send()]);
}

function dispatched(prefix: string, n: number, unit: string, occurredAt: number): PoliceEvent[] {
  const occurred_at = new Date(occurredAt).toISOString();
  return Array.from({ length: n }, (_, i) => ({
    event_id: `${prefix}-${i}`,
    type: 'incident.dispatched' as const,
    occurred_at,
    unit_code: unit,
    incident_id: `${prefix}-${i}`,
  }));
}

/** Waits until `done()` or until nothing moved (`progress()` unchanged) for `stallMs`; false when it stalled. */
async function waitFor(
  done: () => Promise<boolean> | boolean,
  progress: () => number,
  stallMs: number,
): Promise<boolean> {
  let last = progress();
  let movedAt = Date.now();
  while (!(await done())) {
    await sleep(100);
    const now = progress();
    if (now !== last) [last, movedAt] = [now, Date.now()];
    else if (Date.now() - movedAt > stallMs) return false;
  }
  return true;
}

/** 1. The burst. */
async function burst(b: Bench): Promise<void> {
  const run = `NB${Date.now().toString(36)}`;
  const ids = Array.from({ length: BURST }, (_, i) => ruleAlert(`${run}-${i}`));
  const storedBefore = b.stored.count;
  const t0 = Date.now();
  const due = t0 + LEAD_MS;
  await post(b, dispatched(run, BURST, BURST_UNIT, due - 24 * HOUR));
  await waitFor(
    async () => b.stored.count - storedBefore >= BURST && (await b.sys.engine!.lag()) === 0,
    () => b.stored.count,
    30_000,
  );
  const judgedAt = Date.now();
  const early = ids.filter((id) => b.raised.has(id)).length;
  await sleep(Math.max(0, due - Date.now() - 500));
  const meter = machineMeter();
  const cpu0 = await cpuSnapshot(b.redis);
  const receiver0 = b.rx.cpuMs?.() ?? NaN;
  // Counted from the maps' sizes (nothing else is raised or received meanwhile), not by scanning the 10,000
  // ids every 100 ms on the main thread the system under measurement runs on; the report counts exactly.
  const [raised0, got0] = [b.raised.size - early, b.rx.firstAt.size];
  const got = () => b.rx.firstAt.size - got0;
  await waitFor(
    () => b.raised.size - raised0 >= BURST,
    () => b.raised.size,
    20_000,
  );
  await waitFor(() => got() === BURST, got, 30_000);
  await sleep(2_000); // a late duplicate would come now
  const machine = meter();
  const cpu = cpuDelta(cpu0, await cpuSnapshot(b.redis));
  const receiverMs = (b.rx.cpuMs?.() ?? NaN) - receiver0;
  reportBurst({ raised: b.raised, rx: b.rx, graceS: GRACE_S }, ids, {
    t0,
    due,
    judgedAt,
    early,
    machine,
    cpu,
    receiverMs,
  });
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
}

/** used_memory freed by `remove()`, read when memory is steady (two readings 500 ms apart within 1 KiB). */
async function freedBy(redis: Redis, remove: () => Promise<void>): Promise<{ bytes: number; drift: number }> {
  let a = await usedMemory(redis);
  let drift = Infinity;
  for (let i = 0; i < 10 && Math.abs(drift) > 1024; i++) {
    await sleep(500);
    const b = await usedMemory(redis);
    [drift, a] = [b - a, b];
  }
  await remove();
  await sleep(200);
  return { bytes: a - (await usedMemory(redis)), drift };
}

/** MEMORY USAGE summed over a queue's delayed jobs' hashes, and of its delayed set. */
async function sampledUsage(
  redis: Redis,
  queue: string,
): Promise<{ jobs: number; hashes: number; zset: number }> {
  const key = `${QUEUE_PREFIX}:${queue}`;
  const ids = await redis.zrange(`${key}:delayed`, '0', '-1');
  let hashes = 0;
  for (let i = 0; i < ids.length; i += 1_000) {
    const p = redis.pipeline();
    for (const id of ids.slice(i, i + 1_000)) p.call('MEMORY', 'USAGE', `${key}:${id}`, 'SAMPLES', '0');
    for (const [, v] of (await p.exec()) ?? []) hashes += Number(v ?? 0);
  }
  const zset = Number(await redis.call('MEMORY', 'USAGE', `${key}:delayed`, 'SAMPLES', '0'));
  return { jobs: ids.length, hashes, zset };
}

/** 2. Memory per pending re-notification. */
async function pending(b: Bench, n: number): Promise<void> {
  const run = `NP${Date.now().toString(36)}`;
  const ids = Array.from({ length: n }, (_, i) => ruleAlert(`${run}-${i}`));
  const connection = { ...b.sys.redis.options, maxRetriesPerRequest: null } as ConnectionOptions;
  const timers = new Queue(TIMER_QUEUE, { connection, prefix: QUEUE_PREFIX });
  const deliver = new Queue(DELIVER_QUEUE, { connection, prefix: QUEUE_PREFIX });
  const bare = new Queue('vigil-bench-bare', { connection, prefix: QUEUE_PREFIX });
  try {
    const t0 = Date.now();
    await post(b, dispatched(run, n, PENDING_UNIT, t0 - 30 * HOUR));
    const got = () => ids.filter((id) => b.rx.firstAt.has(id)).length;
    const idle = async () => {
      const c = await deliver.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
      return Object.values(c).every((x) => x === 0);
    };
    const settled = await waitFor(
      async () =>
        got() === n &&
        (await timers.getDelayedCount()) === 2 * n &&
        (await b.redis.hlen(NOTIFY_KEYS.timers)) === n &&
        (await idle()) &&
        (await b.redis.llen(NOTIFY_KEYS.attempts)) === 0,
      got,
      30_000,
    );
    const firstDone = (Date.now() - t0) / 1000;
    const pendingTimers = await timers.getDelayedCount();
    const sampled = await sampledUsage(b.redis, TIMER_QUEUE);
    const bookBytes = Number(await b.redis.call('MEMORY', 'USAGE', NOTIFY_KEYS.timers, 'SAMPLES', '0'));
    const freed = await freedBy(b.redis, async () => {
      await timers.drain(true);
      await b.redis.del(NOTIFY_KEYS.timers);
    });
    // The baseline: as many bare delayed jobs, measured the same way.
    for (let i = 0; i < pendingTimers; i += 1_000)
      await bare.addBulk(
        Array.from({ length: Math.min(1_000, pendingTimers - i) }, () => ({
          name: 'timer',
          data: {},
          opts: { delay: HOUR, removeOnComplete: true },
        })),
      );
    const bareSampled = await sampledUsage(b.redis, 'vigil-bench-bare');
    const bareFreed = await freedBy(b.redis, () => bare.drain(true));
    const perAlert = freed.bytes / n;
    const perTimer = freed.bytes / pendingTimers;
    const perBare = bareFreed.bytes / pendingTimers;
    const twice = ids.filter((id) => b.rx.repeats.has(id)).length;
    console.log(
      `\nnotify: Redis memory per pending re-notification — ${fmt(n)} alerts (already overdue when posted), route ` +
        `renotify_every 1h + escalate_after 2h`,
    );
    console.log(
      `  first deliveries: ${fmt(got())} of ${fmt(n)} received (${twice} more than once) in ${fmt(firstDone, 1)} s` +
        `${settled ? '' : '  (STALLED before everything settled)'}; pending timers ${fmt(pendingTimers)} ` +
        `(${fmt(pendingTimers / n, 2)} per alert), subjects in vigil:notify:timers ${fmt(n)}`,
    );
    console.log(
      `  Redis per pending alert       ${fmt(perAlert)} B  (used_memory freed by removing its timers and its timer-book entry)`,
    );
    console.log(
      `  Redis per timer               ${fmt(perTimer)} B  (${fmt(perTimer / perBare, 2)}× a bare BullMQ delayed job, ` +
        `${fmt(perBare)} B, the baseline measured the same way in this run)`,
    );
    console.log(
      `  cross-check, MEMORY USAGE:    timer job hash ${fmt(sampled.hashes / sampled.jobs)} B, delayed-set entry ` +
        `${fmt(sampled.zset / sampled.jobs)} B, timer-book entry ${fmt(bookBytes / n)} B → ` +
        `${fmt((sampled.hashes + sampled.zset + bookBytes) / n)} B per alert; bare job hash ` +
        `${fmt(bareSampled.hashes / bareSampled.jobs)} B + entry ${fmt(bareSampled.zset / bareSampled.jobs)} B`,
    );
    console.log(
      `  (used_memory drift over the last 500 ms before each removal: ${fmt(freed.drift)} B / ${fmt(bareFreed.drift)} B)`,
    );
  } finally {
    await bare.obliterate({ force: true }).catch(() => undefined);
    await Promise.all([timers.close(), deliver.close(), bare.close()]);
  }
}

export async function benchNotify(args: { events?: number }): Promise<void> {
  const n = args.events ?? 5_000;
  console.log(`\nnotify benchmark (load average before: ${loadAverage()}; ${os.cpus().length} cores)`);
  const b = await open();
  try {
    const floor = await transportFloor(BURST);
    await burst(b);
    console.log(floorLine(floor, BURST));
    if (n > 0) await pending(b, n); // --events 0: the burst alone (for profiling it)
    console.log(
      [
        '  how: one process runs the whole system (ROLE=all: own redis-server, embedded ClickHouse, engine, notify',
        '  workers); the webhook receiver is a process of its own, as a receiving system is, on the same two cores;',
        '  "raised seen" is the wall time onAlertChanges saw the change, "received" the wall time the receiver had the',
        '  body. Figures are ratios against a baseline in the same run; absolute times move with the machine load.',
      ].join('\n'),
    );
  } finally {
    await close(b);
  }
}
