import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { makeClass, makeCourse, makePupil, makeSchool, makeSubject, makeTeacher } from '../factories.ts';
import { launchBrowser, openTab, type Preau, signInThroughApi, startPreau } from './helpers.ts';
import { expectScreenshot } from './visual.ts';

// Screenshot comparison of key pages at 360 px: catches a stylesheet regression (a selector list that
// ran into a comment once put bullets before every session and pupil and shrank the cards).
// Refresh the baselines in test/e2e/screenshots/ with PREAU_UPDATE_SCREENSHOTS=1 after a wanted change.

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
/** The last weekday before today: its sessions have started, so the roll call is open. */
const schoolDay = () => {
  let d = addDays(todayInParis(), -1);
  while (weekdayOf(d) > 5) d = addDays(d, -1);
  return d;
};

test('[VISUAL] roll call and teacher timetable look as in the baselines (360 px)', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const cls = await makeClass(preau.db, school, { code: '6B', level: '6e' });
  for (const [firstName, lastName] of [
    ['Adam', 'Bernard'],
    ['Bilal', 'Chevalier'],
    ['Chloé', 'Dupont'],
    ['Inès', 'Fontaine'],
  ] as const) {
    const p = await makePupil(preau.db, school, { classId: cls.id, firstName });
    await preau.db.updateTable('people').set({ last_name: lastName }).where('id', '=', p.id).execute();
  }
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  await preau.db
    .updateTable('people')
    .set({ first_name: 'Claire', last_name: 'Martin' })
    .where('id', '=', teacher.id)
    .execute();
  const day = schoolDay();
  const courses: string[] = [];
  for (const [code, label, startsAt, endsAt] of [
    ['SVT', 'Sciences de la vie et de la Terre', '08:00', '08:55'],
    ['MATH', 'Mathématiques', '09:00', '09:55'],
  ] as const) {
    const subject = await makeSubject(preau.db, school, { code, label });
    const course = await makeCourse(preau.db, school, {
      teacherIds: [teacher.id],
      classId: cls.id,
      subjectId: subject.id,
      weekday: weekdayOf(day),
      startsAt,
      endsAt,
    });
    courses.push(course.id);
  }
  const tab = await openTab(browser, preau, { journey: 'visual', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    await step('teacher timetable', async () => {
      await page.goto(`/emploi-du-temps?date=${day}`);
      await page.getByText('Mathématiques').first().waitFor();
      await expectScreenshot(page, 'teacher-day-360');
    });
    await step('roll call', async () => {
      await page.goto(`/appel/${courses[0]}/${day}`);
      await page.getByText('Bernard').first().waitFor();
      await expectScreenshot(page, 'roll-call-360');
    });
  } finally {
    await tab.context.close();
  }
});
