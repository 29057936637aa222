import type { SupervisionUnitStats } from '../../common/api.js';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_OUTBOX_FILTER,
  groupByLevel,
  inboxCounts,
  inboxOrders,
  inboxTab,
  isForMyUnit,
  orderTileCounts,
  outboxCounts,
  outboxMatches,
  outboxOrders,
  soonestFeedback,
} from '../../dashboard/src/lib/order-lists.js';
import { OrderBook, orderChangeKind } from '../../dashboard/src/stores/order-book.js';
import { failureTone, onTimeTone, supStatsRows } from '../../dashboard/src/views/trends/sup-stats.js';
import { mergeTicker } from '../../dashboard/src/views/wall/ticker-merge.js';
import { alert, order } from '../../dashboard/tests/fixtures.js';

const ids = (list: { supervision_id: string }[]) => list.map((o) => o.supervision_id);
const open = (book: OrderBook) => ids(book.list()).sort();

describe('OrderBook: snapshot then deltas, idempotent by seq', () => {
  it('loads the snapshot and applies newer changes, saying what each did', () => {
    const book = new OrderBook({ now: () => 0 });
    book.loadSnapshot([order({ supervision_id: 'a', seq: 3 }), order({ supervision_id: 'b', seq: 5 })], 7);
    expect(open(book)).toEqual(['a', 'b']);
    expect(book.maxSeq).toBe(7);
    expect(book.apply(order({ supervision_id: 'c', seq: 8 }))).toBe('issued');
    expect(book.apply(order({ supervision_id: 'a', seq: 9, state: 'received', received_by: 'off' }))).toBe(
      'received',
    );
    expect(book.get('a')?.state).toBe('received');
    expect(book.maxSeq).toBe(9);
  });

  it('ignores duplicates, changes at or below the snapshot seq and older copies', () => {
    const book = new OrderBook();
    book.loadSnapshot([order({ supervision_id: 'a', seq: 10 })], 12);
    expect(book.apply(order({ supervision_id: 'x', seq: 11 }))).toBeNull();
    const received = order({ supervision_id: 'a', seq: 13, state: 'received' });
    expect(book.apply(received)).toBe('received');
    expect(book.apply(received)).toBeNull();
    expect(book.apply(order({ supervision_id: 'a', seq: 12 }))).toBeNull();
    expect(book.get('a')?.state).toBe('received');
    expect(book.size).toBe(1);
  });

  it('drops closed and cancelled orders and keeps a stale copy from bringing them back', () => {
    const book = new OrderBook();
    book.loadSnapshot([order({ supervision_id: 'a', seq: 1 }), order({ supervision_id: 'b', seq: 2 })], 2);
    expect(book.apply(order({ supervision_id: 'a', seq: 6, state: 'closed' }))).toBe('closed');
    expect(book.apply(order({ supervision_id: 'b', seq: 7, state: 'cancelled' }))).toBe('cancelled');
    expect(book.apply(order({ supervision_id: 'a', seq: 5, state: 'answered' }))).toBeNull();
    expect(book.size).toBe(0);
  });

  it('applies a resumed batch in seq order, whatever order it came in, skipping what deltas gave', () => {
    const book = new OrderBook();
    book.loadSnapshot([order({ supervision_id: 'a', seq: 1 })], 1);
    book.apply(order({ supervision_id: 'b', seq: 3 }));
    const applied = book.applyResume(
      [
        order({ supervision_id: 'a', seq: 5, state: 'answered' }),
        order({ supervision_id: 'a', seq: 2, state: 'received' }),
        order({ supervision_id: 'b', seq: 3 }),
      ],
      9,
    );
    expect(applied.map((c) => `${c.order.supervision_id}@${c.order.seq}:${c.kind}`)).toEqual([
      'a@2:received',
      'a@5:answered',
    ]);
    expect(book.maxSeq).toBe(9);
    // Applying the same batch again changes nothing.
    expect(book.applyResume([order({ supervision_id: 'a', seq: 5, state: 'answered' })])).toEqual([]);
  });

  it('names the change: overdue, escalated, returned, and puts it on the ticker at its own time', () => {
    const book = new OrderBook({ now: () => 42 });
    book.loadSnapshot([], 0);
    const base = order({ supervision_id: 'a', seq: 1 });
    book.apply(base);
    expect(book.apply({ ...base, seq: 2, overdue: 'receive', escalation: 1 })).toBe('overdue');
    expect(book.apply({ ...base, seq: 3, overdue: 'receive', escalation: 2 })).toBe('escalated');
    const returned = {
      ...base,
      seq: 4,
      state: 'returned' as const,
      reviews: [{ at: '2026-11-26T05:00:00.000Z', by: 'mgr', decision: 'return' as const, note: '不全' }],
    };
    expect(orderChangeKind(book.get('a'), returned)).toBe('returned');
    book.apply(returned);
    const ticker = book.ticker.newestFirst();
    expect(ticker.map((e) => e.kind)).toEqual(['returned', 'escalated', 'overdue', 'issued']);
    expect(ticker[0]?.at).toBe(Date.parse('2026-11-26T05:00:00.000Z'));
    expect(ticker[1]?.at).toBe(42);
    expect(ticker[3]?.at).toBe(Date.parse(base.issued_at));
  });

  it('seeds an empty ticker from the snapshot, oldest first; reset forgets everything', () => {
    const book = new OrderBook({ tickerSize: 2 });
    book.loadSnapshot([
      order({ supervision_id: 'old', seq: 1, issued_at: '2026-11-25T00:00:00.000Z' }),
      order({ supervision_id: 'mid', seq: 2, issued_at: '2026-11-25T06:00:00.000Z' }),
      order({ supervision_id: 'new', seq: 3, issued_at: '2026-11-26T00:00:00.000Z' }),
      order({ supervision_id: 'gone', seq: 4, state: 'closed' }),
    ]);
    expect(book.baseSeq).toBe(4);
    expect(book.ticker.newestFirst().map((e) => e.order.supervision_id)).toEqual(['new', 'mid']);
    book.reset();
    expect(book.size).toBe(0);
    expect(book.ticker.size).toBe(0);
    expect(book.maxSeq).toBe(0);
  });
});

describe('inbox and outbox', () => {
  const T = (h: number) => new Date(Date.UTC(2026, 10, 26, h)).toISOString();
  const list = [
    order({ supervision_id: 'recv-late', seq: 1, receive_due_at: T(1), overdue: 'receive' }),
    order({ supervision_id: 'recv-soon', seq: 2, receive_due_at: T(3) }),
    order({ supervision_id: 'recv-listed', seq: 3, receive_due_at: T(3), level: 'listed' }),
    order({ supervision_id: 'fb', seq: 4, state: 'received', feedback_due_at: T(2) }),
    order({ supervision_id: 'ret', seq: 5, state: 'returned', feedback_due_at: T(10) }),
    order({
      supervision_id: 'ans',
      seq: 6,
      state: 'answered',
      answers: [{ at: T(0), by: 'off', text: '已补录', event_ids: [] }],
    }),
    order({ supervision_id: 'county', seq: 7, unit_code: '450103000000' }),
    order({ supervision_id: 'other-station', seq: 8, unit_code: '450103530000', level: 'reminder' }),
  ];
  const officer = { username: 'off', role: 'officer' as const, scope: '450103520000' };
  const countyManager = { username: 'mgr', role: 'manager' as const, scope: '450103' };

  it('gives an officer the orders of their unit waiting on it, the most pressing deadline first', () => {
    const inbox = inboxOrders(list, officer);
    expect(ids(inbox)).toEqual(['recv-late', 'fb', 'recv-listed', 'recv-soon', 'ret']);
    expect(ids(inboxTab(inbox, 'issued'))).toEqual(['recv-late', 'recv-listed', 'recv-soon']);
    expect(ids(inboxTab(inbox, 'received'))).toEqual(['fb']);
    expect(inboxCounts(inbox)).toEqual({ issued: 3, received: 1, returned: 1, overdue: 1 });
  });

  it('gives a manager in the inbox only what is addressed to their own unit; the rest is the outbox', () => {
    expect(isForMyUnit(list[6]!, countyManager)).toBe(true);
    expect(isForMyUnit(list[0]!, countyManager)).toBe(false);
    expect(ids(inboxOrders(list, countyManager))).toEqual(['county']);
    const out = outboxOrders(
      [...list, order({ supervision_id: 'done', seq: 9, state: 'closed' })],
      countyManager,
    );
    // Overdue first, then listed, order, reminder; within a level the longest waiting first.
    expect(ids(out)).toEqual(['recv-late', 'recv-listed', 'ans', 'fb', 'recv-soon', 'ret', 'other-station']);
    expect(outboxCounts(out)).toEqual({ all: 7, answered: 1, overdue: 1 });
    const pick = (f: Partial<typeof EMPTY_OUTBOX_FILTER>) =>
      ids(out.filter((o) => outboxMatches(o, { ...EMPTY_OUTBOX_FILTER, ...f }, 'mgr')));
    expect(pick({ tab: 'answered' })).toEqual(['ans']);
    expect(pick({ tab: 'overdue' })).toEqual(['recv-late']);
    expect(pick({ level: 'reminder' })).toEqual(['other-station']);
    expect(pick({ mine: true })).toHaveLength(7);
    expect(out.filter((o) => outboxMatches(o, { ...EMPTY_OUTBOX_FILTER, mine: true }, 'other'))).toEqual([]);
    expect(groupByLevel(out).map((g) => `${g.level}:${g.orders.length}`)).toEqual([
      'listed:1',
      'order:5',
      'reminder:1',
    ]);
  });

  it('counts the wall tile and lists the answers due soonest', () => {
    expect(orderTileCounts([...list, order({ supervision_id: 'x', seq: 9, state: 'cancelled' })])).toEqual({
      open: 8,
      overdue: 1,
      listed: 1,
      answered: 1,
    });
    const due = soonestFeedback(
      [
        order({ supervision_id: 'late', seq: 1, state: 'received', feedback_due_at: T(1) }),
        order({ supervision_id: 'later', seq: 2, state: 'returned', feedback_due_at: T(5) }),
        order({ supervision_id: 'review', seq: 3, state: 'answered', feedback_due_at: T(0) }),
        order({ supervision_id: 'listed', seq: 4, level: 'listed', feedback_due_at: T(5) }),
      ],
      3,
    );
    expect(ids(due)).toEqual(['late', 'listed', 'later']);
  });
});

describe('the wall ticker', () => {
  it('merges alert and order changes newest first, each stream in its own order', () => {
    const a = (key: string, at: number) => ({
      key,
      kind: 'raised' as const,
      alert: alert({ alert_id: key, seq: 1 }),
      at,
    });
    const o = (key: string, at: number) => ({
      key,
      kind: 'issued' as const,
      order: order({ supervision_id: key, seq: 1 }),
      at,
    });
    const merged = mergeTicker(
      [a('a3', 30), a('a1', 10), a('a2', 20)],
      [o('o4', 40), o('o2', 20), o('o0', 0)],
      5,
    );
    expect(merged.map((m) => m.entry.key)).toEqual(['o4', 'a3', 'o2', 'a1', 'a2']);
    expect(mergeTicker([], [o('x', 1)], 5).map((m) => m.type)).toEqual(['order']);
  });
});

describe('the trends 督办 table', () => {
  const stats = (
    prefix: string,
    issued: number,
    over: Partial<SupervisionUnitStats> = {},
  ): SupervisionUnitStats => ({
    prefix,
    code: prefix.padEnd(12, '0'),
    name: null,
    level: 'city',
    issued,
    received_on_time: issued,
    answered_on_time: issued,
    returned: 0,
    overdue: 0,
    received_on_time_rate: issued ? 1 : null,
    answered_on_time_rate: issued ? 1 : null,
    returned_rate: issued ? 0 : null,
    overdue_rate: issued ? 0 : null,
    ...over,
  });

  it('puts units with orders first and tones each rate by what high means for it', () => {
    const rows = supStatsRows([
      stats('4502', 0),
      stats('4501', 10, { received_on_time: 9, received_on_time_rate: 0.9, overdue: 2, overdue_rate: 0.2 }),
    ]);
    expect(rows.map((r) => r.unit.prefix)).toEqual(['4501', '4502']);
    expect(rows[0]?.receivedOnTime).toEqual({ count: 9, rate: 0.9, tone: 'warn' });
    expect(rows[0]?.answeredOnTime.tone).toBe('good');
    expect(rows[0]?.overdue.tone).toBe('bad');
    expect(rows[0]?.returned.tone).toBe('good');
    expect(rows[1]?.overdue).toEqual({ count: 0, rate: null, tone: '' });
    expect(onTimeTone(0.79)).toBe('bad');
    expect(failureTone(0.1)).toBe('warn');
  });
});
