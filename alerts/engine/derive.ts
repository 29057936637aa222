/**
 * Facts → obligations. A pure function of the facts known, so the result cannot depend on arrival order,
 * batching or duplicates: the earliest trigger (event time, then event_id) counts, extensions apply in event
 * time, the earliest satisfier decides compliance (it may precede the trigger unless the rule says otherwise).
 */
import { alertId } from '../../common/alerts.js';
import type { ConditionRule, DeadlineRule } from '../../common/rules.js';
import { subjectKeys } from '../../common/rules.js';
import { factsOf } from './facts.js';
import { applyExtensions, baseDue, leadFor, severityFor } from './limits.js';
import type { LegalClock } from './legal-clock.js';
import type { RuleIndex } from './rule-index.js';
import { byTime, earliest, holds, matches } from './select.js';
import type { Fact, Lookup, Obligation, ObligationRef } from './types.js';

interface Candidate {
  trigger: Fact;
  /** Processing time from which this (trigger, subject) pair was known. */
  seen: number;
}

/**
 * Triggers of a subject. With `via` (a join), the trigger carries no subject key: a bridge event (property.seized
 * with item_id and case_id) links the subject to triggers sharing `via.on` (case.closed of that case_id).
 */
function candidates(rule: DeadlineRule, value: string, own: readonly Fact[], lookup: Lookup): Candidate[] {
  const k = rule.subject;
  const via = rule.trigger.via;
  if (!via)
    return own
      .filter((f) => f.keys[k] === value && matches(f, rule.trigger))
      .map((f) => ({ trigger: f, seen: f.seen }));
  const out: Candidate[] = [];
  for (const bridge of own) {
    const on = bridge.keys[via.on];
    if (bridge.keys[k] !== value || on === undefined || !matches(bridge, via)) continue;
    for (const t of factsOf(lookup, via.on, on)) {
      if (t.keys[via.on] === on && matches(t, rule.trigger))
        out.push({ trigger: t, seen: Math.max(t.seen, bridge.seen) });
    }
  }
  return out;
}

function firstCandidate(list: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of list) {
    const order = best ? byTime(c.trigger, best.trigger) || c.seen - best.seen : -1;
    if (order < 0) best = c;
  }
  return best;
}

export function deriveDeadline(
  rule: DeadlineRule,
  value: string,
  lookup: Lookup,
  clock: LegalClock,
): Obligation | null {
  const own = factsOf(lookup, rule.subject, value);
  const first = firstCandidate(candidates(rule, value, own, lookup));
  if (!first) return null;
  const anchor = first.trigger;
  const base = baseDue(rule, anchor, lookup, clock);
  if (base === null) return null;
  const { due, missing } = applyExtensions(
    rule,
    own.filter((f) => f.keys[rule.subject] === value),
    anchor,
    base,
    clock,
  );
  const satisfier = earliest(
    own.filter(
      (f) =>
        f.keys[rule.subject] === value &&
        rule.satisfiers.some((s) => matches(f, s) && (!s.not_before_trigger || f.at >= anchor.at)),
    ),
  );
  return {
    alert_id: alertId(rule.id, rule.subject, value),
    rule_id: rule.id,
    kind: 'deadline',
    subject: { [rule.subject]: value },
    trigger_event_id: anchor.id,
    unit_code: anchor.unit,
    occurred_at: anchor.at,
    seen: first.seen,
    due_at: due,
    lead_ms: leadFor(rule, due - anchor.at),
    severity: severityFor(rule, anchor, lookup),
    status: satisfier ? (satisfier.at <= due ? 'on_time' : 'late') : 'pending',
    satisfied_by: satisfier?.id ?? null,
    satisfied_at: satisfier?.at ?? null,
    title: rule.title,
    legal_basis: rule.legal_basis,
    ...(missing ? { calendar_missing: true as const } : {}),
  };
}

/** A condition rule judges one event: the offending event is the subject of its own alert. */
export function deriveCondition(
  rule: ConditionRule,
  ref: Pick<ObligationRef, 'key' | 'value'>,
  eventId: string,
  lookup: Lookup,
): Obligation | null {
  const { key, value } = ref;
  if (!subjectKeys(rule).includes(key)) return null;
  const fact = factsOf(lookup, key, value).find((f) => f.id === eventId);
  if (!fact || fact.keys[key] !== value || !matches(fact, rule.event)) return null;
  return {
    alert_id: alertId(rule.id, 'event_id', eventId),
    rule_id: rule.id,
    kind: 'condition',
    subject: { [key]: value },
    trigger_event_id: fact.id,
    unit_code: fact.unit,
    occurred_at: fact.at,
    seen: fact.seen,
    due_at: fact.at,
    lead_ms: null,
    severity: severityFor(rule, fact, lookup),
    status: holds(rule, rule.violation, fact, lookup) ? 'violation' : 'clear',
    satisfied_by: null,
    satisfied_at: null,
    title: rule.title,
    legal_basis: rule.legal_basis,
  };
}

/** The obligation named by a ref, from the facts the lookup knows; null when there is none (yet). */
export function deriveObligation(ref: ObligationRef, index: RuleIndex, lookup: Lookup): Obligation | null {
  const rule = index.byId.get(ref.rule_id);
  if (!rule) return null;
  if (rule.kind === 'deadline') return deriveDeadline(rule, ref.value, lookup, index.clock);
  return ref.event_id === undefined ? null : deriveCondition(rule, ref, ref.event_id, lookup);
}

/** The alert id an obligation ref stands for. */
export function refId(ref: ObligationRef): string {
  return ref.event_id === undefined
    ? alertId(ref.rule_id, ref.key, ref.value)
    : alertId(ref.rule_id, 'event_id', ref.event_id);
}

/**
 * A tracing lookup: records every entity key a derivation reads, so that a shell that loaded only some records
 * can load the missing ones and derive again (a join reaches one hop further).
 */
export function tracing(lookup: Lookup): { lookup: Lookup; keys: Set<string> } {
  const keys = new Set<string>();
  return {
    keys,
    lookup: (key) => {
      keys.add(key);
      return lookup(key);
    },
  };
}
