/** A row of the ClickHouse `events` table as read back, and the stored event it stands for. */
import { LINK_KEYS } from '../event-types.js';
import type { StoredEvent } from '../events.js';
import { fromChTime } from './ch-time.js';

export interface EventRow {
  event_id: string;
  type: string;
  occurred_at: string;
  ingested_at: string;
  unit_code: string;
  source: string;
  incident_id: string;
  case_id: string;
  person_id: string;
  stay_id: string;
  item_id: string;
  session_id: string;
  recording_id: string;
  officer_ids: string[];
  auxiliary_ids: string[];
  attrs: string;
  batch_id: string;
}

export function fromRow(row: EventRow): StoredEvent {
  const event: StoredEvent = {
    event_id: row.event_id,
    type: row.type as StoredEvent['type'],
    occurred_at: fromChTime(row.occurred_at),
    ingested_at: fromChTime(row.ingested_at),
    unit_code: row.unit_code,
  };
  if (row.source) event.source = row.source;
  for (const k of LINK_KEYS) if (row[k]) event[k] = row[k];
  if (row.officer_ids.length > 0) event.officer_ids = row.officer_ids;
  if (row.auxiliary_ids.length > 0) event.auxiliary_ids = row.auxiliary_ids;
  if (row.attrs) event.attrs = JSON.parse(row.attrs) as Record<string, unknown>;
  return event;
}
