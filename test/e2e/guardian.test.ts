import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { notify } from '../../src/server/modules/notifications/notifications.service.ts';
import { makeClass, makeGuardian, makePupil, makeSchool } from '../factories.ts';
import { launchBrowser, makeSite, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

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

test('[HOME] a guardian of two children at two sites sees both on the home page', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const annexe = await makeSite(preau, school, 'Site Jean-Moulin');
  const c1 = await makeClass(preau.db, school, { code: '6A', level: '6e' });
  const c2 = await makeClass(preau.db, annexe, { code: '4B', level: '4e' });
  const lina = await makePupil(preau.db, school, { classId: c1.id, firstName: 'Lina' });
  const noah = await makePupil(preau.db, annexe, { classId: c2.id, firstName: 'Noah' });
  const parent = await makeGuardian(preau.db, {
    children: [
      { id: lina.id, schoolId: school.id },
      { id: noah.id, schoolId: school.id },
    ],
  });
  for (const title of ['Conseil de classe du 1er trimestre', 'Sortie au musée le 12 décembre']) {
    await notify(preau.db, {
      personIds: [parent.id],
      schoolId: school.id,
      kind: 'account.activation',
      title,
      body: 'Message de la vie scolaire.',
    });
  }
  const tab = await openTab(browser, preau, { journey: 'guardian-home' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, parent.login, parent.password);
    await step('home', async () => {
      await page.goto('/');
      await page.getByRole('heading', { level: 2, name: 'Aujourd’hui pour mes enfants' }).waitFor();
      const cards = page.locator('.today-card');
      // The cards come from GET /api/home/family, after the heading: wait for both.
      await cards.nth(1).waitFor();
      assert.equal(await cards.count(), 2);
      await page.getByRole('link', { name: /^Lina / }).waitFor();
      await page.getByRole('link', { name: /^Noah / }).waitFor();
      const text = String(await page.locator('main').textContent());
      assert.match(text, /6A/);
      assert.match(text, /4B/);
      assert.match(text, /Site principal/);
      assert.match(text, /Site Jean-Moulin/);
      await page.getByRole('link', { name: 'Aller au contenu' }).count();
      await tab.checkA11y('guardian-home');
    });
    await step('child page', async () => {
      await page.getByRole('link', { name: /^Noah / }).click();
      await page.getByRole('heading', { level: 1, name: /^Noah / }).waitFor();
      assert.match(String(await page.locator('main').textContent()), /Site Jean-Moulin/);
      await tab.checkA11y('child-page');
    });
    await step('notification centre', async () => {
      await page.getByRole('link', { name: 'Notifications 2 non lues' }).click();
      await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      await page.getByRole('heading', { level: 2, name: /Sortie au musée/ }).waitFor();
      await tab.checkA11y('notifications');
      await page.getByRole('button', { name: 'Marquer comme lue : Sortie au musée le 12 décembre' }).click();
      await page.getByRole('link', { name: 'Notifications 1 non lue' }).waitFor();
      await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
      await page.getByRole('button', { name: /^Marquer comme lue/ }).waitFor({ state: 'detached' });
      await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    });
  } finally {
    await tab.context.close();
  }
});
