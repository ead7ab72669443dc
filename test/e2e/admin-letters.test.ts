import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff } from '../factories.ts';
import { launchBrowser, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

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

test('[ADMIN] the administrator issues activation letters for a class: a PDF, one letter per family', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const klass = await makeClass(preau.db, school, { code: '5C', level: '5e' });
  // Three families: two siblings with their parent; a pupil with two guardians; a pupil alone.
  const adam = await makePupil(preau.db, school, { classId: klass.id, firstName: 'Adam' });
  const alice = await makePupil(preau.db, school, { classId: klass.id, firstName: 'Alice' });
  const bilal = await makePupil(preau.db, school, { classId: klass.id, firstName: 'Bilal' });
  await makePupil(preau.db, school, { classId: klass.id, firstName: 'Chloé' });
  await makeGuardian(preau.db, {
    children: [
      { id: adam.id, schoolId: school.id },
      { id: alice.id, schoolId: school.id },
    ],
  });
  await makeGuardian(preau.db, { children: [{ id: bilal.id, schoolId: school.id }] });
  await makeGuardian(preau.db, { children: [{ id: bilal.id, schoolId: school.id }], responsibility: 'legal2' });
  const admin = await makeStaff(preau.db, school, ['school_admin']);

  const tab = await openTab(browser, preau, { journey: 'admin-letters' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, admin.login, admin.password);
    await step('administration page', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Administration' }).click();
      await page.getByRole('heading', { level: 1, name: "Administration de l'établissement" }).waitFor();
      await page.getByRole('tab', { name: 'Classes et courriers' }).waitFor();
      await page.getByRole('rowheader', { name: '5C' }).waitFor();
      await tab.checkA11y('admin-classes');
    });
    const pdf = await step('download the letters', async () => {
      await page.getByRole('button', { name: 'Courriers de la 5C' }).click();
      const dialog = page.getByRole('dialog', { name: 'Courriers d’activation de la 5C' });
      await dialog.waitFor();
      await tab.checkA11y('letters-dialog');
      const link = dialog.getByRole('link', { name: 'Générer et télécharger le PDF' });
      const href = await link.getAttribute('href');
      const download = page.waitForEvent('download');
      await link.click();
      const file = await (await download).path();
      assert.equal((await download).suggestedFilename(), 'lettres-activation-5C.pdf');
      // Playwright reports no response for a download: ask the link's address again with the same session.
      const again = await tab.context.request.get(String(href));
      assert.equal(again.status(), 200);
      assert.equal(again.headers()['content-type'], 'application/pdf');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await tab.checkA11y('after-download');
      return readFile(file);
    });
    await step('one letter per family', async () => {
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const { PDFParse } = await import('pdf-parse');
      const parser = new PDFParse({ data: new Uint8Array(pdf) });
      const { text, total } = await parser.getText();
      await parser.destroy();
      assert.equal(text.match(/Madame, Monsieur,/g)?.length, 3, 'three families, three letters');
      assert.equal(total, 3, 'one page per letter');
    });
    await step('directory: find a pupil, issue a new code, disable the account', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Annuaire', exact: true }).click();
      await page.getByLabel('Nom, prénom ou identifiant').fill('Bilal');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByRole('link', { name: /Bilal$/ }).click();
      await page.getByRole('heading', { level: 1, name: /^Bilal / }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Responsables légaux' }).waitFor();
      await tab.checkA11y('person');
      await page.getByRole('button', { name: "Générer un nouveau code d'activation" }).click();
      const shown = page.getByRole('status').filter({ hasText: 'Code :' });
      await shown.waitFor();
      assert.match(String(await shown.textContent()), /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
      await page.getByRole('button', { name: 'Désactiver le compte' }).click();
      await page.getByRole('button', { name: 'Réactiver le compte' }).waitFor();
      await tab.checkA11y('person-disabled');
    });
    await step('edit the record: first name and class', async () => {
      await page.getByLabel('Prénom').fill('Bilel');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByRole('heading', { level: 1, name: /^Bilel / }).waitFor();
      const row = await preau.db
        .selectFrom('people')
        .select('first_name')
        .where('id', '=', bilal.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.first_name, 'Bilel');
    });
    await step('administration: add a class', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
      await page.getByLabel('Code de la classe').fill('4D');
      await page.getByLabel('Libellé de la classe').fill('4e D');
      await page.getByRole('button', { name: 'Ajouter la classe' }).click();
      await page.getByRole('rowheader', { name: '4e D' }).waitFor();
      await tab.checkA11y('admin-class-added');
    });
  } finally {
    await tab.context.close();
  }
});
