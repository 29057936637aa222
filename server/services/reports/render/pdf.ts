/**
 * The report's HTML printed to PDF by Chromium (playwright-core, the system's Chromium: `CHROMIUM_PATH`,
 * default /usr/bin/chromium): A4 portrait, 第 X 页 共 Y 页 in the footer. One browser per render, closed
 * whatever happens.
 */
import { chromium } from 'playwright-core';
import { SANS } from './html.js';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const FOOTER = `<div style="width:100%;text-align:center;font-size:9pt;font-family:${SANS};color:#333">
第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页</div>`;

export async function htmlToPdf(html: string, chromiumPath: string): Promise<Buffer> {
  const browser = await chromium
    .launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS })
    .catch((e: unknown) => {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new Error(`cannot start Chromium at ${chromiumPath} to print the PDF (CHROMIUM_PATH): ${why}`);
    });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
      margin: { top: '22mm', bottom: '22mm', left: '24mm', right: '22mm' },
    });
  } finally {
    await browser.close();
  }
}
