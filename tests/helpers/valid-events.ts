/** One valid example of every event type of CONTRACT.md §1.1. */
import type { EventType } from '../../common/event-types.js';

const base = { occurred_at: '2026-11-26T08:30:00+08:00', unit_code: '450103520000', source: 'test' };

export const VALID_EVENTS: Record<EventType, Record<string, unknown>> = {
  'incident.reported': { ...base, incident_id: 'I1', attrs: { category: 'criminal', phone: '13812345678' } },
  'incident.dispatched': { ...base, incident_id: 'I1', officer_ids: ['P1', 'P2'] },
  'incident.arrived': { ...base, incident_id: 'I1' },
  'incident.closed': { ...base, incident_id: 'I1', attrs: { nature: 'public_order' } },
  'case.registered': { ...base, case_id: 'C1', incident_id: 'I1', attrs: { case_kind: 'criminal' } },
  'case.review_extended': { ...base, case_id: 'C1', attrs: { days: 7 } },
  'case.filed': { ...base, case_id: 'C1' },
  'case.not_filed': { ...base, case_id: 'C1' },
  'case.accepted': { ...base, case_id: 'C1' },
  'case.not_accepted': { ...base, case_id: 'C1' },
  'case.deadline_extended': { ...base, case_id: 'C1', attrs: { days: 60 } },
  'case.decided': { ...base, case_id: 'C1' },
  'case.closed': { ...base, case_id: 'C1' },
  'measure.detention': { ...base, case_id: 'C1', person_id: 'X1', attrs: { person_name: '张三' } },
  'area.entered': {
    ...base,
    person_id: 'X1',
    stay_id: 'S1',
    attrs: { basis: 'criminal_summons', vulnerable: false },
  },
  'area.limit_extended': { ...base, stay_id: 'S1', attrs: { hours: 24 } },
  'area.left': { ...base, stay_id: 'S1' },
  'interrogation.started': {
    ...base,
    session_id: 'Q1',
    person_id: 'X1',
    officer_ids: ['P1', 'P2'],
    attrs: { recording_required: true },
  },
  'interrogation.ended': { ...base, session_id: 'Q1' },
  'property.seized': { ...base, item_id: 'T1', case_id: 'C1', attrs: { custody: 'police' } },
  'property.stored': { ...base, item_id: 'T1' },
  'property.checked_out': { ...base, item_id: 'T1', attrs: { due_back_at: '2026-11-27T08:30:00+08:00' } },
  'property.returned': { ...base, item_id: 'T1' },
  'property.disposed': { ...base, item_id: 'T1', attrs: { method: 'confiscated' } },
  'recording.uploaded': {
    ...base,
    recording_id: 'R1',
    session_id: 'Q1',
    attrs: {
      kind: 'interrogation',
      started_at: '2026-11-26T08:29:00+08:00',
      ended_at: '2026-11-26T09:30:00+08:00',
    },
  },
};
