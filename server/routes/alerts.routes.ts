/**
 * Alerts (CONTRACT.md §3): list, detail with evidence and history, acknowledge, resolve. Every route is
 * authenticated, scoped to the user's unit prefix, and every action is audited. One named handler per
 * route; `alertsRoutes` wires them.
 */
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import type { Alert } from '../../common/alerts.js';
import type { AuthUser } from '../../common/auth.js';
import { rolesAtLeast } from '../../common/auth.js';
import type { AlertDetail } from '../../common/api.js';
import { alertsQuerySchema, noteSchema, resolveSchema } from '../../common/api.js';
import type { AlertDesk, ManualOutcome } from '../../alerts/orchestrator/index.js';
import type { Authenticate } from '../auth/index.js';
import { inScope, requireAuth, requireRole, userOf } from '../auth/index.js';
import { sendError } from '../http/errors.js';
import { effectiveUnit } from '../http/scope.js';
import { parseOr400 } from '../http/validate.js';
import type { AlertQueries } from '../services/alert-queries.js';
import type { AuditLog } from '../services/audit.js';
import type { ScopedEventsFor } from '../services/scoped-events.js';
import type { SupervisionQueries } from '../services/supervision-queries.js';
import type { Supervision } from '../../common/supervision.js';

export interface AlertsRoutesDeps {
  authenticate: Authenticate;
  queries: AlertQueries;
  /** The caller's event reader: evidence filtered to their scope and masked for their role. */
  events: ScopedEventsFor;
  /** Manual actions; they are compare-and-set writes, safe from any process. */
  desk: Pick<AlertDesk, 'acknowledge' | 'resolve'>;
  audit: AuditLog;
  /** Each alert's supervision order (open, else latest), as the caller may see it. */
  orders?: Pick<SupervisionQueries, 'forAlerts'>;
}

/** The alerts with `supervision_id` joined (CONTRACT.md §6.1): the order the caller may see, else null. */
async function withOrders(deps: AlertsRoutesDeps, alerts: Alert[], user: AuthUser): Promise<Alert[]> {
  if (!deps.orders || alerts.length === 0) return alerts;
  const orders = await deps.orders.forAlerts(
    alerts.map((a) => a.alert_id),
    user,
  );
  return alerts.map((a) => ({ ...a, supervision_id: orders.get(a.alert_id)?.supervision_id ?? null }));
}

type Handler = (req: Request, res: Response) => Promise<void>;

const jsonBody = express.json({ limit: '16kb', strict: true, type: () => true });
const ID = /^[A-Za-z0-9._~%:-]{1,300}$/;

/** The alert named in the path, if it exists and the caller's scope covers it; otherwise the error is sent. */
async function loadInScope(deps: AlertsRoutesDeps, req: Request, res: Response): Promise<Alert | undefined> {
  const id = String(req.params.alert_id ?? '');
  if (!ID.test(id)) return void sendError(res, 'invalid_path', 'alert_id: not a valid alert id');
  const alert = await deps.queries.get(id);
  if (!alert) return void sendError(res, 'not_found', 'no such alert');
  if (!inScope(userOf(res), alert.unit_code)) {
    await deps.audit.recordRequest(req, userOf(res), {
      action: 'read_out_of_scope',
      target: id,
      note: '',
      outcome: 'forbidden',
    });
    return void sendError(res, 'out_of_scope', 'this alert is outside your scope');
  }
  return alert;
}

function listAlerts(deps: AlertsRoutesDeps): Handler {
  return async (req, res) => {
    const q = parseOr400(alertsQuerySchema, req.query, res, 'query');
    if (!q) return;
    const user = userOf(res);
    const scoped = effectiveUnit(user.scope, q.unit);
    if (!scoped.ok) return sendError(res, 'out_of_scope', `unit ${q.unit} is outside your scope`);
    const list = await deps.queries.list({ ...q, unit: scoped.unit }, user.scope);
    res.json({ ...list, alerts: await withOrders(deps, list.alerts, user) });
  };
}

function alertDetail(deps: AlertsRoutesDeps): Handler {
  return async (req, res) => {
    const alert = await loadInScope(deps, req, res);
    if (!alert) return;
    const user = userOf(res);
    const [evidence, history, orders] = await Promise.all([
      deps.events(user).evidence(alert),
      deps.queries.history(alert),
      deps.orders?.forAlerts([alert.alert_id], user) ?? new Map<string, Supervision>(),
    ]);
    const order = orders.get(alert.alert_id) ?? null;
    const detail: AlertDetail = {
      ...alert,
      supervision_id: order?.supervision_id ?? null,
      supervision: order,
      evidence: evidence.events,
      evidence_hidden: evidence.hidden,
      history,
    };
    res.json(detail);
  };
}

/** The answer to a manual action: the alert, or why it could not be done. */
function sendOutcome(res: Response, alert: Alert, outcome: ManualOutcome): void {
  if (outcome.ok) return void res.json(outcome.alert);
  if (outcome.reason === 'resolved') return sendError(res, 'alert_resolved', 'the alert is already resolved');
  if (outcome.reason === 'held')
    return sendError(
      res,
      'alert_held',
      `the alert is held while source ${alert.held_by ?? ''} is late or silent; it is judged when the source is back`,
    );
  sendError(res, 'not_found', 'no such alert');
}

function manualAction(deps: AlertsRoutesDeps, action: 'ack' | 'resolve'): Handler {
  return async (req, res) => {
    const body = parseOr400(action === 'ack' ? noteSchema : resolveSchema, req.body ?? {}, res, 'body');
    if (!body) return;
    const alert = await loadInScope(deps, req, res);
    if (!alert) return;
    const user = userOf(res);
    const outcome =
      action === 'ack'
        ? await deps.desk.acknowledge(alert.alert_id, user.username, { note: body.note })
        : await deps.desk.resolve(alert.alert_id, user.username, body.note ?? '');
    const note = body.note ?? '';
    await deps.audit.recordRequest(req, user, {
      action,
      target: alert.alert_id,
      note,
      outcome: outcome.ok ? 'ok' : outcome.reason,
    });
    sendOutcome(res, alert, outcome);
  };
}

export function alertsRoutes(deps: AlertsRoutesDeps): Router {
  const router = Router();
  const auth = requireAuth(deps.authenticate);
  const officer = requireRole(...rolesAtLeast('officer'));
  router.get('/api/alerts', auth, listAlerts(deps));
  router.get('/api/alerts/:alert_id', auth, alertDetail(deps));
  router.post('/api/alerts/:alert_id/ack', auth, officer, jsonBody, manualAction(deps, 'ack'));
  router.post('/api/alerts/:alert_id/resolve', auth, officer, jsonBody, manualAction(deps, 'resolve'));
  return router;
}
