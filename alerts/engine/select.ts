/**
 * Reading facts the way rules describe them: field access, attribute tests, event filters, relations
 * (events sharing a link key with the anchor) and condition predicates. Pure; reads through a Lookup.
 */
import { parseIsoWithZone } from '../../common/events.js';
import { LINK_KEYS } from '../../common/event-types.js';
import type { LinkKey } from '../../common/event-types.js';
import type { ContextTest, EventFilter, EventTest, Predicate, Rule, TimeWindow } from '../../common/rules.js';
import { factsOf } from './facts.js';
import type { Fact, FieldValue, Lookup } from './types.js';

const LINK: ReadonlySet<string> = new Set(LINK_KEYS);

/** A field of a fact by path; occurred_at is epoch ms. */
export function getField(fact: Fact, path: string): FieldValue | undefined {
  if (path === 'occurred_at') return fact.at;
  if (path === 'unit_code') return fact.unit;
  if (LINK.has(path)) return fact.keys[path as LinkKey];
  return fact.f?.[path];
}

/** A field read as a point in time (epoch ms, or ISO-8601 with zone); null when absent or malformed. */
export function timeField(fact: Fact, path: string): number | null {
  const v = getField(fact, path);
  if (typeof v === 'number') return v;
  return typeof v === 'string' ? parseIsoWithZone(v) : null;
}

export function passes(fact: Fact, test: EventTest): boolean {
  const v = getField(fact, test.field) ?? test.default;
  if (test.exists !== undefined) return (v !== undefined) === test.exists;
  if (v === undefined || Array.isArray(v)) return false;
  if (test.in !== undefined) return test.in.includes(v);
  return v === test.eq;
}

export function matches(fact: Fact, filter: EventFilter): boolean {
  return filter.types.includes(fact.type) && (filter.where ?? []).every((t) => passes(fact, t));
}

/** Event-time order, event_id breaking ties: the one order every derivation uses. */
export function byTime(a: Fact, b: Fact): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function earliest(facts: readonly Fact[]): Fact | undefined {
  let best: Fact | undefined;
  for (const f of facts) if (!best || byTime(f, best) < 0) best = f;
  return best;
}

/** The events of a named relation of the anchor, in time order. */
export function relationFacts(rule: Rule, name: string, anchor: Fact, lookup: Lookup): Fact[] {
  const rel = rule.relations?.[name];
  const on = rel ? anchor.keys[rel.on] : undefined;
  if (!rel || on === undefined) return [];
  return factsOf(lookup, rel.on, on)
    .filter((f) => f.id !== anchor.id && f.keys[rel.on] === on && matches(f, rel))
    .sort(byTime);
}

/** The one event a relation stands for: earliest (default) or latest. */
export function pickRelation(rule: Rule, name: string, anchor: Fact, lookup: Lookup): Fact | undefined {
  const list = relationFacts(rule, name, anchor, lookup);
  return rule.relations?.[name]?.pick === 'latest' ? list[list.length - 1] : list[0];
}

/** A test on the anchor or, with `relation`, on the related event (false when there is none). */
export function passesInContext(rule: Rule, test: ContextTest, anchor: Fact, lookup: Lookup): boolean {
  if (test.relation === undefined) return passes(anchor, test);
  const related = pickRelation(rule, test.relation, anchor, lookup);
  return related !== undefined && passes(related, test);
}

export function allPass(rule: Rule, tests: readonly ContextTest[], anchor: Fact, lookup: Lookup): boolean {
  return tests.every((t) => passesInContext(rule, t, anchor, lookup));
}

function inWindow(window: TimeWindow, related: number, subject: number): boolean {
  switch (window) {
    case 'before':
      return related < subject;
    case 'at_or_before':
      return related <= subject;
    case 'after':
      return related > subject;
    case 'at_or_after':
      return related >= subject;
    case 'any':
      return true;
  }
}

function count(fact: Fact, path: string): number {
  const v = getField(fact, path);
  return v === undefined ? 0 : Array.isArray(v) ? v.length : 1;
}

/**
 * Evaluates a condition predicate on a subject event. Comparisons with a relation that has no event yet are
 * false: a violation is only asserted on evidence.
 */
export function holds(rule: Rule, p: Predicate, subject: Fact, lookup: Lookup): boolean {
  switch (p.op) {
    case 'all':
      return p.of.every((q) => holds(rule, q, subject, lookup));
    case 'any':
      return p.of.some((q) => holds(rule, q, subject, lookup));
    case 'not':
      return !holds(rule, p.of, subject, lookup);
    case 'attr':
      return passes(subject, p);
    case 'count': {
      const n = count(subject, p.field);
      return (
        (p.lt === undefined || n < p.lt) &&
        (p.lte === undefined || n <= p.lte) &&
        (p.gt === undefined || n > p.gt) &&
        (p.gte === undefined || n >= p.gte) &&
        (p.eq === undefined || n === p.eq)
      );
    }
    case 'none':
    case 'exists': {
      const found = relationFacts(rule, p.relation, subject, lookup).some((f) =>
        inWindow(p.occurred ?? 'any', f.at, subject.at),
      );
      return p.op === 'exists' ? found : !found;
    }
    case 'after':
    case 'before': {
      const t = timeField(subject, p.field);
      const related = pickRelation(rule, p.relation, subject, lookup);
      if (t === null || related === undefined) return false;
      return p.op === 'after' ? t > related.at : t < related.at;
    }
  }
}
