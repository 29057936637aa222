/**
 * Messages between the main thread and the notify lanes' thread (notifier.ts). Imports nothing that loads
 * ClickHouse: the thread must never load the embedded engine (see ingest/worker-thread.ts).
 */
import type { RedisOptions } from 'ioredis';
import type { NotifySetup } from './notify-file.js';

/** What the thread is started with (structured-cloned): the setup as the main thread read it. */
export interface LanesThreadConfig {
  redis: RedisOptions;
  setup: NotifySetup;
  zone: string;
  /** Unit code → name, for the texts; kept up to date by `names` messages. */
  names: [string, string][];
  /** PUBLIC_URL, or the server's own address. */
  url: string;
  concurrency?: number;
  /** The main thread's log level (the thread's lines are logged by the main thread's logger). */
  level: string;
}

/** Messages from the main thread to the thread. */
export type ToLanes = { t: 'names'; names: [string, string][] } | { t: 'close' };

/** Messages from the thread: its log lines (pino's JSON), and the lifecycle. */
export type FromLanes = { t: 'log'; line: string } | { t: 'ready' } | { t: 'closed' };
