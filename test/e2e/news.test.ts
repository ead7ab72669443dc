import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff } from '../factories.ts';
import { launchBrowser, menuLink, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

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

test('[ACTUALITÉS] a secretary asks a class to confirm; a guardian confirms on a phone; the secretary sees who has not', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const c6a = await makeClass(preau.db, school, { code: '6A', level: '6e' });
  await makeClass(preau.db, school, { code: '4B', level: '4e' });
  const lina = await makePupil(preau.db, school, { classId: c6a.id, firstName: 'Lina' });
  const noah = await makePupil(preau.db, school, { classId: c6a.id, firstName: 'Noah' });
  const parent = await makeGuardian(preau.db, { children: [{ id: lina.id, schoolId: school.id }] });
  const unreached = await makeGuardian(preau.db, { children: [{ id: noah.id, schoolId: school.id }] });
  await preau.db
    .updateTable('people')
    .set({ password_hash: null, phone: '06 39 98 12 34' })
    .where('id', '=', unreached.id)
    .execute();
  const secretary = await makeStaff(preau.db, school, ['secretariat']);

  const office = await openTab(browser, preau, { journey: 'news-secretary' });
  try {
    await signInThroughApi(office, secretary.login, secretary.password);
    const { page, step } = office;
    await step('publish from the menu', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Actualités')).click();
      await page.getByRole('heading', { level: 1, name: 'Actualités' }).waitFor();
      await page.getByRole('link', { name: 'Publier une actualité' }).click();
      await page.getByRole('heading', { level: 1, name: 'Publier une actualité' }).waitFor();
      await page.getByRole('textbox', { name: 'Titre' }).fill('Grève du jeudi');
      await page.getByRole('textbox', { name: 'Texte' }).fill('Le collège accueillera les élèves en étude.');
      await page.getByRole('group', { name: 'Classes' }).getByRole('checkbox', { name: '6A' }).check();
      await page.getByRole('checkbox', { name: /Merci de confirmer la lecture/ }).check();
      await office.checkA11y('publish-form');
      await page.getByRole('button', { name: 'Publier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Grève du jeudi' }).waitFor();
      await page.getByText('Destinataires : Familles · 6A').waitFor();
      await office.checkA11y('published');
    });
  } finally {
    await office.context.close();
  }

  const phone = await openTab(browser, preau, { journey: 'news-guardian-phone', width: 360, height: 740 });
  try {
    await signInThroughApi(phone, parent.login, parent.password);
    const { page, step } = phone;
    await step('the home shows the news first', async () => {
      await page.goto('/');
      await page.getByRole('heading', { level: 2, name: 'Actualités du collège' }).waitFor();
      await page.getByText('1 actualité à lire.').waitFor();
      await phone.checkA11y('home-phone');
    });
    await step('confirm with the keyboard', async () => {
      await page.getByRole('link', { name: 'Grève du jeudi' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Grève du jeudi' }).waitFor();
      await page.getByRole('button', { name: 'J’ai pris connaissance' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText(/Vous avez confirmé la lecture le/).waitFor();
      await phone.checkA11y('confirmed-phone');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no horizontal scroll on a phone (${width}px)`);
      await phone.screenshot('confirmed');
    });
  } finally {
    await phone.context.close();
  }

  const back = await openTab(browser, preau, { journey: 'news-receipts', width: 360, height: 740 });
  try {
    await signInThroughApi(back, secretary.login, secretary.password);
    const { page, step } = back;
    await step('who has not confirmed', async () => {
      await page.goto('/actualites');
      await page.getByRole('link', { name: /^Accusés de lecture/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Accusés de lecture — Grève du jeudi' }).waitFor();
      await page
        .getByText('2 familles concernées : 1 a confirmé, 0 a seulement ouvert, 1 n’a rien fait.')
        .first()
        .waitFor();
      await page.getByRole('heading', { level: 2, name: 'Famille non touchée (1)' }).waitFor();
      const list = page.getByRole('region', { name: 'Familles à appeler' });
      await list.getByText('06 39 98 12 34').waitFor();
      await list.getByText(/compte non activé/).waitFor();
      const byClass = page.getByRole('region', { name: 'Accusés de lecture de la classe 6A' });
      await byClass.getByRole('row', { name: /Lina/ }).getByText('a confirmé').waitFor();
      await byClass.getByRole('row', { name: /Noah/ }).getByText('rien').waitFor();
      await back.checkA11y('receipts-phone');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no horizontal scroll on a phone (${width}px)`);
      await back.screenshot('receipts');
      const csv = await back.context.request.get(
        (await page.getByRole('link', { name: 'Télécharger la liste (CSV)' }).getAttribute('href')) ?? '',
      );
      assert.equal(csv.status(), 200);
      assert.match(await csv.text(), /06 39 98 12 34/);
    });
    await step('remind the family that has not confirmed', async () => {
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Relancer maintenant' }).click();
      await page.getByText('1 personne relancée.').waitFor();
      await page.getByText(/Dernière relance le/).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Relancer maintenant' }).count(), 0, 'once a day');
      await back.checkA11y('reminded-phone');
    });
    await step('correct the news and tell its readers', async () => {
      await page.getByRole('link', { name: 'Retour à l’actualité' }).click();
      await page.getByRole('link', { name: 'Modifier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Modifier l’actualité' }).waitFor();
      const title = page.getByRole('textbox', { name: 'Titre' });
      assert.equal(await title.inputValue(), 'Grève du jeudi');
      assert.equal(
        await page.getByRole('textbox', { name: 'Texte' }).inputValue(),
        'Le collège accueillera les élèves en étude.',
      );
      await page.getByText(/la date de publication ne change plus/).waitFor();
      await title.fill('Grève du jeudi 10');
      await page.getByRole('checkbox', { name: 'Prévenir les lecteurs de la modification' }).check();
      await back.checkA11y('edit-phone');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no horizontal scroll on a phone (${width}px)`);
      await back.screenshot('edit');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.getByRole('heading', { level: 1, name: 'Grève du jeudi 10' }).waitFor();
      await page.getByText(/modifiée le/).waitFor();
    });
  } finally {
    await back.context.close();
  }
});
