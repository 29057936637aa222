/**
 * `npm run bench -- report [--events N]` (default 10,000,000): a province-wide monthly 通报 at scale, on the
 * real system in one process (embedded ClickHouse, Redis, HTTP; the engine off: events and their obligations
 * are made inside ClickHouse by dossier-data.ts, spread over the past year, about a quarter of the events
 * opening an obligation). In one run:
 *  1. gathering the content (gatherReport: the ledger snapshot, the orders) for province 45, last month;
 *  2. the baseline in the same run: GET /api/stats/units?level=city for the same range (the trends page's
 *     per-unit compliance, one pass over the same rows) — the ratio says what the report's extra passes cost;
 *  3. rendering that content to each format, and a whole report through the API (POST /api/reports → done);
 *  4. peak RSS of the process (embedded ClickHouse included), sampled every 100 ms.
 */
import { withScaleSystem } from './scale-system.js';
import type { ReportContent, ReportFormat, ReportJob } from '../common/report.js';
import { REPORT_FORMATS } from '../common/report.js';
import { refreshLedgerSnapshot } from '../alerts/store/obligation-ledger.js';
import { guangxiUnits } from '../ingest/simulator/guangxi-units.js';
import { listUnits } from '../ingest/store/units-store.js';
import { gatherReport } from '../server/services/reports/gather.js';
import { renderReport } from '../server/services/reports/render/index.js';
import { rangeInstants, resolvePeriod } from '../server/services/reports/period.js';
import type { RenderReport } from '../server/services/reports/service.js';
import type { RunningSystem } from '../server/system.js';
import { fmt, summarise } from './stats.js';

const TZ = 'Asia/Shanghai';
const ROUNDS = 5;
async function ms<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const line = (name: string, xs: number[], extra = '') => {
  const s = summarise(xs);
  return `  ${name.padEnd(44)} p50 ${fmt(s.p50).padStart(6)} ms  max ${fmt(s.max).padStart(6)} ms  n=${s.n}${extra}`;
};

async function apiReport(sys: RunningSystem, token: string, from: string): Promise<number> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const t0 = performance.now();
  const res = await fetch(`${sys.url}/api/reports`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ unit: '45', period: 'month', from }),
  });
  const { report_id } = (await res.json()) as { report_id: string };
  for (;;) {
    const j = (await (await fetch(`${sys.url}/api/reports/${report_id}`, { headers })).json()) as ReportJob;
    if (j.state === 'done') return performance.now() - t0;
    if (j.state === 'failed') throw new Error(`the report failed: ${j.error}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function measure(sys: RunningSystem, render: RenderReport): Promise<void> {
  const p = resolvePeriod({ period: 'month' }, Date.now(), TZ);
  if (!p.ok) throw new Error(p.error);
  const period = p.value;
  const deps = {
    clickhouse: sys.clickhouse.client,
    timeZone: TZ,
    rules: sys.rules,
    units: () => listUnits(sys.clickhouse.client),
    orders: async () => sys.live.supervisions.getMany(await sys.live.supervisions.ids({})),
    now: Date.now,
  };
  const token = (await sys.auth.tokens.issueSession('admin')).token;
  const { start, end } = rangeInstants(period.range, TZ);
  const q = `from=${new Date(start).toISOString()}&to=${new Date(end).toISOString()}&level=city&parent=45`;
  const baseline = async () => {
    const res = await fetch(`${sys.url}/api/stats/units?${q}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`stats/units: ${res.status}`);
    return res.json();
  };
  // Alternately, so that the other work on the machine weighs on both alike.
  const gathered: number[] = [];
  const base: number[] = [];
  let content: ReportContent | null = null;
  let marks: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    marks = [];
    const r = await ms(() =>
      gatherReport(deps, '45', period, async () => void marks.push(performance.now() - t0)),
    );
    gathered.push(r.ms);
    content = r.value;
    base.push((await ms(baseline)).ms);
  }
  const c = content as ReportContent;
  const ratio = summarise(gathered).p50 / summarise(base).p50;
  console.log(
    line(
      `gather ${c.title}`,
      gathered,
      `  (${fmt(c.summary.due)} due, ${c.units.length} cities, ${c.rules.length} rules)`,
    ),
  );
  // gather.ts reports progress after the per-unit pass, the per-rule pass, and the series and the orders.
  const [u = 0, ru = 0, so = 0] = marks;
  console.log(
    `    last round: per unit ${fmt(u)} ms, per rule ${fmt(ru - u)} ms, series and orders ${fmt(so - ru)} ms`,
  );
  console.log(
    line('baseline GET /api/stats/units (same range)', base, `  → gather ÷ baseline ${fmt(ratio, 1)}×`),
  );
  for (const format of REPORT_FORMATS as readonly ReportFormat[]) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      const r = await ms(() => render(c, format));
      times.push(r.ms);
      bytes = r.value.length;
    }
    console.log(line(`render ${format}`, times, `  (${fmt(bytes / 1024)} KiB)`));
  }
  console.log(line('whole report via the API (3 formats)', [await apiReport(sys, token, period.range.from)]));
}

export async function benchReport(args: { events?: number }): Promise<void> {
  const render: RenderReport = (content, format) => renderReport(content, format);
  const opts = { env: { TIME_ZONE: TZ }, extraUnits: guangxiUnits(), renderReport: render };
  await withScaleSystem('report', args.events ?? 10_000_000, opts, async ({ sys, ch }) => {
    await refreshLedgerSnapshot(ch);
    await measure(sys, render);
  });
}
