/**
 * The realtime server (CONTRACT.md §4) put together: Socket.IO on the HTTP server, origin and token checks
 * at the handshake (socket-auth.ts), revocations applied at once (revocation.ts) and re-checked periodically, `alerts:resume` (resume.ts), `alert:changed` for
 * every change of the change stream, batched (push.ts), `supervision:changed` (order-push.ts), and `stats:update` per scope (stats-push.ts).
 * Where the changes come from is injected: this module knows nothing of how the stream is stored.
 */
import type http from 'node:http';
import { Server } from 'socket.io';
import { isLive } from '../../common/alerts.js';
import type { AlertChange } from '../../common/alerts.js';
import type { SummaryResponse } from '../../common/api.js';
import type { Logger } from '../../common/node/logger.js';
import type { Authenticate } from '../auth/index.js';
import type { RevocationSource } from '../auth/revocations.js';
import type { SupervisionChange } from '../../common/supervision.js';
import { pushOrders } from './order-push.js';
import { createPusher } from './push.js';
import type { PushCounters } from './push.js';
import { serveResume } from './resume.js';
import type { ChangesSince } from './resume.js';
import { followRevocations } from './revocation.js';
import { handshakeAuth, handshakeOrigin, startRecheck } from './socket-auth.js';
import type { VigilServer, VigilSocket } from './socket-types.js';
import { joinScopeRoom, startStatsPush } from './stats-push.js';

export type { PushCounters } from './push.js';

/** A running follower of the change stream. */
export interface ChangeTail {
  /** The last seq delivered. */
  position(): number;
  stop(): Promise<void>;
}

export interface RealtimeDeps {
  httpServer: http.Server;
  authenticate: Authenticate;
  /** Follows the change stream from the current end; calls deliver with each batch in seq order. */
  tail(deliver: (changes: AlertChange[], orders?: SupervisionChange[]) => void): Promise<ChangeTail>;
  /** Changes with seq > since in order, or null when they are no longer kept. */
  changesSince: ChangesSince;
  summary(scope: string): Promise<SummaryResponse>;
  logger: Logger;
  statsEveryMs?: number;
  /** Revocations as they happen (every server should have them); without, only the periodic re-check. */
  revocations?: RevocationSource;
  /** The periodic re-check of every socket's token: a safety net behind `revocations` (default 30 s). */
  recheckEveryMs?: number;
  /** Other origins whose pages may connect (ALLOWED_ORIGINS); default none: same origin only. */
  allowedOrigins?: readonly string[];
  /** Pushes go out in batches at most this often (default 25 ms; an idle server sends at once); with more
   *  than 250 sockets less often, up to every 100 ms at 1,000 (10,000 socket writes a second). */
  batchMs?: number;
}

export interface Realtime {
  io: VigilServer;
  tail: ChangeTail;
  counters: Readonly<PushCounters>;
  close(): Promise<void>;
}

function createIo(httpServer: http.Server, allowedOrigins: readonly string[]): VigilServer {
  return new Server(httpServer, {
    serveClient: false,
    // CORS headers for the listed origins' long-polling; the handshake check refuses the others.
    ...(allowedOrigins.length > 0 ? { cors: { origin: [...allowedOrigins] } } : {}),
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });
}

export async function startRealtime(deps: RealtimeDeps): Promise<Realtime> {
  const log = deps.logger.child({ component: 'realtime' });
  const io = createIo(deps.httpServer, deps.allowedOrigins ?? []);
  io.use(handshakeOrigin(deps.allowedOrigins ?? []));
  io.use(handshakeAuth(deps.authenticate));
  io.on('connection', (socket: VigilSocket) => {
    joinScopeRoom(socket);
    serveResume(socket, deps.changesSince, deps.authenticate, log);
  });
  const stopRevocations = deps.revocations
    ? await followRevocations(io, deps.revocations, deps.authenticate, log)
    : async () => undefined;
  const pusher = createPusher(io, { log, batchMs: deps.batchMs });
  const tail = await deps.tail((changes, orders) => {
    const live = changes.filter((c) => isLive(c.alert)); // never historical ones (CONTRACT §6.4)
    if (live.length > 0) pusher.deliver(live);
    if (orders && orders.length > 0) pushOrders(io, orders);
  });
  const stopStats = startStatsPush(io, deps.summary, deps.statsEveryMs ?? 5_000, log);
  const stopRecheck = startRecheck(io, deps.authenticate, deps.recheckEveryMs ?? 30_000);
  return {
    io,
    tail,
    counters: pusher.counters,
    async close() {
      pusher.stop();
      stopStats();
      stopRecheck();
      await stopRevocations();
      await tail.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
