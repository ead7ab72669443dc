import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeClass, makePupil, makeSchool, makeStaff } from '../factories.ts';
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

test("[IMPORTS] on a phone, the administrator prepares the year's rollover, sees next year's classes, then applies it", async () => {
  const school = await makeSchool(preau.db, { name: 'Collège des Peupliers' });
  const year = await preau.db
    .selectFrom('school_years')
    .select(['label', 'starts_on'])
    .where('id', '=', school.yearId)
    .executeTakeFirstOrThrow();
  const first = Number(year.starts_on.slice(0, 4));
  const c6 = await makeClass(preau.db, school, { code: '6A', level: '6e' });
  const c3 = await makeClass(preau.db, school, { code: '3A', level: '3e' });
  await makePupil(preau.db, school, { classId: c6.id, firstName: 'Maëlys' });
  await makePupil(preau.db, school, { classId: c6.id, firstName: 'Yanis' });
  await makePupil(preau.db, school, { classId: c3.id, firstName: 'Aïcha' });
  const admin = await makeStaff(preau.db, school, ['school_admin']);

  const tab = await openTab(browser, preau, { journey: 'rollover', width: 360, height: 780 });
  const { page, step } = tab;
  const main = page.locator('main');
  try {
    await signInThroughApi(tab, admin.login, admin.password);
    await step('the rollover from the imports page', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Imports')).click();
      await main.getByRole('link', { name: 'Bascule d’année' }).click();
      await main.getByRole('heading', { name: 'Bascule d’année', level: 1 }).waitFor();
      await tab.checkA11y('rollover-page');
    });
    await step("the dry run without a file: next year's classes with their pupils, promoted and leaving", async () => {
      await main.getByRole('button', { name: 'Préparer la bascule' }).click();
      await main.getByRole('heading', { name: 'Ce que la bascule ferait' }).waitFor();
      await main.getByRole('heading', { name: 'Classes de l’an prochain (3)' }).waitFor();
      const classes = main.getByRole('table', { name: 'Classes de l’an prochain (3)' });
      await classes.getByRole('row', { name: /5A/ }).getByText('2').waitFor();
      await main.getByText('Passages : 2 élèves').waitFor();
      await main.getByText('Départ : 1 élève').waitFor();
      await main.getByText('fin de 3e').waitFor();
      await tab.checkA11y('rollover-dry-run');
      await tab.screenshot('rollover-dry-run');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no horizontal scroll at 360 px (${width})`);
      const years = await preau.db.selectFrom('school_years').select('id').where('school_id', '=', school.id).execute();
      assert.equal(years.length, 1, 'the dry run writes nothing');
    });
    await step('confirm and apply', async () => {
      const apply = main.getByRole('button', { name: 'Faire la bascule' });
      assert.equal(await apply.isDisabled(), true, 'confirmation first');
      await main.getByText(`Je confirme : l’année ${year.label} sera archivée`).click();
      await apply.click();
      await main.getByRole('heading', { name: 'Bascule faite' }).waitFor();
      await tab.checkA11y('rollover-done');
      const years = await preau.db
        .selectFrom('school_years')
        .select(['label', 'archived_at'])
        .where('school_id', '=', school.id)
        .orderBy('starts_on')
        .execute();
      assert.deepEqual(
        years.map((y) => [y.label, y.archived_at !== null]),
        [
          [year.label, true],
          [`${first + 1}-${first + 2}`, false],
        ],
      );
    });
  } finally {
    await tab.context.close();
  }
});
