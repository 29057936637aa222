import { describe, expect, it } from 'vitest';
import {
  parseTimestamp,
  parseWallTime,
  wallTimeToEpochMs,
  zoneOffsetMs,
} from '../../ingest/importer/local-time.js';

const LA = 'America/Los_Angeles';

function utc(text: string, tz = LA, dst: 'compatible' | 'reject' = 'compatible'): string {
  const r = parseTimestamp(text, tz, dst);
  if (!r.ok) throw new Error(r.error);
  return new Date(r.ms).toISOString();
}

describe('local time → UTC', () => {
  it('reads a zone-less local time in the zone, winter and summer', () => {
    expect(utc('2023-01-01 00:00:05')).toBe('2023-01-01T08:00:05.000Z');
    expect(utc('2023-07-04 12:00:00')).toBe('2023-07-04T19:00:00.000Z');
    expect(utc('2023-01-01 00:00:05', 'Asia/Shanghai')).toBe('2022-12-31T16:00:05.000Z');
    expect(utc('2023-01-01T00:00')).toBe('2023-01-01T08:00:00.000Z');
    expect(utc('2023-01-01 00:00:05.25')).toBe('2023-01-01T08:00:05.250Z');
  });

  it('spring forward (2023-03-12, 02:00 PST → 03:00 PDT): times around and inside the gap', () => {
    expect(utc('2023-03-12 01:59:59')).toBe('2023-03-12T09:59:59.000Z');
    // 02:30 does not exist; "compatible" moves it forward by the gap, to 03:30 PDT.
    expect(utc('2023-03-12 02:30:00')).toBe('2023-03-12T10:30:00.000Z');
    expect(utc('2023-03-12 02:00:00')).toBe('2023-03-12T10:00:00.000Z');
    expect(utc('2023-03-12 03:00:00')).toBe('2023-03-12T10:00:00.000Z');
    expect(utc('2023-03-12 03:00:01')).toBe('2023-03-12T10:00:01.000Z');
    expect(parseTimestamp('2023-03-12 02:30:00', LA, 'reject')).toEqual({
      ok: false,
      error: expect.stringContaining('does not exist in America/Los_Angeles'),
    });
  });

  it('fall back (2023-11-05, 02:00 PDT → 01:00 PST): an ambiguous time resolves to the earlier instant', () => {
    expect(utc('2023-11-05 00:59:59')).toBe('2023-11-05T07:59:59.000Z');
    expect(utc('2023-11-05 01:30:00')).toBe('2023-11-05T08:30:00.000Z');
    expect(utc('2023-11-05 02:00:00')).toBe('2023-11-05T10:00:00.000Z');
    expect(parseTimestamp('2023-11-05 01:30:00', LA, 'reject')).toEqual({
      ok: false,
      error: expect.stringContaining('occurs twice'),
    });
    expect(utc('2023-11-05 00:30:00', LA, 'reject')).toBe('2023-11-05T07:30:00.000Z');
  });

  it('southern hemisphere and half-hour shifts', () => {
    // Sydney springs forward 2023-10-01 02:00 AEST → 03:00 AEDT.
    expect(utc('2023-10-01 02:30:00', 'Australia/Sydney')).toBe('2023-09-30T16:30:00.000Z');
    // Lord Howe Island shifts by 30 minutes: 02:00 → 02:30 (+10:30 → +11:00).
    expect(utc('2023-10-01 02:15:00', 'Australia/Lord_Howe')).toBe('2023-09-30T15:45:00.000Z');
    expect(utc('2023-04-02 01:45:00', 'Australia/Lord_Howe')).toBe('2023-04-01T14:45:00.000Z');
  });

  it('round-trips every quarter hour across both 2023 transition days', () => {
    for (const day of ['2023-03-12', '2023-11-05']) {
      for (let q = 0; q < 96; q++) {
        const hh = String(Math.floor(q / 4)).padStart(2, '0');
        const mm = String((q % 4) * 15).padStart(2, '0');
        const wall = parseWallTime(`${day} ${hh}:${mm}:00`);
        if (wall === null) throw new Error('unparsed');
        const r = wallTimeToEpochMs(wall, LA, 'reject');
        if (!r.ok) continue; // the gap and the overlap, covered above
        const back = new Date(r.ms + zoneOffsetMs(r.ms, LA)).toISOString().slice(0, 16);
        expect(back).toBe(`${day}T${hh}:${mm}`);
      }
    }
  });

  it('takes timestamps with an offset as they are, and explains bad ones', () => {
    expect(utc('2023-01-01T00:00:05+08:00')).toBe('2022-12-31T16:00:05.000Z');
    expect(utc('2023-01-01T00:00:05Z')).toBe('2023-01-01T00:00:05.000Z');
    for (const bad of [
      '2023-02-30 10:00:00',
      '2023-13-01 00:00:00',
      '2023-01-01 24:00:00',
      '01/02/2023 10:00',
      '',
    ]) {
      const r = parseTimestamp(bad, LA, 'compatible');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain('is not a valid date-time (expected YYYY-MM-DD HH:MM:SS');
    }
    expect(parseTimestamp('2023-01-01 10:00:00', undefined, 'compatible')).toEqual({
      ok: false,
      error: expect.stringContaining('set time_zone in the mapping'),
    });
  });
});
