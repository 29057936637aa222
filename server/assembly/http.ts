/** The HTTP server (REST + dashboard) and the realtime server on it: listening, and how both are closed. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Router } from 'express';
import type { Config } from '../../common/node/config.js';
import type { Logger } from '../../common/node/logger.js';
import { projectRoot } from '../../common/node/paths.js';
import type { LiveAlerts } from '../../alerts/redis/live-alerts.js';
import { tailAlertChanges } from '../../alerts/stream/change-stream.js';
import type { Auth } from '../auth/index.js';
import { redisRevocations } from '../auth/revocations.js';
import { createApp } from '../app.js';
import { startRealtime } from '../realtime/socket-server.js';
import type { Realtime } from '../realtime/socket-server.js';
import type { StatsQueries } from '../services/stats-queries.js';
import type { Closers } from './closers.js';
import type { Storage } from './storage.js';

export interface Serving {
  port: number;
  realtime: Realtime;
}

export interface ServeParts {
  config: Config;
  logger: Logger;
  storage: Storage;
  routers: Router[];
  auth: Auth;
  live: LiveAlerts;
  stats: StatsQueries;
}

export async function serve(p: ServeParts, closers: Closers): Promise<Serving> {
  const app = createApp({
    logger: p.logger,
    staticDir: path.join(projectRoot(), 'dashboard', 'dist'),
    routers: p.routers,
    allowedOrigins: p.config.ALLOWED_ORIGINS,
    requestTimeoutMs: p.config.REQUEST_TIMEOUT_SECONDS * 1000,
  });
  const httpServer = http.createServer(app);
  httpServer.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(p.config.PORT, p.config.HOST, () => resolve());
  });
  let realtime: Realtime | null = null;
  closers.add(async () => {
    const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    await realtime?.close();
    await closed;
  });
  const port = (httpServer.address() as AddressInfo).port;
  realtime = await startRealtime({
    httpServer,
    tail: (deliver) =>
      tailAlertChanges(p.storage.redis.options, p.logger.child({ component: 'realtime' }), deliver),
    authenticate: p.auth.authenticate,
    changesSince: (since) => p.live.changes.changesSince(since, 500_000),
    summary: (scope) => p.stats.summary(scope),
    logger: p.logger,
    revocations: redisRevocations(p.storage.redis.options, p.logger.child({ component: 'realtime' })),
    allowedOrigins: p.config.ALLOWED_ORIGINS,
  });
  return { port, realtime };
}
