/**
 * The live benchmark's protocol-level client (bench/live-bench-wire.ts) against a real Socket.IO
 * server: handshake with the token in the connect packet, refusal of a bad token, pushes read with their
 * seq and change time in order, at every WebSocket length encoding, through the minimal WebSocket and `ws`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { WireClient } from '../../bench/live-bench-wire.js';
import type { PushFields } from '../../bench/live-bench-wire.js';

let server: http.Server;
let io: Server;
let url: string;

beforeAll(async () => {
  server = http.createServer();
  io = new Server(server, { pingInterval: 300, pingTimeout: 2_000 });
  io.use((socket, next) =>
    (socket.handshake.auth as { token?: string }).token === 'good' ? next() : next(new Error('unauthorized')),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => io.close(() => resolve()));
});

function alert(seq: number, title: string): Alert {
  const at = new Date(Date.UTC(2026, 10, 26, 8, 0, 0, seq)).toISOString();
  return {
    alert_id: `R-INC-01:incident_id:J${seq}`,
    seq,
    rule_id: 'R-INC-01',
    severity: 'P1',
    stage: 'overdue',
    state: 'acknowledged',
    resolution: null,
    unit_code: '450103520000',
    subject: { incident_id: `J${seq}` },
    trigger_event_id: 'e',
    satisfied_by_event_id: null,
    due_at: at,
    opened_at: '2026-11-26T07:00:00.000Z',
    acknowledged_at: at,
    acknowledged_by: 'duty',
    resolved_at: null,
    title,
    legal_basis: '《规定》',
  };
}

function open(token: string, impl: 'raw' | 'ws') {
  const got: PushFields[] = [];
  let closed = 0;
  const connected = new Promise<WireClient>((resolve, reject) => {
    const client = new WireClient(
      url,
      token,
      {
        connected: () => resolve(client),
        refused: (reason) => reject(new Error(reason)),
        alertChanged: (p) => got.push(p),
        closed: () => closed++,
      },
      impl,
    );
  });
  return { connected, got, closed: () => closed };
}

for (const impl of ['raw', 'ws'] as const)
  it(`${impl}: connects with its token, reads every push in order, answers pings, is refused a bad token`, async () => {
    await expect(open('bad', impl).connected).rejects.toThrow(/unauthorized/);
    const c = open('good', impl);
    const client = await c.connected;
    const titles = ['t', '出警'.repeat(100), '超期'.repeat(20_000)];
    const sent = Array.from({ length: 30 }, (_, i) => alert(i + 1, titles[i % 3]!));
    for (const a of sent) io.emit('alert:changed', a);
    io.emit('stats:update', { as_of: 'x' } as never);
    const end = Date.now() + 5_000;
    while (c.got.length < sent.length && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(c.got).toEqual(sent.map((a) => ({ seq: a.seq, changedAt: Date.parse(a.acknowledged_at!) })));
    await new Promise((r) => setTimeout(r, 1_000)); // a few ping intervals: still connected
    expect(c.closed()).toBe(0);
    expect(io.of('/').sockets.size).toBe(1);
    client.close();
    const gone = Date.now() + 2_000;
    while (io.of('/').sockets.size > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 20));
    expect(io.of('/').sockets.size).toBe(0);
  });
