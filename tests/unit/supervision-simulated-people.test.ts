/**
 * The simulated 督办 people's decisions (server/simulation/): who acts on an order, when, and how — receive on
 * time, late or never; answer on time or late, citing the trigger event or not; review accept or return — from
 * a seeded generator and the order's own timestamps; which alerts a city manager picks and at what level; the
 * limits scaled for a demo. Then the loop itself with an injected clock over an in-memory desk (the real state
 * machine): a handful of orders within five minutes at the default scale, late receipts, returns answered
 * again, closes; a real person's order left to them; a disabled account not acting.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { supervisionFileSchema } from '../../common/supervision.js';
import type { Supervision } from '../../common/supervision.js';
import { defaultLegalClock } from '../../alerts/engine/default-clock.js';
import { SupervisionDeadlines } from '../../alerts/supervision/deadlines.js';
import { answer, issue, receive, review } from '../../alerts/supervision/machine.js';
import shipped from '../../alerts/rules/default-supervision.json' with { type: 'json' };
import { Rng } from '../../ingest/simulator/rng.js';
import { scaledLimits } from '../../server/simulation/scaled-limits.js';
import {
  chooseRound,
  firstRoundDelay,
  issuable,
  LIVELY_ROUNDS,
  nextRoundDelay,
  tickMs,
} from '../../server/simulation/supervision-issuing.js';
import { managerOf, officerOf, planStep } from '../../server/simulation/supervision-plan.js';
import type { PlannedStep } from '../../server/simulation/supervision-plan.js';
import { answerText, instructionsText, reviewNote } from '../../server/simulation/supervision-texts.js';

const MIN = 60_000;
const STATION = '450103520000';
const T0 = Date.parse('2026-12-03T02:00:00Z');
const file = supervisionFileSchema.parse(shipped);
const fast = scaledLimits(file, 60);
const deadlines = new SupervisionDeadlines(fast.levels, defaultLegalClock());
const opts = { seed: 7, scale: 60 };

function order(
  n: number,
  o: Partial<{ level: Supervision['level']; by: string; unit: string }> = {},
): Supervision {
  const c = issue(
    {
      supervision_id: `SUP-4501-20261203-${String(n).padStart(4, '0')}`,
      alert_ids: ['A1'],
      unit_code: o.unit ?? STATION,
      level: o.level ?? 'reminder',
      instructions: '请整改',
      actor: o.by ?? 'sim-mgr-4501',
      auto: false,
    },
    T0,
    deadlines,
  );
  return { ...c.supervision, seq: n };
}

const ok = (t: ReturnType<typeof receive>): Supervision => {
  if (!t.ok) throw new Error(JSON.stringify(t));
  return t.order;
};
const many = (n: number, f: (i: number) => PlannedStep | null) =>
  Array.from({ length: n }, (_, i) => f(i + 1));
/** A receive or answer planned after its deadline. */
const isLate = (s: PlannedStep | null): boolean => s !== null && s.action !== 'review' && s.late;
const share = <T>(xs: T[], p: (x: T) => boolean) => xs.filter(p).length / xs.length;

describe('accounts and limits', () => {
  it('an officer per unit, scoped to it; a manager per city (per province above the cities)', () => {
    expect(officerOf(STATION)).toEqual({ username: 'sim-off-450103520000', role: 'officer', scope: STATION });
    expect(officerOf('450103000000').scope).toBe('450103');
    expect(officerOf('450100000000').scope).toBe('4501');
    expect(managerOf(STATION)).toEqual({ username: 'sim-mgr-4501', role: 'manager', scope: '4501' });
    expect(managerOf('450000000000')).toEqual({ username: 'sim-mgr-45', role: 'manager', scope: '45' });
  });

  it('limits divided by the scale (day limits as seconds); policies untouched; scale 1 or 0 keeps them', () => {
    expect(fast.levels.reminder).toEqual({ receive_within: '240s', feedback_within: '1440s' });
    expect(fast.levels.order).toEqual({ receive_within: '120s', feedback_within: '4320s' });
    expect(fast.policies).toEqual(file.policies);
    expect(scaledLimits(file, 1)).toBe(file);
    expect(scaledLimits(file, 0)).toBe(file);
    expect(scaledLimits(file, 100_000).levels.listed.receive_within).toBe('1s');
  });
});

describe('the officer: 签收', () => {
  const steps = many(3000, (i) => planStep(order(i), opts));

  it('the same order, the same plan; another seed, another', () => {
    expect(planStep(order(1), opts)).toEqual(steps[0]);
    const other = many(20, (i) => planStep(order(i), { seed: 8, scale: 60 }));
    expect(other).not.toEqual(steps.slice(0, 20));
  });

  it('about 75 % on time, 18 % late (up to 2.6 × the limit), 7 % never', () => {
    const window = 4 * MIN;
    const never = share(steps, (s) => s === null);
    const planned = steps.filter((s): s is PlannedStep => s !== null);
    expect(never).toBeGreaterThan(0.05);
    expect(never).toBeLessThan(0.09);
    expect(share(planned, isLate)).toBeGreaterThan(0.16);
    expect(share(planned, isLate)).toBeLessThan(0.23);
    for (const s of planned) {
      expect(s).toMatchObject({ action: 'receive', by: officerOf(STATION) });
      if (isLate(s)) expect(s.at).toBeGreaterThan(T0 + window);
      else expect(s.at).toBeLessThanOrEqual(T0 + window);
      expect(s.at).toBeLessThanOrEqual(T0 + 2.6 * window);
    }
    // some late enough to escalate a second time (past twice the limit)
    expect(planned.some((s) => s.at > T0 + 2 * window)).toBe(true);
  });
});

describe('the officer: 反馈', () => {
  const received = many(2000, (i) => {
    const o = order(i);
    return planStep(ok(receive(o, 'sim-off-450103520000', T0 + MIN)), opts);
  });

  it('answers after receiving, mostly within the feedback limit, half citing the trigger event', () => {
    const due = T0 + (24 * 60 * MIN) / 60;
    for (const s of received) {
      expect(s?.action).toBe('answer');
      expect(s!.at).toBeGreaterThan(T0 + MIN);
      if (isLate(s)) expect(s!.at).toBeGreaterThan(due);
      else expect(s!.at).toBeLessThanOrEqual(due);
    }
    const late = share(received, isLate);
    expect(late).toBeGreaterThan(0.12);
    expect(late).toBeLessThan(0.18);
    const cite = share(received, (s) => s?.action === 'answer' && s.cite);
    expect(cite).toBeGreaterThan(0.45);
    expect(cite).toBeLessThan(0.55);
  });

  it('after a 退回, answers again from the return (a new feedback limit)', () => {
    let o = ok(receive(order(1), 'sim-off-450103520000', T0 + MIN));
    o = ok(answer(o, 'sim-off-450103520000', '已整改', [], T0 + 2 * MIN));
    o = ok(review(o, 'sim-mgr-4501', 'return', '请补充', T0 + 3 * MIN, deadlines));
    const s = planStep(o, opts);
    expect(s).toMatchObject({ action: 'answer', by: officerOf(STATION) });
    expect(s!.at).toBeGreaterThan(T0 + 3 * MIN);
  });

  it('leaves the order alone once a real person received or answered it', () => {
    const byPerson = ok(receive(order(1), 'zhang.wei', T0 + MIN));
    expect(planStep(byPerson, opts)).toBeNull();
  });
});

describe('the manager: 审核', () => {
  function answered(i: number, rounds: number, by = 'sim-mgr-4501'): Supervision {
    let o = ok(receive(order(i, { by }), 'sim-off-450103520000', T0 + MIN));
    for (let r = 0; r < rounds; r++) {
      o = ok(answer(o, 'sim-off-450103520000', '已整改', [], T0 + (2 + 2 * r) * MIN));
      if (r < rounds - 1)
        o = ok(review(o, 'sim-mgr-4501', 'return', '请补充', T0 + (3 + 2 * r) * MIN, deadlines));
    }
    return o;
  }

  it('reviews 10 min – 2 h (nominal) after the answer; returns about 25 % of first answers, 10 % of second, no third', () => {
    const first = many(2000, (i) => planStep(answered(i, 1), opts));
    for (const s of first) {
      expect(s).toMatchObject({ action: 'review', by: managerOf(STATION) });
      expect(s!.at - (T0 + 2 * MIN)).toBeGreaterThanOrEqual((10 * MIN) / 60);
      expect(s!.at - (T0 + 2 * MIN)).toBeLessThanOrEqual((120 * MIN) / 60);
    }
    const returned = (xs: (PlannedStep | null)[]) =>
      share(xs, (s) => s?.action === 'review' && s.decision === 'return');
    expect(returned(first)).toBeGreaterThan(0.21);
    expect(returned(first)).toBeLessThan(0.29);
    const second = returned(many(1000, (i) => planStep(answered(i, 2), opts)));
    expect(second).toBeGreaterThan(0.06);
    expect(second).toBeLessThan(0.14);
    expect(returned(many(200, (i) => planStep(answered(i, 3), opts)))).toBe(0);
  });

  it('reviews orders of simulated managers and of policies (system), not those of real people', () => {
    expect(planStep(answered(1, 1, 'system'), opts)?.action).toBe('review');
    expect(planStep(answered(1, 1, 'li.na'), opts)).toBeNull();
  });
});

function alert(id: string, unit: string, o: Partial<Alert> = {}): Alert {
  return {
    alert_id: id,
    seq: 1,
    rule_id: 'R-INC-01',
    severity: 'P2',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: unit,
    subject: {},
    trigger_event_id: `ev-${id}`,
    satisfied_by_event_id: null,
    due_at: '2026-12-01T00:00:00.000Z',
    opened_at: '2026-12-01T00:00:00.000Z',
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: '刑事案件立案超期',
    legal_basis: '',
    ...o,
  };
}

describe('the city manager: issuing', () => {
  it('picks active overdue alerts of the province only', () => {
    expect(issuable(alert('a', STATION), '45')).toBe(true);
    expect(issuable(alert('a', STATION, { stage: 'due_soon' }), '45')).toBe(false);
    expect(issuable(alert('a', STATION, { state: 'held' }), '45')).toBe(false);
    expect(issuable(alert('a', STATION, { state: 'acknowledged' }), '45')).toBe(true);
    expect(issuable(alert('a', STATION, { rule_id: 'SUP-OVERDUE' }), '45')).toBe(false);
    expect(issuable(alert('a', '330103520000'), '45')).toBe(false);
    expect(issuable({ ...alert('a', STATION), historical: true }, '45')).toBe(false);
  });

  it('a round: one city, each order about 1–3 alerts of one rule at one unit, oldest first, sent to that unit', () => {
    const pool = [
      alert('a1', STATION, { due_at: '2026-12-02T00:00:00.000Z' }),
      alert('a2', STATION, { due_at: '2026-11-30T00:00:00.000Z' }),
      alert('a3', STATION, { rule_id: 'R-PER-02', due_at: '2026-11-01T00:00:00.000Z' }),
      alert('b1', '450103510000'),
      alert('c1', '450203520000'),
      alert('c2', '450203530000'),
    ];
    const byId = new Map(pool.map((a) => [a.alert_id, a]));
    for (let i = 0; i < 300; i++) {
      const round = chooseRound(pool, new Rng(i));
      expect(round.length).toBeGreaterThanOrEqual(1);
      expect(round.length).toBeLessThanOrEqual(2);
      expect(new Set(round.map((c) => c.city)).size).toBe(1);
      expect(new Set(round.map((c) => c.unit_code)).size).toBe(round.length);
      for (const c of round) {
        const alerts = c.alert_ids.map((id) => byId.get(id)!);
        expect(alerts.every((a) => a.unit_code === c.unit_code && a.rule_id === alerts[0]!.rule_id)).toBe(
          true,
        );
        if (c.unit_code === STATION) expect(c.alert_ids[0]).toBe('a3');
      }
    }
    expect(chooseRound([], new Rng(1))).toEqual([]);
  });

  it('mostly 提醒, some 督办, rarely 挂牌督办', () => {
    const levels = Array.from(
      { length: 2000 },
      (_, i) => chooseRound([alert('a', STATION)], new Rng(i))[0]!.level,
    );
    expect(share(levels, (l) => l === 'reminder')).toBeGreaterThan(0.65);
    expect(share(levels, (l) => l === 'order')).toBeGreaterThan(0.2);
    const listed = share(levels, (l) => l === 'listed');
    expect(listed).toBeGreaterThan(0.02);
    expect(listed).toBeLessThan(0.08);
  });

  it('rounds at scale 60: the first 20 s after the start, the next every 20–90 s, later every 1–4 min; ticks 0.2–5 s', () => {
    expect(firstRoundDelay(60)).toBe(20_000);
    for (let i = 0; i < 200; i++) {
      const lively = nextRoundDelay(new Rng(i), 60, LIVELY_ROUNDS - 1);
      expect(lively).toBeGreaterThanOrEqual(20_000);
      expect(lively).toBeLessThanOrEqual(90_000);
      const later = nextRoundDelay(new Rng(i), 60, LIVELY_ROUNDS);
      expect(later).toBeGreaterThanOrEqual(60_000);
      expect(later).toBeLessThanOrEqual(240_000);
    }
    expect(tickMs(60)).toBe(5_000);
    expect(tickMs(1800)).toBe(200);
    expect(tickMs(1)).toBe(5_000);
  });
});

describe('texts (zh-CN)', () => {
  it('instructions name the unit and the alert; answers may cite the event; notes say what to put right', () => {
    const t = { title: '刑事案件立案超期', count: 2, unit: '新竹派出所' };
    for (const level of ['reminder', 'order', 'listed'] as const)
      for (const pick of [0, 0.5, 0.99])
        expect(instructionsText(level, t, pick)).toContain('「刑事案件立案超期」等2项');
    expect(answerText(0.3, 'ev-123')).toContain('ev-123');
    expect(answerText(0.3)).toMatch(/[\u4e00-\u9fff]/);
    expect(reviewNote('return', 0.1)).toMatch(/请/);
    expect(reviewNote('accept', 0.9)).toMatch(/销号/);
  });
});
