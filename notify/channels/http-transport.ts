/**
 * The HTTP transport of the channels that speak HTTP (webhook, robots, SMS gateway): an undici `Agent` per
 * sender (keep-alive connections, closed with it). Measured on this machine against the same receiver (bench
 * `notify`, its floor): a request through `fetch` costs 1.1–1.6 ms of CPU, through node:http with keep-alive
 * 150–260 µs, through undici's dispatcher 75–170 µs. A request on a kept-alive connection that the other side
 * closed at that moment fails with a socket error before anything was answered; it is sent once more on a new
 * connection (a delivery carries its id, so a receiver that did take the first one can tell the second apart;
 * the queue would retry it anyway, later). The reply is read up to a bound; the timeout covers the whole
 * exchange, and a request that timed out is not tried again here.
 */
import { Agent, Client } from 'undici';
import type { Dispatcher } from 'undici';

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

/** Connections kept per origin: as many as the delivery worker sends side by side, and some. */
const MAX_CONNECTIONS = 32;

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Socket errors: the connection ended under the request (a kept-alive one the other side had just closed). */
const SOCKET_ERRORS = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

async function once(
  agent: Dispatcher,
  req: HttpRequest,
  timeoutMs: number,
  maxReplyBytes: number,
): Promise<HttpReply> {
  const url = new URL(req.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`unsupported protocol ${url.protocol}`);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new TimeoutError(`no reply within ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    const res = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: req.headers,
      body: req.method === 'GET' ? null : (req.body ?? null),
      signal: controller.signal,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (size < maxReplyBytes) chunks.push(chunk);
      size += chunk.length;
    }
    return { status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') };
  } catch (err) {
    if (controller.signal.aborted) throw controller.signal.reason as Error;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

export function keepAliveTransport(): HttpTransport {
  const agent = new Agent({ connections: MAX_CONNECTIONS });
  return {
    async request(req, timeoutMs, maxReplyBytes) {
      try {
        return await once(agent, req, timeoutMs, maxReplyBytes);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (!code || !SOCKET_ERRORS.has(code)) throw err;
        const fresh = new Client(new URL(req.url).origin); // a connection of its own, not another kept-alive one
        try {
          return await once(fresh, req, timeoutMs, maxReplyBytes);
        } finally {
          void fresh.destroy().catch(() => undefined);
        }
      }
    },
    close() {
      void agent.destroy().catch(() => undefined);
    },
  };
}
