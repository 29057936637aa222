/**
 * The San Diego import in Chromium (CONTRACT §6.4): 2023 calls imported while the wall is up. The wall's
 * tiles and ticker only ever show the live Guangxi alerts; the trends page's 2023 range shows the imported
 * violations, by name (the shipped San Diego units), with the year on its dates.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import { importFile } from '../../ingest/importer/import-file.js';
import { loadMapping } from '../../ingest/importer/mapping.schema.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { readUnitsFile } from '../../ingest/units-file.js';
import { adminToken, makePersonas } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ROOT, ensureDashboardBuilt, launchBrowser, openPage, screenshot, signIn } from './browser.js';
import type { Browser } from './browser.js';
import { STATION, kioskToken, raiseMany } from './scenario.js';

const CSV = path.resolve(ROOT, '../shared/data/sdpd-calls-2023/sd_pd_calls_for_service_2023_ytd.csv');
const present = fs.existsSync(CSV);
if (!present) console.warn(`skipping the historical import e2e: ${CSV} is not present`);

let sys: TestSystem;
let browser: Browser;
let people: Personas;
let wall: Page;
const errors: string[] = [];
const dir = tempDir('historical-e2e');
const tag = `H${Date.now().toString(36).toUpperCase()}`;

const tile = async (page: Page, id: string) =>
  (await page.locator(`[data-testid="${id}"] .value`).innerText()).replace(/,/g, '');

beforeAll(async () => {
  if (!present) return;
  ensureDashboardBuilt();
  // Guangxi and San Diego in one directory, as an installation would load them.
  const units = path.join(dir, 'units.json');
  const sd = readUnitsFile(path.join(ROOT, 'ingest/mappings/sdpd-units.json'));
  fs.writeFileSync(units, JSON.stringify([...guangxiUnits(), ...sd]));
  sys = await startTestSystem({
    ALERT_GRACE_SECONDS: '1',
    SIMULATE: '0',
    RECONCILE_INTERVAL_SECONDS: '0',
    UNITS_FILE: units,
  });
  people = await makePersonas(sys, '', 'hist');
  await raiseMany(sys, [
    { incident: `${tag}-1`, unit: STATION },
    { incident: `${tag}-2`, unit: '450202500000' },
  ]);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sys?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

it.skipIf(!present)(
  'import while the wall runs: tiles and ticker unchanged; the 2023 trends show the violations',
  async () => {
    wall = await openPage(browser, errors);
    const kiosk = await kioskToken(sys, await adminToken(sys), people.name.viewer);
    await wall.goto(`${sys.url}/wall?token=${encodeURIComponent(kiosk)}`);
    await expect.poll(() => tile(wall, 'tile-p1'), { timeout: 60_000 }).toBe('2');
    await expect.poll(() => wall.locator('[data-testid=as-of] b').innerText()).toMatch(/^\d{4}-/);
    await expect.poll(() => tile(wall, 'tile-new-today'), { timeout: 30_000 }).toMatch(/^\d+$/);
    await screenshot(wall, 'historical-wall-before-import.png');

    const slice = path.join(dir, 'sdpd-jan.csv');
    fs.writeFileSync(slice, fs.readFileSync(CSV, 'utf8').split('\n').slice(0, 2_001).join('\n') + '\n');
    const summary = await importFile({
      file: slice,
      mapping: await loadMapping(path.join(ROOT, 'ingest/mappings/sdpd-calls-2023.json')),
      sink: sys.ingest.sink,
      rejectsPath: path.join(dir, 'rejects.ndjson'),
    });
    expect(summary.importedRows).toBe(2_000);
    await sys.ingest.drained();
    await sys.engine!.settled();
    await refreshLedgerSnapshot(sys.clickhouse.client); // compliance figures read a 30-s snapshot of the ledger
    // A live violation after the import: once the wall shows it, it has seen whatever the import pushed.
    await raiseMany(sys, [{ incident: `${tag}-3`, unit: STATION }]);
    await wall
      .locator(`[data-alert-id="R-INC-01:incident_id:${tag}-3"]`)
      .first()
      .waitFor({ timeout: 15_000 });
    await expect.poll(() => tile(wall, 'tile-p1'), { timeout: 30_000 }).toBe('3');
    expect(await wall.locator('[data-alert-id^="R-INC-01:incident_id:E23"]').count()).toBe(0);
    expect(await wall.locator('body').innerText()).not.toMatch(/0673\d{8}|圣迭戈/);
    await screenshot(wall, 'historical-wall-after-import.png');

    // The trends page, year 2023: San Diego's violations counted, by name, dates with their year.
    const page = await openPage(browser, errors);
    await signIn(page, sys.url, people.name.manager, people.password.manager);
    await page.waitForURL('**/trends**');
    await page.goto(`${sys.url}/trends?range=2023`);
    const table = page.locator('[data-testid=unit-table]');
    await expect.poll(() => table.innerText(), { timeout: 30_000 }).toContain('加利福尼亚州');
    await expect.poll(() => page.locator('select[data-testid=range]').inputValue()).toBe('2023');
    await screenshot(page, 'historical-trends-2023.png');
    await page.goto(`${sys.url}/trends?range=2023&unit=0673`);
    await expect.poll(() => table.innerText(), { timeout: 30_000 }).toMatch(/分局/);
    await screenshot(page, 'historical-trends-2023-san-diego.png');

    // The duty console: the live queue has none of them; the 历史违规 view lists them, dated with their year.
    await page.goto(`${sys.url}/duty`);
    await page
      .locator(`[data-alert-id="R-INC-01:incident_id:${tag}-3"]`)
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-alert-id^="R-INC-01:incident_id:E23"]').count()).toBe(0);
    await page.goto(`${sys.url}/duty?view=historical`);
    const history = page.locator('[data-testid=handled-historical]');
    await history.locator('[data-alert-id^="R-INC-01:incident_id:E23"]').first().waitFor({ timeout: 30_000 });
    expect(await history.innerText()).toMatch(/2023-\d\d-\d\d/);
    expect(await history.locator(`[data-alert-id="R-INC-01:incident_id:${tag}-3"]`).count()).toBe(0);
    await screenshot(page, 'historical-duty-view.png');
    expect(errors).toEqual([]);
  },
  600_000,
);
