/**
 * The security matrix of the real app (startTestSystem: real Redis, embedded ClickHouse, the engine):
 * every (method, path) the Express router has under /api × every persona (no token, viewer, officer, manager,
 * admin — scoped to 4501) × in/out of scope → the exact status and error code; each route's first case again
 * with a forged, a tampered, an expired and a revoked (user disabled) token. The route list is read from the
 * app's router stack, so a route added without a row fails here. Then the scope filtering of every REST
 * payload that carries alerts or events: no unit outside the caller's scope, personal data masked for viewers.
 * (Socket.IO pushes and resume per scope: live-reconnect.test.ts; stats pushes per scope: live-realtime.)
 */
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertDetail, AlertsResponse, CountdownResponse, UnitsStatsResponse } from '../../common/api.js';
import type { User } from '../../common/auth.js';
import type { PoliceEvent } from '../../common/events.js';
import { queryRows } from '../../common/node/clickhouse.js';
import type { AppDeps } from '../../server/app.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { cell, matrix } from '../helpers/live-authz-table.js';
import type { MatrixContext } from '../helpers/live-authz-table.js';
import {
  adminToken,
  alertIdOf,
  call,
  hoursAgo,
  makePersonas,
  overdueIncident,
  PERSONAS,
  postEvents,
  raiseAlerts,
  registration,
  until,
} from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { apiRoutes, badTokens, mismatch, unitsOutside } from '../helpers/security-matrix.js';
import type { BadToken } from '../helpers/security-matrix.js';

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

let sys: TestSystem;
let p: Personas;
let ctx: MatrixContext;
let root: string;
let bad: Record<BadToken, string>;
const IN = '450103520000';
const OUT = '450203520000';
const ROLES = ['viewer', 'officer', 'manager', 'admin'] as const;
const PERSONAL = { person_name: '张三', id_number: '450103199001011234', phone: '13812345678' };
/** The same person recorded by another city (person ids are shared across units). */
const PERSONAL_OUT = { person_name: '李四', id_number: '450203198505056789', phone: '13998765432' };

/** 4501's incident names person P-SHARED, whom 4502 took into its questioning area. */
function sharedPerson(): PoliceEvent[] {
  return [
    { ...overdueIncident('SM-shared', IN, PERSONAL), person_id: 'P-SHARED' },
    {
      event_id: 'sm-out-area',
      type: 'area.entered',
      occurred_at: hoursAgo(20),
      unit_code: OUT,
      person_id: 'P-SHARED',
      stay_id: 'S-OUT',
      attrs: { basis: 'criminal_summons', ...PERSONAL_OUT },
    },
  ];
}

/** Incidents closed 22 h ago: due in 2 h, inside the 4 h pre-warning (on the countdown). */
const dueSoon = (incident: string, unit: string): PoliceEvent => ({
  ...overdueIncident(incident, unit),
  occurred_at: hoursAgo(22),
});

async function stored(eventIds: string[]): Promise<boolean> {
  const [r] = await queryRows<{ n: string }>(
    sys.clickhouse.client,
    'SELECT uniqExact(event_id) AS n FROM events WHERE event_id IN {ids:Array(String)}',
    { ids: eventIds },
  );
  return Number(r?.n) === eventIds.length;
}

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1' });
  p = await makePersonas(sys, '4501', 'in');
  root = await adminToken(sys);
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
  await raiseAlerts(sys, [
    ...items,
    { incident: 'AZ-out', unit: OUT },
    { incident: 'AZ-out-done', unit: OUT },
  ]);
  await postEvents(sys, [
    registration('AZ-resolved', IN),
    registration('AZ-out-done', OUT),
    ...sharedPerson(),
    dueSoon('SM-soon-in', IN),
    dueSoon('SM-soon-out', OUT),
  ]);
  const ids = ['AZ-resolved', 'AZ-out-done', 'SM-shared', 'SM-soon-in', 'SM-soon-out'].map(alertIdOf);
  await until(async () => {
    const got = await sys.live.alerts.getMany(ids);
    const [r, o, shared, soonIn, soonOut] = ids.map((id) => got.get(id));
    return (
      r?.state === 'resolved' && o?.state === 'resolved' && shared?.stage === 'overdue' && soonIn && soonOut
    );
  });
  await until(() => stored(['closed-SM-shared', 'sm-out-area']), 30_000, 'events stored');
  await sys.engine!.settled();
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
  bad = await badTokens(sys, p);
});
afterAll(async () => {
  await sys?.cleanup();
});

describe('the matrix', () => {
  it('covers every /api route of the app, and only those', () => {
    expect(captured.apps).toHaveLength(1);
    const app = captured.apps[0] as Express & { router: { stack: Parameters<typeof apiRoutes>[0] } };
    const routes = new Set(apiRoutes(app.router.stack));
    const rows = new Set(matrix(ctx).map((r) => `${r.method} ${r.path}`));
    expect(routes.size).toBeGreaterThan(15);
    expect(
      [...routes].filter((r) => !rows.has(r)),
      'routes without a row in the matrix (tests/helpers/live-authz-table.ts)',
    ).toEqual([]);
    expect(
      [...rows].filter((r) => !routes.has(r)),
      'rows for routes the app does not have',
    ).toEqual([]);
  });

  it('every route × persona × scope gets the expected status and code', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const row of matrix(ctx)) {
      for (const c of row.cases) {
        for (const persona of PERSONAS) {
          const res = await c.run(persona);
          checked++;
          const why = mismatch(res, c.expect[persona]);
          if (why) wrong.push(`${row.method} ${row.path} [${c.label}] as ${persona}: ${why}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });

  it('every route refuses forged, tampered, expired and revoked tokens (or ignores them)', async () => {
    const wrong: string[] = [];
    for (const [kind, token] of Object.entries(bad)) {
      const tokens = Object.fromEntries(PERSONAS.map((x) => [x, token])) as Personas['token'];
      const badCtx: MatrixContext = { ...ctx, p: { ...p, token: tokens, fresh: async () => token } };
      for (const row of matrix(badCtx)) {
        const res = await row.cases[0]!.run('admin');
        const why = mismatch(res, row.badToken ?? cell('invalid_token'));
        if (why) wrong.push(`${row.method} ${row.path} with a ${kind} token: ${why}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('scope filtering of alerts and events', () => {
  const get = <T>(route: string, token: string | undefined) => call<T>(sys.url, 'GET', route, { token });
  const detailOf = (incident: string, token: string | undefined) =>
    get<AlertDetail>(`/api/alerts/${encodeURIComponent(alertIdOf(incident))}`, token);
  const LISTS = ['', '?state=active', '?state=open', '?state=resolved', '?since_seq=0', '?unit=450103'];

  it('alert lists and the countdown carry only alerts of the caller’s scope', async () => {
    for (const role of ROLES) {
      for (const q of LISTS) {
        const res = await get<AlertsResponse>(`/api/alerts${q}`, p.token[role]);
        expect(res.status, `${role} ${q}`).toBe(200);
        expect(unitsOutside(res.json, '4501'), `${role} /api/alerts${q}`).toEqual([]);
      }
      const since = await get<AlertsResponse>('/api/alerts?since_seq=0', p.token[role]);
      expect(since.json.alerts.map((a) => a.alert_id)).toContain(alertIdOf('AZ-resolved'));
      const countdown = await get<CountdownResponse>('/api/stats/countdown', p.token[role]);
      expect(countdown.json.items.map((i) => i.alert_id)).toEqual([alertIdOf('SM-soon-in')]);
      const units = await get<UnitsStatsResponse>(
        `/api/stats/units?from=${hoursAgo(24 * 7)}&to=${hoursAgo(-1)}&level=county`,
        p.token[role],
      );
      expect(units.json.units.filter((u) => !u.prefix.startsWith('4501'))).toEqual([]);
    }
    // The data is there: a province-wide admin sees the other city's alerts.
    const all = await get<AlertsResponse>('/api/alerts?since_seq=0', root);
    expect(unitsOutside(all.json, '4501').length).toBeGreaterThan(0);
    const allSoon = await get<CountdownResponse>('/api/stats/countdown', root);
    expect(allSoon.json.items.map((i) => i.alert_id).sort()).toEqual(
      ['SM-soon-in', 'SM-soon-out'].map(alertIdOf).sort(),
    );
  });

  it("leaves another unit's events out of an alert's evidence, says how many, masks for viewers", async () => {
    for (const role of ROLES) {
      const res = await detailOf('SM-shared', p.token[role]);
      expect(res.status, res.text).toBe(200);
      expect(res.json.evidence.map((e) => e.event_id)).toEqual(['closed-SM-shared']);
      expect(res.json.evidence_hidden, role).toBe(1);
      expect(unitsOutside(res.json, '4501')).toEqual([]);
      for (const secret of Object.values(PERSONAL_OUT)) expect(res.text).not.toContain(secret);
      if (role === 'viewer')
        for (const secret of Object.values(PERSONAL)) expect(res.text).not.toContain(secret);
      else expect(res.json.evidence[0]?.attrs).toMatchObject(PERSONAL);
    }
    const all = await detailOf('SM-shared', root);
    expect(all.json.evidence.map((e) => e.event_id).sort()).toEqual(['closed-SM-shared', 'sm-out-area']);
    expect(all.json.evidence_hidden).toBe(0);
  });

  it('history and evidence of a resolved alert stay in scope; nothing hidden when nothing is outside', async () => {
    for (const role of ROLES) {
      const res = await detailOf('AZ-resolved', p.token[role]);
      expect(res.json.history.map((c) => c.kind)).toContain('resolved');
      expect(res.json.evidence.map((e) => e.event_id).sort()).toEqual([
        'closed-AZ-resolved',
        'reg-AZ-resolved',
      ]);
      expect(res.json.evidence_hidden).toBe(0);
      expect(unitsOutside(res.json, '4501')).toEqual([]);
    }
  });

  it('a scoped admin lists only users of their scope', async () => {
    const users = await call<{ users: User[] }>(sys.url, 'GET', '/api/users', { token: p.token.admin });
    expect(users.json.users.length).toBeGreaterThan(3);
    expect(users.json.users.filter((u) => !u.scope.startsWith('4501')).map((u) => u.username)).toEqual([]);
  });

  it('masks personal data in the evidence for a viewer, and only for a viewer', async () => {
    const viewer = await detailOf('AZ-personal', p.token.viewer);
    expect(viewer.status).toBe(200);
    expect(viewer.json.evidence[0]?.attrs).toMatchObject({
      person_name: '张*',
      id_number: '4501**********1234',
      phone: '138****5678',
    });
    for (const secret of Object.values(PERSONAL)) expect(viewer.text).not.toContain(secret);
    for (const role of ['officer', 'manager', 'admin'] as const) {
      const res = await detailOf('AZ-personal', p.token[role]);
      expect(res.json.evidence[0]?.attrs).toMatchObject(PERSONAL);
    }
  });
});
