import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { setSchoolSetting } from '../../src/server/lib/school-settings.ts';
import { ATTENDANCE_SETTINGS } from '../../src/server/modules/attendance/attendance.service.ts';
import { makeAttendanceEvent, makeClass, makeGuardian, makePupil, makeSchool, makeStaff } from '../factories.ts';
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

/** A tiny but real PDF, as a family would scan a certificate. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function setUp() {
  const school = await makeSchool(preau.db, { name: 'Collège Les Tilleuls' });
  await setSchoolSetting(
    preau.db,
    school.id,
    ATTENDANCE_SETTINGS,
    { lockMode: 'end_of_day', lockHours: 0, justificationDays: 30 },
    null,
  );
  const cls = await makeClass(preau.db, school, { code: '5C', level: '5e' });
  const adam = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Adam' });
  const ines = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Inès' });
  const guardian = await makeGuardian(preau.db, {
    children: [
      { id: adam.id, schoolId: school.id },
      { id: ines.id, schoolId: school.id },
    ],
  });
  const cpe = await makeStaff(preau.db, school, ['cpe']);
  const today = todayInParis();
  // Yesterday morning's absence, not explained yet; an older lateness already justified.
  const absence = await makeAttendanceEvent(preau.db, school, { pupilId: adam.id, date: addDays(today, -1) });
  await makeAttendanceEvent(preau.db, school, {
    pupilId: adam.id,
    date: addDays(today, -3),
    kind: 'lateness',
    minutesLate: 12,
    status: 'accepted',
    reasonCode: 'transport',
  });
  const names = await preau.db
    .selectFrom('people')
    .select(['id', 'last_name'])
    .where('id', 'in', [adam.id, ines.id])
    .execute();
  const lastName = (id: string) => names.find((n) => n.id === id)?.last_name ?? '';
  return { school, adam: { ...adam, name: `Adam ${lastName(adam.id)}` }, ines, guardian, cpe, absence };
}

test('[ABSENCES] a guardian justifies an absence on a phone; vie scolaire accepts it', async () => {
  const { adam, guardian, cpe, absence } = await setUp();
  const family = await openTab(browser, preau, { journey: 'justification-guardian', width: 360, height: 740 });
  const staff = await openTab(browser, preau, { journey: 'justification-cpe' });
  try {
    await signInThroughApi(family, guardian.login, guardian.password);
    await family.step('choose a child', async () => {
      const { page } = family;
      await page.goto('/');
      const nav = page.getByRole('navigation', { name: 'Menu principal' });
      // On a phone the links may be behind a "Menu" button.
      await nav
        .getByRole('link', { name: 'Absences' })
        .or(nav.getByRole('button', { name: /^Menu/ }))
        .first()
        .waitFor();
      const menu = nav.getByRole('button', { name: /^Menu/ });
      if (await menu.isVisible()) await menu.click();
      await nav.getByRole('link', { name: 'Absences' }).click();
      await page.getByRole('heading', { level: 1, name: 'Absences et retards' }).waitFor();
      await family.checkA11y('absences-children');
      // Both children are reachable; from one child's page the other is one tap away.
      await page.getByRole('link', { name: /^Inès / }).click();
      await page.getByRole('heading', { level: 1, name: /^Absences et retards — Inès / }).waitFor();
      await page.getByText('Aucune absence ni aucun retard sur cette période.').waitFor();
      await page.getByRole('navigation', { name: 'Mes enfants' }).getByRole('link', { name: adam.name }).click();
      await page.getByRole('heading', { level: 1, name: `Absences et retards — ${adam.name}` }).waitFor();
      await page.getByText('Non justifiée', { exact: true }).waitFor();
      await page.getByText('Justifié', { exact: true }).waitFor();
      // Counted in the legal unit, as on the report card: one morning missed is one half-day.
      const counts = page.getByRole('region', { name: 'En résumé' });
      assert.match((await counts.textContent()) ?? '', /Demi-journées d’absence\s*1\s*dont non justifiées\s*1/);
      await page.getByText(/^1 demi-journée d’absence \(dont 1 non justifiée\)$/).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await family.checkA11y('absences-child');
    });
    await family.step('justify', async () => {
      const { page } = family;
      await page.getByRole('button', { name: /^Justifier — 1 absence, / }).click();
      const dialog = page.getByRole('dialog', { name: /^Justifier : 1 absence, / });
      await dialog.waitFor();
      await dialog.getByLabel('Motif').selectOption({ label: 'Maladie' });
      await dialog.getByLabel('Commentaire (facultatif)').fill('Fièvre, vu par le médecin.');
      await dialog
        .getByLabel('Justificatif (facultatif)')
        .setInputFiles({ name: 'certificat.pdf', mimeType: 'application/pdf', buffer: PDF });
      await family.checkA11y('justify-dialog');
      await dialog.getByRole('button', { name: 'Envoyer le justificatif' }).click();
      const confirmation = page.getByRole('status').filter({ hasText: 'Justificatif envoyé' });
      await confirmation.waitFor();
      await page.getByText('En attente', { exact: true }).waitFor();
      // The confirmation is on the day's card, with the focus; the card shows what was sent.
      await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Justificatif envoyé'));
      const day = page.getByRole('listitem').filter({ has: confirmation });
      await day.getByText('Fièvre, vu par le médecin.').waitFor();
      await day.getByText('certificat.pdf').waitFor();
      assert.equal(await page.getByRole('button', { name: /^Justifier/ }).count(), 0);
      await family.checkA11y('absences-pending');
    });
    const stored = await preau.db
      .selectFrom('justifications as j')
      .innerJoin('attendance_documents as d', 'd.id', 'j.document_id')
      .select(['j.comment', 'j.status', 'd.file_name', 'd.content_type', 'd.size'])
      .execute();
    assert.deepEqual(stored, [
      {
        comment: 'Fièvre, vu par le médecin.',
        status: 'pending',
        file_name: 'certificat.pdf',
        content_type: 'application/pdf',
        size: PDF.length,
      },
    ]);

    await signInThroughApi(staff, cpe.login, cpe.password);
    await staff.step('inbox', async () => {
      const { page } = staff;
      await page.goto('/');
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Justificatifs' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Justificatifs à traiter' }).waitFor();
      await page.getByRole('heading', { level: 2, name: '1 justificatif' }).waitFor();
      // Filters: a class, a pupil's name (accents aside), newest first.
      await page.getByLabel('Classe').selectOption('5C');
      await page.getByLabel('Rechercher un élève').fill('ines');
      await page.getByRole('heading', { level: 2, name: '0 justificatif' }).waitFor();
      await page.getByLabel('Rechercher un élève').fill('adam');
      await page.getByLabel('Ordre').selectOption({ label: 'Plus récents d’abord' });
      await page.getByRole('heading', { level: 2, name: '1 justificatif' }).waitFor();
      const card = page.getByRole('listitem').filter({ hasText: adam.name });
      await card.getByText('5C').waitFor();
      await card.getByText('Maladie').waitFor();
      await card.getByText('Fièvre, vu par le médecin.').waitFor();
      const link = card.getByRole('link', { name: `Voir le justificatif — ${adam.name}` });
      const res = await staff.context.request.get((await link.getAttribute('href')) ?? '');
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      await staff.checkA11y('inbox');
      await card.getByRole('button', { name: `Accepter — ${adam.name}` }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Justificatif d’${adam.name} accepté.` })
        .waitFor();
      await page.getByRole('heading', { level: 2, name: '0 justificatif' }).waitFor();
      await page.getByLabel('Statut').selectOption({ label: 'Acceptés' });
      await page.getByRole('heading', { level: 2, name: '1 justificatif' }).waitFor();
      await page
        .getByRole('listitem')
        .filter({ hasText: adam.name })
        .getByText(/^Traité le /)
        .waitFor();
      await staff.checkA11y('inbox-accepted');
    });
    const event = await preau.db
      .selectFrom('attendance_events')
      .select('justification_status')
      .where('id', '=', absence.id)
      .executeTakeFirstOrThrow();
    assert.equal(event.justification_status, 'accepted');

    await family.step('justified', async () => {
      const { page } = family;
      await page.reload();
      await page.getByRole('heading', { level: 1, name: `Absences et retards — ${adam.name}` }).waitFor();
      await page.getByText('Justifiée', { exact: true }).waitFor();
      assert.equal(await page.getByText('Non justifiée', { exact: true }).count(), 0);
      await family.checkA11y('absences-justified');
    });
  } finally {
    await family.context.close();
    await staff.context.close();
  }
});

test('[ABSENCES] a pupil reads their own record and cannot justify', async () => {
  const { school, adam } = await setUp();
  await makeAttendanceEvent(preau.db, school, { pupilId: adam.id, date: addDays(todayInParis(), -2), half: 'pm' });
  const tab = await openTab(browser, preau, { journey: 'justification-pupil', width: 360, height: 740 });
  try {
    await signInThroughApi(tab, adam.login, adam.password);
    await tab.step('own record', async () => {
      const { page } = tab;
      await page.goto('/absences');
      await page.getByRole('heading', { level: 1, name: `Absences et retards — ${adam.name}` }).waitFor();
      await page.getByText('Les justificatifs sont envoyés par les responsables légaux.').waitFor();
      assert.equal(await page.getByRole('button', { name: /^Justifier/ }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Prévenir d’une absence' }).count(), 0);
      await tab.checkA11y('pupil-absences');
    });
  } finally {
    await tab.context.close();
  }
});
