/**
 * Notifications in the dashboard, in real Chromium against the real system (in-process, no simulator; the
 * Guangxi directory as UNITS_FILE): NOTIFY_FILE declares one webhook channel `ops` pointing at a local HTTP
 * server started here (node:http, recording every request) and routes `alert.raised` to it.
 *
 * - an overdue incident raises an alert; the webhook receives `{"kind": "alert.raised", …}`, signed;
 * - the station's officer opens the alert page: 「已通知」 lists the delivery (新预警, the channel, Webhook, the
 *   time) — test-artifacts/notify-alert.png; a viewer may not read the log (403);
 * - the admin opens 管理 → 通知通道: the channel's row (Webhook, the target host, 正常, 每分钟…/不限), the
 *   pending counts; 「发送测试」 → 已送达 HTTP 200 · N ms inline and the local server got one more request;
 *   the channel's recent attempts open below it — test-artifacts/notify-admin.png.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { NotifyAttempt } from '../../common/notify.js';
import { ADMIN_PASSWORD, alertIdOf, call, makePersonas, until } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ensureDashboardBuilt, launchBrowser, openPage, screenshot, signIn } from './browser.js';
import type { Browser } from './browser.js';
import { STATION, raiseMany, writeGuangxiUnits } from './scenario.js';

const SECRET = 'notify-e2e-secret-0123';
const CHANNEL_NAME = '运维值班 Webhook';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { kind?: string; alert?: { alert_id?: string }; text?: string } | null;
}

/** A webhook receiver on a free loopback port: answers 200 `{}` and keeps every request. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Received['json'];
      try {
        json = JSON.parse(body) as Received['json'];
      } catch {
        json = null;
      }
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('notifications in the dashboard (Chromium)', () => {
  let sys: TestSystem;
  let browser: Browser;
  let station: Personas;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dir: string;
  const errors: string[] = [];
  const incident = `NTF${Date.now().toString(36).toUpperCase()}-a`;
  const ID = alertIdOf(incident);

  const delivered = () => receiver.received.filter((r) => r.json?.kind === 'alert.raised');

  beforeAll(async () => {
    ensureDashboardBuilt();
    receiver = await startReceiver();
    dir = tempDir('notify');
    const notifyFile = path.join(dir, 'notify.json');
    fs.writeFileSync(
      notifyFile,
      JSON.stringify({
        version: 1,
        channels: [
          { id: 'ops', name: CHANNEL_NAME, type: 'webhook', url: `${receiver.url}/hook`, secret: SECRET },
        ],
        contacts: [],
        routes: [{ match: { kinds: ['alert.raised'] }, to: ['channel:ops'] }],
      }),
    );
    sys = await startTestSystem({
      ALERT_GRACE_SECONDS: '1',
      SIMULATE: '0',
      UNITS_FILE: writeGuangxiUnits(dir),
      NOTIFY_FILE: notifyFile,
    });
    station = await makePersonas(sys, STATION, 'ntf');
    await raiseMany(sys, [{ incident, unit: STATION }]);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await sys?.cleanup();
    await receiver?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('the webhook receives the new alert, signed, and the attempt is recorded', async () => {
    await until(async () => delivered().length > 0, 60_000, 'the webhook called for alert.raised');
    const hook = delivered()[0]!;
    expect(hook.method).toBe('POST');
    expect(hook.json?.alert?.alert_id).toBe(ID);
    const signature = crypto.createHmac('sha256', SECRET).update(hook.body).digest('hex');
    expect(hook.headers['x-vigil-signature']).toBe(`sha256=${signature}`);
    const attempts = await until(
      async () => {
        const res = await call<{ notifications: NotifyAttempt[] }>(
          sys.url,
          'GET',
          `/api/notifications?alert_id=${encodeURIComponent(ID)}`,
          { token: station.token.officer },
        );
        expect(res.status, res.text).toBe(200);
        return res.json.notifications.some((a) => a.outcome === 'delivered') ? res.json.notifications : null;
      },
      30_000,
      'the delivered attempt recorded',
    );
    expect(attempts[0]).toMatchObject({ kind: 'alert.raised', channel: 'ops', channel_type: 'webhook' });
    const viewer = await call(sys.url, 'GET', `/api/notifications?alert_id=${encodeURIComponent(ID)}`, {
      token: station.token.viewer,
    });
    expect(viewer.status).toBe(403);
  }, 90_000);

  it('the officer sees 「已通知」 on the alert page with the channel', async () => {
    const page: Page = await openPage(browser, errors);
    await signIn(page, sys.url, station.name.officer, station.password.officer);
    await page.waitForURL('**/duty');
    await page.goto(`${sys.url}/alerts/${encodeURIComponent(ID)}`);
    const panel = page.locator('[data-testid=notified-panel]');
    await panel.waitFor({ timeout: 20_000 });
    expect(await panel.locator('h2').innerText()).toBe('已通知');
    const row = panel.locator('[data-testid=notified-delivery]').first();
    // The panel reads the log again every 30 s: the delivery may be recorded just after the page opened.
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 40_000 }).toBe('delivered');
    const text = await row.innerText();
    expect(text).toContain('新预警');
    expect(text).toMatch(/已通知 (运维值班 Webhook|ops)（Webhook）\d{2}:\d{2}:\d{2}/);
    expect(await panel.locator('[data-testid=notified-none]').count()).toBe(0);
    await screenshot(page, 'notify-alert.png');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('the admin sees the channel under 管理 → 通知通道 and sends a test', async () => {
    const page: Page = await openPage(browser, errors);
    await signIn(page, sys.url, 'admin', ADMIN_PASSWORD);
    await page.waitForURL('**/trends**');
    await page.goto(`${sys.url}/admin`);
    await page.locator('[data-testid=admin-tab-notify]').click();
    await page.waitForURL(/\/admin\?tab=notify$/);
    const section = page.locator('[data-testid=notify-channels]');
    await section.waitFor();
    expect(await section.locator('[data-testid=notify-off]').count()).toBe(0);
    expect(await section.locator('[data-testid=notify-pending]').innerText()).toMatch(
      /^待发送 \d+，待提醒\/升级 \d+$/,
    );
    const row = section.locator('[data-testid=channel-table] tr[data-channel="ops"]');
    await row.waitFor();
    expect(await row.innerText()).toContain(CHANNEL_NAME);
    expect(await row.locator('[data-testid=channel-type]').innerText()).toBe('Webhook');
    expect(await row.innerText()).toContain('127.0.0.1');
    expect(await row.locator('[data-testid=channel-health]').innerText()).toBe('正常');
    expect(await row.locator('[data-testid=channel-last]').innerText()).toContain('已送达');

    const before = receiver.received.length;
    const button = row.locator('[data-testid=channel-test]');
    expect(await button.innerText()).toBe('发送测试');
    await button.click();
    const result = row.locator('[data-testid=channel-test-result]');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.innerText()).toMatch(/^已送达 HTTP 200 · \d+ ms$/);
    expect(await button.innerText()).toBe('发送测试');
    await until(async () => receiver.received.length > before, 10_000, 'the test message received');
    const test = receiver.received.at(-1)!;
    expect(test.method).toBe('POST');
    expect(test.headers['x-vigil-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

    await row.locator('[data-testid=channel-recent]').click();
    const recent = section.locator('[data-testid=channel-attempts]');
    await recent.waitFor();
    await expect
      .poll(() => recent.locator('tbody tr').count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await screenshot(page, 'notify-admin.png');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
