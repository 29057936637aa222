/**
 * The alert engine on Redis: the pure core (alerts/engine) driven by stored events and wake-ups, with its
 * state in Redis (records, alerts, wake-ups) and every change numbered and published through AlertStore.
 *
 * One engine instance per installation processes events and wake-ups (ROLE=all or ROLE=alerts); calls are
 * serialised in-process. Manual acknowledge/resolve may come from any process: they are compare-and-set
 * writes, and the engine re-reads and recomputes when one got in between.
 *
 * Crash safety: alerts and wake-ups are written before the facts, and the feed entry is acknowledged
 * last; a re-delivered batch after a crash therefore finds its facts new again and recomputes, and the
 * recomputation is idempotent (the stored alert already reflects it).
 */
import type { Redis } from 'ioredis';
import type { Alert, AlertChange } from '../../common/alerts.js';
import { parseIsoWithZone } from '../../common/events.js';
import type { StoredEvent } from '../../common/events.js';
import type { Logger } from '../../common/node/logger.js';
import type { Rule } from '../../common/rules.js';
import {
  acknowledge,
  advance,
  deriveObligation,
  entityKeysOf,
  indexRules,
  mergeFact,
  refId,
  resolveManually,
  toFact,
  touchedObligations,
  tracing,
} from '../engine/index.js';
import type { EntityRecord, Fact, Gate, Obligation, ObligationRef, RuleIndex } from '../engine/index.js';
import { change } from '../engine/advance.js';
import { splitSourceKey } from '../../common/sources.js';
import { eventObservations, makeGate, monitorStep, outageResolved } from '../sources/index.js';
import type { SourceActivity, SourceCatalog, SourceState, Transition } from '../sources/index.js';
import { AlertStore } from './alert-store.js';
import type { AlertWrite } from './alert-store.js';
import { KEYS } from './keys.js';
import { RecordStore } from './record-store.js';
import { SourceStore } from './source-store.js';
import { WakeStore, memberRef, refMember } from './wake-store.js';

export interface AlertEngineDeps {
  redis: Redis;
  rules: readonly Rule[];
  graceMs: number;
  logger: Logger;
  now?: () => number;
  /** Source health (issue #6); absent or without expectations: nothing is ever held. */
  sources?: SourceCatalog;
}

/** What one engine step produced: the published changes and the obligations as derived now (the ledger). */
export interface EngineStep {
  changes: AlertChange[];
  obligations: Obligation[];
}

export type ManualOutcome =
  | { ok: true; alert: Alert; changes: AlertChange[] }
  | { ok: false; reason: 'not_found' | 'resolved' | 'held' };

type Cache = Map<string, EntityRecord | undefined>;

const MAX_JOIN_ROUNDS = 4;
const MAX_CAS_RETRIES = 10;

export class AlertEngine {
  readonly alerts: AlertStore;
  readonly wakes: WakeStore;
  readonly sources: SourceStore;
  private readonly records: RecordStore;
  private readonly index: RuleIndex;
  private readonly now: () => number;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: AlertEngineDeps) {
    this.alerts = new AlertStore(deps.redis);
    this.wakes = new WakeStore(deps.redis);
    this.records = new RecordStore(deps.redis);
    this.sources = new SourceStore(deps.redis);
    this.index = indexRules(deps.rules);
    this.now = deps.now ?? Date.now;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Merges stored events into the facts and advances every obligation they touch. */
  /**
   * `force`: re-derive every obligation the events touch even when their facts are known already
   * (reconciliation after the live state was damaged). `foundBy` marks alerts raised by this call.
   */
  processEvents(
    events: readonly StoredEvent[],
    opts: { foundBy?: string; force?: boolean } = {},
  ): Promise<EngineStep> {
    return this.serial(async () => {
      const now = this.now();
      const cache: Cache = new Map();
      const facts: Fact[] = [];
      for (const e of events) {
        const fact = toFact(e, parseIsoWithZone(e.ingested_at) ?? now, this.index);
        if (fact) facts.push(fact);
      }
      await this.observeSources(events, now);
      await this.records.load([...new Set(facts.flatMap((f) => entityKeysOf(f, this.index)))], cache);
      const dirty = new Map<string, EntityRecord>();
      const refs = new Map<string, ObligationRef>();
      const fresh: Fact[] = [];
      for (const fact of facts) {
        let changed = false;
        for (const key of entityKeysOf(fact, this.index)) {
          const merged = mergeFact(cache.get(key), fact);
          if (!merged.changed) continue;
          cache.set(key, merged.record);
          dirty.set(key, merged.record);
          changed = true;
        }
        if (changed || opts.force) fresh.push(fact);
      }
      const lookup = (k: string): EntityRecord | undefined => cache.get(k);
      for (const fact of fresh) {
        for (const ref of touchedObligations(fact, this.index, lookup)) refs.set(refMember(ref), ref);
      }
      const gate = await this.gate();
      const step = await this.advanceRefs([...refs.values()], cache, now, new Set(), opts.foundBy, gate);
      await this.records.save(dirty);
      return step;
    });
  }

  /** Advances every obligation whose wake-up time has come (at most `limit` per call). */
  tick(limit = 2_000): Promise<EngineStep & { woken: number }> {
    return this.serial(async () => {
      const now = this.now();
      const members = await this.wakes.due(now, limit);
      if (members.length === 0) return { changes: [], obligations: [], woken: 0 };
      const gate = await this.gate();
      const refs = members.map(memberRef);
      const step = await this.advanceRefs(refs, new Map(), now, new Set(members), undefined, gate);
      return { ...step, woken: members.length };
    });
  }

  /**
   * Judges source health (issue #6): records transitions, raises and resolves outage alerts, and wakes the
   * held alerts of partitions that are back (all of them at recovery, then those whose due_at the source
   * declared caught up) so that the gate judges them again.
   */
  monitorSources(): Promise<{
    changes: AlertChange[];
    transitions: Transition[];
    /** The partitions' activity the judgement was made on (for recording the transitions). */
    activities: Map<string, SourceActivity>;
  }> {
    return this.serial(async () => {
      const catalog = this.deps.sources;
      const now = this.now();
      const [activities, states] = await Promise.all([this.sources.activities(), this.sources.states()]);
      const changes: AlertChange[] = await this.releaseOrphans(states, now);
      if (!catalog?.monitored) return { changes, transitions: [], activities };
      const step = monitorStep(catalog, activities, (k) => states.get(k), now);
      for (const o of step.outages) {
        if ('resolve' in o) {
          changes.push(...(await this.resolveOutage(o.resolve, now)));
          continue;
        }
        const raised = [change('raised', o.raise, now)];
        const [seq] = await this.alerts.apply([{ expectedSeq: 0, changes: raised }]);
        if (seq !== null && seq !== undefined) changes.push(...number(raised, seq));
      }
      await this.sources.setStates(new Map(step.transitions.map((t) => [t.key, t.state])));
      const wake = new Map<string, number | null>();
      for (const [key, upTo] of step.release)
        for (const m of await this.sources.heldUpTo(key, upTo)) wake.set(m, now);
      await this.wakes.set(wake);
      return { changes, transitions: step.transitions, activities };
    });
  }

  /**
   * Partitions recorded under an expectation the configuration no longer has (SOURCES_FILE changed, source
   * removed): nothing will judge them again, so their held alerts are woken (the gate lets them go), their
   * outage alert resolved and their record dropped.
   */
  private async releaseOrphans(states: Map<string, SourceState>, now: number): Promise<AlertChange[]> {
    const catalog = this.deps.sources;
    const orphans = [...states.keys()].filter((k) => !catalog?.byId.get(splitSourceKey(k).source)?.expect);
    const changes: AlertChange[] = [];
    for (const key of orphans) {
      const wake = new Map((await this.sources.heldUpTo(key, Infinity)).map((m) => [m, now]));
      await this.wakes.set(wake);
      const outage = states.get(key)?.outageAlertId;
      if (outage) changes.push(...(await this.resolveOutage(outage, now)));
      await this.sources.dropState(key);
      states.delete(key);
    }
    return changes;
  }

  private async resolveOutage(alertId: string, now: number): Promise<AlertChange[]> {
    for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
      const cur = await this.alerts.get(alertId);
      if (!cur || cur.state === 'resolved') return [];
      const c = [change('resolved', outageResolved(cur, now), now)];
      const [seq] = await this.alerts.apply([{ expectedSeq: cur.seq, changes: c }]);
      if (seq !== null && seq !== undefined) return number(c, seq);
    }
    return [];
  }

  /** Activity of the sources of these events, merged before judging (a backlog arriving counts at once). */
  private async observeSources(events: readonly StoredEvent[], now: number): Promise<void> {
    const catalog = this.deps.sources;
    if (!catalog || catalog.specs.length === 0) return; // freshness is kept even without expectations
    await this.sources.observe(eventObservations(catalog, events, now));
  }

  /** The holding gate over the sources' current activity and recorded states (undefined: none monitored). */
  private async gate(): Promise<Gate | undefined> {
    const catalog = this.deps.sources;
    if (!catalog?.monitored) return undefined;
    const [activities, states] = await Promise.all([this.sources.activities(), this.sources.states()]);
    return makeGate(catalog, { activity: (k) => activities.get(k), state: (k) => states.get(k) });
  }

  acknowledge(alertId: string, actor: string, note?: string): Promise<ManualOutcome> {
    return this.manual(alertId, (alert, now) => acknowledge(alert, actor, now, note));
  }

  resolve(alertId: string, actor: string, note: string): Promise<ManualOutcome> {
    return this.manual(alertId, (alert, now) => resolveManually(alert, actor, now, note));
  }

  private async manual(
    alertId: string,
    act: (alert: Alert, now: number) => ReturnType<typeof acknowledge>,
  ): Promise<ManualOutcome> {
    for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
      const alert = await this.alerts.get(alertId);
      if (!alert) return { ok: false, reason: 'not_found' };
      const result = act(alert, this.now());
      if (!result.ok) return result;
      if (result.changes.length === 0) return { ok: true, alert, changes: [] };
      const [seq] = await this.alerts.apply([{ expectedSeq: alert.seq, changes: result.changes }]);
      if (seq === null || seq === undefined) continue; // the engine changed it meanwhile: decide again
      const numbered = number(result.changes, seq);
      return { ok: true, alert: numbered[numbered.length - 1]!.alert, changes: numbered };
    }
    throw new Error(`alert ${alertId} kept changing; try again`);
  }

  /** Derives each ref (loading the records a join needs), advances its alert, writes alerts and wake-ups. */
  private async advanceRefs(
    refs: readonly ObligationRef[],
    cache: Cache,
    now: number,
    popped: ReadonlySet<string> = new Set(),
    foundBy?: string,
    gate?: Gate,
  ): Promise<EngineStep> {
    const obligations = await this.derive(refs, cache);
    const wakes = new Map<string, number | null>([...popped].map((m) => [m, null]));
    const published: AlertChange[] = [];
    const heldAdd = new Map<string, [number, string][]>();
    const heldRemove = new Map<string, string[]>();
    const push = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);
    let pending = refs.map((ref) => ({ ref, id: refId(ref) }));
    for (let attempt = 0; pending.length > 0 && attempt < MAX_CAS_RETRIES; attempt++) {
      const stored = await this.alerts.getMany(pending.map((p) => p.id));
      const writes: AlertWrite[] = [];
      const owners: {
        ref: ObligationRef;
        id: string;
        prevHeld: string | undefined;
        nextHeld: string | undefined;
        due: number;
      }[] = [];
      for (const p of pending) {
        const prev = stored.get(p.id) ?? null;
        const member = refMember(p.ref);
        const o = obligations.get(member) ?? null;
        const step = advance(prev, o, now, this.deps.graceMs, gate);
        wakes.set(member, step.wakeAt);
        if (step.changes.length === 0) continue;
        writes.push({ expectedSeq: prev?.seq ?? 0, changes: step.changes });
        owners.push({ ...p, prevHeld: prev?.held_by, nextHeld: step.alert?.held_by, due: o?.due_at ?? 0 });
      }
      if (foundBy) {
        const raised = writes.filter((w) => w.expectedSeq === 0).map((w) => w.changes[0]!.alert_id);
        if (raised.length > 0)
          await this.deps.redis.hset(KEYS.foundBy, ...raised.flatMap((id) => [id, foundBy]));
      }
      const seqs = await this.alerts.apply(writes);
      const retry: typeof pending = [];
      seqs.forEach((seq, i) => {
        const owner = owners[i]!;
        if (seq === null) return void retry.push(owner);
        published.push(...number(writes[i]!.changes, seq));
        const member = refMember(owner.ref);
        if (owner.prevHeld !== undefined && owner.prevHeld !== owner.nextHeld)
          push(heldRemove, owner.prevHeld, member);
        if (owner.nextHeld !== undefined)
          push(heldAdd, owner.nextHeld, [owner.due, member] as [number, string]);
      });
      pending = retry;
    }
    if (pending.length > 0) this.deps.logger.error({ ids: pending.map((p) => p.id) }, 'alerts kept changing');
    await this.wakes.set(wakes);
    await this.sources.updateHeld(heldAdd, heldRemove);
    const derived = [...obligations.values()].filter((o): o is Obligation => o !== null);
    return { changes: published, obligations: derived };
  }

  private async derive(
    refs: readonly ObligationRef[],
    cache: Cache,
  ): Promise<Map<string, Obligation | null>> {
    const out = new Map<string, Obligation | null>();
    let pending = [...refs];
    for (let round = 0; pending.length > 0; round++) {
      const missing = new Set<string>();
      const again: ObligationRef[] = [];
      for (const ref of pending) {
        const t = tracing((k) => cache.get(k));
        const obligation = deriveObligation(ref, this.index, t.lookup);
        const unloaded = [...t.keys].filter((k) => !cache.has(k));
        if (unloaded.length === 0 || round >= MAX_JOIN_ROUNDS) out.set(refMember(ref), obligation);
        else {
          unloaded.forEach((k) => missing.add(k));
          again.push(ref);
        }
      }
      await this.records.load([...missing], cache);
      pending = again;
    }
    return out;
  }
}

/** The changes as published: seqs end at `lastSeq`, one per change. */
function number(changes: readonly AlertChange[], lastSeq: number): AlertChange[] {
  const first = lastSeq - changes.length + 1;
  return changes.map((c, i) => ({ ...c, alert: { ...c.alert, seq: first + i } }));
}
