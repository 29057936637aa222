/**
 * Errors that machines can read, over HTTP on the real system (Redis + embedded ClickHouse): one error of
 * every kind a client can provoke, each answered with exactly `{"error": <words>, "code": <snake_case>}` and
 * the code's one status (CONTRACT.md §3, errors v2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS, isErrorBody } from '../../common/errors.js';
import type { ErrorCode } from '../../common/errors.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { alertIdOf, call, makePersonas, raiseAlerts } from '../helpers/live-system.js';
import type { CallOptions, Personas, Reply } from '../helpers/live-system.js';

const IN = '450103520000';
const OUT = '450203520000';
const INGEST_TOKEN = 'test-ingest-token-0123456789';
const SNAKE = /^[a-z]+(_[a-z]+)*$/;

let sys: TestSystem;
let p: Personas;
const seen = new Set<ErrorCode>();

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1' });
  p = await makePersonas(sys, '4501', 'err');
  await raiseAlerts(sys, [
    { incident: 'ERR-open', unit: IN },
    { incident: 'ERR-done', unit: IN },
    { incident: 'ERR-out', unit: OUT },
  ]);
  await sys.engine!.settled();
});
afterAll(async () => {
  await sys?.cleanup();
});

function expectError(res: Reply, code: ErrorCode): void {
  const what = `${code}: ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, what).toBe(ERROR_STATUS[code]);
  expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
  expect(res.json, what).toEqual({ error: expect.stringMatching(/\S/), code });
  expect(Object.keys(res.json).sort(), what).toEqual(['code', 'error']);
  expect(res.json.code, what).toMatch(SNAKE);
  expect(isErrorBody(res.json), what).toBe(true);
  seen.add(code);
}

const api = (method: string, route: string, opts: CallOptions = {}) => call(sys.url, method, route, opts);
const alertPath = (incident: string, action = '') =>
  `/api/alerts/${encodeURIComponent(alertIdOf(incident))}${action ? `/${action}` : ''}`;
const ingest = (raw: string | Buffer, type = 'application/json', token = INGEST_TOKEN) =>
  api('POST', '/api/events', { raw, token, headers: { 'content-type': type } });

describe('400', () => {
  it('a bad query parameter is invalid_query and says which', async () => {
    const res = await api('GET', '/api/alerts?state=nope', { token: p.token.viewer });
    expectError(res, 'invalid_query');
    expect(res.json.error).toMatch(/state/);
    expectError(await api('GET', '/api/alerts?colour=red', { token: p.token.viewer }), 'invalid_query');
    const range = `from=${new Date().toISOString()}&to=${new Date(Date.now() - 1000).toISOString()}`;
    expectError(await api('GET', `/api/stats/trends?${range}`, { token: p.token.manager }), 'invalid_query');
  });

  it('a body that does not parse is invalid_json (actions, login, ingest)', async () => {
    const officer = p.token.officer;
    expectError(
      await api('POST', alertPath('ERR-open', 'ack'), { token: officer, raw: '{"note": ' }),
      'invalid_json',
    );
    expectError(await api('POST', '/api/auth/login', { raw: '{"username":' }), 'invalid_json');
    const broken = await ingest('[{"event_id": "x",, }]');
    expectError(broken, 'invalid_json');
    expect(broken.json.error).toMatch(/line 1, column \d+/);
  });

  it('a body that parses but is wrong is invalid_body; a malformed path is invalid_path', async () => {
    const officer = p.token.officer;
    expectError(
      await api('POST', alertPath('ERR-open', 'resolve'), { token: officer, body: {} }),
      'invalid_body',
    );
    expectError(await api('POST', '/api/auth/login', { body: { username: 'admin' } }), 'invalid_body');
    expectError(await ingest(''), 'invalid_body');
    const badId = `/api/alerts/${encodeURIComponent('no spaces allowed')}`;
    expectError(await api('GET', badId, { token: p.token.viewer }), 'invalid_path');
  });
});

describe('401', () => {
  it('no token, a bad token, wrong credentials, a wrong ingest token', async () => {
    const none = await api('GET', '/api/alerts');
    expectError(none, 'unauthorized');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expectError(await api('GET', '/api/alerts', { token: 'not-a-token' }), 'invalid_token');
    const wrong = await api('POST', '/api/auth/login', {
      ip: '192.0.2.10',
      body: { username: p.name.viewer, password: 'not-the-password' },
    });
    expectError(wrong, 'invalid_credentials');
    expect(wrong.json.error).toBe('wrong user name or password');
    expectError(await ingest('{}', 'application/json', 'wrong-token'), 'unauthorized');
  });
});

describe('403', () => {
  it('a role that may not act is forbidden', async () => {
    const res = await api('POST', alertPath('ERR-open', 'ack'), { token: p.token.viewer, body: {} });
    expectError(res, 'forbidden');
    expectError(await api('GET', '/api/users', { token: p.token.manager }), 'forbidden');
  });

  it('an alert, a unit or a user outside the scope is out_of_scope', async () => {
    expectError(await api('GET', alertPath('ERR-out'), { token: p.token.manager }), 'out_of_scope');
    expectError(await api('GET', '/api/alerts?unit=4502', { token: p.token.manager }), 'out_of_scope');
    expectError(await api('GET', '/api/stats/summary?unit=4502', { token: p.token.manager }), 'out_of_scope');
    const body = { username: 'err-far', password: 'err-far-password', role: 'viewer', scope: '4502' };
    expectError(await api('POST', '/api/users', { token: p.token.admin, body }), 'out_of_scope');
  });
});

describe('404', () => {
  it('an unknown alert or user is not_found; an unknown /api route is unknown_route', async () => {
    const alert = await api('GET', alertPath('ERR-never-raised'), { token: p.token.viewer });
    expectError(alert, 'not_found');
    expect(alert.json.error).toBe('no such alert');
    expectError(await api('DELETE', '/api/users/err-nobody', { token: p.token.admin }), 'not_found');
    expectError(await api('GET', '/api/no-such-thing', { token: p.token.viewer }), 'unknown_route');
    expectError(await api('GET', '/api/no-such-thing'), 'unknown_route');
  });
});

describe('409', () => {
  it('acting on a resolved alert is alert_resolved', async () => {
    const officer = p.token.officer;
    const done = await api('POST', alertPath('ERR-done', 'resolve'), {
      token: officer,
      body: { note: 'done' },
    });
    expect(done.status, done.text).toBe(200);
    const again = await api('POST', alertPath('ERR-done', 'ack'), { token: officer, body: {} });
    expectError(again, 'alert_resolved');
    expect(again.json.error).toBe('the alert is already resolved');
  });

  it('a taken user name is user_exists; disabling oneself is own_account', async () => {
    const body = { username: p.name.viewer, password: 'another-password', role: 'viewer', scope: '4501' };
    expectError(await api('POST', '/api/users', { token: p.token.admin, body }), 'user_exists');
    expectError(await api('DELETE', `/api/users/${p.name.admin}`, { token: p.token.admin }), 'own_account');
  });
});

describe('413 and 415', () => {
  it('a body over the limit is payload_too_large (actions and ingest)', async () => {
    const note = JSON.stringify({ note: 'x'.repeat(20_000) });
    const res = await api('POST', alertPath('ERR-open', 'ack'), { token: p.token.officer, raw: note });
    expectError(res, 'payload_too_large');
    expect(res.json.error).toMatch(/16 KiB/);
    expectError(await ingest(JSON.stringify({ pad: 'x'.repeat(11 * 1024 * 1024) })), 'payload_too_large');
    expectError(
      await ingest(JSON.stringify(Array.from({ length: 10_001 }, () => ({})))),
      'payload_too_large',
    );
  });

  it('an ingest body that is not JSON or NDJSON is unsupported_media_type', async () => {
    expectError(await ingest('a,b,c', 'text/csv'), 'unsupported_media_type');
  });
});

describe('429', () => {
  it('repeated failed sign-ins are rate_limited, with Retry-After', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 5; i++) {
      const res = await api('POST', '/api/auth/login', {
        ip,
        body: { username: p.name.officer, password: `guess-${i}` },
      });
      expectError(res, 'invalid_credentials');
    }
    const limited = await api('POST', '/api/auth/login', {
      ip,
      body: { username: p.name.officer, password: p.password.officer },
    });
    expectError(limited, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.json.error).toMatch(/try again in \d+ s/);
  });
});

describe('coverage', () => {
  it('saw every kind the brief lists', () => {
    for (const code of [
      'invalid_query',
      'invalid_json',
      'invalid_body',
      'unauthorized',
      'invalid_token',
      'forbidden',
      'out_of_scope',
      'not_found',
      'unknown_route',
      'alert_resolved',
      'payload_too_large',
      'rate_limited',
    ] as const)
      expect(seen, code).toContain(code);
  });
});
