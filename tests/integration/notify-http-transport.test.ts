/**
 * The channels' keep-alive HTTP transport against a real node:http server: requests share connections; a
 * kept-alive socket the server drops as the request goes out is answered by one more try on a new socket; no
 * reply within the timeout is a TimeoutError; closing the transport ends its sockets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { keepAliveTransport } from '../../notify/channels/http-transport.js';

interface Server {
  url: string;
  connections: number;
  drops: number;
  requests: string[];
  close(): Promise<void>;
}

/** `onRequest(n)` answers the n-th request on its connection (1-based): 'ok', 'drop' the socket, or 'silent'. */
async function serve(onRequest: (n: number) => 'ok' | 'drop' | 'silent'): Promise<Server> {
  const s: Omit<Server, 'url' | 'close'> = { connections: 0, drops: 0, requests: [] };
  const perSocket = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      s.requests.push(body);
      const what = onRequest(n);
      if (what === 'drop') {
        s.drops += 1;
        req.socket.destroy();
      } else if (what === 'ok') res.end(`reply ${s.requests.length}`);
    });
  });
  server.on('connection', () => (s.connections += 1));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return Object.assign(s, {
    url,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}

let open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open) await o.close();
  open = [];
});

it('sends one request after another on kept-alive connections, not one connection each', async () => {
  const server = await serve(() => 'ok');
  const t = keepAliveTransport();
  open.push(t, server);
  const replies = [];
  for (let i = 0; i < 10; i++)
    replies.push(
      await t.request({ method: 'POST', url: server.url, headers: {}, body: `b${i}` }, 5_000, 1_024),
    );
  expect(replies.map((r) => [r.status, r.text])).toEqual(
    Array.from({ length: 10 }, (_, i) => [200, `reply ${i + 1}`]),
  );
  expect(server.requests).toEqual(Array.from({ length: 10 }, (_, i) => `b${i}`));
  expect(server.connections).toBeLessThanOrEqual(2);
});

it('tries once more on a new connection when a kept-alive one is dropped under the request', async () => {
  const server = await serve((n) => (n === 2 ? 'drop' : 'ok'));
  const t = keepAliveTransport();
  open.push(t, server);
  const req = { method: 'POST' as const, url: server.url, headers: {}, body: 'x' };
  for (let i = 0; i < 8; i++) expect((await t.request(req, 5_000, 1_024)).status).toBe(200);
  // Every connection's second request was dropped under it; each was answered by its one more try.
  expect(server.drops).toBeGreaterThan(0);
  expect(server.requests).toHaveLength(8 + server.drops);
});

it('fails with a TimeoutError when nothing is answered in time, and does not try again', async () => {
  const server = await serve(() => 'silent');
  const t = keepAliveTransport();
  open.push(t, server);
  const err = await t.request({ method: 'POST', url: server.url, headers: {}, body: 'x' }, 300, 1_024).then(
    () => null,
    (e: Error) => e,
  );
  expect(err?.name).toBe('TimeoutError');
  expect(server.requests).toHaveLength(1);
});
