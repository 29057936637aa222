/**
 * The trends page answers "what is getting worse" and the 考评 tab scores the counties, in Chromium at
 * 1920×1080: obligations of Nanning's counties in the ledger (this 30 days and the 30 before, one county much
 * worse than before), the unit table worst first with ▲/▼ against the previous period, the rule × unit heat map,
 * then the 考评 tab with its scores, components and 无应办事项 for counties with nothing due.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Obligation, ObligationStatus } from '../../alerts/engine/types.js';
import { recordObligations, refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { ledgerRow } from '../helpers/ledger-rows.js';
import { makePersonas } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ensureDashboardBuilt, launchBrowser, openPage, screenshot, signIn } from './browser.js';
import type { Browser } from './browser.js';

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.now();
/** Per station: [violation share now, before] — 青秀 gets worse, 江南 better, 兴宁 steady. */
const STATIONS: [string, number, number][] = [
  ['450102500000', 0.1, 0.1],
  ['450103520000', 0.4, 0.05],
  ['450103530000', 0.3, 0.1],
  ['450105510000', 0.05, 0.3],
];
const RULES = ['R-INC-01', 'R-PRO-02', 'R-REC-07', 'R-PER-01', 'R-LAW-02', 'R-PER-19'];

let sys: TestSystem;
let browser: Browser;
let people: Personas;
const errors: string[] = [];
const dir = tempDir('assess-e2e');

function obligations(): Obligation[] {
  const out: Obligation[] = [];
  let n = 0;
  for (const [unit, now, before] of STATIONS)
    for (const [share, ago] of [
      [now, 2],
      [before, 32],
    ] as const)
      for (let i = 0; i < 60; i++) {
        const rule = RULES[i % RULES.length] as string;
        const bad = i % 20 < share * 20;
        const condition = rule === 'R-PER-19';
        const status: ObligationStatus = condition
          ? bad
            ? 'violation'
            : 'clear'
          : bad
            ? i % 3 === 0
              ? 'pending'
              : 'late'
            : 'on_time';
        const due = NOW - (ago + (i % 25)) * DAY;
        const lateH = (i % 4) * 12 + 1;
        out.push(ledgerRow({ id: `E2E-${n++}`, rule, unit, due, status, lateH }));
      }
  return out;
}

beforeAll(async () => {
  ensureDashboardBuilt();
  const units = path.join(dir, 'units.json');
  fs.writeFileSync(units, JSON.stringify(guangxiUnits()));
  sys = await startTestSystem({ SIMULATE: '0', RECONCILE_INTERVAL_SECONDS: '0', UNITS_FILE: units });
  people = await makePersonas(sys, '4501', 'assess');
  await recordObligations(sys.clickhouse.client, obligations(), 1);
  await refreshLedgerSnapshot(sys.clickhouse.client);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sys?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('shows what got worse, the heat map, and the 考评 tab', async () => {
  const page = await openPage(browser, errors);
  await signIn(page, sys.url, people.name.manager, people.password.manager);
  await page.waitForURL('**/trends**');
  await page.goto(`${sys.url}/trends?unit=4501&range=30d`);
  const table = page.locator('[data-testid=unit-table]');
  await expect.poll(() => table.innerText(), { timeout: 30_000 }).toContain('青秀分局');
  // Worst compliance first; 青秀 fell against the previous 30 days (▼, red).
  const first = table.locator('tbody tr').first();
  await expect.poll(() => first.innerText()).toContain('青秀分局');
  const change = first.locator('[data-testid=rate-change]');
  await expect.poll(() => change.innerText()).toMatch(/^▼ \d+\.\d$/);
  expect(await change.getAttribute('class')).toContain('worse');
  expect(await table.locator('thead').innerText()).toContain('条件违规');
  await expect
    .poll(() => page.locator('[data-testid=unit-table-notes]').innerText())
    .toContain('不计入应办事项');
  const heat = page.locator('[data-testid=heatmap]');
  await heat.scrollIntoViewIfNeeded();
  await expect
    .poll(async () => (await heat.locator('svg text').allTextContents()).join(' '), { timeout: 15_000 })
    .toMatch(/R-INC-01[\s\S]*青秀分局[\s\S]*\d+(\.\d)?%/);
  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, 'trends-worse-1920.png');
  await heat.scrollIntoViewIfNeeded();
  await screenshot(page, 'trends-heatmap-1920.png');

  await page.evaluate('window.scrollTo(0, 0)');
  await page.click('[data-testid=tab-assessment]');
  const scores = page.locator('[data-testid=assessment-table]');
  await expect.poll(() => scores.innerText(), { timeout: 30_000 }).toContain('无应办事项');
  const top = scores.locator('tbody tr').first();
  await expect.poll(() => top.innerText()).toContain('青秀分局');
  expect(await top.locator('[data-testid=score]').innerText()).toMatch(/^\d+\.\d$/);
  expect(await page.locator('[data-testid=assessment-formula]').innerText()).toContain('不以案件数');
  await screenshot(page, 'trends-assessment-1920.png');
  // On the command room's 4K screen: twice the size of 1920×1080 (readable across the room), not stretched thin.
  const score = top.locator('[data-testid=score]');
  const at1920 = (await score.boundingBox())!.height;
  await page.setViewportSize({ width: 3840, height: 2160 });
  await page.waitForTimeout(300);
  expect((await score.boundingBox())!.height).toBeGreaterThanOrEqual(2 * at1920 - 1);
  await screenshot(page, 'trends-assessment-3840x2160.png');
  // The charts at twice the size still answer a click where it lands: the leftmost bar of the rate chart
  // (worst compliance first: 青秀分局) drills into 青秀.
  await page.click('[data-testid=tab-trends]');
  const rateChart = page.locator('section.chart').nth(1);
  await expect.poll(() => rateChart.locator('svg path').count(), { timeout: 15_000 }).toBeGreaterThan(4);
  await page.waitForTimeout(500);
  const bars =
    (await page.evaluate(`[...document.querySelectorAll('section.chart')[1].querySelectorAll('svg path')]
    .map((p) => p.getBoundingClientRect())
    .filter((r) => r.width > 6 && r.width < 200 && r.height > 6)
    .map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 }))
    .sort((a, b) => a.x - b.x)`)) as { x: number; y: number }[];
  await page.mouse.click(bars[0]!.x, bars[0]!.y);
  await page.waitForURL('**unit=450103**');
  await page.setViewportSize({ width: 1920, height: 1080 });

  // 自定义 starts from the window on screen (the dates in the URL and in the fields agree); dates the wrong
  // way round are said beside the fields.
  await page.selectOption('[data-testid=range]', 'custom');
  await page.waitForURL('**range=custom**');
  const query = new URL(page.url()).searchParams;
  expect(query.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(await page.inputValue('[data-testid=custom-from]')).toBe(query.get('from'));
  expect(await page.inputValue('[data-testid=custom-to]')).toBe(query.get('to'));
  await page.fill('[data-testid=custom-from]', '2026-12-31');
  await page.fill('[data-testid=custom-to]', '2026-01-01');
  await page.click('[data-testid=custom-range] button[type=submit]');
  await page.waitForURL('**from=2026-12-31**');
  await expect.poll(() => page.locator('[data-testid=custom-range]').innerText()).toContain('自');
  await page.locator('[data-testid=custom-range] .error-inline').waitFor();
  await screenshot(page, 'trends-custom-range-1920.png');
  expect(errors).toEqual([]);
}, 120_000);
