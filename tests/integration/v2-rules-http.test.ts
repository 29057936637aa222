/**
 * End to end over HTTP with the real system (Redis, embedded ClickHouse, the engine runner): the chains of
 * tests/helpers/v2-chains.ts posted to POST /api/events raise exactly the alerts written out by hand, with
 * their legally counted due_at — and, with a CALENDAR_FILE lacking 2025, a 2025 due date is counted natural,
 * flagged `calendar_missing`, and /api/health reports the calendar degraded naming the year.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { until } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { V2_CHAINS, endOfDay } from '../helpers/v2-chains.js';

const shipped = JSON.parse(
  fs.readFileSync(new URL('../../alerts/rules/default-calendar.json', import.meta.url), 'utf8'),
) as { national: Record<string, unknown>; provinces: Record<string, Record<string, unknown>> };
/** The shipped calendar without 2025: a due date in 2025 needs a year it lacks. */
const without2025 = {
  national: { '2026': shipped.national['2026'] },
  provinces: { '45': { '2026': shipped.provinces['45']!['2026'] } },
};

/** Chains whose events have all happened (the API refuses events more than 5 minutes ahead). */
const past = V2_CHAINS.filter((c) => c.events.every((e) => Date.parse(e.occurred_at) < Date.now()));
const expected = past.flatMap((c) => c.expect);

let sys: TestSystem;
let calendarDir: string;
beforeAll(async () => {
  calendarDir = tempDir('calendar');
  const file = path.join(calendarDir, 'calendar.json');
  fs.writeFileSync(file, JSON.stringify(without2025));
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', CALENDAR_FILE: file });
}, 120_000);
afterAll(async () => {
  await sys?.cleanup();
  fs.rmSync(calendarDir, { recursive: true, force: true });
});

const missing2025 = {
  event_id: 'v2-http-2025',
  type: 'case.registered',
  occurred_at: '2025-09-29T07:00:00Z', // 15:00 Beijing; the 3rd day 10-02 was a holiday in 2025
  unit_code: '110105000000',
  case_id: 'C-2025',
  attrs: { case_kind: 'criminal' },
};

describe('v2 rules over HTTP', () => {
  it('every chain raises exactly its alerts, with the due time counted as the law does', async () => {
    const res = await sys.post([...past.flatMap((c) => c.events), missing2025]);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({
      accepted: past.flatMap((c) => c.events).length + 1,
      rejected: [],
    });
    const ids = expected.map((x) => x.alert_id);
    const alerts = await until(
      async () => {
        const got = await sys.live.alerts.getMany(ids);
        const settled = [...got.values()].filter((a) => a.stage === 'overdue');
        return settled.length === ids.length ? settled : null;
      },
      60_000,
      'the expected alerts',
    );
    await sys.engine!.settled();
    for (const x of expected) {
      const a = alerts.find((y) => y.alert_id === x.alert_id)!;
      expect({ id: a.alert_id, due_at: a.due_at, severity: a.severity, resolution: a.resolution }).toEqual({
        id: x.alert_id,
        due_at: x.due_at,
        severity: x.severity,
        resolution: x.resolution,
      });
      expect(a.state).toBe(x.resolution ? 'resolved' : 'open');
      expect(a.calendar_missing).toBeUndefined();
    }
    // …and nothing else open for a chain's rule and subjects
    const all = [...(await sys.live.alerts.getMany(await sys.live.alerts.unresolvedIds())).values()];
    const unexpected = past.flatMap((c) => {
      const keys = new Set(c.events.flatMap((e) => [e.person_id, e.case_id, e.item_id, e.session_id]));
      return all.filter(
        (a: Alert) =>
          a.rule_id === c.rule &&
          Object.values(a.subject).some((v) => keys.has(String(v))) &&
          !ids.includes(a.alert_id),
      );
    });
    expect(unexpected.map((a) => a.alert_id)).toEqual([]);
  }, 90_000);

  it('a due date in a year the calendar lacks is natural, flagged, and the health says so', async () => {
    const a = await until(() => sys.live.alerts.get('R-INC-05:case_id:C-2025'), 30_000, 'the 2025 alert');
    // 2025-10-02 was a holiday, but without 2025 in the calendar the count cannot know it: natural, flagged
    expect(a).toMatchObject({ due_at: endOfDay('2025-10-02'), calendar_missing: true, stage: 'overdue' });
    const health = await until(
      async () => {
        const res = await fetch(`${sys.url}/api/health`, {
          headers: { authorization: 'Bearer test-ingest-token-0123456789' },
        });
        const body = (await res.json()) as {
          status: string;
          calendar?: { status: string; missing_years?: string[] };
        };
        return body.calendar?.status === 'degraded' ? { code: res.status, body } : null;
      },
      10_000,
      'the calendar to be reported degraded',
    );
    expect(health.code).toBe(503);
    expect(health.body.status).toBe('degraded');
    expect(health.body.calendar).toMatchObject({ missing_years: ['2025'], years: ['2026'] });
    const anonymous = await (await fetch(`${sys.url}/api/health`)).json();
    expect(anonymous).toEqual({ status: 'degraded' });
  });
});
