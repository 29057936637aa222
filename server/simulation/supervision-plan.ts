/**
 * What the simulated 督办 people do and when (pure): given an order as it stands, the next step its simulated
 * officer (签收, 反馈) or manager (审核) takes and the processing time they take it at. Every draw comes from a
 * generator forked by (seed, order, step), so a step's plan depends only on the seed and the order — the same
 * after a restart, whatever else happened meanwhile — and times are anchored on the order's own timestamps.
 *
 * Delays are fractions of the order's own limits (receive_due_at − issued_at, feedback_due_at − anchor), so
 * lateness means the same at any scale; the manager's review delay is a nominal duration divided by `scale`.
 *   签收: 75 % within the limit, 18 % late (1.15–2.6 × the limit: escalates once or twice), 7 % never.
 *   反馈: 85 % within the limit, mostly early in it (5 % late after a return); half cite the trigger events.
 *   审核: 10 min – 2 h (nominal) after the answer; the first answer is returned 25 % of the time, the second
 *   10 %, later ones never.
 * The simulated people leave an order alone once a real person works it: officers skip an order received or
 * answered by someone else; managers review only orders issued by simulated managers or by `system`.
 */
import { isOpenOrder } from '../../common/supervision.js';
import type { Supervision } from '../../common/supervision.js';
import { Rng } from '../../ingest/simulator/rng.js';
import { unitReach } from '../../alerts/supervision/access.js';

/** Simulated accounts' names start with this. */
export const SIM_PREFIX = 'sim-';
const MINUTE = 60_000;

export const isSimulated = (username: string | null): boolean => username?.startsWith(SIM_PREFIX) === true;

export interface Persona {
  username: string;
  role: 'officer' | 'manager';
  scope: string;
}

/** The officer who receives and answers orders sent to a unit: one per unit, scoped to it. */
export function officerOf(unitCode: string): Persona {
  return { username: `${SIM_PREFIX}off-${unitCode}`, role: 'officer', scope: unitReach(unitCode) };
}

/** The manager of a unit's city (of the province for a province-level unit): issues and reviews. */
export function managerOf(unitCode: string): Persona {
  const scope = unitCode.slice(2, 4) === '00' ? unitCode.slice(0, 2) : unitCode.slice(0, 4);
  return { username: `${SIM_PREFIX}mgr-${scope}`, role: 'manager', scope };
}

export type PlannedStep =
  | { action: 'receive'; at: number; late: boolean; by: Persona }
  | { action: 'answer'; at: number; late: boolean; cite: boolean; pick: number; by: Persona }
  | { action: 'review'; at: number; decision: 'accept' | 'return'; pick: number; by: Persona };

export interface PlanOptions {
  seed: number;
  /** How much faster than real time the simulated people live (60: their hour is a minute). */
  scale: number;
}

const ms = (iso: string): number => Date.parse(iso);

/** The next step of an order's simulated people, or null (closed, cancelled, never, or a real person's). */
export function planStep(order: Supervision, o: PlanOptions): PlannedStep | null {
  if (!isOpenOrder(order)) return null;
  const rng = new Rng(o.seed).fork(order.supervision_id);
  if (order.state === 'answered') return planReview(order, rng, o.scale);
  if (!officersMayAct(order)) return null;
  if (order.state === 'issued') return planReceive(order, rng);
  const lastReview = order.reviews[order.reviews.length - 1];
  const anchor =
    order.state === 'returned' && lastReview ? ms(lastReview.at) : ms(order.received_at ?? order.issued_at);
  return planAnswer(order, rng.fork('answer', order.answers.length), anchor);
}

/** Officers act unless someone who is not simulated has received or answered the order. */
function officersMayAct(order: Supervision): boolean {
  if (order.received_by !== null && !isSimulated(order.received_by)) return false;
  return order.answers.every((a) => isSimulated(a.by));
}

function planReceive(order: Supervision, parent: Rng): PlannedStep | null {
  const rng = parent.fork('receive');
  const fate = rng.weighted([
    ['on_time', 0.75],
    ['late', 0.18],
    ['never', 0.07],
  ] as const);
  if (fate === 'never') return null;
  const issued = ms(order.issued_at);
  const window = Math.max(1_000, ms(order.receive_due_at) - issued);
  const late = fate === 'late';
  const at = issued + window * (late ? rng.uniform(1.15, 2.6) : rng.early(0.05, 0.85));
  return { action: 'receive', at: Math.round(at), late, by: officerOf(order.unit_code) };
}

function planAnswer(order: Supervision, rng: Rng, anchor: number): PlannedStep {
  const due = ms(order.feedback_due_at);
  const window = Math.max(1_000, due - anchor);
  const late = rng.chance(order.answers.length === 0 ? 0.15 : 0.05);
  const at = late
    ? Math.max(anchor, due) + window * rng.uniform(0.1, 0.5)
    : anchor + window * rng.early(0.05, 0.7);
  const cite = rng.chance(0.5);
  return {
    action: 'answer',
    at: Math.round(at),
    late,
    cite,
    pick: rng.next(),
    by: officerOf(order.unit_code),
  };
}

/** Only orders issued by simulated managers or by a policy (`system`) are the simulated managers' to review. */
function planReview(order: Supervision, parent: Rng, scale: number): PlannedStep | null {
  if (order.issued_by !== 'system' && !isSimulated(order.issued_by)) return null;
  const last = order.answers[order.answers.length - 1];
  if (!last) return null;
  const rng = parent.fork('review', order.answers.length);
  const delay = (rng.early(10, 120) * MINUTE) / scale;
  const returnChance = [0, 0.25, 0.1][order.answers.length] ?? 0;
  const decision = rng.chance(returnChance) ? 'return' : 'accept';
  return {
    action: 'review',
    at: Math.round(ms(last.at) + delay),
    decision,
    pick: rng.next(),
    by: managerOf(order.unit_code),
  };
}
