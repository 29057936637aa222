/** Shared fixtures for the alert-engine unit tests: the default catalogue, an event builder, a clock. */
import { readFileSync } from 'node:fs';
import type { Alert } from '../../common/alerts.js';
import type { EventType, PoliceEvent } from '../../common/events.js';
import { loadRulesOrThrow } from '../../alerts/engine/load-rules.js';
import { memoryEngine } from '../../alerts/orchestrator/index.js';
import { TestEngine } from '../helpers/test-engine.js';

export const RULES = loadRulesOrThrow(
  readFileSync(new URL('../../alerts/rules/default-rules.json', import.meta.url), 'utf8'),
  'default-rules.json',
);

export const MIN = 60_000;
export const H = 60 * MIN;
export const D = 24 * H;
export const GRACE = MIN;
/** A Monday, 08:00 Beijing time. */
export const T0 = Date.parse('2026-03-02T00:00:00Z');

export const iso = (ms: number): string => new Date(ms).toISOString();

let counter = 0;
/** An event of `type` at `at` (epoch ms) with link keys, attrs and so on from `fields`. */
export function ev(type: EventType, at: number, fields: Partial<PoliceEvent> = {}): PoliceEvent {
  counter += 1;
  return { event_id: `e${counter}`, type, occurred_at: iso(at), unit_code: '450103520000', ...fields };
}

/** The orchestrator over a fresh memory state, as the tests drive it. */
export function newEngine(graceMs = GRACE): TestEngine {
  return new TestEngine(memoryEngine(RULES, { graceMs }));
}

export async function ofRule(engine: TestEngine, ruleId: string): Promise<Alert[]> {
  return (await engine.alerts()).filter((a) => a.rule_id === ruleId);
}

/** The lifecycle summary the order-independence property is about. */
export function brief(a: Alert): string {
  return `${a.alert_id}|${a.stage}|${a.state}|${a.resolution ?? '-'}`;
}
