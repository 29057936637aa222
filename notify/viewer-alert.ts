/**
 * An alert as a notification may carry it: masked as for viewers and further reduced to what a receiver needs.
 * Only the listed fields leave; the subject keeps the non-personal link keys (a person's id is personal data,
 * and so would be any key not listed here: new link keys stay out until judged).
 */
import type { Alert } from '../common/alerts.js';
import { LINK_KEYS } from '../common/event-types.js';

/** Subject keys that name things, not people. */
export const SUBJECT_KEYS_KEPT = [
  'incident_id',
  'case_id',
  'stay_id',
  'item_id',
  'session_id',
  'recording_id',
  'supervision_id',
  'escalation',
  'step',
] as const;

/** Link keys left out of notifications because they identify a person. */
export const SUBJECT_KEYS_PERSONAL: readonly string[] = LINK_KEYS.filter(
  (k) => !(SUBJECT_KEYS_KEPT as readonly string[]).includes(k),
);

const FIELDS_KEPT = [
  'alert_id',
  'seq',
  'rule_id',
  'severity',
  'stage',
  'state',
  'resolution',
  'unit_code',
  'due_at',
  'opened_at',
  'acknowledged_at',
  'title',
  'supervision_id',
] as const;

export type ViewerAlert = Pick<Alert, (typeof FIELDS_KEPT)[number]> & {
  subject: Partial<Record<(typeof SUBJECT_KEYS_KEPT)[number], string | number>>;
};

/** The alert reduced to its kept fields and non-personal subject keys. */
export function alertForViewers(alert: Alert): ViewerAlert {
  const out: Record<string, unknown> = {};
  for (const k of FIELDS_KEPT) if (alert[k] !== undefined) out[k] = alert[k];
  const subject: Record<string, unknown> = {};
  const from = alert.subject as Record<string, unknown>;
  for (const k of SUBJECT_KEYS_KEPT) if (from[k] !== undefined) subject[k] = from[k];
  return { ...out, subject } as ViewerAlert;
}
