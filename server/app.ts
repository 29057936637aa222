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
import { errorOf, sendError } from './http/errors.js';

export interface AppDeps {
  routers: Router[];
  /** Built dashboard (dashboard/dist); a placeholder page is served when it is missing. */
  staticDir: string;
  logger: Logger;
}

const PLACEHOLDER = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>守望 Vigil</title>
<body style="background:#0b1220;color:#dbe4f3;font-family:sans-serif;padding:4rem">
<h1>守望 Vigil</h1><p>执法监督实时系统正在运行。大屏尚未构建（npm run build）。</p>
<p>Vigil is running. The dashboard has not been built yet. API health: <a style="color:#7cc4ff" href="/api/health">/api/health</a></p>`;

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  for (const r of deps.routers) app.use(r);
  app.use('/api', (_req, res) => sendError(res, 'unknown_route', 'no such API route'));
  const index = path.join(deps.staticDir, 'index.html');
  if (fs.existsSync(index)) {
    app.use(express.static(deps.staticDir, { index: false, maxAge: '1h' }));
    app.get(/.*/, (_req, res) => res.sendFile(index));
  } else {
    app.get(/.*/, (_req, res) => res.type('html').send(PLACEHOLDER));
  }
  const onError: ErrorRequestHandler = (err: unknown, _req, res, next) => {
    const body = errorOf(err);
    if (ERROR_STATUS[body.code] >= 500) deps.logger.error({ err }, 'unhandled error');
    if (res.headersSent) return void next(err);
    sendError(res, body.code, body.error);
  };
  app.use(onError);
  return app;
}
