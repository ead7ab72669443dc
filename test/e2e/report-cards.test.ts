import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { setSchoolSetting } from '../../src/server/lib/school-settings.ts';
import { GRADE_SETTINGS } from '../../src/server/modules/grades/grades.service.ts';
import { type Session, signIn } from '../app.ts';
import {
  makeClass,
  makeGuardian,
  makePeriod,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
  type SchoolFixture,
} from '../factories.ts';
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

async function call(session: Session, method: string, url: string, payload?: object) {
  const res = await preau.app.inject({
    method: method as 'GET',
    url,
    headers: session.headers,
    ...(payload ? { payload } : {}),
  });
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A subject teacher of the class, their subject named, signed in through the API for the setup. */
async function teacherOf(school: SchoolFixture, classId: string, label: string) {
  const teacher = await makeTeacher(preau.db, school, { classIds: [classId] });
  await preau.db.updateTable('subjects').set({ label }).where('id', '=', teacher.subjectId).execute();
  return { ...teacher, session: await signIn(preau.app, teacher) };
}

/** One assessment out of `scale` in the teacher's subject, with these grades. */
async function grade(
  t: { subjectId: string; session: Session },
  o: { classId: string; periodId: string; scale?: number; coefficient?: number },
  grades: Array<[string, number]>,
) {
  const created = await call(t.session, 'POST', '/api/grades/assessments', {
    classId: o.classId,
    subjectId: t.subjectId,
    periodId: o.periodId,
    title: 'Contrôle',
    date: todayInParis(),
    ...(o.scale ? { scale: o.scale } : {}),
    ...(o.coefficient ? { coefficient: o.coefficient } : {}),
  });
  await call(t.session, 'PUT', `/api/grades/assessments/${created.assessment.id}/grades`, {
    grades: grades.map(([pupilId, value]) => ({ pupilId, value })),
  });
}

async function fullName(id: string) {
  const p = await preau.db
    .selectFrom('people')
    .select(['first_name', 'last_name'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { first: `${p.first_name} ${p.last_name}`, last: `${p.last_name} ${p.first_name}` };
}

test('[BULLETINS] the professeur principal sees the missing appreciations and records a council decision', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  // No quiet hours: grades entered now count on a report card published now, whatever the hour of the run.
  await setSchoolSetting(preau.db, school.id, GRADE_SETTINGS, { ...GRADE_SETTINGS.defaults, quietHours: null }, null);
  const period = await makePeriod(preau.db, school, { label: '1er trimestre' });
  const cls = await makeClass(preau.db, school, { code: '4B', level: '4e' });
  const ines = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Inès' });
  const leo = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Léo' });
  const sami = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Sami' });
  const maths = await teacherOf(school, cls.id, 'Mathématiques');
  const french = await teacherOf(school, cls.id, 'Français');
  const pp = await makeTeacher(preau.db, school, { principalOf: [cls.id] });
  const principal = await makeStaff(preau.db, school, ['principal']);
  const on = { classId: cls.id, periodId: period.id };
  await grade(maths, on, [
    [ines.id, 15],
    [leo.id, 11],
    [sami.id, 9],
  ]);
  await grade(french, on, [
    [ines.id, 14],
    [leo.id, 12],
    [sami.id, 10],
  ]);
  const write = (t: typeof maths, pupilId: string, text: string) =>
    call(t.session, 'PUT', '/api/report-cards/appreciations', {
      periodId: period.id,
      pupilId,
      subjectId: t.subjectId,
      text,
      version: null,
    });
  for (const p of [ines, leo, sami]) await write(maths, p.id, 'Travail régulier.');
  // French: Léo's appreciation is not written yet.
  await write(french, ines.id, 'Très bonne participation.');
  await write(french, sami.id, 'Des progrès.');
  const leoName = await fullName(leo.id);
  const inesName = await fullName(ines.id);

  const tab = await openTab(browser, preau, { journey: 'report-cards-pp' });
  try {
    await signInThroughApi(tab, pp.login, pp.password);
    await tab.step('open the class', async () => {
      const { page } = tab;
      await page.goto('/');
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Bulletins des classes' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Bulletins des classes' }).waitFor();
      await tab.checkA11y('classes');
      await page.getByRole('link', { name: 'Classe 4B' }).click();
      await page.getByRole('heading', { level: 1, name: 'Bulletins de la 4B' }).waitFor();
      assert.equal(await page.getByLabel('Période').inputValue(), period.id);
    });
    await tab.step('missing appreciations', async () => {
      const { page } = tab;
      const missing = page.getByRole('region', { name: 'Appréciations manquantes' });
      const frenchLine = missing.getByRole('listitem').filter({ hasText: 'Français' });
      await frenchLine.getByText('1 manquante sur 3').waitFor();
      await missing.getByRole('listitem').filter({ hasText: 'Mathématiques' }).getByText('Complet').waitFor();
      // The matrix says whose: Léo's row, French column (its own tab).
      await page.getByRole('tab', { name: 'Tableau' }).click();
      const matrix = page.getByRole('region', { name: 'Élèves et matières' });
      const leoRow = matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name: leoName.last }) });
      const headers = await matrix.getByRole('columnheader').allTextContents();
      const frenchCol = headers.indexOf('Français');
      assert.ok(frenchCol > 0, headers.join(' | '));
      const cell = leoRow.locator('th, td').nth(frenchCol);
      assert.match((await cell.textContent()) ?? '', /12,00\s*manquante/);
      assert.equal(await matrix.getByText('manquante', { exact: true }).count(), 1);
      await tab.checkA11y('class-overview');
    });
    await tab.step('council decision, saved on leaving the field and on choosing', async () => {
      const { page } = tab;
      await page.getByRole('tab', { name: 'Conseil de classe' }).click();
      const form = page.getByRole('group', { name: new RegExp(`^${inesName.first}`) });
      await form.getByLabel('Appréciation générale').fill('Un trimestre remarquable.');
      await form.getByLabel('Appréciation générale').press('Tab');
      await form.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
      await form.getByLabel('Décision du conseil').selectOption({ label: 'Félicitations' });
      await form.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
      assert.equal(await page.getByRole('button', { name: /^Enregistrer/ }).count(), 0, 'no save button');
      const pdf = form.getByRole('link', { name: `Aperçu PDF — ${inesName.first}` });
      const res = await tab.context.request.get((await pdf.getAttribute('href')) ?? '');
      assert.equal(res.headers()['content-type'], 'application/pdf');
      await tab.checkA11y('council-saved');
    });
    const deadline = Date.now() + 5000;
    let stored: { pupil_id: string; general_appreciation: string; decision: string | null }[] = [];
    while (Date.now() < deadline) {
      stored = await preau.db
        .selectFrom('council_decisions')
        .select(['pupil_id', 'general_appreciation', 'decision'])
        .execute();
      if (stored[0]?.decision) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(stored, [
      { pupil_id: ines.id, general_appreciation: 'Un trimestre remarquable.', decision: 'felicitations' },
    ]);
  } finally {
    await tab.context.close();
  }

  // The French teacher writes Léo's missing appreciation on the class page: leaving the field saves it.
  const teacherTab = await openTab(browser, preau, { journey: 'report-cards-teacher' });
  try {
    await signInThroughApi(teacherTab, french.login, french.password);
    await teacherTab.step('write an appreciation', async () => {
      const { page } = teacherTab;
      await page.goto(`/bulletins/classes/${cls.id}`);
      await page.getByRole('heading', { level: 1, name: 'Bulletins de la 4B' }).waitFor();
      // Their appreciations only: no tabs to go through.
      await page.getByRole('heading', { level: 2, name: /^Appréciations — Français/ }).waitFor();
      assert.equal(await page.getByRole('tab').count(), 0);
      const field = page.getByLabel(leoName.first, { exact: true });
      await field.fill('Un bon trimestre, à poursuivre.');
      await field.press('Tab');
      const entry = page.getByRole('listitem').filter({ has: field });
      await entry.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
      await teacherTab.checkA11y('teacher-appreciations');
    });
    const written = await preau.db
      .selectFrom('appreciations')
      .select('text')
      .where('pupil_id', '=', leo.id)
      .where('subject_id', '=', french.subjectId)
      .executeTakeFirst();
    assert.equal(written?.text, 'Un bon trimestre, à poursuivre.');
  } finally {
    await teacherTab.context.close();
  }

  // The head teacher publishes through the dialog, which sums up what will go out.
  const headTab = await openTab(browser, preau, { journey: 'report-cards-publish' });
  try {
    await signInThroughApi(headTab, principal.login, principal.password);
    await headTab.step('publish through the dialog', async () => {
      const { page } = headTab;
      await page.goto(`/bulletins/classes/${cls.id}`);
      await page.getByRole('heading', { level: 1, name: 'Bulletins de la 4B' }).waitFor();
      await page.getByRole('tab', { name: 'Publication' }).click();
      await page.getByRole('button', { name: 'Publier les bulletins' }).click();
      const dialog = page.getByRole('dialog', { name: 'Publier les bulletins — 4B, 1er trimestre' });
      await dialog.waitFor();
      const summary = dialog.getByRole('region', { name: 'Avant de publier' });
      assert.equal(await summary.locator('dd').nth(0).textContent(), '3');
      assert.equal(await summary.locator('dd').nth(1).textContent(), '0', 'every appreciation written');
      assert.equal(await summary.locator('dd').nth(2).textContent(), '2', 'Léo and Sami have no council opinion');
      await dialog.getByText('les élèves et leurs responsables', { exact: true }).waitFor();
      await headTab.checkA11y('publish-dialog');
      await dialog.getByRole('button', { name: 'Publier', exact: true }).click();
      await page.getByRole('status').filter({ hasText: '3 bulletins publiés' }).waitFor();
      await page.getByText(/^Bulletins publiés le .* nouvelle publication\.$/).waitFor();
      await page.getByRole('button', { name: 'Publier à nouveau', exact: true }).click();
      await page.getByRole('dialog', { name: 'Publier à nouveau — 4B, 1er trimestre' }).waitFor();
      await page.keyboard.press('Escape');
      await headTab.checkA11y('published');
    });
    const cards = await preau.db.selectFrom('report_cards').select('pupil_id').where('class_id', '=', cls.id).execute();
    assert.equal(cards.length, 3);
  } finally {
    await headTab.context.close();
  }
});

test('[BULLETINS] a guardian of two children reads both report cards on a phone', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Les Tilleuls' });
  // No quiet hours: grades entered now count on a report card published now, whatever the hour of the run.
  await setSchoolSetting(preau.db, school.id, GRADE_SETTINGS, { ...GRADE_SETTINGS.defaults, quietHours: null }, null);
  const period = await makePeriod(preau.db, school, { label: '1er trimestre' });
  const c4 = await makeClass(preau.db, school, { code: '4A', level: '4e' });
  const c6 = await makeClass(preau.db, school, { code: '6B', level: '6e' });
  const ines = await makePupil(preau.db, school, { classId: c4.id, firstName: 'Inès' });
  const classmate = await makePupil(preau.db, school, { classId: c4.id, firstName: 'Jade' });
  const leo = await makePupil(preau.db, school, { classId: c6.id, firstName: 'Léo' });
  const guardian = await makeGuardian(preau.db, {
    children: [
      { id: ines.id, schoolId: school.id },
      { id: leo.id, schoolId: school.id },
    ],
  });
  const principal = await makeStaff(preau.db, school, ['principal']);
  const maths4 = await teacherOf(school, c4.id, 'Mathématiques');
  const french4 = await teacherOf(school, c4.id, 'Français');
  const maths6 = await teacherOf(school, c6.id, 'Mathématiques');
  // Inès, maths: 15/20 and 9/10 coef. 2 → (15 + 18 × 2) / 3 = 17; French 12 → general (17 + 12) / 2 = 14,50.
  // Jade: maths (11 + 8 × 2) / 3 = 9 → class average in maths 13,00.
  await grade(maths4, { classId: c4.id, periodId: period.id }, [
    [ines.id, 15],
    [classmate.id, 11],
  ]);
  await grade(maths4, { classId: c4.id, periodId: period.id, scale: 10, coefficient: 2 }, [
    [ines.id, 9],
    [classmate.id, 4],
  ]);
  await grade(french4, { classId: c4.id, periodId: period.id }, [
    [ines.id, 12],
    [classmate.id, 10],
  ]);
  // Léo: maths 8,5 → general 8,50.
  await grade(maths6, { classId: c6.id, periodId: period.id }, [[leo.id, 8.5]]);
  await call(maths4.session, 'PUT', '/api/report-cards/appreciations', {
    periodId: period.id,
    pupilId: ines.id,
    subjectId: maths4.subjectId,
    text: 'Excellent trimestre.',
    version: null,
  });
  await preau.db.updateTable('classes').set({ label: '4e A' }).where('id', '=', c4.id).execute();
  const direction = await signIn(preau.app, principal);
  for (const c of [c4, c6])
    await call(direction, 'POST', `/api/report-cards/classes/${c.id}/periods/${period.id}/publish`, {});
  const inesName = (await fullName(ines.id)).first;
  const leoName = (await fullName(leo.id)).first;

  const tab = await openTab(browser, preau, { journey: 'report-cards-guardian', width: 360, height: 740 });
  try {
    await signInThroughApi(tab, guardian.login, guardian.password);
    await tab.step('the list', async () => {
      const { page } = tab;
      await page.goto('/');
      await (await menuLink(page, 'Bulletins')).click();
      await page.getByRole('heading', { level: 1, name: 'Bulletins' }).waitFor();
      for (const name of [inesName, leoName]) {
        const section = page.getByRole('region', { name });
        await section.getByRole('link', { name: `Bulletin du 1er trimestre — ${name}` }).waitFor();
        await section.getByText('Nouveau', { exact: true }).waitFor();
      }
      await page.getByRole('region', { name: inesName }).getByText('4e A', { exact: true }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('family-list');
    });
    await tab.step('the first report card', async () => {
      const { page } = tab;
      await page.getByRole('link', { name: `Bulletin du 1er trimestre — ${inesName}` }).click();
      await page.getByRole('heading', { level: 1, name: `Bulletin du 1er trimestre — ${inesName}` }).waitFor();
      const maths = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Mathématiques/ }) });
      // Coef., the pupil's average, the class's, as on the PDF.
      assert.match((await maths.locator('td').nth(0).textContent()) ?? '', /^\d/);
      assert.equal(await maths.locator('td').nth(1).textContent(), '17,00');
      assert.equal(await maths.locator('td').nth(2).textContent(), '13,00');
      await page.getByText('4e A (2 élèves)').waitFor();
      await maths.getByText('Excellent trimestre.').waitFor();
      const general = page.getByRole('region', { name: 'Moyenne générale' });
      assert.equal(await general.locator('dd').first().textContent(), '14,50');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      const pdf = page.getByRole('link', { name: 'Télécharger le PDF' });
      const res = await tab.context.request.get((await pdf.getAttribute('href')) ?? '');
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      await tab.checkA11y('report-card-1');
    });
    await tab.step('the second report card', async () => {
      const { page } = tab;
      await page.getByRole('link', { name: '← Bulletins' }).click();
      const first = page.getByRole('region', { name: inesName });
      await first.getByRole('link').waitFor();
      await first.getByText('Nouveau', { exact: true }).waitFor({ state: 'detached', timeout: 5000 });
      await page.getByRole('link', { name: `Bulletin du 1er trimestre — ${leoName}` }).click();
      await page.getByRole('heading', { level: 1, name: `Bulletin du 1er trimestre — ${leoName}` }).waitFor();
      const general = page.getByRole('region', { name: 'Moyenne générale' });
      assert.equal(await general.locator('dd').first().textContent(), '8,50');
      await tab.checkA11y('report-card-2');
    });
    const reads = await preau.db
      .selectFrom('report_card_reads as r')
      .innerJoin('report_cards as c', 'c.id', 'r.report_card_id')
      .select(['c.pupil_id'])
      .where('r.person_id', '=', guardian.id)
      .execute();
    assert.deepEqual(reads.map((r) => r.pupil_id).sort(), [ines.id, leo.id].sort());
  } finally {
    await tab.context.close();
  }
});
