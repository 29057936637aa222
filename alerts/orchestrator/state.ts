/**
 * What the alert orchestrator keeps between calls, as one async interface with two implementations: in memory
 * (`memory-state.ts`: tests, replay, back-testing) and in Redis (`alerts/redis/redis-state.ts`: the live system).
 * The orchestrator holds no state of its own; everything it decides is a function of what this returns.
 *
 *   records  — the facts of each entity (`case_id=C1`), merged by the orchestrator and saved back;
 *   alerts   — every alert with its `seq`; writes are compare-and-set per alert and number each change with the
 *              server-wide seq (and, live, append it to the change stream), so a manual action racing the engine
 *              never overwrites it;
 *   wakes    — when to advance an obligation again (member = `refMember(ref)`, at = processing time);
 *   sources  — source partitions' activity (maxima), recorded health, and held alerts per partition.
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { EntityRecord } from '../engine/index.js';
import type { Observation, SourceActivity, SourceState } from '../sources/index.js';

/** One alert's changes, written only if the alert's seq is still `expectedSeq` (0: it must not exist yet). */
export interface AlertWrite {
  expectedSeq: number;
  changes: AlertChange[];
}

export interface RecordBook {
  /**
   * Loads the records of `keys` not yet in `into` (undefined: nothing known). The orchestrator updates loaded
   * records in place and then saves every record it changed.
   */
  load(keys: readonly string[], into: Map<string, EntityRecord | undefined>): Promise<void>;
  save(records: ReadonlyMap<string, EntityRecord>): Promise<void>;
}

export interface AlertBook {
  get(alertId: string): Promise<Alert | null>;
  getMany(alertIds: readonly string[]): Promise<Map<string, Alert>>;
  /** Which of these alerts exist. */
  existing(alertIds: readonly string[]): Promise<Set<string>>;
  /** Per write, the seq of its last change, or null when the alert changed since it was read. */
  apply(writes: readonly AlertWrite[]): Promise<(number | null)[]>;
  /** Remembers how alerts raised by a write were found (`reconciliation`), for the record. */
  markFoundBy(alertIds: readonly string[], foundBy: string): Promise<void>;
  currentSeq(): Promise<number>;
  /** Unresolved (open, acknowledged or held) alert ids, in seq order. */
  unresolvedIds(): Promise<string[]>;
}

export interface WakeBook {
  /** Sets wake times; null clears one. */
  set(entries: ReadonlyMap<string, number | null>): Promise<void>;
  /** Members due at `now`, earliest first (ties by member). */
  due(now: number, limit: number): Promise<string[]>;
  /** The earliest wake time, or null. */
  next(): Promise<number | null>;
  size(): Promise<number>;
}

export interface SourceBook {
  /** Merges observations into the partitions' activity (each field keeps its maximum). */
  observe(observations: ReadonlyMap<string, Observation>): Promise<void>;
  activities(): Promise<Map<string, SourceActivity>>;
  states(): Promise<Map<string, SourceState>>;
  setStates(states: ReadonlyMap<string, SourceState>): Promise<void>;
  dropState(key: string): Promise<void>;
  /** Moves held members between partitions: `add` (key → [due_at, member]), `remove` (key → members). */
  updateHeld(
    add: ReadonlyMap<string, [number, string][]>,
    remove: ReadonlyMap<string, string[]>,
  ): Promise<void>;
  /** Held members of a partition with due_at ≤ maxDue (all: Infinity). */
  heldUpTo(key: string, maxDue: number, limit?: number): Promise<string[]>;
  heldCounts(keys: readonly string[]): Promise<Map<string, number>>;
}

export interface EngineState {
  records: RecordBook;
  alerts: AlertBook;
  wakes: WakeBook;
  sources: SourceBook;
}

/**
 * A component with wake-ups of its own in the engine's wake set (supervision orders and policies): the
 * orchestrator hands it the due members it owns and shows it every alert change it publishes.
 */
export interface WakeClerk {
  /** Whether a wake-up member is this clerk's (obligation members are JSON arrays, `[…`). */
  owns(member: string): boolean;
  /** Handles its due members (and clears or moves their wake-ups); returns the alert changes it published. */
  wake(members: readonly string[], now: number): Promise<AlertChange[]>;
  /** Sees the alert changes the engine published. */
  noted(changes: readonly AlertChange[], now: number): Promise<void>;
}
