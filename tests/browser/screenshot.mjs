// Saves a 1280x800 screenshot of a page in Debian's headless Chromium
// (playwright-core drives /usr/bin/chromium; no browser is downloaded).
// Prints every console error, uncaught page error, failed request and HTTP
// error status, and exits non-zero if there was any. Refuses to start
// without a CJK font (fonts-noto-cjk): Chinese names would be tofu.
//
// usage: node screenshot.mjs URL OUTPUT.png
//   env: CHROMIUM   browser binary (default /usr/bin/chromium)
//        WAIT_FOR   CSS selector to wait for before the shot (optional;
//                   the explorer sets #graph[data-drawn] once laid out)
//        SETTLE_MS  extra wait after load, in ms (default 500)
//        VIEWPORT   WIDTHxHEIGHT (default 1280x800)
import { chromium } from 'playwright-core';
import { requireCJKFont } from './common.mjs';

const [url, out] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node screenshot.mjs URL OUTPUT.png');
  process.exit(2);
}
requireCJKFont();
const [width, height] = (process.env.VIEWPORT || '1280x800').split('x').map(Number);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) =>
    problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });

  const res = await page.goto(url, { waitUntil: 'networkidle', timeout: 30000 });
  if (!res || !res.ok()) problems.push(`page answered ${res ? res.status() : 'nothing'}`);
  if (process.env.WAIT_FOR) {
    await page.waitForSelector(process.env.WAIT_FOR, { timeout: 15000 });
  }
  await page.waitForTimeout(Number(process.env.SETTLE_MS ?? 500));
  await page.screenshot({ path: out });
  console.log(`screenshot: ${url} -> ${out}`);
} catch (e) {
  problems.push(`error: ${e.message}`);
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
