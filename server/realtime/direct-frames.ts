/**
 * The push's fast path: `alert:changed` encoded once as WebSocket frames and written straight to each
 * socket's WebSocket, bypassing engine.io's per-socket packet objects and stream bookkeeping, which is what
 * 1,000 sockets × 100 changes/s cost. Only used when nothing of engine.io's own is waiting for the socket,
 * so everything a socket is sent stays in the order it was emitted in.
 */
import type { Alert } from '../../common/alerts.js';
import type { VigilSocket } from './socket-types.js';

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

const engineConn = (socket: VigilSocket): EngineConn => socket.conn as unknown as EngineConn;

/** Bytes written to the socket's WebSocket that the client has not read yet (0 without a WebSocket). */
export function bufferedBytes(socket: VigilSocket): number {
  return engineConn(socket).transport.socket?.bufferedAmount ?? 0;
}

/**
 * Writes pre-encoded frames straight to the socket's WebSocket, as engine.io itself does for the
 * pre-encoded frames of a broadcast (its transport calls the same `sendFrame`), but all the frames of a
 * batch in one write. Only when nothing of engine.io's own is waiting for that socket (so the order of
 * everything the socket was sent stays the order it was emitted in), the connection is open on a
 * websocket without compression and not upgrading. Returns false when the socket must go the ordinary way.
 */
export function writeDirect(socket: VigilSocket, frames: Buffer): boolean {
  const conn = engineConn(socket);
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
