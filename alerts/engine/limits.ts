/**
 * Deadline arithmetic in natural time (the only calendar of v1): base limit, extensions, pre-warning lead,
 * and severity. A working-day calendar would replace `addLimit` and nothing else.
 */
import { parseDuration, unitMs } from '../../common/rules.js';
import type { DeadlineRule, Rule, Severity } from '../../common/rules.js';
import { allPass, byTime, getField, matches, timeField } from './select.js';
import type { Fact, Lookup } from './types.js';

const parsed = new Map<string, number>();
function ms(duration: string): number {
  let value = parsed.get(duration);
  if (value === undefined) parsed.set(duration, (value = parseDuration(duration) ?? 0));
  return value;
}

/** `from` plus a limit, under the rule's calendar. */
function addLimit(_rule: DeadlineRule, from: number, limitMs: number): number {
  return from + limitMs;
}

/** The due time before extensions, or null when the trigger does not say (no value and no default). */
export function baseDue(rule: DeadlineRule, anchor: Fact, lookup: Lookup): number | null {
  const l = rule.limit;
  for (const o of l.overrides ?? []) {
    if (allPass(rule, o.when, anchor, lookup)) return addLimit(rule, anchor.at, ms(o.duration));
  }
  if (l.duration !== undefined) return addLimit(rule, anchor.at, ms(l.duration));
  if (l.by !== undefined) {
    const v = getField(anchor, l.by);
    const key = v === undefined || Array.isArray(v) ? undefined : String(v);
    const chosen = key !== undefined && l.values && Object.hasOwn(l.values, key) ? l.values[key] : l.default;
    return chosen === undefined ? null : addLimit(rule, anchor.at, ms(chosen));
  }
  if (l.at_field !== undefined) {
    const t = timeField(anchor, l.at_field);
    if (t !== null) return t;
    return l.default === undefined ? null : addLimit(rule, anchor.at, ms(l.default));
  }
  return null;
}

/**
 * Applies extensions in event-time order: each one that occurred at or before the current due time sets a new
 * limit measured from the trigger; one that occurred after it changes nothing.
 */
export function applyExtensions(rule: DeadlineRule, own: readonly Fact[], anchor: Fact, due: number): number {
  const found = new Map<string, { fact: Fact; limit: number }>();
  for (const ext of rule.extensions ?? []) {
    for (const f of own) {
      if (found.has(f.id) || !matches(f, ext)) continue;
      const v = getField(f, ext.field);
      if (typeof v === 'number' && Number.isFinite(v) && v > 0)
        found.set(f.id, { fact: f, limit: v * unitMs(ext.unit) });
    }
  }
  let current = due;
  for (const { fact, limit } of [...found.values()].sort((a, b) => byTime(a.fact, b.fact))) {
    if (fact.at <= current) current = addLimit(rule, anchor.at, limit);
  }
  return current;
}

/** Pre-warning lead for an effective limit, or null when the rule has no pre-warning. */
export function leadFor(rule: DeadlineRule, limitMs: number): number | null {
  const pw = rule.pre_warning;
  if (!pw) return null;
  for (const b of pw.by_limit ?? []) if (limitMs <= ms(b.limit_at_most)) return ms(b.lead);
  return ms(pw.lead);
}

/** The rule's severity for this anchor: first override whose tests pass, else the default. */
export function severityFor(rule: Rule, anchor: Fact, lookup: Lookup): Severity {
  for (const o of rule.severity.overrides ?? []) if (allPass(rule, o.when, anchor, lookup)) return o.severity;
  return rule.severity.default;
}
