/** Small factories for valid events in tests. */
import type { PoliceEvent } from '../../common/events.js';

let n = 0;

export function incidentReported(overrides: Partial<PoliceEvent> = {}): PoliceEvent {
  n++;
  return {
    event_id: `t-${process.pid}-${Date.now()}-${n}`,
    type: 'incident.reported',
    occurred_at: new Date(Date.now() - 60_000).toISOString(),
    unit_code: '450103520000',
    source: '110',
    incident_id: `inc-${n}`,
    attrs: { category: 'criminal' },
    ...overrides,
  };
}

export function batch(count: number, prefix: string): PoliceEvent[] {
  return Array.from({ length: count }, (_, i) =>
    incidentReported({ event_id: `${prefix}-${i}`, incident_id: `${prefix}-inc-${i}` }),
  );
}
