import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { ensureReasons } from '../../src/server/modules/attendance/attendance.reasons.ts';
import { weekdayOf } from '../../src/server/modules/timetable/timetable.calendar.ts';
import { signIn } from '../app.ts';
import {
  makeAttendanceEvent,
  makeClass,
  makeCourse,
  makeGuardian,
  makePeriod,
  makePupil,
  makeSchool,
  makeStaff,
  makeSubject,
  makeTeacher,
} from '../factories.ts';
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

/**
 * A college with, today: a session that started just after midnight and has no roll call (missing), and a session
 * running all day (the teacher's "now"); Axel Garnier in 4G with two guardians, one reachable by e-mail.
 */
async function setUp() {
  const db = preau.db;
  const school = await makeSchool(db, { name: 'Collège Le Parc' });
  const cls = await makeClass(db, school, { code: '4G', level: '4e' });
  const axel = await makePupil(db, school, { classId: cls.id, firstName: 'Axel' });
  await db.updateTable('people').set({ last_name: 'Garnier' }).where('id', '=', axel.id).execute();
  const helene = await makeGuardian(db, { children: [{ id: axel.id, schoolId: school.id }] });
  await db
    .updateTable('people')
    .set({ first_name: 'Hélène', last_name: 'Garnier', email: 'helene.garnier@example.org' })
    .where('id', '=', helene.id)
    .execute();
  const teacher = await makeTeacher(db, school, { classIds: [cls.id] });
  await db.updateTable('people').set({ first_name: 'Marc', last_name: 'Vidal' }).where('id', '=', teacher.id).execute();
  const maths = await makeSubject(db, school, { code: 'MATHS', label: 'Mathématiques' });
  const physique = await makeSubject(db, school, { code: 'PC', label: 'Physique-chimie' });
  const today = todayInParis();
  const missing = await makeCourse(db, school, {
    teacherIds: [teacher.id],
    classId: cls.id,
    subjectId: physique.id,
    weekday: weekdayOf(today),
    startsAt: '00:05',
    endsAt: '00:10',
  });
  const allDay = await makeCourse(db, school, {
    teacherIds: [teacher.id],
    classId: cls.id,
    subjectId: maths.id,
    weekday: weekdayOf(today),
    startsAt: '00:15',
    endsAt: '23:55',
  });
  await makePeriod(db, school);
  return {
    school,
    cls,
    axel,
    helene,
    teacher,
    missing,
    allDay,
    today,
    cpe: await makeStaff(db, school, ['cpe']),
    accueil: await makeStaff(db, school, ['accueil']),
    nurse: await makeStaff(db, school, ['infirmiere']),
  };
}

/** Every link of the page (menu included) leads to a page that is neither a refusal nor "Page introuvable". */
async function assertNoDeadEnd(tab: Tab, label: string) {
  const { page } = tab;
  const from = page.url();
  const hrefs = await page
    .locator('a[href^="/"]')
    .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href') ?? ''))]);
  assert.ok(hrefs.length > 0, `${label}: links to follow`);
  for (const href of hrefs) {
    await page.goto(href);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    const h1 = (await page.locator('main h1').first().textContent()) ?? '';
    assert.ok(!/Page introuvable|Fiche indisponible/.test(h1), `${label}: ${href} leads to "${h1}"`);
    assert.equal(await page.locator('main .alert-error').count(), 0, `${label}: ${href} shows an error`);
  }
  await page.goto(from);
}

async function search(page: Page, words: string) {
  await page.getByRole('searchbox', { name: 'Nom, prénom ou identifiant' }).fill(words);
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
}

test('[STAFF] the CPE goes from home to a missing roll call and relaunches it', async () => {
  const f = await setUp();
  const tab = await openTab(browser, preau, { journey: 'staff-missing', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, f.cpe.login, f.cpe.password);
    await step('home', async () => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'À traiter aujourd’hui' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('cpe-home-360');
      // The session of 00:05 and the one running all day have both started without a roll call.
      await page.getByRole('link', { name: /^2 appels manquants$/ }).click();
    });
    await step('relaunch', async () => {
      await page.getByRole('heading', { level: 1, name: 'Appels manquants' }).waitFor();
      await page.getByRole('heading', { level: 3, name: /00:05/ }).waitFor();
      await tab.checkA11y('missing-360');
      await page.getByRole('button', { name: /^Relancer — Physique-chimie 00:05, Marc Vidal/ }).click();
      await page.getByRole('status').filter({ hasText: '1 professeur relancé.' }).waitFor();
      await page.getByText('Relancé', { exact: true }).waitFor();
    });
    const notes = await preau.db
      .selectFrom('notifications')
      .select(['kind', 'link'])
      .where('person_id', '=', f.teacher.id)
      .execute();
    assert.deepEqual(notes, [{ kind: 'attendance.reminder', link: `/appel/${f.missing.id}/${f.today}` }]);
  } finally {
    await tab.context.close();
  }
});

test('[STAFF] the CPE records a phoned-in absence and opens the pupil’s absences and grades from the directory', async () => {
  const f = await setUp();
  await ensureReasons(preau.db, f.school.id);
  const tab = await openTab(browser, preau, { journey: 'staff-phoned-absence' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, f.cpe.login, f.cpe.password);
    await step('find the pupil', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Annuaire')).click();
      await search(page, 'axel garnier');
      await page.getByRole('link', { name: 'GARNIER Axel' }).click();
      await page.getByRole('heading', { level: 1, name: 'Axel Garnier' }).waitFor();
      await tab.checkA11y('pupil-record');
    });
    await step('phoned-in absence', async () => {
      await page.getByRole('link', { name: /^Saisir une absence ou une dispense/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Saisie vie scolaire : Axel Garnier' }).waitFor();
      await page.getByRole('combobox', { name: 'Motif' }).selectOption({ label: 'Maladie' });
      await page.getByRole('textbox', { name: 'Commentaire (facultatif)' }).first().fill('Sa mère a appelé à 8 h.');
      await tab.checkA11y('entry');
      await page.getByRole('button', { name: 'Enregistrer l’absence' }).click();
      await page.getByText('Absence d’Axel Garnier enregistrée.').waitFor();
      const events = await preau.db
        .selectFrom('attendance_events')
        .select(['kind', 'source', 'date_from', 'comment'])
        .where('pupil_id', '=', f.axel.id)
        .execute();
      assert.deepEqual(events, [
        { kind: 'absence', source: 'vie_scolaire', date_from: f.today, comment: 'Sa mère a appelé à 8 h.' },
      ]);
    });
    await step('dispense', async () => {
      await page.getByRole('combobox', { name: 'Matière' }).selectOption({ label: 'Mathématiques' });
      await page.getByRole('button', { name: 'Enregistrer la dispense' }).click();
      await page.getByText('Dispense d’Axel Garnier enregistrée.').waitFor();
      const rows = await preau.db
        .selectFrom('exemptions')
        .select('pupil_id')
        .where('pupil_id', '=', f.axel.id)
        .execute();
      assert.equal(rows.length, 1);
    });
    await step('absence record', async () => {
      await page.getByRole('link', { name: 'Voir ses absences' }).click();
      await page.getByRole('heading', { level: 1, name: /Axel Garnier/ }).waitFor();
      await tab.checkA11y('absences-of-pupil');
    });
    await step('grades', async () => {
      await page.goto(`/annuaire/${f.axel.id}`);
      await page.getByRole('link', { name: /^Notes/ }).click();
      await page.waitForURL(`**/notes/${f.axel.id}`);
      await page.locator('main h1').first().waitFor();
      assert.doesNotMatch((await page.locator('main h1').first().textContent()) ?? '', /introuvable/);
      assert.equal(await page.locator('main .alert-error').count(), 0);
      await tab.checkA11y('grades-of-pupil');
    });
    await step('vie scolaire tools', async () => {
      await (await menuLink(page, 'Vie scolaire')).click();
      const link = page.getByRole('link', { name: 'Télécharger le fichier CSV' });
      const href = await link.getAttribute('href');
      assert.ok(href?.includes('/attendance/export.csv?from='));
      const csv = await tab.context.request.get(href ?? '');
      assert.equal(csv.status(), 200);
      assert.match(await csv.text(), /Garnier;Axel;4G;Absence/);
      await tab.checkA11y('vie-scolaire');
    });
  } finally {
    await tab.context.close();
  }
});

test('[STAFF] the CPE accepts justifications in bulk, a page at a time', async () => {
  const f = await setUp();
  const reasons = await ensureReasons(preau.db, f.school.id);
  const reason = reasons.find((r) => r.code === 'maladie') ?? reasons[0];
  const guardian = await signIn(preau.app, f.helene);
  const day = f.today;
  for (let i = 0; i < 25; i++) {
    const event = await makeAttendanceEvent(preau.db, f.school, { pupilId: f.axel.id, date: day });
    const res = await preau.app.inject({
      method: 'POST',
      url: '/api/attendance/justifications',
      headers: guardian.headers,
      payload: { pupilId: f.axel.id, eventIds: [event.id], reasonId: reason?.id, comment: `n° ${i}` },
    });
    assert.equal(res.statusCode, 201, res.body);
  }
  const tab = await openTab(browser, preau, { journey: 'staff-bulk-accept', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, f.cpe.login, f.cpe.password);
    await step('first page', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: '25 justificatifs à traiter' }).click();
      await page.getByText('20 affichés sur 25.').waitFor();
      assert.equal(await page.locator('.justification-item').count(), 20);
      // The pupil's name leads to the pupil's record.
      assert.equal(
        await page.getByRole('link', { name: 'Axel Garnier' }).first().getAttribute('href'),
        `/annuaire/${f.axel.id}`,
      );
      await tab.checkA11y('justifications-360');
    });
    await step('load more, select, accept', async () => {
      await page.getByRole('button', { name: 'Afficher 5 de plus' }).click();
      assert.equal(await page.locator('.justification-item').count(), 25);
      await page
        .getByRole('checkbox', { name: /^Sélectionner le justificatif d’Axel Garnier/ })
        .first()
        .check();
      await page.getByRole('button', { name: 'Accepter la sélection (1)' }).waitFor();
      await page.getByRole('button', { name: 'Sélectionner les 25 affichés' }).click();
      await page.getByRole('button', { name: 'Accepter la sélection (25)' }).click();
      await page.getByRole('status').filter({ hasText: '25 justificatifs acceptés.' }).waitFor();
      await page.getByText('Aucun justificatif.').waitFor();
      await tab.checkA11y('justifications-done');
    });
    const statuses = await preau.db
      .selectFrom('justifications')
      .select('status')
      .where('pupil_id', '=', f.axel.id)
      .execute();
    assert.equal(statuses.length, 25);
    assert.ok(statuses.every((s) => s.status === 'accepted'));
  } finally {
    await tab.context.close();
  }
});

test('[STAFF] reception finds "Garnier Axel" without accents and reaches the family, with no dead end', async () => {
  const f = await setUp();
  const tab = await openTab(browser, preau, { journey: 'staff-reception', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, f.accueil.login, f.accueil.password);
    await step('home search', async () => {
      await page.goto('/');
      assert.equal(await page.getByText(/pas encore disponibles/).count(), 0);
      await tab.checkA11y('reception-home');
      await search(page, 'GARNIER axel');
      const result = page.getByRole('listitem').filter({ hasText: 'GARNIER Axel' });
      await result.waitFor();
      assert.match((await result.textContent()) ?? '', /Élève · 4G/);
      await search(page, 'helene garnier');
      await page.getByRole('link', { name: 'GARNIER Hélène' }).waitFor();
      await search(page, 'Garnier Axel');
      await page.getByRole('link', { name: 'GARNIER Axel' }).click();
    });
    await step('pupil record', async () => {
      await page.getByRole('heading', { level: 1, name: 'Axel Garnier' }).waitFor();
      await page.getByText('4G').first().waitFor();
      await page.getByRole('link', { name: 'Hélène Garnier' }).waitFor();
      assert.equal(
        await page.getByRole('link', { name: 'helene.garnier@example.org' }).getAttribute('href'),
        'mailto:helene.garnier@example.org',
      );
      await page.getByText('Peut venir chercher l’élève').waitFor();
      assert.equal(
        await page.getByRole('link', { name: /Absences|Notes|Saisir/ }).count(),
        0,
        'nothing it may not open',
      );
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('reception-record-360');
      await assertNoDeadEnd(tab, 'reception pupil record');
    });
  } finally {
    await tab.context.close();
  }
});

test('[STAFF] the nurse’s home and a directory record lead to no refusal', async () => {
  const f = await setUp();
  const tab = await openTab(browser, preau, { journey: 'staff-nurse' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, f.nurse.login, f.nurse.password);
    await step('home', async () => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Rechercher un élève, une famille, un personnel' }).waitFor();
      await tab.checkA11y('nurse-home');
      await assertNoDeadEnd(tab, 'nurse home');
    });
    await step('record', async () => {
      await search(page, 'axel');
      await page.getByRole('link', { name: 'GARNIER Axel' }).click();
      await page.getByRole('heading', { level: 1, name: 'Axel Garnier' }).waitFor();
      await tab.checkA11y('nurse-record');
      await assertNoDeadEnd(tab, 'nurse pupil record');
    });
  } finally {
    await tab.context.close();
  }
});

test('[STAFF] a teacher takes the roll call from home in one tap', async () => {
  const f = await setUp();
  const tab = await openTab(browser, preau, { journey: 'staff-teacher-home', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, f.teacher.login, f.teacher.password);
    await step('home', async () => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Cours en ce moment' }).waitFor();
      await page
        .getByText(/Mathématiques · 4G/)
        .first()
        .waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('teacher-home-360');
    });
    await step('one tap', async () => {
      await page.getByRole('link', { name: 'Faire l’appel' }).first().click();
      await page.waitForURL(`**/appel/${f.allDay.id}/${f.today}`);
      await page.getByRole('heading', { level: 1, name: /^Appel — Mathématiques/ }).waitFor();
    });
  } finally {
    await tab.context.close();
  }
});
