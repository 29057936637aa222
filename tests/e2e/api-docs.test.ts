/**
 * The API documents in real Chromium, served by the real app (createApp: the same security headers and
 * Content-Security-Policy as production) with the documents' router: the page shows every route and the
 * event types under the strict CSP without a single violation; the JSON document is served as JSON.
 * Screenshots: the top of the page, and an event type opened on its example.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/node/logger.js';
import { EVENT_TYPES } from '../../common/event-types.js';
import { createApp } from '../../server/app.js';
import { docsRoutes } from '../../server/routes/docs.routes.js';
import { launchBrowser, openPage, screenshot } from './browser.js';
import type { Browser } from './browser.js';

let server: http.Server;
let url: string;
let browser: Browser;
let dir: string;
const errors: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-docs-'));
  const app = createApp({ logger: silentLogger, staticDir: dir, routers: [docsRoutes()] });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('API documents in Chromium', () => {
  it('shows every route and event type under the strict CSP, without violations', async () => {
    const page = await openPage(browser, errors);
    const csp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    const res = await page.goto(`${url}/api/docs`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.title()).toBe('守望 Vigil API · 接口文档');
    const ops = page.locator('section.op');
    expect(await ops.count()).toBeGreaterThan(30);
    expect(await page.locator('#putApiUsersUsernamePassword h3').innerText()).toBe(
      'PUT /api/users/{username}/password',
    );
    expect(await page.locator('details[id^=event-]').count()).toBe(EVENT_TYPES.length);
    await screenshot(page, 'api-docs-1920x1080.png');

    await page.locator('#event-recording\\.uploaded summary').click();
    await page.locator('#event-recording\\.uploaded').scrollIntoViewIfNeeded();
    const example = await page.locator('#event-recording\\.uploaded pre').innerText();
    expect(JSON.parse(example)).toMatchObject({
      type: 'recording.uploaded',
      recording_id: expect.any(String),
    });
    await screenshot(page, 'api-docs-event-1920x1080.png');

    await page.locator('#postApiEvents').scrollIntoViewIfNeeded();
    await screenshot(page, 'api-docs-events-route-1920x1080.png');
    expect(csp).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('serves the OpenAPI document as JSON', async () => {
    const res = await fetch(`${url}/api/openapi.json`);
    expect(res.headers.get('content-type')).toContain('application/json');
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.1');
    expect(Object.keys(doc.paths)).toContain('/api/events');
  });
});
