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
import crypto from 'node:crypto';
import net from 'node:net';
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

/** A key to look for, with its Boyer-Moore-Horspool shift table. */
interface Needle {
  bytes: Buffer;
  shift: Uint8Array;
}

function needle(text: string): Needle {
  const bytes = Buffer.from(text);
  const shift = new Uint8Array(256).fill(bytes.length);
  for (let i = 0; i < bytes.length - 1; i++) shift[bytes[i]!] = bytes.length - 1 - i;
  return { bytes, shift };
}

const PUSH = Buffer.from('42["alert:changed",');
const SEQ = needle('"seq":');
const STATE = needle('"state":"');
const FIELD = {
  o: needle('"opened_at":"'),
  a: needle('"acknowledged_at":"'),
  r: needle('"resolved_at":"'),
};
const QUOTE = 0x22;

function startsWith(data: Buffer, prefix: Buffer): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

/** An ISO time `YYYY-MM-DDTHH:mm:ss.sssZ` read from the bytes; any other form through Date.parse. */
function isoMs(data: Buffer, from: number, to: number): number {
  if (to - from !== 24 || data[from + 10] !== 0x54 || data[from + 23] !== 0x5a)
    return Date.parse(data.toString('latin1', from, to));
  return Date.UTC(
    digits(data, from, 4),
    digits(data, from + 5, 2) - 1,
    digits(data, from + 8, 2),
    digits(data, from + 11, 2),
    digits(data, from + 14, 2),
    digits(data, from + 17, 2),
    digits(data, from + 20, 3),
  );
}

function digits(data: Buffer, at: number, n: number): number {
  let v = 0;
  for (let k = at; k < at + n; k++) v = v * 10 + data[k]! - 0x30;
  return v;
}

/** Where `key` starts at or after `from`, or -1 (Boyer-Moore-Horspool: about half the time of
 *  Buffer#indexOf over the few hundred bytes it scans, which is mostly call overhead). */
function indexOfKey(data: Buffer, key: Needle, from: number): number {
  const k = key.bytes;
  const last = k.length - 1;
  const end = data.length - k.length;
  for (let i = from; i <= end;) {
    const c = data[i + last]!;
    if (c === k[last]) {
      let j = last - 1;
      while (j >= 0 && data[i + j] === k[j]) j--;
      if (j < 0) return i;
    }
    i += key.shift[c]!;
  }
  return -1;
}

function find(data: Buffer, key: Needle, after: number): number {
  const f = indexOfKey(data, key, after);
  return f >= 0 ? f : indexOfKey(data, key, PUSH.length);
}

/**
 * seq and change time of a `42["alert:changed",{…}]` frame, or null when the frame is another packet.
 * Keys are matched with their quotes and colon: inside a JSON string a quote is escaped, so `"seq":` can
 * only be a key, and the Alert's own `seq` comes before any nested object (alert_id is its only predecessor).
 * Throws on a push it cannot read, so a format change fails the benchmark instead of skewing it.
 */
export function readPush(data: Buffer): PushFields | null {
  if (!startsWith(data, PUSH)) return null;
  const s = indexOfKey(data, SEQ, PUSH.length);
  if (s < 0) throw new Error('alert:changed without seq');
  let seq = 0;
  let i = s + SEQ.bytes.length;
  for (let c = data[i]!; c >= 0x30 && c <= 0x39; c = data[++i]!) seq = seq * 10 + (c - 0x30);
  // Each key is looked for after the one before it (the Alert's key order), then, should that order ever
  // change, from the start.
  const st = find(data, STATE, i);
  if (st < 0) throw new Error('alert:changed without state');
  const k = data[st + STATE.bytes.length];
  let key = k === 0x72 /* r */ ? FIELD.r : k === 0x61 /* a */ ? FIELD.a : FIELD.o;
  let f = find(data, key, st);
  if (f < 0 && key !== FIELD.o) f = find(data, (key = FIELD.o), st); // the field is null
  if (f < 0) throw new Error('alert:changed without its change time');
  const from = f + key.bytes.length;
  const to = data.indexOf(QUOTE, from);
  const changedAt = isoMs(data, from, to);
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

/** A text-frame WebSocket connection: what the client needs of one. */
interface TextSocket {
  send(text: string): void;
  close(): void;
}

interface TextSocketEvents {
  open(): void;
  text(payload: Buffer): void;
  /** After open: the connection ended; before: it could not be opened. */
  close(reason: string): void;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * A minimal RFC 6455 client over a TCP socket: the HTTP/1.1 upgrade (Sec-WebSocket-Accept checked), then
 * frames parsed in place from each chunk read (unmasked from the server, no extension negotiated; fragmented
 * messages reassembled; ping answered; close echoed), and masked frames sent. It decodes frames the way
 * `ws` does but without a stream and an event per frame: 100,000 frames a second are the load generator's
 * main cost. (BENCH_WS=ws uses the `ws` package instead.)
 */
class RawWebSocket implements TextSocket {
  private readonly socket: net.Socket;
  private readonly key = crypto.randomBytes(16).toString('base64');
  private open = false;
  private ended = false;
  private rest: Buffer | null = null;
  private fragments: Buffer[] | null = null;

  constructor(
    url: URL,
    private readonly on: TextSocketEvents,
  ) {
    this.socket = net.connect({ host: url.hostname, port: Number(url.port || 80) });
    this.socket.setNoDelay(true);
    this.socket.on('connect', () =>
      this.socket.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${this.key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    this.socket.on('data', (chunk: Buffer) => {
      try {
        this.read(chunk);
      } catch (err) {
        this.fail((err as Error).message);
      }
    });
    this.socket.on('error', (err) => this.fail(err.message));
    this.socket.on('close', () => this.fail('connection closed'));
  }

  private fail(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.destroy();
    this.on.close(reason);
  }

  private read(chunk: Buffer): void {
    const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = null;
    let off = 0;
    if (!this.open) {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return void (this.rest = data);
      const head = data.toString('latin1', 0, end).split('\r\n');
      if (!/^HTTP\/1\.1 101 /.test(head[0] ?? '')) throw new Error(`upgrade refused: ${head[0]}`);
      const accept = crypto
        .createHash('sha1')
        .update(this.key + GUID)
        .digest('base64');
      const got = head.find((h) => h.toLowerCase().startsWith('sec-websocket-accept:'));
      if (got?.slice(got.indexOf(':') + 1).trim() !== accept) throw new Error('bad Sec-WebSocket-Accept');
      this.open = true;
      off = end + 4;
      this.on.open();
    }
    while (data.length - off >= 2) {
      const b0 = data[off]!;
      const b1 = data[off + 1]!;
      if (b1 & 0x80) throw new Error('masked frame from the server');
      if (b0 & 0x70) throw new Error('RSV bits set without an extension');
      let len = b1 & 0x7f;
      let head = 2;
      if (len === 126) {
        if (data.length - off < 4) break;
        len = data.readUInt16BE(off + 2);
        head = 4;
      } else if (len === 127) {
        if (data.length - off < 10) break;
        len = Number(data.readBigUInt64BE(off + 2));
        head = 10;
      }
      if (data.length - off < head + len) break;
      const payload = data.subarray(off + head, off + head + len);
      off += head + len;
      this.frame(b0 & 0x80, b0 & 0x0f, payload);
      if (this.ended) return;
    }
    if (off < data.length) this.rest = data.subarray(off);
  }

  private frame(fin: number, opcode: number, payload: Buffer): void {
    if (opcode === 0x1 || opcode === 0x0) {
      if (opcode === 0x1 && this.fragments) throw new Error('new message inside a fragmented one');
      if (opcode === 0x0 && !this.fragments) throw new Error('continuation without a message');
      if (!fin) return void (this.fragments ??= []).push(payload);
      if (this.fragments) {
        this.fragments.push(payload);
        payload = Buffer.concat(this.fragments);
        this.fragments = null;
      }
      this.on.text(payload);
    } else if (opcode === 0x8) {
      this.sendFrame(0x8, payload.subarray(0, 2));
      this.fail('closed by the server');
    } else if (opcode === 0x9) this.sendFrame(0xa, payload);
    else if (opcode !== 0xa) throw new Error(`unexpected opcode ${opcode}`);
  }

  private sendFrame(opcode: number, payload: Buffer): void {
    if (this.ended) return;
    const n = payload.length;
    const head = n < 126 ? 2 : 4;
    const frame = Buffer.allocUnsafe(head + 4 + n);
    frame[0] = 0x80 | opcode;
    if (n < 126) frame[1] = 0x80 | n;
    else {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(n, 2);
    }
    const mask = crypto.randomBytes(4);
    mask.copy(frame, head);
    for (let i = 0; i < n; i++) frame[head + 4 + i] = payload[i]! ^ mask[i & 3]!;
    this.socket.write(frame);
  }

  send(text: string): void {
    this.sendFrame(0x1, Buffer.from(text));
  }

  close(): void {
    this.sendFrame(0x8, Buffer.from([0x03, 0xe8]));
    this.ended = true;
    this.socket.end();
  }
}

/** The same through the `ws` package. */
function wsSocket(url: URL, on: TextSocketEvents): TextSocket {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let opened = false;
  let ended = false;
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    on.close(reason);
  };
  ws.on('open', () => {
    opened = true;
    on.open();
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) on.text(data);
  });
  ws.on('error', (err) => end(err.message));
  ws.on('close', () => end(opened ? 'connection closed' : 'could not connect'));
  return {
    send: (text) => ws.send(text),
    close: () => {
      ended = true;
      ws.close();
    },
  };
}

/** One protocol-level Socket.IO client. `close()` ends it. */
export class WireClient {
  private readonly ws: TextSocket;
  private state: 'opening' | 'connecting' | 'connected' | 'closed' = 'opening';

  constructor(url: string, token: string, handlers: WireHandlers, impl: 'raw' | 'ws' = 'raw') {
    const u = new URL(url);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    u.pathname = '/socket.io/';
    u.search = '?EIO=4&transport=websocket';
    const events: TextSocketEvents = {
      open: () => undefined,
      text: (data) => this.onPacket(data, token, handlers),
      close: (reason) => {
        const was = this.state;
        this.state = 'closed';
        if (was === 'connected') handlers.closed();
        else if (was !== 'closed') handlers.refused(reason);
      },
    };
    this.ws = impl === 'ws' ? wsSocket(u, events) : new RawWebSocket(u, events);
  }

  private onPacket(data: Buffer, token: string, handlers: WireHandlers): void {
    if (data.length === 0) return;
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
  }

  close(): void {
    this.state = 'closed';
    this.ws.close();
  }
}
