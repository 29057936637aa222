/**
 * Source health end to end on real Redis and embedded ClickHouse, in real time with short
 * thresholds: the case system goes silent, incidents whose registration is overdue arrive and are held (never
 * open), the outage alert is raised; the case system comes back with its backlog: the on-time registration
 * resolves its alert `on_time` without it ever being open, the late one `late`, the missing one is raised
 * after the catch-up window; transitions are recorded in ClickHouse and shown by GET /api/sources.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { SourcesResponse } from '../../common/sources.js';
import { SOURCE_OUTAGE_RULE_ID } from '../../common/sources.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { until } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

let sys: TestSystem;
let admin: string;
const published: AlertChange[] = [];
const TOKEN = 'test-ingest-token-0123456789';

beforeAll(async () => {
  const dir = tempDir('sources');
  const file = path.join(dir, 'sources.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      sources: [
        { id: '110', name: '110接处警系统', types: ['incident.*'] },
        {
          id: 'case',
          name: '案件管理系统',
          types: ['case.*'],
          expect: { late_after: '2s', silent_after: '4s' },
          catch_up: '4s',
        },
      ],
    }),
  );
  sys = await startTestSystem(
    { ALERT_GRACE_SECONDS: '1', SOURCES_FILE: file },
    { onAlertChanges: (c) => published.push(...c) },
  );
  const login = await fetch(`${sys.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'test-admin-password' }),
  });
  admin = ((await login.json()) as { token: string }).token;
}, 60_000);
let beating: ReturnType<typeof setInterval> | undefined;
afterAll(async () => {
  clearInterval(beating);
  await sys?.cleanup();
});

const hoursAgo = (h: number): string => new Date(Date.now() - h * 3_600_000).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const heartbeat = (body: unknown, token = TOKEN) =>
  fetch(`${sys.url}/api/sources/case/heartbeat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
const sources = async (): Promise<SourcesResponse> =>
  (await (
    await fetch(`${sys.url}/api/sources`, { headers: { authorization: `Bearer ${admin}` } })
  ).json()) as SourcesResponse;
const alert = (id: string): Promise<Alert | null> => sys.live.alerts.get(id);

it('validates heartbeats: token, source, body', async () => {
  expect((await heartbeat({ unit_prefix: '45' }, 'wrong-token-0123456789')).status).toBe(401);
  const unknown = await fetch(`${sys.url}/api/sources/nope/heartbeat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toEqual({
    error: expect.stringMatching(/known: 110, case/),
    code: 'not_found',
  });
  const bad = await heartbeat({ unit_prefix: 'x', extra: 1 });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { code: string }).code).toBe('invalid_body');
  expect((await heartbeat({})).status).toBe(400); // no partition known yet and none given
});

it('holds overdue alerts while the case system is silent, and judges them exactly once it is back', async () => {
  expect((await heartbeat({ unit_prefix: '45' })).status).toBe(202);
  const first = await sources();
  expect(first.sources.find((s) => s.key === 'case:45')).toMatchObject({ state: 'healthy', monitored: true });

  // silence: late after 2 s, silent after 4 s → the outage alert
  const outage = await until(async () =>
    (await sys.live.alerts.getMany(await sys.live.alerts.unresolvedIds())).size > 0
      ? [...(await sys.live.alerts.getMany(await sys.live.alerts.unresolvedIds())).values()].find(
          (a) => a.rule_id === SOURCE_OUTAGE_RULE_ID,
        )
      : null,
  );
  expect(outage).toMatchObject({ severity: 'P2', state: 'open', unit_code: '450000000000' });
  expect((await sources()).sources.find((s) => s.key === 'case:45')?.state).toBe('silent');

  // incidents closed 30 h ago: registration was due 6 h ago (R-INC-01, 24 h)
  const closed = (n: number) => ({
    event_id: `sh-closed-${n}`,
    type: 'incident.closed',
    occurred_at: hoursAgo(30),
    unit_code: '450103520000',
    incident_id: `SH-I${n}`,
    attrs: { nature: 'criminal' },
  });
  expect((await sys.post([closed(1), closed(2), closed(3)])).status).toBe(202);
  const ids = [1, 2, 3].map((n) => `R-INC-01:incident_id:SH-I${n}`);
  for (const id of ids) await until(async () => (await alert(id))?.state === 'held');
  await sleep(1_500); // held stays held while the source is silent
  for (const id of ids)
    expect(await alert(id)).toMatchObject({ state: 'held', held_by: 'case:45', stage: 'overdue' });
  const listed = await fetch(`${sys.url}/api/alerts?state=held`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(((await listed.json()) as { alerts: Alert[] }).alerts.map((a) => a.alert_id).sort()).toEqual(ids);
  expect((await sources()).sources.find((s) => s.key === 'case:45')?.held_alerts).toBe(3);
  const active = await fetch(`${sys.url}/api/alerts?state=active`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  const activeIds = ((await active.json()) as { alerts: Alert[] }).alerts.map((a) => a.alert_id);
  expect(activeIds).toContain(outage!.alert_id);
  for (const id of ids) expect(activeIds).not.toContain(id);
  const ack = await fetch(`${sys.url}/api/alerts/${encodeURIComponent(ids[0]!)}/ack`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(ack.status).toBe(409);
  expect(await ack.json()).toEqual({
    error: expect.stringMatching(/held while source case:45/),
    code: 'alert_held',
  });

  // back with its backlog: SH-I1 registered on time, SH-I2 late, SH-I3 never
  const registered = (n: number, h: number) => ({
    event_id: `sh-reg-${n}`,
    type: 'case.registered',
    occurred_at: hoursAgo(h),
    unit_code: '450103520000',
    incident_id: `SH-I${n}`,
    case_id: `SH-C${n}`,
    attrs: { case_kind: 'criminal' },
  });
  const backAt = Date.now();
  expect((await sys.post([registered(1, 10), registered(2, 1)])).status).toBe(202);
  // back for good: it heartbeats again, as a live system does
  beating = setInterval(() => void heartbeat({ unit_prefix: '45' }), 500);
  await until(async () => (await alert(ids[0]!))?.state === 'resolved');
  await until(async () => (await alert(ids[1]!))?.state === 'resolved');
  expect(await alert(ids[0]!)).toMatchObject({ resolution: 'on_time', satisfied_by_event_id: 'sh-reg-1' });
  expect(await alert(ids[1]!)).toMatchObject({ resolution: 'late', satisfied_by_event_id: 'sh-reg-2' });
  expect((await alert(ids[0]!))?.held_by).toBeUndefined();
  // the missing registration: raised once the catch-up window (4 s) has passed
  const raised = await until(async () => {
    const a = await alert(ids[2]!);
    return a?.state === 'open' ? a : null;
  });
  expect(Date.parse(raised.opened_at) - backAt).toBeGreaterThanOrEqual(3_000);
  const resolvedOutage = await until(async () => {
    const a = await alert(outage!.alert_id);
    return a?.state === 'resolved' ? a : null;
  });
  expect(resolvedOutage.resolution).toBe('late');
  clearInterval(beating);

  // never on the wall: no R-INC-01 change of SH-I1 had state open
  const seen = published.filter((c) => c.alert_id === ids[0]);
  expect(seen.map((c) => c.kind)).toEqual(['held', 'resolved']);
  expect(seen.some((c) => c.alert.state === 'open')).toBe(false);

  await sys.engine!.settled();
  const rows = await queryRows<{ state: string; previous: string }>(
    sys.clickhouse.client,
    "SELECT state, previous FROM source_events FINAL WHERE source_key = 'case:45' ORDER BY at",
  );
  expect(rows.map((r) => r.state)).toContain('silent');
  expect(rows[rows.length - 1]).toMatchObject({ state: 'healthy' });
  const after = (await sources()).sources.find((s) => s.key === 'case:45')!;
  expect(after).toMatchObject({ held_alerts: 0, name: '案件管理系统' });
  expect(after.last_event_at).not.toBeNull();
}, 90_000);
