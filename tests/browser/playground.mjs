// Opens the playground in Debian's headless Chromium, checks that GraphiQL
// renders with the example tabs, runs the open example, and saves a
// screenshot. Exits non-zero on any console error or failed request.
//
// usage: node playground.mjs BASE_URL SCREENSHOT.png
import { launch, watch } from './common.mjs';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node playground.mjs BASE_URL SCREENSHOT.png');
  process.exit(2);
}

const browser = await launch();
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watch(page, base, problems);

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
