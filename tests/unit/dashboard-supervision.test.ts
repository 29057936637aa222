import { describe, expect, it } from 'vitest';
import { parentUnit as commonParent, targetUnit } from '../../common/supervision.js';
import { translator } from '../../dashboard/src/i18n/translate.js';
import {
  deadlineView,
  formatSpan,
  issueUnitChoices,
  orderActions,
  orderClock,
  parentUnit,
  runningDue,
  runningStep,
  unitLadder,
  unitPrefixOf,
  urgencyOf,
} from '../../dashboard/src/lib/supervision.js';
import {
  alertsInOrders,
  citableEvents,
  splitIssuable,
  zonedInputToIso,
} from '../../dashboard/src/lib/supervision-form.js';
import { alert, order } from '../../dashboard/tests/fixtures.js';

const zh = translator('zh-CN');
const en = translator('en');
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('countdown in words', () => {
  it('says hours and minutes as 时/分, minutes padded only after hours, days with hours', () => {
    expect(formatSpan(2 * HOUR + 15 * MIN + 59_000, zh)).toBe('2时15分');
    expect(formatSpan(HOUR + 5 * MIN, zh)).toBe('1时05分');
    expect(formatSpan(26 * MIN + 10_000, zh)).toBe('26分');
    expect(formatSpan(30_000, zh)).toBe('不到1分');
    expect(formatSpan(3 * 24 * HOUR + 2 * HOUR + 7 * MIN, zh)).toBe('3天2时');
    expect(formatSpan(2 * 24 * HOUR + 10 * MIN, zh)).toBe('2天');
    expect(formatSpan(-(HOUR + 5 * MIN), zh)).toBe('1时05分');
    expect(formatSpan(2 * HOUR + 15 * MIN, en)).toBe('2 h 15 min');
    expect(formatSpan(26 * MIN, en)).toBe('26 min');
  });

  it('counts down, then says how long overdue, with the urgency for the colour', () => {
    const now = Date.parse('2026-11-26T00:00:00.000Z');
    expect(deadlineView(now + 2 * HOUR + 15 * MIN, now, zh)).toEqual({
      text: '剩 2时15分',
      span: '2时15分',
      urgency: 'later',
    });
    expect(deadlineView(now - (HOUR + 5 * MIN), now, zh)).toMatchObject({
      text: '已逾期 1时05分',
      urgency: 'overdue',
    });
    expect(deadlineView(now - (HOUR + 5 * MIN), now, en).text).toBe('Overdue 1 h 05 min');
    expect(urgencyOf(29 * MIN)).toBe('critical');
    expect(urgencyOf(30 * MIN)).toBe('soon');
    expect(urgencyOf(2 * HOUR - 1)).toBe('soon');
    expect(urgencyOf(2 * HOUR)).toBe('later');
    expect(urgencyOf(-1)).toBe('overdue');
  });

  it('runs the receive deadline while issued, the feedback one after, none while awaiting review', () => {
    const o = order({ supervision_id: 's', seq: 1 });
    expect(runningStep(o)).toBe('receive');
    expect(runningDue(o)).toBe(Date.parse(o.receive_due_at));
    expect(runningStep({ ...o, state: 'received' })).toBe('feedback');
    expect(runningDue({ ...o, state: 'returned' })).toBe(Date.parse(o.feedback_due_at));
    expect(runningDue({ ...o, state: 'answered' })).toBeNull();
    expect(runningStep({ ...o, state: 'closed' })).toBeNull();
    const answered = {
      ...o,
      state: 'answered' as const,
      answers: [{ at: '2026-11-26T01:00:00.000Z', by: 'off', text: '已补录', event_ids: [] }],
    };
    expect(orderClock(answered, Date.parse('2026-11-26T01:26:00.000Z'), zh)).toMatchObject({
      step: 'review',
      view: { text: '已等 26分' },
    });
  });
});

describe('who may do what', () => {
  const officer = { username: 'off', role: 'officer' as const };
  const manager = { username: 'mgr', role: 'manager' as const };
  const admin = { username: 'root', role: 'admin' as const };
  const viewer = { username: 'wall', role: 'viewer' as const };
  const issued = order({ supervision_id: 's', seq: 1 });
  const answered = {
    ...issued,
    state: 'answered' as const,
    answers: [{ at: '2026-11-26T01:00:00.000Z', by: 'mgr2', text: 'x', event_ids: [] }],
  };

  it('lets officers and managers receive and answer, managers and admins review, the issuer or an admin cancel', () => {
    expect(orderActions(issued, officer)).toEqual({
      receive: true,
      answer: true,
      review: false,
      cancel: false,
      ownAnswer: false,
    });
    expect(orderActions(issued, manager)).toMatchObject({ receive: true, cancel: true });
    expect(orderActions(issued, admin)).toMatchObject({ receive: false, answer: false, cancel: true });
    expect(orderActions(issued, viewer)).toMatchObject({ receive: false, answer: false, cancel: false });
    expect(orderActions({ ...issued, state: 'returned' }, officer)).toMatchObject({
      receive: false,
      answer: true,
    });
    expect(orderActions(answered, manager)).toMatchObject({ review: true, answer: false, receive: false });
    expect(orderActions(answered, officer).review).toBe(false);
    expect(orderActions({ ...answered, state: 'closed' }, manager)).toMatchObject({
      review: false,
      cancel: false,
    });
  });

  it('does not offer review of your own answer, and says so', () => {
    const own = { ...answered, answers: [{ ...answered.answers[0]!, by: 'mgr' }] };
    expect(orderActions(own, manager)).toMatchObject({ review: false, ownAnswer: true });
    expect(orderActions(own, { username: 'mgr', role: 'officer' }).ownAnswer).toBe(false);
  });
});

describe('units an order may go to', () => {
  it('agrees with common parentUnit and targetUnit', () => {
    for (const code of ['450103520000', '450103000000', '450100000000', '450000000000', '450203001200']) {
      expect(parentUnit(code)).toBe(commonParent(code));
      const ladder = unitLadder(code);
      for (const to of ['alert_unit', 'county', 'city', 'province'] as const)
        expect(ladder).toContain(targetUnit(code, to));
    }
    expect(unitLadder('450103520000')).toEqual([
      '450103520000',
      '450103000000',
      '450100000000',
      '450000000000',
    ]);
    expect(unitLadder('450000000000')).toEqual(['450000000000']);
  });

  it('offers the alerts common unit first, then its parents, within the issuer scope', () => {
    expect(issueUnitChoices(['450103520000'], '45')).toEqual([
      '450103520000',
      '450103000000',
      '450100000000',
      '450000000000',
    ]);
    expect(issueUnitChoices(['450103520000', '450103530000'], '')).toEqual([
      '450103000000',
      '450100000000',
      '450000000000',
    ]);
    expect(issueUnitChoices(['450103520000', '450205520000'], '45')).toEqual(['450000000000']);
    expect(issueUnitChoices(['450103520000', '450103520000'], '4501')).toEqual([
      '450103520000',
      '450103000000',
      '450100000000',
    ]);
    expect(issueUnitChoices(['450103520000', '450205520000'], '4501')).toEqual([]);
    expect(issueUnitChoices([], '')).toEqual([]);
  });

  it('gives a unit code its meaningful prefix', () => {
    expect(unitPrefixOf('450103520000')).toBe('450103520000');
    expect(unitPrefixOf('450103000000')).toBe('450103');
    expect(unitPrefixOf('450100000000')).toBe('4501');
    expect(unitPrefixOf('450000000000')).toBe('45');
  });
});

describe('issue dialog form', () => {
  it('reads a deadline typed in the page time zone as UTC', () => {
    expect(zonedInputToIso('2026-11-27T18:00', 'Asia/Shanghai')).toBe('2026-11-27T10:00:00.000Z');
    expect(zonedInputToIso('2026-11-27T18:00', 'UTC')).toBe('2026-11-27T18:00:00.000Z');
    expect(zonedInputToIso('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(zonedInputToIso('', 'Asia/Shanghai')).toBeNull();
    expect(zonedInputToIso('tomorrow', 'Asia/Shanghai')).toBeNull();
  });

  it('leaves out the alerts that already have an open order', () => {
    const list = [
      alert({ alert_id: 'free', seq: 1 }),
      alert({ alert_id: 'closed-order', seq: 2, supervision_id: 'S-old' }),
      alert({ alert_id: 'open-order', seq: 3, supervision_id: 'S-open' }),
      alert({ alert_id: 'listed', seq: 4 }),
    ];
    const r = splitIssuable(list, alertsInOrders([{ alert_ids: ['listed'] }]), (id) => id === 'S-open');
    expect(r.issuable.map((a) => a.alert_id)).toEqual(['free', 'closed-order']);
    expect(r.taken.map((a) => a.alert_id)).toEqual(['open-order', 'listed']);
  });
});

describe('answer dialog evidence', () => {
  it('lists each evidence event of the order alerts once, in time order', () => {
    const ev = (event_id: string, occurred_at: string) =>
      ({ event_id, type: 'incident.reported', occurred_at, unit_code: '450103520000' }) as const;
    const list = citableEvents([
      { title: 'A', evidence: [ev('e2', '2026-11-26T02:00:00Z'), ev('e1', '2026-11-26T01:00:00Z')] },
      { title: 'B', evidence: [ev('e1', '2026-11-26T01:00:00Z'), ev('e3', '2026-11-26T01:00:00Z')] },
    ]);
    expect(list.map((c) => `${c.event.event_id}:${c.alertTitle}`)).toEqual(['e1:A', 'e3:B', 'e2:A']);
  });
});
