import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import type { AlertsResponse, ResumeReply, SummaryResponse } from '../../common/api.js';
import { AlertBook } from '../../dashboard/src/stores/alert-book.js';
import { LiveSync, connectionState } from '../../dashboard/src/stores/live-sync.js';
import type { LiveEvent, LiveSource, RealtimeHandlers } from '../../dashboard/src/stores/live-sync.js';
import { alert } from '../../dashboard/tests/fixtures.js';

const summary: SummaryResponse = {
  as_of: '2026-11-26T00:00:00.000Z',
  seq: 1,
  active: { P1: 0, P2: 1, P3: 0, total: 1, acknowledged: 0 },
  due_soon: 0,
  held: 0,
  new_today: 1,
  resolved_today: 0,
  compliance: { due: 10, on_time: 9, rate: 0.9 },
};

/** A scripted server: the test drives connects, deltas and the resume replies. */
function fakeSource(snapshots: AlertsResponse[]) {
  const resumes: number[] = [];
  const replies: ResumeReply[] = [];
  let handlers: RealtimeHandlers | null = null;
  let snapshotGate: Promise<void> | null = null;
  const source: LiveSource = {
    snapshot: async () => {
      if (snapshotGate) await snapshotGate;
      const s = snapshots.shift();
      if (!s) throw new Error('no snapshot scripted');
      return s;
    },
    summary: async () => summary,
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
    resumes,
    replies,
    gate(p: Promise<void>) {
      snapshotGate = p;
    },
    get h(): RealtimeHandlers {
      if (!handlers) throw new Error('not connected');
      return handlers;
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const active = (book: AlertBook) =>
  book
    .list()
    .map((a: Alert) => `${a.alert_id}@${a.seq}:${a.state}`)
    .sort();

describe('LiveSync', () => {
  it('loads the snapshot, connects, resumes from the snapshot seq, then applies deltas', async () => {
    let now = 1_000;
    const events: LiveEvent[] = [];
    const f = fakeSource([{ alerts: [alert({ alert_id: 'a', seq: 4 })], seq: 6 }]);
    const sync = new LiveSync(new AlertBook(), f.source, { now: () => now, onEvent: (e) => events.push(e) });
    await sync.start();
    expect(sync.state()).toBe('connecting');
    f.replies.push({ ok: true, alerts: [alert({ alert_id: 'b', seq: 7 })], seq: 7 });
    f.h.connected();
    await flush();
    expect(f.resumes).toEqual([6]);
    expect(sync.state()).toBe('connected');
    f.h.alert(alert({ alert_id: 'a', seq: 8, state: 'acknowledged' }));
    expect(active(sync.book)).toEqual(['a@8:acknowledged', 'b@7:open']);
    expect(events.filter((e) => e.type === 'change').length).toBe(2);
    now += 31_000;
    expect(sync.state()).toBe('stale');
    f.h.stats(summary);
    expect(sync.state()).toBe('connected');
  });

  it('passes a report:progress push on (the reports page shares this connection), as data on it', async () => {
    let now = 1_000;
    const events: LiveEvent[] = [];
    const f = fakeSource([{ alerts: [], seq: 1 }]);
    const sync = new LiveSync(new AlertBook(), f.source, { now: () => now, onEvent: (e) => events.push(e) });
    await sync.start();
    f.h.connected();
    await flush();
    now += 31_000;
    expect(sync.state()).toBe('stale');
    const progress = { report_id: 'RPT-20261201-0000abcd', progress: 0.5, state: 'running' as const };
    f.h.report?.(progress);
    expect(events.filter((e) => e.type === 'report')).toEqual([{ type: 'report', progress }]);
    expect(sync.state()).toBe('connected');
  });

  it('after a disconnect, resumes from the highest seq seen and misses nothing', async () => {
    const f = fakeSource([{ alerts: [alert({ alert_id: 'a', seq: 1 })], seq: 1 }]);
    const sync = new LiveSync(new AlertBook(), f.source);
    await sync.start();
    f.h.connected();
    await flush();
    f.h.alert(alert({ alert_id: 'b', seq: 5 }));
    f.h.disconnected('transport close');
    expect(sync.state()).toBe('reconnecting');
    f.replies.push({
      ok: true,
      seq: 9,
      alerts: [
        alert({ alert_id: 'c', seq: 8 }),
        alert({ alert_id: 'a', seq: 6, state: 'acknowledged' }),
        alert({ alert_id: 'a', seq: 7, state: 'resolved', resolution: 'manual' }),
      ],
    });
    f.h.connected();
    await flush();
    expect(f.resumes).toEqual([1, 5]);
    expect(active(sync.book)).toEqual(['b@5:open', 'c@8:open']);
    expect(sync.book.maxSeq).toBe(9);
  });

  it('falls back to a fresh snapshot when the server cannot resume, keeping deltas that arrive meanwhile', async () => {
    const f = fakeSource([
      { alerts: [alert({ alert_id: 'a', seq: 1 })], seq: 1 },
      { alerts: [alert({ alert_id: 'z', seq: 40 })], seq: 41 },
    ]);
    const sync = new LiveSync(new AlertBook(), f.source);
    await sync.start();
    let release: () => void = () => undefined;
    f.gate(new Promise<void>((r) => (release = r)));
    f.replies.push({ ok: false, error: 'too far behind: reload the alert list', code: 'too_far_behind' });
    f.h.connected();
    await flush();
    f.h.alert(alert({ alert_id: 'y', seq: 42 }));
    f.h.alert(alert({ alert_id: 'old', seq: 30 }));
    release();
    await flush();
    await flush();
    expect(active(sync.book)).toEqual(['y@42:open', 'z@40:open']);
  });

  it('reports connection states', () => {
    const base = { now: 100_000, lastDataAt: 99_000 };
    expect(connectionState({ ...base, socketUp: false, everConnected: false })).toBe('connecting');
    expect(connectionState({ ...base, socketUp: false, everConnected: true })).toBe('reconnecting');
    expect(connectionState({ ...base, socketUp: true, everConnected: true })).toBe('connected');
    expect(connectionState({ now: 100_000, lastDataAt: 69_000, socketUp: true, everConnected: true })).toBe(
      'stale',
    );
    expect(connectionState({ now: 100_000, lastDataAt: null, socketUp: true, everConnected: true })).toBe(
      'stale',
    );
  });
});
