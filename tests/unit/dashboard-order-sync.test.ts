import { describe, expect, it } from 'vitest';
import type { ResumeReply, SummaryResponse } from '../../common/api.js';
import type { Supervision } from '../../common/supervision.js';
import { AlertBook } from '../../dashboard/src/stores/alert-book.js';
import { LiveSync } from '../../dashboard/src/stores/live-sync.js';
import type { LiveEvent, LiveSource, RealtimeHandlers } from '../../dashboard/src/stores/live-sync.js';
import { OrderBook } from '../../dashboard/src/stores/order-book.js';
import { alert, order } from '../../dashboard/tests/fixtures.js';

const summary = { as_of: '', seq: 1 } as unknown as SummaryResponse;
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A scripted server with orders: the test drives the order snapshot, deltas and resume replies. */
function fakeSource(orderSnapshot: () => Promise<{ supervisions: Supervision[]; seq?: number }>) {
  const replies: ResumeReply[] = [];
  const resumes: number[] = [];
  const calls: string[] = [];
  let handlers: RealtimeHandlers | null = null;
  const source: LiveSource = {
    snapshot: async () => {
      calls.push('alerts');
      return { alerts: [alert({ alert_id: 'a', seq: 4 })], seq: 6 };
    },
    summary: async () => summary,
    orders: async () => {
      calls.push('orders');
      return orderSnapshot();
    },
    connect(h) {
      handlers = h;
      return {
        resume: async (since) => {
          resumes.push(since);
          return replies.shift() ?? { ok: true, alerts: [], seq: since };
        },
        close: () => undefined,
      };
    },
  };
  return {
    source,
    replies,
    resumes,
    calls,
    get h(): RealtimeHandlers {
      if (!handlers) throw new Error('not connected');
      return handlers;
    },
  };
}

const states = (book: OrderBook) =>
  book
    .list()
    .map((o) => `${o.supervision_id}@${o.seq}:${o.state}`)
    .sort();

describe('LiveSync with supervision orders', () => {
  it('loads the orders after the alerts, applies deltas and the orders of a resume, each once', async () => {
    const orders = new OrderBook();
    const events: LiveEvent[] = [];
    const f = fakeSource(async () => ({ supervisions: [order({ supervision_id: 's1', seq: 7 })], seq: 8 }));
    const sync = new LiveSync(new AlertBook(), f.source, { orders, onEvent: (e) => events.push(e) });
    await sync.start();
    expect(f.calls).toEqual(['alerts', 'orders']);
    expect(states(orders)).toEqual(['s1@7:issued']);
    f.replies.push({
      ok: true,
      alerts: [],
      supervisions: [
        order({ supervision_id: 's1', seq: 9, state: 'received' }),
        order({ supervision_id: 's1', seq: 7 }),
      ],
      seq: 9,
    });
    f.h.connected();
    await flush();
    expect(f.resumes).toEqual([6]);
    expect(states(orders)).toEqual(['s1@9:received']);
    f.h.supervision?.(order({ supervision_id: 's1', seq: 9, state: 'received' }));
    f.h.supervision?.(order({ supervision_id: 's2', seq: 10 }));
    expect(states(orders)).toEqual(['s1@9:received', 's2@10:issued']);
    const kinds = events.flatMap((e) => (e.type === 'order' ? [`${e.order.supervision_id}:${e.kind}`] : []));
    expect(kinds).toEqual(['s1:received', 's2:issued']);
    expect(events).toContainEqual({ type: 'resumed', applied: 1, reconnect: false });
  });

  it('buffers the deltas that come while the order snapshot loads and applies them after it', async () => {
    const orders = new OrderBook();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let reads = 0;
    const f = fakeSource(async () => {
      reads += 1;
      // The second read (after a refused resume) is slow: a change comes over the socket meanwhile.
      if (reads === 2) await gate;
      return { supervisions: [order({ supervision_id: 's1', seq: 7 })] };
    });
    const sync = new LiveSync(new AlertBook(), f.source, { orders });
    await sync.start();
    f.replies.push({ ok: false, error: 'gone', code: 'too_far_behind' });
    f.h.connected();
    await flush();
    expect(reads).toBe(2);
    f.h.supervision?.(order({ supervision_id: 's1', seq: 11, state: 'answered' }));
    expect(states(orders)).toEqual(['s1@7:issued']);
    release();
    await flush();
    expect(states(orders)).toEqual(['s1@11:answered']);
  });

  it('keeps the alerts when the orders cannot be loaded, and says so', async () => {
    const orders = new OrderBook();
    const events: LiveEvent[] = [];
    const f = fakeSource(async () => {
      throw new Error('unknown route');
    });
    const sync = new LiveSync(new AlertBook(), f.source, { orders, onEvent: (e) => events.push(e) });
    await sync.start();
    expect(sync.book.size).toBe(1);
    expect(orders.loaded).toBe(false);
    expect(events).toContainEqual({ type: 'orders-error', message: 'unknown route' });
  });
});
