/**
 * Computes the ground truth from a final set of events (batch, event time), implementing the readings
 * written down in ground-truth.ts. Order of the input and duplicates (same event_id) do not matter.
 */
import type { PoliceEvent } from '../../common/events.js';
import type { EventType, LinkKey } from '../../common/event-types.js';
import { conditionTruth, type Ev } from './truth-conditions.js';
import {
  DAY_MS,
  FIXED_SEVERITY,
  HOUR_MS,
  RULE_LIMITS,
  STAY_LIMITS,
  type DeadlineRuleId,
  type DeadlineTruth,
  type GroundTruthEntry,
  type Severity,
  type StayBasis,
} from './ground-truth.js';

interface DeadlineSpec {
  rule: DeadlineRuleId;
  key: LinkKey;
  /** Event types that can trigger / satisfy (to scan only those), refined by the predicates. */
  types: readonly [trigger: EventType, ...satisfiers: EventType[]];
  trigger: (e: PoliceEvent) => boolean;
  /** Due time from the trigger. */
  due: (t: Ev) => number;
  extension?: { type: EventType; limitMs: (e: PoliceEvent) => number | null };
  satisfier: (e: PoliceEvent) => boolean;
}

const is =
  (...types: EventType[]) =>
  (e: PoliceEvent): boolean =>
    types.includes(e.type);
const attr = (e: PoliceEvent, name: string): unknown => e.attrs?.[name];
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fixed = (ms: number) => (t: Ev) => t.ms + ms;

function stayLimit(e: PoliceEvent): number {
  if (attr(e, 'vulnerable') === true) return STAY_LIMITS.vulnerable;
  const basis = attr(e, 'basis');
  return typeof basis === 'string' && basis in STAY_LIMITS
    ? STAY_LIMITS[basis as StayBasis]
    : STAY_LIMITS.criminal_summons;
}

const SPECS: DeadlineSpec[] = [
  {
    rule: 'R-INC-01',
    types: ['incident.closed', 'case.registered'],
    key: 'incident_id',
    trigger: (e) =>
      e.type === 'incident.closed' && ['criminal', 'public_order'].includes(String(attr(e, 'nature'))),
    due: fixed(RULE_LIMITS['R-INC-01']),
    satisfier: is('case.registered'),
  },
  {
    rule: 'R-INC-05',
    types: ['case.registered', 'case.filed', 'case.not_filed'],
    key: 'case_id',
    trigger: (e) => e.type === 'case.registered' && attr(e, 'case_kind') === 'criminal',
    due: fixed(RULE_LIMITS['R-INC-05']),
    extension: { type: 'case.review_extended', limitMs: (e) => (num(attr(e, 'days')) ?? NaN) * DAY_MS },
    satisfier: is('case.filed', 'case.not_filed'),
  },
  {
    rule: 'R-INC-04',
    types: ['case.registered', 'case.accepted', 'case.not_accepted'],
    key: 'case_id',
    trigger: (e) => e.type === 'case.registered' && attr(e, 'case_kind') === 'administrative',
    due: fixed(RULE_LIMITS['R-INC-04']),
    extension: { type: 'case.review_extended', limitMs: (e) => (num(attr(e, 'days')) ?? NaN) * DAY_MS },
    satisfier: is('case.accepted', 'case.not_accepted'),
  },
  {
    rule: 'R-ADM-01',
    types: ['case.accepted', 'case.decided'],
    key: 'case_id',
    trigger: is('case.accepted'),
    due: fixed(RULE_LIMITS['R-ADM-01']),
    extension: { type: 'case.deadline_extended', limitMs: (e) => (num(attr(e, 'days')) ?? NaN) * DAY_MS },
    satisfier: is('case.decided'),
  },
  {
    rule: 'R-INC-13',
    types: ['incident.dispatched', 'incident.closed'],
    key: 'incident_id',
    trigger: is('incident.dispatched'),
    due: fixed(RULE_LIMITS['R-INC-13']),
    satisfier: is('incident.closed'),
  },
  {
    rule: 'R-PER-16',
    types: ['area.entered', 'area.left'],
    key: 'stay_id',
    trigger: is('area.entered'),
    due: (t) => t.ms + stayLimit(t.e),
    extension: { type: 'area.limit_extended', limitMs: (e) => (num(attr(e, 'hours')) ?? NaN) * HOUR_MS },
    satisfier: is('area.left'),
  },
  {
    rule: 'R-PER-08',
    types: ['measure.detention', 'interrogation.started'],
    key: 'person_id',
    trigger: is('measure.detention'),
    due: fixed(RULE_LIMITS['R-PER-08']),
    satisfier: is('interrogation.started'),
  },
  {
    rule: 'R-PRO-02',
    types: ['property.seized', 'property.stored'],
    key: 'item_id',
    trigger: (e) => e.type === 'property.seized' && (attr(e, 'custody') ?? 'police') === 'police',
    due: fixed(RULE_LIMITS['R-PRO-02']),
    satisfier: is('property.stored'),
  },
  {
    rule: 'R-PRO-05',
    types: ['property.checked_out', 'property.returned'],
    key: 'item_id',
    trigger: is('property.checked_out'),
    due: (t) => Date.parse(String(attr(t.e, 'due_back_at'))),
    satisfier: is('property.returned'),
  },
  {
    rule: 'R-REC-07',
    types: ['interrogation.ended', 'recording.uploaded'],
    key: 'session_id',
    trigger: is('interrogation.ended'),
    due: fixed(RULE_LIMITS['R-REC-07']),
    satisfier: is('recording.uploaded'),
  },
  {
    rule: 'R-REC-01',
    types: ['incident.arrived', 'recording.uploaded'],
    key: 'incident_id',
    trigger: is('incident.arrived'),
    due: fixed(RULE_LIMITS['R-REC-01']),
    satisfier: (e) => e.type === 'recording.uploaded' && attr(e, 'kind') === 'bodycam',
  },
];

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

function groupBy(events: readonly Ev[], key: LinkKey, type: EventType): Map<string, Ev[]> {
  const out = new Map<string, Ev[]>();
  for (const ev of events) {
    const k = ev.e[key];
    if (k === undefined || ev.e.type !== type) continue;
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
  limitMs: (e: PoliceEvent) => number | null,
) {
  let current = due;
  for (const x of exts) {
    const limit = limitMs(x.e);
    if (limit === null || !Number.isFinite(limit)) continue;
    if (x.ms < current) current = trigger.ms + limit;
  }
  return current;
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
  for (const spec of SPECS) {
    const [triggerType, ...satisfierTypes] = spec.types;
    const triggers = earliestBy(byType(triggerType), spec.key, spec.trigger);
    const sats = earliestBy(byType(...satisfierTypes), spec.key, spec.satisfier);
    const ext = spec.extension;
    const exts = ext ? groupBy(byType(ext.type), spec.key, ext.type) : new Map<string, Ev[]>();
    for (const [k, t] of triggers) {
      let due = spec.due(t);
      if (spec.extension) due = applyExtensions(t, due, exts.get(k) ?? [], spec.extension.limitMs);
      let severity: Severity;
      if (spec.rule === 'R-INC-01') severity = attr(t.e, 'nature') === 'criminal' ? 'P1' : 'P2';
      else if (spec.rule === 'R-REC-07')
        severity = attr(started.get(k)?.e ?? t.e, 'recording_required') === true ? 'P1' : 'P3';
      else severity = FIXED_SEVERITY[spec.rule];
      out.push(judge(spec.rule, spec.key, k, t, due, sats.get(k), endMs, severity));
    }
  }
  out.push(...disposalTruth(byType, endMs), ...conditionTruth(evs, started));
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
    const due = trigger.ms + RULE_LIMITS['R-PRO-12'];
    out.push(
      judge('R-PRO-12', 'item_id', item, trigger, due, disposed.get(item), endMs, FIXED_SEVERITY['R-PRO-12']),
    );
  }
  return out;
}
