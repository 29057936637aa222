/**
 * Alerts (CONTRACT.md §3): list, detail with evidence and history, acknowledge, resolve. Every route is
 * authenticated, scoped to the user's unit prefix, and every action is audited.
 */
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth.js';
import { rolesAtLeast } from '../../common/auth.js';
import type { AlertDetail } from '../../common/api.js';
import { alertsQuerySchema, noteSchema, resolveSchema } from '../../common/api.js';
import type { AlertDesk } from '../../alerts/orchestrator/index.js';
import type { Authenticate } from '../auth/index.js';
import { inScope, requireAuth, requireRole, userOf } from '../auth/index.js';
import { sendError } from '../http/errors.js';
import { effectiveUnit } from '../http/scope.js';
import { parseOr400 } from '../http/validate.js';
import type { AlertQueries } from '../services/alert-queries.js';
import type { AuditLog } from '../services/audit.js';
import type { ScopedEventsFor } from '../services/scoped-events.js';

export interface AlertsRoutesDeps {
  authenticate: Authenticate;
  queries: AlertQueries;
  /** The caller's event reader: evidence filtered to their scope and masked for their role. */
  events: ScopedEventsFor;
  /** Manual actions; they are compare-and-set writes, safe from any process. */
  desk: Pick<AlertDesk, 'acknowledge' | 'resolve'>;
  audit: AuditLog;
}

const jsonBody = express.json({ limit: '16kb', strict: true, type: () => true });
const ID = /^[A-Za-z0-9._~%:-]{1,300}$/;

export function alertsRoutes(deps: AlertsRoutesDeps): Router {
  const router = Router();
  const auth = requireAuth(deps.authenticate);

  router.get('/api/alerts', auth, async (req, res) => {
    const q = parseOr400(alertsQuerySchema, req.query, res, 'query');
    if (!q) return;
    const user = userOf(res);
    const scoped = effectiveUnit(user.scope, q.unit);
    if (!scoped.ok) return sendError(res, 'out_of_scope', `unit ${q.unit} is outside your scope`);
    res.json(await deps.queries.list({ ...q, unit: scoped.unit }, user.scope));
  });

  router.get('/api/alerts/:alert_id', auth, async (req, res) => {
    const alert = await loadInScope(req, res);
    if (!alert) return;
    const [evidence, history] = await Promise.all([
      deps.events(userOf(res)).evidence(alert),
      deps.queries.history(alert),
    ]);
    const detail: AlertDetail = {
      ...alert,
      evidence: evidence.events,
      evidence_hidden: evidence.hidden,
      history,
    };
    res.json(detail);
  });

  const act = (action: 'ack' | 'resolve') => async (req: Request, res: Response) => {
    const body = parseOr400(action === 'ack' ? noteSchema : resolveSchema, req.body ?? {}, res, 'body');
    if (!body) return;
    const alert = await loadInScope(req, res);
    if (!alert) return;
    const user = userOf(res);
    const outcome =
      action === 'ack'
        ? await deps.desk.acknowledge(alert.alert_id, user.username, { note: body.note })
        : await deps.desk.resolve(alert.alert_id, user.username, body.note ?? '');
    await audit(req, user, action, alert.alert_id, body.note ?? '', outcome.ok ? 'ok' : outcome.reason);
    if (outcome.ok) return void res.json(outcome.alert);
    if (outcome.reason === 'resolved')
      return sendError(res, 'alert_resolved', 'the alert is already resolved');
    if (outcome.reason === 'held')
      return sendError(
        res,
        'alert_held',
        `the alert is held while source ${alert.held_by ?? ''} is late or silent; it is judged when the source is back`,
      );
    sendError(res, 'not_found', 'no such alert');
  };
  router.post(
    '/api/alerts/:alert_id/ack',
    auth,
    requireRole(...rolesAtLeast('officer')),
    jsonBody,
    act('ack'),
  );
  router.post(
    '/api/alerts/:alert_id/resolve',
    auth,
    requireRole(...rolesAtLeast('officer')),
    jsonBody,
    act('resolve'),
  );

  async function loadInScope(req: Request, res: Response) {
    const id = String(req.params.alert_id ?? '');
    if (!ID.test(id)) return void sendError(res, 'invalid_path', 'alert_id: not a valid alert id');
    const alert = await deps.queries.get(id);
    if (!alert) return void sendError(res, 'not_found', 'no such alert');
    if (!inScope(userOf(res), alert.unit_code)) {
      await audit(req, userOf(res), 'read_out_of_scope', id, '', 'forbidden');
      return void sendError(res, 'out_of_scope', 'this alert is outside your scope');
    }
    return alert;
  }

  async function audit(
    req: Request,
    user: AuthUser,
    action: string,
    target: string,
    note: string,
    outcome: string,
  ) {
    await deps.audit.record({
      at: new Date().toISOString(),
      actor: user.username,
      role: user.role,
      action,
      target,
      ip: req.ip ?? '',
      userAgent: String(req.headers['user-agent'] ?? ''),
      note,
      outcome,
    });
  }

  return router;
}
