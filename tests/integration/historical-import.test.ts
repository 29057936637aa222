/**
 * CONTRACT §6.4 on the real system (Redis, embedded ClickHouse, the engine, HTTP and Socket.IO): San Diego
 * 2023 calls imported while Vigil runs with live Guangxi alerts. The live picture — summary tiles, the active
 * list, the default list, the city rows, pushes and resumes — is unchanged; `historical=true` lists exactly the
 * imported violations; the 2023 trends count them; an automatic-order policy that orders every live P1 and P2 at
 * once issues none for them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import type {
  AlertsResponse,
  SummaryResponse,
  TrendsResponse,
  UnitsStatsResponse,
} from '../../common/api.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { importFile } from '../../ingest/importer/import-file.js';
import { loadMapping } from '../../ingest/importer/mapping.schema.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { adminToken, alertIdOf, call, raiseAlerts, until } from '../helpers/live-system.js';
import { connectSocket, resume } from '../helpers/live-socket.js';
import type { ClientSocket } from '../helpers/live-socket.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CSV = path.resolve(ROOT, '../shared/data/sdpd-calls-2023/sd_pd_calls_for_service_2023_ytd.csv');
const present = fs.existsSync(CSV);
if (!present) console.warn(`skipping the historical import test: ${CSV} is not present`);
/** The first rows of the 2023 file (January): enough violations, a short run on a shared machine. */
const ROWS = 2_000;

let sys: TestSystem;
let token: string;
let socket: ClientSocket;
const pushed: Alert[] = [];
const dir = tempDir('historical');

const get = async <T>(route: string): Promise<T> => {
  const r = await call<T>(sys.url, 'GET', route, { token });
  expect(r.status, r.text).toBe(200);
  return r.json;
};
const WEEK = `from=${new Date(Date.now() - 7 * 86_400_000).toISOString()}&to=${new Date().toISOString()}`;
/** What the wall and the duty console show: tiles, the active queue, the default list, the city rows. */
async function livePicture() {
  const s = await get<SummaryResponse>('/api/stats/summary');
  // compliance (a 30-s ledger snapshot over 7 days) and new_today (the marker may be due today) aside
  const tiles = { active: s.active, due_soon: s.due_soon, held: s.held, resolved_today: s.resolved_today };
  const ids = (r: AlertsResponse) => r.alerts.map((a) => a.alert_id).sort();
  return {
    tiles,
    active: ids(await get<AlertsResponse>('/api/alerts?state=active&limit=20000')),
    list: ids(await get<AlertsResponse>('/api/alerts?limit=20000')),
    cities: (await get<UnitsStatsResponse>(`/api/stats/units?level=city&${WEEK}`)).units.map((u) => [
      u.code,
      u.active,
    ]),
  };
}

/** The shipped 督办 file with one policy: every P1 or P2 violation unacknowledged for a second gets an order. */
function eagerPolicies(): string {
  const shipped = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'alerts/rules/default-supervision.json'), 'utf8'),
  );
  const file = path.join(dir, 'supervision.json');
  const policy = {
    id: 'eager',
    when: { severity: ['P1', 'P2'], unacknowledged_for: '1s' },
    level: 'reminder',
    to: 'alert_unit',
  };
  fs.writeFileSync(file, JSON.stringify({ ...shipped, policies: [policy] }));
  return file;
}

beforeAll(async () => {
  if (!present) return;
  sys = await startTestSystem({
    ALERT_GRACE_SECONDS: '1',
    RECONCILE_INTERVAL_SECONDS: '0',
    SUPERVISION_FILE: eagerPolicies(),
    UNITS_FILE: path.join(ROOT, 'ingest/mappings/sdpd-units.json'),
  });
  token = await adminToken(sys);
  await raiseAlerts(sys, [
    { incident: 'GX-LIVE-1', unit: '450103520000' },
    { incident: 'GX-LIVE-2', unit: '450202520000' },
  ]);
  await sys.engine!.settled();
}, 120_000);
afterAll(async () => {
  socket?.close();
  await sys?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

it.skipIf(!present)(
  'import of 2023 calls while running: live picture unchanged, listed under historical=true, counted in 2023 trends',
  async () => {
    const before = await livePicture();
    expect(before.active).toEqual([alertIdOf('GX-LIVE-1'), alertIdOf('GX-LIVE-2')]);
    const { seq: since } = await get<AlertsResponse>('/api/alerts?state=active');
    socket = await connectSocket(sys.url, token);
    socket.on('alert:changed', (a) => pushed.push(a));

    const slice = path.join(dir, 'sdpd-jan.csv');
    fs.writeFileSync(
      slice,
      fs
        .readFileSync(CSV, 'utf8')
        .split('\n')
        .slice(0, ROWS + 1)
        .join('\n') + '\n',
    );
    const summary = await importFile({
      file: slice,
      mapping: await loadMapping(path.join(ROOT, 'ingest/mappings/sdpd-calls-2023.json')),
      sink: sys.ingest.sink,
      rejectsPath: path.join(dir, 'rejects.ndjson'),
    });
    expect(summary).toMatchObject({ rows: ROWS, importedRows: ROWS, rejectedRows: 0 });
    await sys.ingest.drained();
    await sys.engine!.settled();
    // A live violation after the import: its push comes after any push of the import (seq order).
    const [marker] = await raiseAlerts(sys, [{ incident: 'GX-LIVE-3', unit: '450103520000' }]);
    await sys.engine!.settled();

    // The violations of the import, as the ledger derived them: every one is a historical alert.
    const [ledger] = await queryRows<{ n: string }>(
      sys.clickhouse.client,
      `SELECT count() AS n FROM obligations FINAL
       WHERE startsWith(unit_code, '06') AND status IN ('pending', 'late', 'violation')`,
    );
    const violations = Number(ledger?.n);
    expect(violations).toBeGreaterThan(50);
    const historical = (await get<AlertsResponse>('/api/alerts?historical=true&limit=20000')).alerts;
    expect(historical).toHaveLength(violations);
    expect(historical.every((a) => a.historical === true && a.unit_code.startsWith('0673'))).toBe(true);
    expect(historical.every((a) => a.due_at.startsWith('2023-'))).toBe(true);
    // no case is ever registered in the calls data: every R-INC-01 stays open, and still is not live
    expect(new Set(historical.map((a) => `${a.rule_id} ${a.state}`))).toEqual(new Set(['R-INC-01 open']));
    const openOnes = (await get<AlertsResponse>('/api/alerts?historical=true&state=active&limit=20000'))
      .alerts;
    expect(openOnes).toHaveLength(historical.length);

    // The live picture: as before, plus the marker alone.
    const after = await livePicture();
    expect(after.tiles).toEqual({
      ...before.tiles,
      active: {
        ...before.tiles.active,
        P1: before.tiles.active.P1 + 1,
        total: before.tiles.active.total + 1,
      },
    });
    expect(after.active).toEqual([...before.active, marker!.alert_id].sort());
    expect(after.list).toEqual([...before.list, marker!.alert_id].sort());
    expect(after.cities).toEqual(
      before.cities.map(([c, n]) => [c, c === '450100000000' ? Number(n) + 1 : n]),
    );
    expect(pushed.map((a) => a.alert_id)).toEqual([marker!.alert_id]);
    const resumed = await resume(socket, since);
    expect(resumed.ok && resumed.alerts.map((a) => a.alert_id)).toEqual([marker!.alert_id]);

    // Compliance figures count them: the 2023 trends raise exactly the historical violations due then.
    const trends = await get<TrendsResponse>(
      '/api/stats/trends?bucket=day&from=2023-01-01T00:00:00Z&to=2023-03-01T00:00:00Z&unit=06',
    );
    const counted = historical.filter((a) => a.stage === 'overdue' && a.resolution !== 'on_time').length;
    expect(trends.points.reduce((n, p) => n + p.raised, 0)).toBe(counted);
    expect(counted).toBeGreaterThan(50);

    // Never in automatic orders: the eager policy ordered each live alert, and none of the imported ones.
    const orders = await until(
      async () => {
        const r = await get<{ supervisions: { unit_code: string; alert_ids: string[] }[] }>(
          '/api/supervisions?limit=1000',
        );
        return r.supervisions.length >= 3 ? r.supervisions : null;
      },
      60_000,
      'the automatic orders of the live alerts',
    );
    await until(async () => {
      const next = await sys.engine!.engine.nextWakeAt();
      return next === null || next > Date.now(); // every wake-up due has been taken
    });
    expect(orders.flatMap((o) => o.alert_ids).sort()).toEqual(after.active);
    const all = await get<{ supervisions: { unit_code: string }[] }>('/api/supervisions?limit=1000');
    expect(all.supervisions.filter((o) => o.unit_code.startsWith('06'))).toEqual([]);
  },
  600_000,
);
