/**
 * Replay against a real (embedded) ClickHouse: a small simulator backfill stored in `events`, replayed through
 * replayStored with the real client, must give exactly what the orchestrator over a memory state fed the same events gives;
 * then the CLI (`npm run replay`) on the same data directory prints and writes the same numbers.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { openClickHouse, type ClickHouseHandle } from '../../common/node/clickhouse.js';
import { migrate } from '../../common/node/migrate.js';
import type { DeadlineRule, Rule } from '../../common/rules.js';
import type { EngineEvent } from '../../alerts/engine/index.js';
import { memoryEngine } from '../../alerts/orchestrator/index.js';
import { replayStored } from '../../alerts/replay/clickhouse-source.js';
import { ruleHorizonMs, type ReplaySummary } from '../../alerts/replay/replay.js';
import { simulatedBackfill, type SimulatedBackfill } from '../../alerts/replay/simulated.js';
import { RULE_IDS } from '../../ingest/simulator/ground-truth.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { insertEventRows, toRow } from '../../ingest/store/event-store.js';
import { ingestMigrations } from '../../ingest/store/migrations.js';
import { saveUnits } from '../../ingest/store/units-store.js';
import { RULES } from '../unit/engine-helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DAY = 86_400_000;
const GRACE = 60_000;
const END = Date.parse('2026-11-26T08:00:00Z');
const FROM = END - 4 * DAY;
const TO = END - 12 * 3_600_000;

const candidateRules: Rule[] = RULES.map((r) => {
  if (r.id !== 'R-INC-13') return r;
  const rule = structuredClone(r) as DeadlineRule;
  rule.limit = { duration: '48h' };
  return rule;
});

let dir: string;
let ch: ClickHouseHandle | undefined;
let feed: SimulatedBackfill;
let stored: ReplaySummary & { lookbackMs: number };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-replay-'));
  ch = await openClickHouse({ database: 'vigil', dataDir: dir });
  await migrate(ch.client, ingestMigrations);
  await saveUnits(ch.client, guangxiUnits());
  feed = simulatedBackfill({
    seed: 2026,
    start: END - 6 * DAY,
    end: END,
    ratePerHour: 8,
    violationRates: Object.fromEntries(RULE_IDS.map((r) => [r, 0.15])),
    duplicateRate: 0.02,
  });
  // The pipeline stores an event_id once (the first time it is sent); the in-memory run gets the duplicates too.
  const first = new Map(feed.sends.toReversed().map((s) => [s.event.event_id, s.event]));
  const rows = [...first.values()].map((e, i) => toRow(e, e.ingested_at!, `batch-${Math.floor(i / 1000)}`));
  for (let i = 0; i < rows.length; i += 5000) await insertEventRows(ch.client, rows.slice(i, i + 5000));
  stored = await replayStored(
    ch.client,
    [
      { name: 'candidate', rules: candidateRules },
      { name: 'baseline', rules: RULES },
    ],
    { from: FROM, to: TO, graceMs: GRACE, chunkRows: 700 },
  );
}, 180_000);

afterAll(async () => {
  await ch?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The orchestrator over a memory state on the same events, driven directly: by ingest time, through every wake-up. */
async function inMemory(rules: readonly Rule[]): Promise<Alert[]> {
  const key = (e: EngineEvent): string => `${e.ingested_at}|${e.event_id}`;
  const events = feed.sends
    .map((s) => s.event)
    .filter((e) => Date.parse(e.occurred_at) <= TO)
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const engine = memoryEngine(rules, { graceMs: GRACE });
  let last = 0;
  for (let i = 0; i < events.length;) {
    const at = events[i]!.ingested_at!;
    let j = i;
    while (j < events.length && events[j]!.ingested_at === at) j++;
    last = Date.parse(at);
    for (let w = await engine.nextWakeAt(); w !== null && w < last; w = await engine.nextWakeAt())
      await engine.tick(w);
    await engine.tick(last);
    await engine.ingest(events.slice(i, j), last);
    i = j;
  }
  await engine.tick(Math.max(TO, last) + GRACE);
  return engine.state.allAlerts().filter((a) => Date.parse(a.due_at) >= FROM && Date.parse(a.due_at) <= TO);
}

function perRule(alerts: readonly Alert[]): Record<string, [number, number, number, number]> {
  const out: Record<string, [number, number, number, number]> = {};
  for (const a of alerts) {
    if (a.stage !== 'overdue') continue;
    const c = (out[a.rule_id] ??= [0, 0, 0, 0]);
    c[0] += 1;
    if (a.resolution === 'late') c[1] += 1;
    if (a.resolution === 'on_time') c[2] += 1;
    if (a.state !== 'resolved') c[3] += 1;
  }
  return out;
}

describe('replay from ClickHouse', () => {
  it('equals the orchestrator in memory on the same events, per rule and alert by alert', async () => {
    for (const [i, result] of stored.results.entries()) {
      const expected = await inMemory(i === 0 ? candidateRules : RULES);
      const counts = Object.fromEntries(
        result.perRule
          .filter((r) => r.overdue > 0)
          .map((r) => [r.rule_id, [r.overdue, r.late, r.on_time, r.open]]),
      );
      expect(counts).toEqual(perRule(expected));
      expect(result.alerts).toEqual(expected);
    }
    expect(stored.results[1]!.totals.violations).toBeGreaterThan(100);
    const inc13 = (k: number) => stored.results[k]!.perRule.find((r) => r.rule_id === 'R-INC-13')!.violations;
    expect(inc13(0)).toBeLessThan(inc13(1));
  });

  it("reads the events of [from − the rules' horizon, to] only, in chunks", () => {
    const inWindow = new Set(
      feed.sends.filter((s) => Date.parse(s.event.occurred_at) <= TO).map((s) => s.event.event_id),
    );
    expect(stored.events).toBe(inWindow.size);
    expect(feed.sends.length).toBeGreaterThan(inWindow.size + 100); // duplicates and events after `to`
    expect(stored.lookbackMs).toBe(ruleHorizonMs(RULES));
    expect(stored.lookbackMs).toBeGreaterThan(365 * DAY); // a 12-month bail (R-PER-06)
  });

  it('the CLI prints the same numbers and writes them as JSON', async () => {
    await ch!.close(); // chDB: one process per data directory
    ch = undefined;
    const rulesFile = path.join(dir, 'candidate.json');
    const jsonFile = path.join(dir, 'out.json');
    await writeFile(rulesFile, JSON.stringify({ version: 1, rules: candidateRules }), 'utf8');
    const args = ['tsx', 'alerts/replay.main.ts', '--rules', rulesFile, '--baseline', '--json', jsonFile];
    const window = [
      '--from',
      new Date(FROM).toISOString(),
      '--to',
      new Date(TO).toISOString(),
      '--grace',
      '60',
    ];
    const { CLICKHOUSE_URL: _url, ...inherited } = process.env; // embedded: the test's data directory
    const env = { ...inherited, DATA_DIR: dir, CLICKHOUSE_DATABASE: 'vigil' };
    const { stdout } = await promisify(execFile)('npx', [...args, ...window], { cwd: ROOT, env });
    expect(stdout).toMatch(/== candidate \(.*candidate\.json\): per rule/);
    expect(stdout).toMatch(/== difference per rule: baseline → candidate/);
    expect(stdout).toMatch(/45\d\d \S+市公安局/);
    const json = JSON.parse(await readFile(jsonFile, 'utf8')) as {
      results: { name: string; per_rule: unknown[]; totals: unknown }[];
    };
    expect(json.results.map((r) => [r.name, r.per_rule, r.totals])).toEqual(
      stored.results.map((r) => [r.name, r.perRule, r.totals]),
    );
    console.log(stdout);
  }, 120_000);
});
