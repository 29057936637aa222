/**
 * Scores the orchestrator — in whichever form — against the simulator's ground truth: precision and recall per
 * rule must both be 100 %. Each scenario is generated purely (fixed seed), fed in the simulator's send order in
 * batches of 1,000 (ingested_at = send time, processing time = the batch's last send time, wake-ups ticked
 * before each batch), and the clock is then advanced to the last send plus the grace. Scoring rules: see
 * alerts/replay/score.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import {
  formatScoreTable,
  isExpectedViolation,
  scoreAlerts,
  truthAlertId,
} from '../../alerts/replay/score.js';
import type { ScoreReport } from '../../alerts/replay/score.js';
import { inBatches, simulatedBackfill } from '../../alerts/replay/simulated.js';
import type { SimulatedBackfill } from '../../alerts/replay/simulated.js';
import { RULE_IDS } from '../../ingest/simulator/ground-truth.js';
import { computeGroundTruth } from '../../ingest/simulator/truth-oracle.js';
import { RULES } from '../unit/engine-helpers.js';
import type { EngineForm } from './engine-forms.js';

const DAY = 86_400_000;
const GRACE_MS = 60_000;
const BATCH = 1000;
const END = Date.parse('2026-11-26T08:00:00Z');
const allRates = (rate: number) => Object.fromEntries(RULE_IDS.map((r) => [r, rate]));

interface Run {
  feed: SimulatedBackfill;
  report: ScoreReport;
  alerts: Alert[];
}

async function score(feed: SimulatedBackfill, form: EngineForm): Promise<Run> {
  const engine = await form.create({ rules: RULES, graceMs: GRACE_MS });
  for (const batch of inBatches(feed.sends, BATCH)) {
    await engine.tick(batch.at);
    await engine.ingest(batch.events, batch.at);
  }
  await engine.tick(feed.lastSendAt + GRACE_MS);
  const alerts = await engine.alerts();
  return {
    feed,
    alerts,
    report: scoreAlerts(alerts, feed.scenario.truth, { horizon: feed.lastSendAt, ruleIds: RULE_IDS }),
  };
}

function expectPerfect(name: string, run: Run, rulesWithViolations: readonly string[]): void {
  const { feed, alerts } = run;
  const dueAfterEnd = feed.scenario.truth.filter(
    (t) => t.outcome === 'open' && isExpectedViolation(t, feed.lastSendAt),
  );
  const corrected = alerts.filter((a) => a.stage === 'overdue' && a.resolution === 'on_time').length;
  const warnings = alerts.filter((a) => a.stage === 'due_soon').length;
  console.log(
    `\n${name}: ${feed.sends.length} events, ${feed.scenario.truth.length} ground-truth entries\n` +
      formatScoreTable(run.report.rules) +
      `\nnot violations: ${corrected} overdue alerts resolved on_time, ${warnings} pre-warnings; ` +
      `${dueAfterEnd.length} obligations open at the end but due by the last send (${new Date(feed.lastSendAt).toISOString()}) count as never`,
  );
  // Re-judging `open` at the horizon is what the simulator's own oracle says at that time.
  const atHorizon = computeGroundTruth(feed.scenario.events, feed.lastSendAt)
    .filter((t) => t.outcome === 'late' || t.outcome === 'never' || t.outcome === 'violation')
    .map(truthAlertId);
  const expected = feed.scenario.truth
    .filter((t) => isExpectedViolation(t, feed.lastSendAt))
    .map(truthAlertId);
  expect(new Set(expected)).toEqual(new Set(atHorizon));
  const { falsePositives, falseNegatives, mismatches } = run.report;
  expect({ falsePositives, falseNegatives, mismatches }).toEqual({
    falsePositives: [],
    falseNegatives: [],
    mismatches: [],
  });
  for (const r of run.report.rules) {
    expect([r.rule_id, r.precision, r.recall]).toEqual([r.rule_id, 1, 1]);
  }
  const scored = run.report.rules.filter((r) => r.expected > 0).map((r) => r.rule_id);
  expect(scored).toEqual(expect.arrayContaining([...rulesWithViolations]));
}

/** R-ADM-01 and R-PRO-12 (30-day limits) rarely fall due inside a short scenario; the long one covers them. */
const SHORT = RULE_IDS.filter((r) => r !== 'R-ADM-01' && r !== 'R-PRO-12');

const SCENARIOS = [
  {
    name: '30 days, 30 chains/h, violations 0.1',
    feed: () =>
      simulatedBackfill({ seed: 20_260_301, start: END - 30 * DAY, end: END, violationRates: allRates(0.1) }),
    rules: SHORT,
  },
  {
    name: '120 days, 1.5 chains/h, violations 0.2',
    feed: () =>
      simulatedBackfill({
        seed: 11,
        start: END - 120 * DAY,
        end: END,
        ratePerHour: 1.5,
        violationRates: allRates(0.2),
        extensionRate: 0.3,
      }),
    rules: RULE_IDS,
  },
  {
    name: '10 days, 30 chains/h, violations 0.1, 30 % sent up to 2 days late, 5 % duplicates',
    feed: () =>
      simulatedBackfill({
        seed: 7,
        start: END - 10 * DAY,
        end: END,
        violationRates: allRates(0.1),
        extensionRate: 0.3,
        duplicateRate: 0.05,
        lateRate: 0.3,
        maxLateMs: 2 * DAY,
      }),
    rules: SHORT,
  },
];

/** One describe per scenario: the orchestrator in `form` scores 100 % precision and recall on every rule. */
export function simulatorScoringSuite(form: () => EngineForm): void {
  for (const scenario of SCENARIOS) {
    describe(`engine vs simulator ground truth, ${scenario.name}`, () => {
      let run: Run;
      beforeAll(async () => {
        run = await score(scenario.feed(), form());
      }, 600_000);

      it('has 100 % precision and recall for every rule', () => {
        expectPerfect(`${scenario.name} (${form().name} state)`, run, scenario.rules);
      });
    });
  }
}
