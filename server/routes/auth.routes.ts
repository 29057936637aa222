/**
 * `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me` (CONTRACT.md §3). A wrong password
 * and an unknown user get the same 401; repeated failures per user name and per IP get 429 + Retry-After.
 */
import express, { Router } from 'express';
import { loginRequestSchema } from '../../common/auth.js';
import type { LoginResponse, MeResponse } from '../../common/auth.js';
import { requireAuth, userOf } from '../auth/middleware.js';
import type { Auth } from '../auth/service.js';
import { parseOr400 } from '../auth/validate.js';
import { bearerToken } from '../http/bearer.js';
import { sendError } from '../http/errors.js';

const BAD_CREDENTIALS = 'wrong user name or password';

export function authRoutes(auth: Pick<Auth, 'login' | 'authenticate' | 'tokens'>): Router {
  const router = Router();
  router.use('/api/auth', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.post('/api/auth/login', express.json({ limit: '16kb' }), async (req, res) => {
    const body = parseOr400(
      loginRequestSchema,
      req.body ?? null,
      res,
      'login (send JSON {"username","password"} with Content-Type: application/json)',
      'invalid_body',
    );
    if (!body) return;
    const outcome = await auth.login(body.username, body.password, req.ip ?? 'unknown');
    if (outcome.kind === 'limited') {
      res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      sendError(res, 'rate_limited', `too many failed sign-ins; try again in ${outcome.retryAfterSeconds} s`);
      return;
    }
    if (outcome.kind === 'denied') {
      sendError(res, 'invalid_credentials', BAD_CREDENTIALS);
      return;
    }
    const reply: LoginResponse = {
      token: outcome.token,
      user: outcome.user,
      expires_at: new Date(outcome.expiresAt).toISOString(),
    };
    res.json(reply);
  });

  router.post('/api/auth/logout', requireAuth(auth.authenticate), async (req, res) => {
    const token = bearerToken(req);
    if (token) await auth.tokens.revoke(token);
    res.status(204).end();
  });

  router.get('/api/auth/me', requireAuth(auth.authenticate), (_req, res) => {
    const reply: MeResponse = { user: userOf(res) };
    res.json(reply);
  });
  return router;
}
