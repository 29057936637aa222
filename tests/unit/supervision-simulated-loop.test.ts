/**
 * The simulated 督办 people's loop (server/simulation/supervision-activity.ts) with an injected clock, a seeded
 * generator and an in-memory desk over the real state machine, at the default scale (60: their hour is a
 * minute): a handful of orders within the first five minutes; within two hours orders received late, never
 * received, answered (some citing the trigger event), returned and answered again, closed — every step
 * audited under the simulated account; an order a real person issued is answered but left for them to
 * review; an account an admin disabled does nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import type { AuthUser } from '../../common/auth.js';
import { silentLogger } from '../../common/node/logger.js';
import { isOpenOrder, supervisionFileSchema } from '../../common/supervision.js';
import type { AnswerRequest, IssueRequest, ReviewRequest, Supervision } from '../../common/supervision.js';
import { defaultLegalClock } from '../../alerts/engine/default-clock.js';
import { SupervisionDeadlines } from '../../alerts/supervision/deadlines.js';
import type { DeskResult } from '../../alerts/supervision/desk.js';
import { answer, issue, receive, review } from '../../alerts/supervision/machine.js';
import type { Transition } from '../../alerts/supervision/machine.js';
import shipped from '../../alerts/rules/default-supervision.json' with { type: 'json' };
import type { AuditEntry } from '../../server/services/audit.js';
import { scaledLimits } from '../../server/simulation/scaled-limits.js';
import { SupervisionActivity } from '../../server/simulation/supervision-activity.js';
import { planStep } from '../../server/simulation/supervision-plan.js';
import type { Persona } from '../../server/simulation/supervision-plan.js';

const MIN = 60_000;
const T0 = Date.parse('2026-12-03T02:00:00Z');
const deadlines = new SupervisionDeadlines(
  scaledLimits(supervisionFileSchema.parse(shipped), 60).levels,
  defaultLegalClock(),
);
const UNITS = ['450103520000', '450103530000', '450105510000', '450203520000', '450302500000'];

function alert(i: number): Alert {
  const unit = UNITS[i % UNITS.length]!;
  return {
    alert_id: `R-INC-01:incident_id:J${i}`,
    seq: i + 1,
    rule_id: i % 3 === 0 ? 'R-CASE-03' : 'R-INC-01',
    severity: 'P2',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: unit,
    subject: { incident_id: `J${i}` },
    trigger_event_id: `ev-${i}`,
    satisfied_by_event_id: null,
    due_at: new Date(T0 - (i + 1) * 3_600_000).toISOString(),
    opened_at: new Date(T0 - 3_600_000).toISOString(),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: i % 3 === 0 ? '刑事案件立案审查超期' : '警情处置反馈超期',
    legal_basis: '',
  };
}

/** The desk's actions on a map of orders, decided by the real state machine. */
class MemoryDesk {
  readonly orders = new Map<string, Supervision>();
  private seq = 0;
  constructor(private readonly now: () => number) {}

  async issue(user: AuthUser, req: IssueRequest): Promise<DeskResult> {
    const id = `SUP-${req.unit_code.slice(0, 4)}-20261203-${String(this.seq + 1).padStart(4, '0')}`;
    const c = issue({ ...req, supervision_id: id, actor: user.username, auto: false }, this.now(), deadlines);
    return this.put({ ok: true, order: c.supervision, change: c });
  }
  async receive(user: AuthUser, id: string): Promise<DeskResult> {
    return this.put(receive(this.orders.get(id)!, user.username, this.now()));
  }
  async answer(user: AuthUser, id: string, req: AnswerRequest): Promise<DeskResult> {
    return this.put(answer(this.orders.get(id)!, user.username, req.text, req.event_ids ?? [], this.now()));
  }
  async review(user: AuthUser, id: string, req: ReviewRequest): Promise<DeskResult> {
    const o = this.orders.get(id)!;
    return this.put(review(o, user.username, req.decision, req.note ?? '', this.now(), deadlines));
  }
  private put(t: Transition): DeskResult {
    if (!t.ok) return { ok: false, code: 'wrong_state', error: t.reason };
    const order = { ...t.order, seq: ++this.seq };
    this.orders.set(order.supervision_id, order);
    return { ok: true, order, changed: true };
  }
}

function world(o: { disabled?: (p: Persona) => boolean } = {}) {
  let t = T0;
  const now = () => t;
  const desk = new MemoryDesk(now);
  const pool = new Map(Array.from({ length: 200 }, (_, i) => [alert(i).alert_id, alert(i)]));
  const audit: AuditEntry[] = [];
  const open = () => [...desk.orders.values()].filter(isOpenOrder);
  const activity = new SupervisionActivity({
    desk,
    alerts: {
      getMany: async (ids) => new Map(ids.flatMap((id) => (pool.has(id) ? [[id, pool.get(id)!]] : []))),
      unresolvedIds: async () => [...pool.keys()],
    },
    orders: {
      ids: async () => open().map((x) => x.supervision_id),
      getMany: async (ids) => ids.map((id) => desk.orders.get(id)!),
      orderOfAlerts: async (ids) =>
        new Map(
          [...desk.orders.values()].flatMap((x) =>
            x.alert_ids.filter((a) => ids.includes(a)).map((a) => [a, x.supervision_id]),
          ),
        ),
    },
    accounts: {
      user: async (p) => (o.disabled?.(p) ? null : { username: p.username, role: p.role, scope: p.scope }),
    },
    audit: async (e) => void audit.push(e),
    logger: silentLogger,
    seed: 42,
    scale: 60,
    now,
  });
  const runUntil = async (end: number) => {
    for (; t <= end; t += 5_000) await activity.tick();
  };
  return { desk, audit, runUntil, orders: () => [...desk.orders.values()] };
}

describe('the simulated people over two hours at scale 60', () => {
  it('a handful of orders within five minutes, then the whole loop', async () => {
    const w = world();
    await w.runUntil(T0 + 5 * MIN);
    const early = w.orders().length;
    expect(early).toBeGreaterThanOrEqual(3);
    expect(early).toBeLessThanOrEqual(12);
    await w.runUntil(T0 + 120 * MIN);
    const all = w.orders();
    const states = new Set(all.map((x) => x.state));
    expect(states).toContain('closed');
    expect(states).toContain('issued');
    const late = all.filter((x) => x.received_at && x.received_at > x.receive_due_at);
    expect(late.length).toBeGreaterThan(0);
    const neverYet = all.filter(
      (x) => !x.received_at && Date.parse(x.receive_due_at) + 10 * MIN < T0 + 120 * MIN,
    );
    expect(neverYet.length).toBeGreaterThan(0);
    const returnedThenClosed = all.filter(
      (x) => x.state === 'closed' && x.reviews.some((r) => r.decision === 'return'),
    );
    expect(returnedThenClosed.length).toBeGreaterThan(0);
    for (const x of returnedThenClosed) expect(x.answers.length).toBe(x.reviews.length);
    const answers = all.flatMap((x) => x.answers);
    expect(answers.some((a) => a.event_ids.length > 0 && a.text.includes(a.event_ids[0]!))).toBe(true);
    expect(answers.some((a) => a.event_ids.length === 0)).toBe(true);
    expect(new Set(all.map((x) => x.level))).toContain('reminder');
    for (const x of all) {
      expect(x.issued_by).toBe(`sim-mgr-${x.unit_code.slice(0, 4)}`);
      expect(x.alert_ids.every((id) => id.length > 0)).toBe(true);
    }
    // an alert is in one order at most: a closed order does not put it back in the pool
    const covered = all.flatMap((x) => x.alert_ids);
    expect(new Set(covered).size).toBe(covered.length);
    expect(w.audit.length).toBeGreaterThan(all.length);
    expect(w.audit.every((e) => e.outcome === 'ok' && e.actor.startsWith('sim-'))).toBe(true);
  });

  it('deterministic: the same seed and clock, the same orders', async () => {
    const a = world();
    const b = world();
    await a.runUntil(T0 + 20 * MIN);
    await b.runUntil(T0 + 20 * MIN);
    expect(b.orders()).toEqual(a.orders());
  });

  it("answers a real person's order but leaves its review to them", async () => {
    const w = world();
    const make = (n: number) =>
      issue(
        {
          supervision_id: `SUP-4501-20261203-${9000 + n}`,
          alert_ids: [alert(0).alert_id],
          unit_code: UNITS[0]!,
          level: 'reminder',
          instructions: '请核查',
          actor: 'li.na',
          auto: false,
        },
        T0,
        deadlines,
      ).supervision;
    // an order its officer will receive (7 % are never received)
    let n = 0;
    while (planStep(make(n), { seed: 42, scale: 60 }) === null) n++;
    const mine = make(n);
    w.desk.orders.set(mine.supervision_id, { ...mine, seq: 0 });
    await w.runUntil(T0 + 120 * MIN);
    const after = w.desk.orders.get(mine.supervision_id)!;
    expect(after.answers.length).toBeGreaterThan(0);
    expect(after.state).toBe('answered');
  });

  it('an account an admin disabled does nothing', async () => {
    const w = world({ disabled: (p) => p.role === 'officer' });
    await w.runUntil(T0 + 30 * MIN);
    expect(w.orders().length).toBeGreaterThan(0);
    expect(w.orders().every((x) => x.state === 'issued')).toBe(true);
  });
});
