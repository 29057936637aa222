/**
 * The wall's per-city compliance chart follows the compliance snapshot as the 7-day tile does, in real
 * Chromium against the real system (in-process, no simulator, the Guangxi directory as UNITS_FILE).
 *
 * Both figures come from the same snapshot (refreshed every 30 s): the tile through the summary the socket
 * pushes every 5 s, the chart through GET /api/stats/units. The chart used to be fetched only when the wall
 * opened and then each minute, so a wall opened before the history was counted (every fresh start, and the
 * dashboard e2e on a slow machine) showed the tile's rate beside an empty "暂无数据" chart for up to a minute.
 * Now the chart is fetched again when the summary's compliance figures move.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import { adminToken, makePersonas } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ensureDashboardBuilt, launchBrowser, openPage, screenshot } from './browser.js';
import type { Browser } from './browser.js';
import { kioskToken, raiseMany, spreadIncidents, writeGuangxiUnits } from './scenario.js';

let sys: TestSystem;
let browser: Browser;
let people: Personas;
let wall: Page;
let dir: string;
const errors: string[] = [];
const tag = `WCC${Date.now().toString(36).toUpperCase()}`;

const tile = async (id: string) => (await wall.locator(`[data-testid="${id}"] .value`).innerText()).trim();
/** The texts the per-city chart draws (SVG renderer). */
const chartTexts = async () =>
  (await wall.locator('.units svg text').allTextContents()).map((s) => s.trim()).filter(Boolean);

beforeAll(async () => {
  ensureDashboardBuilt();
  dir = tempDir('wall-units');
  sys = await startTestSystem({
    ALERT_GRACE_SECONDS: '1',
    SIMULATE: '0',
    UNITS_FILE: writeGuangxiUnits(dir),
  });
  people = await makePersonas(sys, '', 'wcc');
  browser = await launchBrowser();
  wall = await openPage(browser, errors);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sys?.cleanup();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('wall per-city compliance chart (Chromium)', () => {
  it('fills in as soon as the snapshot counts the history, not a minute later', async () => {
    const kiosk = await kioskToken(sys, await adminToken(sys), people.name.viewer);
    await wall.goto(`${sys.url}/wall?token=${encodeURIComponent(kiosk)}`);
    await wall.waitForURL((u) => u.pathname === '/wall' && !u.search.includes('token'));
    // Nothing stored yet: no rate, and the chart says so.
    await expect.poll(chartTexts, { timeout: 20_000 }).toContain('暂无数据');
    expect(await tile('tile-compliance')).toBe('—');

    // History arrives, is judged and counted (what the 30-s refresh does by itself).
    await raiseMany(sys, spreadIncidents(60, tag));
    await sys.engine?.settled();
    await refreshLedgerSnapshot(sys.clickhouse.client);
    const counted = Date.now();
    await expect.poll(() => tile('tile-compliance'), { timeout: 20_000 }).toMatch(/^\d+(\.\d)?%$/);
    const tileAfter = Date.now() - counted;
    // The chart within seconds of the tile, well before the minute's poll.
    const cities = async () => (await chartTexts()).filter((s) => /市公安局$/.test(s));
    await expect.poll(async () => (await cities()).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const chartAfter = Date.now() - counted;
    console.log(`after the snapshot: tile ${tileAfter} ms, per-city chart ${chartAfter} ms`);
    expect(chartAfter).toBeLessThan(30_000);
    expect(await chartTexts()).not.toContain('暂无数据');
    await screenshot(wall, 'wall-compliance-filled-1920x1080.png');
    expect(errors).toEqual([]);
  }, 180_000);
});
