/**
 * 考评 scores from injected figures (server/services/assessment-score.ts): every component is weight × rate,
 * the score is base − Σ, clamped; nothing due → no score (无应办事项), never 100; order steps by their deadline.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AssessmentFile } from '../../common/assessment.js';
import type { Supervision } from '../../common/supervision.js';
import { assessmentFileErrors, defaultAssessmentPath } from '../../alerts/assessment-file.js';
import { readRules } from '../../alerts/rules-file.js';
import { NO_FIGURES, orderFigures, scoreUnit } from '../../server/services/assessment-score.js';
import type { PeriodFigures } from '../../server/services/assessment-score.js';

const FILE: AssessmentFile = {
  version: 1,
  base: 100,
  categories: [
    { id: 'intake', name: '接处警与受立案', name_en: 'Intake', weight: 20, rules: ['R-INC-*'] },
    { id: 'property', name: '涉案财物', name_en: 'Property', weight: 30, rules: ['R-PRO-01', 'R-PRO-02'] },
  ],
  orders: { received_late: 10, answered_late: 10 },
  lateness: { weight: 10, full_at_hours: 72 },
};

const figures = (over: Partial<PeriodFigures>): PeriodFigures => ({ ...NO_FIGURES, ...over });

describe('scoreUnit', () => {
  it('loses weight × rate per component and states each one', () => {
    const cur = figures({
      rules: [
        { rule_id: 'R-INC-01', judged: 8, violations: 2 },
        { rule_id: 'R-INC-05', judged: 2, violations: 0 },
        { rule_id: 'R-PRO-02', judged: 4, violations: 1 },
        { rule_id: 'R-PRO-01', judged: 1, violations: 1 },
      ],
      lateness: { measured: 4, capped_sum: 1 },
      orders: { receive_due: 4, receive_late: 1, answer_due: 2, answer_late: 2 },
    });
    const s = scoreUnit(FILE, cur, NO_FIGURES);
    const by = new Map(s.components.map((c) => [c.id, c]));
    expect(by.get('intake')).toMatchObject({ numerator: 2, denominator: 10, rate: 0.2, points_lost: 4 });
    expect(by.get('property')).toMatchObject({ numerator: 2, denominator: 5, rate: 0.4, points_lost: 12 });
    expect(by.get('orders_received')).toMatchObject({ rate: 0.25, points_lost: 2.5 });
    expect(by.get('orders_answered')).toMatchObject({ rate: 1, points_lost: 10 });
    expect(by.get('lateness')).toMatchObject({ rate: 0.25, points_lost: 2.5 });
    // 100 − (4 + 12 + 2.5 + 10 + 2.5)
    expect(s).toMatchObject({ score: 69, status: 'scored', previous_score: null });
  });

  it('charges nothing for a component with nothing due, and the previous period has its own rates', () => {
    const cur = figures({ rules: [{ rule_id: 'R-INC-01', judged: 4, violations: 1 }] });
    const prev = figures({ rules: [{ rule_id: 'R-INC-01', judged: 5, violations: 5 }] });
    const s = scoreUnit(FILE, cur, prev);
    expect(s.score).toBe(95);
    expect(s.previous_score).toBe(80);
    const intake = s.components.find((c) => c.id === 'intake');
    expect(intake).toMatchObject({ rate: 0.25, previous_rate: 1 });
    expect(s.components.find((c) => c.id === 'property')).toMatchObject({ rate: null, points_lost: 0 });
  });

  it('gives a unit with nothing due no score, not 100', () => {
    const s = scoreUnit(FILE, NO_FIGURES, NO_FIGURES);
    expect(s).toMatchObject({ score: null, status: 'nothing_due', previous_score: null });
    expect(s.components.every((c) => c.rate === null && c.points_lost === 0)).toBe(true);
  });

  it('clamps at 0 when the weights add up to more than the base', () => {
    const heavy: AssessmentFile = { ...FILE, base: 50 };
    const all = figures({
      rules: [
        { rule_id: 'R-INC-01', judged: 1, violations: 1 },
        { rule_id: 'R-PRO-01', judged: 1, violations: 1 },
      ],
    });
    expect(scoreUnit(heavy, all, NO_FIGURES).score).toBe(0);
  });

  it('a perfect record with something due scores the base', () => {
    const s = scoreUnit(
      FILE,
      figures({ rules: [{ rule_id: 'R-PRO-02', judged: 3, violations: 0 }] }),
      NO_FIGURES,
    );
    expect(s).toMatchObject({ score: 100, status: 'scored' });
  });
});

const H = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
function order(n: number, over: Partial<Supervision>): Supervision {
  return {
    supervision_id: `SUP-4501-20261101-${n}`,
    seq: n,
    level: 'reminder',
    state: 'issued',
    unit_code: '450103000000',
    alert_ids: ['a'],
    instructions: 'x',
    issued_by: 'm',
    issued_at: iso(T0),
    auto: false,
    receive_due_at: iso(T0 + 4 * H),
    received_at: null,
    received_by: null,
    feedback_due_at: iso(T0 + 24 * H),
    answers: [],
    reviews: [],
    overdue: 'none',
    escalated_to: null,
    escalation: 0,
    closed_at: null,
    cancelled_at: null,
    ...over,
  };
}

describe('orderFigures', () => {
  it('counts each step due in the range, late when done after its deadline or not at all', () => {
    const answer = (at: number, due?: number) => ({
      at: iso(at),
      by: 'o',
      text: 't',
      event_ids: [],
      ...(due === undefined ? {} : { due_at: iso(due) }),
    });
    const orders = [
      order(1, { received_at: iso(T0 + H), answers: [answer(T0 + 2 * H, T0 + 24 * H)] }), // both on time
      order(2, { received_at: iso(T0 + 5 * H), answers: [answer(T0 + 30 * H, T0 + 24 * H)] }), // both late
      order(3, {}), // neither done
      order(4, { cancelled_at: iso(T0 + H), state: 'cancelled' }), // cancelled before both deadlines
      order(5, { receive_due_at: iso(T0 + 100 * H), feedback_due_at: iso(T0 + 200 * H) }), // not due yet
    ];
    expect(orderFigures(orders, T0, T0 + 48 * H)).toEqual({
      receive_due: 3,
      receive_late: 2,
      answer_due: 3,
      answer_late: 2,
    });
  });
});

describe('the shipped ASSESSMENT_FILE', () => {
  it('is valid and puts every shipped rule in exactly one category', () => {
    const data: unknown = JSON.parse(fs.readFileSync(defaultAssessmentPath(), 'utf8'));
    const ids = readRules(undefined).map((r) => r.id);
    expect(assessmentFileErrors(data, ids).errors).toEqual([]);
  });

  it('names every problem with its path', () => {
    const ids = ['R-INC-01', 'R-PRO-01'];
    const bad = { ...FILE, categories: [{ ...FILE.categories[0], weight: -1 }] };
    expect(assessmentFileErrors(bad, ids).errors).toEqual(['categories.0.weight: must be 0 or more']);
    const missing = { ...FILE, categories: [FILE.categories[0]] };
    expect(assessmentFileErrors(missing, ids).errors).toEqual([
      'categories: rule R-PRO-01 (in force) is in no category',
    ]);
    const typo = {
      ...FILE,
      categories: [FILE.categories[0], { ...FILE.categories[1], rules: ['R-PRO-01', 'R-PR0-9'] }],
    };
    expect(assessmentFileErrors(typo, ids).errors).toEqual([
      'categories.1.rules.1: R-PR0-9 names no rule in force',
    ]);
  });
});
