/**
 * Cases: registration (接报案登记) → criminal filing review (R-INC-05) or administrative acceptance review
 * (R-INC-04) → the investigation (custody, questioning, property) → decision (R-ADM-01) and closure.
 */
import { DAY_MS, HOUR_MS, RULE_LIMITS, extensionDays, type RuleLimit } from '../ground-truth.js';
import { MINUTE, daysOf, floorSec, type Chain } from '../chain.js';
import { personName } from '../people.js';
import { custodyStay } from './custody.js';
import { questioning } from './questioning.js';
import { disposeItems, preserveItem, seizeItems, type SeizedItem } from './property.js';

export type CaseKind = 'criminal' | 'administrative';

const CRIMINAL_CAUSES = ['盗窃案', '诈骗案', '故意伤害案', '抢夺案', '寻衅滋事案', '开设赌场案'];
const ADMIN_CAUSES = ['殴打他人', '赌博', '扰乱公共秩序', '盗窃（治安）', '故意损毁财物', '卖淫嫖娼'];

export function registerCase(
  c: Chain,
  at: number,
  kind: CaseKind,
  incidentId?: string,
  reporter?: string,
): void {
  const r = c.rng;
  const caseId = c.id('A');
  const attrs: Record<string, unknown> = {
    case_kind: kind,
    cause: r.pick(kind === 'criminal' ? CRIMINAL_CAUSES : ADMIN_CAUSES),
  };
  if (reporter && r.chance(0.7)) attrs.person_name = reporter;
  c.emit(
    'case.registered',
    at,
    { case_id: caseId, ...(incidentId ? { incident_id: incidentId } : {}), attrs },
    'case',
  );
  const extend = (ms: number, limit: RuleLimit): void => {
    c.emit('case.review_extended', ms, { case_id: caseId, attrs: { days: daysOf(limit) } }, 'case');
  };
  if (kind === 'criminal') {
    const decidedAt = c.deadline({
      rule: 'R-INC-05',
      key: caseId,
      trigger: at,
      limit: RULE_LIMITS['R-INC-05'],
      typical: () => r.early(30 * MINUTE, 2.5 * DAY_MS),
      lateBy: () => r.early(MINUTE, 10 * DAY_MS),
      extensions: [extensionDays('R-INC-05', 7), extensionDays('R-INC-05', 30)],
      extend,
    });
    if (decidedAt === null) return;
    if (r.chance(0.15)) {
      c.emit('case.not_filed', decidedAt, { case_id: caseId }, 'case');
      return;
    }
    c.emit('case.filed', decidedAt, { case_id: caseId }, 'case');
    criminalCase(c, caseId, at, decidedAt);
  } else {
    const decidedAt = c.deadline({
      rule: 'R-INC-04',
      key: caseId,
      trigger: at,
      limit: RULE_LIMITS['R-INC-04'],
      typical: () => r.early(10 * MINUTE, 20 * HOUR_MS),
      lateBy: () => r.early(MINUTE, 3 * DAY_MS),
      extensions: [extensionDays('R-INC-04', 3)],
      extend,
    });
    if (decidedAt === null) return;
    if (r.chance(0.1)) {
      c.emit('case.not_accepted', decidedAt, { case_id: caseId }, 'case');
      return;
    }
    c.emit('case.accepted', decidedAt, { case_id: caseId }, 'case');
    adminCase(c, caseId, at, decidedAt);
  }
}

function lastSeizure(items: readonly SeizedItem[], fallback: number): number {
  return items.reduce((m, i) => Math.max(m, i.seizedAt), fallback);
}

function criminalCase(c: Chain, caseId: string, registeredAt: number, filedAt: number): void {
  const r = c.rng;
  const serious = r.chance(0.35);
  const suspects = r.weighted<number>([
    [0, 30],
    [1, 50],
    [2, 20],
  ]);
  for (let i = 0; i < suspects; i++) {
    custodyStay(c, {
      at: floorSec(filedAt + r.early(20 * MINUTE, 2 * DAY_MS)),
      caseId,
      basis: r.chance(0.6) ? 'criminal_summons' : 'forced_summons',
      detain: r.chance(serious ? 0.85 : 0.55),
      recordingRequired: serious,
    });
  }
  if (r.chance(0.6)) {
    const start = floorSec(filedAt + r.early(HOUR_MS, 4 * DAY_MS));
    questioning(c, { start, personId: c.id('R'), caseId, recordingRequired: false });
  }
  const items = r.chance(0.4)
    ? seizeItems(c, { caseId, registeredAt, decidedAt: filedAt, count: r.int(1, 3), withinMs: 3 * DAY_MS })
    : [];
  const closeAt = floorSec(
    Math.max(filedAt + r.early(3 * DAY_MS, 50 * DAY_MS), lastSeizure(items, filedAt) + DAY_MS),
  );
  const closure = r.chance(0.85) ? 'transferred_for_prosecution' : 'withdrawn';
  c.emit('case.closed', closeAt, { case_id: caseId, attrs: { closure } }, 'case');
  disposeItems(c, items, closeAt, 'criminal');
}

function adminCase(c: Chain, caseId: string, registeredAt: number, acceptedAt: number): void {
  const r = c.rng;
  let stayAt = acceptedAt;
  if (r.chance(0.85)) {
    stayAt = floorSec(acceptedAt + r.early(10 * MINUTE, DAY_MS));
    custodyStay(c, {
      at: stayAt,
      caseId,
      basis: 'admin_questioning',
      detain: false,
      recordingRequired: false,
    });
  }
  const items = r.chance(0.3)
    ? seizeItems(c, {
        caseId,
        registeredAt,
        decidedAt: acceptedAt,
        count: r.int(1, 2),
        withinMs: 12 * HOUR_MS,
      })
    : [];
  if (r.chance(0.25)) preserveItem(c, caseId, floorSec(acceptedAt + r.early(10 * MINUTE, DAY_MS)));
  const decision = r.pick(['fine', 'administrative_detention', 'warning', 'revoke_licence']);
  const review = decision !== 'warning' && r.chance(0.6);
  let notBefore = Math.max(stayAt + HOUR_MS, lastSeizure(items, acceptedAt));
  let passedAt: number | null = null;
  // R-LAW-01 broken on purpose: no review before the decision (half of them asked for afterwards).
  const skipReview = review && c.violates('R-LAW-01');
  if (review && !skipReview) {
    passedAt = legalReview(c, caseId, floorSec(notBefore + r.early(HOUR_MS, 3 * DAY_MS)), decision);
    if (passedAt !== null) notBefore = Math.max(notBefore, passedAt);
  }
  const decidedAt = c.deadline({
    rule: 'R-ADM-01',
    key: caseId,
    trigger: acceptedAt,
    limit: RULE_LIMITS['R-ADM-01'],
    notBefore,
    typical: () =>
      r.weighted<() => number>([
        [() => r.early(30 * MINUTE, 8 * HOUR_MS), 35],
        [() => r.early(8 * HOUR_MS, 3 * DAY_MS), 35],
        [() => r.early(3 * DAY_MS, 25 * DAY_MS), 30],
      ])(),
    lateBy: () => r.early(MINUTE, 20 * DAY_MS),
    extensions: [extensionDays('R-ADM-01', 60)],
    extend: (ms, limit) => {
      c.emit('case.deadline_extended', ms, { case_id: caseId, attrs: { days: daysOf(limit) } }, 'case');
    },
  });
  if (decidedAt === null) return;
  const attrs: Record<string, unknown> = { decision };
  if (review) attrs.requires_legal_review = true;
  else if (r.chance(0.5)) attrs.requires_legal_review = false;
  const staff = c.staff(r.chance(0.8) ? 2 : 1, caseId, decidedAt);
  c.emit('case.decided', decidedAt, { case_id: caseId, ...staff, attrs }, 'case');
  if (review && (passedAt === null || passedAt > decidedAt)) c.recordViolation('R-LAW-01', caseId, decidedAt);
  if (skipReview && r.chance(0.5))
    legalReview(c, caseId, floorSec(decidedAt + r.early(HOUR_MS, 2 * DAY_MS)), decision);
  const closeAt = floorSec(decidedAt + r.uniform(30 * MINUTE, 2 * DAY_MS));
  c.emit('case.closed', closeAt, { case_id: caseId, attrs: { closure: 'decided' } }, 'case');
  disposeItems(c, items, closeAt, 'administrative');
}

const DECISION_KINDS: Record<string, string> = {
  fine: '罚款',
  administrative_detention: '行政拘留',
  revoke_licence: '吊销许可证',
};

/**
 * 法制审核 (R-LAW-02: passed or failed within 5 working days); a failed review is corrected and resubmitted.
 * Returns when the review passed (null: it never did).
 */
function legalReview(c: Chain, caseId: string, at: number, decision: string): number | null {
  const r = c.rng;
  const attrs = { decision_kind: DECISION_KINDS[decision] ?? '行政处罚' };
  c.emit('legal_review.submitted', at, { case_id: caseId, attrs }, 'case');
  const result = c.deadline({
    rule: 'R-LAW-02',
    key: caseId,
    trigger: at,
    limit: RULE_LIMITS['R-LAW-02'],
    typical: () => r.early(HOUR_MS, 6 * DAY_MS),
    lateBy: () => r.early(HOUR_MS, 6 * DAY_MS),
  });
  if (result === null) return null;
  if (!r.chance(0.15)) {
    c.emit('legal_review.passed', result, { case_id: caseId }, 'case');
    return result;
  }
  c.emit('legal_review.failed', result, { case_id: caseId, attrs: { reason: '证据不足' } }, 'case');
  const again = floorSec(result + r.early(HOUR_MS, 2 * DAY_MS));
  c.emit('legal_review.submitted', again, { case_id: caseId, attrs }, 'case');
  const passed = floorSec(again + r.early(HOUR_MS, 3 * DAY_MS));
  c.emit('legal_review.passed', passed, { case_id: caseId }, 'case');
  return passed;
}

/** A walk-in report (not from a 110 incident): registration straight away. */
export function walkInCase(c: Chain, t0: number): void {
  const kind: CaseKind = c.rng.chance(0.55) ? 'criminal' : 'administrative';
  registerCase(c, t0, kind, undefined, personName(c.rng));
}
