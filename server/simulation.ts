/**
 * The demo feed of `npm start` (SIMULATE=1): on a first start, a few days of Guangxi history so the wall
 * has something to show at once, then a live stream. Later starts continue live only.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../common/node/clickhouse.js';
import type { EventSink } from '../common/ingest.js';
import type { Logger } from '../common/node/logger.js';
import { LoopControl } from '../common/node/supervised-loop.js';
import { DEFAULT_RATE_PER_HOUR } from '../ingest/simulator/scenario.js';
import { LiveSimulator, runBackfill } from '../ingest/simulator/simulate.js';

export interface SimulationOptions {
  sink: EventSink;
  clickhouse: ClickHouseClient;
  logger: Logger;
  rate: number;
  backfillDays: number;
  /**
   * Called every minute while the simulation runs: the simulated systems' heartbeats (a failed one is
   * retried sooner, with back-off).
   */
  heartbeat?: () => Promise<void>;
}

const HEARTBEAT_MS = 60_000;

export interface Simulation {
  stop(): Promise<void>;
}

export async function startSimulation(o: SimulationOptions): Promise<Simulation> {
  const log = o.logger.child({ component: 'simulator' });
  const seed = `vigil-${Date.now()}`;
  const ratePerHour = DEFAULT_RATE_PER_HOUR * o.rate;
  const [row] = await queryRows<{ n: string }>(
    o.clickhouse,
    "SELECT count() AS n FROM events WHERE startsWith(unit_code, '45')",
  );
  let live: LiveSimulator | null = null;
  const control = new LoopControl();
  const { heartbeat } = o;
  const beating = heartbeat
    ? control.loop({ what: 'the simulated heartbeat', log, everyMs: HEARTBEAT_MS }, async () => {
        await heartbeat();
        return 'wait';
      })
    : Promise.resolve();
  const run = async (): Promise<void> => {
    let pending: Awaited<ReturnType<typeof runBackfill>>['pending'] = [];
    let startAt: number | undefined;
    if (Number(row?.n ?? 0) === 0 && o.backfillDays > 0) {
      const result = await runBackfill({
        seed,
        ratePerHour,
        sink: o.sink,
        now: Date.now(),
        days: o.backfillDays,
      });
      log.info({ days: o.backfillDays, accepted: result.accepted }, 'simulated history loaded');
      pending = result.pending;
      startAt = result.end;
    }
    if (!control.isRunning) return;
    live = new LiveSimulator({
      seed,
      ratePerHour,
      sink: o.sink,
      pending,
      ...(startAt !== undefined ? { startAt } : {}),
      onError: (err) => log.warn({ err }, 'simulated batch not accepted; retrying'),
    });
    live.start();
    log.info({ ratePerHour }, 'live simulation running');
  };
  const running = run().catch((err: unknown) => log.error({ err }, 'simulator failed'));
  return {
    async stop() {
      control.stop();
      await beating;
      await running;
      await live?.stop();
    },
  };
}
