/** Source health (is each feeding system alive, and what waits for it): catalogue, health, holding gate, monitor, outage alerts. Pure. */
export { buildCatalog, emptyCatalog } from './catalog.js';
export type { Expectation, SourceCatalog, SourceSpec } from './catalog.js';
export { activeMs, healthAt } from './health.js';
export { currentHealth, holdOf, lastActivity, makeGate } from './gate.js';
export type { Gate, Hold, SourceActivity, SourceState, SourceView } from './gate.js';
export { INITIAL_STATE, evaluate, eventObservations, monitorStep, observe } from './monitor.js';
export type { MonitorStep, Observation, OutageStep, SourceEvent, Transition } from './monitor.js';
export { OUTAGE_LEGAL_BASIS, outageAlert, outageResolved } from './outage.js';
