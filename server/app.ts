/**
 * The HTTP application: `createApp(deps)` wires routes and middleware and never listens, so tests mount
 * it on port 0 and main.ts decides where it runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { ErrorRequestHandler, Express, Router } from 'express';
import type { Logger } from '../common/node/logger.js';
import { ERROR_STATUS } from '../common/errors.js';
import { originGuard } from './auth/origins.js';
import { errorOf, sendError } from './http/errors.js';
import { answeredByDeadline, isOutage, requestDeadline, UNAVAILABLE_MESSAGE } from './http/outage.js';
import { securityHeaders } from './http/security-headers.js';

export interface AppDeps {
  routers: Router[];
  /** Built dashboard (dashboard/dist); a placeholder page is served when it is missing. */
  staticDir: string;
  logger: Logger;
  /** Other origins whose pages may call the API (ALLOWED_ORIGINS); default none: same origin only. */
  allowedOrigins?: readonly string[];
  /** An API request still unanswered this long after its body arrived gets 503 (default 15 s). */
  requestTimeoutMs?: number;
}

const PLACEHOLDER = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>守望 Vigil</title>
<body style="background:#0b1220;color:#dbe4f3;font-family:sans-serif;padding:4rem">
<h1>守望 Vigil</h1><p>执法监督实时系统正在运行。大屏尚未构建（npm run build）。</p>
<p>Vigil is running. The dashboard has not been built yet. API health: <a style="color:#7cc4ff" href="/api/health">/api/health</a></p>`;

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    // The deadline answered already; what the route ran into afterwards is of no consequence.
    if (answeredByDeadline(res)) return;
    if (isOutage(err)) {
      logger.warn({ err }, 'a store did not answer');
      if (res.headersSent) return void next(err);
      sendError(res, 'unavailable', UNAVAILABLE_MESSAGE);
      return;
    }
    const body = errorOf(err);
    if (ERROR_STATUS[body.code] >= 500) logger.error({ err }, 'unhandled error');
    if (res.headersSent) return void next(err);
    sendError(res, body.code, body.error);
  };
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  app.use('/api', originGuard(deps.allowedOrigins ?? []), requestDeadline(deps.requestTimeoutMs ?? 15_000));
  for (const r of deps.routers) app.use(r);
  app.use('/api', (_req, res) => sendError(res, 'unknown_route', 'no such API route'));
  const index = path.join(deps.staticDir, 'index.html');
  if (fs.existsSync(index)) {
    app.use(express.static(deps.staticDir, { index: false, maxAge: '1h' }));
    app.get(/.*/, (_req, res) => res.sendFile(index));
  } else {
    app.get(/.*/, (_req, res) => res.type('html').send(PLACEHOLDER));
  }
  app.use(errorHandler(deps.logger));
  return app;
}
