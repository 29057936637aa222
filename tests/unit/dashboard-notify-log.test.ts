/**
 * The alert page's notification log (NotifyLog over a fake transport, Vitest's fake clock): loads at once,
 * then at most every 5 s however often the alert changes; a 200 with no attempts is "未发送通知", a 409/404 is
 * "off" (nothing shown); a failed reload keeps the last good list; a disposed log ignores late answers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotifyAttempt } from '../../common/notify.js';
import { errorFrom } from '../../dashboard/src/api/client.js';
import { NotifyLog } from '../../dashboard/src/lib/notify-log.js';
import type { NotifyLogState } from '../../dashboard/src/lib/notify-log.js';
import { Throttle } from '../../dashboard/src/lib/throttle.js';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-26T02:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const one = (delivery_id: string): NotifyAttempt => ({
  at: '2026-11-26T01:59:00.000Z',
  delivery_id,
  kind: 'alert.raised',
  renotify: 0,
  escalation: 0,
  alert_id: 'A',
  supervision_id: '',
  unit_code: '450103520000',
  channel: 'ops',
  channel_type: 'webhook',
  recipient: 'channel:ops',
  recipient_name: '',
  outcome: 'delivered',
  response_code: 200,
  latency_ms: 12,
  attempt: 1,
  error: '',
  batched: 0,
});

/** A transport answering from a queue (a value, or an error to throw), counting the calls. */
function transport(...answers: (NotifyAttempt[] | Error)[]) {
  const t = { calls: 0 };
  const list = async () => {
    t.calls += 1;
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (next instanceof Error) throw next;
    return { notifications: next };
  };
  return { t, list };
}

function track(list: () => Promise<{ notifications: NotifyAttempt[] }>, opts = {}) {
  const states: NotifyLogState[] = [];
  const log = new NotifyLog(list, (s) => states.push(s), opts);
  return { log, states };
}

describe('Throttle', () => {
  it('runs at once, then folds requests into one run per interval', async () => {
    let runs = 0;
    const th = new Throttle(async () => void (runs += 1), 5_000);
    th.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    th.request();
    th.request();
    th.request();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(runs).toBe(2);
  });
  it('never runs twice at once, and waits a first delay when asked', async () => {
    let running = 0;
    let most = 0;
    const th = new Throttle(
      async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 8_000));
        running -= 1;
      },
      1_000,
      undefined,
      250,
    );
    th.request();
    await vi.advanceTimersByTimeAsync(249);
    expect(most).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(most).toBe(1);
    th.request();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(most).toBe(1);
  });
  it('stops when disposed', async () => {
    let runs = 0;
    const th = new Throttle(async () => void (runs += 1), 5_000);
    th.request();
    await vi.advanceTimersByTimeAsync(0);
    th.request();
    th.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(1);
  });
});

describe('NotifyLog', () => {
  it('groups what the server answers; an empty list is ready with no groups (未发送通知)', async () => {
    const { list } = transport([one('d1'), one('d1'), one('d2')]);
    const { log, states } = track(list);
    expect(log.state).toEqual({ status: 'loading' });
    log.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(log.state.status).toBe('ready');
    expect(log.state.status === 'ready' && log.state.groups.map((g) => g.delivery_id)).toEqual(['d1', 'd2']);
    const empty = track(transport([]).list);
    empty.log.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(empty.log.state).toEqual({ status: 'ready', groups: [], error: null });
    expect(states).toHaveLength(1);
  });

  it('reads again at most every 5 s however often the alert changes', async () => {
    const { t, list } = transport([]);
    const { log } = track(list);
    log.refresh();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 10; i += 1) {
      log.refresh();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(t.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.calls).toBe(2);
  });

  it('is off when notifications are off (409) or there is no such route (404)', async () => {
    for (const [status, code] of [
      [409, 'notify_disabled'],
      [404, 'unknown_route'],
    ] as const) {
      const err = errorFrom(new Response(null, { status }), { error: 'no', code });
      const { log } = track(transport(err).list);
      log.refresh();
      await vi.advanceTimersByTimeAsync(0);
      expect(log.state).toEqual({ status: 'off' });
    }
  });

  it('says a first failure; a later one keeps the last good list with the error', async () => {
    const boom = errorFrom(new Response(null, { status: 500 }), { error: 'boom', code: 'internal' });
    const first = track(transport(boom).list);
    first.log.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(first.log.state).toEqual({ status: 'error', message: 'boom' });

    const later = track(transport([one('d1')], boom).list);
    later.log.refresh();
    await vi.advanceTimersByTimeAsync(0);
    later.log.refresh();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(later.log.state).toMatchObject({ status: 'ready', error: 'boom' });
    expect(later.log.state.status === 'ready' && later.log.state.groups).toHaveLength(1);
  });

  it('ignores an answer that comes after it was disposed', async () => {
    let answer: (v: { notifications: NotifyAttempt[] }) => void = () => {};
    const { log, states } = track(() => new Promise((r) => (answer = r)));
    log.refresh();
    await vi.advanceTimersByTimeAsync(0);
    log.dispose();
    answer({ notifications: [one('d1')] });
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual([]);
    expect(log.state).toEqual({ status: 'loading' });
  });
});
