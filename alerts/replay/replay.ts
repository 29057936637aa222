/**
 * Back-testing (replay): what one or more rule sets would have raised over stored events, without touching live
 * alerts. Pure apart from consuming an async iterable: every rule set gets its own orchestrator in memory, all of them
 * see the same events in the same order, with each event's `ingested_at` as processing time (events sharing one
 * ingest time form one batch; the clock visits every wake-up between batches), and the clock finally runs to
 * max(to, last ingest time) + grace so that every obligation due by `to` is judged.
 *
 * Reported: alerts whose due_at lies in [from, to] (for condition rules, the offending event's occurred_at),
 * counted per rule and per city (unit_code prefix of 4 digits):
 *   overdue  alerts in stage overdue      late     of those, resolved late (satisfied after due_at)
 *   on_time  of those, resolved on_time — raised before a compliant satisfier or a clearing fact was known
 *   open     of those, still unresolved at the end          warned   pre-warnings (due_soon) raised
 * violations = overdue − on_time.
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import { parseLimit } from '../../common/rules.js';
import type { CalendarKind } from '../../common/calendar.js';
import type { Rule } from '../../common/rules.js';
import { unitPrefix } from '../../common/units.js';
import type { EngineEvent } from '../engine/index.js';
import { memoryEngine } from '../orchestrator/index.js';
import type { MemoryEngine } from '../orchestrator/index.js';

export interface RuleSet {
  /** A label for reports: "candidate", "baseline", a file name. */
  name: string;
  rules: readonly Rule[];
}

export interface ReplayOptions {
  /** Epoch ms; alerts with due_at in [from, to] are reported. */
  from: number;
  to: number;
  graceMs: number;
  /** Largest batch handed to the engine at once (events sharing one ingest time). Default 1,000. */
  maxBatch?: number;
}

export interface Counts {
  overdue: number;
  late: number;
  on_time: number;
  open: number;
  warned: number;
  violations: number;
}

export interface RuleCounts extends Counts {
  rule_id: string;
}

export interface UnitCounts extends Counts {
  /** City prefix (4 digits). */
  unit: string;
}

export interface ReplayResult {
  name: string;
  totals: Counts;
  /** Every enabled rule of the set, in file order, also those with nothing to report. */
  perRule: RuleCounts[];
  /** Cities with at least one reported alert, most violations first. */
  perUnit: UnitCounts[];
  /** The reported alerts, by alert_id. */
  alerts: Alert[];
}

export interface ReplaySummary {
  from: number;
  to: number;
  graceMs: number;
  /** Events read (duplicates included) and the engines' final clock. */
  events: number;
  clock: number;
  results: ReplayResult[];
}

export const emptyCounts = (): Counts => ({
  overdue: 0,
  late: 0,
  on_time: 0,
  open: 0,
  warned: 0,
  violations: 0,
});

/** Adds one reported alert to counts. */
function count(c: Counts, a: Alert, warned: boolean): void {
  if (warned) c.warned += 1;
  if (a.stage !== 'overdue') return;
  c.overdue += 1;
  if (a.resolution === 'late') c.late += 1;
  else if (a.resolution === 'on_time') c.on_time += 1;
  if (a.state !== 'resolved') c.open += 1;
  if (a.resolution !== 'on_time') c.violations += 1;
}

class Run {
  readonly engine: MemoryEngine;
  readonly warned = new Set<string>();

  constructor(
    readonly set: RuleSet,
    graceMs: number,
  ) {
    this.engine = memoryEngine(set.rules, { graceMs });
  }

  note(changes: readonly AlertChange[]): void {
    for (const c of changes)
      if (c.kind === 'raised' && c.alert.stage === 'due_soon') this.warned.add(c.alert_id);
  }

  /** Runs the clock to `now` through every wake-up on the way (as the live timers would), then ingests. */
  async step(batch: readonly EngineEvent[], now: number): Promise<void> {
    for (let at = await this.engine.nextWakeAt(); at !== null && at < now;) {
      this.note(await this.engine.tick(at));
      const next = await this.engine.nextWakeAt();
      at = next !== null && next > at ? next : null;
    }
    this.note(await this.engine.tick(now));
    if (batch.length > 0) this.note((await this.engine.ingest(batch, now)).changes);
  }

  result(from: number, to: number): ReplayResult {
    const alerts = this.engine.state.allAlerts().filter((a) => {
      const due = Date.parse(a.due_at);
      return due >= from && due <= to;
    });
    const totals = emptyCounts();
    const rules = new Map<string, RuleCounts>();
    for (const r of this.set.rules)
      if (r.enabled !== false) rules.set(r.id, { rule_id: r.id, ...emptyCounts() });
    const units = new Map<string, UnitCounts>();
    for (const a of alerts) {
      const warned = this.warned.has(a.alert_id);
      count(totals, a, warned);
      let r = rules.get(a.rule_id);
      if (!r) rules.set(a.rule_id, (r = { rule_id: a.rule_id, ...emptyCounts() }));
      count(r, a, warned);
      const city = unitPrefix(a.unit_code, 'city');
      let u = units.get(city);
      if (!u) units.set(city, (u = { unit: city, ...emptyCounts() }));
      count(u, a, warned);
    }
    const perUnit = [...units.values()].sort(
      (a, b) => b.violations - a.violations || b.overdue - a.overdue || (a.unit < b.unit ? -1 : 1),
    );
    return { name: this.set.name, totals, perRule: [...rules.values()], perUnit, alerts };
  }
}

const timeOf = (e: EngineEvent): number => Date.parse(e.ingested_at ?? e.occurred_at);

/**
 * Replays `events` (ordered by ingested_at) through one engine per rule set. Events that occurred after `to`
 * are ignored; the caller chooses how far back to read (see ruleHorizonMs).
 */
export async function replay(
  sets: readonly RuleSet[],
  events: AsyncIterable<EngineEvent> | Iterable<EngineEvent>,
  o: ReplayOptions,
): Promise<ReplaySummary> {
  const runs = sets.map((s) => new Run(s, o.graceMs));
  const maxBatch = o.maxBatch ?? 1000;
  let clock = Number.NEGATIVE_INFINITY;
  let batch: EngineEvent[] = [];
  let batchAt = Number.NaN;
  let read = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    clock = Math.max(clock, batchAt);
    for (const run of runs) await run.step(batch, clock);
    batch = [];
  };
  for await (const event of events) {
    read += 1;
    if (Date.parse(event.occurred_at) > o.to) continue;
    const at = timeOf(event);
    if (batch.length >= maxBatch || (batch.length > 0 && at !== batchAt)) await flush();
    if (batch.length === 0) batchAt = at;
    batch.push(event);
  }
  await flush();
  const end = Math.max(o.to, clock) + o.graceMs;
  for (const run of runs) await run.step([], end);
  return {
    from: o.from,
    to: o.to,
    graceMs: o.graceMs,
    events: read,
    clock: end,
    results: runs.map((r) => r.result(o.from, o.to)),
  };
}

/**
 * How far before `from` a replay must read so that obligations falling due in the window are known: the longest
 * reach among the rules' limits (base, per value, default, overrides). An exact limit reaches its duration; a
 * period (`3d`, `12mo`) counted on a calendar reaches at most its calendar days (a month at most 31), one more for
 * the uncounted first day, twice that for working days, and a holiday run for a last day moved past a holiday
 * (limitReachMs). Limits read from an event field (R-PRO-05's due_back_at), extensions beyond the base limit and
 * joins through older bridge events (R-PRO-12's seizures) can reach further back: widen the window for those.
 */
export function ruleHorizonMs(rules: readonly Rule[]): number {
  let max = 0;
  for (const r of rules) {
    if (r.kind !== 'deadline' || r.enabled === false) continue;
    const l = r.limit;
    const texts = [
      l.duration,
      l.default,
      ...Object.values(l.values ?? {}),
      ...(l.overrides ?? []).map((x) => x.duration),
    ];
    for (const t of texts) if (t !== undefined) max = Math.max(max, limitReachMs(t, r.calendar ?? 'natural'));
  }
  return max;
}

const DAY_MS = 86_400_000;
/** Longer than any run of consecutive non-working days in a State Council arrangement (the longest is 9). */
const HOLIDAY_RUN_DAYS = 14;

/** The furthest a limit can reach from its trigger to its due time (an upper bound for periods). */
export function limitReachMs(text: string, calendar: CalendarKind): number {
  const limit = parseLimit(text);
  if (!limit) return 0;
  if ('exact' in limit) return limit.exact;
  const { amount, unit } = limit.period;
  const days = (unit === 'mo' ? amount * 31 : amount) + 1;
  if (calendar === 'natural') return days * DAY_MS;
  return ((calendar === 'workdays' ? 2 * days : days) + HOLIDAY_RUN_DAYS) * DAY_MS;
}

/** Per-rule differences between two results: candidate minus baseline, for rules in either. */
export interface RuleDiff {
  rule_id: string;
  baseline: Counts;
  candidate: Counts;
  delta: Counts;
}

export function diffResults(baseline: ReplayResult, candidate: ReplayResult): RuleDiff[] {
  const ids = [...baseline.perRule.map((r) => r.rule_id)];
  for (const r of candidate.perRule) if (!ids.includes(r.rule_id)) ids.push(r.rule_id);
  const pick = (res: ReplayResult, id: string): Counts => {
    const r = res.perRule.find((x) => x.rule_id === id);
    if (!r) return emptyCounts();
    const { rule_id: _id, ...counts } = r;
    return counts;
  };
  return ids.map((id) => {
    const b = pick(baseline, id);
    const c = pick(candidate, id);
    const delta = emptyCounts();
    for (const k of Object.keys(delta) as (keyof Counts)[]) delta[k] = c[k] - b[k];
    return { rule_id: id, baseline: b, candidate: c, delta };
  });
}
