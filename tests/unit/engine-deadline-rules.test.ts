/**
 * The same scenarios for every deadline rule of the catalogue (CONTRACT.md §2): on time, late, never,
 * satisfier before trigger, extensions, several triggers, duplicates, pre-warnings.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './engine-deadline-fixtures.js';
import { D, GRACE, H, MIN, T0, brief, iso, newEngine, ofRule } from './engine-helpers.js';

describe.each(FIXTURES)('$rule', (fx) => {
  const due = T0 + fx.limit;
  const overdueAt = due + GRACE;
  const end = T0 + 200 * D;
  const briefs = (e: ReturnType<typeof newEngine>) => ofRule(e, fx.rule).map(brief);
  /** The trigger ingested live, when it happened. */
  const live = () => {
    const e = newEngine();
    e.ingest(fx.trigger(T0), T0);
    return e;
  };

  it('on time: no alert', () => {
    const e = live();
    const at = T0 + fx.limit / 2;
    e.tick(at);
    e.ingest([fx.satisfier(at)], at);
    e.tick(end);
    expect(briefs(e)).toEqual([]);
  });

  it('late: raised overdue after due_at + grace, resolved late when the satisfier comes', () => {
    const e = live();
    e.tick(overdueAt - 1);
    expect(ofRule(e, fx.rule).filter((a) => a.stage === 'overdue')).toEqual([]);
    e.tick(overdueAt);
    expect(ofRule(e, fx.rule)[0]).toMatchObject({
      alert_id: fx.alertId,
      stage: 'overdue',
      state: 'open',
      severity: fx.severity,
      due_at: iso(due),
      opened_at: iso(overdueAt),
    });
    const sat = fx.satisfier(due + H);
    e.ingest([sat], due + H);
    e.tick(end);
    expect(briefs(e)).toEqual([`${fx.alertId}|overdue|resolved|late`]);
    expect(ofRule(e, fx.rule)[0]).toMatchObject({
      satisfied_by_event_id: sat.event_id,
      resolved_at: iso(due + H),
    });
  });

  it('never satisfied: overdue stays open', () => {
    const e = live();
    e.tick(end);
    expect(briefs(e)).toEqual([`${fx.alertId}|overdue|open|-`]);
    expect(ofRule(e, fx.rule)[0]!.severity).toBe(fx.severity);
  });

  it('an on-time satisfier arriving before its trigger: no alert', () => {
    const e = newEngine();
    e.ingest([fx.satisfier(T0 + H)], T0 + H);
    e.ingest(fx.trigger(T0), T0 + 2 * H);
    e.tick(end);
    expect(briefs(e)).toEqual([]);
  });

  it('a late satisfier arriving before its trigger still yields an alert resolved late', () => {
    const e = newEngine();
    const now = due + 2 * H;
    e.ingest([fx.satisfier(due + H)], now);
    e.ingest(fx.trigger(T0), now);
    e.tick(now + GRACE - 1);
    expect(briefs(e)).toEqual([]);
    e.tick(now + GRACE);
    expect(briefs(e)).toEqual([`${fx.alertId}|overdue|resolved|late`]);
  });

  it(`a satisfier that occurred before the trigger ${fx.notBeforeTrigger ? 'does not count' : 'counts'}`, () => {
    const e = newEngine();
    e.ingest([fx.satisfier(T0 - H), ...fx.trigger(T0)], T0);
    e.tick(end);
    expect(briefs(e)).toEqual(fx.notBeforeTrigger ? [`${fx.alertId}|overdue|open|-`] : []);
  });

  it('several triggers for one key: the earliest counts, whatever the arrival order', () => {
    const e = newEngine();
    e.ingest(fx.trigger(T0 + H), T0 + H);
    const first = fx.trigger(T0);
    e.ingest(first, T0 + 2 * H);
    e.tick(overdueAt);
    expect(ofRule(e, fx.rule)[0]).toMatchObject({ stage: 'overdue', due_at: iso(due) });
    expect(first.map((x) => x.event_id)).toContain(ofRule(e, fx.rule)[0]!.trigger_event_id);
  });

  it('duplicates change nothing', () => {
    const events = [...fx.trigger(T0), fx.satisfier(due + H)];
    const once = newEngine();
    once.ingest(events, due + 2 * H);
    once.tick(end);
    const twice = newEngine();
    twice.ingest([...events, ...events], due + 2 * H);
    twice.ingest([...events].reverse(), due + 3 * H);
    twice.tick(end);
    expect(twice.alerts()).toEqual(once.alerts());
    expect(briefs(once)).toEqual([`${fx.alertId}|overdue|resolved|late`]);
  });

  if (fx.extension) {
    const ext = fx.extension;
    it('an extension that occurred before due_at moves it', () => {
      const e = live();
      e.ingest([ext.make(due - H)], due - H);
      e.tick(overdueAt);
      expect(ofRule(e, fx.rule).filter((a) => a.stage === 'overdue')).toEqual([]);
      e.ingest([fx.satisfier(T0 + ext.to - MIN)], T0 + ext.to - MIN);
      e.tick(end);
      expect(ofRule(e, fx.rule).filter((a) => a.resolution !== 'on_time')).toEqual([]);
    });

    it('an extension that occurred after due_at changes nothing', () => {
      const e = live();
      e.tick(overdueAt);
      e.ingest([ext.make(due + H)], due + H);
      e.ingest([fx.satisfier(due + 2 * H)], due + 2 * H);
      e.tick(end);
      expect(briefs(e)).toEqual([`${fx.alertId}|overdue|resolved|late`]);
    });

    it('an extension recorded after the alert was raised moves due_at; the satisfier then resolves on time', () => {
      const e = live();
      e.tick(overdueAt);
      const changes = e.ingest([ext.make(due - H)], due + H);
      expect(changes.map((c) => c.kind)).toEqual(['updated']);
      expect(changes[0]!.alert.due_at).toBe(iso(T0 + ext.to));
      expect(changes[0]!.alert.stage).toBe('due_soon'); // not overdue any more (scoring-engine-fixes.test.ts)
      e.ingest([fx.satisfier(due + 2 * H)], due + 2 * H);
      expect(briefs(e)).toEqual([`${fx.alertId}|due_soon|resolved|on_time`]);
    });
  }

  if (fx.lead !== null) {
    const warnAt = due - fx.lead + GRACE;
    it('pre-warning, then satisfied on time: resolved on_time', () => {
      const e = live();
      e.tick(warnAt - 1);
      expect(briefs(e)).toEqual([]);
      e.tick(warnAt);
      expect(ofRule(e, fx.rule)[0]).toMatchObject({ stage: 'due_soon', state: 'open', severity: 'P4' });
      e.ingest([fx.satisfier(due - MIN)], due - MIN);
      e.tick(end);
      expect(briefs(e)).toEqual([`${fx.alertId}|due_soon|resolved|on_time`]);
    });

    it('pre-warning, then overdue: escalated with the rule severity', () => {
      const e = live();
      e.tick(warnAt);
      const changes = e.tick(overdueAt);
      expect(changes.map((c) => c.kind)).toEqual(['escalated']);
      expect(ofRule(e, fx.rule)[0]).toMatchObject({ stage: 'overdue', state: 'open', severity: fx.severity });
      expect(ofRule(e, fx.rule)[0]!.opened_at).toBe(iso(warnAt));
    });

    it('no pre-warning once due_at has passed in processing time', () => {
      const e = newEngine();
      e.ingest(fx.trigger(T0), due + MIN);
      e.tick(due + MIN + GRACE - 1);
      expect(briefs(e)).toEqual([]);
      e.tick(due + MIN + GRACE);
      expect(briefs(e)).toEqual([`${fx.alertId}|overdue|open|-`]);
    });
  } else {
    it('has no pre-warning', () => {
      const e = live();
      e.tick(due - MIN);
      expect(briefs(e)).toEqual([]);
    });
  }
});
