/**
 * 督办 end to end over HTTP on the real system (Redis, embedded ClickHouse, the engine runner), with a
 * SUPERVISION_FILE of second-long limits: a manager issues an order about two alerts; the station's officer
 * receives and answers citing evidence; the manager returns it, the officer answers again, the manager
 * accepts. An unreceived order escalates station → county → city, each a SUP-OVERDUE alert at that unit, which
 * resolve `late` when it is received. Refusals say why; every action is audited; pushes and resumes carry the
 * orders; after FLUSHALL a rebuild from ClickHouse gives the same orders with the same seq.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import type { SupervisionDetail } from '../../common/api.js';
import { silentLogger } from '../../common/node/logger.js';
import type { Supervision } from '../../common/supervision.js';
import { rebuildFromClickHouse } from '../../alerts/recovery/rebuild.js';
import { auditRows, call, makePersonas, raiseAlerts, until } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const STATION = '450103520000';
const COUNTY = '450103000000';
const CITY = '450100000000';

let sys: TestSystem;
let dir: string;
let city: Personas;
let station: Personas;
let alerts: Alert[];

beforeAll(async () => {
  dir = tempDir('sup');
  const file = path.join(dir, 'supervision.json');
  const levels = {
    reminder: { receive_within: '2s', feedback_within: '1h' },
    order: { receive_within: '1h', feedback_within: '3d' },
    listed: { receive_within: '1h', feedback_within: '7d' },
  };
  fs.writeFileSync(file, JSON.stringify({ version: 1, levels, policies: [] }));
  sys = await startTestSystem({
    ALERT_GRACE_SECONDS: '1',
    SUPERVISION_FILE: file,
    LOG_LEVEL: process.env.SUP_LOG ?? '',
  });
  city = await makePersonas(sys, '4501', 'city');
  station = await makePersonas(sys, STATION, 'stn');
  alerts = await raiseAlerts(sys, [
    { incident: 'SUP-A', unit: STATION },
    { incident: 'SUP-B', unit: STATION },
    { incident: 'SUP-C', unit: STATION },
    { incident: 'SUP-D', unit: '450203520000' },
  ]);
}, 120_000);
afterAll(async () => {
  await sys?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Who = 'manager' | 'officer' | 'viewer';
const as = (p: Personas, who: Who) => p.token[who];
const post = <T = Supervision>(p: Personas, who: Who, route: string, body?: unknown) =>
  call<T>(sys.url, 'POST', route, { token: as(p, who), body: body ?? {} });
const get = <T>(p: Personas, who: Who, route: string) =>
  call<T>(sys.url, 'GET', route, { token: as(p, who) });

describe('the loop: issue, receive, answer, return, answer, accept', () => {
  let order: Supervision;

  it('a manager issues an order about two alerts to the station; the order numbers its city and day', async () => {
    const res = await post(city, 'manager', '/api/supervisions', {
      alert_ids: [alerts[0]!.alert_id, alerts[1]!.alert_id],
      unit_code: STATION,
      level: 'order',
      instructions: '请于3日内补录受案登记并说明原因',
    });
    expect(res.status, res.text).toBe(201);
    order = res.json;
    expect(order.supervision_id).toMatch(/^SUP-4501-\d{8}-0001$/);
    expect(order).toMatchObject({ state: 'issued', level: 'order', auto: false, issued_by: 'city-manager' });
    expect(Date.parse(order.receive_due_at) - Date.parse(order.issued_at)).toBe(3_600_000);
    // Alerts carry the order.
    const a = await get<{ supervision_id: string; supervision: Supervision }>(
      city,
      'manager',
      `/api/alerts/${encodeURIComponent(alerts[0]!.alert_id)}`,
    );
    expect(a.json.supervision_id).toBe(order.supervision_id);
    expect(a.json.supervision.state).toBe('issued');
  });

  it('refuses what is not allowed, saying why', async () => {
    const dup = await post(city, 'manager', '/api/supervisions', {
      alert_ids: [alerts[1]!.alert_id],
      unit_code: STATION,
      level: 'reminder',
      instructions: 'x',
    });
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ code: 'open_order' });
    expect(dup.text).toContain(alerts[1]!.alert_id);
    const officerIssues = await post(station, 'officer', '/api/supervisions', {
      alert_ids: [alerts[2]!.alert_id],
      unit_code: STATION,
      level: 'reminder',
      instructions: 'x',
    });
    expect(officerIssues.status).toBe(403);
    const outside = await post(station, 'manager', '/api/supervisions', {
      alert_ids: [alerts[3]!.alert_id],
      unit_code: '450203520000',
      level: 'reminder',
      instructions: 'x',
    });
    expect(outside.status).toBe(403);
    expect(outside.json).toMatchObject({ code: 'out_of_scope' });
    const wrongUnit = await post(city, 'manager', '/api/supervisions', {
      alert_ids: [alerts[2]!.alert_id],
      unit_code: '450102000000',
      level: 'reminder',
      instructions: 'x',
    });
    expect(wrongUnit.status).toBe(400);
    expect(wrongUnit.text).toContain('is not within unit 450102000000');
    const otherCity = await post(city, 'manager', '/api/supervisions', {
      alert_ids: [alerts[3]!.alert_id],
      unit_code: STATION,
      level: 'reminder',
      instructions: 'x',
    });
    expect(otherCity.status).toBe(404);
    const review = await post(city, 'manager', `/api/supervisions/${order.supervision_id}/review`, {
      decision: 'accept',
      note: '',
    });
    expect(review.status).toBe(409);
    expect(review.json).toMatchObject({ code: 'wrong_state' });
    const viewer = await post(station, 'viewer', `/api/supervisions/${order.supervision_id}/receive`);
    expect(viewer.status).toBe(403);
  });

  it('the officer receives (idempotent) and answers citing an event of the evidence', async () => {
    const r1 = await post(station, 'officer', `/api/supervisions/${order.supervision_id}/receive`);
    expect(r1.status, r1.text).toBe(200);
    expect(r1.json).toMatchObject({ state: 'received', received_by: 'stn-officer' });
    const r2 = await post(station, 'officer', `/api/supervisions/${order.supervision_id}/receive`);
    expect(r2.json.seq).toBe(r1.json.seq);
    const bad = await post(station, 'officer', `/api/supervisions/${order.supervision_id}/answer`, {
      text: '已补录',
      event_ids: ['no-such-event'],
    });
    expect(bad.status).toBe(400);
    const ans = await post(station, 'officer', `/api/supervisions/${order.supervision_id}/answer`, {
      text: '已补录受案登记',
      event_ids: [`closed-SUP-A`],
    });
    expect(ans.status, ans.text).toBe(200);
    expect(ans.json.state).toBe('answered');
    expect(ans.json.answers[0]).toMatchObject({ by: 'stn-officer', event_ids: ['closed-SUP-A'] });
  });

  it('the manager returns it with a note and a new deadline; the officer answers again; the manager accepts', async () => {
    const noNote = await post(city, 'manager', `/api/supervisions/${order.supervision_id}/review`, {
      decision: 'return',
    });
    expect(noNote.status).toBe(400);
    const ret = await post(city, 'manager', `/api/supervisions/${order.supervision_id}/review`, {
      decision: 'return',
      note: '未说明超期原因',
    });
    expect(ret.status, ret.text).toBe(200);
    expect(ret.json.state).toBe('returned');
    // 3 days from now, counted as holiday_end: at the end of a day at least as late as the first deadline.
    expect(Date.parse(ret.json.feedback_due_at)).toBeGreaterThanOrEqual(Date.parse(order.feedback_due_at));
    expect(Date.parse(ret.json.feedback_due_at)).toBeGreaterThan(Date.now() + 3 * 86_400_000 - 86_400_000);
    const again = await post(station, 'officer', `/api/supervisions/${order.supervision_id}/answer`, {
      text: '超期原因：值班民警漏录，已批评教育',
    });
    expect(again.json.state).toBe('answered');
    const accept = await post(city, 'manager', `/api/supervisions/${order.supervision_id}/review`, {
      decision: 'accept',
      note: '同意销号',
    });
    expect(accept.status, accept.text).toBe(200);
    expect(accept.json).toMatchObject({ state: 'closed' });
    expect(accept.json.closed_at).not.toBeNull();
  });

  it('the detail lists every step in order, the audit log has each action, viewers see no free text', async () => {
    await sys.engine!.settled();
    const d = await get<SupervisionDetail>(city, 'manager', `/api/supervisions/${order.supervision_id}`);
    expect(d.status).toBe(200);
    expect(d.json.history.map((h) => h.kind)).toEqual([
      'issued',
      'received',
      'answered',
      'returned',
      'answered',
      'closed',
    ]);
    expect(d.json.alerts.map((a) => a.alert_id).sort()).toEqual(
      [alerts[0]!.alert_id, alerts[1]!.alert_id].sort(),
    );
    const audit = await auditRows(sys, order.supervision_id);
    expect(audit.map((r) => `${r.action}:${r.outcome}`)).toEqual(
      expect.arrayContaining([
        'supervision_issue:ok',
        'supervision_receive:ok',
        'supervision_answer:ok',
        'supervision_review:ok',
      ]),
    );
    const v = await get<SupervisionDetail>(station, 'viewer', `/api/supervisions/${order.supervision_id}`);
    expect(v.json.instructions).toBe('');
    expect(v.json.answers.every((a) => a.text === '')).toBe(true);
    const other = await makePersonas(sys, '4502', 'other');
    const hidden = await get(other, 'manager', `/api/supervisions/${order.supervision_id}`);
    expect(hidden.status).toBe(403);
    const list = await get<{ supervisions: Supervision[] }>(other, 'manager', '/api/supervisions');
    expect(list.json.supervisions).toEqual([]);
  });
});

describe('deadlines and escalation', () => {
  let order: Supervision;

  it('an unreceived reminder escalates to the county, then the city, each its own SUP-OVERDUE alert', async () => {
    const res = await post(city, 'manager', '/api/supervisions', {
      alert_ids: [alerts[2]!.alert_id],
      unit_code: STATION,
      level: 'reminder',
      instructions: '请签收',
    });
    expect(res.status, res.text).toBe(201);
    order = res.json;
    const ids = [1, 2].map((k) => `SUP-OVERDUE:supervision_id:${order.supervision_id}.receive.${k}`);
    const raised = await until(
      async () => {
        const got = await sys.live.alerts.getMany(ids);
        return got.size === 2 ? [...got.values()] : null;
      },
      20_000,
      'two escalations',
    );
    const byK = new Map(raised.map((a) => [a.subject.escalation, a]));
    expect(byK.get(1)).toMatchObject({
      unit_code: COUNTY,
      severity: 'P2',
      state: 'open',
      title: '督办逾期未签收',
    });
    expect(byK.get(2)).toMatchObject({ unit_code: CITY, state: 'open' });
    const now = (await sys.live.supervisions.get(order.supervision_id))!;
    expect(now).toMatchObject({ overdue: 'receive', escalated_to: expect.stringMatching(/^45/) });
    expect(now.escalation).toBeGreaterThanOrEqual(2);
    // The station's officer does not see the county's alert; the city manager does.
    const stationList = await get<{ alerts: Alert[] }>(station, 'officer', '/api/alerts?state=active');
    expect(stationList.json.alerts.some((a) => a.rule_id === 'SUP-OVERDUE')).toBe(false);
    const cityList = await get<{ alerts: Alert[] }>(
      city,
      'manager',
      '/api/alerts?state=active&rule_id=SUP-OVERDUE',
    );
    expect(cityList.json.alerts.length).toBeGreaterThanOrEqual(2);
  });

  it('receiving it late resolves the escalations `late` and stops escalating', async () => {
    const r = await post(station, 'officer', `/api/supervisions/${order.supervision_id}/receive`);
    expect(r.json).toMatchObject({ state: 'received', overdue: 'none', escalation: 0 });
    const ids = [1, 2, 3].map((k) => `SUP-OVERDUE:supervision_id:${order.supervision_id}.receive.${k}`);
    const got = await sys.live.alerts.getMany(ids);
    for (const a of got.values())
      expect({ id: a.alert_id, state: a.state, resolution: a.resolution }).toEqual({
        id: a.alert_id,
        state: 'resolved',
        resolution: 'late',
      });
  });

  it('after FLUSHALL a rebuild from ClickHouse restores the same orders with the same seq', async () => {
    await sys.engine!.settled();
    const store = sys.live.supervisions;
    const before = await store.getMany(await store.ids({}));
    const seq = await sys.live.alerts.currentSeq();
    const redis = new Redis(sys.redis.options);
    try {
      await redis.flushall();
      const report = await rebuildFromClickHouse({
        redis,
        clickhouse: sys.clickhouse.client,
        rules: sys.rules,
        graceMs: 1_000,
        logger: silentLogger,
      });
      expect(report.supervisions).toBe(before.length);
    } finally {
      redis.disconnect();
    }
    const after = await store.getMany(await store.ids({}));
    expect(after).toEqual(before);
    expect(await sys.live.alerts.currentSeq()).toBe(seq);
    const open = await store.openOrderOf([alerts[2]!.alert_id]);
    expect(open.get(alerts[2]!.alert_id)).toBe(order.supervision_id);
    // Numbering carries on after the last order of the day, without gaps for refused orders (sessions lived in Redis: sign in again).
    city.token.manager = await city.fresh('manager');
    const next = await post(city, 'manager', '/api/supervisions', {
      alert_ids: [alerts[0]!.alert_id],
      unit_code: STATION,
      level: 'order',
      instructions: '再次督办',
    });
    expect(next.status, next.text).toBe(201);
    expect(Number(next.json.supervision_id.slice(-4))).toBe(before.length + 1);
  });
});
