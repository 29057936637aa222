/**
 * The pure replay on a simulator backfill: its per-rule violations over [start, end] are the ground truth's,
 * whatever rule set is the baseline, and a changed threshold moves exactly the counts it should.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeadlineRule, Rule } from '../../common/rules.js';
import { diffResults, replay, type ReplaySummary } from '../../alerts/replay/replay.js';
import { simulatedBackfill, type SimulatedBackfill } from '../../alerts/replay/simulated.js';
import { RULE_IDS } from '../../ingest/simulator/ground-truth.js';
import { D, GRACE, H, RULES } from './engine-helpers.js';

const END = Date.parse('2026-11-26T08:00:00Z');
const START = END - 7 * D;

/** The default rules with R-INC-13's limit changed. */
function inc13Limit(duration: string): Rule[] {
  return RULES.map((r) => {
    if (r.id !== 'R-INC-13') return r;
    const rule = structuredClone(r) as DeadlineRule;
    rule.limit = { duration };
    return rule;
  });
}

let feed: SimulatedBackfill;
let summary: ReplaySummary;
beforeAll(async () => {
  feed = simulatedBackfill({
    seed: 41,
    start: START,
    end: END,
    ratePerHour: 10,
    violationRates: Object.fromEntries(RULE_IDS.map((r) => [r, 0.1])),
  });
  summary = await replay(
    [
      { name: 'candidate', rules: inc13Limit('48h') },
      { name: 'baseline', rules: RULES },
    ],
    feed.sends.map((s) => s.event),
    { from: START, to: END, graceMs: GRACE },
  );
}, 120_000);

describe('replay of a simulator backfill', () => {
  it('finds exactly the ground-truth violations per rule (default rules)', () => {
    const expected = new Map<string, number>(RULE_IDS.map((r) => [r, 0]));
    const at = new Map(feed.scenario.events.map((e) => [e.event_id, Date.parse(e.occurred_at)]));
    for (const t of feed.scenario.truth) {
      // Bails and surveillances begun before the window (and done by auxiliaries alone) are not in it.
      const violation =
        (t.kind === 'condition' && at.get(t.trigger_event_id)! >= START) ||
        ((t.outcome === 'late' || t.outcome === 'never') && Date.parse(t.due_at) <= END);
      if (violation) expected.set(t.rule_id, (expected.get(t.rule_id) ?? 0) + 1);
    }
    const base = summary.results[1]!;
    expect(new Map(base.perRule.map((r) => [r.rule_id, r.violations]))).toEqual(expected);
    expect(base.totals.violations).toBeGreaterThan(300);
    expect(summary.events).toBe(feed.sends.length);
  });

  it('a 48 h R-INC-13 limit removes exactly the feedback delays between 24 and 48 h', () => {
    const [cand, base] = summary.results;
    let between = 0; // late by the 24 h limit, on time by 48 h, or never and due by 48 h before the end
    const closed = new Map<string, number>();
    for (const e of feed.scenario.events)
      if (e.type === 'incident.closed' && e.incident_id) closed.set(e.incident_id, Date.parse(e.occurred_at));
    let stillDue = 0; // with 48 h, due after the end: not reported in the window any more
    for (const t of feed.scenario.truth) {
      if (t.rule_id !== 'R-INC-13' || !(t.outcome === 'late' || t.outcome === 'never')) continue;
      const due48 = Date.parse(t.due_at) + 24 * H;
      const at = closed.get(t.subject.incident_id ?? '');
      if (due48 > END) stillDue += 1;
      else if (at !== undefined && at <= due48) between += 1;
    }
    const diff = diffResults(base!, cand!);
    const inc13 = diff.find((d) => d.rule_id === 'R-INC-13')!;
    expect(between + stillDue).toBeGreaterThan(0);
    expect(inc13.delta.violations).toBe(-(between + stillDue));
    expect(diff.filter((d) => d.rule_id !== 'R-INC-13').every((d) => d.delta.violations === 0)).toBe(true);
  });
});
