/**
 * Express pieces: `requireAuth` (a valid bearer token; sets res.locals.user), `requireRole`, and the scope
 * check `inScope` that routes apply to every alert they show or change.
 */
import type { RequestHandler, Response } from 'express';
import type { AuthUser, Role } from '../../common/auth.js';
import { scopeCovers } from '../../common/units.js';
import { bearerToken } from '../http/bearer.js';
import { sendError } from '../http/errors.js';
import type { Authenticate } from './service.js';

export function requireAuth(authenticate: Authenticate): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    if (!token) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendError(
        res,
        'unauthorized',
        'sign in first: send Authorization: Bearer <token> (POST /api/auth/login)',
      );
      return;
    }
    let user: AuthUser | null;
    try {
      user = await authenticate(token);
    } catch {
      sendError(res, 'unavailable', 'sign-in is unavailable right now (Redis or ClickHouse); try again');
      return;
    }
    if (!user) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      sendError(res, 'invalid_token', 'invalid, expired or revoked token; sign in again');
      return;
    }
    res.locals.user = user;
    next();
  };
}

/** The signed-in user; only behind requireAuth. */
export function userOf(res: Response): AuthUser {
  const user = res.locals.user as AuthUser | undefined;
  if (!user) throw new Error('userOf() used on a route without requireAuth');
  return user;
}

/** Allows only the listed roles (see rolesAtLeast in common/auth.ts); 403 for the others. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const user = res.locals.user as AuthUser | undefined;
    if (!user) {
      sendError(res, 'unauthorized', 'sign in first');
      return;
    }
    if (!roles.includes(user.role)) {
      sendError(res, 'forbidden', `this needs the role ${roles.join(' or ')}; you are ${user.role}`);
      return;
    }
    next();
  };
}

/** Whether the user's scope (a unit-code prefix, '' = all) covers the unit. */
export function inScope(user: Pick<AuthUser, 'scope'>, unitCode: string): boolean {
  return /^\d+$/.test(unitCode) && scopeCovers(user.scope, unitCode);
}
