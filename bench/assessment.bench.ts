/**
 * `npm run bench -- assessment [--events N]` (default 10,000,000): GET /api/assessment at scale, on the real
 * system in one process (embedded ClickHouse, Redis, HTTP; the engine off). The events are made inside ClickHouse
 * as the dossier benchmark makes them (dossier-data.ts); beside its ledger rows, one obligation per event, spread
 * over twelve rules of every category (two of them condition rules), ~12 % late or missing, with lateness. The
 * same run times GET /api/stats/units for the same unit, level and range as the baseline (issue #17: assessment
 * p95 ≤ 500 ms at 10M events). As the built-in admin (whole province in scope).
 */
import { withScaleSystem } from './scale-system.js';
import { refreshLedgerSnapshot } from '../alerts/store/obligation-ledger.js';
import type { ClickHouseClient } from '../common/node/clickhouse.js';
import type { RunningSystem } from '../server/system.js';
import { fmt, summarise } from './stats.js';

const SAMPLES = 60;
const DAY = 86_400_000;
const RULES = [
  'R-INC-01',
  'R-INC-05',
  'R-ADM-01',
  'R-PER-16',
  'R-PER-01',
  'R-PER-03',
  'R-PRO-02',
  'R-REC-07',
  'R-LAW-02',
  'R-AUX-01',
  'R-PER-19',
  'R-REC-01',
];

/** One obligation per event: rule by hash, condition rules judged at the event, deadline ones 24 h later. */
async function makeLedger(ch: ClickHouseClient): Promise<void> {
  const rules = `[${RULES.map((r) => `'${r}'`).join(', ')}]`;
  await ch.command({
    query: `INSERT INTO obligations (obligation_id, rule_id, kind, unit_code, trigger_event_id, occurred_at,
              due_at, status, satisfied_by, satisfied_at, severity, version)
            SELECT concat('R-A:', event_id), rule, kind, unit_code, event_id, occurred_at,
              if(kind = 'condition', occurred_at, occurred_at + toIntervalHour(24)) AS due,
              multiIf(kind = 'condition', if(h % 25 = 0, 'violation', 'clear'),
                      h % 100 < 8, 'late', h % 100 < 12, 'pending', 'on_time') AS status,
              if(status IN ('late', 'on_time'), concat('s-', event_id), ''),
              multiIf(status = 'late', due + toIntervalHour(1 + h % 96), status = 'on_time', due - toIntervalHour(2), NULL),
              'P2', 1
            FROM (SELECT event_id, unit_code, occurred_at, cityHash64(event_id) AS h,
                         ${rules}[1 + intDiv(h, 100) % ${RULES.length}] AS rule,
                         if(rule IN ('R-PER-19', 'R-AUX-01'), 'condition', 'deadline') AS kind
                  FROM events)`,
  });
  await refreshLedgerSnapshot(ch);
}

async function timed(sys: RunningSystem, token: string, path: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${sys.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
  return ms;
}

/** Assessment and its baseline for one unit and range, interleaved so load changes hit both alike. */
async function compare(sys: RunningSystem, token: string, unit: string, level: string, days: number) {
  const now = Date.now();
  const range = `from=${new Date(now - days * DAY).toISOString()}&to=${new Date(now).toISOString()}`;
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    a.push(await timed(sys, token, `/api/assessment?unit=${unit}&${range}`));
    b.push(await timed(sys, token, `/api/stats/units?parent=${unit}&level=${level}&${range}`));
  }
  const sa = summarise(a);
  const sb = summarise(b);
  console.log(
    `  ${`assessment ${unit} (${level}), ${days} d`.padEnd(34)} p50 ${fmt(sa.p50).padStart(5)} ms  p95 ${fmt(sa.p95).padStart(5)} ms` +
      `  | stats/units p50 ${fmt(sb.p50).padStart(5)} ms  p95 ${fmt(sb.p95).padStart(5)} ms  → p95 ratio ${fmt(sa.p95 / sb.p95, 2)}×` +
      `  (target p95 ≤ 500 ms: ${sa.p95 <= 500 ? 'met' : 'NOT met'})`,
  );
}

export async function benchAssessment(args: { events?: number }): Promise<void> {
  await withScaleSystem('assessment', args.events ?? 10_000_000, {}, async ({ sys, ch }) => {
    await makeLedger(ch);
    const [c] = (await (
      await ch.query({ query: 'SELECT count() AS n FROM obligations_snapshot', format: 'JSONEachRow' })
    ).json()) as { n: string }[];
    console.log(`  ledger for the assessment: ${fmt(Number(c?.n ?? 0))} obligations`);
    const token = (await sys.auth.tokens.issueSession('admin')).token;
    await compare(sys, token, '45', 'city', 30);
    await compare(sys, token, '45', 'city', 365);
    await compare(sys, token, '4501', 'county', 90);
  });
}
