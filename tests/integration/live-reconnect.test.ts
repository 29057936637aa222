/**
 * Nothing is lost across a reconnect, and several servers deliver every change (CONTRACT.md §4).
 *
 * Servers on the one test Redis:
 *   main   — the real system (startTestSystem: HTTP + Socket.IO + engine + embedded ClickHouse);
 *   second — another http.Server + startRealtime in THIS process, with its own Redis connections and its
 *            own change tail, real auth (sys.auth) and real stats;
 *   child  — a separate OS process (tests/helpers/live-server-child.ts) running startRealtime: real token
 *            check against Redis, but role/scope from a table and a zero stats stub (it cannot open the
 *            embedded ClickHouse, which belongs to this process).
 * Changes are made through the real paths: events over HTTP (engine raises and resolves) and HTTP ack/resolve.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import type { AlertsResponse } from '../../common/api.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import {
  alertIdOf,
  call,
  makePersonas,
  overdueIncident,
  postEvents,
  raiseAlerts,
  registration,
  until,
} from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { AlertBook, connectSocket, follow, resume } from '../helpers/live-socket.js';
import type { ClientSocket } from '../helpers/live-socket.js';
import { spawnRealtimeChild, startSecondRealtime } from '../helpers/live-servers.js';
import type { ExtraServer } from '../helpers/live-servers.js';

const IN = '450103520000';
const OUT = '450203520000';
let sys: TestSystem;
let p: Personas;
let outToken: string;
let second: ExtraServer;
let child: ExtraServer;
const sockets: ClientSocket[] = [];

interface Client {
  socket: ClientSocket;
  book: AlertBook;
  /** Seqs that arrived as live `alert:changed` pushes. */
  live: Set<number>;
}

async function client(url: string, token: string): Promise<Client> {
  const socket = await connectSocket(url, token);
  sockets.push(socket);
  const book = new AlertBook();
  const live = new Set<number>();
  follow(socket, book);
  socket.on('alert:changed', (a) => live.add(a.seq));
  book.applyResume(await resume(socket, 0));
  return { socket, book, live };
}

/** The latest version of every alert in scope, from the server's change stream. */
async function serverState(scope: string): Promise<Map<string, Alert>> {
  const changes = (await sys.live.changes.alertChangesSince(0, 1_000_000)) ?? [];
  const out = new Map<string, Alert>();
  for (const c of changes) if (c.alert.unit_code.startsWith(scope)) out.set(c.alert_id, c.alert);
  return out;
}

async function inScopeSeqs(scope: string, after: number): Promise<number[]> {
  const changes = (await sys.live.changes.alertChangesSince(after, 1_000_000)) ?? [];
  return changes.filter((c) => c.alert.unit_code.startsWith(scope)).map((c) => c.alert.seq);
}

const post = (route: string, body: unknown) => call(sys.url, 'POST', route, { token: p.token.officer, body });
const ack = (incident: string) =>
  post(`/api/alerts/${encodeURIComponent(alertIdOf(incident))}/ack`, { note: 'seen' });
const resolveByHand = (incident: string) =>
  post(`/api/alerts/${encodeURIComponent(alertIdOf(incident))}/resolve`, { note: 'handled' });
const range = (from: number, to: number, prefix = 'RC'): string[] =>
  Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1' });
  p = await makePersonas(sys, '4501', 'rc');
  await sys.auth.users.create({
    username: 'rc-out',
    password: 'rc-out-password',
    role: 'viewer',
    scope: '4502',
  });
  outToken = (await sys.auth.tokens.issueSession('rc-out')).token;
  second = await startSecondRealtime(sys);
  child = await spawnRealtimeChild(sys, {
    [p.name.officer]: { role: 'officer', scope: '4501' },
    'rc-out': { role: 'viewer', scope: '4502' },
  });
  await raiseAlerts(
    sys,
    range(0, 20).map((incident) => ({ incident, unit: IN })),
  );
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await child?.close();
  await second?.close();
  await sys?.cleanup();
});

it('a client resumed after missing 100 changes ends with exactly the state of one that never left; every server delivers every change', async () => {
  const token = p.token.officer!;
  const a = await client(sys.url, token);
  const b = await client(sys.url, token);
  const c = await client(second.url, token);
  const d = await client(child.url, token);
  const outsider = await client(child.url, outToken);
  const start = await sys.live.alerts.currentSeq();
  expect(b.book.seq).toBe(start);

  b.socket.disconnect();
  const since = b.book.seq;
  // 30 raised (25 in scope, 5 outside), 30 acknowledged, 20 resolved by hand, 20 resolved by their satisfier.
  await raiseAlerts(sys, [
    ...range(20, 45).map((incident) => ({ incident, unit: IN })),
    ...range(0, 5, 'RCX').map((incident) => ({ incident, unit: OUT })),
  ]);
  for (const r of await Promise.all(range(0, 30).map(ack))) expect(r.status, r.text).toBe(200);
  for (const r of await Promise.all(range(0, 20).map(resolveByHand))) expect(r.status, r.text).toBe(200);
  await postEvents(
    sys,
    range(20, 40).map((i) => registration(i, IN)),
  );
  await until(async () => {
    const got = await sys.live.alerts.getMany(range(20, 40).map(alertIdOf));
    return [...got.values()].filter((x) => x.state === 'resolved').length === 20;
  });
  const missed = (await sys.live.alerts.currentSeq()) - since;
  expect(missed).toBeGreaterThanOrEqual(100);

  // B comes back while more changes happen.
  const backAt = await sys.live.alerts.currentSeq();
  b.socket.connect();
  await new Promise<void>((resolve) => b.socket.once('connect', () => resolve()));
  const [reply] = await Promise.all([resume(b.socket, since), ...range(40, 45).map(ack)]);
  expect(reply.ok).toBe(true);
  if (!reply.ok) return;
  const seqs = reply.alerts.map((x) => x.seq);
  expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(reply.alerts.every((x) => x.unit_code.startsWith('4501'))).toBe(true);
  expect(seqs.filter((s) => s <= reply.seq)).toEqual(
    (await inScopeSeqs('4501', since)).filter((s) => s <= reply.seq),
  );
  b.book.applyResume(reply);

  const expected = await serverState('4501');
  const picture = (m: Map<string, Alert>) =>
    Object.fromEntries([...m].sort(([x], [y]) => x.localeCompare(y)));
  for (const [name, x] of Object.entries({ a, b, c, d }))
    await until(
      async () => JSON.stringify(picture(x.book.alerts)) === JSON.stringify(picture(expected)),
      20_000,
      `client ${name} caught up`,
    );
  expect(picture(b.book.alerts)).toEqual(picture(a.book.alerts));
  expect(picture(c.book.alerts)).toEqual(picture(a.book.alerts));
  expect(picture(d.book.alerts)).toEqual(picture(a.book.alerts));
  expect(a.book.alerts.size).toBe(45);

  // Every in-scope change after `start` reached A (main), C (second) and D (child) as a live push.
  const everyChange = await inScopeSeqs('4501', start);
  expect(everyChange.length).toBeGreaterThanOrEqual(95);
  for (const x of [a, c, d]) expect(everyChange.filter((s) => !x.live.has(s))).toEqual([]);
  // B got nothing live while it was away: what it has from then came through the resume.
  expect([...b.live].filter((s) => s > since && s <= backAt)).toEqual([]);
  // The outsider (scope 4502, on the child) got exactly the 4502 changes.
  await until(async () => outsider.live.size === 5);
  expect([...outsider.book.alerts.values()].every((x) => x.unit_code.startsWith('4502'))).toBe(true);
  expect([...outsider.live].sort((x, y) => x - y)).toEqual(await inScopeSeqs('4502', start));

  // The REST API agrees: active alerts from Redis, resolved ones from ClickHouse once recorded.
  const byId = (alerts: Alert[]) => Object.fromEntries(alerts.map((x) => [x.alert_id, x.seq]).sort());
  const active = await call<AlertsResponse>(sys.url, 'GET', '/api/alerts?state=active', { token });
  expect(byId(active.json.alerts)).toEqual(
    byId([...a.book.alerts.values()].filter((x) => x.state !== 'resolved')),
  );
  await sys.engine!.settled();
  const resolved = await call<AlertsResponse>(sys.url, 'GET', '/api/alerts?state=resolved', { token });
  expect(byId(resolved.json.alerts)).toEqual(
    byId([...a.book.alerts.values()].filter((x) => x.state === 'resolved')),
  );
  expect(resolved.json.alerts.length).toBe(40);
  const sinceApi = await call<AlertsResponse>(sys.url, 'GET', `/api/alerts?since_seq=${since}`, { token });
  expect(byId(sinceApi.json.alerts)).toEqual(byId([...b.book.alerts.values()].filter((x) => x.seq > since)));
});

it('resume refuses hostile arguments without harm', async () => {
  const socket = await connectSocket(sys.url, p.token.viewer);
  sockets.push(socket);
  for (const bad of [-1, 1.5, '1 OR 1=1', '7', '', null, true, [], Infinity, 2 ** 60, { $gt: 0 }]) {
    const reply = await socket.timeout(5_000).emitWithAck('alerts:resume', { since_seq: bad as number });
    expect(reply.ok, String(bad)).toBe(false);
  }
  expect((await resume(socket, 0)).ok).toBe(true);
});

it('a connected socket whose token is revoked is cut off at the next re-check', async () => {
  const checked = await startSecondRealtime(sys, { recheckEveryMs: 300 });
  try {
    const token = (await sys.auth.tokens.issueSession(p.name.viewer)).token;
    const socket = await connectSocket(checked.url, token);
    sockets.push(socket);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    await sys.auth.tokens.revoke(token);
    expect(await gone).toBe('io server disconnect');
  } finally {
    await checked.close();
  }
});

it('a socket scoped to 4502 on the second server gets no 4501 change', async () => {
  const socket = await connectSocket(second.url, outToken);
  sockets.push(socket);
  const got: Alert[] = [];
  socket.on('alert:changed', (x) => got.push(x));
  await postEvents(sys, [overdueIncident('RC-late-in', IN)]);
  await until(async () => (await sys.live.alerts.get(alertIdOf('RC-late-in')))?.stage === 'overdue');
  await new Promise((r) => setTimeout(r, 500));
  expect(got).toEqual([]);
});
