// Debian's Chromium, headless, driven by playwright-core (never a browser Playwright downloads), plus
// what the dashboard scenarios keep and check on every page: screenshots under target/, the first-paint
// figures, axe-core's accessibility rules, and that the page ran without script errors or CSP refusals.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CONFORMANCE_DIR } from './paths.js';

const CHROMIUM = process.env.OPENCVM_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(CONFORMANCE_DIR, 'target', 'dashboard');
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/** A headless Chromium; playwright gives every launch a fresh temporary --user-data-dir. */
export async function launchChromium() {
  await fsp.mkdir(path.join(ARTIFACTS, 'screenshots'), { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
}

/**
 * A fresh browser context (own cookies, own storage) with one page on `baseUrl`; `problems` collects
 * uncaught page errors and console errors (a CSP refusal is one), which every scenario expects empty.
 * Failed requests the scenario provokes itself (401, 403, 404 answers) are not console errors here.
 */
export async function openPage(browser, baseUrl) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) {
      problems.push(`console error: ${msg.text()}`);
    }
  });
  return { context, page, problems };
}

export async function screenshot(page, name) {
  const file = path.join(ARTIFACTS, 'screenshots', `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Runs axe-core (WCAG 2.1 A and AA, colour contrast included) on the page or a part of it. */
export async function assertAccessible(page, what, { include } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // Evaluated over the DevTools protocol: the page's CSP (script-src 'self') stays in force.
    await page.evaluate(await fsp.readFile(AXE_SOURCE, 'utf8'));
  }
  const result = await page.evaluate(async (selector) => window.axe.run(selector ? { include: [selector] } : document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }), include ?? null);
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3)
    .map((n) => n.target.join(' ')).join('; ')}`);
  assert.deepEqual(violations, [], `accessibility violations on ${what}`);
}

/** Paint and load timings of the page's last navigation, from the Performance API (milliseconds). */
export function paintTimings(page, mark) {
  return page.evaluate((markName) => {
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, Math.round(e.startTime)]));
    const nav = performance.getEntriesByType('navigation')[0];
    const marked = performance.getEntriesByName(markName)[0];
    return {
      first_paint_ms: paint['first-paint'] ?? null,
      first_contentful_paint_ms: paint['first-contentful-paint'] ?? null,
      dom_content_loaded_ms: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
      load_ms: nav ? Math.round(nav.loadEventEnd) : null,
      [`${markName}_ms`]: marked ? Math.round(marked.startTime) : null,
      transferred_bytes: performance.getEntriesByType('resource').reduce((n, r) => n + (r.transferSize || 0),
        nav ? nav.transferSize : 0),
    };
  }, mark);
}

export async function saveArtifact(name, value) {
  await fsp.mkdir(ARTIFACTS, { recursive: true });
  await fsp.writeFile(path.join(ARTIFACTS, name), `${JSON.stringify(value, null, 2)}\n`);
}
