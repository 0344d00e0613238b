// Shared by the browser checks: launching Debian's Chromium, making sure a
// CJK font is installed, and recording everything that should fail a check
// (console errors, page errors, failed or 4xx/5xx requests, requests to any
// other host).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';

// The font Chromium falls back to for Chinese names (Debian's
// fonts-noto-cjk); without one they render as empty boxes ("tofu").
export const CJK_FONT = 'Noto Sans CJK';

// Whether fontconfig knows a CJK font; exits with a clear message if not.
export function requireCJKFont() {
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  } catch (e) {
    fonts = '';
  }
  if (!fonts.includes(CJK_FONT)) {
    console.error(`no "${CJK_FONT}" font (fc-list :lang=zh lists none): Chinese names would render as empty boxes.`
      + ' Install it: apt-get install fonts-noto-cjk');
    process.exit(2);
  }
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function watch(page, base, problems) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`off-site request: ${r.url()}`);
  });
}
