/**
 * The alert orchestrator and its state: `AlertOrchestrator` runs the pure engine over an `EngineState`
 * (`MemoryEngineState` here; the Redis one in alerts/redis), `AlertDesk` takes manual actions.
 */
export { AlertDesk } from './alert-desk.js';
export type { DeskAction, ManualOutcome } from './alert-desk.js';
export type { EngineStep } from './judge.js';
export { MemoryEngineState } from './memory-state.js';
export { AlertOrchestrator, WAKE_BATCH } from './orchestrator.js';
export type { IngestOptions, OrchestratorOptions } from './orchestrator.js';
export { memberRef, refMember } from './ref-member.js';
export type { SourceJudgement } from './source-watch.js';
export type {
  AlertBook,
  AlertWrite,
  EngineState,
  RecordBook,
  SourceBook,
  WakeBook,
  WakeClerk,
} from './state.js';
export { memoryEngine } from './memory-engine.js';
export type { MemoryEngine } from './memory-engine.js';
