import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ensureWebBuilt } from '../../src/server/cli/web-build.ts';
import type { Config } from '../../src/server/lib/config.ts';
import { newId } from '../../src/server/lib/ids.ts';
import { WEB_DIST_DIR } from '../../src/server/lib/web.ts';
import { createTestApp, type TestContext } from '../app.ts';
import type { SchoolFixture } from '../factories.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');
export const RESULTS_DIR = join(ROOT, 'test-results');

export interface Preau extends TestContext {
  url: string;
}

/** Préau in this process, on a random port, with a fresh database (and the built web app). */
export async function startPreau(overrides: Partial<Config> = {}): Promise<Preau> {
  await ensureWebBuilt(() => undefined);
  const ctx = await createTestApp(overrides);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = ctx.app.server.address() as AddressInfo;
  return { ...ctx, url: `http://127.0.0.1:${port}` };
}

/** Debian's Chromium, never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Runs a step; on failure saves a screenshot to test-results/ before failing. */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** axe-core on the current page: no 'serious' or 'critical' violation. */
  checkA11y(label: string): Promise<void>;
  screenshot(name: string): Promise<string>;
  /** Translation keys the page asked for and did not have (src/web/i18n/index.ts): each one is a defect. */
  missingKeys: string[];
}

/** A fresh browser context (own cookies) on Préau. */
export async function openTab(
  browser: Browser,
  preau: Preau,
  o: { journey: string; width?: number; height?: number; locale?: string; timezoneId?: string } = {
    journey: 'journey',
  },
): Promise<Tab> {
  const context = await browser.newContext({
    baseURL: preau.url,
    viewport: { width: o.width ?? 1280, height: o.height ?? 900 },
    locale: o.locale ?? 'fr-FR',
    ...(o.timezoneId ? { timezoneId: o.timezoneId } : {}),
    // Only so that axe-core can be injected: the app itself runs under its real CSP.
    bypassCSP: true,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const missingKeys: string[] = [];
  page.on('console', (m) => {
    const found = /^\[i18n\] missing key: (.*)$/.exec(m.text());
    if (found) missingKeys.push(`${found[1]} (on ${new URL(page.url()).pathname})`);
  });
  const slug = o.journey.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const screenshot = async (name: string) => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${slug}--${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    return path;
  };
  const checkA11y = async (label: string) => {
    // Colours are judged once dialogs have finished entering: mid-fade, a button's contrast is not its own.
    await page
      .waitForFunction(
        () =>
          !document.querySelector('[data-entering], [data-exiting]') &&
          document.getAnimations().every((a) => a.playState !== 'running'),
        undefined,
        { timeout: 5000 },
      )
      .catch(() => undefined);
    // And once React has rendered what the last keystroke changed (axe runs asynchronously, over several frames).
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResults> } }).axe;
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.html.slice(0, 200)).join(' | ')}`);
    });
    if (violations.length > 0) await screenshot(`a11y-${label}`);
    assert.deepEqual(violations, [], `axe on ${label} (${page.url()})`);
    assert.deepEqual(missingKeys, [], `translation keys missing by ${label} (${page.url()})`);
  };
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      const path = await screenshot(`failed-${name}`);
      if (e instanceof Error) e.message += `\n(screenshot: ${path})`;
      throw e;
    }
  };
  return { context, page, step, checkA11y, screenshot, missingKeys };
}

interface AxeResults {
  violations: Array<{
    id: string;
    impact: string | null;
    help: string;
    nodes: Array<{ target: string[]; html: string }>;
  }>;
}

/** Signs in through the API, in the tab's cookie jar, as the web app would. */
export async function signInThroughApi(tab: Tab, login: string, password: string): Promise<void> {
  const res = await tab.context.request.post('/api/auth/login', { data: { login, password } });
  assert.equal(res.status(), 200, `sign-in of ${login}: ${await res.text()}`);
}

/** Another site of a school (the demo college has two). */
export async function makeSite(preau: Preau, school: SchoolFixture, name: string): Promise<SchoolFixture> {
  const siteId = newId();
  await preau.db
    .insertInto('sites')
    .values({ id: siteId, school_id: school.id, name, address: '2 avenue du Stade', network_ranges: '[]' })
    .execute();
  return { ...school, siteId };
}

/** Sum of the gzip sizes of the JavaScript files a page loaded from /assets/. */
export function gzipSizeOf(scriptUrls: string[]): number {
  let total = 0;
  for (const u of new Set(scriptUrls)) {
    const file = join(WEB_DIST_DIR, new URL(u).pathname);
    statSync(file);
    total += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return total;
}

/**
 * A link of the main menu. Under 60rem the links are behind the "Menu" button (a disclosure): it is opened first.
 */
export async function menuLink(page: Page, name: string, o: { exact?: boolean } = {}) {
  const nav = page.getByRole('navigation', { name: 'Menu principal' });
  const button = nav.getByRole('button', { name: /^Menu/ });
  await nav.waitFor();
  if ((await button.isVisible()) && (await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return nav.getByRole('link', { name, exact: o.exact });
}
