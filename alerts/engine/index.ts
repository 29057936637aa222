/**
 * The pure alert engine: what a shell (in memory, Redis) needs. No I/O, no timers; the clock is an argument.
 * Protocol for one batch of events at processing time `now`:
 *   1. fact = toFact(event, now, index); load the records of entityKeysOf(fact) and mergeFact into each
 *      (skip the event when no record changed: a duplicate).
 *   2. refs = touchedObligations(fact, index, lookupOfLoadedRecords).
 *   3. for each ref: derive through tracing(lookup); load the keys it read that were not loaded; repeat until
 *      none are missing (a join needs one more round); then advance(alert, obligation, now, graceMs).
 *   4. store the alert, publish the changes (assigning seq), keep the obligation and wake at step.wakeAt.
 * On a wake-up: advance(alert, storedObligation, now, graceMs) — the facts have not changed since, or step 3
 * would have re-derived it.
 */
export { advance } from './advance.js';
export type { Step } from './advance.js';
export { deriveObligation, refId, tracing } from './derive.js';
export { entityKey, entityKeysOf, entityKeysOfEvent, mergeFact, toFact } from './facts.js';
export { loadRules, loadRulesOrThrow } from './load-rules.js';
export { acknowledge, resolveManually } from './manual.js';
export type { ManualResult } from './manual.js';
export { Engine } from './memory-engine.js';
export type { EngineEvent, EngineOptions } from './memory-engine.js';
export { indexRules } from './rule-index.js';
export type { RuleIndex } from './rule-index.js';
export { touchedObligations } from './touched.js';
export type * from './types.js';
