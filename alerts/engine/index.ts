/**
 * The pure alert engine: what the orchestrator (alerts/orchestrator) drives over its state, in memory or in
 * Redis. No I/O, no timers; the clock is an argument.
 * Protocol for one batch of events at processing time `now`:
 *   1. fact = toFact(event, now, index); load the records of entityKeysOf(fact) and mergeFact into each
 *      (skip the event when no record changed: a duplicate).
 *   2. refs = touchedObligations(fact, index, lookupOfLoadedRecords).
 *   3. for each ref: derive through tracing(lookup); load the keys it read that were not loaded; repeat until
 *      none are missing (a join needs one more round); then advance(alert, obligation, now, graceMs).
 *   4. store the alert, publish the changes (assigning seq), wake the obligation again at step.wakeAt.
 * On a wake-up: derive the obligation again from its records and advance(alert, obligation, now, graceMs).
 */
export { advance } from './advance.js';
export type { Step } from './advance.js';
export { deriveObligation, refId, tracing } from './derive.js';
export { entityKey, entityKeysOf, entityKeysOfEvent, mergeFact, preferred, toFact } from './facts.js';
export { loadRules, loadRulesOrThrow } from './load-rules.js';
export { acknowledge, resolveManually } from './manual.js';
export type { ManualResult } from './manual.js';
export { indexRules } from './rule-index.js';
export type { RuleIndex } from './rule-index.js';
export { touchedObligations } from './touched.js';
export type * from './types.js';
