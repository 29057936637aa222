/**
 * Browser helpers for the dashboard's end-to-end test: Debian's Chromium through playwright-core with a
 * temporary profile, sign-in through the login form, frame-time measurement inside the page, screenshots.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const CHROMIUM = '/usr/bin/chromium';

/** Builds dashboard/dist when it is missing (npm test builds it when stale, before Vitest starts). */
export function ensureDashboardBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dashboard', 'dist', 'index.html'))) return;
  const r = spawnSync('npm', ['run', 'build:dashboard'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build:dashboard failed');
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new tab that fails the test on uncaught page errors (collected, checked by the caller). */
export async function openPage(b: Browser, errors: string[]): Promise<Page> {
  const page = await b.context.newPage();
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|ERR_INTERNET_DISCONNECTED|WebSocket/.test(m.text()))
      errors.push(`${page.url()}: console: ${m.text()}`);
  });
  return page;
}

export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file });
  return file;
}

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
}

export function frameStats(deltas: number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    frames: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(sorted.at(-1) ?? NaN),
  };
}

/**
 * In-page recorder (plain JavaScript: this file is type-checked without the DOM library). Resolves with the
 * requestAnimationFrame deltas over `ms`; scrolls `sel` by `step` px a frame (down, then back up) if given.
 */
const RECORD_FRAMES = `({ ms, sel, step }) => new Promise((resolve) => {
  const deltas = [];
  const el = sel ? document.querySelector(sel) : null;
  let dir = 1;
  let last = performance.now();
  const end = last + ms;
  const tick = (t) => {
    deltas.push(t - last);
    last = t;
    if (el) {
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) dir = -1;
      else if (el.scrollTop <= 0) dir = 1;
      el.scrollTop += dir * step;
    }
    if (t < end) requestAnimationFrame(tick);
    else resolve(deltas.slice(1));
  };
  requestAnimationFrame(tick);
})`;

/** Frame times in the page for `ms` while `during` runs (and, with `scrollSelector`, while scrolling it). */
export async function measureFrames(
  page: Page,
  ms: number,
  opts: { scrollSelector?: string; step?: number; during?: () => Promise<void> } = {},
): Promise<FrameStats> {
  const args = { ms, sel: opts.scrollSelector ?? null, step: opts.step ?? 40 };
  const recording = page.evaluate(`(${RECORD_FRAMES})(${JSON.stringify(args)})`) as Promise<number[]>;
  await opts.during?.();
  return frameStats(await recording);
}
