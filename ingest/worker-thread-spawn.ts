/** Starting the ingest worker thread (see worker-thread.ts) from its entry, compiled or from source. */
import type { Worker } from 'node:worker_threads';
import { spawnThread } from '../common/node/spawn-thread.js';
import type { ThreadConfig } from './worker-thread-protocol.js';

export function spawnIngestThread(config: ThreadConfig): Worker {
  return spawnThread(import.meta.url, './worker-thread.entry', config);
}
