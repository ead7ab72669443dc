import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { newId, nowIso } from '../../src/server/lib/ids.ts';
import { makeClass, makeGroup, makePupil, makeSchool, makeTeacher } from '../factories.ts';
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

test('[PILOTAGE] a teacher reads, on a phone, how their classes tick the homework they set', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Les Tilleuls' });
  const c6 = await makeClass(preau.db, school, { code: '6A', level: '6e' });
  const c4 = await makeClass(preau.db, school, { code: '4B', level: '4e' });
  const teacher = await makeTeacher(preau.db, school, { classIds: [c6.id, c4.id] });
  const pupils = [];
  for (let i = 0; i < 6; i++) pupils.push(await makePupil(preau.db, school, { classId: c6.id }));
  await makePupil(preau.db, school, { classId: c4.id });
  const id = newId();
  const at = nowIso();
  await preau.db
    .insertInto('homework')
    .values({
      id,
      school_id: school.id,
      school_year_id: school.yearId,
      session_key: null,
      course_id: null,
      session_date: null,
      extra_session_id: null,
      class_id: c6.id,
      group_id: null,
      subject_id: teacher.subjectId,
      due_date: todayInParis(),
      instructions: 'Exercices',
      estimated_minutes: 20,
      links: '[]',
      status: 'published',
      author_id: teacher.id,
      created_at: at,
      updated_at: at,
      published_at: at,
    })
    .execute();
  for (const p of pupils.slice(0, 5)) {
    await preau.db.insertInto('homework_done').values({ homework_id: id, pupil_id: p.id, done_at: at }).execute();
  }

  // Homework for a group (Latin, the six pupils of 6A), all ticked.
  const latin = await makeGroup(preau.db, school, { code: 'LATIN', pupilIds: pupils.map((p) => p.id) });
  const groupHomework = newId();
  await preau.db
    .insertInto('homework')
    .values({
      id: groupHomework,
      school_id: school.id,
      school_year_id: school.yearId,
      session_key: null,
      course_id: null,
      session_date: null,
      extra_session_id: null,
      class_id: null,
      group_id: latin.id,
      subject_id: teacher.subjectId,
      due_date: todayInParis(),
      instructions: 'Version',
      estimated_minutes: 30,
      links: '[]',
      status: 'published',
      author_id: teacher.id,
      created_at: at,
      updated_at: at,
      published_at: at,
    })
    .execute();
  for (const p of pupils) {
    await preau.db
      .insertInto('homework_done')
      .values({ homework_id: groupHomework, pupil_id: p.id, done_at: at })
      .execute();
  }

  const tab = await openTab(browser, preau, { journey: 'pilotage-teacher', width: 360, height: 780 });
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    const { page, step } = tab;
    await step('from the home page to the classes', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Usage dans mes classes' }).click();
      await page.getByRole('heading', { level: 1, name: 'Usage dans mes classes' }).waitFor();
      const row6 = page.getByRole('row', { name: /6A/ });
      await row6.getByText(/5\s+sur\s+6\s+\(83\s?%\)/).waitFor();
      const row4 = page.getByRole('row', { name: /4B/ });
      assert.equal(await row4.getByText('moins de 5').count(), 0, 'no homework in 4B: 0 of 0');
      await page
        .getByRole('row', { name: /LATIN/ })
        .getByText(/6\s+sur\s+6\s+\(100\s?%\)/)
        .waitFor();
      await tab.checkA11y('teacher-classes');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no horizontal scroll on a phone (${width}px)`);
      await tab.screenshot('teacher-classes');
    });
  } finally {
    await tab.context.close();
  }
});
