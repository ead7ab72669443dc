import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { OUTSIDE } from '../../src/server/modules/usage/usage.recorder.ts';
import * as usageRepo from '../../src/server/modules/usage/usage.repo.ts';
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

test('[PILOTAGE] the principal reads the visits per day and its table; the département compares schools', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Les Tilleuls' });
  const other = await makeSchool(preau.db, { name: 'Collège Jean Jaurès' });
  const principal = await makeStaff(preau.db, school, ['principal']);
  const admin = await makePerson(preau.db, { deploymentAdmin: true });
  // Three weeks of counters up to today, for both schools.
  const visits = [];
  for (let i = 0; i < 21; i++) {
    const day = todayInParis(new Date(Date.now() - i * 86_400_000));
    visits.push(
      {
        schoolId: school.id,
        day,
        hour: 18,
        place: OUTSIDE,
        profile: 'guardian' as const,
        visits: 12,
        activeSeconds: 3600,
      },
      {
        schoolId: other.id,
        day,
        hour: 10,
        place: other.siteId,
        profile: 'pupil' as const,
        visits: 30,
        activeSeconds: 900,
      },
    );
  }
  await usageRepo.addCounters(preau.db, visits, []);
  const today = todayInParis();

  const tab = await openTab(browser, preau, { journey: 'pilotage-principal', width: 1280, height: 900 });
  try {
    await signInThroughApi(tab, principal.login, principal.password);
    const { page, step } = tab;
    await step('from the menu to the visits per day, its chart and its table', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Pilotage', exact: true }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Pilotage : usages de l’ENT' }).waitFor();
      const perDay = page.getByRole('region', { name: 'Visites par jour' });
      await perDay.locator('svg').first().waitFor();
      await perDay.getByText('Afficher le tableau des données').click();
      const row = perDay
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader') })
        .last();
      await row.waitFor();
      await perDay.getByRole('cell', { name: '12', exact: true }).first().waitFor();
      await tab.checkA11y('principal-per-day');
      await tab.screenshot('principal-per-day');
    });
    await step('another period, and the same page on a phone', async () => {
      await page.getByLabel('Du', { exact: true }).fill(todayInParis(new Date(Date.now() - 6 * 86_400_000)));
      await page.getByLabel('Au', { exact: true }).fill(today);
      await page.getByRole('button', { name: 'Afficher cette période' }).click();
      await page.getByText(/^Du .* au .*\.$/).waitFor();
      await page.setViewportSize({ width: 360, height: 780 });
      // The charts follow the new width when their resize observers fire: wait for the layout to settle.
      await page
        .waitForFunction(() => document.documentElement.scrollWidth <= 360, undefined, { timeout: 10_000 })
        .catch(() => undefined);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no horizontal scroll on a phone (${width}px)`);
      await tab.checkA11y('principal-phone');
    });
  } finally {
    await tab.context.close();
  }

  const dep = await openTab(browser, preau, { journey: 'pilotage-department', width: 1280, height: 900 });
  try {
    await signInThroughApi(dep, admin.login, admin.password);
    const { page, step } = dep;
    await step('the département administrator compares the schools', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Pilotage du département' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Pilotage du département' }).waitFor();
      await page.getByRole('row', { name: /Collège Les Tilleuls/ }).waitFor();
      await page.getByRole('row', { name: /Collège Jean Jaurès/ }).waitFor();
      await dep.checkA11y('department');
      await dep.screenshot('department');
    });
  } finally {
    await dep.context.close();
  }
});
