/**
 * Supervision orders — 督办 (CONTRACT.md §6.2): list, detail with alerts and history, issue, receive, answer,
 * review, cancel. Every route is authenticated and scoped; reads go through orderForReader (scope, masking);
 * every action is audited with its outcome. Roles and states are the desk's to decide (alerts/supervision).
 */
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import type { Alert } from '../../common/alerts.js';
import { rolesAtLeast } from '../../common/auth.js';
import type { SupervisionDetail, SupervisionStatsResponse } from '../../common/api.js';
import { supervisionStatsQuerySchema } from '../../common/api.js';
import type { Unit } from '../../common/units.js';
import { supervisionStats } from '../services/supervision-stats.js';
import {
  answerRequestSchema,
  cancelRequestSchema,
  issueRequestSchema,
  reviewRequestSchema,
  supervisionQuerySchema,
} from '../../common/supervision.js';
import type { AlertBook } from '../../alerts/orchestrator/index.js';
import type { DeskResult, SupervisionDesk } from '../../alerts/supervision/desk.js';
import type { Authenticate } from '../auth/index.js';
import { requireAuth, requireRole, userOf } from '../auth/index.js';
import { sendError } from '../http/errors.js';
import { effectiveUnit } from '../http/scope.js';
import { parseOr400 } from '../http/validate.js';
import type { AuditLog } from '../services/audit.js';
import type { SupervisionQueries } from '../services/supervision-queries.js';

export interface SupervisionsRoutesDeps {
  authenticate: Authenticate;
  queries: SupervisionQueries;
  alerts: Pick<AlertBook, 'getMany'>;
  desk: SupervisionDesk;
  audit: AuditLog;
  units: () => Promise<Map<string, Unit>>;
}

function orderStats(deps: SupervisionsRoutesDeps): Handler {
  return async (req, res) => {
    const q = parseOr400(supervisionStatsQuerySchema, req.query, res, 'query');
    if (!q) return;
    const user = userOf(res);
    const scoped = effectiveUnit(user.scope, q.parent);
    if (!scoped.ok) return sendError(res, 'out_of_scope', `unit ${q.parent} is outside your scope`);
    const store = deps.queries.store;
    const orders = await store.getMany(await store.ids({}));
    const units = supervisionStats(orders, { ...q, parent: scoped.unit }, user.scope, await deps.units());
    const body: SupervisionStatsResponse = { level: q.level, units };
    res.json(body);
  };
}

type Handler = (req: Request, res: Response) => Promise<void>;
type Action = 'receive' | 'answer' | 'review' | 'cancel';

const jsonBody = express.json({ limit: '64kb', strict: true, type: () => true });
const ID = /^SUP-\d{4}-\d{8}-\d{1,6}$/;

function listOrders(deps: SupervisionsRoutesDeps): Handler {
  return async (req, res) => {
    const q = parseOr400(supervisionQuerySchema, req.query, res, 'query');
    if (!q) return;
    const user = userOf(res);
    const scoped = effectiveUnit(user.scope, q.unit);
    if (!scoped.ok) return sendError(res, 'out_of_scope', `unit ${q.unit} is outside your scope`);
    res.json({ supervisions: await deps.queries.list(q, scoped.unit, user) });
  };
}

function orderDetail(deps: SupervisionsRoutesDeps): Handler {
  return async (req, res) => {
    const id = String(req.params.id ?? '');
    if (!ID.test(id))
      return sendError(res, 'invalid_path', 'id: not a supervision id (SUP-4501-20261202-0007)');
    const user = userOf(res);
    const order = await deps.queries.get(id, user);
    if (!order) return sendError(res, 'not_found', 'no such supervision order');
    if (order === 'outside') return sendError(res, 'out_of_scope', 'this order is outside your scope');
    const found = await deps.alerts.getMany(order.alert_ids);
    const alerts: Alert[] = [];
    for (const a of found.values()) if (a.unit_code.startsWith(user.scope)) alerts.push(a);
    const detail: SupervisionDetail = {
      ...order,
      alerts,
      hidden_alerts: order.alert_ids.length - alerts.length,
      history: await deps.queries.history(order, user),
    };
    res.json(detail);
  };
}

function send(res: Response, result: DeskResult, status = 200): void {
  if (!result.ok) return sendError(res, result.code, result.error);
  res.status(status).json(result.order);
}

function issueOrder(deps: SupervisionsRoutesDeps): Handler {
  return async (req, res) => {
    const body = parseOr400(issueRequestSchema, req.body ?? {}, res, 'body');
    if (!body) return;
    const user = userOf(res);
    const result = await deps.desk.issue(user, body);
    const target = result.ok ? result.order.supervision_id : body.unit_code;
    const note = `${body.level} ${body.alert_ids.length} alert(s): ${body.instructions}`.slice(0, 500);
    await deps.audit.recordRequest(req, user, {
      action: 'supervision_issue',
      target,
      note,
      outcome: result.ok ? 'ok' : result.code,
    });
    send(res, result, 201);
  };
}

const BODIES = {
  receive: null,
  answer: answerRequestSchema,
  review: reviewRequestSchema,
  cancel: cancelRequestSchema,
} as const;

function orderAction(deps: SupervisionsRoutesDeps, action: Action): Handler {
  return async (req, res) => {
    const id = String(req.params.id ?? '');
    if (!ID.test(id))
      return sendError(res, 'invalid_path', 'id: not a supervision id (SUP-4501-20261202-0007)');
    const schema = BODIES[action];
    const body = schema ? parseOr400(schema, req.body ?? {}, res, 'body') : {};
    if (!body) return;
    const user = userOf(res);
    const desk = deps.desk;
    const b = body as Record<string, unknown>;
    const result =
      action === 'receive'
        ? await desk.receive(user, id)
        : action === 'answer'
          ? await desk.answer(user, id, body as { text: string; event_ids?: string[] })
          : action === 'review'
            ? await desk.review(user, id, body as { decision: 'accept' | 'return'; note?: string })
            : await desk.cancel(user, id, String(b.note ?? ''));
    const note = String(b.text ?? b.note ?? b.decision ?? '').slice(0, 500);
    await deps.audit.recordRequest(req, user, {
      action: `supervision_${action}`,
      target: id,
      note,
      outcome: result.ok ? 'ok' : result.code,
    });
    send(res, result);
  };
}

export function supervisionsRoutes(deps: SupervisionsRoutesDeps): Router {
  const router = Router();
  const auth = requireAuth(deps.authenticate);
  const officer = requireRole(...rolesAtLeast('officer'));
  router.get('/api/supervisions', auth, listOrders(deps));
  router.get('/api/stats/supervisions', auth, orderStats(deps));
  router.get('/api/supervisions/:id', auth, orderDetail(deps));
  router.post('/api/supervisions', auth, officer, jsonBody, issueOrder(deps));
  for (const action of ['receive', 'answer', 'review', 'cancel'] as const)
    router.post(`/api/supervisions/:id/${action}`, auth, officer, jsonBody, orderAction(deps, action));
  return router;
}
