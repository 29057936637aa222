/** Order independence of the orchestrator over a memory state (the suite: tests/helpers/order-independence.ts). */
import { describe } from 'vitest';
import { memoryForm } from '../helpers/engine-forms.js';
import { orderIndependenceSuite } from '../helpers/order-independence.js';

describe('order independence (memory state)', () => {
  orderIndependenceSuite(() => memoryForm, { A: 300, B: 400, C: 300, exercise: 400, generator: 200 });
});
