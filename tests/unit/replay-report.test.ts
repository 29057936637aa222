/** Replay CLI parsing and the text / JSON report. */
import { describe, expect, it } from 'vitest';
import { parseReplayCli, parseWhen } from '../../alerts/replay/cli.js';
import { emptyCounts, type ReplaySummary } from '../../alerts/replay/replay.js';
import { formatReplay, replayJson } from '../../alerts/replay/report.js';
import { formatScoreTable } from '../../alerts/replay/score.js';

const DAY = 86_400_000;

describe('replay CLI', () => {
  it('reads dates as days in UTC+8, --to inclusive of the whole day', () => {
    expect(parseWhen('2026-11-01', false)).toBe(Date.parse('2026-10-31T16:00:00Z'));
    expect(parseWhen('2026-11-30', true)).toBe(Date.parse('2026-11-30T16:00:00Z') - 1);
    expect(parseWhen('2026-11-01T08:00:00+08:00', false)).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(() => parseWhen('2026-11-01T08:00:00', false)).toThrow(/offset/);
    expect(() => parseWhen('yesterday', false)).toThrow();
  });

  it('parses every option, --baseline meaning the default rules', () => {
    const cli = parseReplayCli(
      [
        '--rules',
        'r.json',
        '--from',
        '2026-11-01',
        '--to',
        '2026-11-30',
        '--grace',
        '120',
        '--json',
        'o.json',
      ],
      'default.json',
    );
    expect(cli).toMatchObject({ rules: 'r.json', graceSeconds: 120, json: 'o.json' });
    expect(cli.baseline).toBeUndefined();
    const base = ['--rules', 'r.json', '--from', '2026-11-01', '--to', '2026-11-02'];
    expect(parseReplayCli([...base, '--baseline'], 'default.json').baseline).toBe('default.json');
    expect(parseReplayCli([...base, '--baseline-rules', 'b.json'], 'd.json').baseline).toBe('b.json');
    expect(parseReplayCli([...base, '--lookback', '60d'], 'd.json').lookbackMs).toBe(60 * DAY);
  });

  it('rejects what it cannot use', () => {
    const base = ['--rules', 'r.json', '--from', '2026-11-02', '--to', '2026-11-02'];
    expect(() => parseReplayCli(['--rules', 'r.json'], 'd')).toThrow(/required/);
    expect(() => parseReplayCli(['--rules', 'r', '--from', '2026-11-03', '--to', '2026-11-02'], 'd')).toThrow(
      /before/,
    );
    expect(() => parseReplayCli([...base, '--grace', '-1'], 'd')).toThrow(/grace/);
    expect(() => parseReplayCli([...base, '--lookback', 'a month'], 'd')).toThrow(/lookback/);
    expect(() => parseReplayCli([...base, '--bogus'], 'd')).toThrow();
  });
});

const counts = (violations: number, overdue = violations) => ({ ...emptyCounts(), violations, overdue });
const SUMMARY: ReplaySummary = {
  from: Date.parse('2026-11-01T00:00:00Z'),
  to: Date.parse('2026-11-30T00:00:00Z'),
  graceMs: 60_000,
  events: 1234,
  clock: Date.parse('2026-11-30T00:01:00Z'),
  results: [
    {
      name: 'candidate',
      totals: counts(3),
      perRule: [
        { rule_id: 'R-PER-16', ...counts(1) },
        { rule_id: 'R-INC-13', ...counts(2) },
      ],
      perUnit: [{ unit: '4501', ...counts(3) }],
      alerts: [],
    },
    {
      name: 'baseline',
      totals: counts(5),
      perRule: [
        { rule_id: 'R-PER-16', ...counts(3) },
        { rule_id: 'R-INC-13', ...counts(2) },
      ],
      perUnit: [{ unit: '4501', ...counts(5) }],
      alerts: [],
    },
  ],
};

describe('replay report', () => {
  const ctx = { lookbackMs: 30 * DAY, unitNames: new Map([['4501', '南宁市公安局']]) };

  it('prints per rule, per city with names, and the difference', () => {
    const text = formatReplay(SUMMARY, ctx);
    expect(text).toContain('events from 2026-10-02T00:00:00.000Z');
    expect(text).toMatch(/== candidate: per rule/);
    expect(text).toMatch(/4501 南宁市公安局\s+3/);
    expect(text).toMatch(/R-PER-16\s+3 → 1 \(-2\)\s+3 → 1 \(-2\)/);
    expect(text).toMatch(/R-INC-13\s+2\s+2/);
  });

  it('writes the same numbers as JSON', () => {
    const json = replayJson(SUMMARY, ctx) as {
      diff: { rule_id: string; delta: { violations: number } }[];
      results: { per_unit: { name: string }[] }[];
    };
    expect(json.diff.map((d) => [d.rule_id, d.delta.violations])).toEqual([
      ['R-PER-16', -2],
      ['R-INC-13', 0],
    ]);
    expect(json.results[0]!.per_unit[0]!.name).toBe('南宁市公安局');
  });

  it('the scoring table totals the rules', () => {
    const table = formatScoreTable([
      { rule_id: 'R-A', expected: 2, raised: 2, tp: 2, fp: 0, fn: 0, precision: 1, recall: 1 },
      { rule_id: 'R-B', expected: 2, raised: 1, tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 },
    ]);
    expect(table.split('\n').at(-1)).toMatch(/^all\s+4\s+3\s+3\s+0\s+1\s+100\.0%\s+75\.0%$/);
  });
});
