/**
 * Order independence of the orchestrator over the Redis state of a real redis-server: the same suite as the
 * memory form (tests/helpers/order-independence.ts), fewer random runs (each costs Redis round trips); the
 * fixed-seed properties keep their seeds, so they check the same scenarios as far as they go.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { redisForm } from '../helpers/engine-forms.js';
import type { RedisForm } from '../helpers/engine-forms.js';
import { orderIndependenceSuite } from '../helpers/order-independence.js';

let form: RedisForm;
beforeAll(async () => {
  form = await redisForm();
});
afterAll(async () => {
  await form?.close();
});

describe('order independence (Redis state)', () => {
  orderIndependenceSuite(() => form, {
    A: 100,
    B: 120,
    C: 150,
    exercise: 400,
    generator: 200,
    timeoutMs: 600_000,
  });
});
