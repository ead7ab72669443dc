import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { signIn } from '../app.ts';
import { makeClass, makeGuardian, makePeriod, makePupil, makeSchool, makeTeacher } from '../factories.ts';
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

/** A photo of a page, as a phone would send it: a real PNG (lines of "writing" on white). */
function pagePhoto(): Buffer {
  const png = new PNG({ width: 120, height: 160 });
  for (let y = 0; y < png.height; y += 1) {
    for (let x = 0; x < png.width; x += 1) {
      const i = (png.width * y + x) << 2;
      const ink = y % 12 < 2 && x > 10 && x < 110;
      png.data[i] = ink ? 30 : 250;
      png.data[i + 1] = ink ? 40 : 250;
      png.data[i + 2] = ink ? 120 : 245;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

const PHONE = { width: 360, height: 780 };

test('[HAND-IN] a pupil hands in a photo from a phone; the teacher downloads the zip and returns it marked; pupil and guardian read the feedback', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Jean Moulin' });
  await makePeriod(preau.db, school);
  const cls = await makeClass(preau.db, school, { code: '4B', level: '4e' });
  const pupil = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Léa' });
  const guardian = await makeGuardian(preau.db, { children: [{ id: pupil.id, schoolId: school.id }] });
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  const subject = await preau.db
    .selectFrom('subjects')
    .select('label')
    .where('id', '=', teacher.subjectId)
    .executeTakeFirstOrThrow();
  const dueDate = addDays(todayInParis(), 3);
  const created = await preau.app.inject({
    method: 'POST',
    url: '/api/homework',
    headers: (await signIn(preau.app, teacher)).headers,
    payload: {
      classId: cls.id,
      subjectId: teacher.subjectId,
      dueDate,
      instructions: 'Rédiger un paragraphe argumenté sur le chapitre 3',
      estimatedMinutes: 45,
      status: 'published',
      handIn: { required: true, latePolicy: 'accept', dueTime: '18:00' },
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  const homeworkId = created.json().homework.id as string;
  const photo = pagePhoto();

  const pupilTab = await openTab(browser, preau, { journey: 'handin-pupil', ...PHONE });
  try {
    const { page, step } = pupilTab;
    await signInThroughApi(pupilTab, pupil.login, pupil.password);
    await step('open the homework', async () => {
      await page.goto('/travail-a-faire');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByText('Rédiger un paragraphe argumenté sur le chapitre 3').waitFor();
      await page.getByRole('heading', { name: 'Rendre mon travail' }).waitFor();
      await page.getByText('Non rendu', { exact: true }).waitFor();
      await pupilTab.checkA11y('pupil-homework');
      await pupilTab.screenshot('1-homework');
    });
    await step('hand in a photo', async () => {
      await page.getByLabel('Fichiers à rendre (photos des pages ou PDF)').setInputFiles({
        name: 'photo-page-1.png',
        mimeType: 'image/png',
        buffer: photo,
      });
      await page.getByRole('button', { name: 'Rendre mon travail' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Votre travail de ${subject.label} est déposé.` })
        .waitFor();
      await page.getByText('Rendu', { exact: true }).waitFor();
      await page.getByRole('link', { name: 'photo-page-1.png' }).waitFor();
      await pupilTab.checkA11y('pupil-handed-in');
      await pupilTab.screenshot('2-handed-in');
    });
  } finally {
    await pupilTab.context.close();
  }

  const teacherTab = await openTab(browser, preau, { journey: 'handin-teacher', ...PHONE });
  try {
    const { page, step } = teacherTab;
    await signInThroughApi(teacherTab, teacher.login, teacher.password);
    await step('copies to mark on the home page', async () => {
      await page.goto('/');
      const section = page.getByRole('region', { name: 'Copies à corriger' });
      await section.waitFor();
      await teacherTab.checkA11y('teacher-home');
      await teacherTab.screenshot('3-home');
      await section.getByRole('link', { name: /1 copie à corriger/ }).click();
      await page.getByRole('heading', { level: 1, name: `Copies rendues — ${subject.label} 4B` }).waitFor();
    });
    await step('download every copy as a zip', async () => {
      const href = await page.getByRole('link', { name: 'Télécharger toutes les copies' }).getAttribute('href');
      assert.ok(href);
      const res = await teacherTab.context.request.get(href);
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/zip');
      assert.match(res.headers()['content-disposition'] ?? '', /^attachment;/);
      const entries = unzipSync(new Uint8Array(await res.body()));
      const names = Object.keys(entries);
      assert.equal(names.length, 1, names.join());
      assert.match(names[0]!, /Léa - photo-page-1\.png$/);
      assert.ok(Buffer.from(entries[names[0]!]!).equals(photo), 'the photo, byte for byte');
    });
    await step('return it with a mark and a comment', async () => {
      await teacherTab.checkA11y('teacher-copies');
      await teacherTab.screenshot('4-copies');
      const form = page.getByRole('form', { name: /^Rendre la copie de Léa/ });
      await form.getByLabel('Commentaire pour l’élève').fill('Bon travail, soigne la conclusion.');
      await form.getByLabel('Note (facultative)').fill('15,5');
      await form.getByLabel('Sur').fill('20');
      await form.getByRole('button', { name: 'Rendre la copie corrigée' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^Copie de Léa .* rendue\.$/ })
        .waitFor();
      await page.getByText('Rendu corrigé', { exact: true }).waitFor();
      await teacherTab.checkA11y('teacher-returned');
      await teacherTab.screenshot('5-returned');
    });
    await step('the notification of the hand-in', async () => {
      await page.goto('/notifications');
      await page.getByRole('link', { name: `1 copie rendue en ${subject.label} (4B)` }).waitFor();
      await teacherTab.checkA11y('teacher-notifications');
    });
  } finally {
    await teacherTab.context.close();
  }
  const grade = await preau.db
    .selectFrom('grades')
    .select(['value_centi'])
    .where('pupil_id', '=', pupil.id)
    .executeTakeFirstOrThrow();
  assert.equal(grade.value_centi, 1550, 'the mark is in the grade book');

  for (const who of [
    { journey: 'handin-pupil-feedback', person: pupil, path: '/travail-a-faire' },
    { journey: 'handin-guardian-feedback', person: guardian, path: `/travail-a-faire/${pupil.id}` },
  ]) {
    const tab = await openTab(browser, preau, { journey: who.journey, ...PHONE });
    try {
      const { page, step } = tab;
      await signInThroughApi(tab, who.person.login, who.person.password);
      await step('read the feedback', async () => {
        await page.goto(who.path);
        await page.getByText('Rendu corrigé', { exact: true }).waitFor();
        await page.getByText('Retour du professeur').waitFor();
        await page.getByText('note : 15,5 / 20').waitFor();
        await page.getByText('Bon travail, soigne la conclusion.').waitFor();
        await tab.checkA11y(who.journey);
        await tab.screenshot('6-feedback');
      });
      // Nothing wider than the phone's screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${who.journey}: ${overflow} px wider than the screen`);
    } finally {
      await tab.context.close();
    }
  }
});
