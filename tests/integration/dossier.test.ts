/**
 * 一案一档 on the real system (embedded ClickHouse, Redis): events posted through the API are indexed by the
 * link index at ingest; the dossier of a case is exactly its component, the part outside the caller's scope
 * counted and never returned; the search finds link-key values by prefix and people by exact name, ID number or
 * phone, without ever answering with the person data itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dossier, SearchHit } from '../../common/dossier.js';
import type { PoliceEvent } from '../../common/events.js';
import { queryRows } from '../../common/node/clickhouse.js';
import type { OfficerFile } from '../../common/officer-file.js';
import type { Supervision } from '../../common/supervision.js';
import { DossierService } from '../../server/services/dossier/dossier-service.js';
import { scopedEvents } from '../../server/services/scoped-events.js';
import { RULES } from '../unit/engine-helpers.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import {
  adminToken,
  call,
  eventCount,
  hoursAgo,
  makePersonas,
  postEvents,
  until,
} from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';

let sys: TestSystem;
let p: Personas;
let admin: string;

const ev = (id: string, type: string, unit: string, h: number, links: object, attrs = {}): PoliceEvent =>
  ({ event_id: id, type, occurred_at: hoursAgo(h), unit_code: unit, attrs, ...links }) as PoliceEvent;

const IN = '450102000000';
const OUT = '450202000000';
/** Case DA45010001 (4501): incident → case → suspect P1 (detained) → seized item; P1 also in a 4502 case. */
const EVENTS: PoliceEvent[] = [
  ev('d-inc', 'incident.reported', IN, 50, { incident_id: 'DJ45010001' }, { category: 'criminal' }),
  ev(
    'd-reg',
    'case.registered',
    IN,
    49,
    { incident_id: 'DJ45010001', case_id: 'DA45010001' },
    { case_kind: 'criminal' },
  ),
  ev(
    'd-det',
    'measure.detention',
    IN,
    48,
    { case_id: 'DA45010001', person_id: 'DP1', officer_ids: ['OF1'] },
    {
      person_name: '韦某某',
      id_number: '450102199001011234',
      phone: '13800000001',
    },
  ),
  ev('d-seize', 'property.seized', IN, 47, { case_id: 'DA45010001', item_id: 'DW1', auxiliary_ids: ['OF1'] }),
  ev('d-store', 'property.stored', IN, 46, { item_id: 'DW1' }),
  // The same person in a case of another city: part of the component, outside a 4501 officer's scope.
  ev('o-reg', 'case.registered', OUT, 40, { case_id: 'DA45020009' }, { case_kind: 'criminal' }),
  ev('o-det', 'measure.detention', OUT, 39, {
    case_id: 'DA45020009',
    person_id: 'DP1',
    officer_ids: ['OF1'],
  }),
  // Not connected.
  ev('x-inc', 'incident.reported', IN, 30, { incident_id: 'DJ45019999' }, { category: 'dispute' }),
];

beforeAll(async () => {
  sys = await startTestSystem();
  p = await makePersonas(sys, '4501', 'dos');
  admin = await adminToken(sys);
  await postEvents(sys, EVENTS);
  await until(async () => (await eventCount(sys)) >= EVENTS.length, 60_000, 'events stored');
}, 120_000);
afterAll(async () => {
  await sys?.cleanup();
});

async function dossier(token: string | undefined, key: string, value: string): Promise<Dossier> {
  const res = await call<Dossier>(sys.url, 'GET', `/api/dossier?key=${key}&value=${value}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

describe('GET /api/dossier', () => {
  it('is the case’s whole component for a user who sees every unit', async () => {
    const d = await dossier(admin, 'case_id', 'DA45010001');
    expect(d.events.map((e) => e.event_id)).toEqual([
      'd-inc',
      'd-reg',
      'd-det',
      'd-seize',
      'd-store',
      'o-reg',
      'o-det',
    ]);
    expect(d.hidden).toBe(0);
    expect(d.truncated).toBe(false);
    expect(d.root).toEqual({ key: 'case_id', value: 'DA45010001' });
  });

  it('leaves out and counts the other city’s events for an officer of 4501', async () => {
    const d = await dossier(p.token.officer, 'case_id', 'DA45010001');
    expect(d.events.map((e) => e.event_id)).toEqual(['d-inc', 'd-reg', 'd-det', 'd-seize', 'd-store']);
    expect(d.hidden).toBe(2);
    expect(JSON.stringify(d)).not.toContain('DA45020009');
    // Officers see person data of their own units' events unmasked (masking is for viewers).
    expect(d.events.find((e) => e.event_id === 'd-det')?.attrs).toMatchObject({ person_name: '韦某某' });
  });

  it('re-rooted on the seized item or the incident, it is the same component', async () => {
    for (const [key, value] of [
      ['item_id', 'DW1'],
      ['incident_id', 'DJ45010001'],
      ['person_id', 'DP1'],
    ] as const) {
      const d = await dossier(p.token.officer, key, value);
      expect(d.events.map((e) => e.event_id).sort(), `${key}=${value}`).toEqual(
        ['d-det', 'd-inc', 'd-reg', 'd-seize', 'd-store'].sort(),
      );
      expect(d.hidden).toBe(2);
    }
  });

  it('refuses viewers, and a key that is not a link key', async () => {
    const v = await call(sys.url, 'GET', '/api/dossier?key=case_id&value=DA45010001', {
      token: p.token.viewer,
    });
    expect(v.status).toBe(403);
    const bad = await call(sys.url, 'GET', '/api/dossier?key=attrs&value=x', { token: p.token.officer });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('invalid_query');
  });
});

async function search(token: string | undefined, q: string): Promise<SearchHit[]> {
  const res = await call<{ results: SearchHit[] }>(sys.url, 'GET', `/api/search?q=${encodeURIComponent(q)}`, {
    token,
  });
  expect(res.status, res.text).toBe(200);
  return res.json.results;
}

describe('GET /api/search', () => {
  it('finds case and incident numbers by prefix, in scope only', async () => {
    const hits = await search(p.token.officer, 'DA450');
    expect(hits.map((h) => `${h.key}=${h.value}`)).toEqual(['case_id=DA45010001']);
    expect(hits[0]).toMatchObject({ unit_code: IN, events: 3, matched: 'prefix' }); // reg, detention, seizure
    expect((await search(admin, 'DA450')).map((h) => h.value).sort()).toEqual(['DA45010001', 'DA45020009']);
  });

  it('needs four characters for a prefix', async () => {
    expect(await search(admin, 'DA4')).toEqual([]);
  });

  it('finds a person by exact name, ID number or phone and answers with the person’s link key only', async () => {
    for (const [q, field] of [
      ['韦某某', 'person_name'],
      ['450102199001011234', 'id_number'],
      ['13800000001', 'phone'],
    ] as const) {
      const hits = await search(p.token.manager, q);
      expect(hits, q).toEqual([
        expect.objectContaining({ key: 'person_id', value: 'DP1', matched: field, events: 1 }),
      ]);
      expect(JSON.stringify(hits)).not.toContain(q);
    }
    expect(await search(p.token.manager, '韦某')).toEqual([]); // a name matches only whole
  });

  it('refuses viewers', async () => {
    const v = await call(sys.url, 'GET', '/api/search?q=DA450', { token: p.token.viewer });
    expect(v.status).toBe(403);
  });
});

describe('GET /api/officers/:officer_id', () => {
  /** The ledger's obligations triggered by these events, as an independent reader counts them. */
  async function ledger(triggers: string[]) {
    await until(
      async () => {
        const [r] = await queryRows<{ n: string }>(
          sys.clickhouse.client,
          'SELECT uniqExact(trigger_event_id) AS n FROM obligations FINAL WHERE trigger_event_id IN {t:Array(String)}',
          { t: triggers },
        );
        return Number(r?.n) === triggers.length;
      },
      60_000,
      'obligations of the triggers in the ledger',
    );
    return queryRows<{ rule_id: string; kind: string; status: string }>(
      sys.clickhouse.client,
      `SELECT rule_id, kind, status FROM obligations FINAL
       WHERE trigger_event_id IN {t:Array(String)} AND due_at <= now64(3)`,
      { t: triggers },
    );
  }

  it('counts the obligations whose trigger names the officer (民警 or 辅警), in the manager’s scope', async () => {
    const rows = await ledger(['d-det', 'd-seize']);
    const res = await call<OfficerFile>(sys.url, 'GET', '/api/officers/OF1', { token: p.token.manager });
    expect(res.status, res.text).toBe(200);
    const f = res.json;
    const deadline = rows.filter((r) => r.kind === 'deadline');
    expect(f.totals.due).toBe(deadline.length);
    expect(f.totals.on_time).toBe(deadline.filter((r) => r.status === 'on_time').length);
    expect(f.totals.late + f.totals.overdue_open).toBe(
      deadline.filter((r) => r.status === 'late' || r.status === 'pending').length,
    );
    expect(f.totals.conditions).toBe(rows.length - deadline.length);
    expect(f.by_rule.map((r) => r.rule_id)).toEqual([...new Set(rows.map((r) => r.rule_id))].sort());
    expect(f.totals.due).toBeGreaterThan(0);
    expect(f.totals.on_time_rate).toBe(f.totals.on_time / f.totals.due);
    for (const r of f.by_rule) expect(r.on_time_rate).toBe(r.due > 0 ? r.on_time / r.due : null);
  });

  it('includes the other city’s obligations only for a reader who sees them', async () => {
    const everywhere = await ledger(['d-det', 'd-seize', 'o-det']);
    const res = await call<OfficerFile>(sys.url, 'GET', '/api/officers/OF1', { token: admin });
    expect(res.status, res.text).toBe(200);
    const f = res.json;
    expect(f.totals.due + f.totals.conditions).toBe(everywhere.length);
    const mine = await call<OfficerFile>(sys.url, 'GET', '/api/officers/OF1', { token: p.token.manager });
    expect(mine.json.totals.due + mine.json.totals.conditions).toBeLessThan(everywhere.length);
  });

  it('is for managers and admins; an officer of the same unit is refused', async () => {
    const res = await call(sys.url, 'GET', '/api/officers/OF1', { token: p.token.officer });
    expect(res.status).toBe(403);
  });
});

describe('a dossier over its bound', () => {
  it('keeps the events nearest the root and exactly the latest obligations they triggered', async () => {
    const orders = { forAlerts: async () => new Map<string, Supervision>() };
    const small = new DossierService(
      sys.clickhouse.client,
      scopedEvents(sys.clickhouse.client),
      sys.live.alerts,
      orders,
      RULES,
      3,
    );
    const d = await small.dossier({ key: 'case_id', value: 'DA45010001' }, { role: 'admin', scope: '' });
    expect(d.truncated).toBe(true);
    expect(d.events.map((e) => e.event_id).sort()).toEqual(['d-det', 'd-reg', 'd-seize']);
    const kept = d.events.map((e) => e.event_id);
    const expected = await queryRows<{ obligation_id: string; status: string }>(
      sys.clickhouse.client,
      `SELECT obligation_id, status FROM obligations FINAL WHERE trigger_event_id IN {t:Array(String)}
       ORDER BY obligation_id`,
      { t: kept },
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(
      d.obligations
        .map((o) => ({ obligation_id: o.obligation_id, status: o.status }))
        .sort((a, b) => a.obligation_id.localeCompare(b.obligation_id)),
    ).toEqual(expected);
  });
});
