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
/** v2: the coercive measure a family notice (or its waiver) is about. */
export const NOTICE_MEASURES = ['detention', 'arrest', 'residential_surveillance'] as const;
/** v2: why the family was not notified (无法通知 / 有碍侦查). */
export const NOTICE_WAIVER_REASONS = ['unreachable', 'obstructs_investigation'] as const;
/** v2: what became of property under 先行登记保存. */
export const PRESERVATION_OUTCOMES = ['seized', 'returned', 'confiscated', 'other'] as const;
/**
 * v2: the new limit of `measure.detention_extended`, in days from the detention: 7 (刑事诉讼法 Art. 91, extended
 * by up to four days) or 30 (流窜作案、多次作案、结伙作案). CONTRACT §1.1 allows exactly these two values.
 */
export const DETENTION_EXTENDED_DAYS = [7, 30] as const;
/** v2: bound of short free-text attributes (`decision_kind`, `facility`), in UTF-16 code units. */
export const MAX_TEXT_ATTR = 100;

/** How one attribute is checked. `required` attributes must be present; others are checked when present. */
export type AttrSpec =
  | { kind: 'enum'; values: readonly string[]; required: boolean }
  | { kind: 'int'; min: number; max: number; required: boolean }
  /** A whole number from a fixed list (e.g. `days`: 7 or 30). */
  | { kind: 'int_of'; values: readonly number[]; required: boolean }
  | { kind: 'number'; min: number; max: number; required: boolean }
  | { kind: 'boolean'; required: boolean }
  | { kind: 'datetime'; required: boolean }
  /** Free text of 1–maxLength characters, not blank (e.g. `decision_kind`: 行政拘留). */
  | { kind: 'text'; maxLength: number; required: boolean };

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
  'case.decided': {
    zh: '作出处理决定',
    en: 'Decision made',
    required: ['case_id'],
    // v2: the decision is on the list that must pass 法制审核 first (行政处罚法 Art. 58).
    attrs: { requires_legal_review: { kind: 'boolean', required: opt } },
  },
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
  // --- v2 (CONTRACT §1.1 "v2 adds"). Appended, never inserted: alerts/redis/record-codec.ts stores a type as
  // its index in this table, so the order of existing types must not change.
  'custody.admitted': {
    zh: '送看守所羁押',
    en: 'Admitted to detention house',
    required: ['person_id'],
    attrs: { facility: { kind: 'text', maxLength: MAX_TEXT_ATTR, required: opt } },
  },
  'family.notified': {
    zh: '通知家属',
    en: 'Family notified',
    required: ['person_id'],
    attrs: { measure: { kind: 'enum', values: NOTICE_MEASURES, required: req } },
  },
  'family.notice_waived': {
    zh: '无法通知/有碍侦查不通知（审批）',
    en: 'Family notice waived (approved)',
    required: ['person_id'],
    attrs: {
      measure: { kind: 'enum', values: NOTICE_MEASURES, required: req },
      reason: { kind: 'enum', values: NOTICE_WAIVER_REASONS, required: req },
    },
  },
  'measure.detention_extended': {
    zh: '延长提请批捕期限（审批）',
    en: 'Arrest request period extended (approved)',
    required: ['person_id'],
    attrs: { days: { kind: 'int_of', values: DETENTION_EXTENDED_DAYS, required: req } },
  },
  'measure.arrest_requested': {
    zh: '提请批准逮捕',
    en: 'Arrest approval requested',
    required: ['person_id', 'case_id'],
    attrs: {},
  },
  'measure.arrest_denied': {
    zh: '不批准逮捕',
    en: 'Arrest not approved',
    required: ['person_id'],
    attrs: {},
  },
  'measure.arrest': { zh: '逮捕（执行）', en: 'Arrested', required: ['person_id', 'case_id'], attrs: {} },
  'measure.released': { zh: '释放', en: 'Released', required: ['person_id'], attrs: {} },
  'measure.bail': { zh: '取保候审', en: 'Released on bail', required: ['person_id', 'case_id'], attrs: {} },
  'measure.bail_lifted': { zh: '解除取保候审', en: 'Bail lifted', required: ['person_id'], attrs: {} },
  'measure.surveillance': {
    zh: '监视居住',
    en: 'Residential surveillance',
    required: ['person_id', 'case_id'],
    attrs: { designated_residence: { kind: 'boolean', required: opt } },
  },
  'measure.surveillance_lifted': {
    zh: '解除监视居住',
    en: 'Residential surveillance lifted',
    required: ['person_id'],
    attrs: {},
  },
  'legal_review.submitted': {
    zh: '提交法制审核',
    en: 'Submitted for legal review',
    required: ['case_id'],
    attrs: { decision_kind: { kind: 'text', maxLength: MAX_TEXT_ATTR, required: req } },
  },
  'legal_review.passed': { zh: '法制审核通过', en: 'Legal review passed', required: ['case_id'], attrs: {} },
  'legal_review.failed': {
    zh: '法制审核未通过',
    en: 'Legal review failed',
    required: ['case_id'],
    attrs: {},
  },
  'property.preserved': {
    zh: '先行登记保存',
    en: 'Property preserved (registered)',
    required: ['item_id', 'case_id'],
    attrs: {},
  },
  'property.preservation_decided': {
    zh: '先行登记保存处理决定',
    en: 'Preservation decided',
    required: ['item_id'],
    attrs: { outcome: { kind: 'enum', values: PRESERVATION_OUTCOMES, required: req } },
  },
} as const satisfies Record<string, EventTypeSpec>;

export type EventType = keyof typeof EVENT_TYPE_SPECS;
export const EVENT_TYPES = Object.keys(EVENT_TYPE_SPECS) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_TYPE_SPECS, value);
}

/** Attributes that carry personal data: stored, shown to officers, masked for viewers. */
export const PERSONAL_ATTRS = ['person_name', 'id_number', 'phone'] as const;
