/** Synthetic contract events for the ingest benchmark (shared by the benchmark and its load generator). */
import type { PoliceEvent } from '../common/events.js';

const TYPES = ['incident.reported', 'incident.closed', 'property.seized', 'area.entered'] as const;

export function makeEvent(i: number, run: string): PoliceEvent {
  const type = TYPES[i % TYPES.length] as (typeof TYPES)[number];
  const base = {
    event_id: `${run}-${i}`,
    occurred_at: new Date(Date.UTC(2026, 9, 1) + i * 1_000).toISOString(),
    unit_code: `4501${String(10 + (i % 13)).padStart(2, '0')}5${i % 9}0000`,
    source: '110',
  };
  switch (type) {
    case 'incident.reported':
      return { ...base, type, incident_id: `I${i}`, attrs: { category: 'criminal', phone: '13800000000' } };
    case 'incident.closed':
      return { ...base, type, incident_id: `I${i - 1}`, attrs: { nature: 'public_order' } };
    case 'property.seized':
      return { ...base, type, item_id: `T${i}`, case_id: `C${i % 5000}`, attrs: { custody: 'police' } };
    case 'area.entered':
      return { ...base, type, person_id: `P${i}`, stay_id: `S${i}`, attrs: { basis: 'criminal_summons' } };
  }
}
