/**
 * A protocol-level Socket.IO client for the live benchmark's load generator, the way load generators do
 * it: a plain WebSocket (the `ws` package, which the server's engine.io also uses) speaking Engine.IO v4 /
 * Socket.IO v5 to the real, unmodified server:
 *   GET /socket.io/?EIO=4&transport=websocket   → `0{"sid",…,"pingInterval","pingTimeout"}` (Engine.IO open)
 *   `40{"token":…}`                               → `40{"sid":…}` (namespace connected) or `44{"message":…}`
 *   `2` (ping)                                    → `3` (pong)
 *   `42["alert:changed",{…Alert…}]`               → parsed enough for the benchmark: seq and change time
 * It parses each push itself (no shared decoding between clients), but only the fields the benchmark needs
 * rather than the whole Alert: that is what makes 100,000 pushes a second affordable next to the server on
 * two cores. `checkAgainstJson` cross-checks the reading against JSON.parse.
 */
import WebSocket from 'ws';

/** What the benchmark reads from one `alert:changed` push. */
export interface PushFields {
  seq: number;
  /** When the engine made the change (ms since epoch): resolved_at, acknowledged_at or opened_at. */
  changedAt: number;
}

export interface WireHandlers {
  /** A namespace connect was accepted (`40`). */
  connected(): void;
  /** The namespace connect was refused (`44`) or the socket failed before it. */
  refused(reason: string): void;
  alertChanged(push: PushFields, raw: Buffer): void;
  closed(): void;
}

const PUSH = Buffer.from('42["alert:changed",');
const SEQ = Buffer.from('"seq":');
const STATE = Buffer.from('"state":"');
const FIELD = {
  o: Buffer.from('"opened_at":"'),
  a: Buffer.from('"acknowledged_at":"'),
  r: Buffer.from('"resolved_at":"'),
};
const QUOTE = 0x22;

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

function find(data: Buffer, key: Buffer, after: number): number {
  const f = data.indexOf(key, after);
  return f >= 0 ? f : data.indexOf(key, PUSH.length);
}

/**
 * seq and change time of a `42["alert:changed",{…}]` frame, or null when the frame is another packet.
 * Keys are matched with their quotes and colon: inside a JSON string a quote is escaped, so `"seq":` can
 * only be a key, and the Alert's own `seq` comes before any nested object (alert_id is its only predecessor).
 * Throws on a push it cannot read, so a format change fails the benchmark instead of skewing it.
 */
export function readPush(data: Buffer): PushFields | null {
  if (!startsWith(data, PUSH)) return null;
  const s = data.indexOf(SEQ, PUSH.length);
  if (s < 0) throw new Error('alert:changed without seq');
  let seq = 0;
  let i = s + SEQ.length;
  for (let c = data[i]!; c >= 0x30 && c <= 0x39; c = data[++i]!) seq = seq * 10 + (c - 0x30);
  // Each key is looked for after the one before it (the Alert's key order), then, should that order ever
  // change, from the start.
  let st = data.indexOf(STATE, i);
  if (st < 0) st = data.indexOf(STATE, PUSH.length);
  if (st < 0) throw new Error('alert:changed without state');
  const k = data[st + STATE.length];
  let key = k === 0x72 /* r */ ? FIELD.r : k === 0x61 /* a */ ? FIELD.a : FIELD.o;
  let f = find(data, key, st);
  if (f < 0 && key !== FIELD.o) f = find(data, (key = FIELD.o), st); // the field is null
  if (f < 0) throw new Error('alert:changed without its change time');
  const from = f + key.length;
  const to = data.indexOf(QUOTE, from);
  const changedAt = Date.parse(data.toString('latin1', from, to));
  if (seq <= 0 || Number.isNaN(changedAt)) throw new Error('alert:changed: unreadable seq or time');
  return { seq, changedAt };
}

/** The same two fields through JSON.parse of the whole packet (for cross-checks). */
export function readPushJson(data: Buffer): PushFields {
  const [, alert] = JSON.parse(data.toString('utf8').slice(2)) as [
    string,
    {
      seq: number;
      state: string;
      opened_at: string;
      acknowledged_at: string | null;
      resolved_at: string | null;
    },
  ];
  const t =
    alert.state === 'resolved'
      ? alert.resolved_at
      : alert.state === 'acknowledged'
        ? alert.acknowledged_at
        : alert.opened_at;
  return { seq: alert.seq, changedAt: Date.parse(t ?? alert.opened_at) };
}

/** One protocol-level client. `close()` ends it. */
export class WireClient {
  private readonly ws: WebSocket;
  private state: 'opening' | 'connecting' | 'connected' | 'closed' = 'opening';

  constructor(url: string, token: string, handlers: WireHandlers) {
    const u = new URL(url);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    u.pathname = '/socket.io/';
    u.search = '?EIO=4&transport=websocket';
    this.ws = new WebSocket(u, { perMessageDeflate: false });
    this.ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary || data.length === 0) return;
      const type = data[0];
      if (type === 0x34 /* 4: message */) {
        const sub = data[1];
        if (sub === 0x32 /* 2: event */) {
          const push = readPush(data);
          if (push) handlers.alertChanged(push, data);
        } else if (sub === 0x30 /* 0: connect */ && this.state === 'connecting') {
          this.state = 'connected';
          handlers.connected();
        } else if (sub === 0x34 /* 4: connect_error */) {
          this.state = 'closed';
          handlers.refused(data.toString('utf8', 2));
          this.ws.close();
        }
      } else if (type === 0x32 /* 2: ping */) {
        this.ws.send('3');
      } else if (type === 0x30 /* 0: open */ && this.state === 'opening') {
        this.state = 'connecting';
        this.ws.send(`40${JSON.stringify({ token })}`);
      } else if (type === 0x31 /* 1: close */) {
        this.ws.close();
      }
    });
    this.ws.on('error', (err) => {
      if (this.state !== 'connected' && this.state !== 'closed') handlers.refused(err.message);
      this.state = 'closed';
    });
    this.ws.on('close', () => {
      const was = this.state;
      this.state = 'closed';
      if (was === 'connected') handlers.closed();
      else if (was !== 'closed') handlers.refused('closed before connect');
    });
  }

  close(): void {
    this.state = 'closed';
    this.ws.close();
  }
}
