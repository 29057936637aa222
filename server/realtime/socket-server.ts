/**
 * Socket.IO (CONTRACT.md §4): token auth at the handshake (re-checked every 30 s, so a revoked token or a
 * disabled user is cut off), `alert:changed` for every change, in seq order, to every socket whose scope
 * covers the alert's unit (the scope is a prefix of its unit code), `alerts:resume {since_seq}` answering
 * with every missed change in seq order, and `stats:update` for the wall every few seconds (one room per
 * scope).
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
  /** Pushes go out in batches at most this often (default 25 ms; an idle server sends at once); with more
   *  than 250 sockets less often, up to every 100 ms at 1,000 (10,000 socket writes a second). */
  batchMs?: number;
}

/** What the pushes cost so far: batches, and per socket writes (direct) or emits (the ordinary way). */
export interface PushCounters {
  batches: number;
  changes: number;
  directWrites: number;
  directBytes: number;
  emits: number;
  cutOff: number;
}

export interface Realtime {
  io: VigilServer;
  tail: ChangeTail;
  counters: Readonly<PushCounters>;
  close(): Promise<void>;
}

const room = (scope: string): string => `scope:${scope}`;

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

/**
 * The WebSocket text frame (RFC 6455 §5.2: FIN, opcode 1, unmasked as from a server) of one Engine.IO
 * message carrying one Socket.IO event in the default namespace: `42["alert:changed",<alert>]`, the very
 * bytes engine.io and socket.io-parser would put on the wire for `socket.emit('alert:changed', alert)`.
 */
export function alertChangedFrame(alert: Alert): Buffer {
  const text = `42${JSON.stringify(['alert:changed', alert])}`;
  const n = Buffer.byteLength(text);
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81;
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  frame.write(text, head, 'utf8');
  return frame;
}

/** What the direct path needs of engine.io's connection and its `ws` WebSocket (not in their typings). */
interface EngineConn {
  readyState: string;
  upgrading: boolean;
  writeBuffer: unknown[];
  transport: {
    name: string;
    perMessageDeflate?: unknown;
    socket?: {
      readyState: number;
      bufferedAmount: number;
      _sender?: { sendFrame?: (frames: Buffer[], cb?: (err?: Error) => void) => void };
    };
  };
}

/** Socket writes a second the batching aims at, and the longest wait between batches that buys. */
const WRITES_PER_SECOND = 10_000;
const MAX_BATCH_MS = 100;

/** A client that has not read this much of what was written to it is cut off (it resumes on reconnect). */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Writes pre-encoded frames straight to the socket's WebSocket, as engine.io itself does for the
 * pre-encoded frames of a broadcast (its transport calls the same `sendFrame`), but all the frames of a
 * batch in one write. Only when nothing of engine.io's own is waiting for that socket (so the order of
 * everything the socket was sent stays the order it was emitted in), the connection is open on a
 * websocket without compression and not upgrading. Returns false when the socket must go the ordinary way.
 */
function writeDirect(socket: VigilSocket, frames: Buffer): boolean {
  const conn = socket.conn as unknown as EngineConn;
  const t = conn.transport;
  const ws = t.socket;
  const sendFrame = ws?._sender?.sendFrame;
  if (
    conn.readyState !== 'open' ||
    conn.upgrading ||
    conn.writeBuffer.length > 0 ||
    t.name !== 'websocket' ||
    t.perMessageDeflate ||
    ws?.readyState !== 1 ||
    typeof sendFrame !== 'function'
  )
    return false;
  sendFrame.call(ws._sender, [frames]);
  return true;
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

  // Changes are pushed in batches (see batchGap). A batch is encoded once: one frame per change,
  // and for each scope present among the sockets, the frames of the changes it covers joined into one
  // buffer. Each websocket then gets that buffer in one write: no per-socket encoding, packet objects or
  // stream bookkeeping, which is what 1,000 sockets × 100 changes/s cost. A socket the direct write does not
  // suit (polling, upgrading, engine.io still holding packets for it) gets the same changes through
  // socket.emit, in the same order.
  const counters: PushCounters = {
    batches: 0,
    changes: 0,
    directWrites: 0,
    directBytes: 0,
    emits: 0,
    cutOff: 0,
  };
  // Time between batches: batchMs, or longer with many sockets, so that there are at most
  // WRITES_PER_SECOND socket writes a second (up to MAX_BATCH_MS): each write costs the server a system call
  // and the client a wake-up and a read, whatever its size; 1,000 sockets get a batch every 100 ms.
  const batchGap = (): number =>
    Math.min(
      Math.max(deps.batchMs ?? 25, MAX_BATCH_MS),
      Math.max(deps.batchMs ?? 25, (1000 * io.of('/').sockets.size) / WRITES_PER_SECOND),
    );
  let pending: AlertChange[] = [];
  let batchTimer: NodeJS.Timeout | null = null;
  let lastBatch = 0;
  const pushBatch = (): void => {
    batchTimer = null;
    lastBatch = Date.now();
    const batch = pending;
    pending = [];
    counters.batches++;
    counters.changes += batch.length;
    const frames = batch.map((c) => alertChangedFrame(c.alert));
    const byScope = new Map<string, Buffer | null>();
    const framesFor = (scope: string): Buffer | null => {
      let joined = byScope.get(scope);
      if (joined === undefined) {
        const mine = frames.filter((_, i) => batch[i]!.alert.unit_code.startsWith(scope));
        joined = mine.length === 0 ? null : mine.length === 1 ? mine[0]! : Buffer.concat(mine);
        byScope.set(scope, joined);
      }
      return joined;
    };
    for (const s of io.of('/').sockets.values()) {
      const socket = s as VigilSocket;
      const scope = socket.data.user.scope;
      const joined = framesFor(scope);
      if (!joined) continue;
      const ws = (socket.conn as unknown as EngineConn).transport.socket;
      if (ws && ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        log.warn({ user: socket.data.user.username, buffered: ws.bufferedAmount }, 'slow client cut off');
        counters.cutOff++;
        socket.disconnect(true);
        continue;
      }
      if (writeDirect(socket, joined)) {
        counters.directWrites++;
        counters.directBytes += joined.length;
        continue;
      }
      for (const c of batch)
        if (c.alert.unit_code.startsWith(scope)) {
          counters.emits++;
          socket.emit('alert:changed', c.alert);
        }
    }
  };
  const tail = await tailChanges(deps.redis, log, (changes) => {
    pending.push(...changes);
    batchTimer ??= setTimeout(pushBatch, Math.max(0, lastBatch + batchGap() - Date.now()));
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
    counters,
    async close() {
      if (batchTimer) clearTimeout(batchTimer);
      clearInterval(statsTimer);
      clearInterval(recheckTimer);
      await tail.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
