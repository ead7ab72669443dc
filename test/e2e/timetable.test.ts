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

test('[TIMETABLE] a guardian of two children sees the family day', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const c1 = await makeClass(preau.db, school, { code: '6A', level: '6e' });
  const c2 = await makeClass(preau.db, school, { code: '3C', level: '3e' });
  const lina = await makePupil(preau.db, school, { classId: c1.id, firstName: 'Lina' });
  const noah = await makePupil(preau.db, school, { classId: c2.id, firstName: 'Noah' });
  const parent = await makeGuardian(preau.db, {
    children: [
      { id: lina.id, schoolId: school.id },
      { id: noah.id, schoolId: school.id },
    ],
  });
  const teacher = await makeTeacher(preau.db, school, { classIds: [c1.id, c2.id] });
  const french = await makeSubject(preau.db, school, { code: 'FRANC', label: 'Français' });
  const music = await makeSubject(preau.db, school, { code: 'EDMUS', label: 'Éducation musicale' });
  const day = schoolDay();
  for (const [classId, subjectId, startsAt, endsAt] of [
    [c1.id, french.id, '08:00', '08:55'],
    [c2.id, music.id, '09:00', '09:55'],
  ] as const) {
    await makeCourse(preau.db, school, {
      teacherIds: [teacher.id],
      classId,
      subjectId,
      weekday: weekdayOf(day),
      startsAt,
      endsAt,
    });
  }
  const tab = await openTab(browser, preau, { journey: 'family-day', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, parent.login, parent.password);
    await step('family day', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'La journée de la famille' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'La journée de la famille' }).waitFor();
      const linaCard = page.locator('section', { has: page.getByRole('heading', { level: 2, name: /^Lina / }) });
      const noahCard = page.locator('section', { has: page.getByRole('heading', { level: 2, name: /^Noah / }) });
      await linaCard.getByText('Français').waitFor();
      await noahCard.getByText('Éducation musicale').waitFor();
      assert.equal(await linaCard.getByText('Éducation musicale').count(), 0);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('family-day-360');
    });
    await step('child week', async () => {
      await page.getByRole('link', { name: /^Emploi du temps Noah / }).click();
      await page.getByRole('heading', { level: 1, name: /^Noah / }).waitFor();
      await page.locator('main').getByText('Éducation musicale').waitFor();
      await tab.checkA11y('child-week-360');
    });
  } finally {
    await tab.context.close();
  }
});

test('[TIMETABLE] a staff member cancels a session and the pupil sees it cancelled', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const cls = await makeClass(preau.db, school, { code: '4D', level: '4e' });
  const pupil = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Inès' });
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  const history = await makeSubject(preau.db, school, { code: 'HIGEO', label: 'Histoire-géographie' });
  const principal = await makeStaff(preau.db, school, ['principal']);
  const day = schoolDay();
  await makeCourse(preau.db, school, {
    teacherIds: [teacher.id],
    classId: cls.id,
    subjectId: history.id,
    weekday: weekdayOf(day),
    startsAt: '14:30',
    endsAt: '15:25',
  });
  const staff = await openTab(browser, preau, { journey: 'cancel-session' });
  try {
    await signInThroughApi(staff, principal.login, principal.password);
    const { page, step } = staff;
    await step('class week', async () => {
      await page.goto(`/emplois-du-temps?date=${day}`);
      await page.getByRole('heading', { level: 1, name: 'Emplois du temps du collège' }).waitFor();
      await page.getByLabel('Emploi du temps de').selectOption({ label: cls.code });
      await page.getByRole('table').getByText('Histoire-géographie', { exact: true }).waitFor();
      await staff.checkA11y('class-week');
    });
    await step('cancel', async () => {
      await page.getByRole('button', { name: /^Annuler ce cours : Histoire-géographie/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Annuler le cours' }).waitFor();
      await dialog.getByLabel('Motif (vu par les élèves et les familles)').fill('Professeur absent');
      await dialog.getByRole('button', { name: 'Annuler le cours' }).and(page.locator(':enabled')).waitFor();
      await staff.checkA11y('cancel-dialog');
      await dialog.getByRole('button', { name: 'Annuler le cours' }).click();
      await page.getByRole('status').filter({ hasText: 'Le cours de Histoire-géographie est annulé.' }).waitFor();
      await page.getByRole('table').getByText('Cours annulé').waitFor();
    });
  } finally {
    await staff.context.close();
  }
  const tab = await openTab(browser, preau, { journey: 'cancelled-pupil', width: 360, height: 740 });
  try {
    await signInThroughApi(tab, pupil.login, pupil.password);
    await tab.step('pupil sees it', async () => {
      await tab.page.goto(`/emploi-du-temps?date=${day}`);
      const main = tab.page.locator('main');
      await main.getByText('Cours annulé').waitFor();
      await main.getByText('Motif : Professeur absent').waitFor();
      await tab.checkA11y('cancelled-360');
    });
  } finally {
    await tab.context.close();
  }
});
