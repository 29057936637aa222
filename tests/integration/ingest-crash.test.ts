/**
 * SIGKILL mid-ingest: the process dies while batches are queued and in flight; after a restart on the
 * same DATA_DIR every accepted event is stored exactly once.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openClickHouse, queryRows } from '../../common/node/clickhouse.js';
import { openRedis } from '../../common/node/redis.js';
import type { AcceptResult } from '../../common/ingest.js';
import { batch } from '../helpers/events.js';
import { tempDir } from '../helpers/system.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = 'crash-test-token-0123456789';
const dataDir = tempDir('crash');
let child: ChildProcess | null = null;

afterAll(async () => {
  child?.kill('SIGKILL');
  const redis = await openRedis(undefined, path.join(dataDir, 'redis'));
  // The killed process's redis-server outlives it (as it would in production); stop it.
  if (!redis.owned) {
    const { Redis } = await import('ioredis');
    const r = new Redis({ ...redis.options, retryStrategy: () => null });
    r.on('error', () => undefined);
    await r.shutdown('NOSAVE').catch(() => undefined);
    r.disconnect();
  } else await redis.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function startVigil(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      INGEST_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start within 60 s: ${out}`)), 60_000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Dashboard:\s+(http:\/\/\S+?)\/?\s/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ proc, url: m[1] });
      }
    });
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function post(url: string, events: unknown[]): Promise<AcceptResult> {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(events),
  });
  return (await res.json()) as AcceptResult;
}

async function health(url: string): Promise<Record<string, Record<string, number>>> {
  return (await (await fetch(`${url}/api/health`)).json()) as Record<string, Record<string, number>>;
}

it('after SIGKILL mid-ingest and a restart, every accepted event is stored exactly once', async () => {
  const first = await startVigil();
  let accepted = 0;
  const posts: Promise<void>[] = [];
  for (let i = 0; i < 40; i++) {
    const events = batch(1_000, `crash-${i}`);
    posts.push(post(first.url, events).then((r) => void (accepted += r.accepted)));
    // Some batches sent twice: duplicates must not be double-stored across the crash either.
    if (i % 10 === 0) posts.push(post(first.url, events).then((r) => void (accepted += r.accepted)));
  }
  await Promise.all(posts);
  const before = await health(first.url);
  first.proc.kill('SIGKILL');
  await new Promise((r) => first.proc.once('exit', r));
  child = null;
  expect(accepted).toBeGreaterThanOrEqual(40_000);

  const second = await startVigil();
  for (;;) {
    const q = (await health(second.url)).queue ?? {};
    if ((q.waiting ?? 0) + (q.active ?? 0) + (q.delayed ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  second.proc.kill('SIGTERM');
  await new Promise((r) => second.proc.once('exit', r));
  child = null;

  const ch = await openClickHouse({ database: 'vigil', dataDir });
  const [row] = await queryRows<{ rows: string; distinct: string }>(
    ch.client,
    "SELECT count() AS rows, uniqExact(event_id) AS distinct FROM events WHERE startsWith(event_id, 'crash-')",
  );
  await ch.close();
  console.log(
    `queue at kill: ${JSON.stringify(before.queue)}; stored rows ${row?.rows}, distinct ${row?.distinct}`,
  );
  expect(Number(row?.distinct)).toBe(40_000);
  expect(Number(row?.rows)).toBe(40_000);
}, 240_000);
