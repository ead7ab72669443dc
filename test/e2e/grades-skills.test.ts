import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { setSchoolSetting } from '../../src/server/lib/school-settings.ts';
import { GRADE_SETTINGS } from '../../src/server/modules/grades/grades.service.ts';
import { makeClass, makePeriod, makePupil, makeSchool, makeTeacher } from '../factories.ts';
import { launchBrowser, openTab, type Preau, signInThroughApi, startPreau, type Tab } from './helpers.ts';

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

const PUPILS = [
  ['Adam', 'Arnaud'],
  ['Bilal', 'Benali'],
  ['Chloé', 'Carpentier'],
] as const;

/** A class of three pupils, its maths teacher, a trimester around today, grades published at once. */
async function setUp() {
  const school = await makeSchool(preau.db, { name: 'Collège Jean Moulin' });
  // No quiet hours: the pupil sees the grades as soon as they are saved, whatever time the test runs.
  await setSchoolSetting(preau.db, school.id, GRADE_SETTINGS, { ...GRADE_SETTINGS.defaults, quietHours: null }, null);
  await makePeriod(preau.db, school, { label: '1er trimestre' });
  const cls = await makeClass(preau.db, school, { code: '4A', level: '4e' });
  const pupils = [];
  for (const [firstName, lastName] of PUPILS) {
    const p = await makePupil(preau.db, school, { classId: cls.id, firstName });
    await preau.db.updateTable('people').set({ last_name: lastName }).where('id', '=', p.id).execute();
    pupils.push(p);
  }
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  await preau.db.updateTable('subjects').set({ label: 'Mathématiques' }).where('id', '=', teacher.subjectId).execute();
  return { school, cls, pupils, teacher };
}

/** An assessment of the teacher's through the API (to delete it in the page). */
async function seedAssessment(tab: Tab, o: { classId: string; subjectId: string; title: string; grade?: string }) {
  const me = await (await tab.context.request.get('/api/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  const services = await (await tab.context.request.get(`/api/schools/${me.currentSchoolId}/grades/services`)).json();
  const created = await tab.context.request.post('/api/grades/assessments', {
    headers,
    data: {
      classId: o.classId,
      subjectId: o.subjectId,
      periodId: services.currentPeriodId,
      title: o.title,
      date: todayInParis(),
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const detail = await created.json();
  if (o.grade) {
    const put = await tab.context.request.put(`/api/grades/assessments/${detail.assessment.id}/grades`, {
      headers,
      data: { grades: [{ pupilId: o.grade, value: 12 }] },
    });
    assert.equal(put.status(), 200, await put.text());
  }
  return detail.assessment.id as string;
}

const activeLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.closest('[role="radiogroup"]')?.getAttribute('aria-label') ?? el?.getAttribute('aria-label') ?? null;
  });

/** Opens the "Actions" menu of a column and picks an item. */
async function columnAction(page: Page, title: string, item: string) {
  await page.getByRole('button', { name: `Actions — ${title}` }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

test('[GRADES] a teacher gives skill levels with the keyboard, edits and deletes assessments, comments a grade; the pupil sees them', async () => {
  const { cls, pupils, teacher } = await setUp();
  const [adam, bilal] = pupils;
  assert.ok(adam && bilal);
  const tab = await openTab(browser, preau, { journey: 'grades-skills' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    await seedAssessment(tab, { classId: cls.id, subjectId: teacher.subjectId, title: 'Brouillon', grade: bilal.id });
    await step('create an assessment with two socle components', async () => {
      await page.goto('/notes/saisie');
      await page.getByRole('table', { name: /^Notes — 4A — Mathématiques/ }).waitFor();
      await page.getByRole('button', { name: 'Nouvelle évaluation' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nouvelle évaluation' });
      await dialog.getByLabel('Intitulé').fill('Géométrie');
      await dialog.getByLabel(/^D1\.3 — /).check();
      await dialog.getByLabel(/^D2 — /).check();
      await dialog.getByRole('button', { name: 'Créer l’évaluation' }).click();
      await page.getByRole('columnheader', { name: /^Géométrie .*Socle : D1\.3, D2/ }).waitFor();
    });
    await step('set levels for two pupils with the keyboard', async () => {
      await columnAction(page, 'Géométrie', 'Compétences');
      const dialog = page.getByRole('dialog', { name: 'Compétences — Géométrie' });
      await dialog.getByRole('radiogroup', { name: 'D1.3 — Arnaud Adam' }).waitFor();
      await tab.checkA11y('skills-dialog');
      // Into the first cell ("not assessed" is checked), then only the keyboard.
      await dialog.getByRole('radio', { name: 'Pas encore évalué' }).first().focus();
      const kb = page.keyboard;
      assert.equal(await activeLabel(page), 'D1.3 — Arnaud Adam');
      for (let i = 0; i < 3; i++) await kb.press('ArrowRight');
      await kb.press('Tab');
      assert.equal(await activeLabel(page), 'D2 — Arnaud Adam');
      for (let i = 0; i < 4; i++) await kb.press('ArrowRight');
      await kb.press('Tab');
      assert.equal(await activeLabel(page), 'D1.3 — Benali Bilal');
      for (let i = 0; i < 2; i++) await kb.press('ArrowRight');
      await kb.press('Tab');
      assert.equal(await activeLabel(page), 'D2 — Benali Bilal');
      await kb.press('ArrowRight');
      assert.equal(
        await dialog
          .getByRole('radiogroup', { name: 'D1.3 — Arnaud Adam' })
          .getByRole('radio', { name: 'Maîtrise satisfaisante' })
          .isChecked(),
        true,
      );
      await dialog.getByRole('status').filter({ hasText: '4 niveaux modifiés, pas encore enregistrés' }).waitFor();
      await tab.screenshot('skills-dialog-1280');
      await dialog.getByRole('button', { name: 'Enregistrer' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: '4 niveaux de compétence enregistrés pour « Géométrie ».' })
        .waitFor();
      assert.equal(await page.getByRole('dialog').count(), 0);
      const stored = await preau.db
        .selectFrom('skill_results as r')
        .innerJoin('people as p', 'p.id', 'r.pupil_id')
        .select(['p.last_name', 'r.component', 'r.level'])
        .orderBy('p.last_name')
        .orderBy('r.component')
        .execute();
      assert.deepEqual(stored, [
        { last_name: 'Arnaud', component: 'D1.3', level: 3 },
        { last_name: 'Arnaud', component: 'D2', level: 4 },
        { last_name: 'Benali', component: 'D1.3', level: 2 },
        { last_name: 'Benali', component: 'D2', level: 1 },
      ]);
    });
    await step('enter a grade, then a scale below it is refused', async () => {
      const cell = page.getByRole('textbox', { name: 'Géométrie — Arnaud Adam' });
      await cell.fill('15');
      await cell.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Adam Arnaud : 15 enregistré' }).waitFor({ state: 'attached' });
      await columnAction(page, 'Géométrie', 'Modifier');
      const dialog = page.getByRole('dialog', { name: 'Modifier l’évaluation' });
      assert.equal(await dialog.getByLabel('Intitulé').inputValue(), 'Géométrie');
      assert.equal(await dialog.getByLabel(/^D1\.3 — /).isChecked(), true);
      await dialog.getByLabel('Barème (sur)').fill('10');
      await dialog.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'Une note déjà saisie (15) dépasse ce barème' }).waitFor();
      await tab.checkA11y('edit-dialog-refused');
      await dialog.getByLabel('Barème (sur)').fill('20');
      await dialog.getByLabel('Intitulé').fill('Géométrie — triangles');
      await dialog.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.getByRole('status').filter({ hasText: 'Évaluation « Géométrie — triangles » modifiée.' }).waitFor();
      await page.getByRole('columnheader', { name: /^Géométrie — triangles / }).waitFor();
      // Back on the column's button.
      assert.equal(await activeLabel(page), 'Actions — Géométrie — triangles');
      const row = await preau.db
        .selectFrom('assessments')
        .select(['title', 'scale'])
        .where('title', 'like', 'Géométrie%')
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { title: 'Géométrie — triangles', scale: 20 });
    });
    await step('comment a grade from the cell (Shift+F2)', async () => {
      await page.getByRole('textbox', { name: 'Géométrie — triangles — Arnaud Adam' }).focus();
      await page.keyboard.press('Shift+F2');
      const popover = page.getByRole('dialog', { name: 'Commentaire — Géométrie — triangles — Arnaud Adam' });
      const text = popover.getByLabel('Commentaire');
      await text.waitFor();
      assert.equal(
        await activeLabel(page).then(() => page.evaluate(() => document.activeElement?.tagName)),
        'TEXTAREA',
      );
      await page.keyboard.type('Très bon raisonnement, soigner les figures.');
      await tab.checkA11y('comment-popover');
      await tab.screenshot('comment-popover-1280');
      await popover.getByRole('button', { name: 'Enregistrer' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Adam Arnaud : commentaire enregistré' })
        .waitFor({ state: 'attached' });
      await page
        .getByRole('button', { name: 'Modifier le commentaire — Géométrie — triangles — Arnaud Adam' })
        .waitFor();
      const g = await preau.db
        .selectFrom('grades')
        .select(['value_centi', 'code', 'comment'])
        .where('pupil_id', '=', adam.id)
        .where('comment', 'is not', null)
        .executeTakeFirstOrThrow();
      assert.deepEqual(g, { value_centi: 1500, code: null, comment: 'Très bon raisonnement, soigner les figures.' });
    });
    await step('delete an assessment after a confirmation', async () => {
      await columnAction(page, 'Brouillon', 'Supprimer');
      const dialog = page.getByRole('alertdialog', { name: 'Supprimer « Brouillon » ?' });
      await dialog.getByText('La note déjà saisie sera supprimée aussi.').waitFor();
      await tab.checkA11y('delete-dialog');
      await dialog.getByRole('button', { name: 'Supprimer l’évaluation' }).click();
      await page.getByRole('status').filter({ hasText: 'Évaluation « Brouillon » supprimée.' }).waitFor();
      await page.getByRole('columnheader', { name: /^Brouillon / }).waitFor({ state: 'detached' });
      const left = await preau.db.selectFrom('assessments').select('title').execute();
      assert.deepEqual(left, [{ title: 'Géométrie — triangles' }]);
      await tab.screenshot('grade-book-1280');
      await tab.checkA11y('grade-book-after');
    });
  } finally {
    await tab.context.close();
  }

  const pupilTab = await openTab(browser, preau, { journey: 'grades-skills-pupil', width: 360, height: 740 });
  try {
    await signInThroughApi(pupilTab, adam.login, adam.password);
    await pupilTab.step('the pupil reads the comment and the skills', async () => {
      const p = pupilTab.page;
      await p.goto(`/notes/${adam.id}`);
      await p.getByRole('heading', { level: 1, name: 'Notes — Adam Arnaud' }).waitFor();
      // Folded by default: "Tout déplier" opens every subject.
      await p.getByRole('button', { name: 'Tout déplier' }).click();
      await p.getByRole('button', { name: 'Tout replier' }).waitFor();
      assert.equal(await p.getByRole('button', { name: /^Mathématiques/ }).getAttribute('aria-expanded'), 'true');
      const card = p.getByRole('list', { name: 'Notes de Mathématiques' });
      await card.getByText('15/20').waitFor();
      await card.getByText('Commentaire : Très bon raisonnement, soigner les figures.').waitFor();
      const skills = p.getByRole('region', { name: 'Compétences' });
      const pairs = await skills
        .locator('dl > div')
        .evaluateAll((rows) =>
          rows.map((r) => [r.querySelector('dt')?.textContent?.trim(), r.querySelector('dd')?.textContent?.trim()]),
        );
      assert.deepEqual(pairs, [
        ['D1.3 — Langages mathématiques, scientifiques et informatiques', 'Maîtrise satisfaisante'],
        ['D2 — Méthodes et outils pour apprendre', 'Très bonne maîtrise'],
      ]);
      assert.equal(await p.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await pupilTab.screenshot('pupil-360');
      await pupilTab.checkA11y('pupil-grades');
    });
  } finally {
    await pupilTab.context.close();
  }
});

test('[GRADES] skills and comments on a 360×740 phone; the grade book in Arabic', async () => {
  const { cls, pupils, teacher } = await setUp();
  const [adam] = pupils;
  assert.ok(adam);
  const tab = await openTab(browser, preau, { journey: 'grades-skills-phone', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    const me = await (await tab.context.request.get('/api/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken as string };
    const id = await seedAssessment(tab, {
      classId: cls.id,
      subjectId: teacher.subjectId,
      title: 'Oral',
      grade: adam.id,
    });
    const patched = await tab.context.request.patch(`/api/grades/assessments/${id}`, {
      headers,
      data: { skills: ['D1.1', 'D2'] },
    });
    assert.equal(patched.status(), 200, await patched.text());
    await step('skills dialog on a phone', async () => {
      await page.goto('/notes/saisie');
      await columnAction(page, 'Oral', 'Compétences');
      const dialog = page.getByRole('dialog', { name: 'Compétences — Oral' });
      await dialog.getByRole('radiogroup', { name: 'D2 — Carpentier Chloé' }).waitFor();
      await dialog
        .getByRole('radiogroup', { name: 'D2 — Carpentier Chloé' })
        .getByRole('radio', { name: 'Maîtrise fragile' })
        // The input is visually hidden under its label: a tap on the label.
        .check({ force: true });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'the page does not scroll');
      const box = await dialog.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 360, 'the dialog fits the screen');
      await tab.screenshot('skills-dialog-360');
      await tab.checkA11y('skills-dialog-360');
      await dialog.getByRole('button', { name: 'Annuler' }).click();
    });
    await step('comment popover on a phone', async () => {
      await page
        .getByRole('button', { name: 'Ajouter un commentaire — Oral — Benali Bilal' })
        .waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Ajouter un commentaire — Oral — Arnaud Adam' }).click();
      const popover = page.getByRole('dialog', { name: 'Commentaire — Oral — Arnaud Adam' });
      await popover.getByLabel('Commentaire').fill('À reprendre.');
      await tab.screenshot('comment-popover-360');
      await tab.checkA11y('comment-popover-360');
      await popover.getByRole('button', { name: 'Annuler' }).click();
      await tab.screenshot('grade-book-360');
    });
  } finally {
    await tab.context.close();
  }

  const arTab = await openTab(browser, preau, { journey: 'grades-skills-ar' });
  try {
    await signInThroughApi(arTab, teacher.login, teacher.password);
    await arTab.step('the grade book in Arabic mirrors', async () => {
      const me = await (await arTab.context.request.get('/api/me')).json();
      const put = await arTab.context.request.put('/api/me/locale', {
        headers: { 'x-csrf-token': me.csrfToken as string },
        data: { locale: 'ar' },
      });
      assert.ok(put.ok(), await put.text());
      const p = arTab.page;
      await p.goto('/notes/saisie');
      await p.waitForFunction(() => document.documentElement.dir === 'rtl');
      await p.getByRole('button', { name: 'إجراءات — Oral' }).click();
      await p.getByRole('menuitem', { name: 'الكفايات' }).waitFor();
      await arTab.screenshot('grade-book-ar-menu-1280');
      await p.keyboard.press('Escape');
      await arTab.screenshot('grade-book-ar-1280');
      await arTab.checkA11y('grade-book-ar');
    });
  } finally {
    await arTab.context.close();
  }
});
