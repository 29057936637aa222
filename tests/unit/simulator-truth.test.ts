import { describe, expect, it } from 'vitest';
import type { PoliceEvent } from '../../common/events.js';
import {
  CONDITION_RULE_IDS,
  DEADLINE_RULE_IDS,
  RULE_IDS,
  type DeadlineRuleId,
  type DeadlineTruth,
} from '../../ingest/simulator/ground-truth.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { generateScenario, type Scenario } from '../../ingest/simulator/scenario.js';

const DAY = 86_400_000;
const END = Date.parse('2026-11-26T08:00:00Z');
const ms = (iso: string): number => Date.parse(iso);
const allRates = (rate: number) => Object.fromEntries(RULE_IDS.map((r) => [r, rate]));

// Long enough for the 30-day rules to run out, at a low volume; violations frequent.
const violating = generateScenario({
  seed: 11,
  start: END - 120 * DAY,
  end: END,
  ratePerHour: 1.5,
  violationRates: allRates(0.3),
  extensionRate: 0.3,
});
const compliant = generateScenario({
  seed: 12,
  start: END - 60 * DAY,
  end: END,
  ratePerHour: 2,
  violationRates: allRates(0),
  extensionRate: 0.3,
});

/** Independent restatement of which events satisfy each rule for a subject value. */
const SATISFIES: Record<DeadlineRuleId, (e: PoliceEvent, key: string) => boolean> = {
  'R-INC-01': (e, k) => e.type === 'case.registered' && e.incident_id === k,
  'R-INC-05': (e, k) => (e.type === 'case.filed' || e.type === 'case.not_filed') && e.case_id === k,
  'R-INC-04': (e, k) => (e.type === 'case.accepted' || e.type === 'case.not_accepted') && e.case_id === k,
  'R-ADM-01': (e, k) => e.type === 'case.decided' && e.case_id === k,
  'R-INC-13': (e, k) => e.type === 'incident.closed' && e.incident_id === k,
  'R-PER-16': (e, k) => e.type === 'area.left' && e.stay_id === k,
  'R-PER-08': (e, k) => e.type === 'interrogation.started' && e.person_id === k,
  'R-PRO-02': (e, k) => e.type === 'property.stored' && e.item_id === k,
  'R-PRO-05': (e, k) => e.type === 'property.returned' && e.item_id === k,
  'R-PRO-12': (e, k) => e.type === 'property.disposed' && e.item_id === k,
  'R-REC-07': (e, k) => e.type === 'recording.uploaded' && e.session_id === k,
  'R-REC-01': (e, k) => e.type === 'recording.uploaded' && e.attrs?.kind === 'bodycam' && e.incident_id === k,
  'R-PER-01': (e, k) => e.type === 'custody.admitted' && e.person_id === k,
  'R-PER-02': (e, k) => notice(e, k, 'detention'),
  'R-PER-03': (e, k) =>
    ['measure.arrest_requested', 'measure.released', 'measure.bail', 'measure.surveillance'].includes(
      e.type,
    ) && e.person_id === k,
  'R-PER-04': (e, k) => e.type === 'interrogation.started' && e.person_id === k,
  'R-PER-05': (e, k) => notice(e, k, 'arrest'),
  'R-PER-06': (e, k) =>
    (e.type === 'measure.bail_lifted' || e.type === 'measure.arrest') && e.person_id === k,
  'R-PER-07': (e, k) =>
    (e.type === 'measure.surveillance_lifted' || e.type === 'measure.arrest') && e.person_id === k,
  'R-PER-09': (e, k) => notice(e, k, 'residential_surveillance'),
  'R-LAW-02': (e, k) =>
    (e.type === 'legal_review.passed' || e.type === 'legal_review.failed') && e.case_id === k,
  'R-PRO-07': (e, k) => e.type === 'property.preservation_decided' && e.item_id === k,
};

function notice(e: PoliceEvent, k: string, measure: string): boolean {
  return (
    (e.type === 'family.notified' || e.type === 'family.notice_waived') &&
    e.person_id === k &&
    e.attrs?.measure === measure
  );
}

/** Rules whose satisfiers count only at or after the trigger (not_before_trigger in the rules file). */
const NOT_BEFORE_TRIGGER: ReadonlySet<string> = new Set([
  'R-PER-08',
  'R-PRO-05',
  'R-PER-01',
  'R-PER-02',
  'R-PER-03',
  'R-PER-04',
  'R-PER-05',
  'R-PER-06',
  'R-PER-07',
  'R-PER-09',
  'R-LAW-02',
  'R-PRO-07',
]);

function subjectValue(t: { subject: object }): string {
  const values = Object.values(t.subject) as string[];
  if (values.length !== 1 || !values[0])
    throw new Error(`subject must have exactly one key: ${JSON.stringify(t.subject)}`);
  return values[0];
}

/** Returns every inconsistency found (empty when the truth matches the events). */
function checkConsistency(s: Scenario, end: number): string[] {
  const problems: string[] = [];
  const fail = (what: string, t: { rule_id: string; trigger_event_id: string }): void => {
    if (problems.length < 20) problems.push(`${t.rule_id} ${t.trigger_event_id}: ${what}`);
  };
  const byId = new Map(s.events.map((e) => [e.event_id, e]));
  const byKeyValue = new Map<string, PoliceEvent[]>();
  for (const e of byId.values()) {
    for (const v of [e.incident_id, e.case_id, e.person_id, e.stay_id, e.item_id, e.session_id]) {
      if (v === undefined) continue;
      const list = byKeyValue.get(v);
      if (list) list.push(e);
      else byKeyValue.set(v, [e]);
    }
  }
  for (const t of s.truth) {
    const trigger = byId.get(t.trigger_event_id);
    if (!trigger) fail('trigger event missing', t);
    else if (t.unit_code !== trigger.unit_code) fail('unit_code differs from the trigger', t);
    if (!trigger || t.kind === 'condition') continue;
    const key = subjectValue(t);
    const all = (byKeyValue.get(key) ?? []).filter((e) => SATISFIES[t.rule_id](e, key));
    const due = ms(t.due_at);
    const before = (e: PoliceEvent) => ms(e.occurred_at) < ms(trigger.occurred_at);
    // Where earlier satisfiers would count, the simulator never generates one; elsewhere they are ignored.
    if (!NOT_BEFORE_TRIGGER.has(t.rule_id) && all.some(before)) fail('a satisfier precedes the trigger', t);
    const sats = all.filter((e) => !before(e));
    if (t.outcome === 'never' || t.outcome === 'open') {
      if (sats.length > 0 || t.satisfier_event_id !== undefined)
        fail(`${t.outcome} but a satisfier exists`, t);
      if (t.outcome === 'never' && due > end) fail('never but not yet due', t);
      if (t.outcome === 'open' && due <= end) fail('open but due', t);
      continue;
    }
    const sat = byId.get(t.satisfier_event_id ?? '');
    if (!sat || !SATISFIES[t.rule_id](sat, key)) {
      fail('satisfier missing or not a satisfier', t);
      continue;
    }
    const at = ms(sat.occurred_at);
    if (at !== Math.min(...sats.map((e) => ms(e.occurred_at)))) fail('satisfier is not the earliest', t);
    if (t.outcome === 'late' && !(at > due)) fail('late but satisfied by due_at', t);
    if (t.outcome === 'on_time' && !(at <= due)) fail('on_time but satisfied after due_at', t);
  }
  return problems;
}

function outcomesByRule(s: Scenario): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const t of s.truth) out.set(t.rule_id, (out.get(t.rule_id) ?? new Set()).add(t.outcome));
  return out;
}

describe('ground truth', () => {
  it('covers every rule, with on_time, late and never outcomes for each deadline rule', () => {
    const outcomes = outcomesByRule(violating);
    for (const rule of DEADLINE_RULE_IDS) {
      expect([...(outcomes.get(rule) ?? [])].sort(), rule).toEqual(
        expect.arrayContaining(['late', 'never', 'on_time']),
      );
    }
    for (const rule of CONDITION_RULE_IDS)
      expect([...(outcomes.get(rule) ?? [])], rule).toEqual(['violation']);
  });

  it('is consistent with the events, checked independently', () => {
    expect(checkConsistency(violating, END)).toEqual([]);
    expect(checkConsistency(compliant, END)).toEqual([]);
  });

  it('agrees with what the generator planned, due_at included', () => {
    const plans = new Map(violating.plan.obligations.map((p) => [`${p.rule_id}|${p.key}`, p]));
    let compared = 0;
    const mismatches: string[] = [];
    const deadlines = violating.truth.filter((t): t is DeadlineTruth => t.kind === 'deadline');
    for (const t of deadlines) {
      const p = plans.get(`${t.rule_id}|${subjectValue(t)}`);
      if (!p) {
        mismatches.push(`${t.rule_id} ${subjectValue(t)}: not planned`);
        continue;
      }
      if (p.settled_ms > END) continue; // an extension planned after the window did not happen
      const sat = p.satisfier_ms !== null && p.satisfier_ms <= END ? p.satisfier_ms : null;
      const expected =
        sat === null ? (p.due_ms <= END ? 'never' : 'open') : sat <= p.due_ms ? 'on_time' : 'late';
      if (t.outcome !== expected || t.due_at !== new Date(p.due_ms).toISOString())
        mismatches.push(
          `${t.rule_id} ${subjectValue(t)}: ${t.outcome} ${t.due_at}, planned ${expected} ${p.due_ms}`,
        );
      compared++;
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(deadlines.length * 0.95);
    const planned = violating.plan.obligations.filter((p) => p.trigger_ms <= END);
    expect(deadlines).toHaveLength(planned.length);
    const violations = violating.plan.violations
      .filter((v) => v.at_ms <= END)
      .map((v) => `${v.rule_id}|${v.key}`);
    const found = violating.truth
      .filter((t) => t.kind === 'condition')
      .map((t) => `${t.rule_id}|${subjectValue(t)}`);
    expect(found.sort()).toEqual(violations.sort());
  });

  it('has only on_time and open outcomes, and no condition violations, at violation rate 0', () => {
    const outcomes = new Set(compliant.truth.map((t) => t.outcome));
    expect([...outcomes].sort()).toEqual(['on_time', 'open']);
    for (const rule of DEADLINE_RULE_IDS)
      expect(outcomesByRule(compliant).get(rule)?.has('on_time'), rule).toBe(true);
  });

  it('exercises extensions before and after the deadline and satisfiers exactly at the deadline', () => {
    const exts = violating.events.filter((e) =>
      ['case.review_extended', 'case.deadline_extended', 'area.limit_extended'].includes(e.type),
    );
    const truthByKey = new Map(
      violating.truth
        .filter((t): t is DeadlineTruth => t.kind === 'deadline')
        .map((t) => [subjectValue(t) + t.rule_id, t]),
    );
    let before = 0;
    let after = 0;
    for (const e of exts) {
      const key = e.case_id ?? e.stay_id ?? '';
      const rules = e.stay_id
        ? ['R-PER-16']
        : e.type === 'case.deadline_extended'
          ? ['R-ADM-01']
          : ['R-INC-05', 'R-INC-04'];
      const t = rules.map((r) => truthByKey.get(key + r)).find((x) => x !== undefined);
      if (!t) continue;
      if (ms(e.occurred_at) < ms(t.due_at)) before++;
      else after++;
    }
    expect(before).toBeGreaterThan(10);
    expect(after).toBeGreaterThan(10);
    const byId = new Map(violating.events.map((e) => [e.event_id, e]));
    const exact = violating.truth.filter((t) => {
      if (t.kind !== 'deadline' || !t.satisfier_event_id) return false;
      return ms(byId.get(t.satisfier_event_id)!.occurred_at) === ms(t.due_at);
    });
    expect(exact.length).toBeGreaterThan(0);
  });

  it('uses the limits of RULES.md per attribute: R-PER-16 by basis and vulnerability, R-PRO-05 from due_back_at', () => {
    const byId = new Map(violating.events.map((e) => [e.event_id, e]));
    const extended = new Set(
      violating.events.filter((e) => e.type === 'area.limit_extended').map((e) => e.stay_id),
    );
    const hours = {
      admin_questioning: 8,
      criminal_summons: 12,
      forced_summons: 12,
      continued_questioning: 12,
    };
    for (const t of violating.truth) {
      if (t.kind !== 'deadline') continue;
      const trigger = byId.get(t.trigger_event_id)!;
      const limit = ms(t.due_at) - ms(trigger.occurred_at);
      if (t.rule_id === 'R-PER-16' && !extended.has(trigger.stay_id)) {
        const basis = trigger.attrs?.basis as keyof typeof hours;
        expect(limit / 3_600_000).toBe(trigger.attrs?.vulnerable === true ? 4 : hours[basis]);
      }
      if (t.rule_id === 'R-PRO-05') expect(ms(t.due_at)).toBe(ms(String(trigger.attrs?.due_back_at)));
      if (t.rule_id === 'R-PRO-12') expect(trigger.type).toBe('case.closed');
      if (t.rule_id === 'R-INC-01')
        expect(t.severity).toBe(trigger.attrs?.nature === 'criminal' ? 'P1' : 'P2');
    }
  });

  it('has day-counted obligations across the holidays of the window (Mid-Autumn, National Day)', () => {
    const byId = new Map(violating.events.map((e) => [e.event_id, e]));
    const across = new Map<string, number>();
    for (const t of violating.truth) {
      if (!['R-INC-05', 'R-ADM-01', 'R-LAW-02', 'R-PRO-07'].includes(t.rule_id)) continue;
      const at = ms(byId.get(t.trigger_event_id)!.occurred_at);
      if (at >= ms('2026-09-18T00:00:00+08:00') && at < ms('2026-10-01T00:00:00+08:00'))
        across.set(t.rule_id, (across.get(t.rule_id) ?? 0) + 1);
    }
    for (const rule of ['R-INC-05', 'R-ADM-01', 'R-LAW-02', 'R-PRO-07'])
      expect(across.get(rule) ?? 0, rule).toBeGreaterThan(0);
  });

  it('refers only to units of the directory', () => {
    const codes = new Set(guangxiUnits().map((u) => u.code));
    expect(violating.truth.filter((t) => !codes.has(t.unit_code))).toEqual([]);
  });
});
