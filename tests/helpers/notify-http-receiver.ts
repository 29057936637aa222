/**
 * A real HTTP receiver for notification tests (no mocks): an http.Server on 127.0.0.1, port 0, recording every
 * request, replying per path as told — a status and body, a delay (for timeouts), failing the next N, and
 * `down()` / `up()` that really close and re-open the listening socket on the same port. Robot paths
 * (`/cgi-bin/webhook/send`, `/robot/send`) answer like the vendors: HTTP 200 `{"errcode":0,"errmsg":"ok"}`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
  /** The body parsed, when it is JSON. */
  json?: unknown;
  at: number;
  /** The status it was answered with (set when the reply is chosen). */
  status?: number;
}

export interface Reply {
  status?: number;
  /** A string as is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before replying (longer than the sender's timeout: a timeout). */
  delayMs?: number;
}

export interface HttpReceiver {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** The standing reply for a path. */
  reply(path: string, reply: Reply): void;
  /** The next `n` requests to `path` get `reply` (default: HTTP 500). */
  failNext(path: string, n: number, reply?: Reply): void;
  /** Stops listening and drops open connections: connections are refused until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Resolves once `n` requests in all arrived; rejects after `ms` saying how many did. */
  waitFor(n: number, ms?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export const ROBOT_PATHS = ['/cgi-bin/webhook/send', '/robot/send'];
const ROBOT_OK = { errcode: 0, errmsg: 'ok' };

function parseJson(raw: Buffer): unknown {
  try {
    return raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
  } catch {
    return undefined;
  }
}

function record(req: http.IncomingMessage, rawBody: Buffer): ReceivedRequest {
  const u = new URL(req.url ?? '/', 'http://receiver');
  const json = parseJson(rawBody);
  return {
    method: req.method ?? '',
    path: u.pathname,
    query: Object.fromEntries(u.searchParams),
    headers: req.headers,
    rawBody,
    ...(json !== undefined ? { json } : {}),
    at: Date.now(),
  };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? { ok: true });
  res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(body);
}

export async function startHttpReceiver(opts: { robotPaths?: string[] } = {}): Promise<HttpReceiver> {
  const robots = opts.robotPaths ?? ROBOT_PATHS;
  const requests: ReceivedRequest[] = [];
  const standing = new Map<string, Reply>();
  const failing = new Map<string, { left: number; reply: Reply }>();
  const timers = new Set<NodeJS.Timeout>();
  const replyFor = (path: string): Reply => {
    const f = failing.get(path);
    if (f && f.left > 0) {
      f.left -= 1;
      return f.reply;
    }
    return standing.get(path) ?? (robots.includes(path) ? { body: ROBOT_OK } : {});
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = record(req, Buffer.concat(chunks));
      requests.push(rec);
      const reply = replyFor(rec.path);
      rec.status = reply.status ?? 200;
      if (!reply.delayMs) return send(res, reply);
      const t = setTimeout(() => (timers.delete(t), send(res, reply)), reply.delayMs);
      timers.add(t);
    });
  });
  const port = await listen(server, 0);
  let listening = true;
  const down = async (): Promise<void> => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (path, reply) => void standing.set(path, reply),
    failNext: (path, n, reply = { status: 500, body: { error: 'failing as told' } }) =>
      void failing.set(path, { left: n, reply }),
    down,
    async up() {
      if (listening) return;
      await listen(server, port);
      listening = true;
    },
    async waitFor(n, ms = 5_000) {
      const until = Date.now() + ms;
      while (requests.length < n) {
        if (Date.now() > until) throw new Error(`waited ${ms} ms for ${n} requests, ${requests.length} came`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return requests.slice(0, n);
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      await down();
    },
  };
}
