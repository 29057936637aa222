/**
 * 通报 in real Chromium against the real system (1920×1080): a manager of 南宁 opens 通报 from the header,
 * keeps the unit (南宁市公安局) and the last complete month, asks for DOCX, PDF and XLSX, watches the row's
 * progress bar driven by `report:progress` until the report is done (the page never polls), and downloads the
 * three files: each named by the report's title, a DOCX and an XLSX starting with PK (zip), a PDF with %PDF.
 * Screenshots in test-artifacts/reports-*.png.
 *
 * It needs the real renderers (server/services/reports/render/, wired into server/system.ts as the default
 * `renderReport`): before they are merged every report fails with "no report renderer is configured".
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chTimeOfMs } from '../../common/node/ch-time.js';
import { refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import { resolvePeriod, rangeInstants } from '../../server/services/reports/period.js';
import { makePersonas } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ensureDashboardBuilt, launchBrowser, openPage, screenshot, signIn } from './browser.js';
import type { Browser } from './browser.js';
import { writeGuangxiUnits } from './scenario.js';

let sys: TestSystem;
let browser: Browser;
let people: Personas;
let page: Page;
let unitsDir: string;
const errors: string[] = [];

/** Last month's ledger for a few of 南宁's districts, so the report has figures. */
async function lastMonthLedger(s: TestSystem): Promise<void> {
  const p = resolvePeriod({ period: 'month' }, Date.now(), 'Asia/Shanghai');
  if (!p.ok) throw new Error(p.error);
  const { start } = rangeInstants(p.value.range, 'Asia/Shanghai');
  const units = ['450102500000', '450103520000', '450105500000', '450107510000'];
  const rows = Array.from({ length: 80 }, (_, i) => {
    const at = chTimeOfMs(start + (i % 28) * 86_400_000 + 3_600_000 * (1 + (i % 7)));
    return {
      obligation_id: `R-INC-01:incident_id:E2E-RPT-${i}`,
      rule_id: i % 5 === 0 ? 'R-ADM-01' : 'R-INC-01',
      kind: 'deadline',
      unit_code: units[i % units.length],
      trigger_event_id: `e2e-rpt-${i}`,
      occurred_at: at,
      due_at: at,
      status: i % 4 === 0 ? 'late' : 'on_time',
      satisfied_by: '',
      satisfied_at: null,
      severity: 'P1',
      version: 1,
    };
  });
  await s.clickhouse.client.insert({ table: 'obligations', values: rows, format: 'JSONEachRow' });
  await refreshLedgerSnapshot(s.clickhouse.client);
}

beforeAll(async () => {
  ensureDashboardBuilt();
  unitsDir = tempDir('units');
  sys = await startTestSystem({ SIMULATE: '0', UNITS_FILE: writeGuangxiUnits(unitsDir) });
  people = await makePersonas(sys, '4501', 'rpt');
  await lastMonthLedger(sys);
  browser = await launchBrowser();
  page = await openPage(browser, errors);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sys?.cleanup();
  if (unitsDir) fs.rmSync(unitsDir, { recursive: true, force: true });
}, 120_000);

/** Records every progress text the row's bar shows, from before the click on. */
const WATCH_BARS = `(() => {
  window.__bars = [];
  new MutationObserver(() => {
    for (const b of document.querySelectorAll('[data-testid=report-progress] span')) window.__bars.push(b.textContent);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

describe('通报 (Chromium, 1920×1080)', () => {
  it('a manager makes a monthly report and watches its progress until it is done', async () => {
    await signIn(page, sys.url, people.name.manager, people.password.manager);
    await page.waitForURL('**/trends');
    await page.locator('nav a[href="/reports"]').click();
    await page.waitForURL('**/reports');
    await page.locator('[data-testid=report-unit] option').first().waitFor({ state: 'attached' });
    expect(await page.locator('[data-testid=report-unit] option:checked').innerText()).toContain('南宁');
    await screenshot(page, 'reports-1-form.png');
    await page.evaluate(WATCH_BARS);
    await page.locator('[data-testid=report-generate]').click();
    const row = page.locator('[data-testid=report-list] tbody tr').first();
    await row.waitFor();
    expect(await row.locator('.title').innerText()).toMatch(/^南宁市公安局执法监督通报（\d{4}年\d{1,2}月）$/);
    // The bar as it moves (a screenshot only: a fast report may be done before it is taken).
    await row
      .locator('[data-testid=report-progress] .fill')
      .waitFor({ timeout: 5_000 })
      .then(() => screenshot(page, 'reports-2-progress.png'))
      .catch(() => undefined);
    await row.locator('[data-testid=report-download-xlsx]').waitFor({ timeout: 120_000 });
    expect(await row.getAttribute('data-state')).toBe('done');
    const bars = (await page.evaluate('window.__bars')) as string[];
    const percents = bars.map((b) => Number(/(\d+)%/.exec(b)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));
    expect(percents.length).toBeGreaterThan(0); // the bar was shown (queued at 0 % at least)
    expect(percents).toEqual([...percents].sort((a, b) => a - b)); // never backwards
    await screenshot(page, 'reports-3-done.png');
    expect(errors).toEqual([]);
  }, 180_000);

  it('downloads the three files, named by the title', async () => {
    const row = page.locator('[data-testid=report-list] tbody tr').first();
    const title = await row.locator('.title').innerText();
    const magic = { docx: 'PK', pdf: '%PDF', xlsx: 'PK' };
    for (const [format, head] of Object.entries(magic)) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.locator(`[data-testid=report-download-${format}]`).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`${title}.${format}`);
      const bytes = fs.readFileSync((await download.path())!);
      expect(bytes.subarray(0, head.length).toString('latin1'), format).toBe(head);
      expect(bytes.length).toBeGreaterThan(1_000);
    }
    expect(errors).toEqual([]);
  }, 120_000);

  it('reads on the command room’s 3840×2160 screen: the list, and the form with custom dates', async () => {
    // Read from across the room: drawn at twice the size of 1920×1080, laid out the same, nothing overflowing.
    const title = page.locator('[data-testid=report-list] .title').first();
    const at1920 = (await title.boundingBox())!.height;
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.waitForTimeout(300);
    expect((await title.boundingBox())!.height).toBeGreaterThanOrEqual(2 * at1920 - 1);
    await screenshot(page, 'reports-3840x2160.png');
    await page.locator('[data-testid=report-period-custom]').check();
    await page.locator('[data-testid=report-from]').fill('2026-11-03');
    await screenshot(page, 'reports-custom-3840x2160.png');
    expect(await page.locator('[data-testid=report-form] label').filter({ hasText: '起' }).count()).toBe(1);
    const overflow = await page.evaluate(
      '[document.documentElement.scrollWidth > innerWidth, document.documentElement.scrollHeight > innerHeight]',
    );
    expect(overflow).toEqual([false, false]);
    await page.setViewportSize({ width: 1920, height: 1080 });
    expect(errors).toEqual([]);
  }, 60_000);
});
