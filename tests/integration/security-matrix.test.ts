/**
 * The security matrix of the real system (startTestSystem: real Redis, embedded ClickHouse, the engine).
 * Scope filtering of every REST payload that carries events or alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetail } from '../../common/api.js';
import type { PoliceEvent } from '../../common/events.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import {
  adminToken,
  alertIdOf,
  call,
  hoursAgo,
  makePersonas,
  overdueIncident,
  postEvents,
  raiseAlerts,
  until,
} from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';

const IN = '450103520000';
const OUT = '450203520000';
/** Personal data of a person recorded in both cities (person ids are shared across units). */
const PERSONAL_IN = { person_name: '张三', id_number: '450103199001011234', phone: '13812345678' };
const PERSONAL_OUT = { person_name: '李四', id_number: '450203198505056789', phone: '13998765432' };

let sys: TestSystem;
let p: Personas;
let root: string;

/** 4501's incident names person P-SHARED; 4502 took the same person into its questioning area. */
function sharedPerson(): PoliceEvent[] {
  return [
    { ...overdueIncident('SM-shared', IN, PERSONAL_IN), person_id: 'P-SHARED' },
    {
      event_id: 'sm-out-area',
      type: 'area.entered',
      occurred_at: hoursAgo(20),
      unit_code: OUT,
      person_id: 'P-SHARED',
      stay_id: 'S-OUT',
      attrs: { basis: 'criminal_summons', ...PERSONAL_OUT },
    },
  ];
}

async function stored(eventIds: string[]): Promise<void> {
  await until(
    async () => {
      const [r] = await queryRows<{ n: string }>(
        sys.clickhouse.client,
        'SELECT uniqExact(event_id) AS n FROM events WHERE event_id IN {ids:Array(String)}',
        { ids: eventIds },
      );
      return Number(r?.n) === eventIds.length;
    },
    30_000,
    'events stored',
  );
}

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1' });
  p = await makePersonas(sys, '4501', 'sm');
  root = await adminToken(sys);
  await raiseAlerts(sys, [{ incident: 'SM-out', unit: OUT }]);
  await postEvents(sys, sharedPerson());
  await until(async () => (await sys.live.alerts.get(alertIdOf('SM-shared')))?.stage === 'overdue');
  await stored(['closed-SM-shared', 'sm-out-area']);
});
afterAll(async () => {
  await sys?.cleanup();
});

describe('scope filtering of events', () => {
  const detail = (token: string | undefined) =>
    call<AlertDetail>(sys.url, 'GET', `/api/alerts/${encodeURIComponent(alertIdOf('SM-shared'))}`, {
      token,
    });

  it("leaves another unit's events out of an alert's evidence, says how many, masks for viewers", async () => {
    for (const persona of ['viewer', 'officer', 'manager', 'admin'] as const) {
      const res = await detail(p.token[persona]);
      expect(res.status, res.text).toBe(200);
      expect(res.json.evidence.map((e) => e.event_id)).toEqual(['closed-SM-shared']);
      expect(res.json.evidence_hidden, persona).toBe(1);
      for (const secret of Object.values(PERSONAL_OUT)) expect(res.text).not.toContain(secret);
      const attrs = res.json.evidence[0]?.attrs;
      if (persona === 'viewer') {
        expect(attrs).toMatchObject({
          person_name: '张*',
          id_number: '4501**********1234',
          phone: '138****5678',
        });
        for (const secret of Object.values(PERSONAL_IN)) expect(res.text).not.toContain(secret);
      } else expect(attrs).toMatchObject(PERSONAL_IN);
    }
    // The province-wide admin sees both, nothing hidden.
    const all = await detail(root);
    expect(all.json.evidence.map((e) => e.event_id).sort()).toEqual(['closed-SM-shared', 'sm-out-area']);
    expect(all.json.evidence_hidden).toBe(0);
  });
});
