import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { signIn } from '../app.ts';
import {
  makeClass,
  makeCourse,
  makeGuardian,
  makePupil,
  makeSchool,
  makeStaff,
  makeSubject,
  makeTeacher,
} from '../factories.ts';
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

const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const weekdayOf = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay() || 7;
/** The day the timetable opens on: today, or Monday when today is a Sunday. */
const schoolDay = () => {
  const today = todayInParis();
  return weekdayOf(today) === 7 ? addDays(today, 1) : today;
};

test('[TIMETABLE] a pupil reads this week’s timetable and ticks a homework as done on a 360×740 phone', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const cls = await makeClass(preau.db, school, { code: '5B', level: '5e' });
  const pupil = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Lina' });
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  const maths = await makeSubject(preau.db, school, { code: 'MATHS', label: 'Mathématiques' });
  const day = schoolDay();
  const course = await makeCourse(preau.db, school, {
    teacherIds: [teacher.id],
    classId: cls.id,
    subjectId: maths.id,
    weekday: weekdayOf(day),
    startsAt: '10:05',
    endsAt: '11:00',
  });
  const t = await signIn(preau.app, teacher);
  const res = await preau.app.inject({
    method: 'POST',
    url: '/api/homework',
    headers: t.headers,
    payload: {
      courseId: course.id,
      sessionDate: day,
      dueDate: addDays(day, 7),
      instructions: 'Exercices 3 et 4 page 52',
      estimatedMinutes: 20,
      status: 'published',
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  const homeworkId = (res.json() as { homework: { id: string } }).homework.id;

  const tab = await openTab(browser, preau, { journey: 'pupil-timetable', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, pupil.login, pupil.password);
    await step('home card', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Mon emploi du temps' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mon emploi du temps' }).waitFor();
    });
    await step('day view', async () => {
      await page
        .getByRole('heading', {
          level: 2,
          name: /novembre|décembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre/,
        })
        .waitFor();
      const main = page.locator('main');
      await main.getByText('Mathématiques').waitFor();
      await main.getByText('10:05').first().waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('pupil-day-360');
      // The next day has no lesson in this timetable; and back.
      await page.getByRole('button', { name: 'Jour suivant' }).click();
      await main.getByText('Aucun cours ce jour-là.').waitFor();
      await page.getByRole('button', { name: 'Jour précédent' }).click();
      await main.getByText('Mathématiques').waitFor();
    });
    await step('homework done', async () => {
      await page.getByRole('link', { name: 'Mon travail à faire' }).click();
      await page.getByRole('heading', { level: 1, name: 'Travail à faire' }).waitFor();
      await page.getByText('Exercices 3 et 4 page 52').waitFor();
      await tab.checkA11y('homework-360');
      const box = page.getByRole('checkbox', { name: /^Fait/ });
      assert.equal(await box.isChecked(), false);
      await box.check();
      await page.getByRole('status').filter({ hasText: 'marqué comme fait' }).waitFor();
      assert.equal(await box.isChecked(), true);
      const done = await preau.db
        .selectFrom('homework_done')
        .select('pupil_id')
        .where('homework_id', '=', homeworkId)
        .execute();
      assert.deepEqual(done, [{ pupil_id: pupil.id }]);
    });
  } finally {
    await tab.context.close();
  }
});
