/**
 * `alert:changed` to every socket whose scope covers the alert, in seq order. Changes are collected into
 * batches (see batchGapMs; an idle server sends at once). A batch is encoded once (EncodedBatch: one frame
 * per change, one joined buffer per scope present among the sockets) and each websocket gets its scope's
 * buffer in one direct write. A socket the direct write does not suit (polling, upgrading, engine.io still
 * holding packets for it) gets the same changes through socket.emit, in the same order. A client that does
 * not read what it is sent is cut off (it resumes when it reconnects).
 */
import type { AlertChange } from '../../common/alerts.js';
import type { Logger } from '../../common/node/logger.js';
import { batchGapMs, DEFAULT_BATCH_MS, EncodedBatch } from './batch-encoding.js';
import { bufferedBytes, writeDirect } from './direct-frames.js';
import { connectedSockets, socketCount } from './socket-types.js';
import type { VigilServer, VigilSocket } from './socket-types.js';

/** A client that has not read this much of what was written to it is cut off (it resumes on reconnect). */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** What the pushes cost so far: batches, and per socket writes (direct) or emits (the ordinary way). */
export interface PushCounters {
  batches: number;
  changes: number;
  directWrites: number;
  directBytes: number;
  emits: number;
  cutOff: number;
}

export interface Pusher {
  /** Queues changes (in seq order, after those queued before) for the next batch. */
  deliver(changes: AlertChange[]): void;
  readonly counters: Readonly<PushCounters>;
  /** Drops the batch not sent yet. */
  stop(): void;
}

/** Sends one encoded batch to one socket: directly, or emit by emit; or cuts the socket off. */
function pushTo(socket: VigilSocket, batch: EncodedBatch, counters: PushCounters, log: Logger): void {
  const scope = socket.data.user.scope;
  const joined = batch.framesFor(scope);
  if (!joined) return;
  const buffered = bufferedBytes(socket);
  if (buffered > MAX_BUFFERED_BYTES) {
    log.warn({ user: socket.data.user.username, buffered }, 'slow client cut off');
    counters.cutOff++;
    socket.disconnect(true);
    return;
  }
  if (writeDirect(socket, joined)) {
    counters.directWrites++;
    counters.directBytes += joined.length;
    return;
  }
  for (const alert of batch.alertsFor(scope)) {
    counters.emits++;
    socket.emit('alert:changed', alert);
  }
}

/** Sends one batch of changes (seq order) to every connected socket. */
export function fanOut(io: VigilServer, changes: AlertChange[], counters: PushCounters, log: Logger): void {
  counters.batches++;
  counters.changes += changes.length;
  const batch = new EncodedBatch(changes);
  for (const socket of connectedSockets(io)) pushTo(socket, batch, counters, log);
}

export function createPusher(io: VigilServer, opts: { batchMs?: number; log: Logger }): Pusher {
  const batchMs = opts.batchMs ?? DEFAULT_BATCH_MS;
  const counters: PushCounters = {
    batches: 0,
    changes: 0,
    directWrites: 0,
    directBytes: 0,
    emits: 0,
    cutOff: 0,
  };
  let pending: AlertChange[] = [];
  let timer: NodeJS.Timeout | null = null;
  let lastBatch = 0;
  const send = (): void => {
    timer = null;
    lastBatch = Date.now();
    const batch = pending;
    pending = [];
    fanOut(io, batch, counters, opts.log);
  };
  return {
    deliver(changes) {
      pending.push(...changes);
      timer ??= setTimeout(send, Math.max(0, lastBatch + batchGapMs(batchMs, socketCount(io)) - Date.now()));
    },
    counters,
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}
