/**
 * Derives obligations from records loaded on demand: a derivation reports (through a tracing lookup) every
 * entity it read; what was not loaded yet is loaded and the derivation repeated — a join needs one more round.
 */
import { deriveObligation, tracing } from '../engine/index.js';
import type { EntityRecord, Obligation, ObligationRef, RuleIndex } from '../engine/index.js';
import { refMember } from './ref-member.js';
import type { RecordBook } from './state.js';

/** Entity records loaded so far in one step (undefined: looked up, nothing known). */
export type RecordCache = Map<string, EntityRecord | undefined>;

const MAX_JOIN_ROUNDS = 4;

/** The obligation of each ref as derived now (null: none), by `refMember`. */
export async function deriveRefs(
  refs: readonly ObligationRef[],
  cache: RecordCache,
  index: RuleIndex,
  records: RecordBook,
): Promise<Map<string, Obligation | null>> {
  const out = new Map<string, Obligation | null>();
  let pending = [...refs];
  for (let round = 0; pending.length > 0; round++) {
    const missing = new Set<string>();
    const again: ObligationRef[] = [];
    for (const ref of pending) {
      const t = tracing((k) => cache.get(k));
      const obligation = deriveObligation(ref, index, t.lookup);
      const unloaded = [...t.keys].filter((k) => !cache.has(k));
      if (unloaded.length === 0 || round >= MAX_JOIN_ROUNDS) out.set(refMember(ref), obligation);
      else {
        unloaded.forEach((k) => missing.add(k));
        again.push(ref);
      }
    }
    if (missing.size > 0) await records.load([...missing], cache);
    pending = again;
  }
  return out;
}
