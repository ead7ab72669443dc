import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { weekdayOf } from '../../src/server/modules/timetable/timetable.calendar.ts';
import {
  makeAttendanceEvent,
  makeClass,
  makeGuardian,
  makePeriod,
  makePupil,
  makeSchool,
  makeStaff,
} from '../factories.ts';
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

/** Lina Morel, 5B, absent every day of this month so far (unjustified): on the "à signaler" list. */
async function setUp() {
  const db = preau.db;
  const school = await makeSchool(db, { name: 'Collège Le Parc' });
  const cls = await makeClass(db, school, { code: '5B', level: '5e' });
  const lina = await makePupil(db, school, { classId: cls.id, firstName: 'Lina' });
  await db.updateTable('people').set({ last_name: 'Morel' }).where('id', '=', lina.id).execute();
  await makeGuardian(db, { children: [{ id: lina.id, schoolId: school.id }] });
  await makePeriod(db, school);
  const today = todayInParis();
  let first = `${today.slice(0, 7)}-01`;
  while (weekdayOf(first) > 5 && first < today)
    first = `${today.slice(0, 8)}${String(Number(first.slice(8)) + 1).padStart(2, '0')}`;
  await makeAttendanceEvent(db, school, {
    pupilId: lina.id,
    date: first,
    dateTo: today,
    half: 'am',
    halfTo: 'pm',
    source: 'vie_scolaire',
  });
  const cpe = await makeStaff(db, school, ['cpe']);
  const nurse = await makeStaff(db, school, ['infirmiere']);
  return { school, lina, cpe, nurse };
}

for (const width of [360, 1280]) {
  test(`[SUIVI] ${width}px: the CPE opens a pupil's file from "à signaler" and writes a note; the nurse writes one the CPE cannot see`, async () => {
    const f = await setUp();
    const cpe = await openTab(browser, preau, { journey: `followup-cpe-${width}`, width });
    const nurse = await openTab(browser, preau, { journey: `followup-nurse-${width}`, width });
    try {
      await signInThroughApi(cpe, f.cpe.login, f.cpe.password);
      const p = cpe.page;
      await cpe.step('to-report', async () => {
        await p.goto('/a-signaler');
        await p.getByRole('link', { name: 'Lina Morel' }).click();
        await p.getByRole('heading', { level: 1, name: 'Fiche élève — Lina Morel' }).waitFor();
        await p.getByText('À signaler ce mois-ci').waitFor();
        await cpe.checkA11y('file-cpe');
      });
      await cpe.step('write', async () => {
        await p.getByLabel('Compartiment').selectOption({ label: 'Vie scolaire' });
        await p.getByLabel('Type').selectOption({ label: 'Appel téléphonique' });
        await p.getByRole('textbox', { name: 'Note' }).fill('Appel à la mère : absences liées à un déménagement.');
        await p.getByRole('button', { name: 'Enregistrer la note' }).click();
        await p.getByText('Note enregistrée.').waitFor();
        await p.getByText('Appel à la mère : absences liées à un déménagement.').waitFor();
        await cpe.checkA11y('file-cpe-note');
        await cpe.screenshot('file-cpe-note');
      });

      await signInThroughApi(nurse, f.nurse.login, f.nurse.password);
      const n = nurse.page;
      await nurse.step('nurse writes', async () => {
        await n.goto(`/annuaire/${f.lina.id}`);
        await n.getByRole('link', { name: /^Fiche élève/ }).click();
        await n.getByRole('heading', { level: 1, name: 'Fiche élève — Lina Morel' }).waitFor();
        // The nurse does not read the vie scolaire's note.
        assert.equal(await n.getByText('Appel à la mère').count(), 0);
        await n.getByLabel('Compartiment').selectOption({ label: 'Infirmerie' });
        await n.getByRole('textbox', { name: 'Note' }).fill('Passage à l’infirmerie : fatigue, famille prévenue.');
        await n.getByRole('button', { name: 'Enregistrer la note' }).click();
        await n.getByText('Passage à l’infirmerie : fatigue, famille prévenue.').waitFor();
        // Axe once the form has settled: the button enabled again (a disabled one is drawn lighter), no hover.
        await n.getByText('Note enregistrée.').waitFor();
        await n
          .locator('button:not([disabled]):not([data-disabled]):not([data-pending])', {
            hasText: 'Enregistrer la note',
          })
          .waitFor();
        await n.mouse.move(0, 0);
        await nurse.checkA11y('file-nurse');
      });

      await cpe.step('cpe cannot see it', async () => {
        await p.reload();
        await p.getByRole('heading', { level: 1, name: 'Fiche élève — Lina Morel' }).waitFor();
        await p.getByText('Appel à la mère').waitFor();
        assert.equal(await p.getByText('Passage à l’infirmerie').count(), 0);
        assert.equal(await p.getByRole('heading', { name: 'Infirmerie' }).count(), 0);
      });
    } finally {
      await cpe.context.close();
      await nurse.context.close();
    }
  });
}
