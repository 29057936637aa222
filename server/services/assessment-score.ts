/**
 * 考评 scores, pure (CONTRACT.md §9): from the figures of one unit in a period — per rule, obligations judged
 * and violations; how late late work was; order steps due and late — to its components and score:
 *
 *   score = base − Σ weight × rate, clamped to [0, base]
 *     rate of a rule category = violations ÷ obligations judged (deadline obligations due in the period: late or
 *                               still missing is a violation; condition checks made: a violation is one)
 *     orders received late    = steps due to be received in the period and received late or not at all ÷ steps due
 *     orders answered late    = first answers due in the period given late or not at all ÷ answers due
 *     lateness                = mean over work done late of min(hours late, full_at_hours) ÷ full_at_hours
 *
 * A component with nothing due has no rate and costs nothing; a unit with nothing due in any has no score
 * (无应办事项), never 100. Only rates are inputs: never counts of cases, detentions, fines or clearance rates.
 */
import { categoryOf } from '../../common/assessment.js';
import type {
  AssessmentComponent,
  AssessmentComponentKind,
  AssessmentFile,
} from '../../common/assessment.js';
import type { Supervision } from '../../common/supervision.js';

export interface RuleFigures {
  rule_id: string;
  /** Obligations judged: deadline obligations due, condition checks made. */
  judged: number;
  /** Of them, violations: late, still missing, or a condition that held. */
  violations: number;
}

export interface PeriodFigures {
  rules: readonly RuleFigures[];
  /** Work done late (measured) and Σ min(hours late, full_at_hours) ÷ full_at_hours over it. */
  lateness: { measured: number; capped_sum: number };
  orders: OrderFigures;
}

export interface OrderFigures {
  receive_due: number;
  receive_late: number;
  answer_due: number;
  answer_late: number;
}

export const NO_FIGURES: PeriodFigures = {
  rules: [],
  lateness: { measured: 0, capped_sum: 0 },
  orders: { receive_due: 0, receive_late: 0, answer_due: 0, answer_late: 0 },
};

interface Part {
  id: string;
  kind: AssessmentComponentKind;
  name: string;
  name_en: string;
  weight: number;
  ratio: (f: PeriodFigures) => { numerator: number; denominator: number };
}

const rateOf = (n: number, d: number): number | null => (d > 0 ? n / d : null);
const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** The components the file defines, in order: its categories, the two order steps, lateness. */
function parts(file: AssessmentFile): Part[] {
  const inCategory = (id: string) => (f: PeriodFigures) => {
    let numerator = 0;
    let denominator = 0;
    for (const r of f.rules)
      if (categoryOf(file, r.rule_id)?.id === id) {
        numerator += r.violations;
        denominator += r.judged;
      }
    return { numerator, denominator };
  };
  return [
    ...file.categories.map((c): Part => ({
      id: c.id,
      kind: 'category',
      name: c.name,
      name_en: c.name_en,
      weight: c.weight,
      ratio: inCategory(c.id),
    })),
    {
      id: 'orders_received',
      kind: 'orders_received',
      name: '督办逾期签收',
      name_en: 'Orders received late',
      weight: file.orders.received_late,
      ratio: (f) => ({ numerator: f.orders.receive_late, denominator: f.orders.receive_due }),
    },
    {
      id: 'orders_answered',
      kind: 'orders_answered',
      name: '督办逾期反馈',
      name_en: 'Orders answered late',
      weight: file.orders.answered_late,
      ratio: (f) => ({ numerator: f.orders.answer_late, denominator: f.orders.answer_due }),
    },
    {
      id: 'lateness',
      kind: 'lateness',
      name: '超期程度',
      name_en: 'How late',
      weight: file.lateness.weight,
      ratio: (f) => ({ numerator: round(f.lateness.capped_sum, 4), denominator: f.lateness.measured }),
    },
  ];
}

export interface UnitScore {
  score: number | null;
  status: 'scored' | 'nothing_due';
  previous_score: number | null;
  components: AssessmentComponent[];
}

/** base − Σ weight × rate, clamped; null when no component had anything due. */
function scoreOf(base: number, lost: readonly { rate: number | null; weight: number }[]): number | null {
  if (lost.every((c) => c.rate === null)) return null;
  const total = lost.reduce((s, c) => s + (c.rate === null ? 0 : c.weight * c.rate), 0);
  return round(Math.min(base, Math.max(0, base - total)), 1);
}

export function scoreUnit(file: AssessmentFile, current: PeriodFigures, previous: PeriodFigures): UnitScore {
  const components = parts(file).map((p): AssessmentComponent => {
    const { numerator, denominator } = p.ratio(current);
    const before = p.ratio(previous);
    const rate = rateOf(numerator, denominator);
    return {
      id: p.id,
      kind: p.kind,
      name: p.name,
      name_en: p.name_en,
      weight: p.weight,
      numerator,
      denominator,
      rate,
      points_lost: rate === null ? 0 : round(p.weight * rate),
      previous_rate: rateOf(before.numerator, before.denominator),
    };
  });
  const score = scoreOf(file.base, components);
  const previousScore = scoreOf(
    file.base,
    components.map((c) => ({ rate: c.previous_rate, weight: c.weight })),
  );
  return {
    score,
    status: score === null ? 'nothing_due' : 'scored',
    previous_score: previousScore,
    components,
  };
}

/**
 * Order steps due in (from, to] for one unit's orders: the receive step at `receive_due_at` (late when received
 * after it or not at all), the first answer at the deadline in force for it (late when given after it or not
 * at all). A step is not due once the order was cancelled before its deadline.
 */
export function orderFigures(orders: readonly Supervision[], from: number, to: number): OrderFigures {
  const f: OrderFigures = { receive_due: 0, receive_late: 0, answer_due: 0, answer_late: 0 };
  const inRange = (ms: number) => ms > from && ms <= to;
  for (const o of orders) {
    const cancelled = o.cancelled_at === null ? Infinity : Date.parse(o.cancelled_at);
    const receiveDue = Date.parse(o.receive_due_at);
    if (inRange(receiveDue) && cancelled > receiveDue) {
      f.receive_due++;
      if (o.received_at === null || Date.parse(o.received_at) > receiveDue) f.receive_late++;
    }
    const first = o.answers[0];
    const answerDue = Date.parse(first?.due_at ?? o.feedback_due_at);
    if (inRange(answerDue) && cancelled > answerDue) {
      f.answer_due++;
      if (!first || Date.parse(first.at) > answerDue) f.answer_late++;
    }
  }
  return f;
}
