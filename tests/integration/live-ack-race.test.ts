/**
 * Acknowledge racing automatic resolution, over HTTP on the real system: for many alerts at once, an officer
 * and a manager POST ack while the satisfying event is posted (and, for some, someone resolves by hand),
 * each after a random delay so that every interleaving occurs. A resolved alert is never reopened, and
 * the audit trail in ClickHouse matches the responses exactly.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import {
  alertIdOf,
  call,
  makePersonas,
  postEvents,
  raiseAlerts,
  registration,
  sleep,
  until,
} from '../helpers/live-system.js';
import type { Personas, Reply } from '../helpers/live-system.js';

const IN = '450103520000';
const ROUNDS = 4;
const PER_ROUND = 30;
let sys: TestSystem;
let p: Personas;

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1' });
  p = await makePersonas(sys, '4501', 'race');
});
afterAll(async () => {
  await sys?.cleanup();
});

/** Deterministic delays (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Race {
  id: string;
  acks: { actor: string; reply: Reply<Alert & { error?: string; code?: string }> }[];
  manual: Reply<Alert> | null;
}

interface EventRow {
  seq: string;
  change: string;
  state: string;
  resolution: string;
}

it('never reopens a resolved alert, and the audit trail matches every response', async () => {
  const rnd = random(20261126);
  const races: Race[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const incidents = Array.from({ length: PER_ROUND }, (_, i) => `RACE-${round}-${i}`);
    await raiseAlerts(
      sys,
      incidents.map((incident) => ({ incident, unit: IN })),
    );
    const later = <T>(maxMs: number, fn: () => Promise<T>): Promise<T> => sleep(rnd() * maxMs).then(fn);
    const ack = (id: string, who: 'officer' | 'manager') =>
      call<Alert & { error?: string; code?: string }>(
        sys.url,
        'POST',
        `/api/alerts/${encodeURIComponent(id)}/ack`,
        {
          token: p.token[who],
          body: { note: `${who} on it` },
        },
      ).then((reply) => ({ actor: p.name[who], reply }));
    await Promise.all(
      incidents.map(async (incident, i) => {
        const id = alertIdOf(incident);
        const [, officer, manager, manual] = await Promise.all([
          later(150, () => postEvents(sys, [registration(incident, IN)])),
          later(1_500, () => ack(id, 'officer')),
          later(1_500, () => ack(id, 'manager')),
          i % 3 === 0
            ? later(1_500, () =>
                call<Alert>(sys.url, 'POST', `/api/alerts/${encodeURIComponent(id)}/resolve`, {
                  token: p.token.officer,
                  body: { note: 'closed by hand' },
                }),
              )
            : Promise.resolve(null),
        ]);
        races.push({ id, acks: [officer, manager], manual });
      }),
    );
  }
  const ids = races.map((r) => r.id);
  const store = sys.live.alerts;
  await until(async () => [...(await store.getMany(ids)).values()].every((a) => a.state === 'resolved'));
  await sys.engine!.settled();

  const finals = await store.getMany(ids);
  const outcomes = { ackOk: 0, ack409: 0, manual: 0, manualLost: 0, late: 0 };
  for (const race of races) {
    const final = finals.get(race.id)!;
    expect(final.state).toBe('resolved');
    // A manual resolution that got its 200 is final; otherwise the satisfier resolved it (late).
    const manualWon = race.manual?.status === 200;
    if (race.manual) expect([200, 409]).toContain(race.manual.status);
    expect(final.resolution).toBe(manualWon ? 'manual' : 'late');
    outcomes[manualWon ? 'manual' : 'late']++;
    if (race.manual && !manualWon) outcomes.manualLost++;

    const history = await queryRows<EventRow>(
      sys.clickhouse.client,
      'SELECT seq, change, state, resolution FROM alert_events WHERE alert_id = {id:String} ORDER BY toUInt64(seq)',
      { id: race.id },
    );
    const firstResolved = history.findIndex((h) => h.state === 'resolved');
    expect(firstResolved).toBeGreaterThan(0);
    expect(history.slice(firstResolved).map((h) => h.state)).toEqual(
      history.slice(firstResolved).map(() => 'resolved'),
    );
    expect(history.filter((h) => h.change === 'resolved')).toHaveLength(1);
    expect(history.filter((h) => h.change === 'acknowledged').length).toBeLessThanOrEqual(1);
    const resolvedSeq = Number(history[firstResolved]!.seq);

    const audit = await queryRows<{ actor: string; action: string; outcome: string; note: string }>(
      sys.clickhouse.client,
      `SELECT actor, action, outcome, note FROM audit_log WHERE target = {id:String} ORDER BY at`,
      { id: race.id },
    );
    for (const { actor, reply } of race.acks) {
      expect([200, 409], reply.text).toContain(reply.status);
      const mine = audit.filter((a) => a.action === 'ack' && a.actor === actor);
      expect(mine.map((a) => a.outcome)).toEqual([reply.status === 200 ? 'ok' : 'resolved']);
      if (reply.status === 200) {
        // The acknowledged alert it returned came before the resolution in the record.
        expect(reply.json.state).toBe('acknowledged');
        expect(reply.json.seq).toBeLessThan(resolvedSeq);
        outcomes.ackOk++;
      } else {
        expect(reply.json.error).toBe('the alert is already resolved');
        expect(reply.json.code).toBe('alert_resolved');
        outcomes.ack409++;
      }
    }
    const acked = history.some((h) => h.change === 'acknowledged');
    expect(acked).toBe(race.acks.some((a) => a.reply.status === 200));
    if (race.manual) {
      const rows = audit.filter((a) => a.action === 'resolve');
      expect(rows.map((a) => a.outcome)).toEqual([manualWon ? 'ok' : 'resolved']);
    }
    // Nothing after the race can reopen it.
    const again = await call(sys.url, 'POST', `/api/alerts/${encodeURIComponent(race.id)}/ack`, {
      token: p.token.officer,
      body: {},
    });
    expect(again.status).toBe(409);
  }
  console.log(`ack race: ${races.length} alerts; outcomes ${JSON.stringify(outcomes)}`);
  // Every interleaving occurred: acks before and after the resolution, manual wins and losses.
  expect(outcomes.ackOk).toBeGreaterThan(10);
  expect(outcomes.ack409).toBeGreaterThan(10);
  expect(outcomes.manual).toBeGreaterThan(0);
  expect(outcomes.manualLost).toBeGreaterThan(0);
  expect(await store.unresolvedIds()).toEqual([]);
});
