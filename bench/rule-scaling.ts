/**
 * Part of `npm run bench -- alerts`: does the engine's cost per event grow with the number of rules only by
 * the added rules' own cost? The same simulated events go through the orchestrator over a memory state with
 * the 15 rules of catalogue v1, with the 12 rules v2 added alone, and with all 27; best of three runs each,
 * interleaved. With no interaction between rules, time(27) ≈ time(15) + time(12 alone) − the work every run
 * shares (facts, batching), so time(27) ≤ time(15) + time(12 alone) is the bar.
 */
import type { StoredEvent } from '../common/events.js';
import type { Rule } from '../common/rules.js';
import { memoryEngine } from '../alerts/orchestrator/index.js';

/** The rules RULES.md v2 adds. */
export const V2_RULE_IDS = new Set([
  'R-PER-01', 'R-PER-02', 'R-PER-03', 'R-PER-04', 'R-PER-05', 'R-PER-06', 'R-PER-07', 'R-PER-09',
  'R-LAW-01', 'R-LAW-02', 'R-PRO-07', 'R-AUX-01',
]); // prettier-ignore

export interface RuleScaling {
  events: number;
  /** Microseconds per event: catalogue v1 (15), the v2 additions alone (12), all (27). */
  v1: number;
  added: number;
  all: number;
  counts: { v1: number; added: number; all: number };
}

async function microsPerEvent(
  rules: readonly Rule[],
  events: readonly StoredEvent[],
  now: number,
): Promise<number> {
  const engine = memoryEngine(rules, { graceMs: 60_000 });
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += 1_000) await engine.ingest(events.slice(i, i + 1_000), now);
  return ((performance.now() - t0) * 1000) / events.length;
}

export async function measureRuleScaling(
  rules: readonly Rule[],
  events: readonly StoredEvent[],
  now: number,
): Promise<RuleScaling> {
  const sets = {
    v1: rules.filter((r) => !V2_RULE_IDS.has(r.id)),
    added: rules.filter((r) => V2_RULE_IDS.has(r.id)),
    all: [...rules],
  };
  const best = { v1: Infinity, added: Infinity, all: Infinity };
  for (let round = 0; round < 3; round++)
    for (const k of ['v1', 'added', 'all'] as const)
      best[k] = Math.min(best[k], await microsPerEvent(sets[k], events, now));
  return {
    events: events.length,
    ...best,
    counts: { v1: sets.v1.length, added: sets.added.length, all: sets.all.length },
  };
}
