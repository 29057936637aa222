/** The trends page's calendar-year ranges (imported 2023 data is read by its year), in the unit's zone. */
import { describe, expect, it } from 'vitest';
import { RANGES, isRange, rangeWindow, yearRanges } from '../../dashboard/src/views/trends/drill.js';

const now = Date.parse('2026-12-03T09:00:00Z');

describe('trends: a calendar year as the range', () => {
  it('offers this year and the four before it, after the rolling ranges', () => {
    expect(yearRanges(now, 'Asia/Shanghai')).toEqual(['2026', '2025', '2024', '2023', '2022']);
    expect(RANGES).toEqual(['24h', '7d', '30d', '90d', '180d', '365d']);
    expect(isRange('2023')).toBe(true);
    expect(isRange('7d')).toBe(true);
    expect(isRange('23')).toBe(false);
    expect(isRange('2023-01')).toBe(false);
  });

  it('a past year: its local 1 January to the next, by day', () => {
    expect(rangeWindow('2023', now, 'Asia/Shanghai')).toEqual({
      from: '2022-12-31T16:00:00.000Z',
      to: '2023-12-31T16:00:00.000Z',
      bucket: 'day',
    });
    expect(rangeWindow('2023', now, 'America/Los_Angeles')).toMatchObject({
      from: '2023-01-01T08:00:00.000Z',
      to: '2024-01-01T08:00:00.000Z',
    });
  });

  it('this year ends now; rolling ranges are unchanged', () => {
    expect(rangeWindow('2026', now, 'Asia/Shanghai')).toEqual({
      from: '2025-12-31T16:00:00.000Z',
      to: '2026-12-03T09:00:00.000Z',
      bucket: 'day',
    });
    expect(rangeWindow('7d', now, 'Asia/Shanghai')).toEqual({
      from: '2026-11-26T09:00:00.000Z',
      to: '2026-12-03T09:00:00.000Z',
      bucket: 'day',
    });
  });
});
