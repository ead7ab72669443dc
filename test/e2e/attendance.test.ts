import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { setSchoolSetting } from '../../src/server/lib/school-settings.ts';
import { ATTENDANCE_SETTINGS } from '../../src/server/modules/attendance/attendance.service.ts';
import { makeClass, makeCourse, makePupil, makeSchool, makeStaff, makeSubject, makeTeacher } from '../factories.ts';
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
/** The last school day before today (a session that has surely started), stepping over Sunday. */
const lastSchoolDay = () => {
  const d = addDays(todayInParis(), -1);
  return weekdayOf(d) === 7 ? addDays(d, -1) : d;
};

async function setUp() {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  // Teachers may correct a roll call for a week: the session is yesterday's.
  await setSchoolSetting(
    preau.db,
    school.id,
    ATTENDANCE_SETTINGS,
    { lockMode: 'end_of_day', lockHours: 168, justificationDays: 30 },
    null,
  );
  const cls = await makeClass(preau.db, school, { code: '6B', level: '6e' });
  const pupils = [];
  for (const firstName of ['Adam', 'Bilal', 'Chloé'])
    pupils.push(await makePupil(preau.db, school, { classId: cls.id, firstName }));
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  const svt = await makeSubject(preau.db, school, { code: 'SVT', label: 'Sciences de la vie et de la Terre' });
  const day = lastSchoolDay();
  const course = await makeCourse(preau.db, school, {
    teacherIds: [teacher.id],
    classId: cls.id,
    subjectId: svt.id,
    weekday: weekdayOf(day),
    startsAt: '08:00',
    endsAt: '08:55',
  });
  return { school, cls, pupils, teacher, course, day };
}

test('[ATTENDANCE] a teacher takes a roll call on a 360×740 phone', async () => {
  const { pupils, teacher, course, day } = await setUp();
  const [adam, bilal] = pupils;
  assert.ok(adam && bilal);
  const tab = await openTab(browser, preau, { journey: 'roll-call', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    await step('roll call', async () => {
      await page.goto(`/appel/${course.id}/${day}`);
      await page.getByRole('heading', { level: 1, name: /^Appel — Sciences de la vie et de la Terre 6B/ }).waitFor();
      await page.getByText('Appel pas encore fait.').waitFor();
      await page.getByText('0 absent(s), 0 en retard, 3 présent(s)').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('roll-call-360');
    });
    await step('absent and late', async () => {
      await page.getByRole('button', { name: /^Absent : .* Adam$/ }).click();
      await page.getByRole('button', { name: /^En retard : .* Bilal$/ }).click();
      await page.getByLabel(/^Minutes de retard — .* Bilal$/).fill('12');
      await page.getByText('1 absent(s), 1 en retard, 1 présent(s)').waitFor();
      await tab.checkA11y('roll-call-marked');
      await page.getByRole('button', { name: 'Enregistrer l’appel' }).click();
      await page.getByRole('status').filter({ hasText: 'Appel enregistré : 1 absent(s), 1 en retard.' }).waitFor();
      await page.getByText(/^Appel fait à/).waitFor();
    });
    const events = await preau.db
      .selectFrom('attendance_events')
      .select(['pupil_id', 'kind', 'minutes_late'])
      .orderBy('kind')
      .execute();
    assert.deepEqual(events, [
      { pupil_id: adam.id, kind: 'absence', minutes_late: null },
      { pupil_id: bilal.id, kind: 'lateness', minutes_late: 12 },
    ]);
  } finally {
    await tab.context.close();
  }
});

test('[ATTENDANCE] vie scolaire sees the missing roll calls of a site', async () => {
  const { school, course, day } = await setUp();
  const cpe = await makeStaff(preau.db, school, ['cpe']);
  const tab = await openTab(browser, preau, { journey: 'missing-roll-calls' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, cpe.login, cpe.password);
    await step('missing list', async () => {
      await page.goto('/');
      await page.getByRole('navigation').getByRole('link', { name: 'Appels manquants' }).waitFor();
      await page.goto(`/appels-manquants?date=${day}`);
      await page.getByRole('heading', { level: 1, name: 'Appels manquants' }).waitFor();
      await page.getByRole('heading', { level: 2, name: '1 appel manquant' }).waitFor();
      // The day is chosen on the page; the time shown is the last update's, never "à 00:00".
      assert.equal(await page.getByLabel('Jour', { exact: true }).inputValue(), day);
      await page.getByText(/^Mis à jour à \d{1,2} h \d{2}/).waitFor();
      assert.equal(await page.getByText(/à 00:00/).count(), 0);
      const dayInput = page.getByLabel('Jour', { exact: true });
      await page.getByRole('button', { name: 'Jour suivant' }).click();
      await page.getByRole('heading', { level: 2, name: '0 appel manquant' }).waitFor();
      const next = await dayInput.inputValue();
      assert.ok(next > day);
      await page.getByRole('button', { name: 'Jour précédent' }).click();
      await page.waitForFunction((d) => (document.getElementById('missing-date') as HTMLInputElement).value < d, next);
      await dayInput.fill(day);
      await page.getByRole('heading', { level: 2, name: '1 appel manquant' }).waitFor();
      await page.getByLabel('Site').selectOption({ label: 'Site principal' });
      const link = page.getByRole('link', { name: /08:00–08:55 · Sciences de la vie et de la Terre/ });
      await link.waitFor();
      assert.equal(await link.getAttribute('href'), `/appel/${course.id}/${day}`);
      await tab.checkA11y('missing');
    });
  } finally {
    await tab.context.close();
  }
});
