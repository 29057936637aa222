/**
 * User management, admin only (CONTRACT.md §3): create, list, disable, enable again, set a new password;
 * kiosk tokens for wall displays, labelled with their screen. Responses never carry a password or a hash.
 * Every change is recorded in the audit log (who, what, on whom, from where, outcome).
 */
import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import {
  createUserRequestSchema,
  KIOSK_TOKEN_ID_PATTERN,
  kioskTokenRequestSchema,
  passwordResetRequestSchema,
  usernameSchema,
} from '../../common/auth.js';
import { scopeCovers } from '../../common/units.js';
import { requireAuth, requireRole, userOf } from '../auth/middleware.js';
import type { Auth } from '../auth/service.js';
import { KioskLimitError } from '../auth/tokens.js';
import { publicUser, UserExistsError } from '../auth/user-store.js';
import type { StoredUser } from '../auth/user-store.js';
import { parseOr400 } from '../auth/validate.js';
import { sendError } from '../http/errors.js';
import type { AuditLog } from '../services/audit.js';

export const userParams = z.object({ username: usernameSchema });
export const kioskParams = z.object({
  username: usernameSchema,
  id: z.string().regex(KIOSK_TOKEN_ID_PATTERN, 'must be a kiosk token id (16 hex digits)'),
});

function notFound(res: Response, username: string): void {
  sendError(res, 'not_found', `no user "${username}"`);
}

/**
 * A scoped admin manages only users whose scope lies within theirs (an admin of 4501 cannot create an
 * all-units admin, nor disable or issue kiosk tokens for users of 4502); answers 403 otherwise.
 */
function withinScope(res: Response, scope: string): boolean {
  const admin = userOf(res);
  if (scopeCovers(admin.scope, scope)) return true;
  sendError(res, 'out_of_scope', `that user's scope is outside yours (${admin.scope || 'all units'})`);
  return false;
}

type UsersAuth = Pick<
  Auth,
  'authenticate' | 'users' | 'tokens' | 'disableUser' | 'enableUser' | 'setPassword'
>;
type Audit = Pick<AuditLog, 'recordRequest'>;

/** Records a user change the admin made (`target`: the user, or `user/kiosk-id`). */
function audited(
  audit: Audit,
  req: Request,
  res: Response,
  action: string,
  target: string,
  note = '',
): Promise<void> {
  return audit.recordRequest(req, userOf(res), { action, target, note, outcome: 'ok' });
}

/** The user named in the path when it exists (and, for `active`, is not disabled); else answers. */
async function targetUser(
  auth: UsersAuth,
  params: unknown,
  res: Response,
  active = false,
): Promise<StoredUser | undefined> {
  const p = parseOr400(userParams, params, res, 'user name in the path', 'invalid_path');
  if (!p) return undefined;
  const user = await auth.users.get(p.username);
  if (!user) {
    notFound(res, p.username);
    return undefined;
  }
  if (!withinScope(res, user.scope)) return undefined;
  if (active && user.disabled) {
    sendError(res, 'user_disabled', `user "${p.username}" is disabled`);
    return undefined;
  }
  return user;
}

/** `POST /api/users`: creates a user within the admin's scope; 409 when the name is taken. */
function createUser(auth: UsersAuth, audit: Audit): RequestHandler {
  return async (req, res) => {
    const body = parseOr400(
      createUserRequestSchema,
      req.body ?? null,
      res,
      'user (send JSON {"username","password","role","scope"})',
      'invalid_body',
    );
    if (!body) return;
    if (!withinScope(res, body.scope)) return;
    try {
      const user = await auth.users.create(body);
      await audited(audit, req, res, 'user_create', user.username, `${user.role} ${user.scope || '*'}`);
      res.status(201).json(publicUser(user));
    } catch (err) {
      if (!(err instanceof UserExistsError)) throw err;
      sendError(res, 'user_exists', `user "${body.username}" already exists; choose another name`);
    }
  };
}

/** `GET /api/users`: the users within the admin's scope. */
function listUsers(auth: UsersAuth): RequestHandler {
  return async (_req, res) => {
    const scope = userOf(res).scope;
    const users = (await auth.users.list()).filter((u) => scopeCovers(scope, u.scope));
    res.json({ users: users.map(publicUser) });
  };
}

/** `DELETE /api/users/:username`: disables a user (never the admin's own account). */
function disableUser(auth: UsersAuth, audit: Audit): RequestHandler {
  return async (req, res) => {
    const p = parseOr400(userParams, req.params, res, 'user name in the path', 'invalid_path');
    if (!p) return;
    if (p.username === userOf(res).username) {
      sendError(res, 'own_account', 'you cannot disable your own account; ask another admin');
      return;
    }
    const existing = await auth.users.get(p.username);
    if (existing && !withinScope(res, existing.scope)) return;
    const user = await auth.disableUser(p.username);
    if (!user) return notFound(res, p.username);
    await audited(audit, req, res, 'user_disable', user.username);
    res.json(publicUser(user));
  };
}

/** `POST /api/users/:username/enable`: enables a disabled user again (idempotent); old tokens stay dead. */
function enableUser(auth: UsersAuth, audit: Audit): RequestHandler {
  return async (req, res) => {
    const target = await targetUser(auth, req.params, res);
    if (!target) return;
    const user = await auth.enableUser(target.username);
    if (!user) return notFound(res, target.username);
    if (target.disabled) await audited(audit, req, res, 'user_enable', user.username);
    res.json(publicUser(user));
  };
}

/**
 * `PUT /api/users/:username/password`: sets a new password the admin chose and ends the user's sessions
 * (their kiosk tokens stay: they belong to screens, not to a sign-in). Not for the admin's own account.
 */
function resetPassword(auth: UsersAuth, audit: Audit): RequestHandler {
  return async (req, res) => {
    const target = await targetUser(auth, req.params, res);
    if (!target) return;
    if (target.username === userOf(res).username) {
      sendError(
        res,
        'own_account',
        'set your own password with `npm run users -- passwd`, or ask another admin',
      );
      return;
    }
    const body = parseOr400(
      passwordResetRequestSchema,
      req.body ?? null,
      res,
      'password (send JSON {"password"})',
      'invalid_body',
    );
    if (!body) return;
    const user = await auth.setPassword(target.username, body.password);
    if (!user) return notFound(res, target.username);
    await audited(audit, req, res, 'user_password', user.username);
    res.json(publicUser(user));
  };
}

/** `POST /api/users/:username/kiosk-tokens`: issues a kiosk token to an active user, up to the limit. */
function issueKioskToken(auth: UsersAuth, audit: Audit): RequestHandler {
  return async (req, res) => {
    const user = await targetUser(auth, req.params, res, true);
    if (!user) return;
    const body = parseOr400(
      kioskTokenRequestSchema,
      req.body ?? {},
      res,
      'kiosk token (send JSON {"label"} naming the screen, or {})',
      'invalid_body',
    );
    if (!body) return;
    try {
      const created = await auth.tokens.issueKiosk(user.username, body.label);
      await audited(audit, req, res, 'kiosk_issue', `${user.username}/${created.id}`, body.label ?? '');
      res.status(201).json(created);
    } catch (err) {
      if (!(err instanceof KioskLimitError)) throw err;
      sendError(res, 'kiosk_limit', err.message);
    }
  };
}

/** `GET /api/users/:username/kiosk-tokens`: the user's kiosk tokens. */
function listKioskTokens(auth: UsersAuth): RequestHandler {
  return async (req, res) => {
    const user = await targetUser(auth, req.params, res);
    if (!user) return;
    res.json({ tokens: await auth.tokens.listKiosk(user.username) });
  };
}

/** `DELETE /api/users/:username/kiosk-tokens/:id`: revokes one kiosk token. */
function revokeKioskToken(auth: UsersAuth, audit: Audit): RequestHandler {
  return async (req, res) => {
    const p = parseOr400(kioskParams, req.params, res, 'path', 'invalid_path');
    if (!p) return;
    const owner = await auth.users.get(p.username);
    if (owner && !withinScope(res, owner.scope)) return;
    if (!(await auth.tokens.revokeKiosk(p.username, p.id))) {
      sendError(res, 'not_found', `user "${p.username}" has no kiosk token ${p.id}`);
      return;
    }
    await audited(audit, req, res, 'kiosk_revoke', `${p.username}/${p.id}`);
    res.status(204).end();
  };
}

/** Admin only, never cached; one handler per route. */
export function usersRoutes(auth: UsersAuth, audit: Audit): Router {
  const router = Router();
  router.use('/api/users', requireAuth(auth.authenticate), requireRole('admin'), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const json = express.json({ limit: '16kb' });
  router.post('/api/users', json, createUser(auth, audit));
  router.get('/api/users', listUsers(auth));
  router.delete('/api/users/:username', disableUser(auth, audit));
  router.post('/api/users/:username/enable', enableUser(auth, audit));
  router.put('/api/users/:username/password', json, resetPassword(auth, audit));
  router.post('/api/users/:username/kiosk-tokens', json, issueKioskToken(auth, audit));
  router.get('/api/users/:username/kiosk-tokens', listKioskTokens(auth));
  router.delete('/api/users/:username/kiosk-tokens/:id', revokeKioskToken(auth, audit));
  return router;
}
