import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { getSchoolSetting } from '../../src/server/lib/school-settings.ts';
import { GRADE_SETTINGS } from '../../src/server/modules/grades/grades.service.ts';
import { makeSchool, makeStaff, makeSubject, TEST_PASSWORD } from '../factories.ts';
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

test('[NOTES] the principal sets how codes count, the guardians’ delay, ranks and a subject coefficient', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Jean Moulin' });
  const principal = await makeStaff(preau.db, school, ['principal']);
  const maths = await makeSubject(preau.db, school, { code: 'MATHS', label: 'Mathématiques' });
  await makeSubject(preau.db, school, { code: 'FRANC', label: 'Français' });
  const tab = await openTab(browser, preau, { journey: 'grade-settings', width: 360, height: 740 });
  const { page } = tab;
  await signInThroughApi(tab, principal.login, TEST_PASSWORD);

  await tab.step('open the settings', async () => {
    await page.goto('/');
    await (await menuLink(page, 'Réglages des notes')).click();
    await page.getByRole('heading', { level: 1, name: 'Réglages des notes' }).waitFor();
    await tab.checkA11y('grade-settings');
  });

  await tab.step('change the rules', async () => {
    // The visible label is what a user clicks (react-aria keeps the input under it).
    await page.getByRole('radiogroup', { name: 'Abs — absent' }).getByText('Compté 0').click();
    await page.getByLabel('Délai pour les responsables (heures après les élèves)').fill('24');
    await page.getByText('Afficher les rangs aux élèves et aux familles').click();
    assert.ok(await page.getByRole('checkbox', { name: 'Afficher les rangs aux élèves et aux familles' }).isChecked());
    const coef = page.getByRole('textbox', { name: 'Coefficient de Mathématiques' });
    await coef.fill('2,555');
    await page.getByText('Un nombre entre 0,01 et 100, deux décimales au plus.').waitFor();
    assert.ok(await page.getByRole('button', { name: 'Enregistrer les réglages' }).isDisabled());
    await coef.fill('2,5');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByRole('status').filter({ hasText: 'Réglages enregistrés.' }).waitFor();
    await tab.screenshot('saved-360');
    await tab.checkA11y('grade-settings-saved');
  });

  const stored = await getSchoolSetting(preau.db, school.id, GRADE_SETTINGS);
  assert.equal(stored.codeRules.ABS, 'zero');
  assert.equal(stored.codeRules.NR, 'zero');
  assert.equal(stored.guardianDelayHours, 24);
  assert.equal(stored.ranksEnabled, true);
  assert.deepEqual(stored.subjectCoefficients, { [maths.id]: 2.5 });
  assert.deepEqual(stored.quietHours, { from: '20:00', to: '07:00' });

  // Reloaded, the page shows what was saved.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Réglages des notes' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Coefficient de Mathématiques' }).inputValue(), '2,5');
  assert.ok(
    await page.getByRole('radiogroup', { name: 'Abs — absent' }).getByRole('radio', { name: 'Compté 0' }).isChecked(),
  );
  await page.setViewportSize({ width: 1280, height: 900 });
  await tab.screenshot('desktop');
  await tab.context.close();
});
