/**
 * When the simulated city managers issue orders and about what (pure). The first round comes 20 min (nominal,
 * divided by the scale) after the start, the next ones every 20–90 min, and after six rounds that issued
 * orders every 1–4 h (a round that finds nothing tries again 20 min later): the manager of one city — chosen
 * by how many issuable alerts it has — issues one or two orders, each about one to three overdue alerts of
 * the same rule at one unit (the oldest first), sent to that unit. Levels: mostly 提醒, some 督办, rarely
 * 挂牌督办. Issuable: active (open or acknowledged), overdue, in the simulated province, not a SUP-OVERDUE
 * alert, not historical, never in an order before (a closed order does not put it back in the pool).
 */
import type { Alert } from '../../common/alerts.js';
import { isActive, isLive } from '../../common/alerts.js';
import type { SupervisionLevel } from '../../common/supervision.js';
import { SUP_OVERDUE } from '../../common/supervision.js';
import type { Rng } from '../../ingest/simulator/rng.js';

const MINUTE = 60_000;

export interface IssueChoice {
  city: string;
  unit_code: string;
  alert_ids: string[];
  level: SupervisionLevel;
  /** Picks the wording (supervision-texts.ts). */
  pick: number;
}

/** Delay before the first round after a start. */
export const firstRoundDelay = (scale: number): number => (20 * MINUTE) / scale;

/** Rounds that issued orders before the pace slows down. */
export const LIVELY_ROUNDS = 6;

/** Delay between one round and the next: 20–90 min (nominal) for the first rounds, then 1–4 h. */
export function nextRoundDelay(rng: Rng, scale: number, roundsDone: number): number {
  const minutes = roundsDone < LIVELY_ROUNDS ? rng.early(20, 90) : rng.early(60, 240);
  return (minutes * MINUTE) / scale;
}

/** How often the simulated people look at their orders: 5 min nominal, between 0.2 s and 5 s. */
export function tickMs(scale: number): number {
  return Math.min(5_000, Math.max(200, (5 * MINUTE) / scale));
}

/** Whether a simulated manager may pick the alert for an order (its open order is checked separately). */
export function issuable(a: Alert, province: string): boolean {
  return (
    isActive(a) &&
    a.stage === 'overdue' &&
    a.rule_id !== SUP_OVERDUE &&
    a.unit_code.length === 12 &&
    a.unit_code.startsWith(province) &&
    isLive(a)
  );
}

/** One round: one city's orders (none when there is nothing to pick). */
export function chooseRound(candidates: readonly Alert[], rng: Rng): IssueChoice[] {
  const byCity = groupBy(candidates, (a) => a.unit_code.slice(0, 4));
  if (byCity.size === 0) return [];
  const city = rng.weighted([...byCity].map(([c, list]) => [c, Math.sqrt(list.length)] as const));
  const byUnit = groupBy(byCity.get(city) ?? [], (a) => a.unit_code);
  const out: IssueChoice[] = [];
  const orders = rng.int(1, 2);
  for (let i = 0; i < orders && byUnit.size > 0; i++) {
    const unit = rng.weighted([...byUnit].map(([u, list]) => [u, list.length] as const));
    const alerts = [...(byUnit.get(unit) ?? [])].sort(
      (a, b) => a.due_at.localeCompare(b.due_at) || a.alert_id.localeCompare(b.alert_id),
    );
    byUnit.delete(unit);
    const rule = alerts[0]?.rule_id;
    const same = alerts.filter((a) => a.rule_id === rule).slice(0, rng.int(1, 3));
    out.push({
      city,
      unit_code: unit,
      alert_ids: same.map((a) => a.alert_id),
      level: level(rng),
      pick: rng.next(),
    });
  }
  return out;
}

function level(rng: Rng): SupervisionLevel {
  return rng.weighted([
    ['reminder', 0.7],
    ['order', 0.25],
    ['listed', 0.05],
  ] as const);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of [...items].sort((a, b) => key(a).localeCompare(key(b)))) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
