import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { newId } from '../../src/server/lib/ids.ts';
import { addDays } from '../../src/server/modules/timetable/timetable.calendar.ts';
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

test('[EVENINGS] direction opens an evening through the form, closes the choices and prints the lists; a guardian of two children on two sites gets a schedule (360 px)', async () => {
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
  // Relative dates: the families' window must still be open when the journey runs.
  const eveningDate = addDays(todayInParis(), 40);
  const closesOn = addDays(todayInParis(), 30);

  // Direction opens the evening through the form, at desktop width.
  const d = await openTab(browser, preau, { journey: 'evening-direction', width: 1280, height: 900 });
  let id = '';
  try {
    await signInThroughApi(d, principal.login, principal.password);
    await d.step('direction opens an evening', async () => {
      await d.page.goto('/');
      // From the home page's entries.
      await d.page.getByRole('link', { name: 'Réunions parents-professeurs' }).first().click();
      await d.page.getByRole('link', { name: 'Nouvelle réunion' }).click();
      await d.page.getByRole('heading', { level: 1, name: 'Nouvelle réunion' }).waitFor();
      await d.page.getByLabel('Intitulé').fill('Réunion 6e et 3e');
      await d.page.getByLabel('Date', { exact: true }).fill(eveningDate);
      await d.page.getByLabel('De', { exact: true }).fill('16:30');
      await d.page.getByLabel('À', { exact: true }).fill('18:00');
      await d.page.getByLabel('Durée d’un rendez-vous').selectOption('10');
      await d.page.getByRole('checkbox', { name: 'Toutes les classes de 6e' }).check();
      await d.page.getByRole('checkbox', { name: '3A', exact: true }).check();
      // Both classes' teachers take part, each at their class's site.
      const teachers = d.page.locator('.evening-form-teacher');
      await teachers.nth(1).waitFor();
      assert.equal(await teachers.count(), 2);
      assert.equal(await d.page.getByRole('combobox', { name: /^Site de / }).count(), 2);
      await d.page.getByLabel('Clôture des choix le').fill(closesOn);
      // One teacher's break, in the form (no longer through the API only).
      await d.page
        .getByText(/^Horaires et pauses de /)
        .first()
        .click();
      await d.page
        .getByLabel(/^Début de la pause 1 de /)
        .first()
        .fill('17:00');
      await d.page
        .getByLabel(/^Fin de la pause 1 de /)
        .first()
        .fill('17:20');
      await d.checkA11y('evening-open-1280');
      await d.page.getByRole('button', { name: 'Ouvrir la réunion' }).click();
      await d.page.getByRole('heading', { level: 1, name: 'Réunion 6e et 3e' }).waitFor();
      id = new URL(d.page.url()).pathname.split('/').pop() ?? '';
      assert.ok(id.length > 0 && id !== 'nouvelle', d.page.url());
      await d.page.getByText('Choix ouverts').first().waitFor();
      await d.page.getByText(`au ${closesOn}`).first().waitFor();
      await d.checkA11y('evening-opened-1280');
    });
  } catch (err) {
    await d.context.close();
    throw err;
  }
  const stored = await preau.db
    .selectFrom('parent_evenings')
    .select(['title', 'slot_minutes', 'requests_until', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const breaks = await preau.db
    .selectFrom('parent_evening_teachers')
    .select('breaks')
    .where('evening_id', '=', id)
    .execute();
  assert.deepEqual(breaks.map((b) => b.breaks).sort(), [
    '[]',
    JSON.stringify([{ startsAt: '17:00', endsAt: '17:20' }]),
  ]);
  assert.deepEqual(stored, {
    title: 'Réunion 6e et 3e',
    slot_minutes: 10,
    requests_until: closesOn,
    status: 'open',
  });

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
    await d.step('direction closes the choices and computes the schedule', async () => {
      await d.page.reload();
      await d.page.getByRole('button', { name: 'Clore les choix' }).click();
      await d.page.getByRole('button', { name: 'Rouvrir les choix' }).waitFor();
      await d.page.getByRole('button', { name: 'Calculer les horaires' }).click();
      await d.page.getByRole('status').filter({ hasText: '2 demandes satisfaites sur 2' }).waitFor();
      await d.checkA11y('evening-direction-1280');
    });
    await d.step('direction prints the lists', async () => {
      await d.page.getByRole('link', { name: 'Listes à imprimer' }).click();
      await d.page.getByRole('heading', { level: 1, name: 'Listes — Réunion 6e et 3e' }).waitFor();
      // Every teacher's list: one meeting each with this family.
      assert.equal(await d.page.locator('.evening-print-sheet').count(), 2);
      assert.equal(await d.page.locator('.evening-print-table tbody tr').count(), 2);
      await d.checkA11y('evening-lists-teachers-1280');
      await d.page.getByLabel('Listes', { exact: true }).selectOption('families');
      await d.page.getByRole('heading', { level: 2, name: /^Horaire de / }).waitFor();
      assert.equal(await d.page.locator('.evening-print-table tbody tr').count(), 2);
      await d.page.getByRole('cell', { name: /Annexe Barrault/ }).waitFor();
      await d.checkA11y('evening-lists-families-1280');
    });
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
    await d.context.close();
  }
  void t3;
  void t6;
});

test('[EVENINGS] direction downloads the lists as PDF, edits the evening (a class with requests stays), then deletes it (360 px)', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const c6 = await makeClass(preau.db, school, { code: '6C', level: '6e' });
  const c5 = await makeClass(preau.db, school, { code: '5C', level: '5e' });
  const t6 = await makeTeacher(preau.db, school, { classIds: [c6.id] });
  const t5 = await makeTeacher(preau.db, school, { classIds: [c5.id] });
  await preau.db
    .updateTable('people')
    .set({ first_name: 'Claire', last_name: 'Martin' })
    .where('id', '=', t6.id)
    .execute();
  await preau.db
    .updateTable('people')
    .set({ first_name: 'Hugo', last_name: 'Bernard' })
    .where('id', '=', t5.id)
    .execute();
  const pupil = await makePupil(preau.db, school, { classId: c6.id, firstName: 'Zoé' });
  const parent = await makeGuardian(preau.db, { children: [{ id: pupil.id, schoolId: school.id }] });
  const principal = await makeStaff(preau.db, school, ['principal']);
  const id = newId();
  const date = addDays(todayInParis(), 20);
  await preau.db
    .insertInto('parent_evenings')
    .values({
      id,
      school_id: school.id,
      title: 'Réunion des 6e',
      date,
      starts_at: '17:00',
      ends_at: '19:00',
      slot_minutes: 10,
      status: 'open',
      stats: null,
      created_by: principal.id,
      created_at: new Date().toISOString(),
      scheduled_at: null,
      requests_from: null,
      requests_until: null,
    })
    .execute();
  await preau.db
    .insertInto('parent_evening_classes')
    .values([
      { evening_id: id, class_id: c6.id },
      { evening_id: id, class_id: c5.id },
    ])
    .execute();
  await preau.db
    .insertInto('parent_evening_teachers')
    .values({
      evening_id: id,
      teacher_id: t6.id,
      site_id: school.siteId,
      room_id: null,
      starts_at: '17:00',
      ends_at: '19:00',
      breaks: '[]',
    })
    .execute();
  await preau.db
    .insertInto('parent_evening_requests')
    .values({
      id: newId(),
      evening_id: id,
      guardian_id: parent.id,
      pupil_id: pupil.id,
      teacher_id: t6.id,
      priority: 1,
      starts_at: null,
      ends_at: null,
      created_at: new Date().toISOString(),
    })
    .execute();

  const tab = await openTab(browser, preau, { journey: 'evening-edit', width: 360, height: 780 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, principal.login, principal.password);
    await step('the lists download as PDF', async () => {
      await page.goto(`/reunions/${id}/listes`);
      const link = page.getByRole('link', { name: 'Télécharger en PDF' });
      await link.waitFor();
      const href = await link.getAttribute('href');
      assert.equal(href, `/api/evenings/${id}/lists/pdf?kind=teachers`);
      const res = await page.request.get(href ?? '');
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      assert.match(res.headers()['content-disposition'] ?? '', /^attachment/);
      assert.equal((await res.body()).subarray(0, 5).toString(), '%PDF-');
      await tab.checkA11y('evening-lists-pdf-360');
    });
    await step('direction changes the teachers', async () => {
      await page.goto(`/reunions/${id}`);
      await page.getByRole('button', { name: 'Modifier les professeurs' }).click();
      const form = page.getByRole('form', { name: 'Professeurs de la réunion' });
      await form.waitFor();
      await tab.checkA11y('evening-teachers-360');
      // Claire Martin has a family's request: leaving her out (for Hugo Bernard) is refused with a clear message.
      await form.getByRole('checkbox', { name: 'Hugo Bernard' }).check();
      await form.getByRole('checkbox', { name: 'Claire Martin' }).uncheck();
      await form.getByRole('button', { name: 'Enregistrer les professeurs' }).click();
      await form.getByText('Des familles ont demandé à rencontrer ce professeur').waitFor();
      await form.getByRole('checkbox', { name: 'Claire Martin' }).check();
      // Hugo Bernard (5C) joins, with two breaks.
      await form.getByText('Horaires et pauses de Hugo Bernard').click();
      await form.getByLabel('Début de la pause 1 de Hugo Bernard').fill('17:30');
      await form.getByLabel('Fin de la pause 1 de Hugo Bernard').fill('17:45');
      await form.getByRole('button', { name: 'Ajouter une pause pour Hugo Bernard' }).click();
      await form.getByLabel('Début de la pause 2 de Hugo Bernard').fill('18:15');
      await form.getByLabel('Fin de la pause 2 de Hugo Bernard').fill('18:30');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('evening-teachers-breaks-360');
      await tab.screenshot('evening-teachers-360');
      await form.getByRole('button', { name: 'Enregistrer les professeurs' }).click();
      await form.waitFor({ state: 'detached' });
      await page
        .getByRole('table', { name: 'Professeurs' })
        .or(page.locator('table.evening-teachers'))
        .first()
        .getByText('Hugo Bernard')
        .waitFor();
      const rows = await preau.db
        .selectFrom('parent_evening_teachers')
        .select(['teacher_id', 'breaks'])
        .where('evening_id', '=', id)
        .orderBy('teacher_id')
        .execute();
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.teacher_id, JSON.parse(r.breaks)])), {
        [t6.id]: [],
        [t5.id]: [
          { startsAt: '17:30', endsAt: '17:45' },
          { startsAt: '18:15', endsAt: '18:30' },
        ],
      });
      await tab.checkA11y('evening-teachers-saved-360');
    });
    await step('direction edits the evening', async () => {
      await page.goto(`/reunions/${id}`);
      await page.getByRole('button', { name: 'Modifier', exact: true }).click();
      await page.getByRole('heading', { level: 3, name: 'Modifier la réunion' }).waitFor();
      await tab.checkA11y('evening-edit-360');
      // 6C has a family's request: removing it is refused with a clear message.
      await page.getByRole('checkbox', { name: '6C', exact: true }).uncheck();
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.getByText('Des familles de cette classe ont déjà fait leurs choix').waitFor();
      await page.getByRole('checkbox', { name: '6C', exact: true }).check();
      await page.getByRole('checkbox', { name: '5C', exact: true }).uncheck();
      await page.getByLabel('Intitulé').fill('Réunion des 6e (reportée)');
      await page.getByLabel('À', { exact: true }).fill('19:30');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.getByRole('heading', { level: 1, name: 'Réunion des 6e (reportée)' }).waitFor();
      await page.getByText(`${date} · 17:00–19:30 · 6C ·`).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('evening-edited-360');
      await tab.screenshot('evening-edited-360');
    });
    await step('direction deletes the evening after confirming', async () => {
      await page.getByRole('button', { name: 'Supprimer' }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.getByRole('heading', { name: 'Supprimer « Réunion des 6e (reportée) » ?' }).waitFor();
      await tab.checkA11y('evening-delete-dialog-360');
      await tab.screenshot('evening-delete-dialog-360');
      await dialog.getByRole('button', { name: 'Supprimer la réunion' }).click();
      await page.getByRole('heading', { level: 1, name: 'Réunions parents-professeurs' }).waitFor();
      assert.equal(await page.getByRole('link', { name: /Réunion des 6e/ }).count(), 0);
    });
  } finally {
    await tab.context.close();
  }
  const gone = await preau.db.selectFrom('parent_evenings').select('id').where('id', '=', id).execute();
  assert.equal(gone.length, 0);
  const told = await preau.db
    .selectFrom('notifications')
    .select('person_id')
    .where('kind', '=', 'evening.cancelled')
    .where('school_id', '=', school.id)
    .execute();
  assert.deepEqual(
    told.map((n) => n.person_id),
    [parent.id],
  );
});
