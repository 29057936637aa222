/**
 * Who is told what, when (notify/plan/deliveries.ts), pure and on an injected clock: routes matched on kind,
 * severity, rule and unit; recipients by target form and unit level; one delivery per (recipient, channel) with
 * a deterministic id; re-notification and escalation timers, and what each timer sends; quiet hours.
 */
import { describe, expect, it } from 'vitest';
import type { NotifyKind, Route } from '../../common/notify.js';
import { checkNotifyFile } from '../../notify/notify-file.js';
import type { NotifySetup } from '../../notify/notify-file.js';
import { planTimer, planTrigger, recipientsOf, routeMatches } from '../../notify/plan/deliveries.js';
import type { Delivery, Timer } from '../../notify/plan/deliveries.js';
import type { Facts, Subject } from '../../notify/plan/triggers.js';

const ZONE = 'Asia/Shanghai';
const MIN = 60_000;
/** 2026-12-02 14:30 in Beijing (06:30Z): outside 22:00–07:00. */
const DAY = Date.parse('2026-12-02T06:30:00Z');
/** 2026-12-02 23:10 in Beijing (15:10Z): inside 22:00–07:00. */
const NIGHT = Date.parse('2026-12-02T15:10:00Z');
/** 2026-12-03 07:00 in Beijing: the end of that night's quiet hours. */
const MORNING = Date.parse('2026-12-02T23:00:00Z');

const CHANNELS = [
  { id: 'ops', type: 'webhook', url: 'https://ops.example/hook' },
  { id: 'robot', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
  { id: 'sms', type: 'sms', url: 'https://sms.example/send', body: '{"to":"{{phone}}","text":"{{text}}"}' },
  { id: 'mail', type: 'email', host: 'smtp.example', from: 'vigil@example.gov.cn' },
];
const CONTACTS = [
  {
    id: 'gx-duty',
    name: '自治区公安厅指挥中心值班室',
    unit: '45',
    role: 'duty',
    phone: '13800000001',
    via: ['sms'],
  },
  {
    id: 'gx-leader',
    name: '自治区公安厅带班领导岗',
    unit: '45',
    role: 'leader',
    phone: '13800000002',
    email: 'leader45@example.gov.cn',
    via: ['sms', 'mail'],
  },
  {
    id: 'nn-duty',
    name: '南宁市局指挥中心值班室',
    unit: '4501',
    role: 'duty',
    phone: '13800000003',
    via: ['sms', 'robot'],
  },
  { id: 'qx-duty', name: '青秀分局值班室', unit: '450103', role: 'duty', phone: '13800000004', via: ['sms'] },
  {
    id: 'lz-duty',
    name: '柳州市局指挥中心值班室',
    unit: '4502',
    role: 'duty',
    phone: '13800000005',
    via: ['sms'],
  },
];

function setupOf(routes: unknown[], contacts: unknown[] = CONTACTS): NotifySetup {
  const out = checkNotifyFile({ channels: CHANNELS, contacts, routes }, {});
  if ('errors' in out) throw new Error(out.errors.join('\n'));
  return out;
}

const STATION = '450103520000';
const facts = (o: Partial<Facts> = {}): Facts => ({
  unit_code: STATION,
  severity: 'P1',
  rule_id: 'R-INC-01',
  ...o,
});
const ALERT: Subject = { type: 'a', id: 'R-INC-01:incident_id:J1' };
const ORDER: Subject = { type: 's', id: 'SUP-4501-20261202-0007' };
const trigger = (o: { kind?: NotifyKind; subject?: Subject; facts?: Facts; at?: number } = {}) => ({
  kind: o.kind ?? ('alert.raised' as NotifyKind),
  subject: o.subject ?? ALERT,
  facts: o.facts ?? facts(),
  at: o.at ?? DAY,
});

const pairs = (ds: readonly Delivery[]): string[] => ds.map((d) => `${d.recipient}>${d.channel}`).sort();
const route = (o: Omit<Partial<Route>, 'match'> & { match?: Partial<Route['match']> }): Route =>
  ({ ...o, match: { kinds: ['alert.raised'], ...o.match }, to: o.to ?? ['channel:ops'] }) as Route;

describe('routeMatches', () => {
  const f = facts();
  it('kinds', () => {
    expect(routeMatches(route({}), 'alert.raised', f)).toBe(true);
    expect(routeMatches(route({}), 'alert.escalated', f)).toBe(false);
  });
  it('severity (an order has none: a route with severity never matches it)', () => {
    expect(routeMatches(route({ match: { severity: ['P1', 'P2'] } }), 'alert.raised', f)).toBe(true);
    expect(routeMatches(route({ match: { severity: ['P2'] } }), 'alert.raised', f)).toBe(false);
    const issued = route({ match: { kinds: ['supervision.issued'], severity: ['P1'] } });
    expect(routeMatches(issued, 'supervision.issued', facts({ severity: null, rule_id: null }))).toBe(false);
  });
  it('rule_ids and rule_prefixes', () => {
    expect(routeMatches(route({ match: { rule_ids: ['R-INC-01'] } }), 'alert.raised', f)).toBe(true);
    expect(routeMatches(route({ match: { rule_ids: ['R-INC-02'] } }), 'alert.raised', f)).toBe(false);
    expect(routeMatches(route({ match: { rule_prefixes: ['R-PER-', 'R-INC-'] } }), 'alert.raised', f)).toBe(
      true,
    );
    expect(routeMatches(route({ match: { rule_prefixes: ['R-PER-'] } }), 'alert.raised', f)).toBe(false);
    const byRule = route({ match: { kinds: ['supervision.issued'], rule_prefixes: ['R-'] } });
    expect(routeMatches(byRule, 'supervision.issued', facts({ severity: null, rule_id: null }))).toBe(false);
  });
  it('unit prefix', () => {
    expect(routeMatches(route({ match: { unit: '4501' } }), 'alert.raised', f)).toBe(true);
    expect(routeMatches(route({ match: { unit: '45' } }), 'alert.raised', f)).toBe(true);
    expect(routeMatches(route({ match: { unit: '4502' } }), 'alert.raised', f)).toBe(false);
  });
  it('every condition must hold', () => {
    const r = route({ match: { severity: ['P1'], rule_ids: ['R-INC-01'], unit: '4502' } });
    expect(routeMatches(r, 'alert.raised', f)).toBe(false);
  });
});

describe('recipientsOf', () => {
  const s = setupOf([{ match: { kinds: ['alert.raised'] }, to: ['channel:ops'] }]);
  const of = (target: string, unit = STATION, shift = 0) => recipientsOf(s, target, unit, shift);

  it('channel:<id> → the channel itself', () => {
    expect(of('channel:ops')).toEqual([{ channel: 'ops', recipient: 'channel:ops' }]);
  });

  it('contact:<id> → that contact on each of its channels, wherever the subject is', () => {
    expect(of('contact:gx-leader', '450200000000')).toEqual([
      { channel: 'sms', recipient: 'contact:gx-leader' },
      { channel: 'mail', recipient: 'contact:gx-leader' },
    ]);
  });

  it('contacts:alert_unit → the contacts of the longest prefix covering the unit', () => {
    expect(of('contacts:alert_unit')).toEqual([{ channel: 'sms', recipient: 'contact:qx-duty' }]);
    // A station of another county of Nanning has no county contacts: the city's are its alert unit's.
    expect(pairs(of('contacts:alert_unit', '450105000000') as Delivery[])).toEqual([
      'contact:nn-duty>robot',
      'contact:nn-duty>sms',
    ]);
    expect(of('contacts:alert_unit', '450200000000')).toEqual([
      { channel: 'sms', recipient: 'contact:lz-duty' },
    ]);
    // Every contact of that prefix, of every role.
    expect(pairs(of('contacts:alert_unit', '450000000000') as Delivery[])).toEqual([
      'contact:gx-duty>sms',
      'contact:gx-leader>mail',
      'contact:gx-leader>sms',
    ]);
  });

  it('contacts:parent → the next shorter prefix', () => {
    expect(pairs(of('contacts:parent') as Delivery[])).toEqual([
      'contact:nn-duty>robot',
      'contact:nn-duty>sms',
    ]);
    expect(pairs(of('contacts:parent', '450200000000') as Delivery[])).toEqual([
      'contact:gx-duty>sms',
      'contact:gx-leader>mail',
      'contact:gx-leader>sms',
    ]);
    expect(of('contacts:parent', '450000000000')).toEqual([]);
  });

  it('`:role` counts only the prefixes of contacts of that role', () => {
    expect(pairs(of('contacts:alert_unit:leader') as Delivery[])).toEqual([
      'contact:gx-leader>mail',
      'contact:gx-leader>sms',
    ]);
    expect(of('contacts:alert_unit:duty')).toEqual([{ channel: 'sms', recipient: 'contact:qx-duty' }]);
    expect(pairs(of('contacts:parent:duty') as Delivery[])).toEqual([
      'contact:nn-duty>robot',
      'contact:nn-duty>sms',
    ]);
    expect(of('contacts:parent:leader')).toEqual([]);
    expect(of('contacts:alert_unit:legal')).toEqual([]);
  });

  it('shifted levels: m prefixes further up; nothing beyond the top', () => {
    expect(pairs(of('contacts:alert_unit', STATION, 1) as Delivery[])).toEqual([
      'contact:nn-duty>robot',
      'contact:nn-duty>sms',
    ]);
    expect(pairs(of('contacts:alert_unit', STATION, 2) as Delivery[])).toEqual([
      'contact:gx-duty>sms',
      'contact:gx-leader>mail',
      'contact:gx-leader>sms',
    ]);
    expect(of('contacts:alert_unit', STATION, 3)).toEqual([]);
    expect(pairs(of('contacts:parent', STATION, 1) as Delivery[])).toContain('contact:gx-duty>sms');
    expect(of('contacts:parent', STATION, 2)).toEqual([]);
  });

  it('no contact covers the unit → nobody', () => {
    expect(of('contacts:alert_unit', '460100000000')).toEqual([]);
    expect(of('contacts:parent', '460100000000')).toEqual([]);
  });
});

describe('planTrigger', () => {
  it('one delivery per (recipient, channel), deterministic ids, deduplicated across targets', () => {
    const s = setupOf([
      { match: { kinds: ['alert.raised'] }, to: ['channel:ops', 'contacts:parent', 'contact:nn-duty'] },
    ]);
    const p = planTrigger(s, trigger(), ZONE);
    expect(p.deliveries.map((d) => d.id).sort()).toEqual([
      'alert.raised|a|R-INC-01:incident_id:J1|n0|channel:ops|ops',
      'alert.raised|a|R-INC-01:incident_id:J1|n0|contact:nn-duty|robot',
      'alert.raised|a|R-INC-01:incident_id:J1|n0|contact:nn-duty|sms',
    ]);
    for (const d of p.deliveries)
      expect(d).toMatchObject({ kind: 'alert.raised', subject: ALERT, renotify: 0, escalation: 0, at: DAY });
    expect(p.timers).toEqual([]);
    // The same trigger planned again: the same ids (the idempotency keys of the queue and the fence).
    expect(planTrigger(s, trigger(), ZONE).deliveries.map((d) => d.id)).toEqual(
      p.deliveries.map((d) => d.id),
    );
  });

  it('an order: `s|<id>` in the id; only routes without severity or rule conditions match it', () => {
    const s = setupOf([
      { match: { kinds: ['supervision.issued'] }, to: ['contacts:alert_unit'] },
      { match: { kinds: ['supervision.issued'], severity: ['P1'] }, to: ['channel:ops'] },
    ]);
    const p = planTrigger(
      s,
      trigger({
        kind: 'supervision.issued',
        subject: ORDER,
        facts: facts({ unit_code: '450103000000', severity: null, rule_id: null }),
      }),
      ZONE,
    );
    expect(p.deliveries.map((d) => d.id)).toEqual([
      'supervision.issued|s|SUP-4501-20261202-0007|n0|contact:qx-duty|sms',
    ]);
  });

  it('no route matches → nothing', () => {
    const s = setupOf([{ match: { kinds: ['alert.raised'], unit: '4502' }, to: ['channel:ops'] }]);
    expect(planTrigger(s, trigger(), ZONE)).toEqual({ deliveries: [], timers: [] });
  });

  it('timers for renotify_every and escalate_after, from the trigger time, one pair per matching route', () => {
    const s = setupOf([
      {
        match: { kinds: ['alert.raised'] },
        to: ['channel:ops'],
        renotify_every: '15m',
        escalate_after: '30m',
      },
      { match: { kinds: ['alert.raised'], severity: ['P1'] }, to: ['channel:robot'], renotify_every: '1h' },
    ]);
    const p = planTrigger(s, trigger(), ZONE);
    expect(p.timers.map((t) => ({ route: t.route, step: t.step, n: t.n, at: t.at }))).toEqual([
      { route: 0, step: 'r', n: 1, at: DAY + 15 * MIN },
      { route: 0, step: 'e', n: 1, at: DAY + 30 * MIN },
      { route: 1, step: 'r', n: 1, at: DAY + 60 * MIN },
    ]);
    for (const t of p.timers)
      expect(t).toMatchObject({ subject: ALERT, kind: 'alert.raised', facts: facts() });
  });
});

const timer = (o: Partial<Timer>): Timer => ({
  subject: ALERT,
  kind: 'alert.raised',
  route: 0,
  step: 'r',
  n: 1,
  at: DAY,
  facts: facts(),
  ...o,
});

describe('planTimer: re-notification', () => {
  const s = setupOf([
    {
      match: { kinds: ['alert.raised'] },
      to: ['channel:ops', 'contacts:alert_unit'],
      renotify_every: '15m',
      renotify_max: 3,
    },
  ]);

  it('re-notification n goes to the route`s own recipients as stage r<n>, and plans n+1', () => {
    const now = DAY + 15 * MIN;
    const p = planTimer(s, timer({ n: 1, at: now }), now, ZONE);
    expect(p.deliveries.map((d) => d.id).sort()).toEqual([
      'alert.raised|a|R-INC-01:incident_id:J1|r1|channel:ops|ops',
      'alert.raised|a|R-INC-01:incident_id:J1|r1|contact:qx-duty|sms',
    ]);
    for (const d of p.deliveries)
      expect(d).toMatchObject({ kind: 'alert.raised', renotify: 1, escalation: 0, at: now });
    expect(p.timers).toMatchObject([{ step: 'r', n: 2, at: now + 15 * MIN, route: 0 }]);
  });

  it('stops after renotify_max (the last one sends, plans nothing more)', () => {
    const now = DAY + 45 * MIN;
    const p = planTimer(s, timer({ n: 3, at: now }), now, ZONE);
    expect(p.deliveries).toHaveLength(2);
    expect(p.deliveries[0]!.id).toContain('|r3|');
    expect(p.timers).toEqual([]);
  });

  it('default renotify_max is 10', () => {
    const s10 = setupOf([{ match: { kinds: ['alert.raised'] }, to: ['channel:ops'], renotify_every: '15m' }]);
    expect(planTimer(s10, timer({ n: 9 }), DAY, ZONE).timers).toHaveLength(1);
    expect(planTimer(s10, timer({ n: 10 }), DAY, ZONE).timers).toEqual([]);
  });

  it('a route no longer in the file → nothing', () => {
    expect(planTimer(s, timer({ route: 5 }), DAY, ZONE)).toEqual({ deliveries: [], timers: [] });
  });
});

describe('planTimer: escalation', () => {
  const esc = (routes: unknown[]) => setupOf(routes);
  const base = {
    match: { kinds: ['alert.raised', 'alert.escalated'], severity: ['P1'] },
    to: ['channel:ops', 'contacts:alert_unit'],
    escalate_after: '30m',
  };

  it('level m goes to the contacts m levels up as alert.unacknowledged (stage e<m>), and plans m+1', () => {
    const s = esc([base]);
    const now = DAY + 30 * MIN;
    const p = planTimer(s, timer({ step: 'e', n: 1, at: now }), now, ZONE);
    expect(p.deliveries.map((d) => d.id).sort()).toEqual([
      'alert.unacknowledged|a|R-INC-01:incident_id:J1|e1|contact:nn-duty|robot',
      'alert.unacknowledged|a|R-INC-01:incident_id:J1|e1|contact:nn-duty|sms',
    ]);
    for (const d of p.deliveries)
      expect(d).toMatchObject({ kind: 'alert.unacknowledged', escalation: 1, renotify: 0 });
    // The timer keeps the trigger's kind (it is what is still wanted: the alert open).
    expect(p.timers).toMatchObject([{ step: 'e', n: 2, at: now + 30 * MIN, kind: 'alert.raised' }]);
    const p2 = planTimer(s, p.timers[0]!, now + 30 * MIN, ZONE);
    expect(pairs(p2.deliveries)).toEqual([
      'contact:gx-duty>sms',
      'contact:gx-leader>mail',
      'contact:gx-leader>sms',
    ]);
    expect(p2.deliveries[0]!.id).toContain('|e2|');
  });

  it('no further timer when there is no higher level; nothing at all when level m has nobody', () => {
    const s = esc([base]);
    const top = planTimer(s, timer({ step: 'e', n: 2 }), DAY, ZONE);
    expect(top.deliveries).not.toEqual([]);
    expect(top.timers).toEqual([]);
    const beyond = planTimer(s, timer({ step: 'e', n: 3 }), DAY, ZONE);
    expect(beyond).toEqual({ deliveries: [], timers: [] });
    // A city-level alert: the province is one level up, and the top.
    const city = planTimer(
      s,
      timer({ step: 'e', n: 1, facts: facts({ unit_code: '450100000000' }) }),
      DAY,
      ZONE,
    );
    expect(pairs(city.deliveries)).toEqual([
      'contact:gx-duty>sms',
      'contact:gx-leader>mail',
      'contact:gx-leader>sms',
    ]);
    expect(city.timers).toEqual([]);
  });

  it('an order keeps its kind when escalated', () => {
    const s = esc([
      { match: { kinds: ['supervision.issued'] }, to: ['contacts:alert_unit'], escalate_after: '1h' },
    ]);
    const t = timer({
      step: 'e',
      n: 1,
      kind: 'supervision.issued',
      subject: ORDER,
      facts: facts({ unit_code: '450103000000', severity: null, rule_id: null }),
    });
    const p = planTimer(s, t, DAY, ZONE);
    expect(p.deliveries.map((d) => d.id).sort()).toEqual([
      'supervision.issued|s|SUP-4501-20261202-0007|e1|contact:nn-duty|robot',
      'supervision.issued|s|SUP-4501-20261202-0007|e1|contact:nn-duty|sms',
    ]);
    expect(p.timers).toMatchObject([{ kind: 'supervision.issued', n: 2 }]);
  });

  it('routes matching alert.unacknowledged add their contacts, shifted m levels', () => {
    const s = esc([
      base,
      {
        match: { kinds: ['alert.unacknowledged'], severity: ['P1'] },
        to: ['contacts:parent:leader', 'contacts:alert_unit:leader'],
      },
      { match: { kinds: ['alert.unacknowledged'], unit: '4502' }, to: ['contacts:parent'] },
    ]);
    const p = planTimer(s, timer({ step: 'e', n: 1 }), DAY, ZONE);
    // Level 1: the city's contacts (contacts:alert_unit shifted 1) — the leaders' only level is the province,
    // which is level 0 of `contacts:alert_unit:leader`, so shifted 1 it is nobody.
    expect(pairs(p.deliveries)).toEqual(['contact:nn-duty>robot', 'contact:nn-duty>sms']);
    const order = setupOf([base, { match: { kinds: ['alert.unacknowledged'] }, to: ['contacts:parent'] }]);
    // contacts:parent shifted 1: two levels up, the province.
    expect(pairs(planTimer(order, timer({ step: 'e', n: 1 }), DAY, ZONE).deliveries)).toEqual([
      'contact:gx-duty>sms',
      'contact:gx-leader>mail',
      'contact:gx-leader>sms',
      'contact:nn-duty>robot',
      'contact:nn-duty>sms',
    ]);
  });

  it('routes matching alert.unacknowledged: their named channels and contacts are told of every escalation', () => {
    const s = esc([
      base,
      {
        match: { kinds: ['alert.unacknowledged'], severity: ['P1'] },
        to: ['channel:ops', 'contact:gx-leader'],
      },
    ]);
    const p = planTimer(s, timer({ step: 'e', n: 1 }), DAY, ZONE);
    expect(p.deliveries.map((d) => d.id).sort()).toEqual([
      'alert.unacknowledged|a|R-INC-01:incident_id:J1|e1|channel:ops|ops',
      'alert.unacknowledged|a|R-INC-01:incident_id:J1|e1|contact:gx-leader|mail',
      'alert.unacknowledged|a|R-INC-01:incident_id:J1|e1|contact:gx-leader|sms',
      'alert.unacknowledged|a|R-INC-01:incident_id:J1|e1|contact:nn-duty|robot',
      'alert.unacknowledged|a|R-INC-01:incident_id:J1|e1|contact:nn-duty|sms',
    ]);
  });

  it('an order never takes alert.unacknowledged routes', () => {
    const s = esc([
      { match: { kinds: ['supervision.issued'] }, to: ['contacts:alert_unit'], escalate_after: '1h' },
      { match: { kinds: ['alert.unacknowledged'] }, to: ['channel:ops'] },
    ]);
    const t = timer({
      step: 'e',
      n: 1,
      kind: 'supervision.issued',
      subject: ORDER,
      facts: facts({ severity: null, rule_id: null }),
    });
    expect(pairs(planTimer(s, t, DAY, ZONE).deliveries)).toEqual([
      'contact:nn-duty>robot',
      'contact:nn-duty>sms',
    ]);
  });
});

describe('quiet hours (22:00–07:00 Asia/Shanghai)', () => {
  const quiet = { from: '22:00', to: '07:00' };
  const s = setupOf([
    {
      match: { kinds: ['alert.raised', 'supervision.issued'] },
      to: ['channel:ops'],
      quiet_hours: quiet,
      renotify_every: '15m',
      escalate_after: '30m',
    },
  ]);

  it('a P2 delivery in the window waits for its end (across midnight); outside it goes at once', () => {
    expect(
      planTrigger(s, trigger({ at: NIGHT, facts: facts({ severity: 'P2' }) }), ZONE).deliveries[0]!.at,
    ).toBe(MORNING);
    const afterMidnight = Date.parse('2026-12-02T18:45:00Z'); // 02:45 local
    expect(
      planTrigger(s, trigger({ at: afterMidnight, facts: facts({ severity: 'P3' }) }), ZONE).deliveries[0]!
        .at,
    ).toBe(MORNING);
    expect(
      planTrigger(s, trigger({ at: DAY, facts: facts({ severity: 'P2' }) }), ZONE).deliveries[0]!.at,
    ).toBe(DAY);
    // The window's bounds: 22:00 is inside, 07:00 is not.
    const ten = Date.parse('2026-12-02T14:00:00Z');
    expect(
      planTrigger(s, trigger({ at: ten, facts: facts({ severity: 'P2' }) }), ZONE).deliveries[0]!.at,
    ).toBe(MORNING);
    expect(
      planTrigger(s, trigger({ at: MORNING, facts: facts({ severity: 'P2' }) }), ZONE).deliveries[0]!.at,
    ).toBe(MORNING);
    expect(
      planTrigger(s, trigger({ at: MORNING - MIN, facts: facts({ severity: 'P2' }) }), ZONE).deliveries[0]!
        .at,
    ).toBe(MORNING);
  });

  it('P1 is never quiet', () => {
    expect(planTrigger(s, trigger({ at: NIGHT }), ZONE).deliveries[0]!.at).toBe(NIGHT);
    expect(planTimer(s, timer({ at: NIGHT }), NIGHT, ZONE).deliveries[0]!.at).toBe(NIGHT);
  });

  it('an order (no severity) is quiet like P2', () => {
    const t = trigger({
      kind: 'supervision.issued',
      subject: ORDER,
      at: NIGHT,
      facts: facts({ severity: null, rule_id: null }),
    });
    expect(planTrigger(s, t, ZONE).deliveries[0]!.at).toBe(MORNING);
  });

  it('a window within one day (12:00–14:00)', () => {
    const noon = setupOf([
      {
        match: { kinds: ['alert.raised'] },
        to: ['channel:ops'],
        quiet_hours: { from: '12:00', to: '14:00' },
      },
    ]);
    const at = Date.parse('2026-12-02T04:20:00Z'); // 12:20 local
    expect(planTrigger(noon, trigger({ at, facts: facts({ severity: 'P2' }) }), ZONE).deliveries[0]!.at).toBe(
      Date.parse('2026-12-02T06:00:00Z'),
    );
    expect(
      planTrigger(noon, trigger({ at: DAY, facts: facts({ severity: 'P2' }) }), ZONE).deliveries[0]!.at,
    ).toBe(DAY);
  });

  it('timers count from the end of the window: re-notifications and escalations do not pile up at 07:00', () => {
    const f = facts({ severity: 'P2' });
    const p = planTrigger(s, trigger({ at: NIGHT, facts: f }), ZONE);
    expect(p.deliveries[0]!.at).toBe(MORNING);
    expect(p.timers.map((t) => [t.step, t.at])).toEqual([
      ['r', MORNING + 15 * MIN],
      ['e', MORNING + 30 * MIN],
    ]);
    // A timer that falls in the window (the alert came at 21:50): its delivery waits, and the next timer
    // counts from 07:00, not from 22:05 (which would queue r2…r10 for 07:00 as well).
    const fired = Date.parse('2026-12-02T14:05:00Z'); // 22:05 local
    const r = planTimer(s, timer({ at: fired, facts: f }), fired, ZONE);
    expect(r.deliveries[0]!.at).toBe(MORNING);
    expect(r.timers).toMatchObject([{ step: 'r', n: 2, at: MORNING + 15 * MIN }]);
  });
});
