/**
 * The authorization matrix of the live server: for every (method, path) under /api, requests made as each
 * persona (anonymous, viewer, officer, manager, admin — all scoped to 4501), in and out of scope, and the
 * status each must get. live-authz.test.ts checks that this table names every route the app has.
 */
import { call } from './live-system.js';
import type { Persona, Personas, Reply } from './live-system.js';

export type Expect = Record<Persona, number>;
export interface Case {
  label: string;
  run(p: Persona): Promise<Reply>;
  expect: Expect;
}
export interface Row {
  method: string;
  path: string;
  cases: Case[];
}

export interface MatrixContext {
  url: string;
  p: Personas;
  ingestToken: string;
  /** In scope (4501): acknowledged by every allowed persona in turn (idempotent). */
  inAck: string;
  /** In scope, one per persona allowed to resolve, so each gets its 200. */
  resolveFor: Record<'officer' | 'manager' | 'admin', string>;
  /** In scope, already resolved. */
  resolved: string;
  /** Out of scope (4502). */
  out: string;
  /** Users to act on: one in scope 4501, one in 4502 (both viewers). */
  inUser: string;
  outUser: string;
  /** A new user (to disable) in the scope; returns its name. */
  throwaway(scope: string): Promise<string>;
  /** A new kiosk token of the user; returns its id. */
  kiosk(username: string): Promise<string>;
}

const all = (n: number): Expect => ({ anonymous: n, viewer: n, officer: n, manager: n, admin: n });
const signedIn = (n: number): Expect => ({ ...all(n), anonymous: 401 });
const officerUp = (n: number): Expect => ({ ...signedIn(n), viewer: 403 });
const adminOnly = (n: number): Expect => ({ ...signedIn(403), admin: n });
const enc = encodeURIComponent;
const DAY = 86_400_000;

export function matrix(c: MatrixContext): Row[] {
  const t = (p: Persona): string | undefined => c.p.token[p];
  const get = (path: string) => (p: Persona) => call(c.url, 'GET', path, { token: t(p) });
  const post = (path: string, body: unknown) => (p: Persona) =>
    call(c.url, 'POST', path, { token: t(p), body });
  const range = `from=${new Date(Date.now() - 7 * DAY).toISOString()}&to=${new Date().toISOString()}`;
  const resolveTarget = (p: Persona): string =>
    p === 'officer' || p === 'manager' || p === 'admin' ? c.resolveFor[p] : c.resolveFor.officer;
  let n = 0;

  return [
    {
      method: 'GET',
      path: '/api/health',
      cases: [{ label: 'open', run: get('/api/health'), expect: all(200) }],
    },
    {
      method: 'POST',
      path: '/api/events',
      cases: [
        { label: 'a user token is not the ingest token', run: post('/api/events', []), expect: all(401) },
        {
          label: 'ingest token',
          run: () =>
            call(c.url, 'POST', '/api/events', {
              token: c.ingestToken,
              body: {
                event_id: `authz-${n++}`,
                type: 'incident.reported',
                occurred_at: new Date().toISOString(),
                unit_code: '450103520000',
                incident_id: `authz-${n}`,
                attrs: { category: 'other' },
              },
            }),
          expect: all(202),
        },
      ],
    },
    {
      method: 'POST',
      path: '/api/auth/login',
      cases: [
        {
          label: 'own credentials (anonymous: wrong ones)',
          run: (p) =>
            call(c.url, 'POST', '/api/auth/login', {
              body:
                p === 'anonymous'
                  ? { username: 'nobody', password: 'wrong-password' }
                  : { username: c.p.name[p], password: c.p.password[p] },
            }),
          expect: { ...all(200), anonymous: 401 },
        },
      ],
    },
    {
      method: 'POST',
      path: '/api/auth/logout',
      cases: [
        {
          label: 'own session',
          run: async (p) => call(c.url, 'POST', '/api/auth/logout', { token: await c.p.fresh(p) }),
          expect: signedIn(204),
        },
      ],
    },
    {
      method: 'GET',
      path: '/api/auth/me',
      cases: [{ label: 'self', run: get('/api/auth/me'), expect: signedIn(200) }],
    },
    {
      method: 'POST',
      path: '/api/users',
      cases: [
        { label: 'in scope', run: post('/api/users', null), expect: adminOnly(400) },
        {
          label: 'new user in scope',
          run: (p) =>
            post('/api/users', {
              username: `authz-new-${n++}`,
              password: 'long-enough-1',
              role: 'viewer',
              scope: '450103',
            })(p),
          expect: adminOnly(201),
        },
        {
          label: 'new user outside the admin scope',
          run: (p) =>
            post('/api/users', {
              username: `authz-wide-${n++}`,
              password: 'long-enough-1',
              role: 'admin',
              scope: '',
            })(p),
          expect: adminOnly(403),
        },
        {
          label: 'existing name',
          run: post('/api/users', {
            username: c.inUser,
            password: 'long-enough-1',
            role: 'viewer',
            scope: '4501',
          }),
          expect: adminOnly(409),
        },
      ],
    },
    {
      method: 'GET',
      path: '/api/users',
      cases: [{ label: 'list', run: get('/api/users'), expect: adminOnly(200) }],
    },
    {
      method: 'DELETE',
      path: '/api/users/:username',
      cases: [
        {
          label: 'in scope',
          run: async (p) =>
            call(c.url, 'DELETE', `/api/users/${await c.throwaway('450103')}`, { token: t(p) }),
          expect: adminOnly(200),
        },
        {
          label: 'out of scope',
          run: async (p) => call(c.url, 'DELETE', `/api/users/${await c.throwaway('4502')}`, { token: t(p) }),
          expect: adminOnly(403),
        },
        {
          label: 'no such user',
          run: (p) => call(c.url, 'DELETE', '/api/users/no-such-user', { token: t(p) }),
          expect: adminOnly(404),
        },
      ],
    },
    {
      method: 'POST',
      path: '/api/users/:username/kiosk-tokens',
      cases: [
        { label: 'in scope', run: post(`/api/users/${c.inUser}/kiosk-tokens`, {}), expect: adminOnly(201) },
        {
          label: 'out of scope',
          run: post(`/api/users/${c.outUser}/kiosk-tokens`, {}),
          expect: adminOnly(403),
        },
      ],
    },
    {
      method: 'GET',
      path: '/api/users/:username/kiosk-tokens',
      cases: [
        { label: 'in scope', run: get(`/api/users/${c.inUser}/kiosk-tokens`), expect: adminOnly(200) },
        { label: 'out of scope', run: get(`/api/users/${c.outUser}/kiosk-tokens`), expect: adminOnly(403) },
      ],
    },
    {
      method: 'DELETE',
      path: '/api/users/:username/kiosk-tokens/:id',
      cases: [
        {
          label: 'in scope',
          run: async (p) =>
            call(c.url, 'DELETE', `/api/users/${c.inUser}/kiosk-tokens/${await c.kiosk(c.inUser)}`, {
              token: t(p),
            }),
          expect: adminOnly(204),
        },
        {
          label: 'out of scope',
          run: async (p) =>
            call(c.url, 'DELETE', `/api/users/${c.outUser}/kiosk-tokens/${await c.kiosk(c.outUser)}`, {
              token: t(p),
            }),
          expect: adminOnly(403),
        },
        {
          label: 'unknown id',
          run: (p) =>
            call(c.url, 'DELETE', `/api/users/${c.inUser}/kiosk-tokens/0123456789abcdef`, { token: t(p) }),
          expect: adminOnly(404),
        },
      ],
    },
    {
      method: 'GET',
      path: '/api/alerts',
      cases: [
        { label: 'own scope', run: get('/api/alerts?state=active'), expect: signedIn(200) },
        { label: 'unit in scope', run: get('/api/alerts?unit=450103'), expect: signedIn(200) },
        { label: 'unit out of scope', run: get('/api/alerts?unit=4502'), expect: signedIn(403) },
        { label: 'bad filter', run: get('/api/alerts?state=closed'), expect: signedIn(400) },
      ],
    },
    {
      method: 'GET',
      path: '/api/alerts/:alert_id',
      cases: [
        { label: 'in scope', run: get(`/api/alerts/${enc(c.inAck)}`), expect: signedIn(200) },
        { label: 'out of scope', run: get(`/api/alerts/${enc(c.out)}`), expect: signedIn(403) },
        {
          label: 'no such alert',
          run: get(`/api/alerts/${enc('R-INC-01:incident_id:none')}`),
          expect: signedIn(404),
        },
      ],
    },
    {
      method: 'POST',
      path: '/api/alerts/:alert_id/ack',
      cases: [
        {
          label: 'in scope',
          run: post(`/api/alerts/${enc(c.inAck)}/ack`, { note: 'seen' }),
          expect: officerUp(200),
        },
        { label: 'out of scope', run: post(`/api/alerts/${enc(c.out)}/ack`, {}), expect: officerUp(403) },
        {
          label: 'already resolved',
          run: post(`/api/alerts/${enc(c.resolved)}/ack`, {}),
          expect: officerUp(409),
        },
        {
          label: 'no such alert',
          run: post(`/api/alerts/${enc('R-INC-01:incident_id:none')}/ack`, {}),
          expect: officerUp(404),
        },
      ],
    },
    {
      method: 'POST',
      path: '/api/alerts/:alert_id/resolve',
      cases: [
        {
          label: 'in scope',
          run: (p) => post(`/api/alerts/${enc(resolveTarget(p))}/resolve`, { note: 'done' })(p),
          expect: officerUp(200),
        },
        {
          label: 'out of scope',
          run: post(`/api/alerts/${enc(c.out)}/resolve`, { note: 'x' }),
          expect: officerUp(403),
        },
        {
          label: 'already resolved',
          run: post(`/api/alerts/${enc(c.resolved)}/resolve`, { note: 'x' }),
          expect: officerUp(409),
        },
        {
          label: 'note missing',
          run: post(`/api/alerts/${enc(c.inAck)}/resolve`, {}),
          expect: officerUp(400),
        },
      ],
    },
    ...['summary', 'countdown'].map((s) => ({
      method: 'GET',
      path: `/api/stats/${s}`,
      cases: [
        { label: 'own scope', run: get(`/api/stats/${s}`), expect: signedIn(200) },
        { label: 'unit in scope', run: get(`/api/stats/${s}?unit=450103`), expect: signedIn(200) },
        { label: 'unit out of scope', run: get(`/api/stats/${s}?unit=4502`), expect: signedIn(403) },
      ],
    })),
    {
      method: 'GET',
      path: '/api/stats/trends',
      cases: [
        { label: 'own scope', run: get(`/api/stats/trends?${range}&bucket=day`), expect: signedIn(200) },
        {
          label: 'unit out of scope',
          run: get(`/api/stats/trends?${range}&unit=4502`),
          expect: signedIn(403),
        },
        { label: 'no range', run: get('/api/stats/trends'), expect: signedIn(400) },
      ],
    },
    {
      method: 'GET',
      path: '/api/stats/units',
      cases: [
        { label: 'own scope', run: get(`/api/stats/units?${range}&level=county`), expect: signedIn(200) },
        {
          label: 'parent out of scope',
          run: get(`/api/stats/units?${range}&parent=4502`),
          expect: signedIn(403),
        },
      ],
    },
    {
      method: 'GET',
      path: '/api/units',
      cases: [{ label: 'directory', run: get('/api/units'), expect: signedIn(200) }],
    },
    {
      method: 'GET',
      path: '/api/rules',
      cases: [{ label: 'catalogue', run: get('/api/rules'), expect: signedIn(200) }],
    },
  ];
}
