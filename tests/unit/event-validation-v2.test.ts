/**
 * The v2 event vocabulary (CONTRACT.md §1.1 "v2 adds") and `auxiliary_ids` (§1): each type's Chinese name,
 * required keys and attrs, and the bounds of `auxiliary_ids`. The generic checks of every type (a valid example,
 * each required key, each attr's type) run for v2 types too in event-validation.test.ts; here the specifics.
 * Every case is checked on the fast path and the full validation alike.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_SPECS, EVENT_TYPES } from '../../common/event-types.js';
import type { EventType } from '../../common/event-types.js';
import { validateEvent, validateEventFully } from '../../common/events.js';
import { toFact } from '../../alerts/engine/facts.js';
import type { RuleIndex } from '../../alerts/engine/rule-index.js';
import { VALID_EVENTS } from '../helpers/valid-events.js';

const NOW = Date.parse('2026-11-26T01:00:00Z');

function example(type: EventType, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { event_id: `e-${type}`, type, ...VALID_EVENTS[type], ...patch };
}

function withAttrs(type: EventType, attrs: Record<string, unknown>): Record<string, unknown> {
  return example(type, { attrs: { ...(VALID_EVENTS[type].attrs as object), ...attrs } });
}

/** The errors of both validations, which must agree. */
function errorsOf(input: unknown): string[] {
  const fast = validateEvent(input, NOW);
  expect(fast).toEqual(validateEventFully(input, NOW));
  return fast.ok ? [] : fast.errors;
}

/** CONTRACT.md §1.1 "v2 adds": type → 中文, required keys. */
const V2: [EventType, string, string[]][] = [
  ['custody.admitted', '送看守所羁押', ['person_id']],
  ['family.notified', '通知家属', ['person_id']],
  ['family.notice_waived', '无法通知/有碍侦查不通知（审批）', ['person_id']],
  ['measure.detention_extended', '延长提请批捕期限（审批）', ['person_id']],
  ['measure.arrest_requested', '提请批准逮捕', ['person_id', 'case_id']],
  ['measure.arrest_denied', '不批准逮捕', ['person_id']],
  ['measure.arrest', '逮捕（执行）', ['person_id', 'case_id']],
  ['measure.released', '释放', ['person_id']],
  ['measure.bail', '取保候审', ['person_id', 'case_id']],
  ['measure.bail_lifted', '解除取保候审', ['person_id']],
  ['measure.surveillance', '监视居住', ['person_id', 'case_id']],
  ['measure.surveillance_lifted', '解除监视居住', ['person_id']],
  ['legal_review.submitted', '提交法制审核', ['case_id']],
  ['legal_review.passed', '法制审核通过', ['case_id']],
  ['legal_review.failed', '法制审核未通过', ['case_id']],
  ['property.preserved', '先行登记保存', ['item_id', 'case_id']],
  ['property.preservation_decided', '先行登记保存处理决定', ['item_id']],
];

describe('v2 event types', () => {
  it.each(V2)('%s: 中文 %s, requires %j, and a valid example is accepted', (type, zh, required) => {
    expect(EVENT_TYPE_SPECS[type].zh).toBe(zh);
    expect([...EVENT_TYPE_SPECS[type].required]).toEqual(required);
    expect(errorsOf(example(type))).toEqual([]);
    for (const key of required)
      expect(errorsOf(example(type, { [key]: undefined }))).toEqual([`${key}: required for ${type}`]);
  });

  it('are appended after the v1 types, whose order (record-codec type indexes) never changes', () => {
    expect(EVENT_TYPES.slice(0, 24)).toEqual([
      ...['incident.reported', 'incident.dispatched', 'incident.arrived', 'incident.closed'],
      ...['case.registered', 'case.review_extended', 'case.filed', 'case.not_filed', 'case.accepted'],
      ...['case.not_accepted', 'case.deadline_extended', 'case.decided', 'case.closed', 'measure.detention'],
      ...['area.entered', 'area.limit_extended', 'area.left', 'interrogation.started', 'interrogation.ended'],
      ...['property.seized', 'property.stored', 'property.checked_out', 'property.returned'],
      'property.disposed',
    ]);
    expect(EVENT_TYPES.slice(25)).toEqual(V2.map(([t]) => t));
  });

  it('family.notified / notice_waived: measure and reason from their lists', () => {
    for (const measure of ['detention', 'arrest', 'residential_surveillance'])
      expect(errorsOf(withAttrs('family.notified', { measure }))).toEqual([]);
    expect(errorsOf(withAttrs('family.notified', { measure: 'bail' }))).toEqual([
      'attrs.measure: must be one of detention, arrest, residential_surveillance (got "bail")',
    ]);
    expect(errorsOf(example('family.notified', { attrs: {} }))).toEqual(['attrs.measure: required']);
    expect(errorsOf(withAttrs('family.notice_waived', { reason: 'unreachable' }))).toEqual([]);
    expect(errorsOf(withAttrs('family.notice_waived', { reason: 'busy', measure: undefined }))).toEqual([
      'attrs.measure: required',
      'attrs.reason: must be one of unreachable, obstructs_investigation (got "busy")',
    ]);
  });

  it('measure.detention_extended: days is 7 or 30, nothing else', () => {
    for (const days of [7, 30])
      expect(errorsOf(withAttrs('measure.detention_extended', { days }))).toEqual([]);
    for (const days of [5, 6, 8, 29, 31, 37, 0, -7, 7.5, '7'])
      expect(errorsOf(withAttrs('measure.detention_extended', { days }))).toEqual([
        `attrs.days: must be 7 or 30 (got ${JSON.stringify(days)})`,
      ]);
    expect(errorsOf(example('measure.detention_extended', { attrs: undefined }))).toEqual([
      'attrs.days: required',
    ]);
  });

  it('legal_review.submitted: decision_kind is required free text of 1–100 characters', () => {
    expect(errorsOf(withAttrs('legal_review.submitted', { decision_kind: '吊销许可证' }))).toEqual([]);
    expect(errorsOf(withAttrs('legal_review.submitted', { decision_kind: '罚'.repeat(100) }))).toEqual([]);
    expect(errorsOf(example('legal_review.submitted', { attrs: {} }))).toEqual([
      'attrs.decision_kind: required',
    ]);
    const text = 'attrs.decision_kind: must be text of 1–100 characters, not blank';
    for (const decision_kind of ['', '  ', 7, ['行政拘留']])
      expect(errorsOf(withAttrs('legal_review.submitted', { decision_kind }))).toEqual([text]);
    expect(errorsOf(withAttrs('legal_review.submitted', { decision_kind: '罚'.repeat(101) }))).toEqual([
      `${text} (got 101)`,
    ]);
  });

  it('optional attrs: facility (text), designated_residence and requires_legal_review (booleans)', () => {
    expect(errorsOf(example('custody.admitted', { attrs: undefined }))).toEqual([]);
    expect(errorsOf(withAttrs('custody.admitted', { facility: 12 }))).toEqual([
      'attrs.facility: must be text of 1–100 characters, not blank',
    ]);
    expect(errorsOf(example('measure.surveillance', { attrs: {} }))).toEqual([]);
    expect(errorsOf(withAttrs('measure.surveillance', { designated_residence: 'yes' }))).toEqual([
      'attrs.designated_residence: must be true or false',
    ]);
    expect(errorsOf(example('case.decided', { attrs: undefined }))).toEqual([]);
    expect(errorsOf(withAttrs('case.decided', { requires_legal_review: 'true' }))).toEqual([
      'attrs.requires_legal_review: must be true or false',
    ]);
  });

  it('property.preservation_decided: outcome from its list', () => {
    for (const outcome of ['seized', 'returned', 'confiscated', 'other'])
      expect(errorsOf(withAttrs('property.preservation_decided', { outcome }))).toEqual([]);
    expect(errorsOf(withAttrs('property.preservation_decided', { outcome: 'destroyed' }))).toEqual([
      'attrs.outcome: must be one of seized, returned, confiscated, other (got "destroyed")',
    ]);
  });
});

describe('auxiliary_ids', () => {
  const ok = example('measure.arrest');
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `F${i}`);

  it('is kept as sent, next to officer_ids', () => {
    const r = validateEvent({ ...ok, auxiliary_ids: ['F1', '辅警-2'] }, NOW);
    expect(r.ok && r.event).toMatchObject({ officer_ids: ['P1', 'P2'], auxiliary_ids: ['F1', '辅警-2'] });
    expect(errorsOf({ ...ok, auxiliary_ids: [] })).toEqual([]);
    expect(errorsOf({ ...ok, auxiliary_ids: ids(64) })).toEqual([]);
  });

  it('is a list of at most 64 ids of 1–64 characters', () => {
    expect(errorsOf({ ...ok, auxiliary_ids: 'F1' })).toEqual(['auxiliary_ids: must be an array of strings']);
    expect(errorsOf({ ...ok, auxiliary_ids: ['F1', 2] })[0]).toMatch(/^auxiliary_ids\[1\]: must be a string/);
    expect(errorsOf({ ...ok, auxiliary_ids: [''] })).toEqual(['auxiliary_ids[0]: must not be empty']);
    expect(errorsOf({ ...ok, auxiliary_ids: ['x'.repeat(65)] })).toEqual([
      'auxiliary_ids[0]: must be at most 64 characters',
    ]);
    expect(errorsOf({ ...ok, auxiliary_ids: ['a\nb'] })).toEqual([
      'auxiliary_ids[0]: must not contain control characters',
    ]);
    expect(errorsOf({ ...ok, auxiliary_ids: ids(65) })).toEqual([
      'auxiliary_ids: must list at most 64 auxiliary police (got 65)',
    ]);
  });

  it('2.6 million of them: one message, before looking at any', () => {
    const t0 = performance.now();
    const errors = errorsOf({ ...ok, auxiliary_ids: new Array(2_600_000).fill(1) });
    expect(errors).toEqual(['auxiliary_ids: must list at most 64 auxiliary police (got 2600000)']);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('is a field the rules can read (facts project it when a rule asks for it)', () => {
    const index = {
      storage: new Map([['measure.arrest', new Set(['person_id'])]]),
      fields: new Set(['officer_ids', 'auxiliary_ids']),
    } as unknown as RuleIndex;
    const r = validateEvent({ ...ok, auxiliary_ids: ['F1'] }, NOW);
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(toFact(r.event, 0, index)?.f).toEqual({ officer_ids: ['P1', 'P2'], auxiliary_ids: ['F1'] });
  });
});
