/**
 * For the live-server integration tests (tests/integration/live-*.test.ts): HTTP calls against the real
 * system, users of every role, events that make alerts, and waiting for the engine.
 */
import { expect } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import type { Role } from '../../common/auth.js';
import type { PoliceEvent } from '../../common/events.js';
import { queryRows } from '../../common/node/clickhouse.js';
import type { TestSystem } from './system.js';

export const ADMIN_PASSWORD = 'test-admin-password';
export const PERSONAS = ['anonymous', 'viewer', 'officer', 'manager', 'admin'] as const;
export type Persona = (typeof PERSONAS)[number];

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  json: T;
  text: string;
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  /** Sent as is (for malformed bodies); `body` is JSON-encoded. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  /** Client IP as the server sees it (trust proxy is loopback). */
  ip?: string;
}

export async function call<T = Record<string, unknown>>(
  url: string,
  method: string,
  route: string,
  opts: CallOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { 'x-forwarded-for': opts.ip ?? '198.51.100.7', ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Buffer | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(url + route, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, json: json as T, text };
}

export async function until<T>(
  fn: () => Promise<T | undefined | null | false>,
  ms = 30_000,
  what: string | (() => string) = 'condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const hoursAgo = (h: number): string => new Date(Date.now() - h * 3_600_000).toISOString();
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A criminal incident closed 30 h ago: R-INC-01 is overdue (P1) as soon as the grace has passed. */
export function overdueIncident(
  incident: string,
  unit: string,
  attrs: Record<string, unknown> = {},
): PoliceEvent {
  return {
    event_id: `closed-${incident}`,
    type: 'incident.closed',
    occurred_at: hoursAgo(30),
    unit_code: unit,
    incident_id: incident,
    attrs: { nature: 'criminal', ...attrs },
  };
}

/** The satisfier of R-INC-01 (late): the alert resolves itself `late`. */
export function registration(incident: string, unit: string, suffix = ''): PoliceEvent {
  return {
    event_id: `reg-${incident}${suffix}`,
    type: 'case.registered',
    occurred_at: hoursAgo(1),
    unit_code: unit,
    incident_id: incident,
    case_id: `C-${incident}`,
    attrs: { case_kind: 'criminal' },
  };
}

export const alertIdOf = (incident: string): string => `R-INC-01:incident_id:${incident}`;

export async function postEvents(sys: TestSystem, events: PoliceEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5_000) {
    const res = await sys.post(events.slice(i, i + 5_000));
    expect(res.status, await res.clone().text()).toBe(202);
    const body = (await res.json()) as { accepted: number; rejected: unknown[] };
    expect(body.rejected).toEqual([]);
  }
}

/** Posts overdue incidents and waits until the engine raised every alert. */
export async function raiseAlerts(
  sys: TestSystem,
  items: { incident: string; unit: string; attrs?: Record<string, unknown> }[],
): Promise<Alert[]> {
  await postEvents(
    sys,
    items.map((i) => overdueIncident(i.incident, i.unit, i.attrs)),
  );
  const ids = items.map((i) => alertIdOf(i.incident));
  const store = sys.live.alerts;
  return until(
    async () => {
      const got = await store.getMany(ids);
      const all = ids.map((id) => got.get(id));
      return all.every((a) => a?.stage === 'overdue') ? (all as Alert[]) : null;
    },
    60_000,
    `${ids.length} alerts raised`,
  );
}

/** Users of every role (names `${prefix}-${role}`) in `scope`, created through the API; session tokens. */
export interface Personas {
  token: Record<Persona, string | undefined>;
  name: Record<Exclude<Persona, 'anonymous'>, string>;
  password: Record<Exclude<Persona, 'anonymous'>, string>;
  /** A new session token for the persona (for calls that end it, such as logout). */
  fresh(p: Persona): Promise<string | undefined>;
}

export async function adminToken(sys: TestSystem): Promise<string> {
  const res = await call<{ token: string }>(sys.url, 'POST', '/api/auth/login', {
    body: { username: 'admin', password: ADMIN_PASSWORD },
  });
  expect(res.status, res.text).toBe(200);
  return res.json.token;
}

export async function makePersonas(sys: TestSystem, scope: string, prefix: string): Promise<Personas> {
  const admin = await adminToken(sys);
  const roles: Role[] = ['viewer', 'officer', 'manager', 'admin'];
  const name = {} as Personas['name'];
  const password = {} as Personas['password'];
  const token: Personas['token'] = {
    anonymous: undefined,
    viewer: undefined,
    officer: undefined,
    manager: undefined,
    admin: undefined,
  };
  for (const role of roles) {
    name[role] = `${prefix}-${role}`;
    password[role] = `${prefix}-${role}-secret`;
    const res = await call(sys.url, 'POST', '/api/users', {
      token: admin,
      body: { username: name[role], password: password[role], role, scope },
    });
    expect(res.status, res.text).toBe(201);
    token[role] = (await sys.auth.tokens.issueSession(name[role])).token;
  }
  return {
    token,
    name,
    password,
    async fresh(p) {
      if (p === 'anonymous') return undefined;
      return (await sys.auth.tokens.issueSession(name[p])).token;
    },
  };
}

export interface AuditRow {
  at: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  note: string;
  outcome: string;
}

export function auditRows(sys: TestSystem, target: string): Promise<AuditRow[]> {
  return queryRows<AuditRow>(
    sys.clickhouse.client,
    `SELECT toString(at) AS at, actor, role, action, target, note, outcome FROM audit_log
     WHERE target = {target:String} ORDER BY at`,
    { target },
  );
}

export async function eventCount(sys: TestSystem): Promise<number> {
  const [r] = await queryRows<{ n: string }>(sys.clickhouse.client, 'SELECT count() AS n FROM events');
  return Number(r?.n ?? 0);
}
