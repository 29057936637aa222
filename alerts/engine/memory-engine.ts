/**
 * The alert engine in memory, assembled from the pure parts: facts per entity, derived obligations, the alert
 * state machine and a wake-up queue. Used by unit tests, replay and back-testing; the Redis shell does the same
 * steps with records, alerts and wake-ups kept in Redis. Like that shell it numbers changes with `seq`.
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import { parseIsoWithZone } from '../../common/events.js';
import type { PoliceEvent } from '../../common/events.js';
import type { Rule } from '../../common/rules.js';
import { eventObservations, makeGate, monitorStep, observe, outageResolved } from '../sources/index.js';
import type { SourceActivity, SourceCatalog, SourceState } from '../sources/index.js';
import { advance, change } from './advance.js';
import { deriveObligation, refId } from './derive.js';
import { entityKeysOf, preferred, toFact } from './facts.js';
import { acknowledge, resolveManually } from './manual.js';
import type { ManualResult } from './manual.js';
import { indexRules } from './rule-index.js';
import type { RuleIndex } from './rule-index.js';
import { touchedObligations } from './touched.js';
import type { EntityRecord, Fact, Gate, Lookup, Obligation, ObligationRef } from './types.js';
import { WakeQueue } from './wake-queue.js';

/** An event, optionally with the time it was first ingested (replay keeps the original processing time). */
export type EngineEvent = PoliceEvent & { ingested_at?: string };

export interface EngineOptions {
  /** ALERT_GRACE_SECONDS in milliseconds. */
  graceMs: number;
  /** Source health (issue #6): with monitored sources, overdue alerts are held while their source is down. */
  sources?: SourceCatalog;
}

export type EngineManualResult = ManualResult | { ok: false; reason: 'not_found' };

export class Engine {
  private readonly index: RuleIndex;
  private readonly records = new Map<string, EntityRecord>();
  private readonly alertsById = new Map<string, Alert>();
  /** Obligations waiting for a wake-up (facts unchanged since derived). */
  private readonly pending = new Map<string, Obligation>();
  private readonly wake = new WakeQueue();
  private readonly lookup: Lookup = (key) => this.records.get(key);
  private seq = 0;
  /** Source partitions: activity, recorded health, and the held alerts of each (alert_id → due_at). */
  private readonly activity = new Map<string, SourceActivity>();
  private readonly sourceStates = new Map<string, SourceState>();
  private readonly held = new Map<string, Map<string, number>>();
  private readonly gate: Gate | undefined;

  constructor(
    rules: readonly Rule[],
    private readonly options: EngineOptions,
  ) {
    this.index = indexRules(rules);
    this.gate = options.sources
      ? makeGate(options.sources, {
          activity: (k) => this.activity.get(k),
          state: (k) => this.sourceStates.get(k),
        })
      : undefined;
  }

  /** Takes a batch of validated events at processing time `now` (epoch ms); returns the alert changes. */
  ingest(events: readonly EngineEvent[], now: number): AlertChange[] {
    this.observeSources(events, now);
    const fresh: Fact[] = [];
    for (const event of events) {
      const seen = (event.ingested_at && parseIsoWithZone(event.ingested_at)) || now;
      const fact = toFact(event, seen, this.index);
      if (!fact) continue;
      let changed = false;
      for (const key of entityKeysOf(fact, this.index)) changed = this.merge(key, fact) || changed;
      if (changed) fresh.push(fact);
    }
    const touched = new Map<string, ObligationRef>();
    for (const fact of fresh) {
      for (const ref of touchedObligations(fact, this.index, this.lookup)) touched.set(refId(ref), ref);
    }
    const changes: AlertChange[] = [];
    for (const id of [...touched.keys()].sort()) {
      changes.push(...this.step(id, deriveObligation(touched.get(id)!, this.index, this.lookup), now));
    }
    return changes;
  }

  /** Judges source health, then advances every obligation whose wake-up time has come. */
  tick(now: number): AlertChange[] {
    const changes: AlertChange[] = this.monitorSources(now);
    for (const id of this.wake.popDue(now)) changes.push(...this.step(id, this.pending.get(id) ?? null, now));
    return changes;
  }

  /** Every alert, by alert_id. */
  alerts(): Alert[] {
    return [...this.alertsById.values()].sort((a, b) => (a.alert_id < b.alert_id ? -1 : 1));
  }

  get(alertId: string): Alert | undefined {
    return this.alertsById.get(alertId);
  }

  /** The next wake-up time (epoch ms), or null: lets a replay driver jump its clock. */
  nextWakeAt(): number | null {
    return this.wake.peek();
  }

  /** A source's heartbeat for a unit prefix (`asOf`: it has delivered everything up to then). */
  heartbeat(sourceId: string, prefix: string, now: number, asOf?: number): void {
    const spec = this.options.sources?.byId.get(sourceId);
    if (!spec) return;
    const key = this.options.sources!.keyFor(spec, prefix);
    const o = asOf === undefined ? { heartbeatAt: now } : { heartbeatAt: now, asOf };
    this.activity.set(key, observe(this.activity.get(key), o));
  }

  /** Source partitions as known now: activity, recorded state and held alerts. */
  sources(): { key: string; activity: SourceActivity; state: SourceState | undefined; held: number }[] {
    return [...this.activity].map(([key, activity]) => ({
      key,
      activity,
      state: this.sourceStates.get(key),
      held: this.held.get(key)?.size ?? 0,
    }));
  }

  acknowledge(alertId: string, actor: string, now: number, note?: string): EngineManualResult {
    const alert = this.alertsById.get(alertId);
    return alert ? this.apply(acknowledge(alert, actor, now, note)) : { ok: false, reason: 'not_found' };
  }

  resolve(alertId: string, actor: string, now: number, note: string): EngineManualResult {
    const alert = this.alertsById.get(alertId);
    if (!alert) return { ok: false, reason: 'not_found' };
    const result = this.apply(resolveManually(alert, actor, now, note));
    if (result.ok) this.schedule(alertId, null, null);
    return result;
  }

  private apply(result: ManualResult): ManualResult {
    if (!result.ok) return result;
    const changes = this.numbered(result.changes);
    if (changes.length > 0) this.alertsById.set(result.alert.alert_id, changes[changes.length - 1]!.alert);
    return { ok: true, alert: this.alertsById.get(result.alert.alert_id)!, changes };
  }

  /** mergeFact, in place: the records are this engine's own. */
  private merge(key: string, fact: Fact): boolean {
    const record = this.records.get(key);
    if (!record) {
      this.records.set(key, { facts: { [fact.id]: fact } });
      return true;
    }
    const existing = record.facts[fact.id];
    if (existing && preferred(existing, fact) === existing) return false;
    record.facts[fact.id] = fact;
    return true;
  }

  private step(id: string, obligation: Obligation | null, now: number): AlertChange[] {
    const prev = this.alertsById.get(id) ?? null;
    const next = advance(prev, obligation, now, this.options.graceMs, this.gate);
    const changes = this.numbered(next.changes);
    const last = changes[changes.length - 1];
    if (last) this.alertsById.set(id, last.alert);
    const alert = this.alertsById.get(id);
    if (prev?.held_by !== undefined) this.held.get(prev.held_by)?.delete(id);
    if (alert?.held_by !== undefined && obligation) {
      const set = this.held.get(alert.held_by) ?? new Map<string, number>();
      set.set(id, obligation.due_at);
      this.held.set(alert.held_by, set);
    }
    this.schedule(id, obligation, next.wakeAt, alert?.state === 'held');
    return changes;
  }

  private schedule(id: string, obligation: Obligation | null, wakeAt: number | null, keep = false): void {
    this.wake.set(id, wakeAt);
    if ((wakeAt === null && !keep) || !obligation) this.pending.delete(id);
    else this.pending.set(id, obligation);
  }

  /** The events' sources' activity, merged before anything is judged (a backlog counts at once). */
  private observeSources(events: readonly EngineEvent[], now: number): void {
    const catalog = this.options.sources;
    if (!catalog?.monitored) return;
    for (const [key, o] of eventObservations(catalog, events, now))
      this.activity.set(key, observe(this.activity.get(key), o));
  }

  /** Health transitions (outage alerts raised and resolved), and wake-ups for held alerts that may go. */
  private monitorSources(now: number): AlertChange[] {
    const catalog = this.options.sources;
    if (!catalog?.monitored) return [];
    const step = monitorStep(catalog, this.activity, (k) => this.sourceStates.get(k), now);
    const out: AlertChange[] = [];
    for (const o of step.outages) {
      if ('raise' in o) {
        out.push(...this.record([change('raised', o.raise, now)]));
        continue;
      }
      const a = this.alertsById.get(o.resolve);
      if (a && a.state !== 'resolved')
        out.push(...this.record([change('resolved', outageResolved(a, now), now)]));
    }
    for (const t of step.transitions) this.sourceStates.set(t.key, t.state);
    for (const [key, upTo] of step.release)
      for (const [id, due] of this.held.get(key) ?? []) if (due <= upTo) this.wake.set(id, now);
    return out;
  }

  private record(changes: readonly AlertChange[]): AlertChange[] {
    const numbered = this.numbered(changes);
    for (const c of numbered) this.alertsById.set(c.alert_id, c.alert);
    return numbered;
  }

  /** Gives each change the next seq, as the shell will. */
  private numbered(changes: readonly AlertChange[]): AlertChange[] {
    return changes.map((c) => {
      this.seq += 1;
      return { ...c, alert: { ...c.alert, seq: this.seq } };
    });
  }
}
