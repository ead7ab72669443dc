import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { setSchoolSetting } from '../../src/server/lib/school-settings.ts';
import { ATTENDANCE_SETTINGS } from '../../src/server/modules/attendance/attendance.service.ts';
import { makeClass, makeCourse, makePupil, makeSchool, makeStaff, makeSubject, makeTeacher } from '../factories.ts';
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
const lastSchoolDay = () => {
  const d = addDays(todayInParis(), -1);
  return weekdayOf(d) === 7 ? addDays(d, -1) : d;
};

/** "8 h 12" and "4 décembre" as the school reads them: Paris time, computed here independently of the web app. */
function parisWords(at: Date) {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: 'numeric',
    minute: '2-digit',
    day: 'numeric',
    month: 'long',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('day') === '1' ? '1er' : part('day');
  return { clock: `${Number(part('hour'))} h ${part('minute')}`, date: `${day} ${part('month')}` };
}

test('[COSMETICS] a New York device shows Paris times: "Appel fait à 8 h 12", never a date after "à" (360 px)', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  await setSchoolSetting(
    preau.db,
    school.id,
    ATTENDANCE_SETTINGS,
    { lockMode: 'end_of_day', lockHours: 168, justificationDays: 30 },
    null,
  );
  const cls = await makeClass(preau.db, school, { code: '6B', level: '6e' });
  await makePupil(preau.db, school, { classId: cls.id, firstName: 'Adam' });
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  const svt = await makeSubject(preau.db, school, { code: 'SVT', label: 'Sciences de la vie et de la Terre' });
  const day = lastSchoolDay();
  const course = await makeCourse(preau.db, school, {
    teacherIds: [teacher.id],
    classId: cls.id,
    subjectId: svt.id,
    weekday: weekdayOf(day),
    startsAt: '08:00',
    endsAt: '08:55',
  });
  // Five hours behind Paris (six in a few weeks of spring and autumn): a device's own clock would show other hours.
  const tab = await openTab(browser, preau, {
    journey: 'cosmetics-time-zone',
    width: 360,
    height: 740,
    timezoneId: 'America/New_York',
  });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    await step('roll call taken today', async () => {
      await page.goto(`/appel/${course.id}/${day}`);
      await page.getByText('Appel pas encore fait.').waitFor();
      await page.getByRole('button', { name: /^Enregistrer l.appel$/ }).click();
      await page.getByText(/^Appel fait à \d{1,2} h \d{2}\.$/).waitFor();
      const row = await preau.db
        .selectFrom('roll_calls')
        .select('updated_at')
        .where('course_id', '=', course.id)
        .executeTakeFirstOrThrow();
      const { clock } = parisWords(new Date(row.updated_at));
      await page.getByText(`Appel fait à ${clock}.`, { exact: true }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('roll-call-taken-today');
    });
    await step('roll call taken another day', async () => {
      const at = new Date(`${day}T07:12:00.000Z`);
      await preau.db
        .updateTable('roll_calls')
        .set({ updated_at: at.toISOString() })
        .where('course_id', '=', course.id)
        .execute();
      const { clock, date } = parisWords(at);
      await page.reload();
      await page.getByText(`Appel fait le ${date} à ${clock}.`, { exact: true }).waitFor();
      assert.match(clock, /^[89] h 12$/, 'Paris time, not New York time');
      await tab.checkA11y('roll-call-taken-yesterday');
    });
    await step('a session opened at 8 h 12 in Paris, on the account page', async () => {
      const at = new Date(`${day}T07:12:00.000Z`);
      await preau.db
        .updateTable('sessions')
        .set({ created_at: at.toISOString() })
        .where('person_id', '=', teacher.id)
        .execute();
      const paris = new Intl.DateTimeFormat('fr-FR', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/Paris',
      }).format(at);
      assert.match(paris, /\b0?[89]:12$/);
      await page.goto('/compte');
      await page.getByText(`ouverte le ${paris}`).first().waitFor();
      await tab.checkA11y('account-sessions');
    });
  } finally {
    await tab.context.close();
  }
});

test('[COSMETICS] the admin class table at 360 px: every stacked value keeps its label', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège du Lac' });
  await makeClass(preau.db, school, { code: '5C', level: '5e' });
  const admin = await makeStaff(preau.db, school, ['school_admin']);
  const tab = await openTab(browser, preau, { journey: 'cosmetics-admin-classes', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, admin.login, admin.password);
    await step('classes tab', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Administration')).click();
      await page.getByRole('tab', { name: 'Classes et courriers' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '5C' }) });
      await row.waitFor();
      const labels = await row.locator('td[data-label]').evaluateAll((cells) =>
        cells.map((c) => ({
          label: getComputedStyle(c, '::before').content,
          text: c.textContent,
          top: c.getBoundingClientRect().top,
        })),
      );
      assert.deepEqual(
        labels.map((l) => [l.label, l.text]),
        [
          ['"Niveau"', '5e'],
          ['"Site"', labels[1]?.text],
          ['"Élèves"', '0'],
        ],
      );
      // Stacked: one value under the other, each beside its label.
      assert.ok(labels[0] && labels[1] && labels[0].top < labels[1].top, 'values stacked at 360 px');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
      await tab.checkA11y('admin-classes-360');
      await tab.screenshot('admin-classes-360');
    });
  } finally {
    await tab.context.close();
  }
});
