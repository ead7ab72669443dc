// Every demo profile signs in and follows every link it is offered, from the home page and the menu, two levels
// deep: no page may be "Page introuvable", show a refusal, or have the API answer it 401/403/404/5xx.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoCollege } from '../../src/server/seed/demo.ts';
import { launchBrowser, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

let preau: Preau;
let browser: Browser;

before(async () => {
  preau = await startPreau();
  await seedDemoCollege(preau.db);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await preau?.close();
});

/** Texts that mean the person was sent somewhere they may not go. */
const DEAD_ENDS = [
  /Page introuvable/,
  /Fiche indisponible/,
  /Vous n['’]avez pas accès à cette action/,
  /n['’]existe pas, ou vous n['’]y avez pas accès/,
  /arrivera quand le collège l['’]ouvrira/,
  /ne sont pas encore disponibles dans Préau/,
];

/** Same-origin page links of the menu and the main content (not the API, downloads or the sign-out). */
async function pageLinks(page: Page): Promise<string[]> {
  const hrefs = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLAnchorElement>('nav a[href], main a[href], header a[href]'))
      .filter((a) => !a.hasAttribute('download') && a.target !== '_blank')
      .map((a) => a.href),
  );
  const out = new Set<string>();
  for (const h of hrefs) {
    const u = new URL(h);
    if (u.origin !== new URL(page.url()).origin) continue;
    if (u.pathname.startsWith('/api/') || u.pathname.startsWith('/assets/')) continue;
    out.add(u.pathname + u.search);
  }
  return [...out];
}

/** A template for a link, so that 30 pupil records count as one kind of page. */
const shapeOf = (path: string) =>
  path
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
    .replace(/\d{4}-\d{2}-\d{2}/g, ':date')
    .replace(/\?.*$/, '');

for (const login of DEMO_LOGINS) {
  test(`[PROFILES] ${login}: every link from the home page and the menu leads somewhere allowed`, async () => {
    const tab = await openTab(browser, preau, { journey: `profiles-${login}` });
    const { page, step } = tab;
    const apiFailures: string[] = [];
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (!u.pathname.startsWith('/api/')) return;
      if (r.status() === 401 || r.status() === 403 || r.status() === 404 || r.status() >= 500) {
        apiFailures.push(`${r.status()} ${r.request().method()} ${u.pathname} (on ${page.url()})`);
      }
    });
    try {
      await signInThroughApi(tab, login, DEMO_PASSWORD);
      const seenShapes = new Set<string>();
      const queue: Array<{ path: string; depth: number; from: string }> = [{ path: '/', depth: 0, from: '(start)' }];
      const visited: string[] = [];
      while (queue.length > 0 && visited.length < 40) {
        const { path, depth, from } = queue.shift() as { path: string; depth: number; from: string };
        const shape = shapeOf(path);
        if (seenShapes.has(shape)) continue;
        seenShapes.add(shape);
        visited.push(path);
        await step(`visit ${shape}`, async () => {
          await page.goto(path);
          await page.getByRole('heading', { level: 1 }).first().waitFor();
          await page.waitForLoadState('networkidle');
          const text = String(await page.locator('main').textContent());
          for (const re of DEAD_ENDS) {
            assert.doesNotMatch(text, re, `${login}: ${path} (linked from ${from}) is a dead end`);
          }
        });
        if (depth < 2) {
          for (const next of await pageLinks(page)) {
            if (!seenShapes.has(shapeOf(next))) queue.push({ path: next, depth: depth + 1, from: path });
          }
        }
      }
      console.log(`# ${login} visited: ${visited.join(' ')}`);
      assert.deepEqual(apiFailures, [], `${login}: API refusals while following links`);
      assert.deepEqual(tab.missingKeys, [], `${login}: translation keys missing while following links`);
      assert.ok(visited.length >= 3, `${login} reaches at least a few pages from home (got ${visited.join(', ')})`);
      await step('home a11y', async () => {
        await page.goto('/');
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await tab.checkA11y(`home-${login}`);
      });
    } finally {
      await tab.context.close();
    }
  });
}
