/**
 * Computes the ground truth from a final set of events (batch, event time), implementing the readings
 * written down in ground-truth.ts. Order of the input and duplicates (same event_id) do not matter.
 */
import type { PoliceEvent } from '../../common/events.js';
import type { EventType, LinkKey } from '../../common/event-types.js';
import { conditionTruth, type Ev } from './truth-conditions.js';
import {
  FIXED_SEVERITY,
  RULE_LIMITS,
  type DeadlineRuleId,
  type DeadlineTruth,
  type GroundTruthEntry,
  type RuleLimit,
  type Severity,
} from './ground-truth.js';
import { SPECS, attr, dueOf, is, type DeadlineSpec } from './truth-specs.js';

const earlier = (a: Ev, b: Ev): boolean => a.ms < b.ms || (a.ms === b.ms && a.e.event_id < b.e.event_id);

/** Earliest event per key value among events passing the filter. */
function earliestBy(
  events: readonly Ev[],
  key: LinkKey,
  filter: (e: PoliceEvent) => boolean,
): Map<string, Ev> {
  const out = new Map<string, Ev>();
  for (const ev of events) {
    const k = ev.e[key];
    if (k === undefined || !filter(ev.e)) continue;
    const cur = out.get(k);
    if (!cur || earlier(ev, cur)) out.set(k, ev);
  }
  return out;
}

/** Events per key value passing the filter, in occurred_at order (then event_id). */
function sortedBy(
  events: readonly Ev[],
  key: LinkKey,
  filter: (e: PoliceEvent) => boolean,
): Map<string, Ev[]> {
  const out = new Map<string, Ev[]>();
  for (const ev of events) {
    const k = ev.e[key];
    if (k === undefined || !filter(ev.e)) continue;
    const list = out.get(k) ?? [];
    list.push(ev);
    out.set(k, list);
  }
  for (const list of out.values()) list.sort((a, b) => (earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0));
  return out;
}

function applyExtensions(
  trigger: Ev,
  due: number,
  exts: readonly Ev[],
  limitOf: (e: PoliceEvent) => RuleLimit | null,
): number {
  let current = due;
  for (const x of exts) {
    const limit = limitOf(x.e);
    if (limit === null || (typeof limit === 'number' && !Number.isFinite(limit))) continue;
    if (x.ms < current) current = dueOf(trigger, limit);
  }
  return current;
}

/** The earliest satisfier of a key, at or after the trigger when the rule says so. */
function satisfierOf(spec: DeadlineSpec, sats: readonly Ev[] | undefined, trigger: Ev): Ev | undefined {
  return sats?.find((s) => !spec.notBeforeTrigger || s.ms >= trigger.ms);
}

function judge(
  rule: DeadlineRuleId,
  key: LinkKey,
  keyValue: string,
  trigger: Ev,
  due: number,
  sat: Ev | undefined,
  endMs: number,
  severity: Severity,
): DeadlineTruth {
  const outcome = sat ? (sat.ms <= due ? 'on_time' : 'late') : due <= endMs ? 'never' : 'open';
  const entry: DeadlineTruth = {
    kind: 'deadline',
    rule_id: rule,
    subject: { [key]: keyValue },
    unit_code: trigger.e.unit_code,
    trigger_event_id: trigger.e.event_id,
    due_at: new Date(due).toISOString(),
    outcome,
    severity,
  };
  if (sat) entry.satisfier_event_id = sat.e.event_id;
  return entry;
}

/** Deduplicates by event_id (first occurrence wins; the simulator's duplicates are identical copies). */
function prepare(events: readonly PoliceEvent[], endMs: number): Ev[] {
  const seen = new Set<string>();
  const out: Ev[] = [];
  for (const e of events) {
    if (seen.has(e.event_id)) continue;
    seen.add(e.event_id);
    const ms = Date.parse(e.occurred_at);
    if (ms <= endMs) out.push({ e, ms });
  }
  return out;
}

type ByType = (...types: EventType[]) => Ev[];

function indexByType(evs: readonly Ev[]): ByType {
  const index = new Map<EventType, Ev[]>();
  for (const ev of evs) {
    const list = index.get(ev.e.type);
    if (list) list.push(ev);
    else index.set(ev.e.type, [ev]);
  }
  return (...types) => types.flatMap((t) => index.get(t) ?? []);
}

export function computeGroundTruth(events: readonly PoliceEvent[], endMs: number): GroundTruthEntry[] {
  const evs = prepare(events, endMs);
  const byType = indexByType(evs);
  const out: GroundTruthEntry[] = [];
  const started = earliestBy(byType('interrogation.started'), 'session_id', is('interrogation.started'));
  // Appended one by one: a long backfill yields more entries per rule than a spread call may pass.
  const add = (entries: readonly GroundTruthEntry[]) => {
    for (const e of entries) out.push(e);
  };
  for (const spec of SPECS) add(specTruth(spec, byType, started, endMs));
  add(disposalTruth(byType, endMs));
  add(conditionTruth(evs, started));
  return out;
}

function specTruth(
  spec: DeadlineSpec,
  byType: ByType,
  started: ReadonlyMap<string, Ev>,
  endMs: number,
): DeadlineTruth[] {
  const out: DeadlineTruth[] = [];
  const [triggerType, ...satisfierTypes] = spec.types;
  const triggers = earliestBy(byType(triggerType), spec.key, spec.trigger);
  const sats = sortedBy(byType(...satisfierTypes), spec.key, spec.satisfier);
  const ext = spec.extension;
  const exts = ext ? sortedBy(byType(ext.type), spec.key, is(ext.type)) : new Map<string, Ev[]>();
  for (const [k, t] of triggers) {
    const limit = spec.limit(t);
    let due = typeof limit === 'object' && 'at' in limit ? limit.at : dueOf(t, limit);
    if (ext) due = applyExtensions(t, due, exts.get(k) ?? [], ext.limit);
    let severity: Severity;
    if (spec.rule === 'R-INC-01') severity = attr(t.e, 'nature') === 'criminal' ? 'P1' : 'P2';
    else if (spec.rule === 'R-REC-07')
      severity = attr(started.get(k)?.e ?? t.e, 'recording_required') === true ? 'P1' : 'P3';
    else severity = FIXED_SEVERITY[spec.rule];
    out.push(judge(spec.rule, spec.key, k, t, due, satisfierOf(spec, sats.get(k), t), endMs, severity));
  }
  return out;
}

/** R-PRO-12: per item seized in a closed case, from the case's earliest case.closed. */
function disposalTruth(byType: ByType, endMs: number): DeadlineTruth[] {
  const closed = earliestBy(byType('case.closed'), 'case_id', is('case.closed'));
  const disposed = earliestBy(byType('property.disposed'), 'item_id', is('property.disposed'));
  const casesOfItem = new Map<string, Set<string>>();
  for (const { e } of byType('property.seized')) {
    if (e.type !== 'property.seized' || !e.item_id || !e.case_id) continue;
    const set = casesOfItem.get(e.item_id) ?? new Set<string>();
    set.add(e.case_id);
    casesOfItem.set(e.item_id, set);
  }
  const out: DeadlineTruth[] = [];
  for (const [item, caseIds] of casesOfItem) {
    let trigger: Ev | undefined;
    for (const c of caseIds) {
      const t = closed.get(c);
      if (t && (!trigger || earlier(t, trigger))) trigger = t;
    }
    if (!trigger) continue;
    const due = dueOf(trigger, RULE_LIMITS['R-PRO-12']);
    out.push(
      judge('R-PRO-12', 'item_id', item, trigger, due, disposed.get(item), endMs, FIXED_SEVERITY['R-PRO-12']),
    );
  }
  return out;
}
