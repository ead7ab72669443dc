import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { setSchoolSetting } from '../../src/server/lib/school-settings.ts';
import { GRADE_SETTINGS } from '../../src/server/modules/grades/grades.service.ts';
import { makeClass, makePeriod, makePupil, makeSchool, makeTeacher } from '../factories.ts';
import { launchBrowser, menuLink, openTab, type Preau, signInThroughApi, startPreau, type Tab } from './helpers.ts';

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
  ['Dina', 'Dubois'],
  ['Élise', 'Fontaine'],
  ['Farid', 'Garnier'],
] as const;

/** A class of six pupils, its maths teacher, a trimester around today, and grades published at once. */
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
    pupils.push({ ...p, name: `${lastName} ${firstName}` });
  }
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  await preau.db.updateTable('subjects').set({ label: 'Mathématiques' }).where('id', '=', teacher.subjectId).execute();
  return { school, cls, pupils, teacher };
}

/** An earlier quiz of the teacher's, /10 coefficient 1, through the API: Adam 8/10, Dina 5/10. */
async function seedQuiz(tab: Tab, o: { classId: string; subjectId: string; pupilIds: [string, string] }) {
  const me = await (await tab.context.request.get('/api/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  const services = await (await tab.context.request.get(`/api/schools/${me.currentSchoolId}/grades/services`)).json();
  const created = await tab.context.request.post('/api/grades/assessments', {
    headers,
    data: {
      classId: o.classId,
      subjectId: o.subjectId,
      periodId: services.currentPeriodId,
      title: 'Interrogation 1',
      kind: 'interrogation',
      // The period's first day: before whatever date a new assessment takes by default (today, or the Friday
      // before a weekend), so that this column comes first.
      date: services.periods.find((p: { id: string }) => p.id === services.currentPeriodId).startsOn,
      scale: 10,
      coefficient: 1,
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const id = (await created.json()).assessment.id as string;
  const put = await tab.context.request.put(`/api/grades/assessments/${id}/grades`, {
    headers,
    data: {
      grades: [
        { pupilId: o.pupilIds[0], value: 8 },
        { pupilId: o.pupilIds[1], value: 5 },
      ],
    },
  });
  assert.equal(put.status(), 200, await put.text());
}

const activeLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
const columnTexts = (page: { locator(selector: string): Locator }, selector: string) =>
  page.locator(selector).evaluateAll((cells) => cells.map((c) => (c.textContent ?? '').trim()));

test('[GRADES] a teacher enters a class’s grades with the keyboard alone; a pupil sees theirs', async () => {
  const { cls, pupils, teacher } = await setUp();
  const [adam, , , dina] = pupils;
  assert.ok(adam && dina);
  const tab = await openTab(browser, preau, { journey: 'grades-teacher' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    await seedQuiz(tab, { classId: cls.id, subjectId: teacher.subjectId, pupilIds: [adam.id, dina.id] });
    await step('open the grade book', async () => {
      await page.goto('/');
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Saisie des notes' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Saisie des notes' }).waitFor();
      assert.equal(await page.getByLabel('Classe et matière').inputValue().then(Boolean), true);
      await page.getByRole('table', { name: 'Notes — 4A — Mathématiques, 1er trimestre' }).waitFor();
      await page.getByRole('columnheader', { name: /^Interrogation 1 / }).waitFor();
      await tab.checkA11y('grade-book');
    });
    await step('create an assessment in the dialog', async () => {
      await page.getByRole('button', { name: 'Nouvelle évaluation' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nouvelle évaluation' });
      await dialog.waitFor();
      await dialog.getByLabel('Intitulé').fill('Contrôle fractions');
      await dialog.getByLabel('Type').selectOption({ label: 'Devoir surveillé' });
      assert.equal(await dialog.getByLabel('Barème (sur)').inputValue(), '20');
      await dialog.getByLabel('Coefficient').fill('2');
      await dialog.getByLabel(/^D1\.3 — /).check();
      await tab.screenshot('new-assessment-dialog');
      await tab.checkA11y('new-assessment-dialog');
      await dialog.getByRole('button', { name: 'Créer l’évaluation' }).click();
      await page.getByRole('status').filter({ hasText: 'Évaluation « Contrôle fractions » créée.' }).waitFor();
      await page.getByRole('columnheader', { name: /^Contrôle fractions .*\/20 · coef\. 2/ }).waitFor();
    });
    await step('enter the grades with the keyboard alone', async () => {
      // The new column's first cell has the focus: from here on, only the keyboard.
      assert.equal(await activeLabel(page), 'Contrôle fractions — Arnaud Adam');
      const kb = page.keyboard;
      await kb.type('15,5');
      await kb.press('Enter');
      assert.equal(await activeLabel(page), 'Contrôle fractions — Benali Bilal');
      await kb.type('abs');
      await kb.press('Enter');
      await kb.type('12');
      await kb.press('Enter');
      // Saves end in any order; the announcement of the refused grade must not be followed by this one.
      await page.getByRole('status').filter({ hasText: 'Chloé Carpentier : 12 enregistré' }).waitFor();
      await kb.type('25');
      await kb.press('Enter');
      // Above /20: refused on the cell, said to screen readers, nothing saved.
      const dubois = page.getByRole('textbox', { name: 'Contrôle fractions — Dubois Dina' });
      await page.getByText('Note supérieure au barème (/20) : non enregistrée', { exact: true }).waitFor();
      assert.equal(await dubois.getAttribute('aria-invalid'), 'true');
      assert.equal(
        await dubois.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent),
        'Note supérieure au barème (/20) : non enregistrée',
      );
      await page
        .getByRole('status')
        .filter({ hasText: 'Dina Dubois : Note supérieure au barème (/20) : non enregistrée' })
        .waitFor({ state: 'attached' });
      await tab.checkA11y('grade-refused');
      assert.equal(await activeLabel(page), 'Contrôle fractions — Fontaine Élise');
      await kb.press('ArrowUp');
      assert.equal(await activeLabel(page), 'Contrôle fractions — Dubois Dina');
      await kb.type('8');
      await kb.press('Enter');
      await kb.type('NR');
      await kb.press('Tab');
      // Tab leaves the row (the average column is not an input): the next pupil's first editable cell.
      assert.equal(await activeLabel(page), 'Interrogation 1 — Garnier Farid');
      await kb.press('ArrowRight');
      assert.equal(await activeLabel(page), 'Contrôle fractions — Garnier Farid');
      await kb.type('9.5');
      await kb.press('Enter');
      // The last pupil: saved in place, the focus stays in the column.
      assert.equal(await activeLabel(page), 'Contrôle fractions — Garnier Farid');
    });
    await step('the averages come back from the server', async () => {
      // Adam (8/10 → 16, coef 1; 15.5, coef 2) = 47/3; Bilal absent: no average; Dina (5/10 → 10; 8 ×2) = 26/3;
      // Élise NR counts as 0; class: mean of the five averages = (47/3 + 12 + 26/3 + 0 + 9.5) / 5 = 9.1666…
      const expected = ['15,67', '—', '12,00', '8,67', '0,00', '9,50'];
      await page.waitForFunction(
        (want) =>
          Array.from(document.querySelectorAll('.grade-grid tbody td.average-col'))
            .map((c) => c.textContent?.trim())
            .join('|') === want,
        expected.join('|'),
      );
      assert.deepEqual(await columnTexts(page, '.grade-grid tbody td.average-col'), expected);
      assert.deepEqual(await columnTexts(page, '.grade-grid tfoot td.average-col'), ['9,17', '0,00', '15,67']);
      // Per assessment, on its own scale: Interrogation 1 (8, 5), Contrôle fractions (15.5, 12, 8, 0, 9.5).
      const footer = await page
        .locator('.grade-grid tfoot tr')
        .evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').trim())));
      assert.deepEqual(footer, [
        ['Moyenne de la classe', '6,50', '9,00', '9,17'],
        ['Note la plus basse', '5,00', '0,00', '0,00'],
        ['Note la plus haute', '8,00', '15,50', '15,67'],
      ]);
      assert.equal(await page.getByRole('textbox', { name: 'Contrôle fractions — Benali Bilal' }).inputValue(), 'Abs');
      assert.equal(await page.getByRole('textbox', { name: 'Contrôle fractions — Fontaine Élise' }).inputValue(), 'NR');
      await tab.screenshot('grade-book-1280');
      await tab.checkA11y('grade-book-filled');
    });
    const stored = await preau.db
      .selectFrom('grades as g')
      .innerJoin('assessments as a', 'a.id', 'g.assessment_id')
      .innerJoin('people as p', 'p.id', 'g.pupil_id')
      .select(['p.last_name', 'g.value_centi', 'g.code'])
      .where('a.title', '=', 'Contrôle fractions')
      .orderBy('p.last_name')
      .execute();
    assert.deepEqual(stored, [
      { last_name: 'Arnaud', value_centi: 1550, code: null },
      { last_name: 'Benali', value_centi: null, code: 'ABS' },
      { last_name: 'Carpentier', value_centi: 1200, code: null },
      { last_name: 'Dubois', value_centi: 800, code: null },
      { last_name: 'Fontaine', value_centi: null, code: 'NR' },
      { last_name: 'Garnier', value_centi: 950, code: null },
    ]);
    const created = await preau.db
      .selectFrom('assessments')
      .select(['scale', 'coefficient_centi', 'kind'])
      .where('title', '=', 'Contrôle fractions')
      .executeTakeFirstOrThrow();
    assert.deepEqual(created, { scale: 20, coefficient_centi: 200, kind: 'devoir_surveille' });
  } finally {
    await tab.context.close();
  }

  const pupilTab = await openTab(browser, preau, { journey: 'grades-pupil', width: 360, height: 740 });
  try {
    await signInThroughApi(pupilTab, adam.login, adam.password);
    await pupilTab.step('the pupil reads their grades', async () => {
      const p = pupilTab.page;
      await p.goto('/');
      await (await menuLink(p, 'Notes', { exact: true })).click();
      await p.getByRole('heading', { level: 1, name: 'Notes — Adam Arnaud' }).waitFor();
      // The summary first: per subject the pupil's average, the class's, its lowest – highest (wide screens only).
      const toggle = p.getByRole('button', { name: /^Mathématiques/ });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      const subject = p.locator('.grades-summary tbody').filter({ has: toggle });
      assert.deepEqual(await columnTexts(subject, 'tr:first-child td'), ['15,67', '9,17', '0,00 – 15,67']);
      assert.equal(await subject.locator('td.wide-only').isVisible(), false, 'no lowest – highest on a phone');
      assert.equal((await p.locator('.general-average dd.figure').textContent())?.trim(), '15,67');
      await p.getByText('9,17 (de 0,00 à 15,67)').waitFor();
      const list = p.getByRole('list', { name: 'Notes de Mathématiques' });
      assert.equal(await list.isVisible(), false, 'the grades are folded');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      await list.getByText('15,5/20').waitFor();
      await list.getByText('8/10').waitFor();
      assert.equal(await p.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await pupilTab.screenshot('pupil-grades-360');
      await pupilTab.checkA11y('pupil-grades');
    });
  } finally {
    await pupilTab.context.close();
  }
});

test('[GRADES] the grade book on a 360×740 phone: the grid scrolls, the names stay', async () => {
  const { cls, pupils, teacher } = await setUp();
  const [adam, , , dina] = pupils;
  assert.ok(adam && dina);
  const tab = await openTab(browser, preau, { journey: 'grades-phone', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    for (let i = 0; i < 3; i++) {
      await seedQuiz(tab, { classId: cls.id, subjectId: teacher.subjectId, pupilIds: [adam.id, dina.id] });
    }
    await step('grid on a phone', async () => {
      await page.goto('/notes/saisie');
      await page.getByRole('table', { name: /^Notes — 4A — Mathématiques/ }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'the page does not scroll');
      const wrap = page.locator('.grade-grid-wrap');
      const { scrollWidth, clientWidth } = await wrap.evaluate((el) => ({
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
      }));
      assert.ok(scrollWidth > clientWidth, `the grid scrolls inside its frame (${scrollWidth} > ${clientWidth})`);
      const name = page.getByRole('rowheader', { name: 'Arnaud Adam' });
      const before = await name.boundingBox();
      // Keyboard to the last column: the frame scrolls to it, the names stay where they are.
      await page.getByRole('textbox', { name: 'Interrogation 1 — Arnaud Adam' }).first().focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.ok((await wrap.evaluate((el) => el.scrollLeft)) > 0, 'scrolled to the focused cell');
      const afterBox = await name.boundingBox();
      assert.ok(before && afterBox);
      assert.ok(Math.abs(afterBox.x - before.x) < 1, `sticky names (${before.x} → ${afterBox.x})`);
      const focused = await page.evaluate(() => document.activeElement?.getBoundingClientRect().right ?? 0);
      assert.ok(focused <= 360, 'the focused cell is in view');
      await tab.screenshot('grade-book-360');
      await tab.checkA11y('grade-book-360');
    });
  } finally {
    await tab.context.close();
  }
});

test('[GRADES] a long grade book at 1280 px: pupils in French order, a new column and its errors wholly in view', async () => {
  const { school, cls, pupils, teacher } = await setUp();
  const [adam, , , dina] = pupils;
  assert.ok(adam && dina);
  // Accents and case do not change the order: "Çetin" among the C, "Gérard" before "Guérin".
  for (const [firstName, lastName] of [
    ['Léa', 'Guérin'],
    ['Hugo', 'Gérard'],
    ['Anna', 'Çetin'],
    ['Éric', 'de La Tour'],
  ] as const) {
    const p = await makePupil(preau.db, school, { classId: cls.id, firstName });
    await preau.db.updateTable('people').set({ last_name: lastName }).where('id', '=', p.id).execute();
  }
  const tab = await openTab(browser, preau, { journey: 'grades-wide' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    for (let i = 0; i < 8; i++) {
      await seedQuiz(tab, { classId: cls.id, subjectId: teacher.subjectId, pupilIds: [adam.id, dina.id] });
    }
    await step('pupils as in a French class list', async () => {
      await page.goto('/notes/saisie');
      await page.getByRole('table', { name: /^Notes — 4A — Mathématiques/ }).waitFor();
      assert.deepEqual(await columnTexts(page, '.grade-grid tbody th'), [
        'Arnaud Adam',
        'Benali Bilal',
        'Carpentier Chloé',
        'Çetin Anna',
        'de La Tour Éric',
        'Dubois Dina',
        'Fontaine Élise',
        'Garnier Farid',
        'Gérard Hugo',
        'Guérin Léa',
      ]);
    });
    /** The focused cell's box against the frame's room beside the sticky names. */
    const inView = (selector: string) =>
      page.evaluate((sel) => {
        const wrap = document.querySelector('.grade-grid-wrap');
        const el = sel === 'focus' ? document.activeElement?.closest('td') : document.querySelector(sel);
        const names = document.querySelector('.grade-grid tbody .pupil-col');
        if (!wrap || !el || !names) return 'missing';
        const frame = wrap.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        const left = names.getBoundingClientRect().right;
        const right = frame.left + wrap.clientLeft + wrap.clientWidth;
        return box.left >= left - 0.5 && box.right <= right + 0.5
          ? 'in view'
          : `${box.left}–${box.right} not in ${left}–${right}`;
      }, selector);
    await step('a new assessment: its first cell wholly in view, then an error in words', async () => {
      await page.getByRole('button', { name: 'Nouvelle évaluation' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nouvelle évaluation' });
      const date = await dialog.getByLabel('Date').inputValue();
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      assert.ok(weekday >= 1 && weekday <= 5, `a school day by default (${date})`);
      await dialog.getByLabel('Intitulé').fill('Bilan du trimestre');
      await dialog.getByRole('button', { name: 'Créer l’évaluation' }).click();
      await page.getByRole('status').filter({ hasText: 'Évaluation « Bilan du trimestre » créée.' }).waitFor();
      assert.equal(await activeLabel(page), 'Bilan du trimestre — Arnaud Adam');
      const wrap = page.locator('.grade-grid-wrap');
      assert.ok(await wrap.evaluate((el) => el.scrollWidth > el.clientWidth), 'the grid scrolls sideways');
      assert.equal(await inView('focus'), 'in view');
      await page.keyboard.type('25');
      await page.keyboard.press('Enter');
      const error = page.getByText('Note supérieure au barème (/20) : non enregistrée', { exact: true });
      await error.waitFor();
      assert.equal(await inView('.cell-error'), 'in view', 'the error is whole');
      assert.equal(await inView('focus'), 'in view', 'so is the next cell');
      // Back to the first column with the keyboard: clear of the sticky names.
      await page.getByRole('textbox', { name: 'Interrogation 1 — Benali Bilal' }).first().focus();
      assert.equal(await inView('focus'), 'in view');
      await tab.screenshot('grade-book-wide-1280');
      await tab.checkA11y('grade-book-wide');
    });
  } finally {
    await tab.context.close();
  }
});
