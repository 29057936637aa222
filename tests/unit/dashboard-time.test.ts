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
  const zh = translator('zh-CN');
  const en = translator('en');

  it('is one unambiguous format in words: 26分 beside 10时43分 never reads as 26 hours', () => {
    expect(formatCountdown(at + 26 * 60_000 + 34_000, at, zh)).toEqual({
      text: '26分',
      overdue: false,
      urgency: 'soon',
    });
    expect(formatCountdown(at + 10 * 3_600_000 + 43 * 60_000 + 45_000, at, zh)).toMatchObject({
      text: '10时43分',
      urgency: 'later',
    });
    expect(formatCountdown(at + 3_600_000, at, zh).text).toBe('1时00分');
    expect(formatCountdown(at + 2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000, at, zh).text).toBe('2天3时');
    expect(formatCountdown(at + 59_000, at, zh).text).toBe('不到1分');
    expect(formatCountdown(at + 10 * 3_600_000 + 43 * 60_000, at, en).text).toBe('10 h 43 min');
    expect(formatCountdown(at + 26 * 60_000, at, en).text).toBe('26 min');
  });

  it('tells urgency apart by colour class: under 15 min critical, under an hour soon', () => {
    expect(formatCountdown(at + 14 * 60_000, at, zh).urgency).toBe('critical');
    expect(formatCountdown(at + 59 * 60_000, at, zh).urgency).toBe('soon');
    expect(formatCountdown(at + 61 * 60_000, at, zh).urgency).toBe('later');
  });

  it('counts the time since the deadline once past, with overdue set', () => {
    expect(formatCountdown(at - 90 * 60_000, at, zh)).toEqual({
      text: '1时30分',
      overdue: true,
      urgency: 'critical',
    });
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
