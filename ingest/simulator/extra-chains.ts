/**
 * Chains the diurnal arrivals do not give often enough, planned on streams of their own (so a longer window
 * keeps the chains of a shorter one with the same start):
 *
 *  - walk-in cases on the eve of every run of three or more rest days (national and Guangxi holidays of the
 *    shipped calendar) inside the window, so that day-counted periods (R-INC-05, R-INC-04's extension,
 *    R-ADM-01, R-LAW-02, R-PRO-07, …) straddle National Day, Mid-Autumn, Spring Festival or 三月三;
 *  - bails (12 months) and residential surveillances (6 months) that began before the window and whose
 *    period ends inside it (a Poisson stream over the end times), so that R-PER-06 and R-PER-07 fall due in
 *    a window shorter than their periods. Their trigger events are dated before the window's start.
 */
import { HOUR_MS } from './ground-truth.js';
import { Rng, hashSeed } from './rng.js';
import { TruthCalendar, cstDate, nextDate } from './truth-calendar.js';

const DAY_MS = 24 * HOUR_MS;
/** Chain numbers of the extra chains, apart from the arrivals' (ids carry the chain number). */
const HOLIDAY_CHAIN_BASE = 1_000_000;
const STANDING_CHAIN_BASE = 2_000_000;
/** Standing measures per hour of each kind, per chain per hour of the scenario's rate. */
const STANDING_SHARE = 0.01;

const calendar = new TruthCalendar();

/** Eves (the day before) of runs of ≥ 3 rest days in [from, to] (CST dates), for Guangxi units. */
export function holidayEves(from: string, to: string): string[] {
  const eves: string[] = [];
  let run = 0;
  let eve = '';
  for (let d = from; d <= to; d = nextDate(d)) {
    let rest: boolean;
    try {
      rest = calendar.isRest(d, '45');
    } catch {
      break; // a year the calendar lacks: no holidays known
    }
    if (rest) {
      if (run === 0) eve = d;
      run += 1;
      if (run === 3) eves.push(eve);
    } else run = 0;
  }
  return eves.map((d) => cstDate(Date.parse(`${d}T12:00:00+08:00`) - DAY_MS));
}

type MakeChain = (chainNo: number, t0: number, rng: Rng) => void;

/** A few walk-in cases in the two days before each long holiday of the window. */
export function holidayEveChains(
  seed: number,
  start: number,
  end: number,
  ratePerHour: number,
  make: MakeChain,
): void {
  const perEve = Math.max(4, Math.round(ratePerHour * 4));
  let chainNo = HOLIDAY_CHAIN_BASE;
  for (const eve of holidayEves(cstDate(start), cstDate(end + 4 * DAY_MS))) {
    const rng = new Rng(hashSeed(seed, 'holiday-eve', eve));
    const eveEnd = Date.parse(`${eve}T20:00:00+08:00`);
    for (let i = 0; i < perEve; i++) {
      const t0 = Math.ceil((eveEnd - rng.uniform(0, 2 * DAY_MS - 10 * HOUR_MS)) / 1000) * 1000;
      chainNo += 1;
      if (t0 >= start && t0 < end) make(chainNo, t0, new Rng(hashSeed(seed, 'holiday-eve', eve, i)));
    }
  }
}

type MakeStanding = (chainNo: number, kind: 'bail' | 'surveillance', began: number, rng: Rng) => void;

/** `months` before `ms`, the same wall time (JS month arithmetic; the 31st of a short month rolls on). */
function monthsBefore(ms: number, months: number): number {
  const d = new Date(ms + 8 * HOUR_MS);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime() - 8 * HOUR_MS;
}

/** Bails and surveillances whose periods end in [start, end), begun 12 and 6 months before. */
export function standingMeasures(
  seed: number,
  tag: string,
  start: number,
  end: number,
  ratePerHour: number,
  make: MakeStanding,
): void {
  const perMs = (ratePerHour * STANDING_SHARE) / HOUR_MS;
  if (!(perMs > 0)) return;
  (['bail', 'surveillance'] as const).forEach((kind, k) => {
    const rng = new Rng(hashSeed(seed, tag, 'standing', kind));
    let t = start;
    for (let i = 0; ; i++) {
      t += rng.exponential(1 / perMs);
      if (t >= end) break;
      const began = Math.ceil(monthsBefore(t, kind === 'bail' ? 12 : 6) / 1000) * 1000;
      make(
        STANDING_CHAIN_BASE + k * 100_000 + i,
        kind,
        began,
        new Rng(hashSeed(seed, tag, 'standing', kind, i)),
      );
    }
  });
}
