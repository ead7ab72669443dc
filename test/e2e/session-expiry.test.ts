import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makePupil, makeSchool } from '../factories.ts';
import { launchBrowser, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

let preau: Preau;
let browser: Browser;

before(async () => {
  // A 5-minute idle timeout: the page warns at 2 minutes (1 minute of margin, 2 of warning).
  preau = await startPreau({ sessionIdleMs: 5 * 60_000 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await preau?.close();
});

test('[SESSION] warned before the idle timeout; after it, signing in again keeps what was typed', async () => {
  const school = await makeSchool(preau.db);
  const pupil = await makePupil(preau.db, school, { firstName: 'Maël' });
  const tab = await openTab(browser, preau, { journey: 'session-expiry' });
  const { page, step } = tab;
  try {
    await page.clock.install();
    await signInThroughApi(tab, pupil.login, pupil.password);
    await step('account page, something typed', async () => {
      await page.goto('/compte');
      await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
      await page.getByLabel('Nouveau mot de passe').fill('une phrase en cours de saisie');
    });
    await step('warning, stay signed in', async () => {
      await page.clock.fastForward('02:10');
      const dialog = page.getByRole('alertdialog', { name: 'Votre session va bientôt expirer' });
      await dialog.waitFor();
      await tab.checkA11y('session-warning');
      await dialog.getByRole('button', { name: 'Rester connecté' }).click();
      await dialog.waitFor({ state: 'detached' });
    });
    await step('expired, sign in again over the page', async () => {
      await page.clock.fastForward('05:00');
      const dialog = page.getByRole('alertdialog', { name: 'Session expirée' });
      await dialog.waitFor();
      assert.equal(await dialog.getByLabel('Identifiant').inputValue(), pupil.login);
      await tab.checkA11y('session-expired');
      await dialog.getByLabel('Mot de passe').fill(pupil.password);
      await dialog.getByRole('button', { name: 'Se connecter' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await page.getByLabel('Nouveau mot de passe').inputValue(), 'une phrase en cours de saisie');
      assert.match(page.url(), /\/compte$/);
    });
  } finally {
    await tab.context.close();
  }
});

test('[SESSION] opening a page without a session leads to sign-in, then back to that page', async () => {
  const school = await makeSchool(preau.db);
  const pupil = await makePupil(preau.db, school);
  const tab = await openTab(browser, preau, { journey: 'redirect-after-sign-in' });
  const { page, step } = tab;
  try {
    await step('redirected to sign-in', async () => {
      await page.goto('/compte');
      await page.waitForURL(/\/connexion\?redirect=%2Fcompte$/);
    });
    await step('back to the page after signing in', async () => {
      await page.getByLabel('Identifiant').fill(pupil.login);
      await page.getByLabel('Mot de passe').fill(pupil.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
      assert.match(page.url(), /\/compte$/);
    });
  } finally {
    await tab.context.close();
  }
});
