import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { unzipBounded } from '../../src/server/lib/unzip.ts';
import { readLetter } from '../app.ts';
import { makeClass, makeGuardian, makePerson, makePupil, makeSchool, makeStaff } from '../factories.ts';
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

test('[ADMIN] class letters per guardian, one person’s letter (no code on screen), contact details, a family link', async () => {
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
  const nadia = await makePerson(preau.db, {
    schoolId: school.id,
    profiles: ['guardian'],
    firstName: 'Nadia',
    lastName: 'Haddad',
  });
  // Accounts not activated yet: the class letters are for them.
  await preau.db.updateTable('people').set({ password_hash: null }).where('id', '!=', admin.id).execute();

  const tab = await openTab(browser, preau, { journey: 'admin-letters' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, admin.login, admin.password);
    await step('administration page', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Administration' }).click();
      await page.getByRole('heading', { level: 1, name: 'Administration de l’établissement' }).waitFor();
      await page.getByRole('tab', { name: 'Classes et courriers' }).waitFor();
      await page.getByRole('rowheader', { name: '5C' }).waitFor();
      await tab.checkA11y('admin-classes');
    });
    const pdf = await step('download the letters', async () => {
      await page.getByRole('button', { name: 'Courriers de la 5C' }).click();
      const dialog = page.getByRole('dialog', { name: 'Courriers d’activation de la 5C' });
      await dialog.waitFor();
      await tab.checkA11y('letters-dialog');
      const download = page.waitForEvent('download');
      await dialog.getByRole('button', { name: 'Générer et télécharger le PDF' }).click();
      const file = await (await download).path();
      assert.equal((await download).suggestedFilename(), 'lettres-activation-5C.pdf');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await tab.checkA11y('after-download');
      return readFile(file);
    });
    await step('one letter per guardian; printing again issues nothing', async () => {
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const { text, pages } = await readLetter(pdf);
      assert.equal(text.match(/Madame, Monsieur,/g)?.length, 4, 'a letter per guardian, one for Chloé alone');
      assert.equal(pages.length, 4);
      await page.getByRole('button', { name: 'Courriers de la 5C' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Générer et télécharger le PDF' }).click();
      await page.getByText('Aucune lettre à imprimer').waitFor();
      await tab.checkA11y('nothing-to-print');
    });
    await step('directory: find a pupil, issue a new code, disable the account', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Annuaire', exact: true }).click();
      await page.getByLabel('Nom, prénom ou identifiant').fill('Bilal');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByRole('link', { name: /Bilal$/ }).click();
      await page.getByRole('heading', { level: 1, name: /^Bilal / }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Responsables légaux' }).waitFor();
      await tab.checkA11y('person');
      await page.getByRole('button', { name: 'Imprimer la lettre d’activation' }).click();
      const dialog = page.getByRole('dialog', { name: /^Nouvelle lettre d’activation pour Bilal/ });
      await dialog.waitFor();
      await tab.checkA11y('letter-dialog');
      const download = page.waitForEvent('download');
      await dialog.getByRole('button', { name: 'Imprimer la lettre' }).click();
      const letter = await readLetter(await readFile(String(await (await download).path())));
      assert.equal(letter.codes.length, 1);
      await page.getByText('Lettre téléchargée').waitFor();
      const body = String(await page.locator('main').textContent());
      assert.doesNotMatch(body, /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/, 'no code on screen');
      assert.ok(!body.includes(letter.codes[0]!));
      await page.getByRole('button', { name: 'Désactiver le compte' }).click();
      await page.getByRole('button', { name: 'Réactiver le compte' }).waitFor();
      await tab.checkA11y('person-disabled');
    });
    await step('edit the record: first name, contact details', async () => {
      await page.getByLabel('Prénom').fill('Bilel');
      await page.getByLabel('Téléphone').fill('06 12 34 56 78');
      await page.getByLabel('Adresse postale').fill('12 rue des Lilas\n93200 Saint-Denis');
      await page.getByLabel('Date de naissance').fill('2013-05-02');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByRole('heading', { level: 1, name: /^Bilel / }).waitFor();
      const row = await preau.db
        .selectFrom('people')
        .select(['first_name', 'phone', 'postal_address', 'birth_date'])
        .where('id', '=', bilal.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, {
        first_name: 'Bilel',
        phone: '06 12 34 56 78',
        postal_address: '12 rue des Lilas\n93200 Saint-Denis',
        birth_date: '2013-05-02',
      });
    });
    await step('link a guardian to the pupil', async () => {
      await page.getByLabel('Rechercher un responsable (nom)').fill('Haddad');
      const person = page.getByLabel('Personne', { exact: true });
      await person.locator('option', { hasText: 'Haddad Nadia' }).waitFor({ state: 'attached' });
      await person.selectOption({ label: `Haddad Nadia (${nadia.login})` });
      await page.getByLabel('Lien', { exact: true }).last().selectOption('contact');
      await page.getByRole('button', { name: 'Ajouter le lien' }).click();
      await page.getByRole('link', { name: 'Nadia Haddad' }).first().waitFor();
      await tab.checkA11y('link-added');
      const link = await preau.db
        .selectFrom('guardianships')
        .selectAll()
        .where('guardian_id', '=', nadia.id)
        .executeTakeFirstOrThrow();
      assert.equal(link.pupil_id, bilal.id);
      assert.equal(link.responsibility, 'contact');
      assert.equal(link.court_restricted, 0);
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
  const phone = await openTab(browser, preau, { journey: 'admin-person-360', width: 360, height: 740 });
  try {
    await signInThroughApi(phone, admin.login, admin.password);
    await phone.step('a record at 360 px', async () => {
      await phone.page.goto(`/annuaire/${bilal.id}`);
      await phone.page.getByRole('heading', { level: 2, name: 'Responsables et contacts' }).waitFor();
      assert.equal(await phone.page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await phone.checkA11y('person-360');
    });
    await phone.step('the OneRoster export at 360 px', async () => {
      await phone.page.goto('/administration');
      await phone.page.getByRole('tab', { name: 'Export OneRoster' }).click();
      await phone.page.getByRole('heading', { level: 2, name: 'Export OneRoster' }).waitFor();
      await phone.checkA11y('roster-export-360');
      const download = phone.page.waitForEvent('download');
      await phone.page.getByRole('button', { name: 'Télécharger l’export OneRoster (.zip)' }).click();
      const zip = await unzipBounded(await readFile(String(await (await download).path())));
      const users = zip.find((e) => e.name === 'users.csv')?.data.toString('utf8') ?? '';
      assert.match(users, /^sourcedId,status,dateLastModified,enabledUser,/);
      assert.ok(users.includes(`${adam.id},`), 'a pupil is on the roster');
      assert.ok(!users.includes(`${bilal.id},`), 'the account disabled above is not');
      await phone.page.getByText('Export téléchargé.').waitFor();
      assert.equal(await phone.page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
    });
  } finally {
    await phone.context.close();
  }
});
