/**
 * The Socket.IO server's periodic work under slowness (real redis-server for the change tail; stub auth and
 * stats): when a stats query or a token re-check takes longer than its interval, runs must not pile up —
 * with hundreds of wall scopes or thousands of sockets that would grow without bound and swamp ClickHouse.
 * Also: each scope's stats reach only the sockets of that scope; a burst of changes reaches websocket and
 * polling-then-upgraded clients complete and in order (writes to a socket are coalesced); a refused
 * handshake's connect_error carries a code in `data` (unauthorized, unavailable) and a message for a person.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { AuthUser } from '../../common/auth.js';
import { AlertStore } from '../../alerts/redis/alert-store.js';
import type { SummaryResponse } from '../../common/api.js';
import { silentLogger } from '../../common/node/logger.js';
import { openRedis } from '../../common/node/redis.js';
import type { RedisHandle } from '../../common/node/redis.js';
import { tailAlertChanges } from '../../alerts/stream/change-stream.js';
import { startRealtime } from '../../server/realtime/socket-server.js';
import type { Realtime } from '../../server/realtime/socket-server.js';
import { tempDir } from '../helpers/system.js';
import { connectSocket } from '../helpers/live-socket.js';
import type { ClientSocket } from '../helpers/live-socket.js';
import { sleep, until } from '../helpers/live-system.js';

const USERS: Record<string, AuthUser> = {
  'token-a': { username: 'a', role: 'viewer', scope: '4501' },
  'token-b': { username: 'b', role: 'viewer', scope: '4502' },
  'token-c': { username: 'c', role: 'viewer', scope: '' },
};
/** A token whose check fails (the token store does not answer). */
const TOKEN_STORE_DOWN = 'token-store-down';
const busy = { stats: 0, maxStats: 0, auth: 0, maxAuth: 0, rechecking: false };
let dir: string;
let redis: RedisHandle;
let server: http.Server;
let realtime: Realtime;
let url: string;
const sockets: ClientSocket[] = [];

function summaryOf(scope: string): SummaryResponse {
  return {
    as_of: `scope:${scope}`,
    seq: 0,
    active: { P1: 0, P2: 0, P3: 0, total: 0, acknowledged: 0 },
    due_soon: 0,
    held: 0,
    new_today: 0,
    resolved_today: 0,
    compliance: { due: 0, on_time: 0, rate: null },
  };
}

beforeAll(async () => {
  dir = tempDir('realtime');
  redis = await openRedis(undefined, dir);
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  realtime = await startRealtime({
    httpServer: server,
    tail: (deliver) => tailAlertChanges(redis.options, silentLogger, deliver),
    async authenticate(token) {
      if (token === TOKEN_STORE_DOWN) throw new Error('token store unreachable');
      if (!busy.rechecking) return USERS[token] ?? null;
      busy.maxAuth = Math.max(busy.maxAuth, ++busy.auth);
      await sleep(150);
      busy.auth--;
      return USERS[token] ?? null;
    },
    changesSince: async () => [],
    async summary(scope) {
      busy.maxStats = Math.max(busy.maxStats, ++busy.stats);
      await sleep(150);
      busy.stats--;
      return summaryOf(scope);
    },
    logger: silentLogger,
    statsEveryMs: 20,
    recheckEveryMs: 20,
  });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await realtime?.close();
  await redis?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('slow stats pushes and token re-checks do not overlap, and stats go to their own scope only', async () => {
  const seen: Record<string, Set<string>> = {};
  for (const token of Object.keys(USERS)) {
    const socket = await connectSocket(url, token);
    sockets.push(socket);
    const got = (seen[token] = new Set<string>());
    socket.on('stats:update', (s) => got.add(s.as_of));
  }
  busy.rechecking = true;
  await sleep(1_500);
  busy.rechecking = false;
  expect(busy.maxStats).toBe(1);
  expect(busy.maxAuth).toBe(1);
  expect([...seen['token-a']!]).toEqual(['scope:4501']);
  expect([...seen['token-b']!]).toEqual(['scope:4502']);
  expect([...seen['token-c']!]).toEqual(['scope:']);
});

function change(n: number): AlertChange {
  const at = new Date().toISOString();
  const alert: Alert = {
    alert_id: `R-INC-01:incident_id:BURST-${n}`,
    seq: 0,
    rule_id: 'R-INC-01',
    severity: 'P1',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: n % 2 === 0 ? '450103520000' : '450203520000',
    subject: { incident_id: `BURST-${n}` },
    trigger_event_id: `e-${n}`,
    satisfied_by_event_id: null,
    due_at: at,
    opened_at: at,
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: 't',
    legal_basis: 'b',
  };
  return { alert_id: alert.alert_id, kind: 'raised', at, alert };
}

it('a burst of changes reaches every client complete and in seq order, websocket or upgraded from polling', async () => {
  const ws = await connectSocket(url, 'token-c');
  const upgraded = connect(url, { auth: { token: 'token-a' }, forceNew: true, reconnection: false });
  sockets.push(ws, upgraded);
  await new Promise<void>((resolve) => upgraded.io.engine.once('upgrade', () => resolve()));
  const got = { ws: [] as number[], upgraded: [] as number[] };
  ws.on('alert:changed', (a) => got.ws.push(a.seq));
  upgraded.on('alert:changed', (a: Alert) => got.upgraded.push(a.seq));
  const redisClient = new Redis(redis.options);
  const store = new AlertStore(redisClient);
  const writes = Array.from({ length: 600 }, (_, n) => ({ expectedSeq: 0, changes: [change(n)] }));
  const seqs = (
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => store.apply(writes.slice(i * 100, i * 100 + 100))))
  )
    .flat()
    .map(Number);
  redisClient.disconnect();
  const in4501 = (s: number) => writes[seqs.indexOf(s)]!.changes[0]!.alert.unit_code.startsWith('4501');
  await until(async () => got.ws.length === 600 && got.upgraded.length === 300, 20_000, 'every push');
  expect(got.ws).toEqual([...seqs].sort((a, b) => a - b));
  expect(got.upgraded).toEqual(seqs.filter(in4501).sort((a, b) => a - b));
});

it('a refused handshake says why: data.code unauthorized or unavailable, and a message', async () => {
  const refusal = async (auth: Record<string, unknown>) => {
    const socket = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
    const err = await new Promise<Error & { data?: unknown }>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('the socket was let in')));
      socket.once('connect_error', resolve);
    });
    socket.close();
    return { code: (err.data as { code?: unknown } | undefined)?.code, message: err.message };
  };
  for (const auth of [{ token: 'not-a-token' }, {}, { token: '' }, { token: 'x'.repeat(201) }]) {
    const r = await refusal(auth);
    expect(r.code, JSON.stringify(auth).slice(0, 40)).toBe('unauthorized');
    expect(r.message).toMatch(/sign in/);
  }
  const down = await refusal({ token: TOKEN_STORE_DOWN });
  expect(down.code).toBe('unavailable');
  expect(down.message).toMatch(/unavailable/);
});
