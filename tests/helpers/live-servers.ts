/**
 * More Socket.IO servers on the test system's Redis: one in this process (real auth, real stats) and one in
 * a child process (tests/helpers/live-server-child.ts, which says what it stubs).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { Role } from '../../common/auth.js';
import { silentLogger } from '../../common/node/logger.js';
import { ChangeStream, tailAlertChanges } from '../../alerts/stream/change-stream.js';
import { redisRevocations } from '../../server/auth/revocations.js';
import { startRealtime } from '../../server/realtime/socket-server.js';
import type { Realtime } from '../../server/realtime/socket-server.js';
import { StatsQueries } from '../../server/services/stats-queries.js';
import type { TestSystem } from './system.js';

export interface ExtraServer {
  url: string;
  close(): Promise<void>;
}

/** A second HTTP + Socket.IO server in this process: own http.Server, own Redis connections and tail. */
export async function startSecondRealtime(
  sys: TestSystem,
  /** `revocations: false`: a server that misses every revocation message (only its re-checks remain). */
  opts: { recheckEveryMs?: number; revocations?: false } = {},
): Promise<ExtraServer & { realtime: Realtime }> {
  const redis = new Redis(sys.redis.options);
  const changes = new ChangeStream(redis);
  const stats = new StatsQueries(
    sys.clickhouse.client,
    'Asia/Shanghai',
    async () => new Map(),
    () => changes.currentSeq(),
  );
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const realtime = await startRealtime({
    httpServer: server,
    tail: (deliver) => tailAlertChanges(sys.redis.options, silentLogger, deliver),
    authenticate: sys.auth.authenticate,
    changesSince: (since) => changes.alertChangesSince(since, 500_000),
    summary: (scope) => stats.summary(scope),
    logger: silentLogger,
    ...(opts.revocations === false ? {} : { revocations: redisRevocations(sys.redis.options, silentLogger) }),
    ...(opts.recheckEveryMs ? { recheckEveryMs: opts.recheckEveryMs } : {}),
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    realtime,
    async close() {
      await realtime.close();
      server.closeAllConnections();
      redis.disconnect();
    },
  };
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'live-server-child.ts');

/** The child-process server; `users` gives role and scope per user name (it has no ClickHouse). */
export async function spawnRealtimeChild(
  sys: TestSystem,
  users: Record<string, { role: Role; scope: string }>,
): Promise<ExtraServer & { child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      VIGIL_REDIS: JSON.stringify(sys.redis.options),
      VIGIL_USERS: JSON.stringify(users),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child server did not start: ${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`child server exited (${code}): ${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
