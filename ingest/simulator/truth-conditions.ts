/**
 * Ground truth of the three condition rules (R-PRO-01, R-REC-08, R-PER-19), judged on the final,
 * deduplicated set of events; readings in ground-truth.ts.
 */
import type { PoliceEvent } from '../../common/events.js';
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
  for (const { e, ms } of evs) {
    if ((e.type === 'case.filed' || e.type === 'case.accepted') && e.case_id !== undefined)
      decided.set(e.case_id, Math.min(ms, decided.get(e.case_id) ?? Infinity));
    if (e.type === 'interrogation.ended' && e.session_id !== undefined)
      ended.set(e.session_id, Math.min(ms, ended.get(e.session_id) ?? Infinity));
  }
  for (const ev of evs) {
    const { e } = ev;
    if (e.type === 'property.seized' && e.item_id !== undefined) {
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
