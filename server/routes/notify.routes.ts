/**
 * Notifications (CONTRACT.md §7): `GET /api/notifications` (officers and above; scoped to their units),
 * `GET /api/notify/channels` and `POST /api/notify/test` (admin). Tests are audited.
 */
import express, { Router } from 'express';
import { rolesAtLeast } from '../../common/auth.js';
import { notificationsQuerySchema, notifyTestSchema } from '../../common/notify.js';
import type { Authenticate } from '../auth/index.js';
import { requireAuth, requireRole, userOf } from '../auth/index.js';
import { sendError } from '../http/errors.js';
import { parseOr400 } from '../http/validate.js';
import type { AuditLog } from '../services/audit.js';
import type { NotifyService } from '../services/notify-service.js';

const jsonBody = express.json({ limit: '4kb', strict: true, type: () => true });

export function notifyRoutes(deps: {
  authenticate: Authenticate;
  notify: NotifyService;
  audit: AuditLog;
}): Router {
  const router = Router();
  const auth = requireAuth(deps.authenticate);

  router.get('/api/notifications', auth, requireRole(...rolesAtLeast('officer')), async (req, res) => {
    const q = parseOr400(notificationsQuerySchema, req.query, res, 'query');
    if (!q) return;
    res.json({ notifications: await deps.notify.list(q, userOf(res).scope) });
  });

  router.get('/api/notify/channels', auth, requireRole('admin'), async (_req, res) => {
    res.json(await deps.notify.channels());
  });

  router.post('/api/notify/test', auth, requireRole('admin'), jsonBody, async (req, res) => {
    const body = parseOr400(notifyTestSchema, req.body, res, 'body');
    if (!body) return;
    if (!deps.notify.enabled)
      return sendError(res, 'notify_disabled', 'notifications are off: set NOTIFY_FILE (see README, 通知)');
    const user = userOf(res);
    const out = await deps.notify.test(body.channel, user.username);
    if (!out.ok)
      return out.code === 'not_found'
        ? sendError(res, 'not_found', `no channel ${JSON.stringify(body.channel)} in NOTIFY_FILE`)
        : sendError(res, 'no_recipient', `no contact with an address uses channel ${body.channel}; add one`);
    await deps.audit.recordRequest(req, user, {
      action: 'notify_test',
      target: body.channel,
      outcome: out.attempt.outcome === 'delivered' ? 'ok' : 'failed',
      note: out.attempt.error,
    });
    res.json({ attempt: out.attempt });
  });
  return router;
}
