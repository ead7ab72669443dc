import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { newId } from '../../src/server/lib/ids.ts';
import { makeClass, makeCourse, makePupil, makeSchool, makeStaff, makeSubject, makeTeacher } from '../factories.ts';
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
/** A weekday from today on (Saturday and Sunday step to Monday). */
const schoolDay = () => {
  let d = todayInParis();
  while (weekdayOf(d) > 5) d = addDays(d, 1);
  return d;
};

for (const width of [1280, 360]) {
  test(`[TIMETABLE] direction cancels and restores in two taps, moves, changes the room, replaces (${width} px)`, async () => {
    const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
    const cls = await makeClass(preau.db, school, { code: '4D', level: '4e' });
    await makePupil(preau.db, school, { classId: cls.id, firstName: 'Inès' });
    const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
    const substitute = await makeTeacher(preau.db, school, { classIds: [] });
    await preau.db
      .updateTable('people')
      .set({ first_name: 'Paul', last_name: 'Remplaçant' })
      .where('id', '=', substitute.id)
      .execute();
    await preau.db
      .insertInto('rooms')
      .values({
        id: newId(),
        school_id: school.id,
        site_id: school.siteId,
        code: 'B12',
        label: 'Salle B12',
        capacity: 30,
      })
      .execute();
    const history = await makeSubject(preau.db, school, { code: 'HIGEO', label: 'Histoire-géographie' });
    const principal = await makeStaff(preau.db, school, ['principal']);
    const day = schoolDay();
    const course = await makeCourse(preau.db, school, {
      teacherIds: [teacher.id],
      classId: cls.id,
      subjectId: history.id,
      weekday: weekdayOf(day),
      startsAt: '14:30',
      endsAt: '15:25',
    });
    const tab = await openTab(browser, preau, { journey: `direction-sessions-${width}`, width, height: 900 });
    const { page, step } = tab;
    const main = page.locator('main');
    const edit = async (what: string, fill: () => Promise<void>, done: string) => {
      await main
        .getByRole('button', { name: /^Modifier : Histoire-géographie/ })
        .first()
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Modifier ce cours' }).waitFor();
      await dialog.getByLabel('Modification').selectOption({ label: what });
      await fill();
      await dialog.getByLabel('Motif (lu par les familles)').fill('Réorganisation');
      await tab.checkA11y(`edit-${what}`);
      await dialog.getByRole('button', { name: 'Enregistrer et prévenir les familles' }).click();
      await page.getByRole('status').filter({ hasText: done }).waitFor();
    };
    const restore = async () => {
      await main
        .getByRole('button', { name: /^Rétablir le cours : Histoire-géographie/ })
        .first()
        .click();
      await page.getByRole('status').filter({ hasText: 'rétabli comme prévu' }).waitFor();
      await main
        .getByRole('button', { name: /^Modifier : Histoire-géographie/ })
        .first()
        .waitFor();
    };
    try {
      await signInThroughApi(tab, principal.login, principal.password);
      await step('class timetable', async () => {
        await page.goto(`/emplois-du-temps?date=${day}`);
        await page.getByLabel('Emploi du temps de').selectOption({ label: cls.code });
        await main.getByText('Histoire-géographie', { exact: true }).first().waitFor();
        if (width === 360) {
          assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
        }
        await tab.checkA11y('class-week');
      });
      await step('cancel, then undo the cancellation in one tap', async () => {
        await main
          .getByRole('button', { name: /^Annuler ce cours : Histoire-géographie/ })
          .first()
          .click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Motif (vu par les élèves et les familles)').fill('Erreur');
        await dialog.getByRole('button', { name: 'Annuler le cours' }).click();
        await main.getByText('Cours annulé').first().waitFor();
        await tab.checkA11y('cancelled');
        await page
          .getByRole('status')
          .getByRole('button', { name: /^Annuler l’annulation/ })
          .click();
        await page.getByRole('status').filter({ hasText: 'rétabli comme prévu' }).waitFor();
        await main.getByText('Cours annulé').first().waitFor({ state: 'detached' });
        const changes = await preau.db.selectFrom('session_changes').selectAll().execute();
        assert.equal(changes.filter((c) => c.course_id === course.id).length, 0);
      });
      await step('move the session', async () => {
        await edit(
          'Déplacer le cours',
          async () => {
            await page.getByLabel('Début').fill('16:30');
            await page.getByLabel('Fin').fill('17:25');
          },
          'déplacé',
        );
        await main.getByText('16:30').first().waitFor();
        await restore();
      });
      await step('change the room', async () => {
        await edit(
          'Changer de salle',
          async () => {
            await page.getByLabel('Nouvelle salle').selectOption({ label: 'B12 — Salle B12' });
          },
          'Salle du cours',
        );
        await main.getByText('B12').first().waitFor();
        await restore();
      });
      await step('set a replacement', async () => {
        await edit(
          'Remplacer l’enseignant',
          async () => {
            const select = page.getByLabel('Enseignant remplaçant');
            await select.locator('option', { hasText: 'Remplaçant Paul' }).waitFor({ state: 'attached' });
            await select.selectOption({ label: 'Remplaçant Paul' });
          },
          'Remplacement',
        );
        await main.getByText('Paul Remplaçant').first().waitFor();
        await tab.checkA11y('replaced');
      });
    } finally {
      await tab.context.close();
    }
  });
}
