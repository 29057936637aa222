import { describe, expect, it } from 'vitest';
import { translator } from '../../dashboard/src/i18n/translate.js';
import {
  formatBucket,
  formatClock,
  formatCountdown,
  formatDateTime,
  formatDuration,
  formatShort,
  isValidTimeZone,
} from '../../dashboard/src/lib/time.js';

const at = Date.parse('2026-11-26T00:00:00.000Z');

describe('countdown formatting', () => {
  it('is mm:ss under an hour', () => {
    expect(formatCountdown(at + 4 * 60_000 + 59_000, at)).toEqual({
      text: '04:59',
      overdue: false,
      urgency: 'critical',
    });
    expect(formatCountdown(at + 59 * 60_000, at)).toMatchObject({ text: '59:00', urgency: 'soon' });
    expect(formatCountdown(at + 999, at).text).toBe('00:00');
  });

  it('is hh:mm:ss under a day and Nd hh:mm beyond', () => {
    expect(formatCountdown(at + 3_600_000, at)).toMatchObject({ text: '01:00:00', urgency: 'later' });
    expect(formatCountdown(at + 23 * 3_600_000 + 61_000, at).text).toBe('23:01:01');
    expect(formatCountdown(at + 2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000, at).text).toBe('2d 03:04');
  });

  it('counts past the deadline with a minus sign', () => {
    expect(formatCountdown(at - 90_000, at)).toEqual({ text: '-01:30', overdue: true, urgency: 'critical' });
  });
});

describe('dates not in the current year show the year (imported 2023 data)', () => {
  it('formatShort: `01-24 08:30` this year, `2023-01-24 08:30` another year, in the zone', () => {
    expect(formatShort('2026-01-24T00:30:00Z', 'Asia/Shanghai', at)).toBe('01-24 08:30');
    expect(formatShort('2023-01-24T00:30:00Z', 'Asia/Shanghai', at)).toBe('2023-01-24 08:30');
    expect(formatShort('2027-02-01T00:00:00Z', 'Asia/Shanghai', at)).toBe('2027-02-01 08:00');
    // the year is the zone's: 31 Dec 2025 17:00 UTC is already 2026 in Shanghai, still 2025 in San Diego
    expect(formatShort('2025-12-31T17:00:00Z', 'Asia/Shanghai', at)).toBe('01-01 01:00');
    expect(formatShort('2025-12-31T17:00:00Z', 'America/Los_Angeles', at)).toBe('2025-12-31 09:00');
    expect(formatShort('not a time', 'UTC', at)).toBe('—');
  });

  it('formatBucket: day buckets of another year carry it; hours never need it', () => {
    expect(formatBucket('2023-01-23T16:00:00Z', 'day', 'Asia/Shanghai', at)).toBe('2023-01-24');
    expect(formatBucket('2023-01-23T16:00:00Z', 'hour', 'Asia/Shanghai', at)).toBe('00:00');
  });
});

describe('time zone display', () => {
  it('shows Asia/Shanghai (UTC+8) by default and other zones on request', () => {
    expect(formatDateTime('2026-11-25T16:30:05Z', 'Asia/Shanghai')).toBe('2026-11-26 00:30:05');
    expect(formatDateTime('2026-11-25T16:30:05Z', 'UTC', false)).toBe('2026-11-25 16:30');
    expect(formatClock(Date.parse('2026-11-25T16:30:05Z'), 'Asia/Shanghai')).toBe('00:30:05');
    expect(formatBucket('2026-11-25T16:00:00Z', 'hour', 'Asia/Shanghai', at)).toBe('00:00');
    expect(formatBucket('2026-11-25T16:00:00Z', 'day', 'Asia/Shanghai', at)).toBe('11-26');
    expect(formatDateTime('not a time', 'UTC')).toBe('—');
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('formats durations in the UI language, two units at most', () => {
    const zh = translator('zh-CN');
    const en = translator('en');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000, zh)).toBe('3天4小时');
    expect(formatDuration(5 * 3_600_000 + 20 * 60_000, en)).toBe('5 h 20 min');
    expect(formatDuration(-12 * 60_000, zh)).toBe('12分');
    expect(formatDuration(0, en)).toBe('0 min');
  });
});
