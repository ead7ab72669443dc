import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import type { Browser } from 'playwright-core';
import { makeSchool, makeStaff } from '../factories.ts';
import { launchBrowser, openTab, type Preau, startPreau } from './helpers.ts';

let preau: Preau;
let browser: Browser;

before(async () => {
  preau = await startPreau({ mfaRequired: 'sensitive' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await preau?.close();
});

const codeOf = (secret: string, at = Date.now()) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: at });

test('[MFA] the nurse sets up two-step sign-in on her phone, then signs in with a code', async () => {
  const school = await makeSchool(preau.db);
  const nurse = await makeStaff(preau.db, school, ['infirmiere']);
  const tab = await openTab(browser, preau, { journey: 'mfa', width: 360, height: 780 });
  const { page, step } = tab;
  try {
    let secret = '';
    await step('password: only the set-up opens', async () => {
      await page.goto('/connexion');
      await page.getByLabel('Identifiant').fill(nurse.login);
      await page.getByLabel('Mot de passe').fill(nurse.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sécurisez votre compte' }).waitFor();
      await tab.checkA11y('enrol');
    });
    await step('scan, type the first code, keep the recovery codes', async () => {
      await page.getByRole('button', { name: 'Commencer' }).click();
      await page.getByRole('img', { name: /QR code à scanner/ }).waitFor();
      secret = (await page.locator('.mfa-secret').innerText()).replace(/\s/g, '');
      assert.match(secret, /^[A-Z2-7]{32}$/);
      await tab.checkA11y('enrol-scan');
      await page.getByLabel('Code affiché par l’application').fill(codeOf(secret));
      await page.getByRole('button', { name: 'Activer', exact: true }).click();
      await page.getByRole('heading', { name: 'Vos codes de secours' }).waitFor();
      assert.equal(await page.locator('.recovery-codes li').count(), 10);
      await tab.screenshot('recovery-codes');
      await tab.checkA11y('recovery-codes');
      await page.getByRole('button', { name: 'J’ai noté mes codes' }).click();
      await page.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
    });
    await step('sign out, sign in again: password then code', async () => {
      await page.context().clearCookies();
      await page.goto('/connexion');
      await page.getByLabel('Identifiant').fill(nurse.login);
      await page.getByLabel('Mot de passe').fill(nurse.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      const code = page.getByLabel('Code de validation');
      await code.waitFor();
      await tab.checkA11y('code-step');
      await code.fill('000000' === codeOf(secret, Date.now() + 30_000) ? '111111' : '000000');
      await page.getByRole('button', { name: 'Valider' }).click();
      await page.getByText('Ce code n’est pas valable').waitFor();
      await code.fill(codeOf(secret, Date.now() + 30_000));
      await page.getByRole('button', { name: 'Valider' }).click();
      await page.getByRole('heading', { level: 1, name: /Bonjour/ }).waitFor();
    });
    await step('the account page says it is on and cannot be turned off', async () => {
      await page.goto('/compte#deux-etapes');
      await page.getByText('La validation en deux étapes est activée.').waitFor();
      await page.getByText(/Il vous reste 10 codes de secours/).waitFor();
      await page.getByText(/obligatoire pour vos fonctions/).waitFor();
      await tab.checkA11y('account-mfa');
      await tab.screenshot('account');
    });
  } finally {
    await tab.context.close();
  }
});
