/**
 * The duty console's keyboard and its race with other officers, in real Chromium against the real system
 * (in-process, no simulator; the Guangxi directory loaded as UNITS_FILE so units have names):
 *
 * - j/k select, `r` opens the resolve dialog, a note typed and confirmed with Ctrl+Enter (an empty note is
 *   refused in words first): the alert leaves the queue, the console says it was resolved, the selection
 *   moves to the alert now in its place, and the server has the alert resolved `manual` with the note and
 *   the officer as the actor;
 * - the 409 path, an alert resolved elsewhere (a direct API call by another user) while the officer is
 *   writing the note. The socket's copy of that change is withheld from the page (playwright's
 *   routeWebSocket), so the console still shows the alert open when the officer confirms: the server answers
 *   409, the console says who resolved it and when, fetches the alert and drops the row, without a page
 *   error; the withheld change, let through afterwards, changes nothing;
 * - the same race when the socket is quick: the row leaves while the dialog is open, the dialog says so,
 *   and confirming anyway ends in the same explanation.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebSocketRoute } from 'playwright-core';
import type { Alert } from '../../common/alerts.js';
import type { AlertDetail } from '../../common/api.js';
import { alertIdOf, call, makePersonas, until } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ensureDashboardBuilt, launchBrowser, openPage, screenshot, signIn } from './browser.js';
import type { Browser } from './browser.js';
import { STATION, raiseMany, writeGuangxiUnits } from './scenario.js';

let sys: TestSystem;
let browser: Browser;
let people: Personas;
let duty: Page;
let unitsDir: string;
const errors: string[] = [];
const tag = `KEY${Date.now().toString(36).toUpperCase()}`;
const INCIDENTS = ['a', 'b', 'c', 'd', 'e'].map((s) => `${tag}-${s}`);
const IDS = INCIDENTS.map(alertIdOf);

/** Socket.IO frames from the server that mention one of these alert ids are held back from the page. */
const withheld = new Set<string>();
const held: { route: WebSocketRoute; message: string | Buffer }[] = [];
let socketsRouted = 0;
/** Status of every resolve the page posted, by alert id. */
const resolveAnswers: { id: string; status: number }[] = [];

const selectedId = () => duty.locator('.duty-row.selected').getAttribute('data-alert-id');
const row = (id: string) => duty.locator(`.duty-row[data-alert-id="${id}"]`);
const notice = () => duty.locator('[data-testid=notice]').innerText();

/** Moves the selection with j (down) until `id` is selected; k once first, to show it moves back. */
async function selectWithKeys(id: string): Promise<void> {
  await duty.keyboard.press('Home');
  for (let i = 0; i < IDS.length + 2; i += 1) {
    if ((await selectedId()) === id) return;
    const before = await selectedId();
    await duty.keyboard.press('j');
    await expect.poll(selectedId).not.toBe(before);
    if (i === 0) {
      // k goes back to where we were; j again.
      await duty.keyboard.press('k');
      await expect.poll(selectedId).toBe(before);
      await duty.keyboard.press('j');
      await expect.poll(selectedId).not.toBe(before);
    }
  }
  expect(await selectedId()).toBe(id);
}

async function detail(id: string): Promise<AlertDetail> {
  const res = await call<AlertDetail>(sys.url, 'GET', `/api/alerts/${encodeURIComponent(id)}`, {
    token: people.token.officer,
  });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

async function resolveElsewhere(id: string, note: string): Promise<Alert> {
  const res = await call<Alert>(sys.url, 'POST', `/api/alerts/${encodeURIComponent(id)}/resolve`, {
    token: people.token.manager,
    body: { note },
  });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

beforeAll(async () => {
  ensureDashboardBuilt();
  unitsDir = tempDir('units');
  const unitsFile = writeGuangxiUnits(unitsDir);
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', SIMULATE: '0', UNITS_FILE: unitsFile });
  people = await makePersonas(sys, '', 'keys');
  await raiseMany(
    sys,
    INCIDENTS.map((incident) => ({ incident, unit: STATION })),
  );
  browser = await launchBrowser();
  duty = await openPage(browser, errors);
  duty.on('response', (res) => {
    const m = /\/api\/alerts\/([^/]+)\/resolve$/.exec(new URL(res.url()).pathname);
    if (m && res.request().method() === 'POST')
      resolveAnswers.push({ id: decodeURIComponent(m[1]!), status: res.status() });
  });
  await duty.routeWebSocket(/\/socket\.io\//, (ws) => {
    socketsRouted += 1;
    const server = ws.connectToServer();
    server.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString('utf8');
      if ([...withheld].some((id) => text.includes(JSON.stringify(id)))) held.push({ route: ws, message });
      else ws.send(message);
    });
  });
  await signIn(duty, sys.url, people.name.officer, people.password.officer);
  await duty.waitForURL('**/duty');
  await until(async () => (await duty.locator('.duty-row').count()) === IDS.length, 20_000, 'the queue');
  await duty.locator('[data-testid=conn-pill].connected').waitFor({ timeout: 20_000 });
  if (socketsRouted === 0) throw new Error('the socket did not go through the WebSocket route');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sys?.cleanup();
  if (unitsDir) fs.rmSync(unitsDir, { recursive: true, force: true });
}, 120_000);

describe('duty console keyboard and races (Chromium)', () => {
  it('resolves with j/k, r, a note and Ctrl+Enter; the server has it resolved manual', async () => {
    const target = IDS[1]!;
    await selectWithKeys(target);
    await duty.keyboard.press('r');
    const dialog = duty.locator('[data-testid=resolve-dialog]');
    await dialog.waitFor();
    // The note box has the focus: an empty note is refused in words.
    await duty.keyboard.press('Control+Enter');
    await expect.poll(() => dialog.locator('.err').innerText()).toBe('请填写办结说明');
    const note = '已电话核实，补录接报案登记（键盘办结）';
    await duty.keyboard.type(note);
    await screenshot(duty, 'duty-resolve-dialog-1920x1080.png');
    await duty.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row(target).count()).toBe(0);
    expect(resolveAnswers).toEqual([{ id: target, status: 200 }]);
    await expect.poll(notice).toContain('已办结 · ');
    // …and keeps saying so (not replaced by a vaguer "the selected alert left the list").
    await duty.waitForTimeout(400);
    expect(await notice()).toContain('已办结 · ');
    // The selection moved to the alert now in its place, and the keys still work.
    await expect.poll(selectedId).not.toBeNull();
    expect(IDS).toContain(await selectedId());

    const d = await detail(target);
    expect(d.state).toBe('resolved');
    expect(d.resolution).toBe('manual');
    const last = d.history.at(-1)!;
    expect(last.kind).toBe('resolved');
    expect(last.actor).toBe(people.name.officer);
    expect(last.note).toBe(note);
  }, 60_000);

  it('explains an alert resolved elsewhere while the officer writes the note (409), and drops the row', async () => {
    const target = IDS[3]!;
    await selectWithKeys(target);
    withheld.add(target);
    await duty.keyboard.press('r');
    const dialog = duty.locator('[data-testid=resolve-dialog]');
    await dialog.waitFor();
    await duty.keyboard.type('准备办结');
    // Meanwhile another user resolves it; the socket's copy of the change does not reach the page.
    await resolveElsewhere(target, '已由分局统一办结');
    await expect.poll(() => held.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await row(target).count()).toBe(1);
    await duty.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(notice).toMatch(/该告警已由 keys-manager 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 办结/);
    await expect.poll(() => row(target).count()).toBe(0);
    expect(resolveAnswers.filter((r) => r.id === target)).toEqual([{ id: target, status: 409 }]);
    await screenshot(duty, 'duty-resolved-elsewhere-1920x1080.png');
    // Nothing more on the server: still the other user's resolution.
    const d = await detail(target);
    expect(d.history.filter((h) => h.kind === 'resolved').map((h) => h.actor)).toEqual([people.name.manager]);
    // The withheld change, delivered late, is ignored (older than what the console has).
    withheld.delete(target);
    for (const h of held.splice(0)) h.route.send(h.message);
    await duty.waitForTimeout(500);
    expect(await row(target).count()).toBe(0);
    // The console goes on: the next alert can be selected and acknowledged with the keys.
    const next = IDS[0]!;
    await selectWithKeys(next);
    await duty.keyboard.press('a');
    await expect.poll(() => row(next).locator('.state').innerText()).toBe('已签收');
    expect(errors).toEqual([]);
  }, 60_000);

  it('says so in the dialog when the socket brings the resolution first, and only offers to close', async () => {
    const target = IDS[4]!;
    await selectWithKeys(target);
    await duty.keyboard.press('r');
    const dialog = duty.locator('[data-testid=resolve-dialog]');
    await dialog.waitFor();
    await duty.keyboard.type('准备办结');
    await resolveElsewhere(target, '已由分局统一办结');
    await expect.poll(() => row(target).count()).toBe(0);
    const closed = dialog.locator('[data-testid=resolve-closed]');
    await expect.poll(() => closed.innerText()).toMatch(/该告警已由 keys-manager 于 .* 办结/);
    expect(await dialog.locator('button[type=submit]').count()).toBe(0);
    await screenshot(duty, 'duty-resolved-meanwhile-1920x1080.png');
    // The confirming key now only closes the dialog; nothing is sent.
    await duty.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(resolveAnswers.filter((r) => r.id === target)).toEqual([]);
    const d = await detail(target);
    expect(d.history.filter((h) => h.kind === 'resolved').map((h) => h.actor)).toEqual([people.name.manager]);
    // Keys belong to the queue again.
    await duty.keyboard.press('Home');
    const first = await selectedId();
    await duty.keyboard.press('j');
    await expect.poll(selectedId).not.toBe(first);
    expect(errors).toEqual([]);
  }, 60_000);
});
