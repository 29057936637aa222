import { describe, expect, it } from 'vitest';
import { AlertBook, changeKind } from '../../dashboard/src/stores/alert-book.js';
import { RingBuffer } from '../../dashboard/src/stores/ring-buffer.js';
import { alert } from '../../dashboard/tests/fixtures.js';

const ids = (book: AlertBook) =>
  book
    .list()
    .map((a) => a.alert_id)
    .sort();

describe('AlertBook: snapshot then deltas', () => {
  it('loads the snapshot and applies newer deltas', () => {
    const book = new AlertBook({ now: () => 0 });
    book.loadSnapshot([alert({ alert_id: 'a', seq: 3 }), alert({ alert_id: 'b', seq: 5 })], 7);
    expect(ids(book)).toEqual(['a', 'b']);
    expect(book.maxSeq).toBe(7);
    expect(book.apply(alert({ alert_id: 'c', seq: 8, severity: 'P1' }))).toBe('raised');
    expect(
      book.apply(alert({ alert_id: 'a', seq: 9, state: 'acknowledged', acknowledged_by: 'zhang' })),
    ).toBe('acknowledged');
    expect(book.get('a')?.state).toBe('acknowledged');
    expect(book.maxSeq).toBe(9);
    expect(book.counts()).toMatchObject({ P1: 1, P2: 2, acknowledged: 1, total: 3, open: { P1: 1, P2: 1 } });
  });

  it('ignores a delta at or below the snapshot seq, and one older than the alert it would replace', () => {
    const book = new AlertBook();
    book.loadSnapshot([alert({ alert_id: 'a', seq: 10 })], 12);
    expect(book.apply(alert({ alert_id: 'x', seq: 11 }))).toBeNull();
    expect(book.apply(alert({ alert_id: 'a', seq: 13, state: 'acknowledged' }))).toBe('acknowledged');
    expect(book.apply(alert({ alert_id: 'a', seq: 13, state: 'acknowledged' }))).toBeNull();
    expect(book.apply(alert({ alert_id: 'a', seq: 12, state: 'open' }))).toBeNull();
    expect(book.get('a')?.state).toBe('acknowledged');
    expect(book.size).toBe(1);
  });

  it('takes resolved alerts out of the active list and does not bring them back with a stale delta', () => {
    const book = new AlertBook();
    book.loadSnapshot([alert({ alert_id: 'a', seq: 1 }), alert({ alert_id: 'b', seq: 2 })], 2);
    expect(book.apply(alert({ alert_id: 'a', seq: 5, state: 'resolved', resolution: 'late' }))).toBe(
      'resolved',
    );
    expect(ids(book)).toEqual(['b']);
    expect(book.apply(alert({ alert_id: 'a', seq: 4, state: 'acknowledged' }))).toBeNull();
    expect(ids(book)).toEqual(['b']);
    // A genuinely newer change (re-raised) does come back.
    expect(book.apply(alert({ alert_id: 'a', seq: 6 }))).toBe('raised');
    expect(ids(book)).toEqual(['a', 'b']);
  });

  it('applies a resumed batch in seq order whatever order it came in, skipping what live deltas already gave', () => {
    const book = new AlertBook();
    book.loadSnapshot([alert({ alert_id: 'a', seq: 1 })], 1);
    book.apply(alert({ alert_id: 'b', seq: 3 }));
    const applied = book.applyResume(
      [
        alert({ alert_id: 'a', seq: 4, state: 'resolved', resolution: 'on_time' }),
        alert({ alert_id: 'a', seq: 2, state: 'acknowledged' }),
        alert({ alert_id: 'b', seq: 3 }),
        alert({ alert_id: 'c', seq: 5, stage: 'due_soon' }),
        alert({ alert_id: 'c', seq: 6, stage: 'overdue' }),
      ],
      9,
    );
    expect(applied.map((c) => `${c.alert.alert_id}:${c.kind}`)).toEqual([
      'a:acknowledged',
      'a:resolved',
      'c:raised',
      'c:escalated',
    ]);
    expect(ids(book)).toEqual(['b', 'c']);
    expect(book.get('c')?.stage).toBe('overdue');
    expect(book.maxSeq).toBe(9);
  });

  it('keeps the ticker bounded, newest first, and seeds it from the snapshot', () => {
    const book = new AlertBook({ tickerSize: 3, now: () => 1000 });
    book.loadSnapshot(
      [
        alert({ alert_id: 'old', seq: 1, opened_at: '2026-11-25T00:00:00.000Z' }),
        alert({ alert_id: 'new', seq: 2, opened_at: '2026-11-26T00:00:00.000Z' }),
      ],
      2,
    );
    expect(book.ticker.newestFirst().map((e) => e.alert.alert_id)).toEqual(['new', 'old']);
    for (let i = 0; i < 10; i += 1) book.apply(alert({ alert_id: `n${i}`, seq: 10 + i }));
    expect(book.ticker.size).toBe(3);
    expect(book.ticker.newestFirst().map((e) => e.alert.alert_id)).toEqual(['n9', 'n8', 'n7']);
  });

  it('counts pre-warnings apart and groups overdue alerts by rule', () => {
    const book = new AlertBook();
    book.loadSnapshot(
      [
        alert({ alert_id: 'a', seq: 1, stage: 'due_soon' }),
        alert({ alert_id: 'b', seq: 2, rule_id: 'R-PER-16', severity: 'P1', title: '办案区滞留超时' }),
        alert({ alert_id: 'c', seq: 3, rule_id: 'R-PER-16', severity: 'P1', title: '办案区滞留超时' }),
        alert({ alert_id: 'd', seq: 4 }),
      ],
      4,
    );
    expect(book.counts()).toMatchObject({ dueSoon: 1, P1: 2, P2: 1, total: 3 });
    expect(book.byRule()).toEqual([
      { ruleId: 'R-PER-16', title: '办案区滞留超时', count: 2 },
      { ruleId: 'R-INC-01', title: '案件类警情超期未接报案登记', count: 1 },
    ]);
  });

  it('bounds the memory of resolved ids', () => {
    const book = new AlertBook({ tombstoneLimit: 2 });
    book.loadSnapshot([], 0);
    for (const id of ['a', 'b', 'c'])
      book.apply(alert({ alert_id: id, seq: id.charCodeAt(0), state: 'resolved' }));
    expect(book.knownSeq('a')).toBe(0);
    expect(book.knownSeq('c')).toBe('c'.charCodeAt(0));
  });

  it('names what a change did', () => {
    const open = alert({ alert_id: 'a', seq: 1, stage: 'due_soon' });
    expect(changeKind(undefined, open)).toBe('raised');
    expect(changeKind(open, { ...open, seq: 2, stage: 'overdue' })).toBe('escalated');
    expect(changeKind(open, { ...open, seq: 2, state: 'acknowledged' })).toBe('acknowledged');
    expect(changeKind(open, { ...open, seq: 2, state: 'resolved' })).toBe('resolved');
    expect(changeKind(open, { ...open, seq: 2, due_at: '2026-12-01T00:00:00.000Z' })).toBe('updated');
  });
});

describe('RingBuffer', () => {
  it('drops the oldest beyond capacity and lists newest first', () => {
    const r = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i += 1) r.push(i);
    expect(r.size).toBe(3);
    expect(r.newestFirst()).toEqual([5, 4, 3]);
    expect(r.newestFirst(2)).toEqual([5, 4]);
    r.clear();
    expect(r.newestFirst()).toEqual([]);
    expect(() => new RingBuffer(0)).toThrow();
  });
});
