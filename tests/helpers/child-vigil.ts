/** Runs Vigil (server/main.ts) as a child process on a given DATA_DIR, for crash and restart tests. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { openClickHouse, queryRows } from '../../common/node/clickhouse.js';
import { openRedis } from '../../common/node/redis.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ChildVigil {
  proc: ChildProcess;
  url: string;
  health(): Promise<Record<string, Record<string, number>>>;
  post(events: unknown[]): Promise<{ accepted: number; duplicates: number }>;
  kill(signal: NodeJS.Signals): Promise<void>;
  /**
   * Sends the signal to the child's whole process group, as a terminal's Ctrl-C does (needs `group`);
   * resolves with the exit code.
   */
  killGroup(signal: NodeJS.Signals): Promise<number | null>;
  /** Everything the child wrote. */
  output(): string;
}

export function startChildVigil(
  dataDir: string,
  token: string,
  env: Record<string, string> = {},
  opts: { group?: boolean } = {},
): Promise<ChildVigil> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      INGEST_TOKEN: token,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // its own process group, led by the child: like `npm start` in a terminal
    detached: opts.group === true,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start within 90 s: ${out}`)), 90_000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Dashboard:\s+(http:\/\/\S+?)\/?\s/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      const url = m[1];
      resolve({
        proc,
        url,
        health: async () =>
          // Components are shown only with a token (CONTRACT.md §3); the ingest token will do.
          (await (
            await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${token}` } })
          ).json()) as Record<string, Record<string, number>>,
        post: async (events) => {
          const res = await fetch(`${url}/api/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify(events),
          });
          return (await res.json()) as { accepted: number; duplicates: number };
        },
        kill: async (signal) => {
          const exited = new Promise((r) => proc.once('exit', r));
          proc.kill(signal);
          await exited;
        },
        killGroup: async (signal) => {
          if (!opts.group || proc.pid === undefined) throw new Error('started without its own group');
          const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
          process.kill(-proc.pid, signal);
          return exited;
        },
        output: () => out,
      });
    });
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

/** Waits until the queue is empty, the engine has processed the feed and recorded every change. */
export async function untilSettled(vigil: ChildVigil, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const h = await vigil.health();
    const q = h.queue ?? {};
    const a = h.alerts ?? {};
    if (
      (q.waiting ?? 0) + (q.active ?? 0) + (q.delayed ?? 0) === 0 &&
      a.feed_lag === 0 &&
      a.recorded_seq === a.seq
    )
      return;
    if (Date.now() > end) throw new Error(`not settled: ${JSON.stringify(h)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Restarts Vigil on the data directory until its queue is empty (re-delivered batches stored), stops it,
 * and counts the stored rows and distinct event ids whose id starts with `prefix`.
 */
export async function storedAfterRestart(
  dataDir: string,
  token: string,
  prefix: string,
  env: Record<string, string> = {},
): Promise<{ rows: number; distinct: number }> {
  const vigil = await startChildVigil(dataDir, token, env);
  try {
    for (;;) {
      const q = (await vigil.health()).queue ?? {};
      if ((q.waiting ?? 0) + (q.active ?? 0) + (q.delayed ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await vigil.kill('SIGTERM');
  }
  const ch = await openClickHouse({ database: 'vigil', dataDir });
  try {
    const [row] = await queryRows<{ rows: string; distinct: string }>(
      ch.client,
      'SELECT count() AS rows, uniqExact(event_id) AS distinct FROM events WHERE startsWith(event_id, {p:String})',
      { p: prefix },
    );
    return { rows: Number(row?.rows), distinct: Number(row?.distinct) };
  } finally {
    await ch.close();
  }
}

/**
 * After a test killed Vigil, its redis-server outlives it (as it would in production): stop that one and
 * remove the data directory.
 */
export async function cleanupDataDir(dataDir: string): Promise<void> {
  const redis = await openRedis(undefined, path.join(dataDir, 'redis'));
  const r = new Redis({ ...redis.options, retryStrategy: () => null });
  r.on('error', () => undefined);
  await r.shutdown('NOSAVE').catch(() => undefined);
  r.disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
