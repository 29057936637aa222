/**
 * 督办 under concurrency on the real system, and automatic orders from a policy:
 *  - a receive racing the engine's escalation (×20, receives sent around the 1 s deadline): each order ends
 *    received, not overdue, with every SUP-OVERDUE alert it raised resolved `late`;
 *  - an answer racing a cancel (×20): one consistent outcome per order, every published change recorded in
 *    ClickHouse in seq order, the live order equal to the last recorded snapshot;
 *  - a P1 alert unacknowledged past the policy's wait gets one automatic reminder (system, auto), an
 *    acknowledged one none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { queryRows } from '../../common/node/clickhouse.js';
import type { Supervision } from '../../common/supervision.js';
import { call, makePersonas, raiseAlerts, sleep, until } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const STATION = '450103520000';
const N = 20;

let sys: TestSystem;
let dir: string;
let city: Personas;
let station: Personas;
let raceAlerts: Alert[];

beforeAll(async () => {
  dir = tempDir('sup-race');
  const file = path.join(dir, 'supervision.json');
  const levels = {
    reminder: { receive_within: '1s', feedback_within: '1h' },
    order: { receive_within: '1h', feedback_within: '1h' },
    listed: { receive_within: '1h', feedback_within: '7d' },
  };
  const policies = [
    {
      id: 'p1-fast',
      when: { severity: ['P1'], unit_prefixes: ['4502'], unacknowledged_for: '8s' },
      level: 'reminder',
      to: 'alert_unit',
    },
  ];
  fs.writeFileSync(file, JSON.stringify({ version: 1, levels, policies }));
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', SUPERVISION_FILE: file });
  city = await makePersonas(sys, '4501', 'city');
  station = await makePersonas(sys, STATION, 'stn');
  const items = Array.from({ length: 2 * N }, (_, i) => ({ incident: `RACE-${i}`, unit: STATION }));
  raceAlerts = await raiseAlerts(sys, items);
}, 180_000);
afterAll(async () => {
  await sys?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const post = <T = Supervision>(p: Personas, who: 'manager' | 'officer', route: string, body: unknown = {}) =>
  call<T>(sys.url, 'POST', route, { token: p.token[who], body });

async function issueFor(alert: Alert, level: 'reminder' | 'order'): Promise<Supervision> {
  const res = await post(city, 'manager', '/api/supervisions', {
    alert_ids: [alert.alert_id],
    unit_code: STATION,
    level,
    instructions: '并发测试',
  });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

describe('races', () => {
  it('a receive racing the escalation: received, not overdue, its SUP-OVERDUE alerts resolved late', async () => {
    const orders = await Promise.all(raceAlerts.slice(0, N).map((a) => issueFor(a, 'reminder')));
    await Promise.all(
      orders.map(async (o, i) => {
        await sleep(800 + i * 20); // 0.8 … 1.2 s after issue: around the 1 s deadline and the 200 ms tick
        const r = await post(station, 'officer', `/api/supervisions/${o.supervision_id}/receive`);
        expect(r.status, r.text).toBe(200);
      }),
    );
    await sleep(1_500); // any escalation already taken by the engine has been written
    await sys.engine!.settled();
    let escalated = 0;
    for (const o of orders) {
      const now = (await sys.live.supervisions.get(o.supervision_id))!;
      expect(now).toMatchObject({ state: 'received', overdue: 'none', escalation: 0 });
      const ids = [1, 2, 3].map((k) => `SUP-OVERDUE:supervision_id:${o.supervision_id}.receive.${k}`);
      const sup = [...(await sys.live.alerts.getMany(ids)).values()];
      escalated += sup.length;
      for (const a of sup) expect([a.state, a.resolution]).toEqual(['resolved', 'late']);
    }
    console.log(
      `receive vs escalation: ${escalated} SUP-OVERDUE alerts raised and resolved late over ${N} orders`,
    );
  });

  it('an answer racing a cancel: one consistent outcome each, nothing lost', async () => {
    const orders = await Promise.all(raceAlerts.slice(N).map((a) => issueFor(a, 'order')));
    const results = await Promise.all(
      orders.map(async (o, i) => {
        const answering = () =>
          post(station, 'officer', `/api/supervisions/${o.supervision_id}/answer`, { text: '已整改' });
        const cancelling = () =>
          post(city, 'manager', `/api/supervisions/${o.supervision_id}/cancel`, { note: '撤销' });
        // Half the pairs start with the cancel, half with the answer.
        const [answer, cancel] =
          i % 2 === 0
            ? await Promise.all([answering(), cancelling()])
            : await Promise.all([cancelling(), answering()]).then(([c, a]) => [a, c] as const);
        return { o, answer, cancel };
      }),
    );
    await sys.engine!.settled();
    for (const { o, answer, cancel } of results) {
      expect(cancel.status, cancel.text).toBe(200); // cancel applies to issued and answered orders alike
      const now = (await sys.live.supervisions.get(o.supervision_id))!;
      expect(now.state).toBe('cancelled');
      if (answer.status === 200) expect(now.answers).toHaveLength(1);
      else {
        expect(answer.status).toBe(409);
        expect(answer.json).toMatchObject({ code: 'wrong_state' });
        expect(now.answers).toHaveLength(0);
      }
      const rows = await queryRows<{ seq: string; change: string; supervision: string }>(
        sys.clickhouse.client,
        `SELECT seq, change, supervision FROM supervision_events WHERE supervision_id = {id:String}
         ORDER BY seq LIMIT 1 BY seq`,
        { id: o.supervision_id },
      );
      const kinds = rows.map((r) => r.change);
      expect(kinds).toEqual(
        answer.status === 200 ? ['issued', 'answered', 'cancelled'] : ['issued', 'cancelled'],
      );
      expect(JSON.parse(rows.at(-1)!.supervision)).toEqual(now);
    }
    const answeredFirst = results.filter((r) => r.answer.status === 200).length;
    console.log(`answer vs cancel: answer first ${answeredFirst}, cancel first ${N - answeredFirst}`);
  });
});

describe('automatic orders', () => {
  it('a P1 alert unacknowledged past the wait gets one reminder from the system; an acknowledged one none', async () => {
    const [waiting, acked] = await raiseAlerts(sys, [
      { incident: 'AUTO-1', unit: '450203520000' },
      { incident: 'AUTO-2', unit: '450203520000' },
    ]);
    const admin = await makePersonas(sys, '', 'root');
    const ack = await call(sys.url, 'POST', `/api/alerts/${encodeURIComponent(acked!.alert_id)}/ack`, {
      token: admin.token.officer,
      body: {},
    });
    expect(ack.status, ack.text).toBe(200);
    const auto = await until(
      async () => {
        const open = await sys.live.supervisions.openOrderOf([waiting!.alert_id]);
        const id = open.get(waiting!.alert_id);
        return id ? sys.live.supervisions.get(id) : null;
      },
      30_000,
      'the automatic order',
    );
    expect(auto).toMatchObject({
      auto: true,
      issued_by: 'system',
      policy_id: 'p1-fast',
      level: 'reminder',
      unit_code: '450203520000',
      alert_ids: [waiting!.alert_id],
    });
    expect(auto.instructions).toContain('超过8秒未签收');
    // The acknowledgement came well within the wait, so no order may follow it.
    const ackedNow = (await sys.live.alerts.get(acked!.alert_id))!;
    expect(Date.parse(ackedNow.acknowledged_at!) - Date.parse(ackedNow.opened_at)).toBeLessThan(8_000);
    await sleep(3_000);
    expect((await sys.live.supervisions.openOrderOf([acked!.alert_id])).size).toBe(0);
    const all = await sys.live.supervisions.getMany(await sys.live.supervisions.ids({}));
    expect(all.filter((o) => o.alert_ids.includes(waiting!.alert_id))).toHaveLength(1);
  });
});
