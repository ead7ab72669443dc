import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { newId, nowIso } from '../../src/server/lib/ids.ts';
import { addDays } from '../../src/server/modules/timetable/timetable.calendar.ts';
import {
  makeClass,
  makeCourse,
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../factories.ts';
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

async function college() {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const today = todayInParis();
  // Every day of the coming weeks is a school day, whatever the date the journey runs on.
  await preau.db
    .insertInto('school_calendar_entries')
    .values({
      id: newId(),
      school_id: school.id,
      starts_on: today,
      ends_on: addDays(today, 30),
      is_day_off: 0,
      label: 'Ouvert',
    })
    .execute();
  const c4a = await makeClass(preau.db, school, { code: '4A', level: '4e' });
  const lina = await makePupil(preau.db, school, { classId: c4a.id, firstName: 'Lina' });
  const parent = await makeGuardian(preau.db, { children: [{ id: lina.id, schoolId: school.id }] });
  const cpe = await makePerson(preau.db, {
    schoolId: school.id,
    profiles: ['staff'],
    functions: ['cpe'],
    firstName: 'Claire',
    lastName: 'Moreau',
  });
  const accueil = await makeStaff(preau.db, school, ['accueil']);
  for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
    await preau.db
      .insertInto('appointment_availabilities')
      .values({
        id: newId(),
        school_id: school.id,
        staff_id: cpe.id,
        site_id: school.siteId,
        room_id: null,
        weekday,
        starts_at: '07:00',
        ends_at: '23:30',
        slot_minutes: 30,
        created_at: nowIso(),
      })
      .execute();
  }
  return { school, lina, parent, cpe, accueil };
}

for (const width of [360, 1280]) {
  test(`[RENDEZ-VOUS] a guardian books an appointment with the CPE (${width} px)`, async () => {
    const w = await college();
    const tab = await openTab(browser, preau, { journey: `appointment-guardian-${width}`, width });
    const { page, step } = tab;
    try {
      await signInThroughApi(tab, w.parent.login, w.parent.password);
      await step('from the menu', async () => {
        await page.goto('/');
        await page.getByRole('heading', { name: 'Rendez-vous à venir' }).waitFor();
        await (await menuLink(page, 'Mes rendez-vous')).click();
        await page.getByRole('heading', { level: 1, name: 'Mes rendez-vous' }).waitFor();
        await tab.checkA11y('my-appointments-empty');
        await page.getByRole('link', { name: 'Prendre rendez-vous' }).click();
        await page.getByRole('heading', { level: 1, name: 'Prendre rendez-vous' }).waitFor();
      });
      await step('whom, when, why', async () => {
        await page.getByRole('radio', { name: /Claire Moreau/ }).check();
        const day = page.getByRole('combobox', { name: 'Jour' });
        await day.waitFor();
        await day.selectOption({ index: 1 });
        await page.getByRole('group', { name: 'Heure' }).getByRole('radio').first().check();
        await page.getByRole('textbox', { name: 'Motif du rendez-vous' }).fill('Parler de l’orientation de Lina');
        await tab.checkA11y('book-form');
        await tab.screenshot('book-form');
        await page.getByRole('button', { name: /Confirmer le rendez-vous/ }).click();
        await page.getByRole('heading', { name: 'Rendez-vous confirmé' }).waitFor();
        await page.getByRole('link', { name: /Ajouter à mon agenda/ }).waitFor();
        await tab.checkA11y('booked');
      });
      const stored = await preau.db
        .selectFrom('appointments')
        .select(['guardian_id', 'staff_id', 'reason'])
        .where('school_id', '=', w.school.id)
        .execute();
      assert.deepEqual(stored, [
        { guardian_id: w.parent.id, staff_id: w.cpe.id, reason: 'Parler de l’orientation de Lina' },
      ]);
      await step('listed in Mes rendez-vous', async () => {
        await page.getByRole('link', { name: 'Mes rendez-vous' }).last().click();
        await page.getByRole('heading', { level: 3, name: /Claire Moreau/ }).waitFor();
        await tab.checkA11y('my-appointments');
      });
    } finally {
      await tab.context.close();
    }
  });
}

for (const width of [360, 1280]) {
  test(`[ACCUEIL] reception books for a family that phoned and marks them arrived (${width} px)`, async () => {
    const w = await college();
    const tab = await openTab(browser, preau, { journey: `appointment-reception-${width}`, width });
    const { page, step } = tab;
    try {
      await signInThroughApi(tab, w.accueil.login, w.accueil.password);
      await step('the desk from the menu', async () => {
        await page.goto('/');
        await (await menuLink(page, 'Accueil du public')).click();
        await page.getByRole('heading', { level: 1, name: 'Accueil du public' }).waitFor();
        await tab.checkA11y('desk');
      });
      await step('book for the parent on the phone', async () => {
        await page.getByRole('searchbox', { name: 'Nom de l’élève' }).fill('Lina');
        await page.getByRole('button', { name: /Lina/ }).first().click();
        await page.getByRole('group', { name: 'Qui appelle ?' }).getByRole('radio').first().check();
        await page.getByRole('radio', { name: /Claire Moreau/ }).check();
        await page.getByRole('combobox', { name: 'Jour' }).last().selectOption({ index: 1 });
        await page.getByRole('group', { name: 'Heure' }).getByRole('radio').first().check();
        await page.getByRole('textbox', { name: 'Motif du rendez-vous' }).fill('Appel de la famille');
        await tab.checkA11y('desk-booking');
        await page.getByRole('button', { name: /Confirmer le rendez-vous/ }).click();
        await page.getByRole('status').filter({ hasText: 'Rendez-vous pris pour' }).waitFor();
        await tab.screenshot('desk-booked');
      });
      const a = await preau.db
        .selectFrom('appointments')
        .select(['id', 'on_date', 'guardian_id', 'booked_by'])
        .where('school_id', '=', w.school.id)
        .executeTakeFirstOrThrow();
      assert.equal(a.guardian_id, w.parent.id);
      assert.equal(a.booked_by, w.accueil.id);
      await step('mark the family arrived', async () => {
        await page.getByLabel('Jour', { exact: true }).first().fill(a.on_date);
        await page.getByRole('button', { name: /^Arrivé/ }).click();
        await page.getByText(/Arrivé\(e\) —/).waitFor();
        await tab.checkA11y('arrived');
        await tab.screenshot('arrived');
      });
      const note = await preau.db
        .selectFrom('notifications')
        .select('person_id')
        .where('message_key', '=', 'appointment.arrived')
        .where('person_id', '=', w.cpe.id)
        .execute();
      assert.equal(note.length, 1);
    } finally {
      await tab.context.close();
    }
  });
}

test('[APPOINTMENTS] a teacher chooses to offer the time of cancelled courses (360 px)', async () => {
  const { school } = await college();
  const c5 = await makeClass(preau.db, school, { code: '5B', level: '5e' });
  const teacher = await makeTeacher(preau.db, school, { classIds: [c5.id] });
  await makeCourse(preau.db, school, {
    teacherIds: [teacher.id],
    classId: c5.id,
    weekday: 2,
    startsAt: '10:00',
    endsAt: '11:00',
  });
  await preau.db
    .insertInto('appointment_availabilities')
    .values({
      id: newId(),
      school_id: school.id,
      staff_id: teacher.id,
      site_id: school.siteId,
      room_id: null,
      weekday: 2,
      starts_at: '09:00',
      ends_at: '10:30',
      slot_minutes: 30,
      created_at: nowIso(),
    })
    .execute();
  const tab = await openTab(browser, preau, { journey: 'availability-courses', width: 360, height: 780 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    await step('the teacher ticks the box and saves', async () => {
      await page.goto('/disponibilites');
      await page.getByRole('heading', { level: 1, name: 'Mes disponibilités' }).waitFor();
      const box = page.getByRole('checkbox', { name: 'Proposer aux familles le temps libéré par mes cours annulés' });
      assert.equal(await box.isChecked(), false, 'off by default');
      await box.check({ force: true });
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByRole('status').filter({ hasText: 'Disponibilités enregistrées.' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('availability-offer-cancelled-360');
      await tab.screenshot('availability-offer-cancelled-360');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Mes disponibilités' }).waitFor();
      assert.equal(
        await page
          .getByRole('checkbox', { name: 'Proposer aux familles le temps libéré par mes cours annulés' })
          .isChecked(),
        true,
      );
    });
  } finally {
    await tab.context.close();
  }
  const setting = await preau.db
    .selectFrom('appointment_settings')
    .select('offer_cancelled_courses')
    .where('staff_id', '=', teacher.id)
    .executeTakeFirstOrThrow();
  assert.equal(setting.offer_cancelled_courses, 1);
});
