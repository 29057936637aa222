/** Inside the notify lanes' thread (see notifier.ts): the lanes, logging through the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { startLanes } from './lanes.js';
import type { FromLanes, LanesThreadConfig, ToLanes } from './lanes-thread-protocol.js';

const port = parentPort;
if (!port) throw new Error('lanes-thread.entry runs only as a worker thread');
const config = workerData as LanesThreadConfig;
let names = new Map(config.names);
const logger = pino(
  { level: config.level },
  { write: (line: string) => port.postMessage({ t: 'log', line } satisfies FromLanes) },
);

const lanes = await startLanes({
  redis: config.redis,
  setup: config.setup,
  zone: config.zone,
  publicUrl: () => config.url,
  unitName: (code) => names.get(code),
  logger,
  ...(config.concurrency ? { concurrency: config.concurrency } : {}),
});

port.on('message', (m: ToLanes) => {
  if (m.t === 'names') names = new Map(m.names);
  else
    void lanes
      .stop()
      .catch((err: unknown) => logger.error({ err }, 'stopping the notify lanes failed'))
      .finally(() => port.postMessage({ t: 'closed' } satisfies FromLanes));
});

port.postMessage({ t: 'ready' } satisfies FromLanes);
