/**
 * The orchestrator's two forms for tests that must hold for both: over a memory state, and over the Redis
 * state of a real redis-server (each engine in a freshly flushed database of its own; two can live at once).
 */
import { Redis } from 'ioredis';
import type { Rule } from '../../common/rules.js';
import { AlertOrchestrator, memoryEngine } from '../../alerts/orchestrator/index.js';
import { RedisEngineState } from '../../alerts/redis/redis-state.js';
import type { SourceCatalog } from '../../alerts/sources/index.js';
import { TestEngine } from './test-engine.js';
import { startTestRedis } from './test-redis.js';

export interface EngineSpec {
  rules: readonly Rule[];
  graceMs: number;
  sources?: SourceCatalog | undefined;
}

export interface EngineForm {
  name: string;
  create(spec: EngineSpec): Promise<TestEngine>;
}

export const memoryForm: EngineForm = {
  name: 'memory',
  create: async (spec) => new TestEngine(memoryEngine(spec.rules, spec)),
};

export interface RedisForm extends EngineForm {
  close(): Promise<void>;
}

/** Starts a redis-server of its own (temp dir); engines take databases 0–15 in turn. */
export async function redisForm(): Promise<RedisForm> {
  const server = await startTestRedis('engine-form');
  const handle = server.handle;
  const open: Redis[] = [];
  let next = 0;
  return {
    name: 'redis',
    async create(spec) {
      const redis = new Redis({ ...handle.options, db: next++ % 16, maxRetriesPerRequest: null });
      await redis.flushdb();
      open.push(redis);
      while (open.length > 4) open.shift()!.disconnect();
      const state = new RedisEngineState(redis);
      return new TestEngine(new AlertOrchestrator({ state, ...spec }));
    },
    async close() {
      for (const r of open) r.disconnect();
      await server.stop();
    },
  };
}
