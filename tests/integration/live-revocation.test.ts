/**
 * Revocation reaches every server at once (CONTRACT.md §3: a disabled user's tokens "stop working at once").
 * Servers on the one test Redis: the real system, a second realtime server in this process, a child-process
 * server (tests/helpers/live-servers.ts), and a "deaf" server that gets no revocation messages (a lost
 * pub/sub message): there a still-open socket's resume is refused with `invalid_token`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { adminToken, call, sleep } from '../helpers/live-system.js';
import { connectSocket, resume } from '../helpers/live-socket.js';
import type { ClientSocket } from '../helpers/live-socket.js';
import { spawnRealtimeChild, startSecondRealtime } from '../helpers/live-servers.js';
import type { ExtraServer } from '../helpers/live-servers.js';

let sys: TestSystem;
let admin: string;
let second: ExtraServer;
let child: ExtraServer;
let deaf: ExtraServer;
const sockets: ClientSocket[] = [];
const USERS = ['rv-disabled', 'rv-logout', 'rv-deaf'] as const;

beforeAll(async () => {
  sys = await startTestSystem();
  admin = await adminToken(sys);
  for (const username of USERS) {
    const body = { username, password: `${username}-secret`, role: 'officer', scope: '4501' };
    expect((await call(sys.url, 'POST', '/api/users', { token: admin, body })).status).toBe(201);
  }
  second = await startSecondRealtime(sys);
  deaf = await startSecondRealtime(sys, { revocations: false });
  child = await spawnRealtimeChild(
    sys,
    Object.fromEntries(USERS.map((u) => [u, { role: 'officer' as const, scope: '4501' }])),
  );
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await child?.close();
  await second?.close();
  await deaf?.close();
  await sys?.cleanup();
});

async function open(url: string, token: string): Promise<ClientSocket> {
  const socket = await connectSocket(url, token);
  sockets.push(socket);
  return socket;
}

/** Milliseconds until the server disconnects the socket (rejects after `ms`). */
function disconnected(socket: ClientSocket, ms: number): Promise<number> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    if (!socket.connected) return resolve(0);
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      expect(reason).toBe('io server disconnect');
      resolve(Date.now() - start);
    });
  });
}

const session = async (username: string): Promise<string> =>
  (await sys.auth.tokens.issueSession(username)).token;

describe('revocation messages', () => {
  it('disabling a user disconnects their sockets on every server within a second', async () => {
    const token = await session('rv-disabled');
    const mine = await Promise.all([sys.url, second.url, child.url].map((url) => open(url, token)));
    const bystander = await open(second.url, await session('rv-logout'));
    const res = await call(sys.url, 'DELETE', '/api/users/rv-disabled', { token: admin });
    expect(res.status, res.text).toBe(200);
    const times = await Promise.all(mine.map((s) => disconnected(s, 1_500)));
    expect(Math.max(...times)).toBeLessThan(1_000);
    await sleep(200);
    expect(bystander.connected).toBe(true);
  });

  it('a logout disconnects that token’s sockets everywhere, not the user’s other sessions', async () => {
    const [ending, staying] = [await session('rv-logout'), await session('rv-logout')];
    const ended = await Promise.all([sys.url, second.url, child.url].map((url) => open(url, ending)));
    const kept = await Promise.all([sys.url, second.url, child.url].map((url) => open(url, staying)));
    expect((await call(sys.url, 'POST', '/api/auth/logout', { token: ending })).status).toBe(204);
    const times = await Promise.all(ended.map((s) => disconnected(s, 1_500)));
    expect(Math.max(...times)).toBeLessThan(1_000);
    await sleep(200);
    expect(kept.map((s) => s.connected)).toEqual([true, true, true]);
    expect((await resume(kept[1]!, 0)).ok).toBe(true);
  });
});

describe('a server that missed the message', () => {
  it('refuses a resume on the still-open socket with invalid_token, then disconnects it', async () => {
    const token = await session('rv-deaf');
    const socket = await open(deaf.url, token);
    expect((await resume(socket, 0)).ok).toBe(true);
    expect((await call(sys.url, 'DELETE', '/api/users/rv-deaf', { token: admin })).status).toBe(200);
    await sleep(300);
    expect(socket.connected).toBe(true); // no message, and the periodic re-check is 30 s away
    const gone = disconnected(socket, 2_000);
    expect(await resume(socket, 0)).toEqual({
      ok: false,
      error: expect.stringMatching(/sign in again/),
      code: 'invalid_token',
    });
    await gone;
  });
});
