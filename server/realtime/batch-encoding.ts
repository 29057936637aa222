/**
 * A batch of alert changes encoded for the push: one WebSocket frame per change, and per scope the frames
 * of the changes it covers (its prefix starts their unit code) joined into one buffer, made once on first
 * ask and shared by every socket of that scope. Also how long the push waits between batches.
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import { alertChangedFrame } from './direct-frames.js';

/** Socket writes a second the batching aims at, and the longest wait between batches that buys. */
const WRITES_PER_SECOND = 10_000;
const MAX_BATCH_MS = 100;
export const DEFAULT_BATCH_MS = 25;

/**
 * Time between batches: batchMs, or longer with many sockets, so that there are at most WRITES_PER_SECOND
 * socket writes a second (up to MAX_BATCH_MS): each write costs the server a system call and the client a
 * wake-up and a read, whatever its size; 1,000 sockets get a batch every 100 ms. A batchMs above
 * MAX_BATCH_MS is kept as it is.
 */
export function batchGapMs(batchMs: number, sockets: number): number {
  return Math.min(Math.max(batchMs, MAX_BATCH_MS), Math.max(batchMs, (1000 * sockets) / WRITES_PER_SECOND));
}

const covers = (scope: string, alert: Alert): boolean => alert.unit_code.startsWith(scope);

export class EncodedBatch {
  private readonly frames: Buffer[];
  private readonly joined = new Map<string, Buffer | null>();
  private readonly alerts = new Map<string, Alert[]>();

  /** `changes` in seq order; each is encoded here, once. */
  constructor(readonly changes: readonly AlertChange[]) {
    this.frames = changes.map((c) => alertChangedFrame(c.alert));
  }

  /** The frames of the changes the scope covers, in seq order, as one buffer; null when it covers none. */
  framesFor(scope: string): Buffer | null {
    let joined = this.joined.get(scope);
    if (joined === undefined) {
      const mine = this.frames.filter((_, i) => covers(scope, this.changes[i]!.alert));
      joined = mine.length === 0 ? null : mine.length === 1 ? mine[0]! : Buffer.concat(mine);
      this.joined.set(scope, joined);
    }
    return joined;
  }

  /** The alerts of the changes the scope covers, in seq order (for sockets the direct write won't suit). */
  alertsFor(scope: string): readonly Alert[] {
    let mine = this.alerts.get(scope);
    if (mine === undefined) {
      mine = this.changes.filter((c) => covers(scope, c.alert)).map((c) => c.alert);
      this.alerts.set(scope, mine);
    }
    return mine;
  }
}
