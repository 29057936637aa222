/**
 * The alert page of a due date counted without its calendar year, in real Chromium against the real system
 * (in-process, no simulator; the Guangxi directory loaded as UNITS_FILE so the unit has its name): with a
 * CALENDAR_FILE lacking 2025, a criminal case registered on 2025-09-29 (its 3rd day, 10-02, was a holiday)
 * gets an R-INC-05 alert whose due date is counted natural (2025-10-02 23:59:59 Beijing) and flagged
 * `calendar_missing`. The duty officer opening it sees the flag beside the deadline, in words, at 1920×1080:
 * test-artifacts/alert-calendar-missing.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AlertDetail } from '../../common/api.js';
import type { PoliceEvent } from '../../common/events.js';
import { call, makePersonas, postEvents, until } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ensureDashboardBuilt, launchBrowser, openPage, screenshot, signIn } from './browser.js';
import type { Browser } from './browser.js';
import { STATION, writeGuangxiUnits } from './scenario.js';

const shipped = JSON.parse(
  fs.readFileSync(new URL('../../alerts/rules/default-calendar.json', import.meta.url), 'utf8'),
) as { national: Record<string, unknown>; provinces: Record<string, Record<string, unknown>> };
/** The shipped calendar without 2025. */
const without2025 = {
  national: { '2026': shipped.national['2026'] },
  provinces: { '45': { '2026': shipped.provinces['45']!['2026'] } },
};

const CASE = `A4501035200002025090001${Date.now().toString(36).toUpperCase()}`;
const ID = `R-INC-05:case_id:${CASE}`;
const registered: PoliceEvent = {
  event_id: `cal-missing-${CASE}`,
  type: 'case.registered',
  occurred_at: '2025-09-29T07:00:00Z', // 15:00 Beijing
  unit_code: STATION,
  case_id: CASE,
  officer_ids: ['450103001234'],
  attrs: { case_kind: 'criminal' },
} as PoliceEvent;

let sys: TestSystem;
let browser: Browser;
let people: Personas;
let page: Page;
let dir: string;
const errors: string[] = [];

beforeAll(async () => {
  ensureDashboardBuilt();
  dir = tempDir('calendar');
  const calendarFile = path.join(dir, 'calendar.json');
  fs.writeFileSync(calendarFile, JSON.stringify(without2025));
  sys = await startTestSystem({
    ALERT_GRACE_SECONDS: '1',
    SIMULATE: '0',
    CALENDAR_FILE: calendarFile,
    UNITS_FILE: writeGuangxiUnits(dir),
  });
  people = await makePersonas(sys, '', 'cal');
  await postEvents(sys, [registered]);
  await until(
    async () => (await sys.live.alerts.getMany([ID])).get(ID)?.stage === 'overdue',
    60_000,
    'the R-INC-05 alert',
  );
  browser = await launchBrowser();
  page = await openPage(browser, errors);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sys?.cleanup();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('alert page with a due date counted without its calendar year (Chromium)', () => {
  it('shows the calendar_missing tag beside the deadline, in Chinese', async () => {
    const res = await call<AlertDetail>(sys.url, 'GET', `/api/alerts/${encodeURIComponent(ID)}`, {
      token: people.token.officer,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.calendar_missing).toBe(true);
    expect(res.json.due_at).toBe('2025-10-02T15:59:59.999Z'); // natural: the 3rd day, not moved past the holiday

    await signIn(page, sys.url, people.name.officer, people.password.officer);
    await page.waitForURL('**/duty');
    await page.goto(`${sys.url}/alerts/${encodeURIComponent(ID)}`);
    const tag = page.locator('[data-testid=calendar-missing]');
    await tag.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await tag.innerText()).toContain('工作日历缺少所需年份');
    // Beside the deadline it qualifies, and fully on screen.
    const deadline = page.locator('dd', { has: tag });
    expect(await deadline.innerText()).toContain('2025-10-02');
    const box = (await tag.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1920);
    expect(box.y + box.height).toBeLessThanOrEqual(1080);
    await page.locator('[data-testid=alert-detail] h1').waitFor();
    await screenshot(page, 'alert-calendar-missing.png');
    expect(errors).toEqual([]);
  }, 60_000);
});
