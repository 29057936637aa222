/** The pure replay (alerts/replay/replay.ts): counts per rule and city, window, thresholds, baseline diff. */
import { describe, expect, it } from 'vitest';
import type { PoliceEvent } from '../../common/events.js';
import type { DeadlineRule, Rule } from '../../common/rules.js';
import {
  diffResults,
  limitReachMs,
  replay,
  ruleHorizonMs,
  type RuleSet,
} from '../../alerts/replay/replay.js';
import { D, GRACE, H, MIN, RULES, T0, ev, iso } from './engine-helpers.js';

type Timed = PoliceEvent & { ingested_at: string };
/** The event as stored: ingested `lag` after it occurred. */
const stored = (e: PoliceEvent, lag = 0): Timed => ({
  ...e,
  ingested_at: iso(Date.parse(e.occurred_at) + lag),
});
const byIngest = (events: Timed[]): Timed[] =>
  [...events].sort((a, b) => Date.parse(a.ingested_at) - Date.parse(b.ingested_at));

/** The default rules with R-PER-16's admin_questioning limit set to `limit`. */
function withAdminLimit(limit: string): Rule[] {
  return RULES.map((r) => {
    if (r.id !== 'R-PER-16' || r.kind !== 'deadline') return r;
    const rule = structuredClone(r) as DeadlineRule;
    rule.limit.values = { ...rule.limit.values, admin_questioning: limit };
    return rule;
  });
}

const NANNING = '450103520000';
const GUILIN = '450302500000';
function stay(id: string, at: number, leftAfter: number | null, unit = NANNING): PoliceEvent[] {
  const entered = ev('area.entered', at, {
    stay_id: id,
    person_id: `P-${id}`,
    unit_code: unit,
    attrs: { basis: 'admin_questioning' },
  });
  if (leftAfter === null) return [entered];
  return [entered, ev('area.left', at + leftAfter, { stay_id: id, person_id: `P-${id}`, unit_code: unit })];
}

// 8 h limit by default: A leaves after 9 h (late), B after 7 h (on time), C never (open), D in Guilin late.
const STAYS = [
  ...stay('A', T0, 9 * H),
  ...stay('B', T0 + H, 7 * H),
  ...stay('C', T0 + 2 * H, null),
  ...stay('D', T0 + 3 * H, 9.5 * H, GUILIN),
].map((e) => stored(e));
const WINDOW = { from: T0, to: T0 + 2 * D, graceMs: GRACE };
const baseline: RuleSet = { name: 'baseline', rules: RULES };
const candidate: RuleSet = { name: 'candidate', rules: withAdminLimit('10h') };

describe('replay', () => {
  it('counts what each rule set raises, per rule and per city', async () => {
    const s = await replay([baseline], byIngest(STAYS), WINDOW);
    const r = s.results[0]!;
    expect(r.perRule.find((x) => x.rule_id === 'R-PER-16')).toEqual({
      rule_id: 'R-PER-16',
      violations: 3,
      overdue: 3,
      late: 2,
      on_time: 0,
      open: 1,
      warned: 4,
    });
    expect(r.perRule.map((x) => x.rule_id)).toEqual(RULES.map((x) => x.id));
    expect(r.totals.violations).toBe(3);
    expect(r.perUnit.map((u) => [u.unit, u.violations])).toEqual([
      ['4501', 2],
      ['4503', 1],
    ]);
    expect(s.events).toBe(STAYS.length);
    expect(s.clock).toBe(WINDOW.to + GRACE);
  });

  it('a longer limit raises fewer alerts, and the diff says so per rule', async () => {
    const s = await replay([candidate, baseline], byIngest(STAYS), WINDOW);
    const [cand, base] = s.results;
    expect(cand!.perRule.find((x) => x.rule_id === 'R-PER-16')).toMatchObject({
      violations: 1,
      late: 0,
      open: 1,
    });
    const diff = diffResults(base!, cand!);
    const stays = diff.find((d) => d.rule_id === 'R-PER-16')!;
    expect(stays.delta).toMatchObject({ violations: -2, overdue: -2, late: -2, open: 0 });
    expect(diff.filter((d) => d.rule_id !== 'R-PER-16').every((d) => d.delta.violations === 0)).toBe(true);
  });

  it('a shorter limit raises more', async () => {
    const strict: RuleSet = { name: 'strict', rules: withAdminLimit('6h') };
    const s = await replay([strict], byIngest(STAYS), WINDOW);
    expect(s.results[0]!.perRule.find((x) => x.rule_id === 'R-PER-16')).toMatchObject({
      violations: 4,
      late: 3,
    });
  });

  it('a disabled rule raises nothing and is not listed', async () => {
    const off: RuleSet = {
      name: 'off',
      rules: RULES.map((r) => (r.id === 'R-PER-16' ? { ...r, enabled: false } : r)),
    };
    const s = await replay([off], byIngest(STAYS), WINDOW);
    expect(s.results[0]!.perRule.some((x) => x.rule_id === 'R-PER-16')).toBe(false);
    expect(s.results[0]!.totals.violations).toBe(0);
  });

  it('reports only alerts due in [from, to] and ignores events after `to`', async () => {
    const early = stay('E', T0 - 2 * D, null).map((e) => stored(e)); // due before `from`
    const late = stay('F', WINDOW.to - 9 * H, 9 * H + MIN).map((e) => stored(e)); // left after `to`
    const s = await replay([baseline], byIngest([...early, ...late]), WINDOW);
    const alerts = s.results[0]!.alerts;
    expect(alerts.map((a) => [a.subject.stay_id, a.state])).toEqual([['F', 'open']]);
  });

  it('counts an alert found compliant afterwards as on_time, not as a violation', async () => {
    const [entered, left] = stay('G', T0, 7 * H);
    // The departure, on time, is recorded only two days later, after the alert was raised.
    const events = [stored(entered!), stored(left!, 2 * D)];
    const s = await replay([baseline], byIngest(events), WINDOW);
    expect(s.results[0]!.perRule.find((x) => x.rule_id === 'R-PER-16')).toMatchObject({
      overdue: 1,
      on_time: 1,
      violations: 0,
      open: 0,
    });
  });

  it('the horizon of the default catalogue reaches back over a 12-month bail (R-PER-06)', () => {
    // 12 months of at most 31 days, plus the uncounted first day.
    expect(ruleHorizonMs(RULES)).toBe((12 * 31 + 1) * D);
    expect(ruleHorizonMs(withAdminLimit('400d'))).toBe(401 * D); // a period of whole days
  });

  it('a limit reaches its exact duration, or a bound of its period on its calendar', () => {
    expect(limitReachMs('24h', 'holiday_end')).toBe(24 * H);
    expect(limitReachMs('3d', 'natural')).toBe(4 * D);
    // A last day moved past a holiday: the longest run of rest days (9, Spring Festival 2026) fits in 14.
    expect(limitReachMs('3d', 'holiday_end')).toBe((4 + 14) * D);
    expect(limitReachMs('7d', 'workdays')).toBe((16 + 14) * D);
    expect(limitReachMs('6mo', 'natural')).toBe(187 * D);
    expect(limitReachMs('nonsense', 'natural')).toBe(0);
  });
});
