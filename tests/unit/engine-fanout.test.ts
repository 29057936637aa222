/** R-PRO-12: case.closed opens one obligation per item seized in the case, a join expressed in the rules file. */
import { describe, expect, it } from 'vitest';
import { D, GRACE, H, T0, brief, ev, iso, newEngine, ofRule } from './engine-helpers.js';

const seize = (item: string, at: number, caseId = 'C1') =>
  ev('property.seized', at, { item_id: item, case_id: caseId, attrs: { custody: 'third_party' } });
const dispose = (item: string, at: number) =>
  ev('property.disposed', at, { item_id: item, attrs: { method: 'destroyed' } });
const closed = (at: number, caseId = 'C1') => ev('case.closed', at, { case_id: caseId });
/** 30 days from Monday 2026-03-02 (holiday_end): the 30th day, Wednesday 04-01, ends at 24:00 Beijing. */
const due = Date.parse('2026-04-01T23:59:59.999+08:00');
const end = T0 + 200 * D;

describe('R-PRO-12 fan-out', () => {
  it('one obligation per seized item, each judged on its own disposal', async () => {
    const e = newEngine();
    await e.ingest([seize('T1', T0 - D), seize('T2', T0 - D), seize('T3', T0 - D, 'C2'), closed(T0)], T0);
    await e.ingest([dispose('T1', T0 + D)], T0 + D);
    await e.tick(end);
    expect((await ofRule(e, 'R-PRO-12')).map(brief)).toEqual(['R-PRO-12:item_id:T2|overdue|open|-']);
    expect((await ofRule(e, 'R-PRO-12'))[0]).toMatchObject({
      subject: { item_id: 'T2' },
      due_at: iso(due),
      severity: 'P3',
    });
  });

  it('an item whose seizure arrives after case.closed joins the obligation set', async () => {
    const e = newEngine();
    await e.ingest([seize('T1', T0 - D), closed(T0)], T0);
    await e.tick(T0 + 40 * D);
    expect((await ofRule(e, 'R-PRO-12')).map((a) => a.subject.item_id)).toEqual(['T1']);
    // recorded late: the seizure happened before the closure but arrives 40 days later
    const now = T0 + 40 * D;
    await e.ingest([seize('T2', T0 - 2 * D)], now);
    await e.tick(now + GRACE - 1);
    expect((await ofRule(e, 'R-PRO-12')).map((a) => a.subject.item_id)).toEqual(['T1']);
    await e.tick(now + GRACE);
    expect((await ofRule(e, 'R-PRO-12')).map((a) => a.subject.item_id)).toEqual(['T1', 'T2']);
  });

  it('an item seized after the case closed is covered, due 30 days after the closure', async () => {
    const e = newEngine();
    await e.ingest([closed(T0)], T0);
    await e.ingest([seize('T5', T0 + 2 * D)], T0 + 2 * D);
    await e.tick(due + GRACE);
    expect((await ofRule(e, 'R-PRO-12'))[0]).toMatchObject({
      subject: { item_id: 'T5' },
      stage: 'overdue',
      due_at: iso(due),
    });
  });

  it('pre-warning five days before, then disposal on time', async () => {
    const e = newEngine();
    await e.ingest([seize('T1', T0 - D), closed(T0)], T0);
    await e.tick(due - 5 * D + GRACE);
    expect((await ofRule(e, 'R-PRO-12')).map(brief)).toEqual(['R-PRO-12:item_id:T1|due_soon|open|-']);
    await e.ingest([dispose('T1', due - H)], due - H);
    expect((await ofRule(e, 'R-PRO-12')).map(brief)).toEqual([
      'R-PRO-12:item_id:T1|due_soon|resolved|on_time',
    ]);
  });

  it('no case.closed, no obligation; disposal before closure satisfies', async () => {
    const e = newEngine();
    await e.ingest(
      [seize('T1', T0 - D), dispose('T2', T0 - H), seize('T2', T0 - D, 'C2'), closed(T0, 'C2')],
      T0,
    );
    await e.tick(end);
    expect(await ofRule(e, 'R-PRO-12')).toEqual([]);
  });

  it('the closure arriving last, in one replayed batch, gives the same result as live', async () => {
    const events = [seize('T1', T0 - D), seize('T2', T0 - D), closed(T0), dispose('T2', due + D)];
    const live = newEngine();
    for (const x of events) await live.ingest([x], Math.max(Date.parse(x.occurred_at), T0));
    await live.tick(end);
    const replay = newEngine();
    await replay.ingest([...events].reverse(), end);
    await replay.tick(end + GRACE);
    expect((await ofRule(replay, 'R-PRO-12')).map(brief)).toEqual(
      (await ofRule(live, 'R-PRO-12')).map(brief),
    );
    expect((await ofRule(live, 'R-PRO-12')).map(brief)).toEqual([
      'R-PRO-12:item_id:T1|overdue|open|-',
      'R-PRO-12:item_id:T2|overdue|resolved|late',
    ]);
  });
});
