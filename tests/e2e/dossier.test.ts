/**
 * 一案一档 in real Chromium against the real system (1920×1080): an officer of 4501 types a case number in the
 * header search, opens the case's dossier (swimlanes, obligations, the other city's events counted as hidden),
 * clicks the person to re-root the dossier on them, and prints it (print media, A4 PDF). A manager follows an
 * officer id from the dossier to the officer file. Screenshots in test-artifacts/dossier-*.png.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Dossier } from '../../common/dossier.js';
import type { PoliceEvent } from '../../common/events.js';
import {
  adminToken,
  call,
  eventCount,
  hoursAgo,
  makePersonas,
  postEvents,
  until,
} from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ARTIFACTS, ensureDashboardBuilt, launchBrowser, openPage, screenshot, signIn } from './browser.js';
import type { Browser } from './browser.js';
import { writeGuangxiUnits } from './scenario.js';

let sys: TestSystem;
let browser: Browser;
let people: Personas;
let page: Page;
let unitsDir: string;
const errors: string[] = [];
const tag = Date.now().toString(36).toUpperCase().slice(-6);
const CASE = `DA4501${tag}`;
const OTHER_CASE = `DA4502${tag}`;
const INCIDENT = `DJ4501${tag}`;
const PERSON = `DP${tag}`;
const ITEM = `DW${tag}`;
const IN = '450102500000';
const OUT = '450202500000';

const ev = (id: string, type: string, unit: string, h: number, links: object, attrs = {}): PoliceEvent =>
  ({
    event_id: `${tag}-${id}`,
    type,
    occurred_at: hoursAgo(h),
    unit_code: unit,
    attrs,
    ...links,
  }) as PoliceEvent;

/** A case across systems in 4501 (incident → case → detained suspect → seized item), the person also in 4502. */
const EVENTS: PoliceEvent[] = [
  ev('inc', 'incident.reported', IN, 50, { incident_id: INCIDENT }, { category: 'criminal' }),
  ev('arr', 'incident.arrived', IN, 49.8, { incident_id: INCIDENT }),
  ev('reg', 'case.registered', IN, 49, { incident_id: INCIDENT, case_id: CASE }, { case_kind: 'criminal' }),
  ev(
    'det',
    'measure.detention',
    IN,
    48,
    { case_id: CASE, person_id: PERSON, officer_ids: ['OF1'] },
    { person_name: '韦某某', id_number: '450102199001011234', phone: '13800000001' },
  ),
  ev('seize', 'property.seized', IN, 47, { case_id: CASE, item_id: ITEM, auxiliary_ids: ['OF2'] }),
  ev('store', 'property.stored', IN, 46, { item_id: ITEM }),
  ev('oreg', 'case.registered', OUT, 40, { case_id: OTHER_CASE }, { case_kind: 'criminal' }),
  ev('odet', 'measure.detention', OUT, 39, { case_id: OTHER_CASE, person_id: PERSON, officer_ids: ['OF1'] }),
];

beforeAll(async () => {
  ensureDashboardBuilt();
  unitsDir = tempDir('units');
  sys = await startTestSystem({
    ALERT_GRACE_SECONDS: '1',
    SIMULATE: '0',
    UNITS_FILE: writeGuangxiUnits(unitsDir),
  });
  people = await makePersonas(sys, '4501', 'dos');
  const admin = await adminToken(sys);
  await postEvents(sys, EVENTS);
  await until(async () => (await eventCount(sys)) >= EVENTS.length, 60_000, 'events stored');
  // The engine has judged the case: its obligations are in the dossier, with an alert on a missed one.
  const detentionAlert = await until(
    async () => {
      const res = await call<Dossier>(sys.url, 'GET', `/api/dossier?key=case_id&value=${CASE}`, {
        token: admin,
      });
      if (res.status !== 200 || res.json.obligations.length === 0) return undefined;
      return res.json.alerts.find((a) => a.trigger_event_id === `${tag}-det`);
    },
    60_000,
    'obligations and an alert on the detention',
  );
  // A 督办 order about it: pinned in the dossier, listed in the officer file of the detaining officer.
  const order = await call(sys.url, 'POST', '/api/supervisions', {
    token: people.token.manager,
    body: { alert_ids: [detentionAlert.alert_id], unit_code: IN, level: 'order', instructions: '限期整改' },
  });
  expect(order.status, order.text).toBe(201);
  browser = await launchBrowser();
  page = await openPage(browser, errors);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sys?.cleanup();
  if (unitsDir) fs.rmSync(unitsDir, { recursive: true, force: true });
}, 120_000);

const laneNames = (p: Page) => p.locator('[data-testid=swimlanes] .lane-name').allTextContents();

describe('一案一档 (Chromium, 1920×1080)', () => {
  it('an officer finds the case from the header search and opens its dossier', async () => {
    await signIn(page, sys.url, people.name.officer, people.password.officer);
    await page.waitForURL('**/duty');
    const search = page.locator('[data-testid=header-search]');
    await search.fill(CASE);
    const hit = page.locator('[data-testid=search-hit]').first();
    await hit.waitFor();
    expect(await hit.innerText()).toContain(CASE);
    await screenshot(page, 'dossier-1-search.png');
    await search.press('Enter');
    await page.waitForURL(`**/dossier/case_id/${CASE}`);
    await page.locator('[data-testid=dossier-events] tbody tr').first().waitFor();
    expect(await laneNames(page)).toEqual([
      '接处警',
      '受立案',
      '办案区',
      '涉案财物',
      '视音频',
      '强制措施',
      '法制审核',
    ]);
    // Six events of 4501; the other city's two are counted, never shown.
    expect(await page.locator('[data-testid=dossier-events] tbody tr').count()).toBe(6);
    expect(await page.locator('[data-testid=dossier-hidden]').innerText()).toContain('2');
    expect(await page.content()).not.toContain(OTHER_CASE);
    expect(await page.locator('[data-testid=dossier-obligations] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=alert-pin]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=order-link]').first().innerText()).toContain('督办');
    expect(await page.locator('[data-testid=dossier-events]').innerText()).toContain('刑事拘留');
    await screenshot(page, 'dossier-2-case.png');
  });

  it('clicking the person re-roots the dossier on them', async () => {
    await page.locator(`[data-testid=entity-person_id-${PERSON}]`).click();
    await page.waitForURL(`**/dossier/person_id/${PERSON}`);
    await expect.poll(() => page.locator('[data-testid=dossier-title]').innerText()).toContain(PERSON);
    // The new dossier has arrived when the person is the list's current entry.
    await expect.poll(() => page.locator('[data-testid=entities] li.root').innerText()).toContain(PERSON);
    expect(await page.locator('[data-testid=dossier-events] tbody tr').count()).toBe(6);
    await screenshot(page, 'dossier-3-person.png');
  });

  it('prints: no header, the unit, date and printer in the footer; A4 landscape PDF', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    await screenshot(page, 'dossier-4-print.png');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const file = path.join(ARTIFACTS, 'dossier-print.pdf');
    fs.writeFileSync(file, pdf);
    // Every page: A4 landscape (842 × 595 pt), the footer with the unit, print time and printer.
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts/);
    const pages = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.split('\f');
    const printed = pages.filter((p) => p.trim() !== '');
    expect(printed.length).toBeGreaterThan(0);
    for (const p of printed) {
      expect(p).toContain(`打印人 ${people.name.officer}`);
      expect(p).toContain('南宁市公安局');
    }
    await page.emulateMedia({ media: 'screen' });
  });

  it('speaks English when asked', async () => {
    await page.goto(`${sys.url}/dossier/case_id/${CASE}?lang=en`);
    await page.locator('[data-testid=dossier-events] tbody tr').first().waitFor();
    expect(await laneNames(page)).toEqual([
      'Incidents',
      'Cases',
      'Handling area',
      'Property',
      'Recordings',
      'Coercive measures',
      'Legal review',
    ]);
    expect(await page.locator('[data-testid=dossier-events]').innerText()).toContain('Criminal detention');
    await screenshot(page, 'dossier-6-english.png');
  });

  it('a manager follows an officer id from the dossier to the officer file', async () => {
    const mgr = await openPage(browser, errors);
    await signIn(mgr, sys.url, people.name.manager, people.password.manager);
    await mgr.waitForURL('**/trends');
    await mgr.goto(`${sys.url}/dossier/case_id/${CASE}`);
    await mgr.locator('[data-testid=officer-link]').first().click();
    await mgr.waitForURL('**/officers/OF1');
    const figures = mgr.locator('[data-testid=officer-figures]');
    await figures.waitFor();
    expect(await figures.locator('tbody tr').count()).toBeGreaterThan(1);
    expect(await figures.locator('thead').innerText()).toContain('按时率');
    expect(await mgr.locator('[data-testid=officer-orders] li').count()).toBe(1);
    await screenshot(mgr, 'dossier-5-officer.png');
    expect(errors).toEqual([]);
  });
});
