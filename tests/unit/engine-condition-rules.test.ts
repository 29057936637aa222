/** Condition rules: R-PRO-01, R-REC-08, R-PER-19 — raised after the grace, re-judged as facts arrive. */
import { describe, expect, it } from 'vitest';
import { D, GRACE, H, MIN, T0, brief, iso, ev, newEngine, ofRule } from './engine-helpers.js';

const end = T0 + 100 * D;

describe('R-PRO-01 seizure before filing/acceptance', () => {
  const seize = (at: number, item = 'T1', caseId = 'C1') =>
    ev('property.seized', at, { item_id: item, case_id: caseId });

  it('no filing before the seizure: raised once the grace after ingest has passed', async () => {
    const e = newEngine();
    const s = seize(T0);
    await e.ingest([s], T0);
    await e.tick(T0 + GRACE - 1);
    expect(await ofRule(e, 'R-PRO-01')).toEqual([]);
    await e.tick(T0 + GRACE);
    expect((await ofRule(e, 'R-PRO-01'))[0]).toMatchObject({
      alert_id: `R-PRO-01:event_id:${s.event_id}`,
      subject: { item_id: 'T1' },
      severity: 'P1',
      stage: 'overdue',
      state: 'open',
      due_at: iso(T0),
      trigger_event_id: s.event_id,
    });
  });

  it('filed before (or at the same time as) the seizure: no alert', async () => {
    const e = newEngine();
    await e.ingest([ev('case.filed', T0 - H, { case_id: 'C1' }), seize(T0)], T0);
    await e.ingest([ev('case.accepted', T0, { case_id: 'C2' }), seize(T0, 'T2', 'C2')], T0);
    await e.tick(end);
    expect(await ofRule(e, 'R-PRO-01')).toEqual([]);
  });

  it('filed only after the seizure: a violation', async () => {
    const e = newEngine();
    await e.ingest([seize(T0), ev('case.filed', T0 + H, { case_id: 'C1' })], T0 + H);
    await e.tick(end);
    expect((await ofRule(e, 'R-PRO-01')).map((a) => a.state)).toEqual(['open']);
  });

  it('retraction: a filing that occurred earlier but arrives after the alert resolves it on_time', async () => {
    const e = newEngine();
    await e.ingest([seize(T0)], T0);
    await e.tick(T0 + GRACE);
    const changes = await e.ingest([ev('case.filed', T0 - D, { case_id: 'C1' })], T0 + H);
    expect(changes.map((c) => c.kind)).toEqual(['resolved']);
    expect((await ofRule(e, 'R-PRO-01')).map(brief)[0]).toMatch(/\|overdue\|resolved\|on_time$/);
  });

  it('a filing arriving within the grace prevents the alert', async () => {
    const e = newEngine();
    await e.ingest([seize(T0)], T0);
    await e.ingest([ev('case.filed', T0 - D, { case_id: 'C1' })], T0 + GRACE / 2);
    await e.tick(end);
    expect(await ofRule(e, 'R-PRO-01')).toEqual([]);
  });

  it('each offending seizure is its own alert', async () => {
    const e = newEngine();
    await e.ingest([seize(T0, 'T1'), seize(T0, 'T2'), seize(T0 + H, 'T1', 'C3')], T0 + H);
    await e.tick(end);
    expect(await ofRule(e, 'R-PRO-01')).toHaveLength(3);
  });
});

describe('R-REC-08 incomplete interrogation recording', () => {
  const started = (at: number) =>
    ev('interrogation.started', at, { session_id: 'N1', person_id: 'P1', officer_ids: ['a', 'b'] });
  const ended = (at: number) => ev('interrogation.ended', at, { session_id: 'N1' });
  const rec = (from: number, to: number, id = 'V1') =>
    ev('recording.uploaded', to + H, {
      recording_id: id,
      session_id: 'N1',
      attrs: { kind: 'interrogation', started_at: iso(from), ended_at: iso(to) },
    });

  it('covers the whole session: no alert', async () => {
    const e = newEngine();
    await e.ingest([started(T0), ended(T0 + 2 * H), rec(T0 - MIN, T0 + 2 * H)], T0 + 3 * H);
    await e.tick(end);
    expect(await ofRule(e, 'R-REC-08')).toEqual([]);
  });

  it('starts after the interrogation started: violation', async () => {
    const e = newEngine();
    const r = rec(T0 + 10 * MIN, T0 + 2 * H);
    await e.ingest([started(T0), ended(T0 + 2 * H), r], T0 + 3 * H);
    await e.tick(end);
    expect((await ofRule(e, 'R-REC-08'))[0]).toMatchObject({
      alert_id: `R-REC-08:event_id:${r.event_id}`,
      severity: 'P1',
    });
  });

  it('ends before the interrogation ended: violation, judged on the latest end', async () => {
    const e = newEngine();
    await e.ingest([started(T0), ended(T0 + H), ended(T0 + 2 * H), rec(T0, T0 + H + 30 * MIN)], T0 + 3 * H);
    await e.tick(end);
    expect(await ofRule(e, 'R-REC-08')).toHaveLength(1);
  });

  it('the interrogation events arriving after the recording re-judge it', async () => {
    const e = newEngine();
    await e.ingest([rec(T0 + 10 * MIN, T0 + 2 * H)], T0 + 3 * H);
    await e.tick(T0 + 4 * H);
    expect(await ofRule(e, 'R-REC-08')).toEqual([]);
    await e.ingest([started(T0)], T0 + 5 * H);
    await e.tick(T0 + 6 * H);
    expect((await ofRule(e, 'R-REC-08')).map((a) => a.state)).toEqual(['open']);
  });

  it('a bodycam recording of an incident is not judged', async () => {
    const e = newEngine();
    await e.ingest(
      [
        ev('recording.uploaded', T0, {
          recording_id: 'V9',
          incident_id: 'I1',
          attrs: { kind: 'bodycam', started_at: iso(T0), ended_at: iso(T0) },
        }),
      ],
      T0,
    );
    await e.tick(end);
    expect(await ofRule(e, 'R-REC-08')).toEqual([]);
  });
});

describe('R-PER-19 single-officer interrogation', () => {
  const start = (officers: string[] | undefined, session = 'N1') =>
    ev('interrogation.started', T0, {
      session_id: session,
      person_id: 'P1',
      ...(officers ? { officer_ids: officers } : {}),
    });

  it('fewer than two officers (one or none listed): violation, P2', async () => {
    const e = newEngine();
    await e.ingest([start(['a'], 'N1'), start(undefined, 'N2'), start(['a', 'b'], 'N3')], T0);
    await e.tick(end);
    expect((await ofRule(e, 'R-PER-19')).map((a) => [a.subject.session_id, a.severity])).toEqual([
      ['N1', 'P2'],
      ['N2', 'P2'],
    ]);
  });
});
