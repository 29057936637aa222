/** Text tables and the JSON document of a replay (see replay.ts for what the counts mean). Pure. */
import { dayShiftTable, dueShiftTable, dueShifts } from './due-shift.js';
import { diffResults } from './replay.js';
import type { Counts, ReplayResult, ReplaySummary, RuleDiff } from './replay.js';
import { textTable } from './score.js';

const COLUMNS: readonly (keyof Counts)[] = ['violations', 'overdue', 'late', 'on_time', 'open', 'warned'];

export interface ReportContext {
  /** Where each result's rules came from, by result name. */
  sources?: Readonly<Record<string, string>>;
  /** How far before `from` events were read (ms). */
  lookbackMs?: number;
  /** City names by 4-digit prefix, when the units directory has them. */
  unitNames?: ReadonlyMap<string, string>;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const cells = (c: Counts): string[] => COLUMNS.map((k) => String(c[k]));

function ruleTable(r: ReplayResult): string {
  const body = r.perRule.map((x) => [x.rule_id, ...cells(x)]);
  body.push(['all', ...cells(r.totals)]);
  return textTable(['rule', ...COLUMNS], body);
}

function unitTable(r: ReplayResult, names: ReadonlyMap<string, string> | undefined): string {
  if (r.perUnit.length === 0) return '(no alerts)';
  const body = r.perUnit.map((u) => [`${u.unit} ${names?.get(u.unit) ?? ''}`.trim(), ...cells(u)]);
  return textTable(['city', ...COLUMNS], body);
}

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

function diffCell(b: number, c: number): string {
  return b === c ? String(c) : `${b} → ${c} (${signed(c - b)})`;
}

export function diffTable(diffs: readonly RuleDiff[]): string {
  const body = diffs.map((d) => [d.rule_id, ...COLUMNS.map((k) => diffCell(d.baseline[k], d.candidate[k]))]);
  return textTable(['rule', ...COLUMNS], body);
}

/** The readable report: window, then per rule and per city for each rule set, then the difference. */
export function formatReplay(s: ReplaySummary, ctx: ReportContext = {}): string {
  const out: string[] = [];
  const lookback = ctx.lookbackMs === undefined ? '' : `, events from ${iso(s.from - ctx.lookbackMs)}`;
  out.push(
    `replay: alerts due in [${iso(s.from)}, ${iso(s.to)}]${lookback}; ${s.events} events read; ` +
      `grace ${s.graceMs / 1000} s; clock run to ${iso(s.clock)}`,
  );
  out.push(
    'violations = overdue − on_time; on_time: raised, then found compliant (data recorded late); ' +
      'warned: pre-warnings',
  );
  for (const r of s.results) {
    const source = ctx.sources?.[r.name];
    out.push('', `== ${r.name}${source ? ` (${source})` : ''}: per rule`, ruleTable(r));
    out.push('', `== ${r.name}: per city`, unitTable(r, ctx.unitNames));
  }
  const [candidate, baseline] = s.results;
  if (candidate && baseline) {
    out.push('', `== difference per rule: ${baseline.name} → ${candidate.name}`);
    out.push(diffTable(diffResults(baseline, candidate)));
    out.push('', `== due dates: ${baseline.name} → ${candidate.name} (alerts both raise; shift in hours)`);
    const shifts = dueShifts(baseline, candidate);
    out.push(dueShiftTable(shifts));
    const byDays = dayShiftTable(shifts);
    if (byDays) out.push('', '== moved due dates by days begun (+1 d: up to 24 h later)', byDays);
  }
  return out.join('\n');
}

/** The JSON document: the same numbers, without the individual alerts. */
export function replayJson(s: ReplaySummary, ctx: ReportContext = {}): unknown {
  const [candidate, baseline] = s.results;
  return {
    from: iso(s.from),
    to: iso(s.to),
    events_from: ctx.lookbackMs === undefined ? null : iso(s.from - ctx.lookbackMs),
    grace_seconds: s.graceMs / 1000,
    events: s.events,
    clock: iso(s.clock),
    results: s.results.map((r) => ({
      name: r.name,
      rules_file: ctx.sources?.[r.name] ?? null,
      totals: r.totals,
      per_rule: r.perRule,
      per_unit: r.perUnit.map((u) => ({ ...u, name: ctx.unitNames?.get(u.unit) ?? null })),
    })),
    diff: candidate && baseline ? diffResults(baseline, candidate) : null,
    due_shifts: candidate && baseline ? dueShifts(baseline, candidate) : null,
  };
}
