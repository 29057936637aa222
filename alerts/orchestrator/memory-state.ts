/**
 * The orchestrator's state in memory: records, alerts, wake-ups and source health in maps and a heap. Used by
 * unit tests, replay and back-testing; behaves as the Redis state does (compare-and-set writes, one seq).
 * Reads that only a memory state can answer cheaply (every alert, every partition) are synchronous extras.
 */
import type { Alert } from '../../common/alerts.js';
import type { EntityRecord } from '../engine/index.js';
import { WakeQueue } from './wake-queue.js';
import { observe } from '../sources/index.js';
import type { Observation, SourceActivity, SourceState } from '../sources/index.js';
import type { AlertBook, AlertWrite, EngineState, RecordBook, SourceBook, WakeBook } from './state.js';

class MemoryRecords implements RecordBook {
  readonly map = new Map<string, EntityRecord>();

  async load(keys: readonly string[], into: Map<string, EntityRecord | undefined>): Promise<void> {
    for (const k of keys) if (!into.has(k)) into.set(k, this.map.get(k));
  }

  async save(records: ReadonlyMap<string, EntityRecord>): Promise<void> {
    for (const [k, r] of records) this.map.set(k, r);
  }
}

class MemoryAlerts implements AlertBook {
  readonly map = new Map<string, Alert>();
  readonly foundBy = new Map<string, string>();
  private seq = 0;

  async get(alertId: string): Promise<Alert | null> {
    return this.map.get(alertId) ?? null;
  }

  async getMany(alertIds: readonly string[]): Promise<Map<string, Alert>> {
    const out = new Map<string, Alert>();
    for (const id of alertIds) {
      const a = this.map.get(id);
      if (a) out.set(id, a);
    }
    return out;
  }

  async existing(alertIds: readonly string[]): Promise<Set<string>> {
    return new Set(alertIds.filter((id) => this.map.has(id)));
  }

  async apply(writes: readonly AlertWrite[]): Promise<(number | null)[]> {
    return writes.map((w) => {
      const last = w.changes[w.changes.length - 1];
      if (!last) return null;
      if ((this.map.get(last.alert_id)?.seq ?? 0) !== w.expectedSeq) return null;
      this.seq += w.changes.length;
      this.map.set(last.alert_id, { ...last.alert, seq: this.seq });
      return this.seq;
    });
  }

  async markFoundBy(alertIds: readonly string[], foundBy: string): Promise<void> {
    for (const id of alertIds) this.foundBy.set(id, foundBy);
  }

  async currentSeq(): Promise<number> {
    return this.seq;
  }

  async unresolvedIds(): Promise<string[]> {
    return [...this.map.values()]
      .filter((a) => a.state !== 'resolved')
      .sort((a, b) => a.seq - b.seq)
      .map((a) => a.alert_id);
  }
}

class MemoryWakes implements WakeBook {
  private readonly queue = new WakeQueue();

  async set(entries: ReadonlyMap<string, number | null>): Promise<void> {
    for (const [member, at] of entries) this.queue.set(member, at);
  }

  async due(now: number, limit: number): Promise<string[]> {
    return this.queue.popDue(now, limit);
  }

  async next(): Promise<number | null> {
    return this.queue.peek();
  }

  async size(): Promise<number> {
    return this.queue.size;
  }
}

class MemorySources implements SourceBook {
  readonly activity = new Map<string, SourceActivity>();
  readonly state = new Map<string, SourceState>();
  /** Held members per partition: member → due_at. */
  readonly held = new Map<string, Map<string, number>>();

  async observe(observations: ReadonlyMap<string, Observation>): Promise<void> {
    for (const [key, o] of observations) this.activity.set(key, observe(this.activity.get(key), o));
  }

  async activities(): Promise<Map<string, SourceActivity>> {
    return new Map([...this.activity].map(([k, a]) => [k, { ...a }]));
  }

  async states(): Promise<Map<string, SourceState>> {
    return new Map(this.state);
  }

  async setStates(states: ReadonlyMap<string, SourceState>): Promise<void> {
    for (const [k, s] of states) this.state.set(k, s);
  }

  async dropState(key: string): Promise<void> {
    this.state.delete(key);
  }

  async updateHeld(
    add: ReadonlyMap<string, [number, string][]>,
    remove: ReadonlyMap<string, string[]>,
  ): Promise<void> {
    for (const [key, members] of remove) for (const m of members) this.held.get(key)?.delete(m);
    for (const [key, entries] of add) {
      const set = this.held.get(key) ?? new Map<string, number>();
      for (const [due, m] of entries) set.set(m, due);
      this.held.set(key, set);
    }
  }

  async heldUpTo(key: string, maxDue: number, limit = 10_000): Promise<string[]> {
    return [...(this.held.get(key) ?? [])]
      .filter(([, due]) => due <= maxDue)
      .sort(([ma, a], [mb, b]) => a - b || (ma < mb ? -1 : ma > mb ? 1 : 0))
      .slice(0, limit)
      .map(([m]) => m);
  }

  async heldCounts(keys: readonly string[]): Promise<Map<string, number>> {
    return new Map(keys.map((k) => [k, this.held.get(k)?.size ?? 0]));
  }
}

export class MemoryEngineState implements EngineState {
  readonly records = new MemoryRecords();
  readonly alerts = new MemoryAlerts();
  readonly wakes = new MemoryWakes();
  readonly sources = new MemorySources();

  /** Every alert, by alert_id. */
  allAlerts(): Alert[] {
    return [...this.alerts.map.values()].sort((a, b) => (a.alert_id < b.alert_id ? -1 : 1));
  }

  alert(alertId: string): Alert | undefined {
    return this.alerts.map.get(alertId);
  }

  /** Source partitions as known now: activity, recorded state and held alerts. */
  partitions(): { key: string; activity: SourceActivity; state: SourceState | undefined; held: number }[] {
    return [...this.sources.activity].map(([key, activity]) => ({
      key,
      activity,
      state: this.sources.state.get(key),
      held: this.sources.held.get(key)?.size ?? 0,
    }));
  }
}
