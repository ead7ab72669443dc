import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { signIn } from '../app.ts';
import { makeClass, makeCourse, makePupil, makeSchool, makeSubject, makeTeacher } from '../factories.ts';
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

test('[CAHIER] a teacher writes a session’s content and homework and sees the workload warning', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const cls = await makeClass(preau.db, school, { code: '4A', level: '4e' });
  await makePupil(preau.db, school, { classId: cls.id });
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  const colleague = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  const physics = await makeSubject(preau.db, school, { code: 'PHCH', label: 'Physique-chimie' });
  const english = await makeSubject(preau.db, school, { code: 'AGL1', label: 'Anglais LV1' });
  const today = todayInParis();
  const day = weekdayOf(today) === 7 ? addDays(today, 1) : today;
  const course = await makeCourse(preau.db, school, {
    teacherIds: [teacher.id],
    classId: cls.id,
    subjectId: physics.id,
    weekday: weekdayOf(day),
    startsAt: '09:00',
    endsAt: '09:55',
  });
  const other = await makeCourse(preau.db, school, {
    teacherIds: [colleague.id],
    classId: cls.id,
    subjectId: english.id,
    weekday: weekdayOf(day),
    startsAt: '10:05',
    endsAt: '11:00',
  });
  // 50 minutes already due a week later: 20 more goes over the school's 60 a day.
  const c = await signIn(preau.app, colleague);
  const res = await preau.app.inject({
    method: 'POST',
    url: '/api/homework',
    headers: c.headers,
    payload: {
      courseId: other.id,
      sessionDate: day,
      dueDate: addDays(day, 7),
      instructions: 'Apprendre le vocabulaire de l’unité 3',
      estimatedMinutes: 50,
      status: 'published',
    },
  });
  assert.equal(res.statusCode, 201, res.body);

  const tab = await openTab(browser, preau, { journey: 'teacher-cahier' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    await step('my week', async () => {
      await page.goto(`/emploi-du-temps?date=${day}`);
      await page.getByRole('heading', { level: 1, name: 'Mon emploi du temps' }).waitFor();
      await page.getByRole('table').getByRole('link', { name: 'Physique-chimie' }).click();
      await page.getByRole('heading', { level: 1, name: /^Physique-chimie 4A/ }).waitFor();
      await tab.checkA11y('session');
    });
    await step('content', async () => {
      await page.getByLabel('Ce qui a été fait en classe').fill('Les états de la matière : expériences de fusion.');
      await page.getByRole('button', { name: 'Publier', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Contenu publié' }).waitFor();
    });
    await step('homework and workload', async () => {
      await page.getByLabel('Consignes').fill('Exercice 5 page 48');
      await page.getByLabel('Temps estimé (minutes)').fill('20');
      const warning = page.getByText('Attention : avec ce travail, la charge dépasse le seuil fixé par le collège.');
      await warning.waitFor();
      await page.getByText(/: 70 min \(seuil 60 min\)/).waitFor();
      await tab.checkA11y('workload-warning');
      await page.getByLabel('Temps estimé (minutes)').fill('10');
      await page.getByText('La charge reste sous le seuil du collège.').waitFor();
      await page.getByLabel('Temps estimé (minutes)').fill('20');
      await warning.waitFor();
      await page.getByRole('button', { name: 'Publier le travail' }).click();
      await page.getByRole('status').filter({ hasText: 'Travail publié' }).waitFor();
      await page.getByText('Exercice 5 page 48').waitFor();
    });
    const stored = await preau.db
      .selectFrom('homework')
      .select(['instructions', 'estimated_minutes', 'status'])
      .where('subject_id', '=', physics.id)
      .execute();
    assert.deepEqual(stored, [{ instructions: 'Exercice 5 page 48', estimated_minutes: 20, status: 'published' }]);
  } finally {
    await tab.context.close();
  }
});
