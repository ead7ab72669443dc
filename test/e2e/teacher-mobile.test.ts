import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeClass, makeSchool, makeTeacher } from '../factories.ts';
import { launchBrowser, openTab, type Preau, startPreau } from './helpers.ts';

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

test('[HOME] a teacher signs in on a 360×740 phone and sees their classes', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const c1 = await makeClass(preau.db, school, { code: '5C', level: '5e' });
  const c2 = await makeClass(preau.db, school, { code: '3A', level: '3e' });
  const teacher = await makeTeacher(preau.db, school, { classIds: [c1.id, c2.id], principalOf: [c1.id] });

  const tab = await openTab(browser, preau, { journey: 'teacher-mobile', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await step('sign-in page', async () => {
      await page.goto('/');
      await page.waitForURL(/\/connexion/);
      await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
      await tab.checkA11y('sign-in-360');
    });
    await step('wrong password', async () => {
      await page.getByLabel('Identifiant').fill(teacher.login);
      await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('alert').getByText('Identifiant ou mot de passe incorrect.').waitFor();
    });
    await step('signed in', async () => {
      await page.getByLabel('Mot de passe').fill(teacher.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 2, name: 'Mes classes' }).waitFor();
      await page.getByRole('heading', { level: 3, name: 'Classe de 5C' }).waitFor();
      await page.getByRole('heading', { level: 3, name: 'Classe de 3A' }).waitFor();
      assert.equal(await page.getByText('Professeur principal').count(), 1);
      await page.getByRole('navigation', { name: 'Menu principal' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at 360 px (overflow ${overflow}px)`);
      await tab.checkA11y('teacher-home-360');
    });
    await step('keyboard: skip link first', async () => {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      assert.equal(focused, 'Aller au contenu');
    });
    await step('the menu is a disclosure on a phone', async () => {
      const nav = page.getByRole('navigation', { name: 'Menu principal' });
      const menu = nav.getByRole('button', { name: 'Menu' });
      assert.equal(await nav.getByRole('link', { name: 'Accueil' }).isVisible(), false, 'links hidden at first');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      await menu.focus();
      await page.keyboard.press('Enter');
      assert.equal(await menu.getAttribute('aria-expanded'), 'true');
      const home = nav.getByRole('link', { name: 'Accueil' });
      await home.waitFor();
      assert.equal(await home.getAttribute('aria-current'), 'page');
      await tab.checkA11y('teacher-menu-360');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Escape');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls')), 'site-menu');
      // Following a link closes the menu.
      await menu.click();
      await nav.getByRole('link', { name: 'Emploi du temps' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mon emploi du temps' }).waitFor();
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    });
    await step('sign out', async () => {
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.getByText('Vous êtes déconnecté').waitFor();
    });
  } finally {
    await tab.context.close();
  }
});
