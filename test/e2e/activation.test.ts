import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { readLetter } from '../app.ts';
import { makePerson, makePupil, makeSchool, makeStaff } from '../factories.ts';
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

test('[ACTIVATION] a pupil activates an account with a code', async () => {
  const school = await makeSchool(preau.db);
  const pupil = await makePupil(preau.db, school, { firstName: 'Inès' });
  await preau.db.updateTable('people').set({ password_hash: null }).where('id', '=', pupil.id).execute();
  const secretariat = await makeStaff(preau.db, school, ['secretariat']);

  const tab = await openTab(browser, preau, { journey: 'pupil-activation' });
  const { page, step } = tab;
  try {
    // The secretariat prints the letter, as the web app does (API): another cookie jar.
    const staff = await browser.newContext({ baseURL: preau.url });
    const login = await staff.request.post('/api/auth/login', {
      data: { login: secretariat.login, password: secretariat.password },
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const issued = await staff.request.post(`/api/schools/${school.id}/people/${pupil.id}/activation-letter`, {
      headers: { 'x-csrf-token': csrfToken },
    });
    assert.equal(issued.status(), 201, await issued.text());
    const code = (await readLetter(await issued.body())).codes[0]!;
    await staff.close();

    await step('activation page, code prefilled', async () => {
      await page.goto(`/activation?code=${encodeURIComponent(code)}`);
      await page.getByRole('heading', { level: 1, name: 'Activer mon compte' }).waitFor();
      assert.equal(await page.getByLabel('Code d’activation').inputValue(), code);
      await tab.checkA11y('activation');
    });
    await step('rules shown as one types, server problems shown', async () => {
      await page.getByLabel('Nouveau mot de passe').fill('azerty');
      await page.getByText('au moins 12 caractères (6 saisis)').waitFor();
      await page.getByLabel('Nouveau mot de passe').fill('motdepasse123');
      await page.getByLabel('Confirmez le mot de passe').fill('motdepasse123');
      await page.getByRole('button', { name: 'Activer mon compte' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(String(await alert.textContent()), /trop courant/);
      await tab.checkA11y('activation-refused');
    });
    await step('activated and signed in', async () => {
      await page.getByLabel('Nouveau mot de passe').fill('le préau de la cour est vert');
      await page.getByLabel('Confirmez le mot de passe').fill('le préau de la cour est vert');
      await page.getByRole('button', { name: 'Activer mon compte' }).click();
      await page.getByRole('heading', { level: 1, name: 'Bonjour Inès' }).waitFor();
      assert.match(String(await page.locator('main').textContent()), new RegExp(pupil.login.replace('.', '\\.')));
      await page.getByRole('heading', { level: 2, name: 'Ma classe' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Accès rapide' }).waitFor();
      await tab.checkA11y('pupil-home');
    });
  } finally {
    await tab.context.close();
  }
});

test('[ACTIVATION] a wrong code is refused with a translated message', async () => {
  await makePerson(preau.db, { password: false });
  const tab = await openTab(browser, preau, { journey: 'activation-wrong-code' });
  const { page, step } = tab;
  try {
    await step('wrong code', async () => {
      await page.goto('/activation?code=AAAA-BBBB-CCCC');
      await page.getByLabel('Nouveau mot de passe').fill('une phrase assez longue');
      await page.getByLabel('Confirmez le mot de passe').fill('une phrase assez longue');
      await page.getByRole('button', { name: 'Activer mon compte' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(String(await alert.textContent()), /code d’activation n’est pas valable/);
    });
  } finally {
    await tab.context.close();
  }
});
