/** Where a link-key value's dossier is (一案一档): `/dossier/<key>/<value>`, or null for a field that is no link key. */
import { LINK_KEYS } from '../../../common/event-types.js';

export function dossierPath(field: string, value: unknown): string | null {
  if (!(LINK_KEYS as readonly string[]).includes(field)) return null;
  if (typeof value !== 'string' || value === '') return null;
  return `/dossier/${field}/${encodeURIComponent(value)}`;
}

/** The dossier of one field of an alert's subject. */
export function subjectDossierPath(subject: object, field: string): string | null {
  return dossierPath(field, (subject as Record<string, unknown>)[field]);
}
