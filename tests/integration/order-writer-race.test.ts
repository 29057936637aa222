/**
 * The order writer on real Redis, with one interleaving forced that CI once hit by chance: the engine judges an
 * order overdue and, while it is raising the SUP-OVERDUE alert, the unit receives the order and the desk's
 * sync finds no alert yet to resolve. Whoever raises an alert must see the order as it is afterwards, so the
 * alert ends resolved `late`, never left open on a received order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AlertWrite } from '../../alerts/orchestrator/state.js';
import { defaultLegalClock } from '../../alerts/engine/default-clock.js';
import { AlertStore } from '../../alerts/redis/alert-store.js';
import { SupervisionStore } from '../../alerts/redis/supervision-store.js';
import { SupervisionDeadlines } from '../../alerts/supervision/deadlines.js';
import { overdueAlertId } from '../../alerts/supervision/escalation.js';
import { receive } from '../../alerts/supervision/machine.js';
import { OrderWriter } from '../../alerts/supervision/order-writer.js';
import { startTestRedis } from '../helpers/test-redis.js';
import type { TestRedis } from '../helpers/test-redis.js';

const STATION = '450103520000';
const T0 = Date.parse('2026-11-26T02:00:00Z');
const LEVELS = {
  reminder: { receive_within: '1s', feedback_within: '1h' },
  order: { receive_within: '1h', feedback_within: '1h' },
  listed: { receive_within: '1h', feedback_within: '7d' },
};

let r: TestRedis;
beforeAll(async () => {
  r = await startTestRedis('order-writer-race');
}, 30_000);
afterAll(async () => {
  await r?.stop();
});

/** An alert book whose first raise waits until `release` is called: the window the race needs. */
function heldAlertBook(store: AlertStore) {
  let release!: () => void;
  const released = new Promise<void>((res) => (release = res));
  let holding: (() => void) | null = null;
  const reached = new Promise<void>((res) => (holding = res));
  const book = Object.create(store) as AlertStore;
  book.apply = async (writes: readonly AlertWrite[]) => {
    if (holding && writes.some((w) => w.changes.some((c) => c.kind === 'raised'))) {
      holding();
      holding = null;
      await released;
    }
    return store.apply(writes);
  };
  return { book, reached, release };
}

it('an escalation raising its alert while the order is received: the alert ends resolved late', async () => {
  const deadlines = new SupervisionDeadlines(LEVELS, defaultLegalClock());
  const orders = new SupervisionStore(r.redis);
  const alerts = new AlertStore(r.redis);
  const held = heldAlertBook(alerts);
  const engine = new OrderWriter(orders, held.book, deadlines, 'Asia/Shanghai');
  const desk = new OrderWriter(orders, alerts, deadlines, 'Asia/Shanghai');
  const input = { alert_ids: ['A1'], unit_code: STATION, level: 'reminder' as const, instructions: '并发' };
  const issued = await desk.issue({ ...input, actor: 'mgr', auto: false }, T0);
  if (!issued.ok) throw new Error(JSON.stringify(issued));
  const id = issued.order.supervision_id;

  const judging = engine.judge(id, T0 + 2_000); // overdue: writes escalation 1, then raises its alert…
  await held.reached; // …and is held just before the raise
  const received = await desk.act(id, T0 + 2_100, (o) => receive(o, 'stn', T0 + 2_100));
  expect(received).toMatchObject({ ok: true, order: { state: 'received', escalation: 0 } });
  held.release();
  await judging;

  const alert = await alerts.get(overdueAlertId(id, 'receive', 1, 1));
  expect(alert).not.toBeNull();
  expect([alert!.state, alert!.resolution]).toEqual(['resolved', 'late']);
  expect(await orders.get(id)).toMatchObject({ state: 'received', overdue: 'none', escalation: 0 });
});
