/**
 * A second Socket.IO server process for live-reconnect.test.ts: an http.Server on a free loopback port with
 * the real `startRealtime` (the same change tail, rooms and resume as the main server) against the test's
 * Redis. It runs in its own OS process, so it cannot open the test's embedded ClickHouse (one process per
 * data directory). Therefore, and only therefore:
 *   - `authenticate` checks tokens with the real TokenStore in the shared Redis, but takes role and scope
 *     from VIGIL_USERS (JSON {username: {role, scope}}) instead of the ClickHouse users table;
 *   - `summary` (the periodic stats push) is a stub of zeros.
 * Prints `PORT <n>` when listening; exits when its stdin closes or on SIGTERM.
 * Run: node --import tsx tests/helpers/live-server-child.ts   (env VIGIL_REDIS, VIGIL_USERS)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { AuthUser, Role } from '../../common/auth.js';
import type { SummaryResponse } from '../../common/api.js';
import { silentLogger } from '../../common/node/logger.js';
import { ChangeStream } from '../../alerts/stream/change-stream.js';
import { redisRevocations } from '../../server/auth/revocations.js';
import { TokenStore } from '../../server/auth/tokens.js';
import { tailAlertChanges } from '../../alerts/stream/change-stream.js';
import { startRealtime } from '../../server/realtime/socket-server.js';

const redisOptions = JSON.parse(process.env.VIGIL_REDIS ?? '{}') as RedisOptions;
const users = JSON.parse(process.env.VIGIL_USERS ?? '{}') as Record<string, { role: Role; scope: string }>;

const redis = new Redis({ ...redisOptions, maxRetriesPerRequest: 3 });
const tokens = new TokenStore(redis);
const changes = new ChangeStream(redis);

async function authenticate(token: string): Promise<AuthUser | null> {
  const record = await tokens.lookup(token);
  const user = record ? users[record.username] : undefined;
  if (!record || !user) return null;
  return {
    username: record.username,
    role: record.kind === 'kiosk' ? 'viewer' : user.role,
    scope: user.scope,
  };
}

async function summary(): Promise<SummaryResponse> {
  return {
    as_of: new Date().toISOString(),
    seq: await changes.currentSeq(),
    active: { P1: 0, P2: 0, P3: 0, total: 0, acknowledged: 0 },
    due_soon: 0,
    held: 0,
    new_today: 0,
    resolved_today: 0,
    compliance: { due: 0, on_time: 0, rate: null },
  };
}

const server = http.createServer((_req, res) => {
  res.statusCode = 404;
  res.end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const realtime = await startRealtime({
  httpServer: server,
  tail: (deliver) => tailAlertChanges(redisOptions, silentLogger, deliver),
  authenticate,
  changesSince: (since) => changes.alertChangesSince(since, 500_000),
  summary,
  logger: silentLogger,
  revocations: redisRevocations(redisOptions, silentLogger),
});
process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await realtime.close();
  server.closeAllConnections();
  server.close();
  redis.disconnect();
  process.exit(0);
}
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
