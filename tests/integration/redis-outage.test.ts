/**
 * When Redis hangs (the test stops the real redis-server with SIGSTOP) every request still gets an answer
 * soon: /api/health `degraded` (503) within 2 s, login and the API 503 `unavailable`, POST /api/events 503
 * at the request deadline; after SIGCONT everything works again. Also what /api/health shows to whom.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ADMIN_PASSWORD, adminToken, call, until } from '../helpers/live-system.js';
import { incidentReported } from '../helpers/events.js';

const INGEST = 'test-ingest-token-0123456789';
let sys: TestSystem;
let pid = 0;
let stopped = false;

beforeAll(async () => {
  sys = await startTestSystem({ REQUEST_TIMEOUT_SECONDS: '4' });
  const probe = new Redis(sys.redis.options);
  pid = Number(/process_id:(\d+)/.exec(await probe.info('server'))?.[1]);
  probe.disconnect();
  expect(pid).toBeGreaterThan(0);
});
afterAll(async () => {
  if (stopped) process.kill(pid, 'SIGCONT');
  await sys?.cleanup();
});

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = Date.now();
  const value = await run();
  return { ms: Date.now() - start, value };
}

const health = (token?: string) => call(sys.url, 'GET', '/api/health', token ? { token } : {});
const login = () =>
  call(sys.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });

describe('GET /api/health', () => {
  it('says only ok or degraded without a token', async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
    expect((await health('x'.repeat(43))).json).toEqual({ status: 'ok' });
  });

  it('lists the components for a signed-in user of any role, and for the ingest token', async () => {
    for (const token of [await adminToken(sys), INGEST]) {
      const res = await health(token);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        status: 'ok',
        clickhouse: { status: 'ok' },
        queue: { status: 'ok' },
        alerts: { status: 'ok', seq: expect.any(Number) },
      });
    }
  });
});

describe('while Redis hangs', () => {
  let token = '';
  beforeAll(async () => {
    token = await adminToken(sys);
    process.kill(pid, 'SIGSTOP');
    stopped = true;
  });

  it('health answers degraded (503) within 2 s, with or without a token', async () => {
    for (const t of [undefined, token]) {
      const { ms, value } = await timed(() => health(t));
      expect(value.status).toBe(503);
      expect(value.json.status).toBe('degraded');
      expect(ms).toBeLessThan(2_000);
    }
  });

  it('login and authenticated routes answer 503 unavailable within a few seconds', async () => {
    for (const run of [login, () => call(sys.url, 'GET', '/api/auth/me', { token })]) {
      const { ms, value } = await timed(run);
      expect(value.status, value.text).toBe(503);
      expect(value.json).toEqual({
        code: 'unavailable',
        error: expect.stringMatching(/unavailable|not answering/),
      });
      expect(ms).toBeLessThan(5_000);
    }
  });

  it('POST /api/events answers 503 unavailable at the request deadline', async () => {
    const { ms, value } = await timed(() => sys.post([incidentReported({ event_id: 'outage-1' })]));
    expect(value.status).toBe(503);
    expect(await value.json()).toMatchObject({ code: 'unavailable' });
    expect(ms).toBeLessThan(8_000);
  });

  it('recovers once Redis answers again', async () => {
    process.kill(pid, 'SIGCONT');
    stopped = false;
    await until(async () => ((await health()).status === 200 ? true : undefined), 20_000);
    expect((await login()).status).toBe(200);
    const res = await sys.post([incidentReported({ event_id: 'outage-2' })]);
    expect(res.status).toBe(202);
  });
});
