/**
 * The same scenarios for every deadline rule of the catalogue (CONTRACT.md §2): on time, late, never,
 * satisfier before trigger, extensions, several triggers, duplicates, pre-warnings.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './engine-deadline-fixtures.js';
import { D, GRACE, H, MIN, T0, brief, iso, newEngine, ofRule } from './engine-helpers.js';

describe.each(FIXTURES)('$rule', (fx) => {
  const due = fx.due ?? T0 + fx.limit;
  const overdueAt = due + GRACE;
  const end = T0 + 200 * D;
  const briefs = async (e: ReturnType<typeof newEngine>) => (await ofRule(e, fx.rule)).map(brief);
  /** The trigger ingested live, when it happened. */
  const live = async () => {
    const e = newEngine();
    await e.ingest(fx.trigger(T0), T0);
    return e;
  };

  it('on time: no alert', async () => {
    const e = await live();
    const at = T0 + fx.limit / 2;
    await e.tick(at);
    await e.ingest([fx.satisfier(at)], at);
    await e.tick(end);
    expect(await briefs(e)).toEqual([]);
  });

  it('late: raised overdue after due_at + grace, resolved late when the satisfier comes', async () => {
    const e = await live();
    await e.tick(overdueAt - 1);
    expect((await ofRule(e, fx.rule)).filter((a) => a.stage === 'overdue')).toEqual([]);
    await e.tick(overdueAt);
    expect((await ofRule(e, fx.rule))[0]).toMatchObject({
      alert_id: fx.alertId,
      stage: 'overdue',
      state: 'open',
      severity: fx.severity,
      due_at: iso(due),
      opened_at: iso(overdueAt),
    });
    const sat = fx.satisfier(due + H);
    await e.ingest([sat], due + H);
    await e.tick(end);
    expect(await briefs(e)).toEqual([`${fx.alertId}|overdue|resolved|late`]);
    expect((await ofRule(e, fx.rule))[0]).toMatchObject({
      satisfied_by_event_id: sat.event_id,
      resolved_at: iso(due + H),
    });
  });

  it('never satisfied: overdue stays open', async () => {
    const e = await live();
    await e.tick(end);
    expect(await briefs(e)).toEqual([`${fx.alertId}|overdue|open|-`]);
    expect((await ofRule(e, fx.rule))[0]!.severity).toBe(fx.severity);
  });

  it('an on-time satisfier arriving before its trigger: no alert', async () => {
    const e = newEngine();
    await e.ingest([fx.satisfier(T0 + H)], T0 + H);
    await e.ingest(fx.trigger(T0), T0 + 2 * H);
    await e.tick(end);
    expect(await briefs(e)).toEqual([]);
  });

  it('a late satisfier arriving before its trigger still yields an alert resolved late', async () => {
    const e = newEngine();
    const now = due + 2 * H;
    await e.ingest([fx.satisfier(due + H)], now);
    await e.ingest(fx.trigger(T0), now);
    await e.tick(now + GRACE - 1);
    expect(await briefs(e)).toEqual([]);
    await e.tick(now + GRACE);
    expect(await briefs(e)).toEqual([`${fx.alertId}|overdue|resolved|late`]);
  });

  it(`a satisfier that occurred before the trigger ${fx.notBeforeTrigger ? 'does not count' : 'counts'}`, async () => {
    const e = newEngine();
    await e.ingest([fx.satisfier(T0 - H), ...fx.trigger(T0)], T0);
    await e.tick(end);
    expect(await briefs(e)).toEqual(fx.notBeforeTrigger ? [`${fx.alertId}|overdue|open|-`] : []);
  });

  it('several triggers for one key: the earliest counts, whatever the arrival order', async () => {
    const e = newEngine();
    await e.ingest(fx.trigger(T0 + H), T0 + H);
    const first = fx.trigger(T0);
    await e.ingest(first, T0 + 2 * H);
    await e.tick(overdueAt);
    expect((await ofRule(e, fx.rule))[0]).toMatchObject({ stage: 'overdue', due_at: iso(due) });
    expect(first.map((x) => x.event_id)).toContain((await ofRule(e, fx.rule))[0]!.trigger_event_id);
  });

  it('duplicates change nothing', async () => {
    const events = [...fx.trigger(T0), fx.satisfier(due + H)];
    const once = newEngine();
    await once.ingest(events, due + 2 * H);
    await once.tick(end);
    const twice = newEngine();
    await twice.ingest([...events, ...events], due + 2 * H);
    await twice.ingest([...events].reverse(), due + 3 * H);
    await twice.tick(end);
    expect(await twice.alerts()).toEqual(await once.alerts());
    expect(await briefs(once)).toEqual([`${fx.alertId}|overdue|resolved|late`]);
  });

  if (fx.extension) {
    const ext = fx.extension;
    it('an extension that occurred before due_at moves it', async () => {
      const e = await live();
      await e.ingest([ext.make(due - H)], due - H);
      await e.tick(overdueAt);
      expect((await ofRule(e, fx.rule)).filter((a) => a.stage === 'overdue')).toEqual([]);
      const extDue = ext.due ?? T0 + ext.to;
      await e.ingest([fx.satisfier(extDue - MIN)], extDue - MIN);
      await e.tick(end);
      expect((await ofRule(e, fx.rule)).filter((a) => a.resolution !== 'on_time')).toEqual([]);
    });

    it('an extension that occurred after due_at changes nothing', async () => {
      const e = await live();
      await e.tick(overdueAt);
      await e.ingest([ext.make(due + H)], due + H);
      await e.ingest([fx.satisfier(due + 2 * H)], due + 2 * H);
      await e.tick(end);
      expect(await briefs(e)).toEqual([`${fx.alertId}|overdue|resolved|late`]);
    });

    it('an extension recorded after the alert was raised moves due_at; the satisfier then resolves on time', async () => {
      const e = await live();
      await e.tick(overdueAt);
      const changes = await e.ingest([ext.make(due - H)], due + H);
      expect(changes.map((c) => c.kind)).toEqual(['updated']);
      expect(changes[0]!.alert.due_at).toBe(iso(ext.due ?? T0 + ext.to));
      expect(changes[0]!.alert.stage).toBe('due_soon'); // not overdue any more (scoring-engine-fixes.test.ts)
      await e.ingest([fx.satisfier(due + 2 * H)], due + 2 * H);
      expect(await briefs(e)).toEqual([`${fx.alertId}|due_soon|resolved|on_time`]);
    });
  }

  if (fx.lead !== null) {
    const warnAt = due - fx.lead + GRACE;
    it('pre-warning, then satisfied on time: resolved on_time', async () => {
      const e = await live();
      await e.tick(warnAt - 1);
      expect(await briefs(e)).toEqual([]);
      await e.tick(warnAt);
      expect((await ofRule(e, fx.rule))[0]).toMatchObject({
        stage: 'due_soon',
        state: 'open',
        severity: 'P4',
      });
      await e.ingest([fx.satisfier(due - MIN)], due - MIN);
      await e.tick(end);
      expect(await briefs(e)).toEqual([`${fx.alertId}|due_soon|resolved|on_time`]);
    });

    it('pre-warning, then overdue: escalated with the rule severity', async () => {
      const e = await live();
      await e.tick(warnAt);
      const changes = (await e.tick(overdueAt)).filter((c) => c.alert.rule_id === fx.rule);
      expect(changes.map((c) => c.kind)).toEqual(['escalated']);
      expect((await ofRule(e, fx.rule))[0]).toMatchObject({
        stage: 'overdue',
        state: 'open',
        severity: fx.severity,
      });
      expect((await ofRule(e, fx.rule))[0]!.opened_at).toBe(iso(warnAt));
    });

    it('no pre-warning once due_at has passed in processing time', async () => {
      const e = newEngine();
      await e.ingest(fx.trigger(T0), due + MIN);
      await e.tick(due + MIN + GRACE - 1);
      expect(await briefs(e)).toEqual([]);
      await e.tick(due + MIN + GRACE);
      expect(await briefs(e)).toEqual([`${fx.alertId}|overdue|open|-`]);
    });
  } else {
    it('has no pre-warning', async () => {
      const e = await live();
      await e.tick(due - MIN);
      expect(await briefs(e)).toEqual([]);
    });
  }
});
