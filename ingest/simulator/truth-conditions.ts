/**
 * Ground truth of the condition rules (R-PRO-01, R-REC-08, R-PER-19, R-LAW-01, R-AUX-01), judged on the
 * final, deduplicated set of events; readings in ground-truth.ts.
 */
import type { PoliceEvent } from '../../common/events.js';
import type { EventType, LinkKey } from '../../common/event-types.js';
import { FIXED_SEVERITY, type ConditionRuleId, type ConditionTruth, type Subject } from './ground-truth.js';

/** An event with its occurred_at in epoch ms. */
export interface Ev {
  e: PoliceEvent;
  ms: number;
}

function violation(rule: ConditionRuleId, subject: Subject, ev: Ev): ConditionTruth {
  return {
    kind: 'condition',
    rule_id: rule,
    subject,
    unit_code: ev.e.unit_code,
    trigger_event_id: ev.e.event_id,
    outcome: 'violation',
    severity: FIXED_SEVERITY[rule],
  };
}

/** R-AUX-01: the acts an auxiliary may not perform alone, and the key naming each alert (first present). */
const AUX_ACTS: ReadonlySet<EventType> = new Set<EventType>([
  'interrogation.started',
  'measure.detention',
  'measure.arrest',
  'measure.bail',
  'measure.surveillance',
  'property.seized',
  'case.decided',
]);
const AUX_SUBJECT_KEYS: readonly LinkKey[] = ['session_id', 'person_id', 'item_id', 'case_id'];

function auxiliaryAlone(ev: Ev): ConditionTruth | null {
  const { e } = ev;
  if (!AUX_ACTS.has(e.type)) return null;
  if ((e.auxiliary_ids?.length ?? 0) === 0 || (e.officer_ids?.length ?? 0) > 0) return null;
  const key = AUX_SUBJECT_KEYS.find((k) => e[k] !== undefined);
  return key ? violation('R-AUX-01', { [key]: e[key] }, ev) : null;
}

function isoMs(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * `started` is the earliest interrogation.started per session_id. One entry per violating event; the
 * simulator generates at most one seizure per item and one recording per session.
 */
export function conditionTruth(evs: readonly Ev[], started: ReadonlyMap<string, Ev>): ConditionTruth[] {
  const out: ConditionTruth[] = [];
  const decided = new Map<string, number>(); // case_id → earliest case.filed / case.accepted
  const ended = new Map<string, number>(); // session_id → earliest interrogation.ended
  const passed = new Map<string, number>(); // case_id → earliest legal_review.passed
  for (const { e, ms } of evs) {
    if (e.type === 'legal_review.passed' && e.case_id !== undefined)
      passed.set(e.case_id, Math.min(ms, passed.get(e.case_id) ?? Infinity));
    if ((e.type === 'case.filed' || e.type === 'case.accepted') && e.case_id !== undefined)
      decided.set(e.case_id, Math.min(ms, decided.get(e.case_id) ?? Infinity));
    if (e.type === 'interrogation.ended' && e.session_id !== undefined)
      ended.set(e.session_id, Math.min(ms, ended.get(e.session_id) ?? Infinity));
  }
  for (const ev of evs) {
    const { e } = ev;
    const aux = auxiliaryAlone(ev);
    if (aux) out.push(aux);
    if (e.type === 'case.decided' && e.case_id !== undefined && e.attrs?.requires_legal_review === true) {
      if (!((passed.get(e.case_id) ?? Infinity) <= ev.ms))
        out.push(violation('R-LAW-01', { case_id: e.case_id }, ev));
    } else if (e.type === 'property.seized' && e.item_id !== undefined) {
      const first = e.case_id === undefined ? undefined : decided.get(e.case_id);
      if (first === undefined || !(first < ev.ms))
        out.push(violation('R-PRO-01', { item_id: e.item_id }, ev));
    } else if (e.type === 'recording.uploaded' && e.session_id !== undefined) {
      const s = started.get(e.session_id);
      if (!s) continue;
      const from = isoMs(e.attrs?.started_at);
      const to = isoMs(e.attrs?.ended_at);
      const end = ended.get(e.session_id);
      const late = from !== null && from > s.ms;
      const short = to !== null && end !== undefined && to < end;
      if (late || short) out.push(violation('R-REC-08', { session_id: e.session_id }, ev));
    } else if (e.type === 'interrogation.started' && e.session_id !== undefined) {
      if ((e.officer_ids?.length ?? 0) < 2) out.push(violation('R-PER-19', { session_id: e.session_id }, ev));
    }
  }
  return out;
}
