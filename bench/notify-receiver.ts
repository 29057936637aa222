/**
 * The notify benchmark's webhook receiver: a bare node:http server on 127.0.0.1 (port 0) answering 200 to every
 * POST, noting for every alert in a body (`alert.alert_id`, and each of `items` when a message is batched) the
 * wall time it first arrived and how many times it arrived after that.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** alert id → wall time (epoch ms) of its first arrival. */
  firstAt: Map<string, number>;
  /** alert id → arrivals after the first. */
  repeats: Map<string, number>;
  /** Requests received, and bodies that were not JSON or named no alert. */
  counts: { requests: number; unreadable: number };
  /** Every arrival (alert id, wall time) not yet taken by `drain` (the child-process receiver passes them on). */
  drain(): Array<[string, number]>;
  /** CPU time (ms, user + system) the receiver has used; absent when it is not measurable (in process). */
  cpuMs?: () => number;
  close(): Promise<void>;
}

interface Item {
  alert?: { alert_id?: unknown };
}

function alertIds(raw: string): string[] | null {
  try {
    const body = JSON.parse(raw) as Item & { items?: Item[] };
    const ids = (body.items ?? [body]).map((i) => i.alert?.alert_id);
    return ids.every((id) => typeof id === 'string') ? (ids as string[]) : null;
  } catch {
    return null;
  }
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const firstAt = new Map<string, number>();
  const repeats = new Map<string, number>();
  const counts = { requests: 0, unreadable: 0 };
  let arrivals: Array<[string, number]> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      counts.requests += 1;
      const ids = alertIds(Buffer.concat(chunks).toString('utf8'));
      if (!ids) counts.unreadable += 1;
      for (const id of ids ?? []) {
        arrivals.push([id, at]);
        if (firstAt.has(id)) repeats.set(id, (repeats.get(id) ?? 0) + 1);
        else firstAt.set(id, at);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    firstAt,
    repeats,
    counts,
    drain() {
      const out = arrivals;
      arrivals = [];
      return out;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
