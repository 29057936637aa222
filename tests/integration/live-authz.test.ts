/**
 * Authorization matrix of the real app (startTestSystem: real Redis, embedded ClickHouse, the engine):
 * every (method, path) the Express router has under /api × every persona × in/out of scope → the expected
 * status. The route list is read from the app's router stack, so a route added without a row fails here.
 */
import type { Express } from 'express';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import type { AlertDetail, AlertsResponse } from '../../common/api.js';
import type { User } from '../../common/auth.js';
import type { AppDeps } from '../../server/app.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { matrix } from '../helpers/live-authz-table.js';
import type { MatrixContext } from '../helpers/live-authz-table.js';
import {
  alertIdOf,
  call,
  makePersonas,
  PERSONAS,
  postEvents,
  raiseAlerts,
  registration,
  until,
} from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';

// Keep a handle on the app the system builds (startSystem does not expose it).
const captured = vi.hoisted(() => ({ apps: [] as Express[] }));
vi.mock('../../server/app.js', async (importOriginal) => {
  const mod = await importOriginal<{ createApp: (deps: AppDeps) => Express }>();
  return {
    ...mod,
    createApp(deps: AppDeps): Express {
      const app = mod.createApp(deps);
      captured.apps.push(app);
      return app;
    },
  };
});

interface LayerLike {
  route?: { path: string | RegExp | (string | RegExp)[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/** Every `METHOD /path` of routes under /api, walking nested routers. */
function apiRoutes(stack: readonly LayerLike[]): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths)
        for (const [m, on] of Object.entries(layer.route.methods))
          if (on && typeof path === 'string' && path.startsWith('/api'))
            out.push(`${m.toUpperCase()} ${path}`);
    } else if (layer.handle?.stack) out.push(...apiRoutes(layer.handle.stack));
  }
  return out;
}

let sys: TestSystem;
let p: Personas;
let ctx: MatrixContext;
const IN = '450103520000';
const OUT = '450203520000';
const PERSONAL = { person_name: '张三', id_number: '450103199001011234', phone: '13812345678' };

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1' });
  p = await makePersonas(sys, '4501', 'in');
  const outUser = (
    await sys.auth.users.create({
      username: 'out-viewer',
      password: 'out-viewer-pw',
      role: 'viewer',
      scope: '4502',
    })
  ).username;
  const items = ['ack', 'res-officer', 'res-manager', 'res-admin', 'resolved', 'personal'].map((k) => ({
    incident: `AZ-${k}`,
    unit: IN,
    ...(k === 'personal' ? { attrs: PERSONAL } : {}),
  }));
  await raiseAlerts(sys, [...items, { incident: 'AZ-out', unit: OUT }]);
  await postEvents(sys, [registration('AZ-resolved', IN)]);
  await until(async () => (await sys.live.alerts.get(alertIdOf('AZ-resolved')))?.state === 'resolved');
  let k = 0;
  ctx = {
    url: sys.url,
    p,
    ingestToken: sys.secrets.ingestToken,
    inAck: alertIdOf('AZ-ack'),
    resolveFor: {
      officer: alertIdOf('AZ-res-officer'),
      manager: alertIdOf('AZ-res-manager'),
      admin: alertIdOf('AZ-res-admin'),
    },
    resolved: alertIdOf('AZ-resolved'),
    out: alertIdOf('AZ-out'),
    inUser: p.name.viewer,
    outUser,
    async throwaway(scope) {
      const username = `throwaway-${k++}`;
      await sys.auth.users.create({ username, password: 'throwaway-pw', role: 'viewer', scope });
      return username;
    },
    async kiosk(username) {
      return (await sys.auth.tokens.issueKiosk(username)).id;
    },
  };
});
afterAll(async () => {
  await sys?.cleanup();
});

it('the table covers every /api route of the app, and only those', () => {
  expect(captured.apps).toHaveLength(1);
  const app = captured.apps[0] as Express & { router: { stack: LayerLike[] } };
  const routes = new Set(apiRoutes(app.router.stack));
  const rows = new Set(matrix(ctx).map((r) => `${r.method} ${r.path}`));
  expect(routes.size).toBeGreaterThan(15);
  expect(
    [...routes].filter((r) => !rows.has(r)),
    'routes without a row in the matrix',
  ).toEqual([]);
  expect(
    [...rows].filter((r) => !routes.has(r)),
    'rows for routes the app does not have',
  ).toEqual([]);
});

it('every route × persona × scope gets the expected status', async () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const row of matrix(ctx)) {
    for (const c of row.cases) {
      for (const persona of PERSONAS) {
        const res = await c.run(persona);
        checked++;
        if (res.status !== c.expect[persona])
          wrong.push(
            `${row.method} ${row.path} [${c.label}] as ${persona}: ${res.status} (expected ${c.expect[persona]}) ${res.text.slice(0, 120)}`,
          );
      }
    }
  }
  expect(wrong).toEqual([]);
  expect(checked).toBeGreaterThan(150);
});

it('a scoped user sees only alerts and users of their scope', async () => {
  for (const persona of ['viewer', 'officer', 'manager', 'admin'] as const) {
    const res = await call<AlertsResponse>(sys.url, 'GET', '/api/alerts?state=active', {
      token: p.token[persona],
    });
    expect(res.json.alerts.length).toBeGreaterThan(0);
    expect(res.json.alerts.every((a: Alert) => a.unit_code.startsWith('4501'))).toBe(true);
    const since = await call<AlertsResponse>(sys.url, 'GET', '/api/alerts?since_seq=0', {
      token: p.token[persona],
    });
    expect(since.json.alerts.map((a) => a.unit_code).filter((u) => !u.startsWith('4501'))).toEqual([]);
  }
  const users = await call<{ users: User[] }>(sys.url, 'GET', '/api/users', { token: p.token.admin });
  expect(users.json.users.length).toBeGreaterThan(3);
  expect(users.json.users.filter((u) => !u.scope.startsWith('4501')).map((u) => u.username)).toEqual([]);
});

it('masks personal data in the evidence for a viewer, and only for a viewer', async () => {
  const id = encodeURIComponent(alertIdOf('AZ-personal'));
  const viewer = await call<AlertDetail>(sys.url, 'GET', `/api/alerts/${id}`, { token: p.token.viewer });
  expect(viewer.status).toBe(200);
  expect(viewer.json.evidence[0]?.attrs).toMatchObject({
    person_name: '张*',
    id_number: '4501**********1234',
    phone: '138****5678',
  });
  for (const secret of Object.values(PERSONAL)) expect(viewer.text).not.toContain(secret);
  for (const persona of ['officer', 'manager', 'admin'] as const) {
    const res = await call<AlertDetail>(sys.url, 'GET', `/api/alerts/${id}`, { token: p.token[persona] });
    expect(res.json.evidence[0]?.attrs).toMatchObject(PERSONAL);
  }
});
