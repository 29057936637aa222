/** Socket.IO clients for the live-server tests and the live benchmark (socket.io-client, websocket only). */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Alert } from '../../common/alerts.js';
import type { ClientToServerEvents, ResumeReply, ServerToClientEvents } from '../../common/api.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function openSocket(url: string, token: string | undefined): ClientSocket {
  return io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 20_000,
  });
}

/** A connected socket; rejects with the server's reason when the handshake is refused. */
export function connectSocket(url: string, token: string | undefined): Promise<ClientSocket> {
  const socket = openSocket(url, token);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** The code (`data.code`) of the handshake's refusal, or null when the server let the socket in (it is
 *  closed again). A refusal without a code (or a failure that is no refusal) comes back as its message. */
export async function handshakeRefusal(url: string, token: string | undefined): Promise<string | null> {
  try {
    const socket = await connectSocket(url, token);
    socket.close();
    return null;
  } catch (err) {
    const code = (err as { data?: { code?: unknown } }).data?.code;
    return typeof code === 'string' ? code : `no code: ${(err as Error).message}`;
  }
}

export function resume(socket: ClientSocket, since: number, timeoutMs = 30_000): Promise<ResumeReply> {
  return socket.timeout(timeoutMs).emitWithAck('alerts:resume', { since_seq: since });
}

/** A client's view of the alerts: the latest version of each alert by seq, whatever order they came in. */
export class AlertBook {
  readonly alerts = new Map<string, Alert>();
  /** Highest seq seen. */
  seq = 0;
  /** How many alert versions were applied (including stale duplicates). */
  received = 0;
  /** Every seq applied. */
  readonly seen = new Set<number>();

  apply(alert: Alert): void {
    this.received++;
    this.seen.add(alert.seq);
    const cur = this.alerts.get(alert.alert_id);
    if (!cur || alert.seq > cur.seq) this.alerts.set(alert.alert_id, alert);
    if (alert.seq > this.seq) this.seq = alert.seq;
  }

  /** Applies a resume reply; throws when the server refused. */
  applyResume(reply: ResumeReply): void {
    if (!reply.ok) throw new Error(`resume refused: ${reply.error}`);
    for (const a of reply.alerts) this.apply(a);
    if (reply.seq > this.seq) this.seq = reply.seq;
  }

  /** alert_id → seq, sorted by id: a compact, comparable picture of the state. */
  snapshot(filter: (a: Alert) => boolean = () => true): Record<string, number> {
    const ids = [...this.alerts.keys()].sort();
    const out: Record<string, number> = {};
    for (const id of ids) {
      const a = this.alerts.get(id)!;
      if (filter(a)) out[id] = a.seq;
    }
    return out;
  }
}

/** Feeds every `alert:changed` of the socket into the book. */
export function follow(socket: ClientSocket, book: AlertBook): void {
  socket.on('alert:changed', (a) => book.apply(a));
}
