/**
 * The authorization matrix of the live server: for every (method, path) under /api, requests made as each
 * persona (anonymous, viewer, officer, manager, admin — all scoped to 4501), in and out of scope, and the
 * status and error code each must get. security-matrix.test.ts checks that this table names every route the
 * app has, and runs each row's first case with forged, expired and revoked tokens too (`badToken`).
 */
import { ERROR_STATUS } from '../../common/errors.js';
import type { ErrorCode } from '../../common/errors.js';
import { call } from './live-system.js';
import type { Persona, Personas, Reply } from './live-system.js';

/** What one request must get: a success status, or an error's status and code. */
export interface Cell {
  status: number;
  code?: ErrorCode;
}
export type Expect = Record<Persona, Cell>;
export interface Case {
  label: string;
  run(p: Persona): Promise<Reply>;
  expect: Expect;
}
export interface Row {
  method: string;
  path: string;
  cases: Case[];
  /** What the first case gets with a forged, expired or revoked user token (default: invalid_token). */
  badToken?: Cell;
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

/** A success status, or an error code (its status follows from it): an error cell always names its code. */
type Outcome = 200 | 201 | 202 | 204 | ErrorCode;
export const cell = (o: Outcome): Cell =>
  typeof o === 'number' ? { status: o } : { status: ERROR_STATUS[o], code: o };
const all = (o: Outcome): Expect => {
  const c = cell(o);
  return { anonymous: c, viewer: c, officer: c, manager: c, admin: c };
};
const signedIn = (o: Outcome): Expect => ({ ...all(o), anonymous: cell('unauthorized') });
const officerUp = (o: Outcome): Expect => ({ ...signedIn(o), viewer: cell('forbidden') });
const managerUp = (o: Outcome): Expect => ({ ...officerUp(o), officer: cell('forbidden') });
const adminOnly = (o: Outcome): Expect => ({ ...signedIn('forbidden'), admin: cell(o) });
const enc = encodeURIComponent;
const DAY = 86_400_000;

export function matrix(c: MatrixContext): Row[] {
  const t = (p: Persona): string | undefined => c.p.token[p];
  const req =
    (method: string, path: string | ((p: Persona) => Promise<string> | string), body?: unknown) =>
    async (p: Persona): Promise<Reply> =>
      call(c.url, method, typeof path === 'string' ? path : await path(p), { token: t(p), body });
  const get = (path: string) => req('GET', path);
  const post = (path: string | ((p: Persona) => string), body: unknown) => req('POST', path, body);
  const range = `from=${new Date(Date.now() - 7 * DAY).toISOString()}&to=${new Date().toISOString()}`;
  const resolveTarget = (p: Persona): string =>
    p === 'officer' || p === 'manager' || p === 'admin' ? c.resolveFor[p] : c.resolveFor.officer;
  const alert = (id: string, action = ''): string => `/api/alerts/${enc(id)}${action}`;
  const NONE = 'R-INC-01:incident_id:none';
  const user = (name: string): Record<string, string> => ({ username: name, password: 'long-enough-1' });
  let n = 0;
  const row = (route: string, ...cases: [string, Case['run'], Expect][]): Row => {
    const [method, path] = route.split(' ') as [string, string];
    return { method, path, cases: cases.map(([label, run, expect]) => ({ label, run, expect })) };
  };
  /** A row whose routes do not take user tokens the usual way: what a bad user token gets there. */
  const rowWith = (badToken: Outcome, route: string, ...cases: [string, Case['run'], Expect][]): Row => ({
    ...row(route, ...cases),
    badToken: cell(badToken),
  });
  const event = () => ({
    event_id: `authz-${++n}`,
    type: 'incident.reported',
    occurred_at: new Date().toISOString(),
    unit_code: '450103520000',
    incident_id: `authz-${n}`,
    attrs: { category: 'other' },
  });
  const stats = (s: string) =>
    row(
      `GET /api/stats/${s}`,
      ['own scope', get(`/api/stats/${s}`), signedIn(200)],
      ['unit in scope', get(`/api/stats/${s}?unit=450103`), signedIn(200)],
      ['unit out of scope', get(`/api/stats/${s}?unit=4502`), signedIn('out_of_scope')],
    );

  return [
    rowWith(200, 'GET /api/health', ['open', get('/api/health'), all(200)]),
    // The API document is public: routes, schemas and made-up examples, no data (README → API documents).
    rowWith(200, 'GET /api/openapi.json', ['public', get('/api/openapi.json'), all(200)]),
    rowWith(200, 'GET /api/docs', ['public', get('/api/docs'), all(200)]),
    rowWith(
      'unauthorized',
      'POST /api/events',
      ['a user token is not the ingest token', post('/api/events', []), all('unauthorized')],
      [
        'ingest token',
        () => call(c.url, 'POST', '/api/events', { token: c.ingestToken, body: event() }),
        all(202),
      ],
    ),
    rowWith(200, 'POST /api/auth/login', [
      'own credentials (anonymous: wrong ones)',
      (p) =>
        call(c.url, 'POST', '/api/auth/login', {
          body: p === 'anonymous' ? user('nobody') : { username: c.p.name[p], password: c.p.password[p] },
        }),
      { ...all(200), anonymous: cell('invalid_credentials') },
    ]),
    row('POST /api/auth/logout', [
      'own session',
      async (p) => call(c.url, 'POST', '/api/auth/logout', { token: await c.p.fresh(p) }),
      signedIn(204),
    ]),
    row('GET /api/auth/me', ['self', get('/api/auth/me'), signedIn(200)]),
    row(
      'POST /api/users',
      ['not JSON', post('/api/users', null), adminOnly('invalid_json')],
      [
        'new user in scope',
        (p) => post('/api/users', { ...user(`authz-new-${n++}`), role: 'viewer', scope: '450103' })(p),
        adminOnly(201),
      ],
      [
        'new user outside the admin scope',
        (p) => post('/api/users', { ...user(`authz-wide-${n++}`), role: 'admin', scope: '' })(p),
        adminOnly('out_of_scope'),
      ],
      [
        'existing name',
        post('/api/users', { ...user(c.inUser), role: 'viewer', scope: '4501' }),
        adminOnly('user_exists'),
      ],
    ),
    row('GET /api/users', ['list', get('/api/users'), adminOnly(200)]),
    row(
      'DELETE /api/users/:username',
      ['in scope', req('DELETE', async () => `/api/users/${await c.throwaway('450103')}`), adminOnly(200)],
      [
        'out of scope',
        req('DELETE', async () => `/api/users/${await c.throwaway('4502')}`),
        adminOnly('out_of_scope'),
      ],
      ['no such user', req('DELETE', '/api/users/no-such-user'), adminOnly('not_found')],
    ),
    row(
      'POST /api/users/:username/enable',
      ['in scope', post(`/api/users/${c.inUser}/enable`, {}), adminOnly(200)],
      ['out of scope', post(`/api/users/${c.outUser}/enable`, {}), adminOnly('out_of_scope')],
    ),
    row(
      'PUT /api/users/:username/password',
      [
        'in scope',
        req('PUT', async () => `/api/users/${await c.throwaway('450103')}/password`, {
          password: 'new-enough-1',
        }),
        adminOnly(200),
      ],
      [
        'out of scope',
        req('PUT', `/api/users/${c.outUser}/password`, { password: 'new-enough-1' }),
        adminOnly('out_of_scope'),
      ],
      [
        'too short',
        req('PUT', `/api/users/${c.inUser}/password`, { password: 'short' }),
        adminOnly('invalid_body'),
      ],
    ),
    row(
      'POST /api/users/:username/kiosk-tokens',
      ['in scope', post(`/api/users/${c.inUser}/kiosk-tokens`, {}), adminOnly(201)],
      ['out of scope', post(`/api/users/${c.outUser}/kiosk-tokens`, {}), adminOnly('out_of_scope')],
    ),
    row(
      'GET /api/users/:username/kiosk-tokens',
      ['in scope', get(`/api/users/${c.inUser}/kiosk-tokens`), adminOnly(200)],
      ['out of scope', get(`/api/users/${c.outUser}/kiosk-tokens`), adminOnly('out_of_scope')],
    ),
    row(
      'DELETE /api/users/:username/kiosk-tokens/:id',
      [
        'in scope',
        req('DELETE', async () => `/api/users/${c.inUser}/kiosk-tokens/${await c.kiosk(c.inUser)}`),
        adminOnly(204),
      ],
      [
        'out of scope',
        req('DELETE', async () => `/api/users/${c.outUser}/kiosk-tokens/${await c.kiosk(c.outUser)}`),
        adminOnly('out_of_scope'),
      ],
      [
        'unknown id',
        req('DELETE', `/api/users/${c.inUser}/kiosk-tokens/0123456789abcdef`),
        adminOnly('not_found'),
      ],
    ),
    row(
      'GET /api/alerts',
      ['own scope', get('/api/alerts?state=active'), signedIn(200)],
      ['unit in scope', get('/api/alerts?unit=450103'), signedIn(200)],
      ['unit out of scope', get('/api/alerts?unit=4502'), signedIn('out_of_scope')],
      ['bad filter', get('/api/alerts?state=closed'), signedIn('invalid_query')],
    ),
    row(
      'GET /api/alerts/:alert_id',
      ['in scope', get(alert(c.inAck)), signedIn(200)],
      ['out of scope', get(alert(c.out)), signedIn('out_of_scope')],
      ['no such alert', get(alert(NONE)), signedIn('not_found')],
    ),
    row(
      'POST /api/alerts/:alert_id/ack',
      ['in scope', post(alert(c.inAck, '/ack'), { note: 'seen' }), officerUp(200)],
      ['out of scope', post(alert(c.out, '/ack'), {}), officerUp('out_of_scope')],
      ['already resolved', post(alert(c.resolved, '/ack'), {}), officerUp('alert_resolved')],
      ['no such alert', post(alert(NONE, '/ack'), {}), officerUp('not_found')],
    ),
    row(
      'POST /api/alerts/:alert_id/resolve',
      ['in scope', post((p) => alert(resolveTarget(p), '/resolve'), { note: 'done' }), officerUp(200)],
      ['out of scope', post(alert(c.out, '/resolve'), { note: 'x' }), officerUp('out_of_scope')],
      ['already resolved', post(alert(c.resolved, '/resolve'), { note: 'x' }), officerUp('alert_resolved')],
      ['note missing', post(alert(c.inAck, '/resolve'), {}), officerUp('invalid_body')],
    ),
    stats('summary'),
    stats('countdown'),
    row(
      'GET /api/stats/trends',
      ['own scope', get(`/api/stats/trends?${range}&bucket=day`), signedIn(200)],
      ['unit out of scope', get(`/api/stats/trends?${range}&unit=4502`), signedIn('out_of_scope')],
      ['no range', get('/api/stats/trends'), signedIn('invalid_query')],
    ),
    row(
      'GET /api/stats/units',
      ['own scope', get(`/api/stats/units?${range}&level=county`), signedIn(200)],
      ['parent out of scope', get(`/api/stats/units?${range}&parent=4502`), signedIn('out_of_scope')],
    ),
    row(
      'GET /api/assessment',
      ['own scope', get(`/api/assessment?${range}`), managerUp(200)],
      ['broader unit', get(`/api/assessment?${range}&unit=45`), managerUp('out_of_scope')],
      ['no range', get('/api/assessment'), managerUp('invalid_query')],
    ),
    ...supervisionRows(c, { get, post, range }),
    // The matrix's system runs without NOTIFY_FILE: notifications are off.
    row(
      'GET /api/notifications',
      ['of an alert', get(`/api/notifications?alert_id=${enc(c.inAck)}`), officerUp(200)],
      ['bad filter', get('/api/notifications?limit=0'), officerUp('invalid_query')],
    ),
    row('GET /api/notify/channels', ['list', get('/api/notify/channels'), adminOnly(200)]),
    row(
      'POST /api/notify/test',
      ['notifications off', post('/api/notify/test', { channel: 'ops' }), adminOnly('notify_disabled')],
      ['no channel named', post('/api/notify/test', {}), adminOnly('invalid_body')],
    ),
    row(
      'GET /api/dossier',
      ['a case', get('/api/dossier?key=case_id&value=A450100'), officerUp(200)],
      ['not a link key', get('/api/dossier?key=attrs&value=x'), officerUp('invalid_query')],
    ),
    row(
      'GET /api/search',
      ['a case number prefix', get('/api/search?q=A4501'), officerUp(200)],
      ['empty', get('/api/search?q='), officerUp('invalid_query')],
    ),
    row(
      'GET /api/officers/:officer_id',
      ['an officer', get('/api/officers/P450100001'), managerUp(200)],
      ['bad period', get('/api/officers/P450100001?from=yesterday'), managerUp('invalid_query')],
    ),
    // Reports — 通报 (CONTRACT §9): managers and admins, units within their scope.
    row(
      'POST /api/reports',
      ['unit in scope', post('/api/reports', { unit: '4501', period: 'month' }), managerUp(202)],
      [
        'unit out of scope',
        post('/api/reports', { unit: '4502', period: 'month' }),
        managerUp('out_of_scope'),
      ],
      ['empty body', post('/api/reports', {}), managerUp('invalid_body')],
    ),
    row('GET /api/reports', ['own scope', get('/api/reports'), managerUp(200)]),
    row(
      'GET /api/reports/:id',
      ['no such report', get('/api/reports/RPT-19990101-00000000'), managerUp('not_found')],
      ['malformed id', get('/api/reports/nope'), managerUp('invalid_path')],
    ),
    row(
      'GET /api/reports/:id/:format',
      ['no such report', get('/api/reports/RPT-19990101-00000000/docx'), managerUp('not_found')],
      ['not a format', get('/api/reports/RPT-19990101-00000000/doc'), managerUp('invalid_path')],
    ),
    row('GET /api/units', ['directory', get('/api/units'), signedIn(200)]),
    row('GET /api/rules', ['catalogue', get('/api/rules'), signedIn(200)]),
    row('GET /api/sources', ['own scope', get('/api/sources'), signedIn(200)]),
    rowWith(
      'unauthorized',
      'POST /api/sources/:id/heartbeat',
      ['a user token is not the ingest token', post('/api/sources/case/heartbeat', {}), all('unauthorized')],
      [
        'ingest token',
        () =>
          call(c.url, 'POST', '/api/sources/case/heartbeat', {
            token: c.ingestToken,
            body: { unit_prefix: '45' },
          }),
        all(202),
      ],
    ),
  ];
}

/** The 督办 routes (CONTRACT.md §6.2): reads for every signed-in role in scope; actions refused by role first
 *  (the route lets officers and up in; the desk decides the rest), then by scope, then by existence. */
function supervisionRows(
  c: MatrixContext,
  h: {
    get: (path: string) => Case['run'];
    post: (path: string, body: unknown) => Case['run'];
    range: string;
  },
): Row[] {
  const row = (route: string, ...cases: [string, Case['run'], Expect][]): Row => {
    const [method, path] = route.split(' ') as [string, string];
    return { method, path, cases: cases.map(([label, run, expect]) => ({ label, run, expect })) };
  };
  const NO_ORDER = '/api/supervisions/SUP-4501-20200101-0001';
  const issue = (alertId: string, unit: string) => ({
    alert_ids: [alertId],
    unit_code: unit,
    level: 'reminder',
    instructions: '请整改',
  });
  const action = (name: string, body: unknown): Row =>
    row(
      `POST /api/supervisions/:id/${name}`,
      ['no such order', h.post(`${NO_ORDER}/${name}`, body), officerUp('not_found')],
      ['malformed id', h.post(`/api/supervisions/nope/${name}`, body), officerUp('invalid_path')],
    );
  return [
    row(
      'GET /api/supervisions',
      ['own scope', h.get('/api/supervisions?state=open'), signedIn(200)],
      ['unit out of scope', h.get('/api/supervisions?unit=4502'), signedIn('out_of_scope')],
      ['bad filter', h.get('/api/supervisions?state=bogus'), signedIn('invalid_query')],
    ),
    row(
      'GET /api/stats/supervisions',
      ['own scope', h.get(`/api/stats/supervisions?${h.range}&level=county`), signedIn(200)],
      [
        'parent out of scope',
        h.get(`/api/stats/supervisions?${h.range}&parent=4502`),
        signedIn('out_of_scope'),
      ],
    ),
    row(
      'GET /api/supervisions/:id',
      ['no such order', h.get(NO_ORDER), signedIn('not_found')],
      ['malformed id', h.get('/api/supervisions/nope'), signedIn('invalid_path')],
    ),
    row(
      'POST /api/supervisions',
      [
        'no such alert',
        h.post('/api/supervisions', issue('R-INC-01:incident_id:none', '450103520000')),
        managerUp('not_found'),
      ],
      [
        'unit out of scope',
        h.post('/api/supervisions', issue(c.out, '450203520000')),
        { ...officerUp('out_of_scope') },
      ],
      ['empty body', h.post('/api/supervisions', {}), officerUp('invalid_body')],
    ),
    action('receive', {}),
    action('answer', { text: '已整改' }),
    action('review', { decision: 'accept', note: '同意' }),
    action('cancel', { note: '撤销' }),
  ];
}
