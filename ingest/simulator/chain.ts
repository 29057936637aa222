/**
 * What chain generators build with: one `Chain` per incident or case story, bound to one station. It mints
 * stable ids, emits events with whole-second times, and plans every deadline obligation (on time, late or
 * never, with optional extensions before or after the deadline), recording the plan for cross-checks.
 */
import type { PoliceEvent } from '../../common/events.js';
import type { EventType } from '../../common/event-types.js';
import type { Unit } from '../../common/units.js';
import { defaultLegalClock } from '../../alerts/engine/default-clock.js';
import {
  DAY_MS,
  type ConditionRuleId,
  type DeadlineRuleId,
  type RuleId,
  type RuleLimit,
} from './ground-truth.js';
import { hashSeed, type Rng } from './rng.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
const CST_OFFSET_MS = 8 * 3_600_000;

export interface PlannedEvent {
  ms: number;
  event: PoliceEvent;
}

export type PlannedOutcome = 'on_time' | 'late' | 'never';

/** What the generator intended for one obligation (independent of the truth oracle). */
export interface PlannedObligation {
  rule_id: DeadlineRuleId;
  key: string;
  trigger_ms: number;
  due_ms: number;
  planned: PlannedOutcome;
  satisfier_ms: number | null;
  /** Time of the last extension event (or the trigger): the plan holds only if this is within the window. */
  settled_ms: number;
}

export interface PlannedViolation {
  rule_id: ConditionRuleId;
  key: string;
  at_ms: number;
}

export interface PlanOutput {
  events: PlannedEvent[];
  obligations: PlannedObligation[];
  violations: PlannedViolation[];
}

export interface ChainEnv {
  tag: string;
  chainNo: number;
  unit: Unit;
  rng: Rng;
  rates: Readonly<Record<RuleId, number>>;
  extensionRate: number;
  out: PlanOutput;
}

export type EventFields = Omit<PoliceEvent, 'event_id' | 'type' | 'occurred_at' | 'unit_code'>;

export interface DeadlineOpts {
  rule: DeadlineRuleId;
  key: string;
  trigger: number;
  /** Exact milliseconds, or days / months counted on the unit's calendar. */
  limit: RuleLimit;
  /** The satisfier cannot happen before this (e.g. closing an incident before arriving). */
  notBefore?: number;
  /** Delay of an on-time satisfier after the earliest possible moment. */
  typical: () => number;
  /** How late a late satisfier is, after the due time. */
  lateBy?: () => number;
  /** Longer limits an extension event may set (ascending), and how to emit one. */
  extensions?: readonly RuleLimit[];
  extend?: (ms: number, newLimit: RuleLimit) => void;
}

export const floorSec = (ms: number): number => Math.floor(ms / SECOND) * SECOND;
const ceilSec = (ms: number): number => Math.ceil(ms / SECOND) * SECOND;

/** The number of days a limit stands for (the `days` attr of an extension event). */
export function daysOf(limit: RuleLimit): number {
  return typeof limit === 'number' ? Math.round(limit / DAY_MS) : limit.amount;
}

/** ISO-8601 in China Standard Time ("2026-11-26T16:30:05+08:00"), as most source systems send. */
export function isoCst(ms: number): string {
  const local = new Date(ms + CST_OFFSET_MS).toISOString();
  const frac = ms % SECOND === 0 ? '' : local.slice(19, 23);
  return `${local.slice(0, 19)}${frac}+08:00`;
}

const OFFICER_POOLS = new Map<string, string[]>();
const AUXILIARY_POOLS = new Map<string, string[]>();

function stationPool(pools: Map<string, string[]>, code: string, prefix: string, salt: number): string[] {
  let pool = pools.get(code);
  if (!pool) {
    const ids = Array.from(
      { length: 12 },
      (_, i) => prefix + String(100_000 + (hashSeed(code, salt, i) % 900_000)),
    );
    pool = [...new Set(ids)];
    pools.set(code, pool);
  }
  return pool;
}

export type Staff = Pick<EventFields, 'officer_ids' | 'auxiliary_ids'>;

export class Chain {
  private seq = 0;
  private readonly ymd: string;

  constructor(
    private readonly env: ChainEnv,
    readonly startMs: number,
  ) {
    this.ymd = isoCst(startMs).slice(0, 10).replaceAll('-', '');
  }

  get rng(): Rng {
    return this.env.rng;
  }

  get unit(): Unit {
    return this.env.unit;
  }

  /** A new link-key value: prefix + county code + date + run tag + chain + sequence. */
  id(prefix: string): string {
    const chain = this.env.chainNo.toString(36).padStart(5, '0');
    return `${prefix}${this.unit.code.slice(0, 6)}${this.ymd}${this.env.tag}${chain}${(this.seq++).toString(36).padStart(2, '0')}`;
  }

  emit(type: EventType, ms: number, fields: EventFields, source?: string): string {
    const event_id = `sim-${this.env.tag}-${this.env.chainNo.toString(36)}-${(this.seq++).toString(36)}`;
    const occurred_at = this.rng.chance(0.85) ? isoCst(ms) : new Date(ms).toISOString();
    const event: PoliceEvent = { event_id, type, occurred_at, unit_code: this.unit.code };
    if (source) event.source = source;
    Object.assign(event, fields);
    this.env.out.events.push({ ms, event });
    return event_id;
  }

  private draw(pool: readonly string[], n: number): string[] {
    const out = new Set<string>();
    while (out.size < Math.min(n, pool.length)) out.add(this.rng.pick(pool));
    return [...out];
  }

  /** `n` distinct officer numbers (警号) of this station. */
  officers(n: number): string[] {
    let pool = OFFICER_POOLS.get(this.unit.code);
    if (!pool) {
      pool = [
        ...new Set(
          Array.from({ length: 12 }, (_, i) => String(100_000 + (hashSeed(this.unit.code, i) % 900_000))),
        ),
      ];
      OFFICER_POOLS.set(this.unit.code, pool);
    }
    return this.draw(pool, n);
  }

  /** `n` distinct auxiliary police (辅警) numbers of this station. */
  auxiliaries(n: number): string[] {
    return this.draw(stationPool(AUXILIARY_POOLS, this.unit.code, 'FJ', 7), n);
  }

  /**
   * Who performs an act R-AUX-01 watches (a measure, a seizure, a decision): `n` officers, often with
   * auxiliaries; at the rule's rate auxiliaries alone (a violation, recorded under `key`).
   */
  staff(n: number, key: string, at: number): Staff {
    const r = this.rng;
    if (this.violates('R-AUX-01')) {
      this.recordViolation('R-AUX-01', key, at);
      return { auxiliary_ids: this.auxiliaries(r.int(1, 2)) };
    }
    const officer_ids = this.officers(n);
    return r.chance(0.35) ? { officer_ids, auxiliary_ids: this.auxiliaries(r.int(1, 2)) } : { officer_ids };
  }

  /** Whether to commit a condition-rule violation here (drawn at the rule's configured rate). */
  violates(rule: ConditionRuleId): boolean {
    return this.rng.chance(this.env.rates[rule]);
  }

  recordViolation(rule: ConditionRuleId, key: string, atMs: number): void {
    this.env.out.violations.push({ rule_id: rule, key, at_ms: atMs });
  }

  /**
   * Due time of a limit from `trigger` for this chain's unit. Planning may use the engine's legal clock (the
   * ground truth does not: it counts on its own, truth-calendar.ts, and the tests compare the two).
   */
  dueAt(trigger: number, limit: RuleLimit): number {
    if (typeof limit === 'number') return trigger + limit;
    const period = { amount: limit.amount, unit: limit.unit };
    return defaultLegalClock().due(trigger, period, limit.calendar, this.unit.code).due;
  }

  private plannedOutcome(rule: DeadlineRuleId): PlannedOutcome {
    const r = this.rng;
    if (!r.chance(this.env.rates[rule])) return 'on_time';
    return r.chance(0.5) ? 'late' : 'never';
  }

  /** Plans one obligation; emits its extension events; returns when the satisfier happens (null: never). */
  deadline(o: DeadlineOpts): number | null {
    const r = this.rng;
    let planned = this.plannedOutcome(o.rule);
    const base = this.dueAt(o.trigger, o.limit);
    const span = base - o.trigger;
    let due = base;
    let settled = o.trigger;
    let lateWindow: [number, number] | undefined;
    const limits = o.extensions ?? [];
    if (limits.length > 0 && o.extend && r.chance(this.env.extensionRate)) {
      if (planned !== 'late' || r.chance(0.5)) {
        // Effective: strictly before the due_at in force; sometimes a second, longer one.
        let idx = r.int(0, limits.length - 1);
        const at = clamp(
          floorSec(o.trigger + span * r.uniform(0.03, 0.95)),
          o.trigger + MINUTE,
          base - MINUTE,
        );
        o.extend(at, limits[idx]!);
        due = this.dueAt(o.trigger, limits[idx]!);
        settled = at;
        if (idx < limits.length - 1 && r.chance(0.25)) {
          const at2 = clamp(floorSec(at + (due - at) * r.uniform(0.2, 0.9)), at + MINUTE, due - MINUTE);
          idx = r.int(idx + 1, limits.length - 1);
          o.extend(at2, limits[idx]!);
          due = this.dueAt(o.trigger, limits[idx]!);
          settled = at2;
        }
      } else {
        // Ineffective: after the deadline. The late satisfier falls where the extension would have covered it.
        const newLimit = r.pick(limits);
        const newDue = this.dueAt(o.trigger, newLimit);
        const at = floorSec(base + MINUTE + Math.min(span / 2, newDue - base) * r.uniform(0, 0.8));
        o.extend(at, newLimit);
        settled = at;
        lateWindow = [at + MINUTE, newDue];
      }
    }
    const earliest = ceilSec(Math.max(o.trigger, o.notBefore ?? o.trigger) + MINUTE);
    let at: number | null = null;
    if (planned === 'on_time') {
      if (r.chance(0.03)) at = due;
      else if (due > base && r.chance(0.5)) at = floorSec(base + (due - base) * r.next());
      else at = floorSec(earliest + o.typical());
      at = Math.max(earliest, Math.min(at, due));
      if (at > due) planned = 'late';
    } else if (planned === 'late') {
      const by = o.lateBy ? o.lateBy() : r.early(MINUTE, Math.max(2 * MINUTE, span));
      at = lateWindow && lateWindow[1] > lateWindow[0] ? r.uniform(lateWindow[0], lateWindow[1]) : due + by;
      at = ceilSec(Math.max(at, earliest, due + SECOND));
    }
    this.env.out.obligations.push({
      rule_id: o.rule,
      key: o.key,
      trigger_ms: o.trigger,
      due_ms: due,
      planned,
      satisfier_ms: at,
      settled_ms: settled,
    });
    return at;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
