/**
 * The obligations a dossier can hold, named before they are read: an obligation's id is its alert's id, made
 * from its rule and its subject (common/alerts.ts `alertId`) — a deadline rule's subject is a link-key value, a
 * condition rule's the offending event. So from the component's values and events the candidate ids follow,
 * and the ledger is read by its primary key (rule_id, obligation_id) instead of scanning for trigger events.
 * A candidate that names no obligation costs nothing; which candidates are the dossier's is then decided by
 * their trigger event being in the component.
 */
import { alertId } from '../../../common/alerts.js';
import type { LinkPair } from '../../../common/dossier.js';
import { subjectKeys } from '../../../common/rules.js';
import type { Rule } from '../../../common/rules.js';

export interface CandidateIds {
  ruleIds: string[];
  obligationIds: string[];
}

export function candidateObligationIds(
  rules: readonly Rule[],
  pairs: readonly LinkPair[],
  eventIds: readonly string[],
): CandidateIds {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (rule.kind === 'condition') {
      for (const e of eventIds) ids.add(alertId(rule.id, 'event_id', e));
      continue;
    }
    const keys = new Set<string>(subjectKeys(rule));
    for (const p of pairs) if (keys.has(p.key)) ids.add(alertId(rule.id, p.key, p.value));
  }
  return { ruleIds: rules.map((r) => r.id), obligationIds: [...ids] };
}
