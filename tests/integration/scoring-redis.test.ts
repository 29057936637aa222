/**
 * The orchestrator over the Redis state of a real redis-server scored against the simulator's ground truth:
 * the same scenarios and bar (100 % precision and recall per rule) as the memory form.
 */
import { afterAll, beforeAll } from 'vitest';
import { redisForm } from '../helpers/engine-forms.js';
import type { RedisForm } from '../helpers/engine-forms.js';
import { simulatorScoringSuite } from '../helpers/simulator-scoring.js';

let form: RedisForm;
beforeAll(async () => {
  form = await redisForm();
});
afterAll(async () => {
  await form?.close();
});

simulatorScoringSuite(() => form);
