import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeGuardian, makePupil, makeSchool } from '../factories.ts';
import { gzipSizeOf, launchBrowser, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

/** docs/web.md: the sign-in page and the home page each load at most this much JavaScript, gzipped. */
const BUDGET_BYTES = 150 * 1024;

let preau: Preau;
let browser: Browser;

before(async () => {
  preau = await startPreau();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await preau?.close();
});

/** Loads a path in a fresh page and returns the JavaScript files it fetched. */
async function scriptsLoadedBy(page: Page, path: string, ready: () => Promise<unknown>): Promise<string[]> {
  const urls: string[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script' || r.url().endsWith('.js')) urls.push(r.url());
  });
  await page.goto(path);
  await ready();
  await page.waitForLoadState('networkidle');
  return urls;
}

test('[BUDGET] the sign-in page and the home page each load ≤ 150 KB of JavaScript (gzip)', async (t) => {
  const school = await makeSchool(preau.db);
  const pupil = await makePupil(preau.db, school);
  const parent = await makeGuardian(preau.db, { children: [{ id: pupil.id, schoolId: school.id }] });

  const anon = await openTab(browser, preau, { journey: 'budget-sign-in' });
  const signIn = await scriptsLoadedBy(anon.page, '/connexion', () =>
    anon.page.getByRole('button', { name: 'Se connecter' }).waitFor(),
  );
  await anon.context.close();

  const tab = await openTab(browser, preau, { journey: 'budget-home' });
  await signInThroughApi(tab, parent.login, parent.password);
  const home = await scriptsLoadedBy(tab.page, '/', () =>
    tab.page.getByRole('heading', { level: 2, name: 'Aujourd’hui pour mes enfants' }).waitFor(),
  );
  assert.deepEqual(tab.missingKeys, [], 'the home page finds all its words in the part of the catalogue it loads');
  await tab.context.close();

  const signInBytes = gzipSizeOf(signIn);
  const homeBytes = gzipSizeOf(home);
  t.diagnostic(`sign-in: ${signIn.length} JS files, ${(signInBytes / 1024).toFixed(1)} KB gzip`);
  t.diagnostic(`home (guardian): ${home.length} JS files, ${(homeBytes / 1024).toFixed(1)} KB gzip`);
  if (homeBytes > BUDGET_BYTES || signInBytes > BUDGET_BYTES) {
    for (const u of new Set([...signIn, ...home])) t.diagnostic(`${new URL(u).pathname}: ${gzipSizeOf([u])} bytes`);
  }
  assert.ok(signInBytes <= BUDGET_BYTES, `sign-in loads ${signInBytes} bytes of JS (gzip)`);
  assert.ok(homeBytes <= BUDGET_BYTES, `home loads ${homeBytes} bytes of JS (gzip)`);
});
