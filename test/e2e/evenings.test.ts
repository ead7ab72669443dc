import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { newId } from '../../src/server/lib/ids.ts';
import { signIn } from '../app.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../factories.ts';
import { launchBrowser, makeSite, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';

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

test('[EVENINGS] direction opens an evening; a guardian of two children on two sites gets a schedule (360 px)', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const barrault = await makeSite(preau, school, 'Annexe Barrault');
  await preau.db
    .insertInto('travel_times')
    .values([
      { id: newId(), school_id: school.id, from_site_id: school.siteId, to_site_id: barrault.siteId, minutes: 15 },
      { id: newId(), school_id: school.id, from_site_id: barrault.siteId, to_site_id: school.siteId, minutes: 15 },
    ])
    .execute();
  const c6 = await makeClass(preau.db, school, { code: '6B', level: '6e' });
  await preau.db.updateTable('classes').set({ site_id: barrault.siteId }).where('id', '=', c6.id).execute();
  const c3 = await makeClass(preau.db, school, { code: '3A', level: '3e' });
  await preau.db.updateTable('classes').set({ site_id: school.siteId }).where('id', '=', c3.id).execute();
  const t6 = await makeTeacher(preau.db, school, { classIds: [c6.id] });
  const t3 = await makeTeacher(preau.db, school, { classIds: [c3.id] });
  const young = await makePupil(preau.db, school, { classId: c6.id, firstName: 'Inès' });
  const elder = await makePupil(preau.db, school, { classId: c3.id, firstName: 'Yanis' });
  const parent = await makeGuardian(preau.db, {
    children: [
      { id: young.id, schoolId: school.id },
      { id: elder.id, schoolId: school.id },
    ],
  });
  const principal = await makeStaff(preau.db, school, ['principal']);
  const p = await signIn(preau.app, principal);
  const res = await preau.app.inject({
    method: 'POST',
    url: `/api/schools/${school.id}/evenings`,
    headers: p.headers,
    payload: {
      title: 'Réunion 6e et 3e',
      date: '2027-01-14',
      startsAt: '16:30',
      endsAt: '18:00',
      slotMinutes: 10,
      classIds: [c6.id, c3.id],
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;

  const tab = await openTab(browser, preau, { journey: 'evening-guardian', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, parent.login, parent.password);
    await step('choose teachers', async () => {
      await page.goto('/');
      await page
        .getByRole('link', { name: 'Réunions parents-professeurs', includeHidden: true })
        .first()
        .waitFor({ state: 'attached' });
      await page.goto('/reunions');
      await page.getByRole('link', { name: 'Réunion 6e et 3e' }).click();
      await page.getByRole('heading', { level: 2, name: 'Choisir les professeurs à rencontrer' }).waitFor();
      // One teacher per child: tick each, the first as priority.
      const choices = page.locator('.evening-choice');
      const n = await choices.count();
      assert.equal(n, 2);
      for (let i = 0; i < n; i++) await choices.nth(i).getByRole('checkbox').first().check();
      await choices.first().getByRole('checkbox', { name: 'Prioritaire' }).check();
      await tab.checkA11y('evening-choose-360');
      await page.getByRole('button', { name: 'Enregistrer mes choix' }).click();
      await page.getByRole('status').filter({ hasText: 'Vos choix sont enregistrés' }).waitFor();
    });
    const run = await preau.app.inject({ method: 'POST', url: `/api/evenings/${id}/schedule`, headers: p.headers });
    assert.equal(run.statusCode, 200, run.body);
    assert.equal(run.json().met, 2);
    await step('my schedule', async () => {
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Mon horaire' }).waitFor();
      const items = page.locator('ol.evening-meetings li');
      assert.equal(await items.count(), 2);
      await page.getByText('Annexe Barrault').first().waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('evening-schedule-360');
    });
  } finally {
    await tab.context.close();
  }
  const t = await openTab(browser, preau, { journey: 'evening-direction', width: 1280, height: 900 });
  try {
    await signInThroughApi(t, principal.login, principal.password);
    await t.step('direction sees the result', async () => {
      await t.page.goto(`/reunions/${id}`);
      await t.page.getByRole('status').filter({ hasText: '2 demandes satisfaites sur 2' }).waitFor();
      await t.checkA11y('evening-direction-1280');
    });
  } finally {
    await t.context.close();
  }
  void t3;
  void t6;
});
