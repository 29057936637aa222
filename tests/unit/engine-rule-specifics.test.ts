/** What individual rules add to the common scenarios: severity overrides, limits by attribute, filters. */
import { describe, expect, it } from 'vitest';
import { D, GRACE, H, MIN, T0, ev, iso, newEngine, ofRule } from './engine-helpers.js';

const end = T0 + 100 * D;

describe('R-INC-01 severity and trigger filter', () => {
  it.each([
    ['criminal', ['P1']],
    ['public_order', ['P2']],
    ['traffic', []],
  ])('nature %s → %j', async (nature, expected) => {
    const e = newEngine();
    await e.ingest([ev('incident.closed', T0, { incident_id: 'I1', attrs: { nature } })], T0);
    await e.tick(end);
    expect((await ofRule(e, 'R-INC-01')).map((a) => a.severity)).toEqual(expected);
  });
});

describe('R-PER-16 limits by basis, vulnerable persons, extensions', () => {
  const enter = (attrs: Record<string, unknown>) =>
    ev('area.entered', T0, { person_id: 'P1', stay_id: 'S1', attrs });
  it.each([
    [{ basis: 'admin_questioning' }, 8 * H],
    [{ basis: 'criminal_summons' }, 12 * H],
    [{ basis: 'continued_questioning' }, 12 * H],
    [{ basis: 'admin_questioning', vulnerable: true }, 4 * H],
    [{ basis: 'forced_summons', vulnerable: false }, 12 * H],
  ])('%j → %i ms', async (attrs, limit) => {
    const e = newEngine();
    await e.ingest([enter(attrs)], T0);
    await e.tick(end);
    expect((await ofRule(e, 'R-PER-16'))[0]).toMatchObject({ due_at: iso(T0 + limit), severity: 'P1' });
  });

  it('a 4 h limit pre-warns 1 h before; an 8 h limit 2 h before', async () => {
    const vulnerable = newEngine();
    await vulnerable.ingest([enter({ basis: 'admin_questioning', vulnerable: true })], T0);
    await vulnerable.tick(T0 + 3 * H + GRACE - 1);
    expect(await ofRule(vulnerable, 'R-PER-16')).toEqual([]);
    await vulnerable.tick(T0 + 3 * H + GRACE);
    expect((await ofRule(vulnerable, 'R-PER-16'))[0]!.stage).toBe('due_soon');
    const adult = newEngine();
    await adult.ingest([enter({ basis: 'admin_questioning' })], T0);
    await adult.tick(T0 + 6 * H + GRACE);
    expect((await ofRule(adult, 'R-PER-16'))[0]!.stage).toBe('due_soon');
  });

  it('an extension at exactly due_at still moves it', async () => {
    const e = newEngine();
    await e.ingest(
      [
        enter({ basis: 'admin_questioning' }),
        ev('area.limit_extended', T0 + 8 * H, { stay_id: 'S1', attrs: { hours: 12 } }),
      ],
      T0,
    );
    await e.tick(end);
    expect((await ofRule(e, 'R-PER-16'))[0]!.due_at).toBe(iso(T0 + 12 * H));
  });
});

describe('R-INC-05 chained extensions, in event time', () => {
  const reg = ev('case.registered', T0, { case_id: 'C1', attrs: { case_kind: 'criminal' } });
  const ext = (at: number, days: number) =>
    ev('case.review_extended', at, { case_id: 'C1', attrs: { days } });
  it('7 days, then 30 days while still within 7: due at 30 days', async () => {
    const e = newEngine();
    await e.ingest([ext(T0 + 6 * D, 30), reg, ext(T0 + 2 * D, 7)], T0);
    await e.tick(end);
    // the 30th day after Monday 03-02 is Wednesday 04-01; it ends at 24:00 Beijing
    expect((await ofRule(e, 'R-INC-05'))[0]!.due_at).toBe(iso(Date.parse('2026-04-01T23:59:59.999+08:00')));
  });
  it('the second extension after the 7-day deadline changes nothing', async () => {
    const e = newEngine();
    await e.ingest([reg, ext(T0 + 2 * D, 7), ext(T0 + 8 * D, 30)], T0);
    await e.tick(end);
    expect((await ofRule(e, 'R-INC-05'))[0]!.due_at).toBe(iso(Date.parse('2026-03-09T23:59:59.999+08:00')));
  });
});

describe('R-PRO-02 custody filter with a default', () => {
  it.each([
    [{ custody: 'police' }, 1],
    [{}, 1],
    [{ custody: 'third_party' }, 0],
  ])('%j → %i alerts', async (attrs, n) => {
    const e = newEngine();
    await e.ingest([ev('property.seized', T0, { item_id: 'T1', case_id: 'C1', attrs })], T0);
    await e.tick(end);
    expect(await ofRule(e, 'R-PRO-02')).toHaveLength(n);
  });
});

describe('R-PRO-05 due from the trigger attribute', () => {
  it('due_at is attrs.due_back_at', async () => {
    const e = newEngine();
    const back = T0 + 3 * D + 30 * MIN;
    await e.ingest(
      [ev('property.checked_out', T0, { item_id: 'T1', attrs: { due_back_at: iso(back) } })],
      T0,
    );
    await e.tick(back - 2 * H + GRACE);
    expect((await ofRule(e, 'R-PRO-05'))[0]).toMatchObject({ stage: 'due_soon', due_at: iso(back) });
  });
});

describe('R-REC-07 severity from the related interrogation.started', () => {
  const started = (required?: boolean) =>
    ev('interrogation.started', T0, {
      session_id: 'N1',
      person_id: 'P1',
      officer_ids: ['a', 'b'],
      ...(required === undefined ? {} : { attrs: { recording_required: required } }),
    });
  const endEv = () => ev('interrogation.ended', T0 + H, { session_id: 'N1' });

  it.each([
    [true, 'P1'],
    [false, 'P3'],
    [undefined, 'P3'],
  ])('recording_required %s → %s', async (required, severity) => {
    const e = newEngine();
    await e.ingest([started(required), endEv()], T0 + H);
    await e.tick(end);
    expect((await ofRule(e, 'R-REC-07'))[0]!.severity).toBe(severity);
  });

  it('a start recorded after the alert was raised updates its severity', async () => {
    const e = newEngine();
    await e.ingest([endEv()], T0 + H);
    await e.tick(T0 + 26 * H);
    expect((await ofRule(e, 'R-REC-07'))[0]!.severity).toBe('P3');
    const changes = await e.ingest([started(true)], T0 + 27 * H);
    expect(
      changes.filter((c) => c.alert.rule_id === 'R-REC-07').map((c) => [c.kind, c.alert.severity]),
    ).toEqual([['updated', 'P1']]);
  });
});

describe('R-REC-01 only a bodycam recording satisfies', () => {
  it('an interrogation recording of the incident does not count', async () => {
    const e = newEngine();
    await e.ingest(
      [
        ev('incident.arrived', T0, { incident_id: 'I1' }),
        ev('recording.uploaded', T0 + H, {
          recording_id: 'V1',
          incident_id: 'I1',
          attrs: { kind: 'interrogation', started_at: iso(T0), ended_at: iso(T0 + H) },
        }),
      ],
      T0 + H,
    );
    await e.tick(end);
    expect((await ofRule(e, 'R-REC-01')).map((a) => a.state)).toEqual(['open']);
  });
});
