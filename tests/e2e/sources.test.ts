/**
 * Source health on the dashboard in real Chromium against the real system. A SOURCES_FILE with
 * short thresholds: the case system (per city) is late after 3 s and silent after 20 s, the property system
 * late after 3 s. Each heartbeats once for its city and then says nothing, so:
 *
 * - the wall shows the amber banner (late), then the red one as soon as the outage alert (SRC-OUTAGE) is
 *   pushed — not at the next 10 s poll; overdue incidents of Nanning are held (not counted, not on the
 *   ticker; "暂缓 N" beside the tiles) while other cities' are raised; 1920×1080 and 3840×2160, no scroll bars;
 * - the duty console lists the held alerts under 暂缓判定 with the source they wait for, without actions; the
 *   detail page says the same;
 * - the case system comes back (heartbeats): the banner goes, and after its catch-up window the held alerts
 *   with no registration are raised and reach the wall as new violations.
 *
 * A last test stubs GET /api/sources (playwright's page.route) for layouts a real system would take long to
 * reach: fourteen cities and three more systems at once, and English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import type { SourceStatus, SourcesResponse } from '../../common/sources.js';
import {
  adminToken,
  alertIdOf,
  makePersonas,
  overdueIncident,
  postEvents,
  until,
} from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ensureDashboardBuilt, launchBrowser, openPage, screenshot, signIn } from './browser.js';
import type { Browser } from './browser.js';
import { activeCounts, kioskToken, writeGuangxiUnits } from './scenario.js';

const INGEST_TOKEN = 'test-ingest-token-0123456789';
let sys: TestSystem;
let browser: Browser;
let people: Personas;
let wall: Page;
let duty: Page;
let beating: ReturnType<typeof setInterval> | undefined;
const errors: string[] = [];
const tag = `SRC${Date.now().toString(36).toUpperCase()}`;
/** Nanning (case system silent there): held. */
const NANNING = ['450102500000', '450102510000', '450102520000'].map((unit, i) => ({
  incident: `${tag}-NN${i}`,
  unit,
}));
/** Liuzhou and Guilin (case system never heard from there: healthy): raised. */
const ELSEWHERE = [
  { incident: `${tag}-LZ0`, unit: '450202500000' },
  { incident: `${tag}-GL0`, unit: '450302500000' },
];
const HELD_IDS = NANNING.map((i) => alertIdOf(i.incident));

/** A wall tile's figure without thousands separators ('—' while loading). */
const tile = async (page: Page, id: string) =>
  (await page.locator(`[data-testid="${id}"] .value`).innerText()).replace(/,/g, '');

const heartbeat = async (source: string, unit_prefix: string) => {
  const res = await fetch(`${sys.url}/api/sources/${source}/heartbeat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
    body: JSON.stringify({ unit_prefix }),
  });
  expect(res.status, await res.text()).toBe(202);
};

/** Canvas size, scroll bars, and whether every panel ends inside the canvas. */
const fits = (page: Page) =>
  page.evaluate(`(() => {
    const c = document.querySelector('[data-testid=wall]').getBoundingClientRect();
    const d = document.documentElement;
    const panels = [...document.querySelectorAll('[data-testid=wall] main > *')].map((e) => e.getBoundingClientRect().bottom);
    return { w: Math.round(c.width), h: Math.round(c.height), scroll: d.scrollWidth > innerWidth || d.scrollHeight > innerHeight, bottom: Math.max(...panels) <= c.bottom + 0.5 };
  })()`);

beforeAll(async () => {
  ensureDashboardBuilt();
  const dir = tempDir('e2e-sources');
  const unitsFile = writeGuangxiUnits(dir);
  const sourcesFile = path.join(dir, 'sources.json');
  fs.writeFileSync(
    sourcesFile,
    JSON.stringify({
      sources: [
        { id: '110', name: '110接处警系统', name_en: '110 dispatch', types: ['incident.*'] },
        {
          id: 'case',
          name: '案件管理系统',
          name_en: 'Case system',
          types: ['case.*', 'measure.detention'],
          partition: 'city',
          expect: { late_after: '3s', silent_after: '20s' },
          catch_up: '5s',
        },
        {
          id: 'property',
          name: '涉案财物管理系统',
          name_en: 'Seized-property system',
          types: ['property.*'],
          partition: 'city',
          expect: { late_after: '3s', silent_after: '1h' },
        },
      ],
    }),
  );
  sys = await startTestSystem({
    ALERT_GRACE_SECONDS: '1',
    SIMULATE: '0',
    UNITS_FILE: unitsFile,
    SOURCES_FILE: sourcesFile,
  });
  people = await makePersonas(sys, '', 'src');
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  clearInterval(beating);
  await browser?.close();
  await sys?.cleanup();
}, 120_000);

describe('source health in Chromium (real system)', () => {
  it('shows a late source in amber, then a silent one in red as soon as its outage alert arrives', async () => {
    await heartbeat('case', '4501');
    await heartbeat('property', '4502');
    await postEvents(
      sys,
      ELSEWHERE.map((i) => overdueIncident(i.incident, i.unit)),
    );
    wall = await openPage(browser, errors);
    const kiosk = await kioskToken(sys, await adminToken(sys), people.name.viewer);
    await wall.goto(`${sys.url}/wall?token=${encodeURIComponent(kiosk)}`);
    await wall.waitForURL((u) => u.pathname === '/wall' && !u.search.includes('token'));

    const banner = wall.locator('[data-testid=source-banner]');
    await expect.poll(() => banner.getAttribute('data-tone'), { timeout: 20_000 }).toBe('late');
    expect(await banner.innerText()).toContain('案件管理系统（南宁市）数据延迟');
    await screenshot(wall, 'wall-source-late-1920x1080.png');

    // Silent at 20 s: the outage alert is pushed to the wall, and the banner follows it at once.
    const outage = wall.locator('[data-alert-id^="SRC-OUTAGE"][data-kind=raised]');
    await outage.waitFor({ timeout: 30_000 });
    const seenAt = Date.now();
    await expect
      .poll(() => banner.getAttribute('data-tone'), { timeout: 3_000, interval: 100 })
      .toBe('silent');
    console.log(`banner red ${Date.now() - seenAt} ms after the outage alert reached the wall`);
    const text = await banner.innerText();
    expect(text).toMatch(/数据源异常：\s*案件管理系统（南宁市）已中断 /);
    expect(text).toContain('涉案财物管理系统（柳州市）数据延迟');
  }, 90_000);

  it('holds Nanning\'s overdue alerts: not counted, not on the ticker, "暂缓" beside the tiles', async () => {
    await postEvents(
      sys,
      NANNING.map((i) => overdueIncident(i.incident, i.unit)),
    );
    const store = sys.live.alerts;
    await until(
      async () => {
        const got = await store.getMany([...HELD_IDS, ...ELSEWHERE.map((i) => alertIdOf(i.incident))]);
        return (
          HELD_IDS.every((id) => got.get(id)?.state === 'held' && got.get(id)?.held_by === 'case:4501') &&
          ELSEWHERE.every((i) => got.get(alertIdOf(i.incident))?.state === 'open')
        );
      },
      30_000,
      'Nanning held, elsewhere raised',
    );
    const banner = wall.locator('[data-testid=source-banner]');
    await expect.poll(() => banner.innerText(), { timeout: 15_000 }).toContain('暂缓判定 3 条告警');
    const held = wall.locator('[data-testid=tile-held] .held-value');
    await expect.poll(() => held.innerText(), { timeout: 15_000 }).toBe('3');
    // The tiles agree with the server's active alerts, which do not include held ones.
    await until(
      async () => {
        const truth = await activeCounts(sys, people.token.viewer!);
        const shown = await Promise.all(['tile-p1', 'tile-p2', 'tile-p3'].map((t) => tile(wall, t)));
        return shown.join() === [truth.P1, truth.P2, truth.P3].join();
      },
      15_000,
      'wall tiles equal to the server',
    );
    expect(await tile(wall, 'tile-p1')).toBe(String(ELSEWHERE.length));
    for (const id of HELD_IDS) expect(await wall.locator(`[data-alert-id="${id}"]`).count()).toBe(0);
    for (const i of ELSEWHERE)
      await wall.locator(`[data-alert-id="${alertIdOf(i.incident)}"][data-kind=raised]`).waitFor();

    await wall.waitForTimeout(1000);
    await screenshot(wall, 'wall-source-silent-1920x1080.png');
    expect(await fits(wall)).toEqual({ w: 1920, h: 1080, scroll: false, bottom: true });
    await wall.setViewportSize({ width: 3840, height: 2160 });
    await wall.waitForTimeout(1000);
    expect(await fits(wall)).toEqual({ w: 3840, h: 2160, scroll: false, bottom: true });
    await screenshot(wall, 'wall-source-silent-3840x2160.png');
    await wall.setViewportSize({ width: 1920, height: 1080 });
  }, 90_000);

  it('lists the held alerts on the duty console with the source they wait for, and no actions', async () => {
    duty = await openPage(browser, errors);
    await signIn(duty, sys.url, people.name.officer, people.password.officer);
    await duty.waitForURL('**/duty');
    await duty.locator('[data-testid=source-banner][data-tone=silent]').waitFor({ timeout: 20_000 });
    for (const id of HELD_IDS) expect(await duty.locator(`.duty-row[data-alert-id="${id}"]`).count()).toBe(0);

    const stateFilter = duty.locator('select[aria-label="状态"]');
    await expect.poll(() => stateFilter.locator('option[value=held]').innerText()).toBe('暂缓判定（3）');
    await stateFilter.selectOption('held');
    await expect.poll(() => duty.locator('.duty-row').count()).toBe(3);
    const row = duty.locator(`.duty-row[data-alert-id="${HELD_IDS[0]}"]`);
    expect(await row.locator('.state').innerText()).toBe('暂缓');
    expect(await row.innerText()).toContain('等待 案件管理系统（南宁市）');
    await row.click();
    const preview = duty.locator('[data-testid=alert-preview]');
    await expect
      .poll(() => preview.locator('[data-testid=held-note]').innerText())
      .toContain('案件管理系统（南宁市）');
    expect(await preview.locator('[data-testid=ack]').isDisabled()).toBe(true);
    expect(await preview.locator('[data-testid=resolve]').isDisabled()).toBe(true);
    await duty.keyboard.press('a');
    await expect.poll(() => duty.locator('[data-testid=notice]').innerText()).toContain('暂不能签收或办结');
    await duty.keyboard.press('r');
    expect(await duty.locator('[role=dialog]').count()).toBe(0);
    await screenshot(duty, 'duty-held-1920x1080.png');

    await duty.keyboard.press('Enter');
    await duty.waitForURL('**/alerts/**');
    const detail = duty.locator('[data-testid=alert-detail]');
    await expect.poll(() => detail.locator('[data-testid=detail-state]').innerText()).toBe('暂缓');
    expect(await detail.locator('[data-testid=held-note]').innerText()).toContain('案件管理系统（南宁市）');
    expect(await duty.locator('[data-testid=timeline]').innerText()).toContain('数据源异常，暂缓判定');
    await screenshot(duty, 'alert-held-1920x1080.png');
    await duty.goBack();
    await duty.waitForURL('**/duty');
  }, 90_000);

  it('clears the banner when the source is back, then raises what stays missing as new violations', async () => {
    beating = setInterval(() => {
      void heartbeat('case', '4501').catch(() => undefined);
      void heartbeat('property', '4502').catch(() => undefined);
    }, 1000);
    await heartbeat('case', '4501');
    await heartbeat('property', '4502');
    await wall.locator('[data-alert-id^="SRC-OUTAGE"][data-kind=resolved]').waitFor({ timeout: 20_000 });
    await wall.locator('[data-testid=source-banner]').waitFor({ state: 'detached', timeout: 5_000 });
    // After the 5 s catch-up window with no registration: raised, a violation now.
    for (const id of HELD_IDS)
      await wall.locator(`[data-alert-id="${id}"][data-kind=raised]`).waitFor({ timeout: 30_000 });
    await expect.poll(() => wall.locator('[data-testid=tile-held]').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => tile(wall, 'tile-p1')).toBe(String(ELSEWHERE.length + NANNING.length));
    expect(await fits(wall)).toEqual({ w: 1920, h: 1080, scroll: false, bottom: true });
    await screenshot(wall, 'wall-source-back-1920x1080.png');

    const stateFilter = duty.locator('select[aria-label="状态"]');
    await expect.poll(() => stateFilter.locator('option[value=held]').innerText()).toBe('暂缓判定（0）');
    await stateFilter.selectOption('');
    for (const id of HELD_IDS) await duty.locator(`.duty-row[data-alert-id="${id}"]`).waitFor();
    expect(errors).toEqual([]);
  }, 90_000);
});

// ---- layouts with a stubbed GET /api/sources -------------------------------------------------------------

const SILENT_FOR_S = 2 * 3600 + 13 * 60;

function status(over: Partial<SourceStatus> & Pick<SourceStatus, 'source' | 'unit_prefix'>): SourceStatus {
  const now = Date.now();
  return {
    key: `${over.source}:${over.unit_prefix}`,
    name: over.source,
    name_en: null,
    unit_name: null,
    state: 'healthy',
    since: new Date(now - 86_400_000).toISOString(),
    monitored: true,
    last_event_at: new Date(now - 60_000).toISOString(),
    last_ingest_at: new Date(now - 30_000).toISOString(),
    last_heartbeat_at: null,
    silence_seconds: 30,
    lag_seconds: 60,
    held_alerts: 0,
    rules: [],
    ...over,
  };
}

/** The case system down in all fourteen cities for over two hours, and three more systems late. */
function many(): SourcesResponse {
  const cities = guangxiUnits().filter((u) => u.level === 'city');
  return {
    as_of: new Date().toISOString(),
    sources: [
      ...cities.map((c, i) =>
        status({
          source: 'case',
          name: '案件管理系统',
          name_en: 'Case system',
          unit_prefix: c.code.slice(0, 4),
          unit_name: c.name,
          state: 'silent',
          silence_seconds: SILENT_FOR_S + i * 60,
          held_alerts: 20 + i,
        }),
      ),
      ...['area', 'av', 'property'].map((id, i) =>
        status({
          source: id,
          name: ['执法办案管理中心', '视音频管理平台', '涉案财物管理系统'][i]!,
          name_en: ['Case-handling centres', 'Audio/video platform', 'Seized-property system'][i]!,
          unit_prefix: '45',
          unit_name: '广西壮族自治区公安厅',
          state: 'late',
          silence_seconds: 1200 + i * 300,
          held_alerts: i,
        }),
      ),
    ],
  };
}

describe('source banner layouts (stubbed GET /api/sources)', () => {
  it('groups a province-wide outage into one item, shows two on at most two lines, counts the rest; English', async () => {
    const page = await openPage(browser, errors);
    await page.route('**/api/sources', (route: Route) => route.fulfill({ json: many() }));
    const kiosk = await kioskToken(sys, await adminToken(sys), people.name.viewer);
    await page.goto(`${sys.url}/wall?token=${encodeURIComponent(kiosk)}`);
    const banner = page.locator('[data-testid=source-banner]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.getAttribute('data-tone')).toBe('silent');
    const text = await banner.innerText();
    expect(text).toMatch(/案件管理系统（南宁市、柳州市等 14 个单位）已中断 2小时26分 · 暂缓判定 371 条告警/);
    expect(text).toContain('另有 2 项异常');
    expect((await banner.boundingBox())!.height).toBeLessThanOrEqual(110);
    await page.waitForTimeout(1000);
    expect(await fits(page)).toEqual({ w: 1920, h: 1080, scroll: false, bottom: true });
    await screenshot(page, 'wall-source-many-1920x1080.png');

    await page.locator('button.ctl', { hasText: 'English' }).click();
    await expect
      .poll(() => banner.innerText())
      .toMatch(
        /Case system \(Nanning, Liuzhou and others, 14 units\) silent for 2 h 26 min · 371 alerts on hold/,
      );
    expect(await banner.innerText()).toContain('+2 more');
    expect(await fits(page)).toEqual({ w: 1920, h: 1080, scroll: false, bottom: true });
    await screenshot(page, 'wall-source-many-en-1920x1080.png');
    await page.locator('button.ctl', { hasText: '中文' }).click();
    await page.close();
    expect(errors).toEqual([]);
  }, 90_000);
});
