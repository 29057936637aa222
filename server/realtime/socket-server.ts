/**
 * The realtime server (CONTRACT.md §4) put together: Socket.IO on the HTTP server, token auth at the
 * handshake and re-checked periodically (socket-auth.ts), `alerts:resume` (resume.ts), `alert:changed` for
 * every change of the change stream, batched (push.ts), and `stats:update` per scope (stats-push.ts).
 * Where the changes come from is injected: this module knows nothing of how the stream is stored.
 */
import type http from 'node:http';
import { Server } from 'socket.io';
import type { AlertChange } from '../../common/alerts.js';
import type { SummaryResponse } from '../../common/api.js';
import type { Logger } from '../../common/node/logger.js';
import type { Authenticate } from '../auth/index.js';
import { createPusher } from './push.js';
import type { PushCounters } from './push.js';
import { serveResume } from './resume.js';
import type { ChangesSince } from './resume.js';
import { handshakeAuth, startRecheck } from './socket-auth.js';
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
  tail(deliver: (changes: AlertChange[]) => void): Promise<ChangeTail>;
  /** Changes with seq > since in order, or null when they are no longer kept. */
  changesSince: ChangesSince;
  summary(scope: string): Promise<SummaryResponse>;
  logger: Logger;
  statsEveryMs?: number;
  recheckEveryMs?: number;
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

function createIo(httpServer: http.Server): VigilServer {
  return new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });
}

export async function startRealtime(deps: RealtimeDeps): Promise<Realtime> {
  const log = deps.logger.child({ component: 'realtime' });
  const io = createIo(deps.httpServer);
  io.use(handshakeAuth(deps.authenticate));
  io.on('connection', (socket: VigilSocket) => {
    joinScopeRoom(socket);
    serveResume(socket, deps.changesSince, log);
  });
  const pusher = createPusher(io, { log, batchMs: deps.batchMs });
  const tail = await deps.tail((changes) => pusher.deliver(changes));
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
      await tail.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
