/** The orchestrator over a fresh memory state: what tests, replay and back-testing run. */
import type { Rule } from '../../common/rules.js';
import type { SourceCatalog } from '../sources/index.js';
import { MemoryEngineState } from './memory-state.js';
import { AlertOrchestrator } from './orchestrator.js';

export type MemoryEngine = AlertOrchestrator<MemoryEngineState>;

export function memoryEngine(
  rules: readonly Rule[],
  options: { graceMs: number; horizonMs?: number | undefined; sources?: SourceCatalog | undefined },
): MemoryEngine {
  return new AlertOrchestrator({ state: new MemoryEngineState(), rules, ...options });
}
