/**
 * 督办 end to end, in real Chromium against the real system (in-process, no simulator; the Guangxi directory
 * as UNITS_FILE so units have names): a city manager marks two alerts of a station in the duty console and
 * issues one order about them (x, x, i, the dialog); the station's officer finds it in the inbox (待签收),
 * receives it (r) and answers it (a) citing an evidence event; the manager returns it from the outbox
 * (待审核, v) with a note; the officer sees it under 被退回 with the note, answers again; the manager accepts
 * (销号). The server's copy is checked at each step. Screenshots at 1920×1080: the inbox, the outbox, the alert
 * page with the order's history, and the wall with its 督办 tile, ticker and countdown.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Supervision } from '../../common/supervision.js';
import type { SupervisionDetail } from '../../common/api.js';
import { alertIdOf, call, makePersonas, until } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ensureDashboardBuilt, launchBrowser, openPage, screenshot, signIn } from './browser.js';
import type { Browser } from './browser.js';
import { STATION, raiseMany, writeGuangxiUnits } from './scenario.js';

const COUNTY = '450103000000';
let sys: TestSystem;
let browser: Browser;
let city: Personas;
let station: Personas;
let mgr: Page;
let off: Page;
let unitsDir: string;
const errors: string[] = [];
const tag = `SUP${Date.now().toString(36).toUpperCase()}`;
const INCIDENTS = ['a', 'b', 'c', 'd'].map((s) => `${tag}-${s}`);
const IDS = INCIDENTS.map(alertIdOf);
let orderId = '';

async function order(id: string): Promise<SupervisionDetail> {
  const res = await call<SupervisionDetail>(sys.url, 'GET', `/api/supervisions/${id}`, {
    token: city.token.manager,
  });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

const selectedOrder = (p: Page) => p.locator('.order-row.selected').getAttribute('data-order-id');
const notice = (p: Page) => p.locator('[data-testid=notice]').innerText();

/** Moves the selection in the duty queue with j until `id` is selected. */
async function selectAlert(p: Page, id: string): Promise<void> {
  await p.keyboard.press('Home');
  for (let i = 0; i < 10; i += 1) {
    if ((await p.locator('.duty-row.selected').getAttribute('data-alert-id')) === id) return;
    await p.keyboard.press('j');
  }
  throw new Error(`could not select ${id}`);
}

/** Selects the order in the board with j/k (the list is short). */
async function selectOrder(p: Page, id: string): Promise<void> {
  await p.locator(`.order-row[data-order-id="${id}"]`).waitFor();
  for (let i = 0; i < 10 && (await selectedOrder(p)) !== id; i += 1) await p.keyboard.press('j');
  if ((await selectedOrder(p)) !== id) await p.locator(`.order-row[data-order-id="${id}"]`).click();
  expect(await selectedOrder(p)).toBe(id);
}

beforeAll(async () => {
  ensureDashboardBuilt();
  unitsDir = tempDir('units');
  const unitsFile = writeGuangxiUnits(unitsDir);
  // 提醒 must be received within 3 s here, so that an unreceived one escalates while the test watches.
  const supervisionFile = `${unitsDir}/supervision.json`;
  fs.writeFileSync(
    supervisionFile,
    JSON.stringify({
      version: 1,
      levels: {
        reminder: { receive_within: '3s', feedback_within: '24h' },
        order: { receive_within: '2h', feedback_within: '3d' },
        listed: { receive_within: '1h', feedback_within: '7d' },
      },
      policies: [],
    }),
  );
  sys = await startTestSystem({
    ALERT_GRACE_SECONDS: '1',
    SIMULATE: '0',
    UNITS_FILE: unitsFile,
    SUPERVISION_FILE: supervisionFile,
  });
  city = await makePersonas(sys, '4501', 'city');
  station = await makePersonas(sys, STATION, 'stn');
  await raiseMany(
    sys,
    INCIDENTS.map((incident) => ({ incident, unit: STATION })),
  );
  browser = await launchBrowser();
  mgr = await openPage(browser, errors);
  off = await openPage(browser, errors);
  await signIn(mgr, sys.url, city.name.manager, city.password.manager);
  await mgr.waitForURL('**/trends');
  await signIn(off, sys.url, station.name.officer, station.password.officer);
  await off.waitForURL('**/duty');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sys?.cleanup();
  if (unitsDir) fs.rmSync(unitsDir, { recursive: true, force: true });
}, 120_000);

describe('督办 from issue to 销号 (Chromium)', () => {
  it('a manager issues one order about two alerts from the duty console', async () => {
    await mgr.goto(`${sys.url}/duty`);
    await until(async () => (await mgr.locator('.duty-row').count()) === IDS.length, 20_000, 'the queue');
    await mgr.locator('[data-testid=conn-pill].connected').waitFor({ timeout: 20_000 });
    await selectAlert(mgr, IDS[0]!);
    await mgr.keyboard.press('x');
    await selectAlert(mgr, IDS[1]!);
    await mgr.keyboard.press('x');
    await expect.poll(() => mgr.locator('.duty-row.marked').count()).toBe(2);
    await mgr.keyboard.press('i');
    const dialog = mgr.locator('[data-testid=issue-dialog]');
    await dialog.waitFor();
    // The default unit is the alerts' own station; the county and the city are offered above it.
    expect(await dialog.locator('[data-testid=issue-unit]').inputValue()).toBe(STATION);
    const units = await dialog
      .locator('[data-testid=issue-unit] option')
      .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(units).toEqual([STATION, COUNTY, '450100000000']);
    await dialog.locator('[data-testid=issue-submit]').click();
    await expect.poll(() => dialog.locator('.err').innerText()).toBe('请填写督办要求');
    await mgr.keyboard.type('两起警情超期未登记，请核查原因并补录，说明责任人。');
    await mgr.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => notice(mgr)).toContain('已下发督办');
    const list = await call<{ supervisions: Supervision[] }>(sys.url, 'GET', '/api/supervisions?state=open', {
      token: city.token.manager,
    });
    expect(list.json.supervisions).toHaveLength(1);
    const o = list.json.supervisions[0]!;
    orderId = o.supervision_id;
    expect(o).toMatchObject({
      state: 'issued',
      level: 'order',
      unit_code: STATION,
      issued_by: city.name.manager,
    });
    expect([...o.alert_ids].sort()).toEqual([IDS[0], IDS[1]].sort());
    // The queue shows the order beside its alerts.
    await expect.poll(() => mgr.locator('[data-testid=row-order]').count()).toBe(2);
  }, 90_000);

  it("the station's officer receives it from the inbox and answers citing evidence", async () => {
    // The link a notification carries (/duty?order=<id>) opens the inbox on the order.
    await off.goto(`${sys.url}/duty?order=${encodeURIComponent(orderId)}`);
    const board = off.locator('[data-testid=order-inbox]');
    await board.waitFor();
    await expect.poll(() => selectedOrder(off)).toBe(orderId);
    await off.locator('[data-testid=tab-alerts]').click();
    await off.locator('[data-testid=tab-inbox]').click();
    await board.waitFor();
    await selectOrder(off, orderId);
    await expect.poll(() => off.locator('[data-testid=inbox-tab-issued] b').innerText()).toBe('1');
    await expect
      .poll(() => board.locator('[data-testid=order-countdown]').first().innerText())
      .toMatch(/^剩 /);
    await screenshot(off, 'sup-inbox.png');
    await off.keyboard.press('r');
    await expect.poll(() => notice(off)).toContain('已签收督办');
    await expect.poll(async () => (await order(orderId)).state).toBe('received');
    await expect
      .poll(() => off.locator(`.order-row[data-order-id="${orderId}"]`).getAttribute('data-state'))
      .toBe('received');
    await off.keyboard.press('a');
    const dialog = off.locator('[data-testid=answer-dialog]');
    await dialog.waitFor();
    await dialog.locator('[data-testid=answer-event]').first().waitFor();
    await dialog.locator('[data-testid=answer-event] input').first().check();
    await dialog
      .locator('[data-testid=answer-text]')
      .fill('已核查：接警后未及时登记，已补录并对值班民警批评教育。');
    await off.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    const o = await order(orderId);
    expect(o.state).toBe('answered');
    expect(o.answers).toHaveLength(1);
    expect(o.answers[0]!.event_ids).toHaveLength(1);
    expect(o.answers[0]!.by).toBe(station.name.officer);
  }, 60_000);

  it('the manager returns it from the outbox with a note', async () => {
    // A second, heavier order stays open for the outbox and the wall: 挂牌督办 to the county (API).
    const second = await call<Supervision>(sys.url, 'POST', '/api/supervisions', {
      token: city.token.manager,
      body: { alert_ids: [IDS[2]], unit_code: COUNTY, level: 'listed', instructions: '挂牌督办：限期整改' },
    });
    expect(second.status, second.text).toBe(201);
    await mgr.locator('[data-testid=tab-outbox]').click();
    await mgr.locator('[data-testid=order-outbox]').waitFor();
    await mgr.locator('[data-testid=outbox-tab-answered]').click();
    await selectOrder(mgr, orderId);
    await mgr.locator('[data-testid=outbox-tab-all]').click();
    await mgr.locator(`.order-row[data-order-id="${second.json.supervision_id}"]`).waitFor();
    await selectOrder(mgr, orderId);
    await screenshot(mgr, 'sup-outbox.png');
    await mgr.keyboard.press('v');
    const dialog = mgr.locator('[data-testid=review-dialog]');
    await dialog.waitFor();
    expect(await dialog.locator('[data-testid=review-answer]').innerText()).toContain('已补录');
    await dialog.locator('[data-testid=review-return]').check();
    await mgr.keyboard.press('Control+Enter');
    await expect.poll(() => dialog.locator('.err').innerText()).toBe('退回时须写明退回意见');
    await dialog.locator('[data-testid=review-note]').fill('未说明责任人，请补充。');
    await dialog.locator('[data-testid=review-submit]').click();
    await dialog.waitFor({ state: 'detached' });
    const o = await order(orderId);
    expect(o.state).toBe('returned');
    expect(o.reviews.at(-1)).toMatchObject({ decision: 'return', by: city.name.manager });
  }, 60_000);

  it('the officer sees it returned, with the note, and answers again; the manager accepts', async () => {
    await off.locator('[data-testid=inbox-tab-returned]').click();
    await selectOrder(off, orderId);
    await off.keyboard.press('a');
    const dialog = off.locator('[data-testid=answer-dialog]');
    await dialog.waitFor();
    expect(await dialog.locator('[data-testid=answer-returned-note]').innerText()).toContain('未说明责任人');
    await dialog
      .locator('[data-testid=answer-text]')
      .fill('责任人为当班值班民警张某，已批评教育并记录在案。');
    await dialog.locator('[data-testid=answer-submit]').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await order(orderId)).state).toBe('answered');

    await mgr.locator('[data-testid=outbox-tab-answered]').click();
    await selectOrder(mgr, orderId);
    await mgr.keyboard.press('v');
    const review = mgr.locator('[data-testid=review-dialog]');
    await review.waitFor();
    await review.locator('[data-testid=review-accept]').check();
    await review.locator('[data-testid=review-note]').fill('同意销号');
    await review.locator('[data-testid=review-submit]').click();
    await review.waitFor({ state: 'detached' });
    await expect.poll(() => notice(mgr)).toContain('已销号');
    const o = await order(orderId);
    expect(o.state).toBe('closed');
    expect(o.answers).toHaveLength(2);
    expect(o.reviews.map((r) => r.decision)).toEqual(['return', 'accept']);
    expect(o.history.map((h) => h.kind)).toEqual(
      expect.arrayContaining(['issued', 'received', 'answered', 'returned', 'closed']),
    );
    // The order left the outbox's open lists.
    await expect.poll(() => mgr.locator(`.order-row[data-order-id="${orderId}"]`).count()).toBe(0);
  }, 60_000);

  it('the alert page shows the order, its history and no actions once closed', async () => {
    await mgr.goto(`${sys.url}/alerts/${encodeURIComponent(IDS[0]!)}`);
    const panel = mgr.locator('[data-testid=supervision-panel]');
    await panel.locator('[data-testid=order-history] li').nth(4).waitFor({ timeout: 20_000 });
    expect(await panel.locator('[data-testid=order-state]').innerText()).toBe('已销号');
    expect(await panel.locator('[data-testid=order-review]').count()).toBe(0);
    // Closed: a new order may be issued about the alert.
    expect(await panel.locator('[data-testid=detail-issue]').count()).toBe(1);
    await screenshot(mgr, 'sup-detail.png');
  }, 60_000);

  it('the wall shows the 督办 tile, the order in the ticker and its countdown', async () => {
    const wall = await openPage(browser, errors);
    await signIn(wall, sys.url, city.name.viewer, city.password.viewer);
    await wall.waitForURL('**/wall');
    const tile = wall.locator('[data-testid=tile-supervision]');
    await expect.poll(() => tile.locator('.value').innerText(), { timeout: 20_000 }).toBe('1');
    expect(await tile.locator('.sub').innerText()).toBe('逾期 0 · 挂牌 1');
    await wall.locator('[data-testid=wall-order-countdown] li').first().waitFor();
    expect(await wall.locator('[data-testid=wall-order-countdown] li').first().innerText()).toContain(
      '挂牌督办',
    );
    await expect.poll(() => wall.locator('.ticker .badge.sup').count()).toBeGreaterThan(0);
    await wall.waitForTimeout(500);
    await screenshot(wall, 'wall-sup-tile.png');
    expect(errors).toEqual([]);
  }, 60_000);

  it("an unreceived 提醒 escalates: 督办逾期未签收 appears on the county's wall", async () => {
    const res = await call<Supervision>(sys.url, 'POST', '/api/supervisions', {
      token: city.token.manager,
      body: { alert_ids: [IDS[3]], unit_code: STATION, level: 'reminder', instructions: '请签收' },
    });
    expect(res.status, res.text).toBe(201);
    const county = await makePersonas(sys, '450103', 'cty');
    const wall = await openPage(browser, errors);
    await signIn(wall, sys.url, county.name.viewer, county.password.viewer);
    await wall.waitForURL('**/wall');
    await expect
      .poll(() => wall.locator('ol.ticker').first().innerText(), { timeout: 30_000 })
      .toContain('督办逾期未签收');
    const tile = wall.locator('[data-testid=tile-supervision]');
    await expect.poll(() => tile.locator('.sub').innerText(), { timeout: 20_000 }).toContain('逾期 1');
    // Live, not only loaded: the connection banner is gone.
    await wall.locator('[data-testid=connection-banner]').waitFor({ state: 'detached', timeout: 20_000 });
    await wall.waitForTimeout(500);
    await screenshot(wall, 'wall-sup-escalated.png');
    // The station's officer does not see the county's alert; the order itself is overdue for receiving.
    const now = await order(res.json.supervision_id);
    expect(now).toMatchObject({
      state: 'issued',
      overdue: 'receive',
      escalated_to: expect.stringMatching(/^45/),
    });
    expect(errors).toEqual([]);
  }, 90_000);
});
