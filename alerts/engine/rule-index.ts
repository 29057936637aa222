/**
 * What the rules, taken together, need from events: which event types matter, under which entity keys each
 * type's facts are stored (so that every read a derivation makes finds them), and which fields to keep.
 */
import { LINK_KEYS } from '../../common/event-types.js';
import type { EventType, LinkKey } from '../../common/event-types.js';
import type { ContextTest, EventFilter, Predicate, Rule } from '../../common/rules.js';
import { subjectKeys } from '../../common/rules.js';
import { defaultLegalClock } from './default-clock.js';
import type { LegalClock } from './legal-clock.js';

export interface RuleIndex {
  /** Enabled rules, in file order. */
  rules: readonly Rule[];
  byId: ReadonlyMap<string, Rule>;
  /** Event type → link keys whose entity records hold facts of that type. */
  storage: ReadonlyMap<EventType, ReadonlySet<LinkKey>>;
  /** Field paths to project into facts (besides occurred_at, unit_code and link keys, which every fact has). */
  fields: ReadonlySet<string>;
  /** Event type → the rules that read it. */
  byType: ReadonlyMap<EventType, readonly Rule[]>;
  /** Counts day and month limits (calendar and time zone). */
  clock: LegalClock;
}

const ALWAYS: ReadonlySet<string> = new Set(['occurred_at', 'unit_code', ...LINK_KEYS]);

function predicateFields(p: Predicate, out: Set<string>): void {
  if (p.op === 'all' || p.op === 'any') p.of.forEach((q) => predicateFields(q, out));
  else if (p.op === 'not') predicateFields(p.of, out);
  else if ('field' in p) out.add(p.field);
}

export function indexRules(all: readonly Rule[], clock: LegalClock = defaultLegalClock()): RuleIndex {
  const rules = all.filter((r) => r.enabled !== false);
  const storage = new Map<EventType, Set<LinkKey>>();
  const fields = new Set<string>();
  const byType = new Map<EventType, Rule[]>();
  const store = (types: readonly EventType[], key: LinkKey, rule: Rule) => {
    for (const t of types) {
      const readers = byType.get(t) ?? [];
      if (!readers.includes(rule)) readers.push(rule);
      byType.set(t, readers);
      const set = storage.get(t) ?? new Set<LinkKey>();
      set.add(key);
      storage.set(t, set);
    }
  };
  const filter = (f: { where?: EventFilter['where'] }) => f.where?.forEach((t) => fields.add(t.field));
  const tests = (list: { when: ContextTest[] }[] | undefined) =>
    list?.forEach((o) => o.when.forEach((t) => fields.add(t.field)));

  for (const rule of rules) {
    const anchorTypes = rule.kind === 'deadline' ? rule.trigger.types : rule.event.types;
    for (const rel of Object.values(rule.relations ?? {})) {
      store(rel.types, rel.on, rule);
      // anchors must be findable from the relation's side, so that a late related event finds them
      store(anchorTypes, rel.on, rule);
      filter(rel);
    }
    tests(rule.severity.overrides);
    if (rule.kind === 'condition') {
      for (const key of subjectKeys(rule)) store(rule.event.types, key, rule);
      filter(rule.event);
      predicateFields(rule.violation, fields);
      continue;
    }
    const via = rule.trigger.via;
    store(rule.trigger.types, via ? via.on : rule.subject, rule);
    filter(rule.trigger);
    if (via) {
      store(via.types, rule.subject, rule);
      store(via.types, via.on, rule);
      filter(via);
    }
    for (const s of rule.satisfiers) {
      store(s.types, rule.subject, rule);
      filter(s);
    }
    for (const e of rule.extensions ?? []) {
      store(e.types, rule.subject, rule);
      filter(e);
      fields.add(e.field);
    }
    const limit = rule.limit;
    if (limit.by) fields.add(limit.by);
    if (limit.at_field) fields.add(limit.at_field);
    tests(limit.overrides);
  }
  for (const f of ALWAYS) fields.delete(f);
  return { rules, byId: new Map(rules.map((r) => [r.id, r])), storage, fields, byType, clock };
}
