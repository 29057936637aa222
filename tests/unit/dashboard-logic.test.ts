import { describe, expect, it } from 'vitest';
import { ApiError, buildQuery, createApiClient } from '../../dashboard/src/api/client.js';
import { buildTimeline, eventPeople } from '../../dashboard/src/lib/evidence.js';
import { landingPath, mayOpen } from '../../dashboard/src/lib/roles.js';
import { ancestry, drillTarget, levelBelow, rangeWindow } from '../../dashboard/src/views/trends/drill.js';
import {
  BREAKDOWN_MIN_GAP_MS,
  breakdownBehind,
  breakdownLevel,
} from '../../dashboard/src/views/wall/breakdown.js';
import { alert } from '../../dashboard/tests/fixtures.js';

describe('roles, drill-down and the wall breakdown', () => {
  it('lands each role on its page and guards the others', () => {
    expect(landingPath('viewer')).toBe('/wall');
    expect(landingPath('officer')).toBe('/duty');
    expect(landingPath('manager')).toBe('/trends');
    expect(landingPath('admin')).toBe('/trends');
    expect(mayOpen('viewer', 'duty')).toBe(false);
    expect(mayOpen('officer', 'trends')).toBe(false);
    expect(mayOpen('manager', 'duty')).toBe(true);
  });
  it('drills province → city → county → station → alerts', () => {
    expect(['', '45', '4501', '450103', '450103520000'].map(levelBelow)).toEqual([
      'province',
      'city',
      'county',
      'station',
      'alerts',
    ]);
    expect(ancestry('450103520000')).toEqual(['45', '4501', '450103', '450103520000']);
    expect(drillTarget('4501', 'city')).toBe('4501');
    expect(drillTarget('450103520000', 'station')).toBe('450103520000');
    expect(breakdownLevel('')).toBe('city');
    expect(breakdownLevel('4501')).toBe('county');
    const w = rangeWindow('24h', Date.parse('2026-11-26T00:00:00Z'));
    expect(w).toEqual({ from: '2026-11-25T00:00:00.000Z', to: '2026-11-26T00:00:00.000Z', bucket: 'hour' });
  });
});

describe('wall breakdown refresh', () => {
  const f = (due: number, on_time: number) => ({ due, on_time });
  it('fetches the per-unit chart again at once when it is empty and the tile has obligations', () => {
    expect(breakdownBehind(f(0, 0), f(120, 110), 0, 1_000)).toBe(true);
    expect(breakdownBehind(null, f(120, 110), 0, 0)).toBe(true); // fetched before any summary came
    expect(breakdownBehind(null, f(0, 0), 0, 0)).toBe(false); // nothing due: empty is right
  });
  it('otherwise only when the figures moved, at most every BREAKDOWN_MIN_GAP_MS', () => {
    expect(breakdownBehind(f(120, 110), f(120, 110), 0, 10 * BREAKDOWN_MIN_GAP_MS)).toBe(false);
    expect(breakdownBehind(f(120, 110), f(121, 110), 14, BREAKDOWN_MIN_GAP_MS - 1)).toBe(false);
    expect(breakdownBehind(f(120, 110), f(121, 110), 14, BREAKDOWN_MIN_GAP_MS)).toBe(true);
    expect(breakdownBehind(f(120, 110), null, 14, BREAKDOWN_MIN_GAP_MS)).toBe(false);
  });
});

describe('evidence timeline', () => {
  const base = alert({
    alert_id: 'R-INC-01:incident_id:J1',
    seq: 3,
    trigger_event_id: 'e1',
    due_at: '2026-11-26T01:00:00.000Z',
  });
  const trigger = {
    event_id: 'e1',
    type: 'incident.closed' as const,
    occurred_at: '2026-11-25T01:00:00.000Z',
    unit_code: '450103520000',
  };
  it('shows trigger, deadline and what is missing, with the lifecycle in time order', () => {
    const items = buildTimeline(
      {
        ...base,
        evidence: [trigger],
        evidence_hidden: 0,
        history: [{ alert_id: base.alert_id, kind: 'raised', at: '2026-11-26T01:01:00.000Z', alert: base }],
      },
      Date.parse('2026-11-26T02:00:00Z'),
    );
    expect(items.map((i) => i.kind)).toEqual(['trigger', 'missing', 'raised']);
    expect(items[0]).toMatchObject({ zh: '处警反馈/结警', en: 'Incident closed' });
  });
  it('shows the satisfier and how late it was', () => {
    const sat = {
      event_id: 'e2',
      type: 'case.registered' as const,
      occurred_at: '2026-11-26T03:00:00.000Z',
      unit_code: '450103520000',
    };
    const items = buildTimeline(
      { ...base, satisfied_by_event_id: 'e2', evidence: [sat, trigger], evidence_hidden: 0, history: [] },
      0,
    );
    expect(items.map((i) => i.kind)).toEqual(['trigger', 'deadline', 'satisfier']);
    expect(items[2]?.lateMs).toBe(2 * 3_600_000);
  });
  it('names v2 events in Chinese and English, and lists 民警 and 辅警 apart', () => {
    const arrest = {
      event_id: 'e3',
      type: 'measure.arrest' as const,
      occurred_at: '2026-11-25T02:00:00.000Z',
      unit_code: '450103520000',
      person_id: 'X1',
      case_id: 'C1',
      officer_ids: ['P1', 'P2'],
      auxiliary_ids: ['F1'],
    };
    const waived = { ...arrest, event_id: 'e4', type: 'family.notice_waived' as const };
    const items = buildTimeline(
      { ...base, evidence: [trigger, arrest, waived], evidence_hidden: 0, history: [] },
      0,
    );
    expect(items.filter((i) => i.kind === 'event').map((i) => [i.zh, i.en])).toEqual([
      ['逮捕（执行）', 'Arrested'],
      ['无法通知/有碍侦查不通知（审批）', 'Family notice waived (approved)'],
    ]);
    expect(eventPeople(arrest)).toEqual([
      { field: 'officer_ids', ids: ['P1', 'P2'] },
      { field: 'auxiliary_ids', ids: ['F1'] },
    ]);
    expect(eventPeople({ ...arrest, officer_ids: [], auxiliary_ids: undefined })).toEqual([]);
  });
});

describe('API client', () => {
  it('builds queries from defined values only', () => {
    expect(buildQuery({ state: 'active', unit: undefined, limit: 20000, rule_id: '' })).toBe(
      '?state=active&limit=20000',
    );
    expect(buildQuery({})).toBe('');
  });
  it('sends the bearer token, signs out on 401 and reads Retry-After on 429', async () => {
    let unauthorized = 0;
    const seen: string[] = [];
    const replies = [
      new Response(JSON.stringify({ alerts: [], seq: 0 }), { status: 200 }),
      new Response(JSON.stringify({ error: 'invalid token', code: 'invalid_token' }), { status: 401 }),
      new Response(JSON.stringify({ error: 'too many', code: 'rate_limited', retry_after_seconds: 42 }), {
        status: 429,
      }),
    ];
    const client = createApiClient({
      getToken: () => 'tok',
      onUnauthorized: () => (unauthorized += 1),
      fetch: async (_url, init) => {
        seen.push(String((init?.headers as Record<string, string>).authorization));
        return replies.shift() as Response;
      },
    });
    await expect(client.get('/api/alerts', { state: 'active' })).resolves.toEqual({ alerts: [], seq: 0 });
    await expect(client.get('/api/alerts')).rejects.toMatchObject({
      status: 401,
      code: 'invalid_token',
      message: 'invalid token',
    });
    const err = await client.post('/api/auth/login', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).retryAfterSeconds).toBe(42);
    expect((err as ApiError).code).toBe('rate_limited');
    expect(unauthorized).toBe(1);
    expect(seen).toEqual(['Bearer tok', 'Bearer tok', 'Bearer tok']);
  });
  it('reports an unreachable server as status 0', async () => {
    const client = createApiClient({
      getToken: () => null,
      fetch: async () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(client.get('/api/health')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
