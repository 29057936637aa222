/**
 * Deadline arithmetic — the one place it happens: base limit, extensions, pre-warning lead and severity. Hour
 * limits are exact; day and month limits are counted by the legal clock on the rule's calendar
 * (legal-clock.ts, CONTRACT.md §2.1), which also says when the calendar lacked a year the count needed.
 */
import { parseDuration, parseLimit, unitMs } from '../../common/rules.js';
import type { DeadlineRule, Extension, LimitAmount, Rule, Severity } from '../../common/rules.js';
import type { CountedDue, LegalClock } from './legal-clock.js';
import { allPass, byTime, getField, matches, timeField } from './select.js';
import type { Fact, Lookup } from './types.js';

const parsed = new Map<string, number>();
function ms(duration: string): number {
  let value = parsed.get(duration);
  if (value === undefined) parsed.set(duration, (value = parseDuration(duration) ?? 0));
  return value;
}

const limits = new Map<string, LimitAmount | null>();
function limitOf(text: string): LimitAmount | null {
  let value = limits.get(text);
  if (value === undefined) limits.set(text, (value = parseLimit(text)));
  return value;
}

/** The trigger's time plus a limit, under the rule's calendar; null for a limit that is not one. */
function addLimit(
  rule: DeadlineRule,
  anchor: Fact,
  limit: LimitAmount | null,
  clock: LegalClock,
): CountedDue | null {
  if (limit === null) return null;
  if ('exact' in limit) return { due: anchor.at + limit.exact, missing: false };
  return clock.due(anchor.at, limit.period, rule.calendar ?? 'natural', anchor.unit);
}

/** The due time before extensions, or null when the trigger does not say (no value and no default). */
export function baseDue(
  rule: DeadlineRule,
  anchor: Fact,
  lookup: Lookup,
  clock: LegalClock,
): CountedDue | null {
  const l = rule.limit;
  for (const o of l.overrides ?? []) {
    if (allPass(rule, o.when, anchor, lookup)) return addLimit(rule, anchor, limitOf(o.duration), clock);
  }
  if (l.duration !== undefined) return addLimit(rule, anchor, limitOf(l.duration), clock);
  if (l.by !== undefined) {
    const v = getField(anchor, l.by);
    const key = v === undefined || Array.isArray(v) ? undefined : String(v);
    const chosen = key !== undefined && l.values && Object.hasOwn(l.values, key) ? l.values[key] : l.default;
    return chosen === undefined ? null : addLimit(rule, anchor, limitOf(chosen), clock);
  }
  if (l.at_field !== undefined) {
    const t = timeField(anchor, l.at_field);
    if (t !== null) return { due: t, missing: false };
    return l.default === undefined ? null : addLimit(rule, anchor, limitOf(l.default), clock);
  }
  return null;
}

/** The limit an extension event sets: whole days and months are periods; hours, minutes and fractions exact. */
function extensionLimit(ext: Extension, v: number): LimitAmount | null {
  if (!Number.isFinite(v) || v <= 0) return null;
  if (ext.unit === 'mo') return Number.isInteger(v) ? { period: { amount: v, unit: 'mo' } } : null;
  if (ext.unit === 'd' && Number.isInteger(v)) return { period: { amount: v, unit: 'd' } };
  return { exact: v * unitMs(ext.unit) };
}

/**
 * Applies extensions in event-time order: each one that occurred at or before the current due time sets a new
 * limit measured from the trigger; one that occurred after it changes nothing.
 */
export function applyExtensions(
  rule: DeadlineRule,
  own: readonly Fact[],
  anchor: Fact,
  base: CountedDue,
  clock: LegalClock,
): CountedDue {
  const found = new Map<string, { fact: Fact; limit: LimitAmount }>();
  for (const ext of rule.extensions ?? []) {
    for (const f of own) {
      if (found.has(f.id) || !matches(f, ext)) continue;
      const v = getField(f, ext.field);
      const limit = typeof v === 'number' ? extensionLimit(ext, v) : null;
      if (limit) found.set(f.id, { fact: f, limit });
    }
  }
  let current = base;
  for (const { fact, limit } of [...found.values()].sort((a, b) => byTime(a.fact, b.fact))) {
    if (fact.at <= current.due) current = addLimit(rule, anchor, limit, clock) ?? current;
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
