/**
 * Holding on a simulated week with two injected outages (the closing-note figures come from the same study
 * over a month: `npm run bench -- sources`): the final violations are the same with and without holding, and
 * holding removes the false absences the wall would otherwise have shown.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { outageStudy } from '../../alerts/replay/outage-study.js';
import { simulatedBackfill } from '../../alerts/replay/simulated.js';
import { readSources, simulatorSourcesPath } from '../../alerts/sources-file.js';
import { GRACE, H, RULES } from './engine-helpers.js';

const DAY = 24 * H;
/** Midnight in Beijing. */
const END = Date.parse('2026-10-07T16:00:00Z');
const START = END - 7 * DAY;

describe('a simulated week with a 6-hour case-system outage and a 4-hour recording-platform outage', () => {
  const catalog = readSources(simulatorSourcesPath(), RULES, 'Asia/Shanghai');
  const feed = simulatedBackfill({ seed: 606, start: START, end: END });
  const outages = [
    { source: 'case', from: START + 3 * DAY + 2 * H, to: START + 3 * DAY + 8 * H, backlogDelayMs: 0 },
    {
      source: 'av',
      from: START + 5 * DAY + 6 * H,
      to: START + 5 * DAY + 10 * H,
      backlogDelayMs: 15 * 60_000,
    },
  ];
  const options = { rules: RULES, catalog, graceMs: GRACE, sends: feed.sends, until: END + DAY };
  let study: Awaited<ReturnType<typeof outageStudy>>;
  let baseline: Awaited<ReturnType<typeof outageStudy>>['without'];
  beforeAll(async () => {
    study = await outageStudy({ ...options, outages });
    // the same week without outages: the simulator also sends some follow-ups late (2 %, ≤ 30 min), and an
    // alert raised before such a follow-up arrives is resolved on_time — holding is not meant to hide those
    baseline = (await outageStudy({ ...options, outages: [] })).without;
  }, 300_000);

  it('ends with exactly the same violations, none held', () => {
    expect(study.with.violations).toEqual(study.without.violations);
    expect(study.with.violations.length).toBeGreaterThan(0);
  });

  it('holds what the outages would have raised falsely, and raises one outage alert per outage', () => {
    expect(study.without.falseAlarms).toBeGreaterThan(baseline.falseAlarms + 5);
    expect(study.with.falseAlarms).toBeLessThanOrEqual(baseline.falseAlarms);
    expect(study.with.violations).toEqual(baseline.violations);
    expect(study.with.held).toBeGreaterThan(0);
    expect(study.with.heldResolved).toBeGreaterThan(0);
    expect(study.with.outageAlerts).toBe(2);
    expect(study.without.outageAlerts).toBe(0);
  });
});
