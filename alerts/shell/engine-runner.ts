/**
 * Runs the alert engine: consumes the stored-events feed, fires wake-ups every `tickMs`, records changes in
 * ClickHouse, and calls `onChanges` (e.g. logging, tests). Stops cleanly: what was taken is finished.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { RedisOptions } from 'ioredis';
import type { AlertChange } from '../../common/alerts.js';
import type { Logger } from '../../common/node/logger.js';
import { connectRedis } from '../../common/node/redis.js';
import type { Rule } from '../../common/rules.js';
import { StoredFeedReader } from '../../ingest/stored-feed.js';
import { AlertRecorder } from '../store/alert-recorder.js';
import { recordObligations } from '../store/obligation-ledger.js';
import { recordTransitions } from '../store/source-recorder.js';
import type { SourceCatalog } from '../sources/index.js';
import { reconcile } from '../recovery/reconcile.js';
import { rebuildFromClickHouse } from '../recovery/rebuild.js';
import { AlertEngine } from './alert-engine.js';
import { KEYS } from './keys.js';

/**
 * One engine per installation consumes the feed under a fixed name, so that after a crash the restarted
 * engine is handed back the entries the dead one had taken but not acknowledged.
 */
const STORED_CONSUMER = 'engine';

export interface EngineRunnerOptions {
  redis: RedisOptions;
  clickhouse: ClickHouseClient;
  rules: readonly Rule[];
  graceMs: number;
  logger: Logger;
  tickMs?: number;
  now?: () => number;
  onChanges?: (changes: AlertChange[]) => void;
  /** Reconciliation period; 0 turns it off. */
  reconcileEveryMs?: number;
  /** Source health (issue #6). */
  sources?: SourceCatalog;
  /** How often source health is judged (default 1 s). */
  sourceCheckMs?: number;
}

export interface EngineRunner {
  engine: AlertEngine;
  /** Entries of the feed not yet processed. */
  lag(): Promise<number>;
  /** The highest seq recorded in ClickHouse. */
  recordedSeq(): Promise<number>;
  /** Resolves when the feed is empty and changes are recorded (tests, rebuild). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export function startEngineRunner(o: EngineRunnerOptions): EngineRunner {
  const log = o.logger.child({ component: 'alert-engine' });
  const redis = connectRedis({ ...o.redis, maxRetriesPerRequest: null }, log, 'engine');
  const feedRedis = connectRedis({ ...o.redis, maxRetriesPerRequest: null }, log, 'engine feed');
  const engine = new AlertEngine({
    redis,
    rules: o.rules,
    graceMs: o.graceMs,
    logger: log,
    ...(o.now ? { now: o.now } : {}),
    ...(o.sources ? { sources: o.sources } : {}),
  });
  const feed = new StoredFeedReader(feedRedis, STORED_CONSUMER);
  const recorder = new AlertRecorder(redis, o.clickhouse);
  const tickMs = o.tickMs ?? 200;
  const now = o.now ?? Date.now;
  let running = true;
  const report = (changes: AlertChange[]): void => {
    if (changes.length > 0) o.onChanges?.(changes);
  };

  const consume = async (): Promise<void> => {
    while (running) {
      try {
        const entries = await feed.read(20, 500);
        if (entries.length === 0) continue;
        const step = await engine.processEvents(entries.flatMap((e) => e.events));
        await recordObligations(o.clickhouse, step.obligations, now());
        report(step.changes);
        await feed.ack(entries.map((e) => e.id));
      } catch (err) {
        if (!running) break;
        log.error({ err: (err as Error).message }, 'processing stored events failed; retrying');
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  };

  let nextSourceCheck = 0;
  const checkSources = async (): Promise<void> => {
    if (!o.sources || Date.now() < nextSourceCheck) return;
    nextSourceCheck = Date.now() + (o.sourceCheckMs ?? 1_000);
    const m = await engine.monitorSources();
    if (m.transitions.length > 0) {
      const keys = m.transitions.map((t) => t.key);
      const held = await engine.sources.heldCounts(keys);
      await recordTransitions(o.clickhouse, m.transitions, m.activities, held);
      for (const t of m.transitions) {
        const level = t.to === 'healthy' ? 'info' : 'warn';
        log[level](
          { source: t.key, from: t.from, to: t.to, held: held.get(t.key) ?? 0 },
          'source health changed',
        );
      }
    }
    report(m.changes);
  };

  const timers = async (): Promise<void> => {
    while (running) {
      try {
        await checkSources();
        let woken: number;
        do {
          const step = await engine.tick();
          await recordObligations(o.clickhouse, step.obligations, now());
          report(step.changes);
          woken = step.woken;
        } while (woken >= 2_000 && running);
        while ((await recorder.recordPending()) > 0 && running);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'wake-ups or recording failed; retrying');
      }
      await new Promise((r) => setTimeout(r, tickMs));
    }
  };

  // Redis without engine state (fresh, flushed, lost): rebuild it from ClickHouse before anything else.
  const init = (async () => {
    while (running) {
      try {
        if (await redis.exists(KEYS.ready)) return;
        await rebuildFromClickHouse({
          redis,
          clickhouse: o.clickhouse,
          rules: o.rules,
          graceMs: o.graceMs,
          logger: log,
          now,
        });
        return;
      } catch (err) {
        log.error({ err: (err as Error).message }, 'rebuilding the engine state failed; retrying in 5 s');
        await new Promise((r) => setTimeout(r, 5_000));
      }
    }
  })();

  const reconciler = async (): Promise<void> => {
    const every = o.reconcileEveryMs ?? 300_000;
    if (every <= 0) return;
    while (running) {
      await sleepWhileRunning(every);
      if (!running) break;
      try {
        const r = await reconcile({
          clickhouse: o.clickhouse,
          redis,
          engine,
          rules: o.rules,
          graceMs: o.graceMs,
          logger: log,
          now,
        });
        await recordObligations(o.clickhouse, r.obligations, now());
        report(r.raised);
        log.info(
          { candidates: r.candidates, reevaluated: r.reevaluated, raised: r.raised.length },
          'reconciliation done',
        );
      } catch (err) {
        log.error({ err: (err as Error).message }, 'reconciliation failed');
      }
    }
  };
  const sleepWhileRunning = async (ms: number): Promise<void> => {
    const end = Date.now() + ms;
    while (running && Date.now() < end)
      await new Promise((r) => setTimeout(r, Math.min(500, end - Date.now())));
  };

  const loops = [init.then(consume), init.then(timers), init.then(reconciler)];
  return {
    engine,
    lag: () => feed.lag(),
    recordedSeq: async () => Number((await redis.get(KEYS.recorded)) ?? 0),
    async settled() {
      await init;
      for (;;) {
        const lag = await feed.lag();
        const recorded = Number((await redis.get(KEYS.recorded)) ?? 0);
        if (lag === 0 && recorded >= (await engine.alerts.currentSeq())) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      running = false;
      await Promise.allSettled(loops); // a blocking read returns within 500 ms
      feedRedis.disconnect();
      await recorder.recordPending().catch(() => 0);
      redis.disconnect();
    },
  };
}
