import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeGuardian, makePupil, makeSchool } from '../factories.ts';
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

test('[I18N] a person switches to Arabic: <html dir="rtl">, remembered on the account', async () => {
  const school = await makeSchool(preau.db);
  const pupil = await makePupil(preau.db, school, { firstName: 'Yasmine' });
  const parent = await makeGuardian(preau.db, { children: [{ id: pupil.id, schoolId: school.id }] });
  const tab = await openTab(browser, preau, { journey: 'arabic' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, parent.login, parent.password);
    await step('my account', async () => {
      await page.goto('/compte');
      await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
      await tab.checkA11y('account-fr');
    });
    await step('choose Arabic', async () => {
      // The radio input is visually hidden under its label: click the label, as a person does.
      await page.locator('label', { hasText: 'العربية' }).click();
      await page.getByRole('heading', { level: 1, name: 'حسابي' }).waitFor();
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      assert.equal(await page.getAttribute('html', 'lang'), 'ar');
      await tab.checkA11y('account-ar');
    });
    await step('saved on the account, kept on another device', async () => {
      for (let i = 0; i < 50; i++) {
        const me = (await (await tab.context.request.get('/api/me')).json()) as { person: { locale: string } };
        if (me.person.locale === 'ar') break;
        await page.waitForTimeout(100);
      }
      const other = await openTab(browser, preau, { journey: 'arabic-other-device' });
      try {
        await signInThroughApi(other, parent.login, parent.password);
        await other.page.goto('/');
        await other.page.getByRole('heading', { level: 2, name: 'اليوم لأطفالي' }).waitFor();
        assert.equal(await other.page.getAttribute('html', 'dir'), 'rtl');
        await other.checkA11y('home-ar');
      } finally {
        await other.context.close();
      }
    });
  } finally {
    await tab.context.close();
  }
});
