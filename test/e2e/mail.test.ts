import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { recordBounce } from '../../src/server/modules/mail/mail.service.ts';
import { makeGuardian, makePupil, makeSchool, makeStaff } from '../factories.ts';
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

test('[MAIL] a guardian chooses what comes by e-mail, on a phone, with the keyboard', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const pupil = await makePupil(preau.db, school, { firstName: 'Lina' });
  const parent = await makeGuardian(preau.db, { children: [{ id: pupil.id, schoolId: school.id }] });
  await preau.db.updateTable('people').set({ email: 'parent@famille.example' }).where('id', '=', parent.id).execute();
  const tab = await openTab(browser, preau, { journey: 'mail-preferences', width: 360, height: 780 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, parent.login, parent.password);
    await step('Mon compte from the menu', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Mon compte')).click();
      await page.getByRole('heading', { level: 2, name: 'Préférences de notification' }).waitFor();
      await page.getByText('parent@famille.example').waitFor();
      await tab.checkA11y('preferences');
      await tab.screenshot('preferences');
    });
    await step('homework: never, quiet hours until 8:00, with the keyboard', async () => {
      const homework = page.getByRole('radiogroup', { name: 'Cahier de textes (travail à faire)' });
      await homework.getByRole('radio', { name: 'Dans le résumé quotidien' }).focus();
      await page.keyboard.press('ArrowDown');
      assert.equal(await homework.getByRole('radio', { name: 'Jamais' }).isChecked(), true);
      await page.getByLabel('Fin').fill('08:00');
      await page.getByRole('button', { name: 'Enregistrer mes préférences' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('status').getByText('Vos préférences sont enregistrées.').waitFor();
      await tab.checkA11y('saved');
    });
    const rows = await preau.db.selectFrom('mail_preferences').selectAll().where('person_id', '=', parent.id).execute();
    assert.ok(rows.some((r) => r.category === 'homework' && r.mode === 'never'));
    const quiet = await preau.db.selectFrom('mail_settings').selectAll().where('person_id', '=', parent.id).execute();
    assert.deepEqual([quiet[0]?.quiet_start, quiet[0]?.quiet_end], ['21:00', '08:00']);
  } finally {
    await tab.context.close();
  }
});

test('[MAIL] the school administrator sees a refused address and resumes sending', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const pupil = await makePupil(preau.db, school, { firstName: 'Noah' });
  const parent = await makeGuardian(preau.db, { children: [{ id: pupil.id, schoolId: school.id }] });
  await preau.db.updateTable('people').set({ email: 'faute@famille.example' }).where('id', '=', parent.id).execute();
  await recordBounce(preau.db, 'faute@famille.example', '550 5.1.1 unknown user', 'smtp');
  const admin = await makeStaff(preau.db, school, ['school_admin']);
  const tab = await openTab(browser, preau, { journey: 'mail-bounces', width: 360, height: 780 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, admin.login, admin.password);
    await step('Administration, refused addresses', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Administration')).click();
      await page.getByRole('tab', { name: 'Adresses électroniques refusées' }).click();
      await page.getByText('faute@famille.example').waitFor();
      await tab.checkA11y('bounces');
      await page.getByRole('button', { name: /Rétablir l’envoi pour/ }).click();
      await page.getByText('Aucune adresse refusée.').waitFor();
    });
  } finally {
    await tab.context.close();
  }
});
