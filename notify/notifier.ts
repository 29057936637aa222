/**
 * The notify role (ROLE=notify, and part of ROLE=all). Its lanes — the dispatcher on the change stream, the
 * delivery and timer workers, the senders (lanes.ts) — run in a worker thread of their own, so that a burst's
 * deliveries and the engine raising the alerts do not share one event loop: on two cores they run side by
 * side. The thread needs only Redis and the setup; the main thread keeps what needs ClickHouse (the recorder
 * that moves attempts there) and tells the thread the unit names as they are read (PUBLIC_URL, or the
 * server's own address, is known when it starts: after the server listens). A
 * thread that ends is started again (common/node/thread-supervisor.ts): its deliveries are in the queue, and
 * the dispatcher resumes from its durable cursor.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Worker } from 'node:worker_threads';
import type { RedisOptions } from 'ioredis';
import type { Logger } from '../common/node/logger.js';
import { connectRedis } from '../common/node/redis.js';
import { spawnThread } from '../common/node/spawn-thread.js';
import { LoopControl } from '../common/node/supervised-loop.js';
import { BaseThreadLink } from '../common/node/thread-link.js';
import { ThreadSupervisor } from '../common/node/thread-supervisor.js';
import type { Unit } from '../common/units.js';
import type { NotifySetup } from './notify-file.js';
import type { FromLanes, LanesThreadConfig, ToLanes } from './lanes-thread-protocol.js';
import { recordAttempts } from './store/attempts.js';

export interface NotifierOptions {
  redis: RedisOptions;
  clickhouse: ClickHouseClient;
  setup: NotifySetup;
  zone: string;
  /** Where links in messages point (PUBLIC_URL, or this server's address: start the notifier once it listens). */
  publicUrl: () => string;
  /** The unit directory (names in the texts), read at start and every 5 minutes. */
  units: () => Promise<Unit[]>;
  logger: Logger;
  /** How often attempts move to ClickHouse (default 1 s). */
  recordEveryMs?: number;
  concurrency?: number;
}

export interface Notifier {
  /** The running lanes' thread (null while it is being started again); tests make it die. */
  thread(): Worker | null;
  stop(): Promise<void>;
}

const NAMES_EVERY_MS = 300_000;
const LEVELS: Record<number, 'debug' | 'info' | 'warn' | 'error'> = {
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'error',
};

/** A thread's pino line, logged by the main thread's logger. */
function relay(log: Logger, line: string): void {
  try {
    const {
      level,
      msg,
      time: _time,
      pid: _pid,
      hostname: _host,
      ...fields
    } = JSON.parse(line) as {
      level: number;
      msg?: string;
      [k: string]: unknown;
    };
    log[LEVELS[level] ?? 'info'](fields, msg ?? '');
  } catch {
    log.warn({ line }, 'unreadable log line from the notify thread');
  }
}

export async function startNotifier(o: NotifierOptions): Promise<Notifier> {
  const log = o.logger.child({ component: 'notify' });
  let names: [string, string][] = [];
  const config = (): LanesThreadConfig => ({
    redis: o.redis,
    setup: o.setup,
    zone: o.zone,
    names,
    url: o.publicUrl(),
    level: o.logger.level,
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
  });
  const link = () =>
    new BaseThreadLink<FromLanes, ToLanes>(
      spawnThread(import.meta.url, './lanes-thread.entry', config()),
      'the notify thread',
      log,
      (m) => relay(o.logger, m.line),
    );
  const supervisor = new ThreadSupervisor('the notify thread', link, log);
  const tell = (m: ToLanes) => supervisor.current()?.thread.postMessage(m);
  const readNames = async () => {
    names = (await o.units()).map((u) => [u.code, u.name]);
    tell({ t: 'names', names });
  };
  await readNames().catch((err: unknown) => log.warn({ err }, 'unit names not read; codes shown instead'));
  await supervisor.start();
  const timer = setInterval(() => void readNames().catch(() => undefined), NAMES_EVERY_MS);
  timer.unref();
  const redis = connectRedis({ ...o.redis, maxRetriesPerRequest: null }, o.logger, 'notify recorder');
  const control = new LoopControl();
  const recording = control.loop(
    { what: 'recording notification attempts', log, everyMs: o.recordEveryMs ?? 1_000 },
    async () => ((await recordAttempts(redis, o.clickhouse)) > 0 ? 'again' : 'wait'),
  );
  log.info({ channels: o.setup.channels.size, routes: o.setup.file.routes.length }, 'notifications on');
  return {
    thread: () => (supervisor.current()?.thread as Worker | undefined) ?? null,
    async stop() {
      clearInterval(timer);
      await supervisor.close();
      control.stop();
      await recording;
      await recordAttempts(redis, o.clickhouse).catch(() => 0);
      redis.disconnect();
    },
  };
}
