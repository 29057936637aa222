/**
 * The simulated 督办 people of `npm start` on the real system (SIMULATE=1 with a day of history at four times the
 * default pace, their time 1800× real time: 提醒 签收 within 8 s, 反馈 within 48 s): within a bounded time
 * orders have been seen in every state — issued, received, answered, returned, closed — a missed step raised
 * a SUP-OVERDUE alert, and all of it was done by simulated accounts (real users of the user store) through the
 * API's desk: issued by city managers, received and answered by the unit's officer (some answers citing the
 * alert's trigger event), reviewed by the city's manager, each action audited, every text in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import type { User } from '../../common/auth.js';
import type { Supervision, SupervisionState } from '../../common/supervision.js';
import { adminToken, auditRows, call, until } from '../helpers/live-system.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

let sys: TestSystem;
let admin: string;
const seen = new Map<SupervisionState, string>();
let orders: Supervision[] = [];
let overdue: Alert[] = [];

const get = async <T>(route: string): Promise<T> => {
  const res = await call<T>(sys.url, 'GET', route, { token: admin });
  expect(res.status, res.text).toBe(200);
  return res.json;
};

beforeAll(async () => {
  sys = await startTestSystem({
    SIMULATE: '1',
    SIMULATE_BACKFILL_DAYS: '1',
    // Four times the default pace: at the default a simulated day may leave only about eight overdue alerts,
    // so the people issue about seven orders in all and whether one of them is returned (a quarter of first
    // answers are) was luck. At four, some fifty are there to order.
    SIMULATE_RATE: '4',
    SIMULATE_SUPERVISION: '1800',
    ALERT_GRACE_SECONDS: '1',
    LOG_LEVEL: process.env.SUP_LOG ?? '',
  });
  admin = await adminToken(sys);
}, 120_000);
afterAll(async () => {
  await sys?.cleanup();
});

const CHINESE = /[\u4e00-\u9fff]/;
const WANTED: SupervisionState[] = ['issued', 'received', 'answered', 'returned', 'closed'];

/** The states an order has been in, read from its history: a returned order answered again was returned. */
function statesPassed(o: Supervision): SupervisionState[] {
  const out: SupervisionState[] = ['issued'];
  if (o.received_at) out.push('received');
  if (o.answers.length > 0) out.push('answered');
  if (o.reviews.some((r) => r.decision === 'return')) out.push('returned');
  if (o.state === 'closed') out.push('closed');
  return out;
}

describe('simulated supervision people', () => {
  it('within four minutes, orders in every state, a SUP-OVERDUE alert and an answer citing an event', async () => {
    await until(
      async () => {
        orders = (await get<{ supervisions: Supervision[] }>('/api/supervisions?limit=1000')).supervisions;
        for (const o of orders)
          for (const s of statesPassed(o)) if (!seen.has(s)) seen.set(s, o.supervision_id);
        overdue = (await get<{ alerts: Alert[] }>('/api/alerts?rule_id=SUP-OVERDUE&limit=100')).alerts;
        const cited = orders.some((o) => o.answers.some((a) => a.event_ids.length > 0));
        return WANTED.every((s) => seen.has(s)) && overdue.length > 0 && cited;
      },
      240_000,
      () =>
        `orders in every state (seen ${[...seen.keys()].join(', ')}; ${orders.length} orders, ` +
        `${overdue.length} SUP-OVERDUE alerts)`,
    );
    expect(overdue[0]!.subject.supervision_id).toMatch(/^SUP-45\d\d-\d{8}-\d+$/);
  }, 260_000);

  it('people are simulated accounts of the user store, each in the scope of its city or unit', async () => {
    const users = (await get<{ users: User[] }>('/api/users')).users;
    const sim = users.filter((u) => u.username.startsWith('sim-'));
    const managers = sim.filter((u) => u.username.startsWith('sim-mgr-'));
    const officers = sim.filter((u) => u.username.startsWith('sim-off-'));
    expect(managers.length).toBeGreaterThan(0);
    expect(officers.length).toBeGreaterThan(0);
    for (const m of managers) expect(m).toMatchObject({ role: 'manager', scope: m.username.slice(8) });
    for (const o of officers) expect(o.role).toBe('officer');
    for (const o of officers) expect(o.username.slice(8)).toMatch(new RegExp(`^${o.scope}`));
  });

  it('orders are issued by city managers, worked by unit officers, reviewed by managers, in Chinese', async () => {
    const manual = orders.filter((o) => !o.auto);
    expect(manual.length).toBeGreaterThan(0);
    for (const o of manual) {
      expect(o.issued_by).toBe(`sim-mgr-${o.unit_code.slice(0, 4)}`);
      expect(o.instructions).toMatch(CHINESE);
      if (o.received_by) expect(o.received_by).toBe(`sim-off-${o.unit_code}`);
      for (const a of o.answers) expect(a).toMatchObject({ by: `sim-off-${o.unit_code}` });
      for (const a of o.answers) expect(a.text).toMatch(CHINESE);
      for (const r of o.reviews) expect(r.by).toBe(`sim-mgr-${o.unit_code.slice(0, 4)}`);
      for (const r of o.reviews) expect(r.note).toMatch(CHINESE);
    }
    const levels = new Set(manual.map((o) => o.level));
    expect(levels.has('reminder')).toBe(true);
    const returned = orders.filter((o) => o.reviews.some((r) => r.decision === 'return'));
    expect(returned.length).toBeGreaterThan(0);
  });

  it('some answers cite the trigger event of an alert of the order', async () => {
    const citing = orders.flatMap((o) =>
      o.answers.filter((a) => a.event_ids.length > 0).map((a) => [o, a] as const),
    );
    expect(citing.length).toBeGreaterThan(0);
    const [order, answer] = citing[0]!;
    const alert = await get<Alert>(`/api/alerts/${encodeURIComponent(order.alert_ids[0]!)}`);
    expect(answer.event_ids).toContain(alert.trigger_event_id);
    expect(answer.text).toContain(alert.trigger_event_id);
  });

  it('every action is in the audit log under the simulated account', async () => {
    const closed = orders.find((o) => o.state === 'closed' && !o.auto)!;
    const rows = await auditRows(sys, closed.supervision_id);
    const actions = rows.filter((r) => r.outcome === 'ok').map((r) => r.action);
    expect(actions[0]).toBe('supervision_issue');
    expect(actions).toContain('supervision_answer');
    expect(actions[actions.length - 1]).toBe('supervision_review');
    for (const r of rows) expect(r.actor).toMatch(/^sim-(mgr|off)-\d+$/);
  });
});
