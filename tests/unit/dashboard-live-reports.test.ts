/**
 * The reports page follows `report:progress` over the live store's connection (the one the wall and the duty
 * console use), not a socket of its own: the store hands each push to whoever listens, until they stop.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReportProgressEvent } from '../../common/report.js';
import { useLiveStore } from '../../dashboard/src/stores/live.js';
import type { LiveSource, RealtimeHandlers } from '../../dashboard/src/stores/live-sync.js';

const SUMMARY = {
  as_of: '2026-12-01T00:00:00.000Z',
  seq: 1,
  active: { P1: 0, P2: 0, P3: 0, total: 0, acknowledged: 0 },
  due_soon: 0,
  held: 0,
  new_today: 0,
  resolved_today: 0,
  compliance: { due: 0, on_time: 0, rate: null },
};

function source(): { source: LiveSource; connects: () => number; h: () => RealtimeHandlers } {
  let handlers: RealtimeHandlers | null = null;
  let connects = 0;
  return {
    source: {
      snapshot: async () => ({ alerts: [], seq: 1 }),
      summary: async () => SUMMARY,
      connect(h) {
        handlers = h;
        connects += 1;
        return { resume: async (since) => ({ ok: true, alerts: [], seq: since }), close: () => undefined };
      },
    },
    connects: () => connects,
    h: () => {
      if (!handlers) throw new Error('not connected');
      return handlers;
    },
  };
}

beforeEach(() => setActivePinia(createPinia()));

describe('report progress over the live connection', () => {
  it('hands every push to the listeners until they stop listening; a second start opens nothing', async () => {
    const live = useLiveStore();
    const s = source();
    await live.start(s.source);
    await live.start(source().source);
    expect(s.connects()).toBe(1);
    const seen: ReportProgressEvent[] = [];
    const off = live.onReportProgress((p) => seen.push(p));
    const first = { report_id: 'RPT-20261201-0000abcd', progress: 0.25, state: 'running' as const };
    const done = { report_id: 'RPT-20261201-0000abcd', progress: 1, state: 'done' as const };
    s.h().report?.(first);
    s.h().report?.(done);
    off();
    s.h().report?.({ ...first, progress: 0.5 });
    expect(seen).toEqual([first, done]);
    live.stop();
  });
});
