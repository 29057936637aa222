import { describe, expect, it } from 'vitest';
import { splitByDays } from '../../server/services/rule-figures.js';

const DAY = 86_400_000;
const D = Date.UTC(2026, 10, 1); // a UTC midnight

/** Every instant in (from, to] lies in exactly one part: a whole day (d, d + 1 day] or a raw piece. */
function covers(from: number, to: number, t: number): number {
  const s = splitByDays(from, to);
  let n = 0;
  if (s.days) {
    const d = Math.ceil(t / DAY) * DAY - DAY; // the day whose (d, d + DAY] holds t
    if (d >= s.days.first && d < s.days.end) n++;
  }
  for (const [a, b] of s.raw) if (t > a && t <= b) n++;
  return n;
}

describe('splitByDays: a period (from, to] as whole UTC days and partial days', () => {
  it('keeps aligned periods whole: no raw piece', () => {
    expect(splitByDays(D, D + 3 * DAY)).toEqual({ days: { first: D, end: D + 3 * DAY }, raw: [] });
  });

  it('cuts unaligned ends off as raw pieces (Asia/Shanghai midnights are 16:00 UTC)', () => {
    const from = D - 8 * 3_600_000;
    const to = D + 2 * DAY + 16 * 3_600_000;
    expect(splitByDays(from, to)).toEqual({
      days: { first: D, end: D + 2 * DAY },
      raw: [
        [from, D],
        [D + 2 * DAY, to],
      ],
    });
  });

  it('reads less than a whole day raw, and nothing when the period is empty', () => {
    expect(splitByDays(D + 1, D + DAY + 5)).toEqual({ days: null, raw: [[D + 1, D + DAY + 5]] });
    expect(splitByDays(D, D)).toEqual({ days: null, raw: [] });
    expect(splitByDays(D + 5, D)).toEqual({ days: null, raw: [] });
  });

  it('puts every instant of the period in exactly one part, and none outside it', () => {
    const cases: Array<[number, number]> = [
      [D, D + 3 * DAY],
      [D - 1, D + 3 * DAY + 1],
      [D + 1, D + 3 * DAY - 1],
      [D - 8 * 3_600_000, D + 40 * DAY + 16 * 3_600_000],
      [D + 7, D + DAY + 7],
    ];
    for (const [from, to] of cases) {
      const probes = [from - 1, from, from + 1, to - 1, to, to + 1];
      for (let t = D - DAY; t <= D + 42 * DAY; t += DAY) probes.push(t - 1, t, t + 1, t + 3_600_000);
      for (const t of probes)
        expect([from, to, t, covers(from, to, t)]).toEqual([from, to, t, t > from && t <= to ? 1 : 0]);
    }
  });
});
