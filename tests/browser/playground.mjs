// Opens the playground in Debian's headless Chromium, checks that GraphiQL
// renders with the example tabs, runs the open example, and saves a
// screenshot. Exits non-zero on any console error or failed request.
//
// usage: node playground.mjs BASE_URL SCREENSHOT.png
import { chromium } from 'playwright-core';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node playground.mjs BASE_URL SCREENSHOT.png');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`off-site request: ${r.url()}`);
  });

  await page.goto(base + '/', { waitUntil: 'networkidle' });
  await page.waitForSelector('.graphiql-container', { timeout: 15000 });
  const tabs = await page.locator('.graphiql-tab').count();
  if (tabs < 12) problems.push(`expected at least 12 example tabs, found ${tabs}`);

  await page.locator('.graphiql-execute-button').click();
  await page.waitForFunction(() => {
    const r = document.querySelector('.graphiql-response');
    return r && r.textContent.includes('"data"');
  }, null, { timeout: 15000 });
  const response = await page.locator('.graphiql-response').innerText();
  if (response.includes('"errors"')) problems.push('the example answered with errors');
  await page.screenshot({ path: out });
  console.log(`playground: ${tabs} example tabs, example ran, screenshot ${out}`);
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
