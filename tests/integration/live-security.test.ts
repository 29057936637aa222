/**
 * Security of the live server (real system): hostile filter parameters, tampered/expired/revoked tokens on
 * HTTP and on the Socket.IO handshake, oversize and malformed action bodies, HTML in notes, login throttling.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetail } from '../../common/api.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { TokenStore } from '../../server/auth/index.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { alertIdOf, auditRows, call, eventCount, makePersonas, raiseAlerts } from '../helpers/live-system.js';
import { sleep } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { handshakeRefusal } from '../helpers/live-socket.js';

let sys: TestSystem;
let p: Personas;
let redis: Redis;
const IN = '450103520000';

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1' });
  p = await makePersonas(sys, '4501', 'sec');
  redis = new Redis(sys.redis.options);
  await raiseAlerts(
    sys,
    ['a', 'b', 'html', 'html2', 'body'].map((k) => ({ incident: `SEC-${k}`, unit: IN })),
  );
  await sys.engine!.settled();
});
afterAll(async () => {
  redis?.disconnect();
  await sys?.cleanup();
});

// prettier-ignore
const INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE events; --', '{x:String}', '{unit:String}', '%00', '\u0000',
  '../../etc/passwd', 'x'.repeat(10_240), '4'.repeat(10_240), '\u202Eevil\u202C', 'مرحبا\u200F4501', '4501%',
  '4501_', '1e309', '-1'];

const FILTERS: Record<string, string[]> = {
  '/api/alerts': ['state', 'rule_id', 'unit', 'severity', 'since_seq', 'limit'],
  '/api/stats/summary': ['unit', 'limit'],
  '/api/stats/countdown': ['unit', 'limit'],
  '/api/stats/trends': ['from', 'to', 'bucket', 'unit', 'rule_id', 'severity'],
  '/api/stats/units': ['from', 'to', 'level', 'parent', 'rule_id'],
};
const RANGE = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() };

async function tableCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['events', 'alert_events', 'obligations', 'users']) {
    const [r] = await queryRows<{ n: string }>(sys.clickhouse.client, `SELECT count() AS n FROM ${t}`);
    out[t] = Number(r?.n ?? 0);
  }
  return out;
}

describe('injection strings in every filter parameter', () => {
  it('get 400 or a harmless answer, and change no data', async () => {
    await sys.engine!.settled();
    const before = await tableCounts();
    const seen = new Set<number>();
    for (const [route, params] of Object.entries(FILTERS)) {
      for (const param of params) {
        for (const bad of INJECTIONS) {
          const q = new URLSearchParams(route.includes('trends') || route.includes('units') ? RANGE : {});
          q.set(param, bad);
          const res = await call(sys.url, 'GET', `${route}?${q}`, { token: p.token.manager });
          seen.add(res.status);
          expect([200, 400], `${route} ${param}=${bad.slice(0, 30)}: ${res.text.slice(0, 200)}`).toContain(
            res.status,
          );
          if (res.status === 400)
            expect(res.json).toEqual({
              error: expect.stringMatching(/^invalid request: \S/),
              code: 'invalid_query',
            });
          // A 200 only for a well-formed rule id that is no rule ("-1", "4501_"): nothing matches it.
          if (res.status === 200) {
            expect(param).toBe('rule_id');
            expect(bad).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
            if (route === '/api/alerts') expect(res.json.alerts).toEqual([]);
          }
        }
      }
    }
    // Unknown and repeated parameters, injections in the parameter name and in the path.
    for (const route of Object.keys(FILTERS)) {
      const names = [`unit' OR '1'='1`, 'unit[]', '__proto__'];
      for (const name of names) {
        const res = await call(sys.url, 'GET', `${route}?${encodeURIComponent(name)}=4501`, {
          token: p.token.manager,
        });
        expect(res.status, `${route} ${name}`).toBe(400);
      }
      const twice = await call(sys.url, 'GET', `${route}?unit=4501&unit=4502`, { token: p.token.manager });
      expect(twice.status).toBe(400);
    }
    for (const bad of INJECTIONS.slice(0, 7)) {
      const res = await call(sys.url, 'GET', `/api/alerts/${encodeURIComponent(bad)}`, {
        token: p.token.manager,
      });
      expect([400, 404]).toContain(res.status);
    }
    expect(await tableCounts()).toEqual(before);
    expect((await call(sys.url, 'GET', '/api/health')).status).toBe(200);
    expect(seen.has(400)).toBe(true);
  });
});

describe('tokens', () => {
  const socketOk = async (token: string | undefined) =>
    expect(await handshakeRefusal(sys.url, token)).toBeNull();
  const socketRefused = async (token: string | undefined) =>
    expect(await handshakeRefusal(sys.url, token)).toBe('unauthorized');
  const me = (token: string | undefined) => call(sys.url, 'GET', '/api/auth/me', { token });

  it('tampered and missing tokens are refused on HTTP and on the socket handshake', async () => {
    const token = p.token.officer!;
    expect((await me(token)).status).toBe(200);
    await socketOk(token);
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    for (const bad of [
      flipped,
      `${token}x`,
      token.slice(0, -1),
      '',
      'null',
      `${token}%00`,
      `Bearer ${token}`,
    ]) {
      expect((await me(bad)).status, bad).toBe(401);
      await socketRefused(bad);
    }
    await socketRefused(`${token}\u0000`);
    await socketRefused(undefined);
  });

  it('an expired token is refused (a short-lived session issued by the same token store)', async () => {
    const shortLived = new TokenStore(redis, { sessionTtlMs: 1_500 });
    const { token } = await shortLived.issueSession(p.name.officer);
    expect((await me(token)).status).toBe(200);
    await socketOk(token);
    await sleep(1_700);
    expect((await me(token)).status).toBe(401);
    await socketRefused(token);
  });

  it('revoked tokens (logout, revoked kiosk token, disabled user) are refused at once', async () => {
    const session = await p.fresh('viewer');
    await socketOk(session);
    expect((await call(sys.url, 'POST', '/api/auth/logout', { token: session })).status).toBe(204);
    expect((await me(session)).status).toBe(401);
    await socketRefused(session);

    const admin = p.token.admin;
    const kiosk = await call<{ token: string; id: string }>(
      sys.url,
      'POST',
      `/api/users/${p.name.viewer}/kiosk-tokens`,
      {
        token: admin,
      },
    );
    expect(kiosk.status).toBe(201);
    await socketOk(kiosk.json.token);
    const del = await call(sys.url, 'DELETE', `/api/users/${p.name.viewer}/kiosk-tokens/${kiosk.json.id}`, {
      token: admin,
    });
    expect(del.status).toBe(204);
    expect((await me(kiosk.json.token)).status).toBe(401);
    await socketRefused(kiosk.json.token);

    await sys.auth.users.create({
      username: 'sec-leaver',
      password: 'sec-leaver-pw',
      role: 'officer',
      scope: '4501',
    });
    const leaver = (await sys.auth.tokens.issueSession('sec-leaver')).token;
    await socketOk(leaver);
    expect((await call(sys.url, 'DELETE', '/api/users/sec-leaver', { token: admin })).status).toBe(200);
    expect((await me(leaver)).status).toBe(401);
    await socketRefused(leaver);
  });

  it('repeated failed sign-ins from one address are throttled (429) there, even with the right password', async () => {
    const ip = '192.0.2.200';
    for (let i = 0; i < 5; i++) {
      const res = await call(sys.url, 'POST', '/api/auth/login', {
        ip,
        body: { username: p.name.manager, password: `guess-${i}` },
      });
      expect(res.status).toBe(401);
    }
    const right = { username: p.name.manager, password: p.password.manager };
    const limited = await call(sys.url, 'POST', '/api/auth/login', { ip, body: right });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Only that address is throttled: the user is not locked out.
    const fresh = await call(sys.url, 'POST', '/api/auth/login', { ip: '192.0.2.201', body: right });
    expect(fresh.status).toBe(200);
  });
});

describe('action bodies', () => {
  const ack = (raw: string | Buffer, type = 'application/json') =>
    call(sys.url, 'POST', `/api/alerts/${encodeURIComponent(alertIdOf('SEC-body'))}/ack`, {
      token: p.token.officer,
      raw,
      headers: { 'content-type': type },
    });
  const resolve = (raw: string) =>
    call(sys.url, 'POST', `/api/alerts/${encodeURIComponent(alertIdOf('SEC-body'))}/resolve`, {
      token: p.token.officer,
      raw,
    });

  it('malformed and oversize bodies get a 4xx, the alert is untouched and the server stays up', async () => {
    const cases: [string | Buffer, number][] = [
      ['{"note": ', 400],
      ['{"note": "a"} trailing', 400],
      ['[]', 400],
      ['"just a string"', 400],
      ['null', 400],
      ['{"note": 5}', 400],
      ['{"note": "ok", "state": "resolved"}', 400],
      [JSON.stringify({ note: 'x'.repeat(2_001) }), 400],
      [JSON.stringify({ note: 'x'.repeat(20_000) }), 413],
      [Buffer.alloc(11 * 1024 * 1024, 0x7b), 413],
      [Buffer.from([0xff, 0xfe, 0x00, 0x7b]), 400],
    ];
    for (const [body, status] of cases) {
      const res = await ack(body);
      expect(res.status, String(body).slice(0, 40)).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.text).not.toMatch(/\bat [\w./]+:\d+:\d+|node_modules/);
    }
    for (const [body] of cases.slice(0, 8)) expect((await resolve(String(body))).status).toBe(400);
    expect((await resolve('{"note": "   "}')).status).toBe(400);
    expect((await sys.live.alerts.get(alertIdOf('SEC-body')))?.state).toBe('open');
    expect((await call(sys.url, 'GET', '/api/health')).status).toBe(200);
    expect((await ack('{}')).status).toBe(200);
  });
});

describe('notes with HTML or script', () => {
  const NOTE = `<script>alert("x")</script><img src=x onerror=alert(1)> & &amp; '单引号' "双引号" \u202E`;

  it('are stored and returned exactly, as JSON strings, and audited verbatim', async () => {
    const before = await eventCount(sys);
    for (const [incident, action] of [
      ['SEC-html', 'ack'],
      ['SEC-html2', 'resolve'],
    ] as const) {
      const id = alertIdOf(incident);
      const res = await call(sys.url, 'POST', `/api/alerts/${encodeURIComponent(id)}/${action}`, {
        token: p.token.officer,
        body: { note: NOTE },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8$/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const detail = await call<AlertDetail>(sys.url, 'GET', `/api/alerts/${encodeURIComponent(id)}`, {
        token: p.token.viewer,
      });
      expect(detail.headers.get('content-type')).toMatch(/^application\/json/);
      const change = detail.json.history.find(
        (c) => c.kind === (action === 'ack' ? 'acknowledged' : 'resolved'),
      );
      expect(change?.note).toBe(NOTE);
      const audit = await auditRows(sys, id);
      expect(audit.filter((r) => r.action === action).map((r) => [r.note, r.outcome, r.actor])).toEqual([
        [NOTE, 'ok', p.name.officer],
      ]);
    }
    await sys.engine!.settled();
    const rows = await queryRows<{ note: string }>(
      sys.clickhouse.client,
      `SELECT note FROM alert_events WHERE alert_id IN {ids:Array(String)} AND note != ''`,
      { ids: [alertIdOf('SEC-html'), alertIdOf('SEC-html2')] },
    );
    expect(rows.map((r) => r.note)).toEqual([NOTE, NOTE]);
    expect(await eventCount(sys)).toBe(before);
  });
});
