/**
 * Data for the dashboard's end-to-end test, made through the real system: overdue incidents posted as
 * events (the engine raises the alerts exactly as in production), kiosk tokens and truth from the API.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Alert } from '../../common/alerts.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { alertIdOf, call, overdueIncident, postEvents, until } from '../helpers/live-system.js';
import type { TestSystem } from '../helpers/system.js';

export const STATION = '450103520000';

/** Guangxi's units directory written to `dir` as a UNITS_FILE (as an installation loads its own); its path. */
export function writeGuangxiUnits(dir: string): string {
  const file = path.join(dir, 'units.json');
  fs.writeFileSync(file, JSON.stringify(guangxiUnits()));
  return file;
}

/** A viewer's long-lived wall token (POST /api/users/:name/kiosk-tokens, admin). */
export async function kioskToken(sys: TestSystem, admin: string, username: string): Promise<string> {
  const res = await call<{ token: string }>(sys.url, 'POST', `/api/users/${username}/kiosk-tokens`, {
    token: admin,
    body: {},
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`kiosk token: ${res.status} ${res.text}`);
  return res.json.token;
}

/** Active alerts as the API reports them to `token`, counted the way the wall's tiles count them. */
export async function activeCounts(sys: TestSystem, token: string) {
  const res = await call<{ alerts: Alert[] }>(sys.url, 'GET', '/api/alerts?state=active&limit=20000', {
    token,
  });
  const c = { P1: 0, P2: 0, P3: 0, dueSoon: 0, total: res.json.alerts.length };
  for (const a of res.json.alerts) {
    if (a.stage === 'due_soon') c.dueSoon += 1;
    else if (a.severity !== 'P4') c[a.severity] += 1;
  }
  return c;
}

/** Posts overdue criminal incidents (R-INC-01, P1) and waits until every alert is raised. */
export async function raiseMany(
  sys: TestSystem,
  items: { incident: string; unit: string; nature?: string }[],
  timeoutMs = 240_000,
): Promise<void> {
  await postEvents(
    sys,
    items.map((i) => overdueIncident(i.incident, i.unit, i.nature ? { nature: i.nature } : {})),
  );
  const store = sys.live.alerts;
  const ids = items.map((i) => alertIdOf(i.incident));
  let pending = ids;
  await until(
    async () => {
      const got = await store.getMany(pending);
      pending = pending.filter((id) => got.get(id)?.stage !== 'overdue');
      return pending.length === 0;
    },
    timeoutMs,
    `${ids.length} alerts raised`,
  );
}

/** `n` incidents spread over the directory's stations, a quarter public-order (P2), the rest criminal (P1). */
export function spreadIncidents(
  n: number,
  tag: string,
): { incident: string; unit: string; nature: string }[] {
  const stations = guangxiUnits().filter((u) => u.level === 'station');
  return Array.from({ length: n }, (_, i) => ({
    incident: `${tag}-${String(i).padStart(5, '0')}`,
    unit: stations[i % stations.length]!.code,
    nature: i % 4 === 0 ? 'public_order' : 'criminal',
  }));
}
