/**
 * The fields of an event as a person reads them: Chinese (or English) labels instead of `case_id` or
 * `recording_required`, values in words (是 / 否, 执法记录仪 rather than `bodycam`), times in the unit's zone,
 * counts with their unit. The one place these labels live; the alert page, the duty preview and the evidence
 * texts use it. Pure: the translator and the zone are passed in.
 */
import { EVENT_TYPE_SPECS, LINK_KEYS } from '../../../common/event-types.js';
import type { EventTypeSpec } from '../../../common/event-types.js';
import type { PoliceEvent } from '../../../common/events.js';
import type { MessageKey, Translate } from '../i18n/translate.js';
import { formatDateTime } from './time.js';

export interface FieldFact {
  /** The field's name in the data (`case_id`, `recording_required`): for tests and data-testid. */
  field: string;
  label: string;
  value: string;
}

/** Fields with a label (`field.<name>`): the link keys and every attribute the event types define. */
const LABELLED = new Set<string>([
  ...LINK_KEYS,
  'supervision_id',
  'escalation',
  'step',
  ...Object.values(EVENT_TYPE_SPECS).flatMap((s) => Object.keys(s.attrs)),
]);
/** Enumerated values with a word (`val.<value>`): every enum the event types define. */
const SPECS: readonly EventTypeSpec[] = Object.values(EVENT_TYPE_SPECS);
const WORDS = new Set<string>(
  SPECS.flatMap((s) => Object.values(s.attrs).flatMap((a) => (a.kind === 'enum' ? a.values : []))),
);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A field's label in the UI language; the field name itself when it has none (an attribute we do not know). */
export function fieldLabel(field: string, t: Translate): string {
  return LABELLED.has(field) ? t(`field.${field}` as MessageKey) : field;
}

/** A value in words: booleans 是 / 否, enum values by name, ISO times in the zone, counts with their unit. */
export function fieldValue(field: string, value: unknown, t: Translate, timeZone: string): string {
  if (typeof value === 'boolean') return t(value ? 'field.yes' : 'field.no');
  if (typeof value === 'number') {
    if (field === 'hours') return t('dur.h', { n: value });
    if (field === 'days') return t('dur.d', { n: value });
    return String(value);
  }
  if (typeof value === 'string') {
    if (WORDS.has(value)) return t(`val.${value}` as MessageKey);
    if (ISO.test(value)) return formatDateTime(value, timeZone);
    return value;
  }
  return JSON.stringify(value);
}

/** The link keys an event carries (case_id, incident_id…) and its attributes, labelled, in a stable order. */
export function eventFacts(e: PoliceEvent, t: Translate, timeZone: string): FieldFact[] {
  const out: FieldFact[] = [];
  for (const key of LINK_KEYS) {
    const v = e[key];
    if (typeof v === 'string') out.push({ field: key, label: fieldLabel(key, t), value: v });
  }
  for (const [k, v] of Object.entries(e.attrs ?? {}))
    out.push({ field: k, label: fieldLabel(k, t), value: fieldValue(k, v, t, timeZone) });
  return out;
}

/** An alert's subject (`{case_id: 'A45…'}`) labelled: 案件编号 A45…. */
export function subjectFacts(subject: Record<string, unknown>, t: Translate, timeZone: string): FieldFact[] {
  return Object.entries(subject).map(([k, v]) => ({
    field: k,
    label: fieldLabel(k, t),
    value: fieldValue(k, v, t, timeZone),
  }));
}
