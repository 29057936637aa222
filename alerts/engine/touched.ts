/**
 * Which obligations one new fact can change. A shell loads `entityKeysOf(fact)`, merges the fact, asks this
 * function (reading only those records) and derives each ref. Over-approximating is harmless: a ref whose
 * derivation finds nothing yields no obligation.
 */
import type { EventType } from '../../common/event-types.js';
import type { ConditionRule, DeadlineRule } from '../../common/rules.js';
import { subjectKeys } from '../../common/rules.js';
import { refId } from './derive.js';
import { factsOf } from './facts.js';
import type { RuleIndex } from './rule-index.js';
import type { Fact, Lookup, ObligationRef } from './types.js';

function defined<T>(v: T | undefined): v is T {
  return v !== undefined;
}

/** Subject values an anchor (trigger) stands for: its own key, or through a join the bridges' keys. */
function subjectsOfAnchor(rule: DeadlineRule, anchor: Fact, lookup: Lookup): string[] {
  const via = rule.trigger.via;
  if (!via) return [anchor.keys[rule.subject]].filter(defined);
  const on = anchor.keys[via.on];
  if (on === undefined) return [];
  return factsOf(lookup, via.on, on)
    .filter((b) => b.keys[via.on] === on && via.types.includes(b.type))
    .map((b) => b.keys[rule.subject])
    .filter(defined);
}

const ownTypesCache = new WeakMap<DeadlineRule, ReadonlySet<EventType>>();

/** Types whose events carry the subject key: satisfiers, extensions, and triggers (or, for a join, bridges). */
function ownTypes(rule: DeadlineRule): ReadonlySet<EventType> {
  let set = ownTypesCache.get(rule);
  if (!set) {
    const via = rule.trigger.via;
    set = new Set([
      ...rule.satisfiers.flatMap((s) => s.types),
      ...(rule.extensions ?? []).flatMap((e) => e.types),
      ...(via ? via.types : rule.trigger.types),
    ]);
    ownTypesCache.set(rule, set);
  }
  return set;
}

function deadlineRefs(rule: DeadlineRule, fact: Fact, lookup: Lookup): string[] {
  const via = rule.trigger.via;
  const values: string[] = [];
  const own = fact.keys[rule.subject];
  if (own !== undefined && ownTypes(rule).has(fact.type)) values.push(own);
  if (via && rule.trigger.types.includes(fact.type)) values.push(...subjectsOfAnchor(rule, fact, lookup));
  for (const rel of Object.values(rule.relations ?? {})) {
    const on = fact.keys[rel.on];
    if (on === undefined || !rel.types.includes(fact.type)) continue;
    for (const anchor of factsOf(lookup, rel.on, on)) {
      if (anchor.keys[rel.on] === on && rule.trigger.types.includes(anchor.type))
        values.push(...subjectsOfAnchor(rule, anchor, lookup));
    }
  }
  return values;
}

function conditionRefs(rule: ConditionRule, fact: Fact, lookup: Lookup): ObligationRef[] {
  const keys = subjectKeys(rule);
  const subjects: Fact[] = rule.event.types.includes(fact.type) ? [fact] : [];
  for (const rel of Object.values(rule.relations ?? {})) {
    const on = fact.keys[rel.on];
    if (on === undefined || !rel.types.includes(fact.type)) continue;
    subjects.push(
      ...factsOf(lookup, rel.on, on).filter(
        (s) => s.keys[rel.on] === on && rule.event.types.includes(s.type),
      ),
    );
  }
  return subjects.flatMap((s) => {
    const key = keys.find((k) => s.keys[k] !== undefined);
    const value = key === undefined ? undefined : s.keys[key];
    return key === undefined || value === undefined ? [] : [{ rule_id: rule.id, key, value, event_id: s.id }];
  });
}

/** Obligations a fact (already merged into the records the lookup reads) may have changed, without repeats. */
export function touchedObligations(fact: Fact, index: RuleIndex, lookup: Lookup): ObligationRef[] {
  const out = new Map<string, ObligationRef>();
  for (const rule of index.byType.get(fact.type) ?? []) {
    const refs: ObligationRef[] =
      rule.kind === 'deadline'
        ? deadlineRefs(rule, fact, lookup).map((value) => ({ rule_id: rule.id, key: rule.subject, value }))
        : conditionRefs(rule, fact, lookup);
    for (const ref of refs) out.set(refId(ref), ref);
  }
  return [...out.values()];
}
