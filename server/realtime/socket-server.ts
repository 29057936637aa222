/**
 * Socket.IO (CONTRACT.md §4): token auth at the handshake (re-checked every 30 s, so a revoked token or a
 * disabled user is cut off), one room per scope prefix, `alert:changed` for every change to every socket
 * whose scope covers the alert's unit, `alerts:resume {since_seq}` answering with every missed change in seq
 * order, and `stats:update` for the wall every few seconds.
 */
import type http from 'node:http';
import type { RedisOptions } from 'ioredis';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import type { AuthUser } from '../../common/auth.js';
import type { Alert, AlertChange } from '../../common/alerts.js';
import type {
  ClientToServerEvents,
  ResumeReply,
  ServerToClientEvents,
  SummaryResponse,
} from '../../common/api.js';
import type { Logger } from '../../common/node/logger.js';
import type { Authenticate } from '../auth/index.js';
import { tailChanges } from './change-tail.js';
import type { ChangeTail } from './change-tail.js';

interface SocketData {
  user: AuthUser;
  token: string;
}

type VigilServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type VigilSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  httpServer: http.Server;
  redis: RedisOptions;
  authenticate: Authenticate;
  /** Changes with seq > since in order, or null when they are no longer kept. */
  changesSince(since: number): Promise<AlertChange[] | null>;
  summary(scope: string): Promise<SummaryResponse>;
  logger: Logger;
  statsEveryMs?: number;
  recheckEveryMs?: number;
  /** Pushes go out at most this often, in batches (default 25 ms; an idle server sends at once). */
  batchMs?: number;
}

export interface Realtime {
  io: VigilServer;
  tail: ChangeTail;
  close(): Promise<void>;
}

const room = (scope: string): string => `scope:${scope}`;

/** The rooms whose scope covers a unit code: every prefix of it, including '' (everything). */
export function coveringRooms(unitCode: string): string[] {
  const rooms: string[] = [];
  for (let i = 0; i <= unitCode.length; i++) rooms.push(room(unitCode.slice(0, i)));
  return rooms;
}

/** A timer callback that skips its turn while the previous run is still going (slow ClickHouse, many
 *  scopes or sockets): runs never pile up. */
function oneAtATime(run: () => Promise<void>): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    void run()
      .catch(() => undefined)
      .finally(() => (running = false));
  };
}

interface WsTransport {
  name?: string;
  writable?: boolean;
  socket?: { _socket?: { cork(): void; uncork(): void } };
  send(packets: unknown[]): void;
  coalesced?: boolean;
}

/**
 * One TCP write per flush instead of one per message: engine.io queues the packets of a socket while its
 * previous write is in flight and then sends them in one go, frame by frame, each its own syscall. Corking
 * the socket around that send makes it a single writev. Under a burst of changes this keeps the cost per
 * socket per flush constant (the syscalls, not the bytes, are what 1,000 sockets × 100 changes/s cost).
 */
function coalesceWrites(transport: unknown): void {
  const t = transport as WsTransport;
  const raw = t.socket?._socket;
  if (t.name !== 'websocket' || !raw || t.coalesced) return;
  const send = t.send.bind(t);
  t.coalesced = true;
  t.send = (packets) => {
    raw.cork();
    try {
      send(packets);
    } finally {
      raw.uncork();
    }
  };
}

/**
 * Runs `emit` with every (coalescing) websocket held, so engine.io queues the packets of the batch, then
 * flushes each socket once: one `send` of all its packets, one corked write.
 */
function heldWrites(io: VigilServer, emit: () => void): void {
  const held: { conn: { flush?: () => void }; t: WsTransport }[] = [];
  for (const s of io.of('/').sockets.values()) {
    const conn = s.conn as unknown as { transport: WsTransport; flush?: () => void };
    if (conn.transport.coalesced && conn.transport.writable && typeof conn.flush === 'function') {
      conn.transport.writable = false;
      held.push({ conn, t: conn.transport });
    }
  }
  try {
    emit();
  } finally {
    for (const { conn, t } of held) {
      t.writable = true;
      conn.flush?.();
    }
  }
}

export async function startRealtime(deps: RealtimeDeps): Promise<Realtime> {
  const log = deps.logger.child({ component: 'realtime' });
  const io: VigilServer = new Server(deps.httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });

  io.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 200)
      return next(new Error('unauthorized'));
    try {
      const user = await deps.authenticate(token);
      if (!user) return next(new Error('unauthorized'));
      socket.data = { user, token };
      next();
    } catch {
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket: VigilSocket) => {
    void socket.join(room(socket.data.user.scope));
    coalesceWrites(socket.conn.transport);
    socket.conn.on('upgrade', (transport: unknown) => coalesceWrites(transport));
    socket.on('alerts:resume', async (args, ack) => {
      if (typeof ack !== 'function') return;
      // A JSON number only: Number() would turn null, '', [], true or '7' into a seq.
      const since = (args as { since_seq?: unknown } | undefined)?.since_seq;
      if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0)
        return ack({ ok: false, error: 'since_seq must be a whole number ≥ 0' });
      try {
        const changes = await deps.changesSince(since);
        if (!changes) return ack({ ok: false, error: 'too far behind: reload the alert list' });
        const scope = socket.data.user.scope;
        const alerts: Alert[] = changes
          .filter((c) => c.alert.unit_code.startsWith(scope))
          .map((c) => c.alert);
        const reply: ResumeReply = { ok: true, alerts, seq: changes.at(-1)?.alert.seq ?? since };
        ack(reply);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'resume failed');
        ack({ ok: false, error: 'temporarily unavailable; retry' });
      }
    });
  });

  // Changes are pushed in batches, at most every batchMs: each socket then gets one TCP write per batch
  // rather than one per change (see coalesceWrites), which is what 1,000 sockets × 100 changes/s cost.
  let pending: AlertChange[] = [];
  let batchTimer: NodeJS.Timeout | null = null;
  let lastBatch = 0;
  const pushBatch = (): void => {
    batchTimer = null;
    lastBatch = Date.now();
    const batch = pending;
    pending = [];
    heldWrites(io, () => {
      for (const c of batch) io.to(coveringRooms(c.alert.unit_code)).emit('alert:changed', c.alert);
    });
  };
  const tail = await tailChanges(deps.redis, log, (changes) => {
    pending.push(...changes);
    batchTimer ??= setTimeout(pushBatch, Math.max(0, lastBatch + (deps.batchMs ?? 25) - Date.now()));
  });

  const statsTimer = setInterval(oneAtATime(pushStats), deps.statsEveryMs ?? 5_000);
  async function pushStats(): Promise<void> {
    const scopes = new Set<string>();
    for (const s of io.of('/').sockets.values()) scopes.add((s as VigilSocket).data.user.scope);
    for (const scope of scopes) {
      try {
        io.to(room(scope)).emit('stats:update', await deps.summary(scope));
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'stats push failed');
      }
    }
  }

  const recheckTimer = setInterval(oneAtATime(recheck), deps.recheckEveryMs ?? 30_000);
  async function recheck(): Promise<void> {
    for (const s of io.of('/').sockets.values()) {
      const socket = s as VigilSocket;
      const user = await deps.authenticate(socket.data.token).catch(() => socket.data.user);
      if (!user) socket.disconnect(true);
    }
  }

  return {
    io,
    tail,
    async close() {
      if (batchTimer) clearTimeout(batchTimer);
      clearInterval(statsTimer);
      clearInterval(recheckTimer);
      await tail.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
