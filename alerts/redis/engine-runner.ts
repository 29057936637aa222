/**
 * Runs the live alert engine: the orchestrator over the Redis state, fed by the stored-events feed; wake-ups
 * and source health every `tickMs`; changes recorded in ClickHouse; periodic reconciliation. Each of these is
 * a supervised loop (run, log, back off, retry). Stops cleanly: what was taken is finished.
 */
import type { SupervisionFile } from '../../common/supervision.js';
import { SupervisionClerk } from '../supervision/clerk.js';
import { SupervisionDeadlines } from '../supervision/deadlines.js';
import { OrderWriter } from '../supervision/order-writer.js';
import { SupervisionStore } from './supervision-store.js';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Redis, RedisOptions } from 'ioredis';
import type { AlertChange } from '../../common/alerts.js';
import type { Logger } from '../../common/node/logger.js';
import { connectRedis } from '../../common/node/redis.js';
import { LoopControl } from '../../common/node/supervised-loop.js';
import type { StepOutcome } from '../../common/node/supervised-loop.js';
import type { Rule } from '../../common/rules.js';
import { StoredFeedReader } from '../../ingest/stored-feed.js';
import { AlertOrchestrator, WAKE_BATCH } from '../orchestrator/index.js';
import { defaultLegalClock } from '../engine/default-clock.js';
import type { LegalClock } from '../engine/legal-clock.js';
import { CalendarGapReporter } from './calendar-gaps.js';
import { rebuildFromClickHouse } from '../recovery/rebuild.js';
import { reconcile } from '../recovery/reconcile.js';
import type { SourceCatalog } from '../sources/index.js';
import { AlertRecorder } from '../store/alert-recorder.js';
import type { Obligation } from '../engine/index.js';
import { recordObligations } from '../store/obligation-ledger.js';
import { recordTransitions } from '../store/source-recorder.js';
import { KEYS } from './keys.js';
import { RedisEngineState } from './redis-state.js';

/**
 * One engine per installation consumes the feed under a fixed name, so that after a crash the restarted
 * engine is handed back the entries the dead one had taken but not acknowledged.
 */
const STORED_CONSUMER = 'engine';
/** Ledger rows of a burst's wake-ups held before they are written (a long outage's backlog is written in parts). */
const LEDGER_FLUSH_ROWS = 20_000;

export interface EngineRunnerOptions {
  redis: RedisOptions;
  clickhouse: ClickHouseClient;
  rules: readonly Rule[];
  /** Counts day and month limits; absent: the shipped calendar in Asia/Shanghai. */
  legalClock?: LegalClock;
  graceMs: number;
  /** BACKFILL_HORIZON_HOURS in ms (CONTRACT §6.4); absent: 48 h. */
  horizonMs?: number;
  logger: Logger;
  tickMs?: number;
  now?: () => number;
  onChanges?: (changes: AlertChange[]) => void;
  /** Reconciliation period; 0 turns it off. */
  reconcileEveryMs?: number;
  /** Monitored sources hold overdue alerts while down. */
  sources?: SourceCatalog;
  /** How often source health is judged (default 1 s). */
  sourceCheckMs?: number;
  /** 督办 limits and policies: orders' deadlines and automatic orders ride on the engine's wake-ups. */
  supervision?: SupervisionFile;
  /** The unit's zone (order numbers are dated in it); default Asia/Shanghai. */
  zone?: string;
}

export type RedisOrchestrator = AlertOrchestrator<RedisEngineState>;

export class EngineRunner {
  readonly engine: RedisOrchestrator;
  private readonly log: Logger;
  private readonly redis: Redis;
  private readonly feedRedis: Redis;
  private readonly feed: StoredFeedReader;
  private readonly recorder: AlertRecorder;
  private readonly calendarGaps: CalendarGapReporter;
  private readonly control = new LoopControl();
  private readonly now: () => number;
  private readonly ready: Promise<void>;
  private readonly loops: Promise<void>[];
  private nextSourceCheck = 0;

  constructor(private readonly o: EngineRunnerOptions) {
    this.log = o.logger.child({ component: 'alert-engine' });
    this.redis = connectRedis({ ...o.redis, maxRetriesPerRequest: null }, this.log, 'engine');
    this.feedRedis = connectRedis({ ...o.redis, maxRetriesPerRequest: null }, this.log, 'engine feed');
    this.now = o.now ?? Date.now;
    const state = new RedisEngineState(this.redis);
    this.engine = new AlertOrchestrator({
      state,
      clerks: o.supervision ? [supervisionClerk(this.redis, state, o)] : [],
      rules: o.rules,
      legalClock: o.legalClock ?? defaultLegalClock(),
      graceMs: o.graceMs,
      horizonMs: o.horizonMs,
      sources: o.sources,
      log: this.log,
      now: this.now,
    });
    this.feed = new StoredFeedReader(this.feedRedis, STORED_CONSUMER);
    this.recorder = new AlertRecorder(this.redis, o.clickhouse);
    this.calendarGaps = new CalendarGapReporter(this.redis, o.legalClock ?? defaultLegalClock());
    const log = this.log;
    this.ready = this.control.loop({ what: 'rebuilding the engine state', log, backoffMs: 5_000 }, () =>
      this.ensureState(),
    );
    const every = o.reconcileEveryMs ?? 300_000;
    this.loops = [
      this.ready.then(() =>
        this.control.loop({ what: 'processing stored events', log }, () => this.consume()),
      ),
      this.ready.then(() =>
        this.control.loop({ what: 'wake-ups or recording', log, everyMs: o.tickMs ?? 200 }, () =>
          this.timers(),
        ),
      ),
      every <= 0
        ? Promise.resolve()
        : this.ready.then(() =>
            this.control.loop({ what: 'reconciliation', log, everyMs: every, initialDelayMs: every }, () =>
              this.reconcileOnce(),
            ),
          ),
    ];
  }

  /** Entries of the feed not yet processed. */
  lag(): Promise<number> {
    return this.feed.lag();
  }

  /** The highest seq recorded in ClickHouse. */
  recordedSeq(): Promise<number> {
    return this.recorder.recordedSeq();
  }

  /** Resolves when the feed is empty and changes are recorded (tests, rebuild). */
  async settled(): Promise<void> {
    await this.ready;
    for (;;) {
      const [lag, recorded, seq] = await Promise.all([
        this.feed.lag(),
        this.recorder.recordedSeq(),
        this.engine.state.alerts.currentSeq(),
      ]);
      if (lag === 0 && recorded >= seq) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    this.control.stop();
    await Promise.allSettled([this.ready, ...this.loops]); // a blocking read returns within 500 ms
    this.feedRedis.disconnect();
    await this.recorder.recordPending().catch(() => 0);
    this.redis.disconnect();
  }

  /** Redis without engine state (fresh, flushed, lost): rebuild it from ClickHouse before anything else. */
  private async ensureState(): Promise<StepOutcome> {
    if (await this.redis.exists(KEYS.ready)) return 'done';
    const o = this.o;
    const deps = {
      clickhouse: o.clickhouse,
      rules: o.rules,
      legalClock: o.legalClock,
      graceMs: o.graceMs,
      horizonMs: o.horizonMs,
      logger: this.log,
      now: this.now,
      policies: o.supervision?.policies ?? [],
    };
    await rebuildFromClickHouse({ ...deps, redis: this.redis });
    return 'done';
  }

  private report(changes: AlertChange[]): void {
    if (changes.length > 0) this.o.onChanges?.(changes);
  }

  /** One read of the stored-events feed, processed, recorded in the ledger, then acknowledged. */
  private async consume(): Promise<StepOutcome> {
    const entries = await this.feed.read(20, 500);
    if (entries.length === 0) return 'again';
    const step = await this.engine.ingest(entries.flatMap((e) => e.events));
    await recordObligations(this.o.clickhouse, step.obligations, this.now());
    this.report(step.changes);
    await this.feed.ack(entries.map((e) => e.id));
    return 'again';
  }

  /**
   * Source health when its period has come, every wake-up due, then the change record brought up to date. A
   * burst of deadlines is woken batch after batch and each batch reported at once; the ledger rows of the
   * batches are written together after them (up to LEDGER_FLUSH_ROWS at a time), so that a 10,000-alert burst
   * does not wait on one ClickHouse insert per batch before its next alerts are raised.
   */
  private async timers(): Promise<StepOutcome> {
    await this.checkSources();
    await this.calendarGaps.report(this.now());
    let woken: number;
    const ledger: Obligation[] = [];
    do {
      const step = await this.engine.wake();
      this.report(step.changes);
      ledger.push(...step.obligations);
      if (ledger.length >= LEDGER_FLUSH_ROWS)
        await recordObligations(this.o.clickhouse, ledger.splice(0), this.now());
      woken = step.woken;
    } while (woken >= WAKE_BATCH && this.control.isRunning);
    await recordObligations(this.o.clickhouse, ledger, this.now());
    while ((await this.recorder.recordPending()) > 0 && this.control.isRunning);
    return 'wait';
  }

  private async checkSources(): Promise<void> {
    if (!this.o.sources || Date.now() < this.nextSourceCheck) return;
    this.nextSourceCheck = Date.now() + (this.o.sourceCheckMs ?? 1_000);
    const m = await this.engine.judgeSources();
    if (m.transitions.length > 0) {
      const keys = m.transitions.map((t) => t.key);
      const held = await this.engine.state.sources.heldCounts(keys);
      await recordTransitions(this.o.clickhouse, m.transitions, m.activities, held);
      for (const t of m.transitions) {
        const level = t.to === 'healthy' ? 'info' : 'warn';
        const fields = { source: t.key, from: t.from, to: t.to, held: held.get(t.key) ?? 0 };
        this.log[level](fields, 'source health changed');
      }
    }
    this.report(m.changes);
  }

  private async reconcileOnce(): Promise<StepOutcome> {
    const o = this.o;
    const r = await reconcile({
      clickhouse: o.clickhouse,
      engine: this.engine,
      rules: o.rules,
      graceMs: o.graceMs,
      logger: this.log,
      now: this.now,
    });
    await recordObligations(o.clickhouse, r.obligations, this.now());
    this.report(r.raised);
    const counts = { candidates: r.candidates, reevaluated: r.reevaluated, raised: r.raised.length };
    this.log.info(counts, 'reconciliation done');
    return 'wait';
  }
}

/** The supervision clerk over the engine's Redis state (its alert book and wake set). */
function supervisionClerk(redis: Redis, state: RedisEngineState, o: EngineRunnerOptions): SupervisionClerk {
  const file = o.supervision!;
  const deadlines = new SupervisionDeadlines(file.levels, o.legalClock ?? defaultLegalClock());
  const writer = new OrderWriter(
    new SupervisionStore(redis),
    state.alerts,
    deadlines,
    o.zone ?? 'Asia/Shanghai',
  );
  return new SupervisionClerk(writer, state.alerts, state.wakes, file.policies);
}

export function startEngineRunner(o: EngineRunnerOptions): EngineRunner {
  return new EngineRunner(o);
}
