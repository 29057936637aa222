/**
 * `npm run bench -- sources` (source health: holding alerts while a sending system is down):
 *  1. what holding changes on a simulated month with two injected outages (the pure engine with a processing
 *     clock, every source heartbeating every 5 min while up): alerts that reached the wall, false absences,
 *     final violations, held and how they were judged — against the same month without outages;
 *  2. a healthy source is not slowed: the Redis-backed engine's throughput with every source monitored (and
 *     healthy) against the same engine with no sources configured, on the same events.
 */
import path from 'node:path';
import { Redis } from 'ioredis';
import type { StoredEvent } from '../common/events.js';
import { silentLogger } from '../common/node/logger.js';
import { openRedis } from '../common/node/redis.js';
import { outageStudy } from '../alerts/replay/outage-study.js';
import type { StudyRun } from '../alerts/replay/outage-study.js';
import { simulatedBackfill } from '../alerts/replay/simulated.js';
import { readRules } from '../alerts/rules-file.js';
import { readSources, simulatorSourcesPath } from '../alerts/sources-file.js';
import { AlertOrchestrator } from '../alerts/orchestrator/index.js';
import { RedisEngineState } from '../alerts/redis/redis-state.js';
import { generateScenario } from '../ingest/simulator/scenario.js';
import { tempDir } from '../tests/helpers/system.js';
import { fmt } from './stats.js';

const H = 3_600_000;
const DAY = 24 * H;

function row(name: string, r: StudyRun): string {
  return [
    name.padEnd(26),
    String(r.raised).padStart(7),
    String(r.falseAlarms).padStart(7),
    String(r.violations.length).padStart(10),
    String(r.held).padStart(6),
    String(r.heldResolved).padStart(9),
    String(r.heldRaised).padStart(7),
    String(r.outageAlerts).padStart(7),
    `${(r.wallMs / 1000).toFixed(1)} s`.padStart(8),
  ].join(' ');
}

export async function benchSources(args: { events?: number }): Promise<void> {
  const rules = readRules(undefined);
  const catalog = readSources(simulatorSourcesPath(), rules, 'Asia/Shanghai');
  const days = 30;
  const end = Date.parse('2026-10-31T16:00:00Z'); // midnight, Beijing time
  const start = end - days * DAY;
  const feed = simulatedBackfill({ seed: 20_261_126, start, end });
  // 10:00–16:00 Beijing on day 9: the case system; 14:00–18:00 on day 20: the recording platform, whose
  // backlog comes 15 minutes after its live feed resumed
  const outages = [
    { source: 'case', from: start + 9 * DAY + 2 * H, to: start + 9 * DAY + 8 * H, backlogDelayMs: 0 },
    {
      source: 'av',
      from: start + 20 * DAY + 6 * H,
      to: start + 20 * DAY + 10 * H,
      backlogDelayMs: 15 * 60_000,
    },
  ];
  const options = { rules, catalog, graceMs: 60_000, sends: feed.sends, until: end + 2 * DAY };
  const study = await outageStudy({ ...options, outages });
  const baseline = await outageStudy({ ...options, outages: [] });
  console.log(
    `\nsources: a simulated month (${feed.sends.length} events), two outages (case 6 h with backlog, av 4 h, backlog 15 min late)`,
  );
  console.log(
    `${'run'.padEnd(26)} ${'raised'.padStart(7)} ${'false'.padStart(7)} ${'violations'.padStart(10)} ${'held'.padStart(6)} ${'held→ok'.padStart(9)} ${'held→!'.padStart(7)} ${'outage'.padStart(7)} ${'time'.padStart(8)}`,
  );
  console.log(row('no outage', baseline.without));
  console.log(row('no outage, holding on', baseline.with));
  console.log(row('outages, holding off', study.without));
  console.log(row('outages, holding on', study.with));
  console.log(`  false absences by rule, holding off: ${JSON.stringify(study.without.falseByRule)}`);
  console.log(`  false absences by rule, holding on:  ${JSON.stringify(study.with.falseByRule)}`);
  const same = JSON.stringify(study.with.violations) === JSON.stringify(study.without.violations);
  console.log(`  final violations identical with and without holding: ${same ? 'yes' : 'NO'}`);

  // 2. Healthy sources cost: the Redis shell with and without monitoring, same events.
  const dir = tempDir('bench-sources');
  const handle = await openRedis(undefined, path.join(dir, 'redis'));
  const redis = new Redis({ ...handle.options, maxRetriesPerRequest: null });
  try {
    const now = Date.now();
    const n = args.events ?? 60_000;
    const sim = generateScenario({ seed: 'bench-sources', start: now - 20 * DAY, end: now, ratePerHour: 30 });
    const stored: StoredEvent[] = sim.events
      .slice(0, n)
      .map((e) => ({ ...e, ingested_at: new Date(now).toISOString() }));
    const rate = async (withSources: boolean): Promise<number> => {
      await redis.flushall();
      const engine = new AlertOrchestrator({
        state: new RedisEngineState(redis),
        rules,
        graceMs: 60_000,
        log: silentLogger,
        sources: withSources ? catalog : undefined,
      });
      const t = performance.now();
      for (let i = 0; i < stored.length; i += 1_000) {
        await engine.ingest(stored.slice(i, i + 1_000));
        await engine.judgeSources();
      }
      return stored.length / ((performance.now() - t) / 1000);
    };
    const plain1 = await rate(false);
    const monitored1 = await rate(true);
    const plain2 = await rate(false);
    const monitored2 = await rate(true);
    const plain = Math.max(plain1, plain2);
    const monitored = Math.max(monitored1, monitored2);
    console.log(
      `  healthy sources, Redis engine (${stored.length} events, best of 2): ${fmt(monitored)} events/s monitored vs ${fmt(plain)} events/s without sources = ${((monitored / plain) * 100).toFixed(0)} %`,
    );
  } finally {
    redis.disconnect();
    await handle.stop();
  }
}
