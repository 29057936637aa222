import { describe, expect, it } from 'vitest';
import {
  localDateOf,
  localDayStart,
  rangeInstants,
  reportTitle,
  resolvePeriod,
} from '../../server/services/reports/period.js';

const TZ = 'Asia/Shanghai';
// 2026-12-03 00:30 in Shanghai is still 2 December in UTC: "today" must be the unit's day.
const NOW = Date.parse('2026-12-02T16:30:00Z');
const ok = (r: ReturnType<typeof resolvePeriod>) => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('report periods', () => {
  it('defaults to the last complete month, quarter and year in the unit zone', () => {
    expect(ok(resolvePeriod({ period: 'month' }, NOW, TZ))).toEqual({
      period: 'month',
      range: { from: '2026-11-01', to: '2026-11-30', label: '2026年11月' },
      previous: { from: '2026-10-01', to: '2026-10-31', label: '2026年10月' },
    });
    expect(ok(resolvePeriod({ period: 'quarter' }, NOW, TZ))).toEqual({
      period: 'quarter',
      range: { from: '2026-07-01', to: '2026-09-30', label: '2026年第三季度' },
      previous: { from: '2026-04-01', to: '2026-06-30', label: '2026年第二季度' },
    });
    expect(ok(resolvePeriod({ period: 'year' }, NOW, TZ)).range).toEqual({
      from: '2025-01-01',
      to: '2025-12-31',
      label: '2025年',
    });
  });

  it('in UTC the same instant is still 2 December: the month before is then November too, the quarter Q3', () => {
    expect(ok(resolvePeriod({ period: 'month' }, NOW, 'UTC')).range.label).toBe('2026年11月');
    // On 1 January the last complete month is December of the year before.
    const jan1 = Date.parse('2027-01-01T01:00:00+08:00');
    expect(ok(resolvePeriod({ period: 'month' }, jan1, TZ)).range).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
      label: '2026年12月',
    });
    expect(ok(resolvePeriod({ period: 'quarter' }, jan1, TZ)).range.label).toBe('2026年第四季度');
  });

  it('takes the period containing from, with February and leap years right', () => {
    const feb = ok(resolvePeriod({ period: 'month', from: '2024-02-17' }, NOW, TZ));
    expect(feb.range).toEqual({ from: '2024-02-01', to: '2024-02-29', label: '2024年2月' });
    expect(feb.previous).toEqual({ from: '2024-01-01', to: '2024-01-31', label: '2024年1月' });
    const q1 = ok(resolvePeriod({ period: 'quarter', from: '2026-02-01' }, NOW, TZ));
    expect(q1.previous).toEqual({ from: '2025-10-01', to: '2025-12-31', label: '2025年第四季度' });
  });

  it('custom: inclusive days, the previous range of the same length just before, labels', () => {
    expect(ok(resolvePeriod({ period: 'custom', from: '2026-11-03', to: '2026-12-02' }, NOW, TZ))).toEqual({
      period: 'custom',
      range: { from: '2026-11-03', to: '2026-12-02', label: '2026年11月3日至12月2日' },
      previous: { from: '2026-10-04', to: '2026-11-02', label: '2026年10月4日至11月2日' },
    });
    const across = ok(resolvePeriod({ period: 'custom', from: '2025-12-30', to: '2026-01-02' }, NOW, TZ));
    expect(across.range.label).toBe('2025年12月30日至2026年1月2日');
    expect(across.previous).toMatchObject({ from: '2025-12-26', to: '2025-12-29' });
    expect(
      ok(resolvePeriod({ period: 'custom', from: '2026-11-05', to: '2026-11-05' }, NOW, TZ)).range.label,
    ).toBe('2026年11月5日');
  });

  it('refuses what is not a period', () => {
    const bad = (r: ReturnType<typeof resolvePeriod>) => (r.ok ? 'ok' : r.error);
    expect(bad(resolvePeriod({ period: 'custom', from: '2026-11-03' }, NOW, TZ))).toMatch(
      /needs from and to/,
    );
    expect(bad(resolvePeriod({ period: 'custom', from: '2026-11-03', to: '2026-11-02' }, NOW, TZ))).toMatch(
      /before/,
    );
    expect(bad(resolvePeriod({ period: 'custom', from: '2024-01-01', to: '2026-01-01' }, NOW, TZ))).toMatch(
      /at most/,
    );
    expect(bad(resolvePeriod({ period: 'month', from: '2026-02-30' }, NOW, TZ))).toMatch(
      /not a calendar date/,
    );
    expect(bad(resolvePeriod({ period: 'month', from: '2027-01-01' }, NOW, TZ))).toMatch(/not begun/);
    expect(bad(resolvePeriod({ period: 'month', from: '2026-11-01', to: '2026-11-30' }, NOW, TZ))).toMatch(
      /from alone/,
    );
  });

  it('local dates and their instants in the zone', () => {
    expect(localDateOf(NOW, TZ)).toBe('2026-12-03');
    expect(localDateOf(NOW, 'UTC')).toBe('2026-12-02');
    expect(new Date(localDayStart('2026-11-01', TZ)).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(rangeInstants({ from: '2026-11-01', to: '2026-11-30' }, TZ)).toEqual({
      start: Date.parse('2026-10-31T16:00:00Z'),
      end: Date.parse('2026-11-30T16:00:00Z'),
    });
    // A zone with summer time: the day begins at its own offset.
    expect(new Date(localDayStart('2026-07-01', 'Europe/Berlin')).toISOString()).toBe(
      '2026-06-30T22:00:00.000Z',
    );
  });

  it('titles the report from the unit name', () => {
    expect(reportTitle('南宁市公安局', '450100000000', '2026年11月')).toBe(
      '南宁市公安局执法监督通报（2026年11月）',
    );
    expect(reportTitle(null, '450100000000', '2026年')).toBe('450100000000执法监督通报（2026年）');
  });
});
