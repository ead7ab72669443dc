import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { newId, nowIso } from '../../src/server/lib/ids.ts';
import { addDays, weekdayOf } from '../../src/server/modules/timetable/timetable.calendar.ts';
import { findCalendarOfSchool } from '../../src/server/modules/timetable/timetable.service.ts';
import { signIn } from '../app.ts';
import { makeClass, makeCourse, makeSchool, makeSubject, makeTeacher } from '../factories.ts';
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

for (const [width, height] of [
  [360, 740],
  [1280, 900],
] as const) {
  test(`[BOOKING] a teacher books a laptop trolley for Thursday’s lesson on Annexe Barrault, refused on a conflict (${width} px)`, async () => {
    const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
    const annexe = await makeSite(preau, school, 'Annexe Barrault');
    const cls = await makeClass(preau.db, school, { code: '6A', level: '6e' });
    const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
    const colleague = await makeTeacher(preau.db, school);
    const maths = await makeSubject(preau.db, school, { code: 'MATHS', label: 'Mathématiques' });
    let thursday = addDays(todayInParis(), 1);
    for (;;) {
      const y = await findCalendarOfSchool(preau.db, school.id, thursday);
      if (weekdayOf(thursday) === 4 && y?.cal.isSchoolDay(thursday)) break;
      thursday = addDays(thursday, 1);
    }
    await makeCourse(preau.db, school, {
      teacherIds: [teacher.id],
      classId: cls.id,
      subjectId: maths.id,
      weekday: 4,
      startsAt: '10:00',
      endsAt: '11:00',
    });
    const resource = (label: string) => ({
      id: newId(),
      school_id: school.id,
      site_id: annexe.siteId,
      room_id: null,
      kind: 'equipment' as const,
      label,
      needs_validation: 0,
      active: 1,
      created_at: nowIso(),
    });
    const trolley = resource('Chariot d’ordinateurs 1');
    const projector = resource('Vidéoprojecteur mobile');
    await preau.db.insertInto('resources').values([trolley, projector]).execute();
    const c = await signIn(preau.app, colleague);
    const taken = await preau.app.inject({
      method: 'POST',
      url: `/api/schools/${school.id}/bookings`,
      headers: c.headers,
      payload: { resourceId: trolley.id, date: thursday, startsAt: '09:30', endsAt: '10:30', purpose: 'Exposés' },
    });
    assert.equal(taken.statusCode, 201, taken.body);
    const who = await preau.db
      .selectFrom('people')
      .select(['first_name', 'last_name'])
      .where('id', '=', colleague.id)
      .executeTakeFirstOrThrow();

    const tab = await openTab(browser, preau, { journey: `booking-${width}`, width, height });
    const { page, step } = tab;
    try {
      await signInThroughApi(tab, teacher.login, teacher.password);
      await step('from the menu', async () => {
        await page.goto('/');
        // In the menu (a panel on a phone): present in the page, by its accessible name.
        await page
          .getByRole('link', { name: 'Réservations', includeHidden: true })
          .first()
          .waitFor({ state: 'attached' });
        await page.goto('/reservations');
        await page.getByRole('heading', { level: 1, name: 'Réservations' }).waitFor();
        await tab.checkA11y(`booking-week-${width}`);
      });
      await step('refused on the conflict, named', async () => {
        const form = page.locator('form.booking-form');
        await form.getByLabel('Ressource').selectOption({ label: 'Chariot d’ordinateurs 1 — Annexe Barrault' });
        await form.getByLabel('Pour une séance').selectOption({ index: 1 });
        await form.getByRole('button', { name: 'Réserver' }).click();
        const alert = page.getByRole('alert');
        await alert.getByText(`réservé par ${who.first_name} ${who.last_name} (Exposés)`).waitFor();
        await tab.checkA11y(`booking-conflict-${width}`);
        if (width === 360)
          assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      });
      await step('another resource is free', async () => {
        const form = page.locator('form.booking-form');
        await form.getByLabel('Ressource').selectOption({ label: 'Vidéoprojecteur mobile — Annexe Barrault' });
        await form.getByRole('button', { name: 'Réserver' }).click();
        await page.getByRole('status').filter({ hasText: 'Réservation enregistrée' }).waitFor();
        await tab.screenshot(`booking-done-${width}`);
      });
    } finally {
      await tab.context.close();
    }
  });
}
