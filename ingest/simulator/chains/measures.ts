/**
 * Coercive measures after a criminal detention (RULES.md v2): 送看守所 (R-PER-01), family notices (R-PER-02,
 * R-PER-05, R-PER-09), the request for arrest within the detention period (R-PER-03, extended to 7 or 30
 * days), arrest and its first interrogation (R-PER-04), bail (R-PER-06, 12 months) and residential
 * surveillance (R-PER-07, 6 months) and how they end; plus measures that began before the simulated window.
 */
import type { NOTICE_MEASURES } from '../../../common/event-types.js';
import { DAY_MS, HOUR_MS, RULE_LIMITS, extensionDays } from '../ground-truth.js';
import { MINUTE, daysOf, floorSec, type Chain } from '../chain.js';
import { person } from '../people.js';
import { questioning } from './questioning.js';

type NoticeMeasure = (typeof NOTICE_MEASURES)[number];

/** A measure that began before the window: its end is planned from the window's start on. */
interface Standing {
  notBefore: number;
  typical: () => number;
}

export interface Suspect {
  personId: string;
  caseId: string;
  personName?: string;
  recordingRequired: boolean;
  /** False when a new interrogation would change an earlier obligation's outcome (R-PER-08 never). */
  mayArrest: boolean;
  /** An arrest comes after this (the last interrogation so far), so that earlier ones do not count for it. */
  questionedUntil: number;
}

const FACILITIES = ['市看守所', '县看守所', '区看守所'];

/** R-PER-01, R-PER-02, R-PER-03 and what follows the detention. */
export function afterDetention(c: Chain, s: Suspect, detainedAt: number): void {
  const r = c.rng;
  const admitted = c.deadline({
    rule: 'R-PER-01',
    key: s.personId,
    trigger: detainedAt,
    limit: RULE_LIMITS['R-PER-01'],
    typical: () => r.early(20 * MINUTE, 12 * HOUR_MS),
    lateBy: () => r.early(MINUTE, 2 * DAY_MS),
  });
  if (admitted !== null)
    c.emit(
      'custody.admitted',
      admitted,
      { person_id: s.personId, attrs: { facility: r.pick(FACILITIES) } },
      'case',
    );
  familyNotice(c, 'R-PER-02', s.personId, detainedAt, 'detention');
  const next = c.deadline({
    rule: 'R-PER-03',
    key: s.personId,
    trigger: detainedAt,
    limit: RULE_LIMITS['R-PER-03'],
    typical: () => r.early(2 * HOUR_MS, 2 * DAY_MS),
    lateBy: () => r.early(HOUR_MS, 5 * DAY_MS),
    extensions: [extensionDays('R-PER-03', 7), extensionDays('R-PER-03', 30)],
    extend: (ms, limit) => {
      const fields = { person_id: s.personId, case_id: s.caseId, attrs: { days: daysOf(limit) } };
      c.emit('measure.detention_extended', ms, fields, 'case');
    },
  });
  if (next === null) return;
  const kind = r.weighted<'request' | 'released' | 'bail' | 'surveillance'>([
    ['request', s.mayArrest ? 60 : 0],
    ['released', 15],
    ['bail', 15],
    ['surveillance', 15],
  ]);
  if (kind === 'request') requestArrest(c, s, next);
  else if (kind === 'released')
    c.emit('measure.released', next, { person_id: s.personId, case_id: s.caseId }, 'case');
  else if (kind === 'bail') bail(c, s, next);
  else surveillance(c, s, next, r.chance(0.6));
}

/** 提请批准逮捕, then 逮捕 or 不批准逮捕 (and release or bail). */
function requestArrest(c: Chain, s: Suspect, at: number): void {
  const r = c.rng;
  c.emit('measure.arrest_requested', at, { person_id: s.personId, case_id: s.caseId }, 'case');
  const decided = floorSec(at + r.early(2 * HOUR_MS, 7 * DAY_MS));
  if (r.chance(0.65)) {
    arrest(c, s, Math.max(decided, floorSec(s.questionedUntil + r.uniform(1, 6) * HOUR_MS)));
    return;
  }
  c.emit('measure.arrest_denied', decided, { person_id: s.personId, case_id: s.caseId }, 'case');
  const then = floorSec(decided + r.early(10 * MINUTE, 6 * HOUR_MS));
  if (r.chance(0.5)) c.emit('measure.released', then, { person_id: s.personId, case_id: s.caseId }, 'case');
  else bail(c, { ...s, mayArrest: false }, then);
}

/** 逮捕: interrogation within 24 h (R-PER-04) and the family told within 24 h (R-PER-05). */
export function arrest(c: Chain, s: Suspect, at: number): void {
  const r = c.rng;
  const staff = c.staff(2, s.personId, at);
  c.emit('measure.arrest', at, { person_id: s.personId, case_id: s.caseId, ...staff }, 'case');
  const first = c.deadline({
    rule: 'R-PER-04',
    key: s.personId,
    trigger: at,
    limit: RULE_LIMITS['R-PER-04'],
    typical: () => r.early(30 * MINUTE, 18 * HOUR_MS),
    lateBy: () => r.early(MINUTE, 3 * DAY_MS),
  });
  if (first !== null) questioning(c, { ...s, start: first });
  familyNotice(c, 'R-PER-05', s.personId, at, 'arrest');
}

/**
 * A family notice (or its approved waiver) for `measure` within 24 h. When none is planned, sometimes a notice
 * naming the wrong measure is sent (it must not count); only `arrest` is used as the wrong one, before any
 * arrest, so that it cannot satisfy another obligation of the person.
 */
function familyNotice(
  c: Chain,
  rule: 'R-PER-02' | 'R-PER-05' | 'R-PER-09',
  personId: string,
  trigger: number,
  measure: NoticeMeasure,
): void {
  const r = c.rng;
  const at = c.deadline({
    rule,
    key: personId,
    trigger,
    limit: RULE_LIMITS[rule],
    typical: () => r.early(30 * MINUTE, 16 * HOUR_MS),
    lateBy: () => r.early(MINUTE, 2 * DAY_MS),
  });
  if (at === null) {
    if (measure === 'detention' && r.chance(0.5)) {
      const wrong = floorSec(trigger + r.uniform(HOUR_MS, 20 * HOUR_MS));
      c.emit('family.notified', wrong, { person_id: personId, attrs: { measure: 'arrest' } }, 'case');
    }
    return;
  }
  if (r.chance(0.12)) {
    const reason = r.chance(0.6) ? 'unreachable' : 'obstructs_investigation';
    c.emit('family.notice_waived', at, { person_id: personId, attrs: { measure, reason } }, 'case');
  } else c.emit('family.notified', at, { person_id: personId, attrs: { measure } }, 'case');
}

/** 取保候审 for at most 12 months (R-PER-06): lifted, or ended by an arrest. */
export function bail(c: Chain, s: Suspect, at: number, standing?: Standing): void {
  const r = c.rng;
  const staff = c.staff(1, s.personId, at);
  c.emit('measure.bail', at, { person_id: s.personId, case_id: s.caseId, ...staff }, 'case');
  const end = c.deadline({
    rule: 'R-PER-06',
    key: s.personId,
    trigger: at,
    limit: RULE_LIMITS['R-PER-06'],
    typical: () => r.early(20 * DAY_MS, 330 * DAY_MS),
    ...standing,
    lateBy: () => r.early(HOUR_MS, 45 * DAY_MS),
  });
  if (end === null) return;
  if (s.mayArrest && r.chance(0.2)) arrest(c, s, end);
  else c.emit('measure.bail_lifted', end, { person_id: s.personId, case_id: s.caseId }, 'case');
}

/** 监视居住 for at most 6 months (R-PER-07); 指定居所 needs a family notice within 24 h (R-PER-09). */
export function surveillance(
  c: Chain,
  s: Suspect,
  at: number,
  designated: boolean,
  standing?: Standing,
): void {
  const r = c.rng;
  const staff = c.staff(1, s.personId, at);
  const attrs = designated
    ? { designated_residence: true }
    : r.chance(0.5)
      ? { designated_residence: false }
      : {};
  c.emit('measure.surveillance', at, { person_id: s.personId, case_id: s.caseId, ...staff, attrs }, 'case');
  if (designated) familyNotice(c, 'R-PER-09', s.personId, at, 'residential_surveillance');
  const end = c.deadline({
    rule: 'R-PER-07',
    key: s.personId,
    trigger: at,
    limit: RULE_LIMITS['R-PER-07'],
    typical: () => r.early(10 * DAY_MS, 170 * DAY_MS),
    ...standing,
    lateBy: () => r.early(HOUR_MS, 30 * DAY_MS),
  });
  if (end === null) return;
  if (s.mayArrest && r.chance(0.2)) arrest(c, s, end);
  else c.emit('measure.surveillance_lifted', end, { person_id: s.personId, case_id: s.caseId }, 'case');
}

/**
 * A bail or surveillance that began before the window (`from` = the window's start): its period ends inside
 * the window, so that R-PER-06 / R-PER-07 fall due there. Its trigger event is older than the window, as a
 * source sending its open measures would date it; its end is planned no earlier than the window's start.
 */
export function standingMeasure(c: Chain, kind: 'bail' | 'surveillance', began: number, from: number): void {
  const r = c.rng;
  const p = person(r, c.unit.code, began);
  const s: Suspect = {
    personId: c.id('R'),
    caseId: c.id('A'),
    personName: p.name,
    recordingRequired: false,
    mayArrest: true,
    questionedUntil: began,
  };
  const rule = kind === 'bail' ? 'R-PER-06' : 'R-PER-07';
  const left = Math.max(MINUTE, c.dueAt(began, RULE_LIMITS[rule]) - from);
  const standing = { notBefore: from, typical: () => r.early(0, left) };
  if (kind === 'bail') bail(c, s, began, standing);
  else surveillance(c, s, began, false, standing);
}
