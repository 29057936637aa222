/**
 * The authorization matrix of the live server: for every (method, path) under /api, requests made as each
 * persona (anonymous, viewer, officer, manager, admin — all scoped to 4501), in and out of scope, and the
 * status and error code each must get. security-matrix.test.ts checks that this table names every route the
 * app has, and runs each row's first case with forged, expired and revoked tokens too (`badToken`).
 * The rows live by route group in tests/helpers/authz/; a new /api route gets its row there.
 */
import { alertRows } from './authz/alerts.js';
import { authRows } from './authz/auth.js';
import { dossierRows } from './authz/dossier.js';
import { kit } from './authz/kit.js';
import type { MatrixContext, Row } from './authz/kit.js';
import { notifyRows } from './authz/notify.js';
import { publicRows } from './authz/public.js';
import { referenceRows } from './authz/reference.js';
import { reportRows } from './authz/reports.js';
import { statsRows } from './authz/stats.js';
import { supervisionRows } from './authz/supervision.js';
import { userRows } from './authz/users.js';

export { cell } from './authz/kit.js';
export type { Case, Cell, Expect, MatrixContext, Row } from './authz/kit.js';

export function matrix(c: MatrixContext): Row[] {
  const k = kit(c);
  return [
    ...publicRows(k),
    ...authRows(k),
    ...userRows(k),
    ...alertRows(k),
    ...statsRows(k),
    ...supervisionRows(k),
    ...notifyRows(k),
    ...dossierRows(k),
    ...reportRows(k),
    ...referenceRows(k),
  ];
}
