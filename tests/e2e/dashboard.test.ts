/**
 * The dashboard in real Chromium against the real system (in-process, simulated Guangxi history so the
 * screens have something to show): sign-in, a new alert reaching the wall, acknowledging it on the duty
 * console, losing and regaining the socket without missing anything, drilling down on trends, screenshots,
 * and frame times with 10,000 active alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import { adminToken, alertIdOf, call, makePersonas, until } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import {
  ensureDashboardBuilt,
  launchBrowser,
  measureFrames,
  openPage,
  screenshot,
  signIn,
} from './browser.js';
import type { Browser } from './browser.js';
import { STATION, activeCounts, kioskToken, raiseMany, spreadIncidents } from './scenario.js';

let sys: TestSystem;
let browser: Browser;
let people: Personas;
let wall: Page;
let duty: Page;
const errors: string[] = [];
const tag = `E2E${Date.now().toString(36).toUpperCase()}`;
const first = `${tag}-first`;

/** A wall tile's figure without thousands separators ('—' while loading). */
const tile = async (page: Page, id: string) =>
  (await page.locator(`[data-testid="${id}"] .value`).innerText()).replace(/,/g, '');

beforeAll(async () => {
  ensureDashboardBuilt();
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', SIMULATE: '1', SIMULATE_BACKFILL_DAYS: '3' });
  // The simulated history judged and in the compliance snapshot, as a wall finds it half a minute after start.
  await sys.ingest.drained(); // stored,
  await sys.engine?.settled(); // judged,
  await refreshLedgerSnapshot(sys.clickhouse.client); // and counted
  people = await makePersonas(sys, '', 'e2e');
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sys?.cleanup();
}, 120_000);

describe('dashboard in Chromium', () => {
  it('signs in with clear errors and lands each role on its page', async () => {
    const page = await openPage(browser, errors);
    await signIn(page, sys.url, people.name.officer, 'not-the-password');
    await expect
      .poll(() => page.locator('[data-testid=login-error]').innerText())
      .toContain('用户名或密码错误');
    await signIn(page, sys.url, people.name.officer, people.password.officer);
    await page.waitForURL('**/duty');
    await page.close();
  }, 60_000);

  it('shows a new alert on the wall within 5 s, and the acknowledgement made on the duty console', async () => {
    wall = await openPage(browser, errors);
    const kiosk = await kioskToken(sys, await adminToken(sys), people.name.viewer);
    await wall.goto(`${sys.url}/wall?token=${encodeURIComponent(kiosk)}`);
    await wall.waitForURL((u) => u.pathname === '/wall' && !u.search.includes('token'));
    // The simulated history is still being judged and recorded on a loaded CI machine: wait for it, not the wall.
    await expect.poll(() => tile(wall, 'tile-p1'), { timeout: 60_000 }).toMatch(/^\d+$/);
    // the 7-day compliance of the simulated history (a rate, not '—')
    await expect.poll(() => tile(wall, 'tile-compliance'), { timeout: 60_000 }).toMatch(/^\d+(\.\d)?%$/);
    await expect.poll(() => wall.locator('[data-testid=as-of] b').innerText()).toMatch(/^\d{4}-/);

    duty = await openPage(browser, errors);
    await signIn(duty, sys.url, people.name.officer, people.password.officer);
    await duty.waitForURL('**/duty');

    const posted = Date.now();
    await sys.post({
      event_id: `closed-${first}`,
      type: 'incident.closed',
      occurred_at: new Date(Date.now() - 30 * 3_600_000).toISOString(),
      unit_code: STATION,
      incident_id: first,
      attrs: { nature: 'criminal' },
    });
    const id = alertIdOf(first);
    await wall.locator(`[data-alert-id="${id}"][data-kind=raised]`).waitFor({ timeout: 5_000 });
    console.log(`wall showed the new alert ${Date.now() - posted} ms after the event was posted`);

    await duty.fill('input.unit', STATION);
    const row = duty.locator(`.duty-row[data-alert-id="${id}"]`);
    await row.click();
    await duty.keyboard.press('a');
    await expect.poll(() => row.locator('.state').innerText()).toBe('已签收');
    await wall.locator(`[data-alert-id="${id}"][data-kind=acknowledged]`).waitFor({ timeout: 5_000 });
  }, 180_000);

  it('shows the lost socket on the banner and misses nothing once it is back', async () => {
    const id = alertIdOf(first);
    await browser.context.setOffline(true);
    await wall
      .locator('[data-testid=connection-banner][data-state=reconnecting]')
      .waitFor({ timeout: 15_000 });
    await screenshot(wall, 'wall-disconnected-1920x1080.png');
    // While the wall is cut off: two new alerts, and the acknowledged one is resolved by hand.
    await raiseMany(sys, [
      { incident: `${tag}-gap1`, unit: STATION },
      { incident: `${tag}-gap2`, unit: '450203000001' },
    ]);
    const resolved = await call(sys.url, 'POST', `/api/alerts/${encodeURIComponent(id)}/resolve`, {
      token: people.token.officer,
      body: { note: '已补录接报案登记（端到端测试）' },
    });
    expect(resolved.status, resolved.text).toBe(200);
    await browser.context.setOffline(false);
    await wall
      .locator('[data-testid=connection-banner]')
      .filter({ hasText: '已恢复连接' })
      .waitFor({ timeout: 20_000 });
    for (const gap of [`${tag}-gap1`, `${tag}-gap2`])
      await wall.locator(`[data-alert-id="${alertIdOf(gap)}"][data-kind=raised]`).waitFor({ timeout: 5_000 });
    await wall.locator(`[data-alert-id="${id}"][data-kind=resolved]`).waitFor({ timeout: 5_000 });
    // The wall's tiles agree with the server (retry: the simulator keeps changing things).
    await until(
      async () => {
        const truth = await activeCounts(sys, people.token.viewer!);
        const shown = await Promise.all(
          ['tile-p1', 'tile-p2', 'tile-p3', 'tile-due-soon'].map((t) => tile(wall, t)),
        );
        return shown.join() === [truth.P1, truth.P2, truth.P3, truth.dueSoon].join();
      },
      20_000,
      'wall tiles equal to the server after resume',
    );
    await expect.poll(() => duty.locator(`.duty-row[data-alert-id="${id}"]`).count()).toBe(0);
  }, 120_000);

  it('drills down on trends from the province to a station and its alerts', async () => {
    const page = await openPage(browser, errors);
    await signIn(page, sys.url, people.name.manager, people.password.manager);
    await page.waitForURL('**/trends**');
    await page.locator('[data-testid=unit-table] tr[data-unit="4501"]').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800);
    await screenshot(page, 'trends-1920x1080.png');
    await page.locator('tr[data-unit="4501"]').click();
    await page.locator('tr[data-unit="450103"]').click();
    await page.locator(`tr[data-unit="${STATION}"]`).click();
    await page.waitForURL(`**unit=${STATION}**`);
    await page.locator(`[data-testid=station-alerts] tr[data-alert-id="${alertIdOf(first)}"]`).waitFor();
    await expect.poll(() => page.locator('[data-testid=breadcrumb]').innerText()).toContain('新竹派出所');
    await screenshot(page, 'trends-station-1920x1080.png');
    await page.close();
  }, 90_000);

  it('looks right: wall at 1920×1080 and 3840×2160, duty console', async () => {
    // the picture a person sees most of the time: after the reconnect note of the test before has gone
    await wall.locator('[data-testid=connection-banner]').waitFor({ state: 'detached', timeout: 15_000 });
    await wall.waitForTimeout(1500);
    await screenshot(wall, 'wall-1920x1080.png');
    await wall.setViewportSize({ width: 3840, height: 2160 });
    await wall.waitForTimeout(1500);
    const overflow = await wall.evaluate(
      '[document.documentElement.scrollWidth > innerWidth, document.documentElement.scrollHeight > innerHeight]',
    );
    expect(overflow).toEqual([false, false]);
    await screenshot(wall, 'wall-3840x2160.png');
    await wall.setViewportSize({ width: 1920, height: 1080 });
    await duty.fill('input.unit', '');
    await duty.keyboard.press('Escape');
    await duty.locator('.duty-row').first().click();
    await duty.waitForTimeout(500);
    await screenshot(duty, 'duty-1920x1080.png');
    // The duty console on the same 4K screen: twice the size, still exactly the window's height (the queue
    // scrolls inside it), rows still picked by a click.
    const row = duty.locator('.duty-row').first();
    const rowAt1920 = (await row.boundingBox())!.height;
    await duty.setViewportSize({ width: 3840, height: 2160 });
    await duty.waitForTimeout(500);
    expect((await row.boundingBox())!.height).toBeGreaterThanOrEqual(2 * rowAt1920 - 1);
    const dutyOverflow = await duty.evaluate(
      '[document.documentElement.scrollWidth > innerWidth, document.documentElement.scrollHeight > innerHeight]',
    );
    expect(dutyOverflow).toEqual([false, false]);
    const second = await duty.locator('.duty-row').nth(1).getAttribute('data-alert-id');
    await duty.locator(`.duty-row[data-alert-id="${second}"]`).click();
    await expect
      .poll(() => duty.locator(`.duty-row[data-alert-id="${second}"]`).getAttribute('class'))
      .toContain('selected');
    await screenshot(duty, 'duty-3840x2160.png');
    await duty.setViewportSize({ width: 1920, height: 1080 });
  }, 60_000);

  it('stays smooth with 10,000 active alerts (frame times printed)', async () => {
    const started = Date.now();
    await raiseMany(sys, spreadIncidents(10_000, `${tag}-bulk`), 600_000);
    console.log(`10,000 alerts raised through the engine in ${Math.round((Date.now() - started) / 1000)} s`);
    const active = (await activeCounts(sys, people.token.officer!)).total;
    expect(active).toBeGreaterThanOrEqual(10_000);

    await duty.bringToFront();
    await duty.reload();
    const dutyTotal = async () =>
      Number((await duty.locator('[data-testid=duty-count]').innerText()).split('/')[1]);
    await expect.poll(dutyTotal, { timeout: 60_000 }).toBeGreaterThanOrEqual(10_000);
    await duty.waitForTimeout(1_000);
    const idle = await measureFrames(duty, 2_000);
    console.log(
      `baseline, this machine right now (duty console idle): frame p50 ${idle.p50} ms, p95 ${idle.p95} ms`,
    );
    const scroll = await measureFrames(duty, 4_000, {
      scrollSelector: '[data-testid=duty-queue] .vl',
      step: 60,
    });
    console.log(
      `duty console, scrolling ${active} alerts: frame p50 ${scroll.p50} ms, p95 ${scroll.p95} ms (${scroll.frames} frames, max ${scroll.max} ms)`,
    );

    await wall.bringToFront();
    await wall.reload();
    await expect.poll(() => tile(wall, 'tile-p1'), { timeout: 60_000 }).toMatch(/^\d{4,}$/);
    const bulk = spreadIncidents(400, `${tag}-bulk`);
    const updates = await measureFrames(wall, 6_000, {
      during: async () => {
        // 400 acknowledgements through the API while the wall is watching: 400 socket messages.
        for (let i = 0; i < bulk.length; i += 20) {
          await Promise.all(
            bulk.slice(i, i + 20).map((b) =>
              call(sys.url, 'POST', `/api/alerts/${encodeURIComponent(alertIdOf(b.incident))}/ack`, {
                token: people.token.officer,
                body: {},
              }),
            ),
          );
        }
      },
    });
    console.log(
      `wall with ${active} alerts taking 400 live updates: frame p50 ${updates.p50} ms, p95 ${updates.p95} ms (${updates.frames} frames, max ${updates.max} ms)`,
    );
    await wall
      .locator(`[data-alert-id="${alertIdOf(bulk[399]!.incident)}"][data-kind=acknowledged]`)
      .waitFor({ timeout: 15_000 });
    await screenshot(wall, 'wall-10k-1920x1080.png');
    await screenshot(duty, 'duty-10k-1920x1080.png');
    expect(scroll.p50).toBeLessThan(50);
    expect(updates.p50).toBeLessThan(50);
    expect(errors).toEqual([]);
  }, 900_000);
});
