/**
 * The pure scenario generator: given a seed, a window [start, end], a rate and violation rates, it plans
 * realistic event chains (incidents, walk-in cases, continued questioning) arriving with a diurnal rhythm,
 * extra walk-in cases on the eves of long holidays (day-counted periods across them), and bails and
 * surveillances that began before the window and end in it (extra-chains.ts); it emits the events that
 * happen up to the window's end (the standing measures' triggers are older than its start) and computes the
 * ground truth from exactly those events.
 * Same options → same events, ids and truth.
 */
import type { PoliceEvent } from '../../common/events.js';
import type { Unit } from '../../common/units.js';
import { Chain, type PlanOutput, type PlannedEvent } from './chain.js';
import { walkInCase } from './chains/case.js';
import { continuedQuestioning } from './chains/custody.js';
import { incidentChain } from './chains/incident.js';
import { standingMeasure } from './chains/measures.js';
import { holidayEveChains, standingMeasures } from './extra-chains.js';
import { HOUR_MS, RULE_IDS, type GroundTruthEntry, type RuleId } from './ground-truth.js';
import { guangxiUnits, stationWeights } from './guangxi-units.js';
import { Rng, hashSeed } from './rng.js';
import { computeGroundTruth } from './truth-oracle.js';

export const DEFAULT_RATE_PER_HOUR = 30;
export const DEFAULT_VIOLATION_RATE = 0.05;
export const DEFAULT_EXTENSION_RATE = 0.1;
export const DEFAULT_DUPLICATE_RATE = 0.005;

export interface ScenarioOptions {
  seed: number | string;
  /** Epoch ms; chains start in [start, end). */
  start: number;
  end: number;
  /** Mean chains (incidents, walk-in cases, continued questioning) per hour over a day. */
  ratePerHour?: number;
  /** Per rule: probability that an obligation is violated (half late, half never) or a condition broken. */
  violationRates?: Partial<Record<RuleId, number>>;
  units?: readonly Unit[];
  /** Probability that an obligation with an extension event gets one. */
  extensionRate?: number;
  /** Probability that an event is sent twice with the same event_id. */
  duplicateRate?: number;
  /** Bails and surveillances begun before the window and ending in it (default true; live mode: false). */
  standingMeasures?: boolean;
}

export interface Plan extends PlanOutput {
  /** Short run tag that makes ids of this run unique. */
  tag: string;
}

export interface Scenario {
  /** Events with occurred_at in [start, end], in occurred_at order, duplicates included. */
  events: PoliceEvent[];
  truth: GroundTruthEntry[];
  /** Planned events after `end` (for live continuation). */
  pending: PlannedEvent[];
  plan: Plan;
}

/** Local-hour weights (Asia/Shanghai): quiet before dawn, peak in the late afternoon and evening. */
const DIURNAL = [
  0.55, 0.42, 0.32, 0.26, 0.23, 0.26, 0.4, 0.7, 0.95, 1.1, 1.15, 1.15, 1.1, 1.05, 1.1, 1.2, 1.35, 1.5, 1.58,
  1.58, 1.5, 1.35, 1.1, 0.8,
];
const DIURNAL_MEAN = DIURNAL.reduce((a, b) => a + b, 0) / DIURNAL.length;
const DIURNAL_MAX = Math.max(...DIURNAL) / DIURNAL_MEAN;

export function diurnalWeight(ms: number): number {
  const localHour = Math.floor((((ms / HOUR_MS + 8) % 24) + 24) % 24);
  return (DIURNAL[localHour] ?? 1) / DIURNAL_MEAN;
}

export function resolveRates(partial: Partial<Record<RuleId, number>> = {}): Record<RuleId, number> {
  const out = {} as Record<RuleId, number>;
  for (const id of RULE_IDS) out[id] = Math.max(0, Math.min(1, partial[id] ?? DEFAULT_VIOLATION_RATE));
  return out;
}

export function seedNumber(seed: number | string): number {
  return typeof seed === 'number' && Number.isInteger(seed) ? seed >>> 0 : hashSeed(String(seed));
}

export function runTag(seed: number | string, start: number): string {
  return hashSeed(seedNumber(seed), start).toString(36).padStart(7, '0').slice(-5);
}

/** Chain start times: a Poisson process thinned by the diurnal weight. */
function arrivals(rng: Rng, start: number, end: number, ratePerHour: number): number[] {
  const out: number[] = [];
  const maxPerMs = (ratePerHour * DIURNAL_MAX) / HOUR_MS;
  if (!(maxPerMs > 0)) return out;
  let t = start;
  for (;;) {
    t += rng.exponential(1 / maxPerMs);
    if (t >= end) break;
    if (rng.next() * DIURNAL_MAX < diurnalWeight(t)) {
      const at = Math.ceil(t / 1000) * 1000;
      if (at < end) out.push(at);
    }
  }
  return out;
}

function stationPicker(units: readonly Unit[]): (rng: Rng) => Unit {
  const stations = units.filter((u) => u.level === 'station');
  const pool = stations.length > 0 ? stations : [...units];
  if (pool.length === 0) throw new Error('the unit directory is empty');
  const cumulative: number[] = [];
  let total = 0;
  for (const w of stationWeights(pool)) cumulative.push((total += w));
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return pool[lo] as Unit;
  };
}

/** Plans every chain starting in [start, end), with all of its events (also those after `end`). */
export function planScenario(o: ScenarioOptions): Plan {
  const seed = seedNumber(o.seed);
  const tag = runTag(o.seed, o.start);
  const rates = resolveRates(o.violationRates);
  const pickUnit = stationPicker(o.units ?? guangxiUnits());
  const main = new Rng(hashSeed(seed, tag, 'arrivals'));
  const out: PlanOutput = { events: [], obligations: [], violations: [] };
  const times = arrivals(main, o.start, o.end, o.ratePerHour ?? DEFAULT_RATE_PER_HOUR);
  times.forEach((t0, chainNo) => {
    const rng = new Rng(hashSeed(seed, tag, chainNo));
    const unit = pickUnit(rng);
    const kind = rng.weighted<'incident' | 'walk_in' | 'continued'>([
      ['incident', 90],
      ['walk_in', 8],
      ['continued', 2],
    ]);
    const chain = new Chain(
      { tag, chainNo, unit, rng, rates, extensionRate: o.extensionRate ?? DEFAULT_EXTENSION_RATE, out },
      t0,
    );
    if (kind === 'incident') incidentChain(chain, t0);
    else if (kind === 'walk_in') walkInCase(chain, t0);
    else continuedQuestioning(chain, t0);
  });
  const env = { tag, rates, extensionRate: o.extensionRate ?? DEFAULT_EXTENSION_RATE, out };
  const rate = o.ratePerHour ?? DEFAULT_RATE_PER_HOUR;
  holidayEveChains(seed, o.start, o.end, rate, (chainNo, t0, rng) => {
    walkInCase(new Chain({ ...env, chainNo, unit: pickUnit(rng), rng }, t0), t0);
  });
  if (o.standingMeasures !== false)
    standingMeasures(seed, tag, o.start, o.end, rate, (chainNo, kind, began, rng) => {
      const chain = new Chain({ ...env, chainNo, unit: pickUnit(rng), rng }, began);
      standingMeasure(chain, kind, began, o.start);
    });
  const dup = new Rng(hashSeed(seed, tag, 'duplicates'));
  const dupRate = o.duplicateRate ?? DEFAULT_DUPLICATE_RATE;
  const copies: PlannedEvent[] = [];
  for (const p of out.events) {
    if (dup.chance(dupRate)) copies.push({ ms: p.ms, event: structuredClone(p.event) });
  }
  for (const c of copies) out.events.push(c); // not push(...copies): too many arguments on a long backfill
  out.events.sort((a, b) => a.ms - b.ms);
  return { ...out, tag };
}

export function generateScenario(o: ScenarioOptions): Scenario {
  if (!(o.end > o.start)) throw new Error('end must be after start');
  const plan = planScenario(o);
  const endMs = o.end;
  const events: PoliceEvent[] = [];
  const pending: PlannedEvent[] = [];
  for (const p of plan.events) {
    if (p.ms <= endMs) events.push(p.event);
    else pending.push(p);
  }
  return { events, truth: computeGroundTruth(events, endMs), pending, plan };
}
