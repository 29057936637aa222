/**
 * What the authorization matrix's rows are made of (live-authz-table.ts assembles them): the types, the
 * expected outcome per persona (`signedIn`, `officerUp`, `managerUp`, `adminOnly`), and the request makers
 * bound to one live system (`kit`).
 */
import { ERROR_STATUS } from '../../../common/errors.js';
import type { ErrorCode } from '../../../common/errors.js';
import { call } from '../live-system.js';
import type { Persona, Personas, Reply } from '../live-system.js';

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
export type Outcome = 200 | 201 | 202 | 204 | ErrorCode;
export const cell = (o: Outcome): Cell =>
  typeof o === 'number' ? { status: o } : { status: ERROR_STATUS[o], code: o };
export const all = (o: Outcome): Expect => {
  const c = cell(o);
  return { anonymous: c, viewer: c, officer: c, manager: c, admin: c };
};
export const signedIn = (o: Outcome): Expect => ({ ...all(o), anonymous: cell('unauthorized') });
export const officerUp = (o: Outcome): Expect => ({ ...signedIn(o), viewer: cell('forbidden') });
export const managerUp = (o: Outcome): Expect => ({ ...officerUp(o), officer: cell('forbidden') });
export const adminOnly = (o: Outcome): Expect => ({ ...signedIn('forbidden'), admin: cell(o) });
export const enc = encodeURIComponent;
const DAY = 86_400_000;

export type CaseSpec = [label: string, run: Case['run'], expect: Expect];

export const row = (route: string, ...cases: CaseSpec[]): Row => {
  const [method, path] = route.split(' ') as [string, string];
  return { method, path, cases: cases.map(([label, run, expect]) => ({ label, run, expect })) };
};
/** A row whose routes do not take user tokens the usual way: what a bad user token gets there. */
export const rowWith = (badToken: Outcome, route: string, ...cases: CaseSpec[]): Row => ({
  ...row(route, ...cases),
  badToken: cell(badToken),
});

/** The request makers for one live system; `counter` numbers the names and ids the rows make up. */
export function kit(c: MatrixContext) {
  const t = (p: Persona): string | undefined => c.p.token[p];
  const req =
    (method: string, path: string | ((p: Persona) => Promise<string> | string), body?: unknown) =>
    async (p: Persona): Promise<Reply> =>
      call(c.url, method, typeof path === 'string' ? path : await path(p), { token: t(p), body });
  return {
    c,
    req,
    get: (path: string) => req('GET', path),
    post: (path: string | ((p: Persona) => string), body: unknown) => req('POST', path, body),
    /** The last 7 days, as a query string. */
    range: `from=${new Date(Date.now() - 7 * DAY).toISOString()}&to=${new Date().toISOString()}`,
    counter: { n: 0 },
  };
}
export type Kit = ReturnType<typeof kit>;
