/**
 * The alert orchestrator: the one place where the pure engine (alerts/engine) meets state. It runs the
 * protocol of alerts/engine/index.ts over an `EngineState` — in memory for tests, replay and back-testing, in
 * Redis for the live system — so both give the same alerts for the same events by construction.
 *
 *   ingest(events) — merge each event's fact into its entities' records, derive every obligation a changed
 *                    record touches, advance its alert, write alerts and wake-ups, then the records;
 *   wake(now)      — advance the obligations whose wake-up time has come;
 *   judgeSources   — source health: transitions, outage alerts, held alerts released;
 *   tick(now)      — both of the above until nothing is due (replay and tests drive the clock with it).
 *
 * Calls are serialised. Crash safety (live): alerts and wake-ups are written before the records, and the feed
 * entry is acknowledged by the caller last; a batch delivered again after a crash finds its facts new again and
 * recomputes, idempotently. Manual actions (AlertDesk) are compare-and-set writes from any process.
 */
import type { LegalClock } from '../engine/legal-clock.js';
import type { AlertChange } from '../../common/alerts.js';
import { parseIsoWithZone } from '../../common/events.js';
import type { Rule } from '../../common/rules.js';
import { entityKeysOf, indexRules, preferred, refId, toFact, touchedObligations } from '../engine/index.js';
import type { EngineEvent, EntityRecord, Fact, ObligationRef, RuleIndex } from '../engine/index.js';
import type { SourceCatalog } from '../sources/index.js';
import type { RecordCache } from './derive-refs.js';
import { judgeRefs } from './judge.js';
import type { EngineStep, JudgeContext } from './judge.js';
import { memberRef } from './ref-member.js';
import { SourceWatch } from './source-watch.js';
import type { SourceJudgement } from './source-watch.js';
import type { EngineState, WakeClerk } from './state.js';

export interface OrchestratorOptions<S extends EngineState> {
  state: S;
  rules: readonly Rule[];
  /** Counts day and month limits; absent: the shipped calendar in Asia/Shanghai. */
  legalClock?: LegalClock | undefined;
  /** ALERT_GRACE_SECONDS in milliseconds. */
  graceMs: number;
  /** BACKFILL_HORIZON_HOURS in milliseconds: a violation first judged later than this after its deadline is
   *  historical (CONTRACT §6.4); absent: 48 h. */
  horizonMs?: number | undefined;
  /** Monitored sources hold overdue alerts while down; absent or without expectations: nothing is held. */
  sources?: SourceCatalog | undefined;
  log?: { error(obj: object, msg: string): void };
  /** Processing time when a call does not pass one. */
  now?: () => number;
  /** Owners of wake-ups other than obligations (supervision orders and policies). */
  clerks?: readonly WakeClerk[];
}

export interface IngestOptions {
  /** Re-derive every obligation the events touch even when their facts are known (reconciliation). */
  force?: boolean;
  /** Marks alerts raised by this call as found this way. */
  foundBy?: string;
}

/** Wake-ups advanced per `wake` call. */
export const WAKE_BATCH = 2_000;

export class AlertOrchestrator<S extends EngineState = EngineState> {
  readonly state: S;
  readonly sourceWatch: SourceWatch;
  private readonly index: RuleIndex;
  private readonly ctx: JudgeContext;
  private readonly clock: () => number;
  private readonly clerks: readonly WakeClerk[];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(o: OrchestratorOptions<S>) {
    this.state = o.state;
    this.index = indexRules(o.rules, o.legalClock);
    this.clock = o.now ?? Date.now;
    this.clerks = o.clerks ?? [];
    this.sourceWatch = new SourceWatch(o.state, o.sources);
    const log = o.log ?? { error: () => undefined };
    this.ctx = { state: o.state, index: this.index, graceMs: o.graceMs, horizonMs: o.horizonMs, log };
  }

  /** Takes a batch of events at processing time `now`; returns the published changes and derived obligations. */
  ingest(events: readonly EngineEvent[], now = this.clock(), opts: IngestOptions = {}): Promise<EngineStep> {
    return this.serial(async () => {
      await this.sourceWatch.observe(events, now);
      const facts: Fact[] = [];
      for (const e of events) {
        const fact = toFact(e, (e.ingested_at && parseIsoWithZone(e.ingested_at)) || now, this.index);
        if (fact) facts.push(fact);
      }
      const cache: RecordCache = new Map();
      await this.state.records.load([...new Set(facts.flatMap((f) => entityKeysOf(f, this.index)))], cache);
      const { fresh, dirty } = this.merge(facts, cache, opts.force === true);
      const refs = new Map<string, ObligationRef>();
      const lookup = (k: string): EntityRecord | undefined => cache.get(k);
      for (const fact of fresh)
        for (const ref of touchedObligations(fact, this.index, lookup)) refs.set(refId(ref), ref);
      const ordered = [...refs.keys()].sort().map((id) => refs.get(id)!);
      const gate = await this.sourceWatch.gate();
      const step = await judgeRefs(this.ctx, ordered, cache, now, { gate, foundBy: opts.foundBy });
      await this.state.records.save(dirty);
      await this.noted(step.changes, now);
      return step;
    });
  }

  /** Advances the obligations whose wake-up time has come (at most `limit`); hands clerks their members. */
  wake(now = this.clock(), limit = WAKE_BATCH): Promise<EngineStep & { woken: number }> {
    return this.serial(async () => {
      const members = await this.state.wakes.due(now, limit);
      if (members.length === 0) return { changes: [], obligations: [], woken: 0 };
      const refs = members.filter((m) => m.startsWith('['));
      const clerkChanges = await this.wakeClerks(
        members.filter((m) => !m.startsWith('[')),
        now,
      );
      const gate = await this.sourceWatch.gate();
      const popped = new Set(refs);
      const step = await judgeRefs(this.ctx, refs.map(memberRef), new Map(), now, { popped, gate });
      await this.noted(step.changes, now);
      return { ...step, changes: [...clerkChanges, ...step.changes], woken: members.length };
    });
  }

  /** Hands each clerk its due members; a member no clerk owns is dropped (written by another version). */
  private async wakeClerks(members: readonly string[], now: number): Promise<AlertChange[]> {
    if (members.length === 0) return [];
    const out: AlertChange[] = [];
    const orphans = new Map<string, null>();
    for (const m of members) if (!this.clerks.some((c) => c.owns(m))) orphans.set(m, null);
    if (orphans.size > 0) await this.state.wakes.set(orphans);
    for (const clerk of this.clerks) {
      const mine = members.filter((m) => clerk.owns(m));
      if (mine.length > 0) out.push(...(await clerk.wake(mine, now)));
    }
    return out;
  }

  private async noted(changes: readonly AlertChange[], now: number): Promise<void> {
    if (changes.length > 0) for (const clerk of this.clerks) await clerk.noted(changes, now);
  }

  /** Judges source health: transitions, outage alerts, held alerts woken. */
  judgeSources(now = this.clock()): Promise<SourceJudgement> {
    return this.serial(async () => {
      const judgement = await this.sourceWatch.judge(now);
      await this.noted(judgement.changes, now);
      return judgement;
    });
  }

  /** Judges source health, then advances everything due at `now`; returns the changes. */
  async tick(now = this.clock()): Promise<AlertChange[]> {
    const changes = [...(await this.judgeSources(now)).changes];
    for (;;) {
      const step = await this.wake(now);
      changes.push(...step.changes);
      if (step.woken < WAKE_BATCH) return changes;
    }
  }

  /** A source's heartbeat for a unit prefix (`asOf`: it has delivered everything up to then). */
  heartbeat(sourceId: string, prefix: string, now = this.clock(), asOf?: number): Promise<void> {
    return this.serial(() => this.sourceWatch.heartbeat(sourceId, prefix, now, asOf));
  }

  /** The next wake-up time (epoch ms), or null: lets a replay driver jump its clock. */
  nextWakeAt(): Promise<number | null> {
    return this.state.wakes.next();
  }

  /**
   * Merges facts into the loaded records, in place (the cache's records are this step's own copies, or the
   * memory state's records themselves); `fresh`: facts that changed a record (all of them when forced).
   */
  private merge(
    facts: readonly Fact[],
    cache: RecordCache,
    force: boolean,
  ): { fresh: Fact[]; dirty: Map<string, EntityRecord> } {
    const dirty = new Map<string, EntityRecord>();
    const fresh: Fact[] = [];
    for (const fact of facts) {
      let changed = false;
      for (const key of entityKeysOf(fact, this.index)) {
        let record = cache.get(key);
        const existing = record?.facts[fact.id];
        if (existing && preferred(existing, fact) === existing) continue;
        if (record) record.facts[fact.id] = fact;
        else cache.set(key, (record = { facts: { [fact.id]: fact } }));
        dirty.set(key, record);
        changed = true;
      }
      if (changed || force) fresh.push(fact);
    }
    return { fresh, dirty };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
