import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { makeClass, makeCourse, makePupil, makeSchool, makeSubject, makeTeacher } from '../factories.ts';
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

const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const weekdayOf = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay() || 7;

const PHONE = { width: 360, height: 780 };
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n',
);

const noOverflow = async (page: import('playwright-core').Page, label: string) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${label}: ${overflow} px wider than the screen`);
};

test('[DOCUMENTS] a teacher puts a PDF in 4B’s space and links it from the cahier de textes; a pupil of 4B opens it', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Jean Moulin' });
  const cls = await makeClass(preau.db, school, { code: '4B', level: '4e' });
  const pupil = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Léa' });
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  const french = await makeSubject(preau.db, school, { code: 'FRAN', label: 'Français' });
  const today = todayInParis();
  const day = weekdayOf(today) === 7 ? addDays(today, 1) : today;
  const course = await makeCourse(preau.db, school, {
    teacherIds: [teacher.id],
    classId: cls.id,
    subjectId: french.id,
    weekday: weekdayOf(day),
    startsAt: '09:00',
    endsAt: '09:55',
  });

  const teacherTab = await openTab(browser, preau, { journey: 'documents-teacher', ...PHONE });
  try {
    const { page, step } = teacherTab;
    await signInThroughApi(teacherTab, teacher.login, teacher.password);
    await step('my spaces', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Documents', { exact: true })).click();
      await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
      await page.getByRole('link', { name: 'Mes documents' }).waitFor();
      await page.getByRole('link', { name: 'Salle des profs' }).waitFor();
      await teacherTab.checkA11y('spaces');
      await teacherTab.screenshot('1-spaces');
      await page.getByRole('link', { name: 'Espace de la 4B' }).click();
      await page.getByRole('heading', { level: 1, name: 'Espace de la 4B' }).waitFor();
      await page.getByText('Ce dossier est vide.').waitFor();
      await teacherTab.checkA11y('class-space-empty');
    });
    await step('put a PDF in the class space', async () => {
      const input = page.getByLabel('Choisir des fichiers ou prendre une photo');
      assert.match((await input.getAttribute('accept')) ?? '', /image\/\*/);
      await input.setInputFiles({ name: 'Fiche méthode.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByRole('status').filter({ hasText: '1 document enregistré.' }).waitFor();
      await page.getByRole('link', { name: 'Fiche méthode.pdf' }).waitFor();
      await teacherTab.checkA11y('class-space');
      await teacherTab.screenshot('2-class-space');
      await noOverflow(page, 'class space');
    });
    await step('link it from the cahier de textes', async () => {
      await page.goto(`/seances/${course.id}/${day}`);
      await page.getByRole('heading', { level: 1, name: /^Français 4B/ }).waitFor();
      await page.getByLabel('Consignes').fill('Relire la fiche méthode avant le contrôle');
      await page.getByLabel('Temps estimé (minutes)').fill('15');
      await page.getByLabel('Document de la classe').selectOption({ label: 'Fiche méthode.pdf' });
      await teacherTab.checkA11y('homework-form');
      await page.getByRole('button', { name: 'Publier le travail' }).click();
      await page.getByRole('status').filter({ hasText: 'Travail publié' }).waitFor();
      await page.getByRole('link', { name: 'Ouvrir le document : Fiche méthode.pdf' }).waitFor();
      await teacherTab.screenshot('3-homework');
    });
  } finally {
    await teacherTab.context.close();
  }
  const stored = await preau.db
    .selectFrom('homework')
    .innerJoin('documents', 'documents.id', 'homework.document_id')
    .select(['documents.name'])
    .executeTakeFirstOrThrow();
  assert.equal(stored.name, 'Fiche méthode.pdf');

  const pupilTab = await openTab(browser, preau, { journey: 'documents-pupil', ...PHONE });
  try {
    const { page, step } = pupilTab;
    await signInThroughApi(pupilTab, pupil.login, pupil.password);
    await step('open the document from the homework', async () => {
      await page.goto('/travail-a-faire');
      await page.getByText('Relire la fiche méthode avant le contrôle').waitFor();
      await pupilTab.checkA11y('pupil-homework');
      await page.getByRole('link', { name: 'Ouvrir le document : Fiche méthode.pdf' }).click();
      await page.getByRole('heading', { level: 1, name: 'Fiche méthode.pdf' }).waitFor();
      // A PDF opens in a new tab (inline, with the sandboxing headers); no tool to change the class's document.
      const inline = await page.getByRole('link', { name: 'Ouvrir dans un nouvel onglet' }).getAttribute('href');
      assert.match(inline ?? '', /\?inline=1$/);
      assert.equal(await page.getByRole('button', { name: 'Supprimer ce document' }).count(), 0);
      await pupilTab.checkA11y('pupil-document');
      await pupilTab.screenshot('4-document');
      await noOverflow(page, 'document page');
      const href = await page.getByRole('link', { name: 'Télécharger' }).getAttribute('href');
      assert.ok(href);
      const res = await pupilTab.context.request.get(href);
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      assert.match(res.headers()['content-disposition'] ?? '', /^attachment;/);
      assert.ok(Buffer.from(await res.body()).equals(PDF));
    });
    await step('the class space from the menu', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Documents', { exact: true })).click();
      await page.getByRole('link', { name: 'Espace de la 4B' }).click();
      await page.getByRole('link', { name: 'Fiche méthode.pdf' }).waitFor();
      assert.equal(await page.getByLabel('Choisir des fichiers ou prendre une photo').count(), 0);
      await pupilTab.checkA11y('pupil-class-space');
      await noOverflow(page, 'pupil class space');
    });
  } finally {
    await pupilTab.context.close();
  }
});
