import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import type { Browser } from 'playwright-core';
import { mfaKeys, sealSecret } from '../../src/server/modules/auth/auth.mfa-secret.ts';
import { makePerson, makeSchool, makeStaff } from '../factories.ts';
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

test('[MFA] on a phone, the school administrator resets the two-step sign-in of a teacher who lost her phone', async () => {
  const school = await makeSchool(preau.db);
  const admin = await makeStaff(preau.db, school, ['school_admin']);
  const teacher = await makePerson(preau.db, {
    schoolId: school.id,
    profiles: ['teacher'],
    firstName: 'Maëlle',
    lastName: 'Quéré',
  });
  // The teacher set up two-step sign-in earlier (her secret sealed as the server seals it).
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const keys = await mfaKeys(preau.db, undefined);
  await preau.db
    .insertInto('mfa_totp')
    .values({
      person_id: teacher.id,
      secret: sealSecret(keys, teacher.id, secret),
      confirmed_at: new Date().toISOString(),
      last_step: null,
      created_at: new Date().toISOString(),
    })
    .execute();
  const tab = await openTab(browser, preau, { journey: 'mfa-reset', width: 360, height: 780 });
  const { page, step } = tab;
  const main = page.locator('main');
  try {
    await signInThroughApi(tab, admin.login, admin.password);
    await step('the teacher’s page says two-step sign-in is on', async () => {
      await page.goto(`/annuaire/${teacher.id}`);
      await main.getByRole('heading', { name: 'Validation en deux étapes' }).waitFor();
      await main.getByText(/^Activée/).waitFor();
      await tab.checkA11y('person-two-step');
    });
    await step('reset, after a confirmation', async () => {
      await main.getByRole('button', { name: 'Réinitialiser la validation en deux étapes' }).click();
      const dialog = page.getByRole('dialog', { name: 'Réinitialiser la validation en deux étapes de Maëlle Quéré ?' });
      await dialog.waitFor();
      await tab.checkA11y('two-step-reset-dialog');
      await tab.screenshot('two-step-reset-dialog');
      await dialog.getByRole('button', { name: 'Réinitialiser', exact: true }).click();
      await main
        .getByText('La validation en deux étapes de Maëlle Quéré est réinitialisée ; ses sessions sont fermées.')
        .waitFor();
      await main.getByText('Non activée.').waitFor();
      assert.equal(await main.getByRole('button', { name: 'Réinitialiser la validation en deux étapes' }).count(), 0);
      await tab.checkA11y('two-step-reset-done');
      const rows = await preau.db
        .selectFrom('mfa_totp')
        .select('person_id')
        .where('person_id', '=', teacher.id)
        .execute();
      assert.equal(rows.length, 0);
    });
  } finally {
    await tab.context.close();
  }
});
