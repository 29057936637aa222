/**
 * Holding (an overdue alert waits while the source of its follow-up is down) in the orchestrator over a
 * memory state, with an injected clock: a case system silent for 6 hours of event time while incidents keep closing. Events arrive
 * as they occur (processing time = event time) except the case system's, which arrive when it comes back
 * (with its backlog) or never (without).
 */
import { describe, expect, it } from 'vitest';
import type { AlertChange } from '../../common/alerts.js';
import type { PoliceEvent } from '../../common/events.js';
import { SOURCE_OUTAGE_RULE_ID } from '../../common/sources.js';
import type { TestEngine } from '../helpers/test-engine.js';
import { GRACE, H, MIN, T0, ev, iso, newEngine } from './engine-helpers.js';
import { engineWithSources } from './sources-helpers.js';

const OUT_FROM = T0 + 24 * H;
const OUT_TO = OUT_FROM + 6 * H;

/**
 * 12 criminal incidents closed every 30 min from T0 (due 24 h later: inside the outage). Incident k is registered
 * as a case: on time (k % 3 === 0, at due − 1 h), late (k % 3 === 1, at due + 1 h), never (k % 3 === 2).
 * R-INC-13 (dispatched → closed in 24 h, 110 → 110) runs beside it: incidents dispatched and never closed.
 */
function history() {
  const live: PoliceEvent[] = [];
  const caseEvents: PoliceEvent[] = [];
  for (let k = 0; k < 12; k++) {
    const closedAt = T0 + k * 30 * MIN;
    const incident = `J${k}`;
    live.push(ev('incident.closed', closedAt, { incident_id: incident, attrs: { nature: 'criminal' } }));
    const due = closedAt + 24 * H;
    if (k % 3 !== 2) {
      const at = k % 3 === 0 ? due - H : due + H;
      caseEvents.push(
        ev('case.registered', at, {
          case_id: `A${k}`,
          incident_id: incident,
          attrs: { case_kind: 'criminal' },
        }),
      );
    }
    live.push(ev('incident.dispatched', closedAt + 2 * H, { incident_id: `K${k}` }));
  }
  return { live, caseEvents };
}

interface Run {
  engine: TestEngine;
  changes: AlertChange[];
  /** Alerts that were ever open as overdue (on the wall as violations), and when. */
  opened: Map<string, number>;
}

/** Drives the clock minute by minute to `end`; the case system is heard from by heartbeat outside the outage. */
async function drive(
  engine: TestEngine,
  live: PoliceEvent[],
  backlog: PoliceEvent[] | null,
  end: number,
): Promise<Run> {
  const changes: AlertChange[] = [];
  const opened = new Map<string, number>();
  const byMinute = new Map<number, PoliceEvent[]>();
  for (const e of live) {
    const m = Math.ceil(Date.parse(e.occurred_at) / MIN) * MIN;
    byMinute.set(m, [...(byMinute.get(m) ?? []), e]);
  }
  for (let now = T0 - H; now <= end; now += MIN) {
    const inOutage = now >= OUT_FROM && now < OUT_TO;
    if (!inOutage && now % (5 * MIN) === 0) await engine.heartbeat('case', '45', now);
    if (now % (5 * MIN) === 0) await engine.heartbeat('110', '45', now);
    const batch = [...(byMinute.get(now) ?? [])];
    if (backlog && now === OUT_TO) batch.push(...backlog.filter((e) => Date.parse(e.occurred_at) < now));
    if (backlog && now > OUT_TO)
      batch.push(...backlog.filter((e) => Math.ceil(Date.parse(e.occurred_at) / MIN) * MIN === now));
    if (!backlog && !inOutage) batch.push(...[]); // without backlog the case events of the outage never come
    const step = [...(await engine.ingest(batch, now)), ...(await engine.tick(now))];
    for (const c of step)
      if (c.alert.state === 'open' && c.alert.stage === 'overdue' && !opened.has(c.alert_id))
        opened.set(c.alert_id, now);
    changes.push(...step);
  }
  return { engine, changes, opened };
}

const inc01 = async (r: Run) => (await r.engine.alerts()).filter((a) => a.rule_id === 'R-INC-01');

describe('a case system silent for 6 hours while incidents keep closing', () => {
  const { live, caseEvents } = history();
  // case events that occurred outside the outage arrive live
  const outside = caseEvents.filter((e) => {
    const t = Date.parse(e.occurred_at);
    return t < OUT_FROM || t >= OUT_TO;
  });
  const inside = caseEvents.filter((e) => !outside.includes(e));

  it('raises no overdue alert for the dependent rule during the outage, and raises the outage alert', async () => {
    const r = await drive(engineWithSources(), [...live, ...outside], null, OUT_TO - MIN);
    const openedDuring = [...r.opened].filter(([id, at]) => id.startsWith('R-INC-01') && at < OUT_TO);
    expect(openedDuring).toEqual([]);
    expect((await inc01(r)).filter((a) => a.state === 'held').length).toBeGreaterThan(0);
    const outage = (await r.engine.alerts()).filter((a) => a.rule_id === SOURCE_OUTAGE_RULE_ID);
    expect(outage).toHaveLength(1);
    expect(outage[0]).toMatchObject({ state: 'open', severity: 'P2', unit_code: '450000000000' });
    // the first heartbeat missed is at OUT_FROM; silent 30 minutes later
    expect(Date.parse(outage[0]!.opened_at)).toBe(OUT_FROM - 5 * MIN + 30 * MIN);
  });

  it('without holding (no sources configured) the same history floods the wall with false absences', async () => {
    const r = await drive(newEngine(), [...live, ...outside], null, OUT_TO - MIN);
    const falseOnes = [...r.opened].filter(([id]) => id.startsWith('R-INC-01'));
    expect(falseOnes.length).toBeGreaterThanOrEqual(8);
  });

  it('with its backlog: exactly the real violations raised, the rest resolved without ever being open', async () => {
    const r = await drive(engineWithSources(), [...live, ...outside], inside, OUT_TO + 4 * H);
    const reference = await drive(
      newEngine(),
      [...live, ...caseEvents.filter(() => true)],
      [],
      OUT_TO + 4 * H,
    );
    // the reference: every case event on time in processing time (no outage)
    const violations = async (run: Run) =>
      (await inc01(run))
        .filter((a) => a.resolution !== 'on_time')
        .map((a) => `${a.alert_id}|${a.state}|${a.resolution ?? '-'}`)
        .sort();
    expect(await violations(r)).toEqual(await violations(reference));
    const held = (await inc01(r)).filter((a) => a.state === 'held');
    expect(held).toEqual([]);
    for (const a of (await inc01(r)).filter((x) => x.resolution === 'on_time'))
      expect(r.opened.has(a.alert_id)).toBe(false);
    // incidents never registered (k % 3 === 2): raised, open
    expect((await inc01(r)).filter((a) => a.state === 'open').length).toBe(4);
    const outage = (await r.engine.alerts()).find((a) => a.rule_id === SOURCE_OUTAGE_RULE_ID)!;
    expect(outage).toMatchObject({ state: 'resolved', resolution: 'late' });
  });

  it('without a backlog: held obligations are raised only after the catch-up window', async () => {
    const r = await drive(engineWithSources(), [...live, ...outside], null, OUT_TO + 4 * H);
    const openedAt = [...r.opened].filter(([id]) => id.startsWith('R-INC-01')).map(([, at]) => at);
    expect(openedAt.length).toBeGreaterThan(0);
    // back (first heartbeat at OUT_TO) + catch-up 30 min: nothing before
    expect(Math.min(...openedAt)).toBeGreaterThanOrEqual(OUT_TO + 30 * MIN);
    expect((await inc01(r)).filter((a) => a.state === 'held')).toEqual([]);
  });

  it('a healthy source is not slowed: R-INC-13 alerts rise at due + grace during the outage', async () => {
    const r = await drive(engineWithSources(), [...live, ...outside], null, OUT_TO + 2 * H);
    const inc13 = [...r.opened].filter(([id]) => id.startsWith('R-INC-13'));
    expect(inc13.length).toBe(12);
    for (const [id, at] of inc13) {
      const a = (await r.engine.get(id))!;
      expect(at).toBe(Math.ceil((Date.parse(a.due_at) + GRACE) / MIN) * MIN);
    }
    expect(iso(OUT_FROM)).toBe('2026-03-03T00:00:00.000Z');
  });
});
