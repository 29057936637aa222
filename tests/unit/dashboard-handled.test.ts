/**
 * 已处理 / 历史违规 (issue #18 item 6): what the duty console asks GET /api/alerts for, and the order shown.
 * The historical list asks `historical=true` (CONTRACT §6.4); the server side comes with the history work.
 */
import { describe, expect, it } from 'vitest';
import { buildQuery } from '../../dashboard/src/api/client.js';
import { handledOrder, handledQuery } from '../../dashboard/src/lib/handled.js';
import { alert } from '../../dashboard/tests/fixtures.js';

describe('handled alert lists', () => {
  it('asks for the recent resolved alerts, or for the historical violations', () => {
    expect(buildQuery(handledQuery('resolved'))).toBe('?state=resolved&limit=500');
    expect(buildQuery(handledQuery('historical'))).toBe('?historical=true&limit=500');
  });

  it('shows the latest resolution first, or the latest violation first', () => {
    const list = [
      alert({
        alert_id: 'a',
        seq: 1,
        resolved_at: '2026-11-26T01:00:00.000Z',
        due_at: '2026-11-20T00:00:00.000Z',
      }),
      alert({
        alert_id: 'b',
        seq: 2,
        resolved_at: '2026-11-26T03:00:00.000Z',
        due_at: '2026-11-19T00:00:00.000Z',
      }),
      alert({
        alert_id: 'c',
        seq: 3,
        resolved_at: '2026-11-26T02:00:00.000Z',
        due_at: '2026-11-21T00:00:00.000Z',
      }),
    ];
    expect(handledOrder('resolved', list).map((a) => a.alert_id)).toEqual(['b', 'c', 'a']);
    expect(handledOrder('historical', list).map((a) => a.alert_id)).toEqual(['c', 'a', 'b']);
  });
});
