/**
 * The HTTP transport of the channels that speak HTTP (webhook, robots, SMS gateway): node:http / node:https with
 * keep-alive agents, one pair per sender, closed with it. Measured on this machine against the same receiver:
 * a request through `fetch` costs 1.1–1.6 ms of CPU, through node:http with keep-alive 0.2–0.4 ms (bench
 * `notify`). A request on a kept-alive socket that the other side closed at that moment fails with
 * ECONNRESET before anything was answered; it is sent once more on a new socket (Node's documented remedy).
 * The reply is read up to a bound; the timeout covers the whole exchange.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpReply {
  status: number;
  text: string;
}

export interface HttpTransport {
  request(req: HttpRequest, timeoutMs: number, maxReplyBytes: number): Promise<HttpReply>;
  close(): void;
}

/** Sockets kept per agent: as many as the delivery worker sends side by side, and some. */
const MAX_SOCKETS = 32;

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

function once(
  agents: { http: http.Agent; https: https.Agent },
  req: HttpRequest,
  timeoutMs: number,
  maxReplyBytes: number,
): Promise<HttpReply & { reused?: boolean }> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.url);
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') throw new Error(`unsupported protocol ${url.protocol}`);
    const body = req.method === 'GET' || req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const headers = body ? { ...req.headers, 'Content-Length': String(body.length) } : req.headers;
    const options = { method: req.method, headers, agent: secure ? agents.https : agents.http };
    const onReply = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < maxReplyBytes) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    };
    const r = secure ? https.request(url, options, onReply) : http.request(url, options, onReply);
    const timer = setTimeout(() => r.destroy(new TimeoutError(`no reply within ${timeoutMs} ms`)), timeoutMs);
    function fail(err: Error) {
      clearTimeout(timer);
      reject(Object.assign(err, { reused: r.reusedSocket }));
    }
    r.on('error', fail);
    r.end(body);
  });
}

export function keepAliveTransport(): HttpTransport {
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    https: new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  };
  return {
    async request(req, timeoutMs, maxReplyBytes) {
      try {
        return await once(agents, req, timeoutMs, maxReplyBytes);
      } catch (err) {
        const e = err as { reused?: boolean; code?: string };
        if (e.reused && e.code === 'ECONNRESET') return once(agents, req, timeoutMs, maxReplyBytes);
        throw err;
      }
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
