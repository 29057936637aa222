/**
 * The event vocabulary of CONTRACT.md §1.1: every type, its Chinese name, its required link keys and its
 * attribute schema. One table, read by validation, the importer, the simulator and the dashboard.
 */
export const LINK_KEYS = [
  'incident_id',
  'case_id',
  'person_id',
  'stay_id',
  'item_id',
  'session_id',
  'recording_id',
] as const;
export type LinkKey = (typeof LINK_KEYS)[number];

export const INCIDENT_CATEGORIES = [
  'criminal',
  'public_order',
  'traffic',
  'fire',
  'dispute',
  'assistance',
  'complaint',
  'consultation',
  'invalid',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const CASE_KINDS = ['criminal', 'administrative'] as const;
export const AREA_BASES = [
  'criminal_summons',
  'forced_summons',
  'admin_questioning',
  'continued_questioning',
] as const;
export const CUSTODY_KINDS = ['police', 'third_party'] as const;
export const DISPOSAL_METHODS = [
  'returned_to_owner',
  'transferred_with_case',
  'confiscated',
  'destroyed',
  'auctioned',
] as const;
export const RECORDING_KINDS = ['bodycam', 'interrogation'] as const;

/** How one attribute is checked. `required` attributes must be present; others are checked when present. */
export type AttrSpec =
  | { kind: 'enum'; values: readonly string[]; required: boolean }
  | { kind: 'int'; min: number; max: number; required: boolean }
  | { kind: 'number'; min: number; max: number; required: boolean }
  | { kind: 'boolean'; required: boolean }
  | { kind: 'datetime'; required: boolean };

export interface EventTypeSpec {
  /** Name shown to users (zh-CN). */
  zh: string;
  /** English name. */
  en: string;
  /** Link keys that must be present. */
  required: readonly LinkKey[];
  /** Groups of link keys of which at least one must be present. */
  requiredOneOf?: readonly (readonly LinkKey[])[];
  attrs: Readonly<Record<string, AttrSpec>>;
}

const req = true;
const opt = false;

export const EVENT_TYPE_SPECS = {
  'incident.reported': {
    zh: '接警',
    en: 'Incident reported',
    required: ['incident_id'],
    attrs: { category: { kind: 'enum', values: INCIDENT_CATEGORIES, required: req } },
  },
  'incident.dispatched': { zh: '派警', en: 'Dispatched', required: ['incident_id'], attrs: {} },
  'incident.arrived': { zh: '到场', en: 'Arrived on scene', required: ['incident_id'], attrs: {} },
  'incident.closed': {
    zh: '处警反馈/结警',
    en: 'Incident closed',
    required: ['incident_id'],
    attrs: { nature: { kind: 'enum', values: INCIDENT_CATEGORIES, required: req } },
  },
  'case.registered': {
    zh: '接报案登记',
    en: 'Case registered',
    required: ['case_id'],
    attrs: { case_kind: { kind: 'enum', values: CASE_KINDS, required: req } },
  },
  'case.review_extended': {
    zh: '延长审查期限',
    en: 'Review period extended',
    required: ['case_id'],
    attrs: { days: { kind: 'int', min: 1, max: 365, required: req } },
  },
  'case.filed': { zh: '立案', en: 'Case filed', required: ['case_id'], attrs: {} },
  'case.not_filed': { zh: '不予立案', en: 'Case not filed', required: ['case_id'], attrs: {} },
  'case.accepted': { zh: '受案', en: 'Case accepted', required: ['case_id'], attrs: {} },
  'case.not_accepted': { zh: '不予受理', en: 'Case not accepted', required: ['case_id'], attrs: {} },
  'case.deadline_extended': {
    zh: '延长办案期限',
    en: 'Handling period extended',
    required: ['case_id'],
    attrs: { days: { kind: 'int', min: 1, max: 3650, required: req } },
  },
  'case.decided': { zh: '作出处理决定', en: 'Decision made', required: ['case_id'], attrs: {} },
  'case.closed': { zh: '结案/移送起诉/撤案', en: 'Case closed', required: ['case_id'], attrs: {} },
  'measure.detention': {
    zh: '刑事拘留',
    en: 'Criminal detention',
    required: ['person_id', 'case_id'],
    attrs: {},
  },
  'area.entered': {
    zh: '入办案区',
    en: 'Entered case-handling area',
    required: ['person_id', 'stay_id'],
    attrs: {
      basis: { kind: 'enum', values: AREA_BASES, required: req },
      vulnerable: { kind: 'boolean', required: opt },
    },
  },
  'area.limit_extended': {
    zh: '延长时限（审批）',
    en: 'Stay limit extended',
    required: ['stay_id'],
    attrs: { hours: { kind: 'number', min: 0.5, max: 72, required: req } },
  },
  'area.left': { zh: '离区', en: 'Left case-handling area', required: ['stay_id'], attrs: {} },
  'interrogation.started': {
    zh: '讯（询）问开始',
    en: 'Interrogation started',
    required: ['session_id', 'person_id'],
    attrs: { recording_required: { kind: 'boolean', required: opt } },
  },
  'interrogation.ended': {
    zh: '讯（询）问结束',
    en: 'Interrogation ended',
    required: ['session_id'],
    attrs: {},
  },
  'property.seized': {
    zh: '扣押/查封',
    en: 'Property seized',
    required: ['item_id', 'case_id'],
    attrs: { custody: { kind: 'enum', values: CUSTODY_KINDS, required: opt } },
  },
  'property.stored': { zh: '移交入库', en: 'Property stored', required: ['item_id'], attrs: {} },
  'property.checked_out': {
    zh: '调用出库',
    en: 'Property checked out',
    required: ['item_id'],
    attrs: { due_back_at: { kind: 'datetime', required: req } },
  },
  'property.returned': { zh: '调用归还', en: 'Property returned', required: ['item_id'], attrs: {} },
  'property.disposed': {
    zh: '处置',
    en: 'Property disposed',
    required: ['item_id'],
    attrs: { method: { kind: 'enum', values: DISPOSAL_METHODS, required: req } },
  },
  'recording.uploaded': {
    zh: '视音频上传',
    en: 'Recording uploaded',
    required: ['recording_id'],
    requiredOneOf: [['incident_id', 'session_id']],
    attrs: {
      kind: { kind: 'enum', values: RECORDING_KINDS, required: req },
      started_at: { kind: 'datetime', required: req },
      ended_at: { kind: 'datetime', required: req },
    },
  },
} as const satisfies Record<string, EventTypeSpec>;

export type EventType = keyof typeof EVENT_TYPE_SPECS;
export const EVENT_TYPES = Object.keys(EVENT_TYPE_SPECS) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_TYPE_SPECS, value);
}

/** Attributes that carry personal data: stored, shown to officers, masked for viewers. */
export const PERSONAL_ATTRS = ['person_name', 'id_number', 'phone'] as const;
