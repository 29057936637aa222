/**
 * `npm run bench -- dossier [--events N]` (default 10,000,000): 一案一档 at scale, on the real system in one
 * process (embedded ClickHouse, Redis, HTTP; the engine off: the data is made inside ClickHouse, see
 * dossier-data.ts). In one run:
 *  1. dossier latency through GET /api/dossier: typical cases (a random sample) and cases over the 5,000-event
 *     bound (issue #16 targets: p95 ≤ 300 ms typical, ≤ 1 s at the bound);
 *  2. search latency through GET /api/search: case-number prefixes and exact person names (p95 target ≤ 300 ms);
 *  3. what the link index costs at ingest: the same 200,000 event rows (the worker's JSONEachRow lines, batches of
 *     10,000) inserted alternately into `events` (with the index's materialized view) and into a copy without it,
 *     three rounds each; the ratio is the index's cost (bar: ≤ 10 %).
 * All HTTP calls as the built-in admin (whole province in scope).
 */
import { withScaleSystem } from './scale-system.js';
import { StageTimer } from '../common/node/stage-timer.js';
import type { ClickHouseClient } from '../common/node/clickhouse.js';
import { insertEventLines, rowLine, rowLinePrefix } from '../ingest/store/event-store.js';
import type { RunningSystem } from '../server/system.js';
import { makeEvent } from './bench-events.js';
import { BIG_CASES, caseId, personName } from './dossier-data.js';
import { fmt, summarise } from './stats.js';

const SAMPLES = 200;

async function timed(
  sys: RunningSystem,
  token: string,
  path: string,
): Promise<{ ms: number; body: unknown; stages: Map<string, number> }> {
  const t0 = performance.now();
  const res = await fetch(`${sys.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  return { ms, body, stages: StageTimer.parse(res.headers.get('server-timing')) };
}

/** Where the dossiers' time went: each stage's p50 / p95 from the Server-Timing headers. */
class StageSamples {
  private readonly ms = new Map<string, number[]>();
  add(stages: Map<string, number>): void {
    for (const [k, v] of stages) this.ms.set(k, [...(this.ms.get(k) ?? []), v]);
  }
  line(): string {
    return [...this.ms]
      .map(([k, v]) => {
        const s = summarise(v);
        return `${k} ${fmt(s.p50)} / ${fmt(s.p95)}`;
      })
      .join(' · ');
  }
}

const line = (name: string, s: ReturnType<typeof summarise>, extra = '') =>
  `  ${name.padEnd(46)} p50 ${fmt(s.p50).padStart(5)} ms  p95 ${fmt(s.p95).padStart(5)} ms  max ${fmt(s.max).padStart(5)} ms  n=${s.n}${extra}`;

async function dossiers(sys: RunningSystem, token: string, cases: number): Promise<void> {
  const typical: number[] = [];
  const sizes: number[] = [];
  const typicalStages = new StageSamples();
  const bigStages = new StageSamples();
  for (let i = 0; i < SAMPLES; i++) {
    const c = Math.floor(Math.random() * cases);
    const r = await timed(sys, token, `/api/dossier?key=case_id&value=${caseId(c)}`);
    typical.push(r.ms);
    typicalStages.add(r.stages);
    sizes.push((r.body as { events: unknown[] }).events.length);
  }
  const big: number[] = [];
  let truncated = 0;
  for (let round = 0; round < 4; round++)
    for (let k = 0; k < BIG_CASES; k++) {
      const r = await timed(sys, token, `/api/dossier?key=case_id&value=BIG${k}`);
      big.push(r.ms);
      bigStages.add(r.stages);
      if ((r.body as { truncated: boolean }).truncated) truncated++;
    }
  const t = summarise(typical);
  const b = summarise(big);
  console.log(
    line(
      'dossier, typical case',
      t,
      `  (${fmt(Math.min(...sizes))}–${fmt(Math.max(...sizes))} events; target p95 ≤ 300 ms: ${t.p95 <= 300 ? 'met' : 'NOT met'})`,
    ),
  );
  console.log(`    stages, ms p50 / p95 (Server-Timing): ${typicalStages.line()}`);
  console.log(
    line(
      'dossier, case over the bound (5,000 kept)',
      b,
      `  (${truncated}/${big.length} truncated; target p95 ≤ 1,000 ms: ${b.p95 <= 1000 ? 'met' : 'NOT met'})`,
    ),
  );
  console.log(`    stages, ms p50 / p95 (Server-Timing): ${bigStages.line()}`);
}

async function searches(sys: RunningSystem, token: string, cases: number): Promise<void> {
  const ms: number[] = [];
  let empty = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const c = Math.floor(Math.random() * cases);
    const q = i % 2 === 0 ? caseId(c).slice(0, 9) : personName(c - (c % 10 === 1 ? 1 : 0));
    const r = await timed(sys, token, `/api/search?q=${encodeURIComponent(q)}`);
    ms.push(r.ms);
    if ((r.body as { results: unknown[] }).results.length === 0) empty++;
  }
  const s = summarise(ms);
  console.log(
    line(
      'search (prefixes and exact names, half each)',
      s,
      `  (${empty} without a hit; target p95 ≤ 300 ms: ${s.p95 <= 300 ? 'met' : 'NOT met'})`,
    ),
  );
}

/** Rows per second inserting the same lines into `table`, in batches of 10,000. */
async function insertRate(ch: ClickHouseClient, lines: string[], table: string): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < lines.length; i += 10_000)
    await insertEventLines(ch, lines.slice(i, i + 10_000), table);
  return lines.length / ((performance.now() - t0) / 1000);
}

async function indexCost(ch: ClickHouseClient): Promise<void> {
  await ch.command({ query: 'CREATE TABLE events_no_index AS events' });
  const rates = { with: [] as number[], without: [] as number[] };
  for (let round = 0; round < 3; round++) {
    const prefix = rowLinePrefix(new Date().toISOString(), `r${round}`);
    const lines = Array.from({ length: 200_000 }, (_, i) => rowLine(prefix, makeEvent(i, `ix${round}`)));
    rates.without.push(await insertRate(ch, lines, 'events_no_index'));
    rates.with.push(await insertRate(ch, lines, 'events'));
  }
  const best = (xs: number[]) => Math.max(...xs);
  const cost = 1 - best(rates.with) / best(rates.without);
  console.log(
    `  insert with the link index ${rates.with.map((r) => fmt(r)).join(' / ')} rows/s; without ` +
      `${rates.without.map((r) => fmt(r)).join(' / ')} rows/s → the index costs ${fmt(100 * cost, 1)} % of the ` +
      `best insert rate (bar ≤ 10 %: ${cost <= 0.1 ? 'met' : 'NOT met'})`,
  );
}

export async function benchDossier(args: { events?: number }): Promise<void> {
  await withScaleSystem('dossier', args.events ?? 10_000_000, {}, async ({ sys, ch, cases }) => {
    const token = (await sys.auth.tokens.issueSession('admin')).token;
    await dossiers(sys, token, cases);
    await searches(sys, token, cases);
    await indexCost(ch);
  });
}
