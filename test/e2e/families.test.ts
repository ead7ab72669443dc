import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { setSchoolSetting } from '../../src/server/lib/school-settings.ts';
import { ATTENDANCE_SETTINGS } from '../../src/server/modules/attendance/attendance.service.ts';
import { GRADE_SETTINGS } from '../../src/server/modules/grades/grades.service.ts';
import { type Session, signIn } from '../app.ts';
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

const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const weekdayOf = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay() || 7;
/** Today, or Monday when today is a Sunday (the timetable opens on it). */
const schoolDay = () => {
  const today = todayInParis();
  return weekdayOf(today) === 7 ? addDays(today, 1) : today;
};

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

async function nameOf(id: string) {
  const p = await preau.db
    .selectFrom('people')
    .select(['first_name', 'last_name'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return `${p.first_name} ${p.last_name}`;
}

/** Two children in two classes, a course each on the school day, homework set for each. */
async function family() {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const c5 = await makeClass(preau.db, school, { code: '5B', level: '5e' });
  const c3 = await makeClass(preau.db, school, { code: '3A', level: '3e' });
  const ines = await makePupil(preau.db, school, { classId: c5.id, firstName: 'Inès' });
  const leo = await makePupil(preau.db, school, { classId: c3.id, firstName: 'Léo' });
  const guardian = await makeGuardian(preau.db, {
    children: [
      { id: ines.id, schoolId: school.id },
      { id: leo.id, schoolId: school.id },
    ],
  });
  const maths = await makeSubject(preau.db, school, { code: 'MATHS', label: 'Mathématiques' });
  const french = await makeSubject(preau.db, school, { code: 'FRANC', label: 'Français' });
  const t5 = await makeTeacher(preau.db, school, { classIds: [c5.id] });
  const t3 = await makeTeacher(preau.db, school, { classIds: [c3.id] });
  const day = schoolDay();
  const course5 = await makeCourse(preau.db, school, {
    teacherIds: [t5.id],
    classId: c5.id,
    subjectId: maths.id,
    weekday: weekdayOf(day),
    startsAt: '08:00',
    endsAt: '08:55',
  });
  const course3 = await makeCourse(preau.db, school, {
    teacherIds: [t3.id],
    classId: c3.id,
    subjectId: french.id,
    weekday: weekdayOf(day),
    startsAt: '09:00',
    endsAt: '09:55',
  });
  const s5 = await signIn(preau.app, t5);
  const s3 = await signIn(preau.app, t3);
  const homework = (s: Session, courseId: string, dueDate: string, instructions: string) =>
    call(s, 'POST', '/api/homework', {
      courseId,
      sessionDate: day,
      dueDate,
      instructions,
      estimatedMinutes: 20,
      status: 'published',
    });
  await homework(s5, course5.id, addDays(day, 7), 'Exercices 3 et 4 page 52');
  await homework(s3, course3.id, addDays(day, 7), 'Lire le chapitre 2');
  await homework(s3, course3.id, addDays(day, 18), 'Exposé sur Victor Hugo');
  await call(s5, 'PUT', `/api/cahier/sessions/${course5.id}/${day}`, {
    content: 'Les fractions : addition et soustraction, exercices 1 à 3.',
    status: 'published',
  });
  return {
    school,
    ines: { ...ines, name: await nameOf(ines.id) },
    leo: { ...leo, name: await nameOf(leo.id) },
    guardian,
    course5,
    day,
    principal: await makeStaff(preau.db, school, ['principal']),
  };
}

test('[FAMILIES] a guardian of two children reads today for each, then each child’s homework and all of it together', async () => {
  const f = await family();
  for (const width of [360, 1280]) {
    const tab = await openTab(browser, preau, { journey: `families-homework-${width}`, width, height: 800 });
    const { page, step } = tab;
    try {
      await signInThroughApi(tab, f.guardian.login, f.guardian.password);
      await step('home: today for each child', async () => {
        await page.goto('/');
        await page.getByRole('heading', { level: 2, name: 'Aujourd’hui pour mes enfants' }).waitFor();
        await page.getByRole('heading', { level: 3, name: f.ines.name }).waitFor();
        await page.getByRole('heading', { level: 3, name: f.leo.name }).waitFor();
        await tab.checkA11y('home');
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, 'no horizontal scroll');
        // On a phone, one child at a time is one tap away.
        const switcher = page.getByRole('group', { name: 'Choisir un enfant' });
        await switcher.getByRole('button', { name: f.leo.name }).click();
        assert.equal(await switcher.getByRole('button', { name: f.leo.name }).getAttribute('aria-pressed'), 'true');
        await page.getByRole('heading', { level: 3, name: f.ines.name }).waitFor({ state: 'detached' });
        await page.getByRole('heading', { level: 3, name: f.leo.name }).waitFor();
        await tab.checkA11y('home-one-child');
        await switcher.getByRole('button', { name: 'Tous les enfants' }).click();
        await page.getByRole('heading', { level: 3, name: f.ines.name }).waitFor();
      });
      await step('all children’s homework from the menu', async () => {
        await (await menuLink(page, 'Travail à faire')).click();
        await page.getByRole('heading', { level: 1, name: 'Travail à faire' }).waitFor();
        await page.getByText('Exercices 3 et 4 page 52').waitFor();
        await page.getByText('Lire le chapitre 2').waitFor();
        // Each item says whose it is.
        const item = page.getByRole('listitem').filter({ hasText: 'Exercices 3 et 4 page 52' });
        await item.getByText(f.ines.name).waitFor();
        await tab.checkA11y('homework-all');
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, 'no horizontal scroll');
      });
      await step('each child’s homework, and further ahead', async () => {
        const choice = page.getByRole('navigation', { name: 'Choisir un enfant' });
        await choice.getByRole('link', { name: f.ines.name }).click();
        await page.getByRole('heading', { level: 1, name: `Travail à faire — ${f.ines.name}` }).waitFor();
        await page.getByText('Exercices 3 et 4 page 52').waitFor();
        assert.equal(await page.getByText('Lire le chapitre 2').count(), 0);
        await choice.getByRole('link', { name: f.leo.name }).click();
        await page.getByRole('heading', { level: 1, name: `Travail à faire — ${f.leo.name}` }).waitFor();
        await page.getByText('Lire le chapitre 2').waitFor();
        assert.equal(await page.getByText('Exposé sur Victor Hugo').count(), 0, 'beyond two weeks at first');
        await page.getByRole('button', { name: 'Voir les deux semaines suivantes' }).click();
        await page.getByText('Exposé sur Victor Hugo').waitFor();
        await tab.checkA11y('homework-child');
      });
    } finally {
      await tab.context.close();
    }
  }
});

test('[FAMILIES] a pupil opens a session from the timetable and reads what was done in class, on a phone', async () => {
  const f = await family();
  const tab = await openTab(browser, preau, { journey: 'families-session', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, f.ines.login, f.ines.password);
    await step('home: today', async () => {
      await page.goto('/');
      await page.getByRole('heading', { level: 2, name: 'Aujourd’hui' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Accès rapide' }).waitFor();
      await tab.checkA11y('pupil-home');
    });
    await step('timetable → session', async () => {
      await page.goto(`/emploi-du-temps?date=${f.day}`);
      await page.getByRole('heading', { level: 1, name: 'Mon emploi du temps' }).waitFor();
      await page.getByRole('link', { name: 'Mathématiques' }).first().click();
      await page.getByRole('heading', { level: 1, name: /^Mathématiques — / }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Ce qui a été fait en classe' }).waitFor();
      await page.getByText('Les fractions : addition et soustraction, exercices 1 à 3.').waitFor();
      await page.getByText('Exercices 3 et 4 page 52').waitFor();
      // Read only: nothing to write, no roll call.
      assert.equal(await page.getByRole('textbox').count(), 0);
      assert.equal(await page.getByRole('link', { name: 'Faire l’appel' }).count(), 0);
      await tab.checkA11y('session');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
    });
  } finally {
    await tab.context.close();
  }
});

/** A teacher's assessment with these grades, published two days ago. */
async function graded(
  school: SchoolFixture,
  classId: string,
  periodId: string,
  date: string,
  grades: Array<[string, number]>,
) {
  const teacher = await makeTeacher(preau.db, school, { classIds: [classId] });
  await preau.db.updateTable('subjects').set({ label: 'Mathématiques' }).where('id', '=', teacher.subjectId).execute();
  const s = await signIn(preau.app, teacher);
  const created = await call(s, 'POST', '/api/grades/assessments', {
    classId,
    subjectId: teacher.subjectId,
    periodId,
    title: 'Contrôle',
    date,
    publishAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
  });
  await call(s, 'PUT', `/api/grades/assessments/${created.assessment.id}/grades`, {
    grades: grades.map(([pupilId, value]) => ({ pupilId, value })),
  });
  return { teacher, session: s };
}

test('[FAMILIES] grades open on the latest period with grades and keep the chosen period from child to child', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Les Tilleuls' });
  await setSchoolSetting(preau.db, school.id, GRADE_SETTINGS, { ...GRADE_SETTINGS.defaults, quietHours: null }, null);
  const today = todayInParis();
  const yesterday = addDays(today, -1);
  await makePeriod(preau.db, school, { number: 1, startsOn: addDays(today, -60), endsOn: yesterday });
  const p2 = await makePeriod(preau.db, school, { number: 2, startsOn: today, endsOn: addDays(today, 60) });
  const [p1] = await preau.db
    .selectFrom('periods')
    .select('id')
    .where('number', '=', 1)
    .where('school_id', '=', school.id)
    .execute();
  const c4 = await makeClass(preau.db, school, { code: '4A', level: '4e' });
  const c6 = await makeClass(preau.db, school, { code: '6B', level: '6e' });
  const ines = await makePupil(preau.db, school, { classId: c4.id, firstName: 'Inès' });
  const leo = await makePupil(preau.db, school, { classId: c6.id, firstName: 'Léo' });
  const guardian = await makeGuardian(preau.db, {
    children: [
      { id: ines.id, schoolId: school.id },
      { id: leo.id, schoolId: school.id },
    ],
  });
  await graded(school, c4.id, p1!.id, yesterday, [[ines.id, 15]]);
  await graded(school, c6.id, p1!.id, yesterday, [[leo.id, 11]]);
  const leoName = await nameOf(leo.id);

  const tab = await openTab(browser, preau, { journey: 'families-grades', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, guardian.login, guardian.password);
    await step('the latest period with grades', async () => {
      await page.goto(`/notes/${ines.id}`);
      await page.getByRole('heading', { level: 1, name: /^Notes/ }).waitFor();
      const period = page.getByLabel('Période');
      assert.equal(await period.inputValue(), p1!.id, 'not the period that has just started');
      await page.getByText('15,00').first().waitFor();
      await tab.checkA11y('grades-latest');
    });
    await step('a period chosen stays when switching child', async () => {
      await page.getByLabel('Période').selectOption(p2.id);
      await page.getByText('Aucune note publiée pour cette période.').waitFor();
      await page.getByRole('navigation', { name: 'Mes enfants' }).getByRole('link', { name: leoName }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(leoName) }).waitFor();
      await page.getByText('Aucune note publiée pour cette période.').waitFor();
      assert.equal(await page.getByLabel('Période').inputValue(), p2.id, 'the period chosen for the other child');
      // And back to the first period for this child: his grade is there.
      await page.getByLabel('Période').selectOption(p1!.id);
      await page.getByText('11,00').first().waitFor();
      await tab.checkA11y('grades-switched');
    });
  } finally {
    await tab.context.close();
  }
});

test('[FAMILIES] on a phone the report card’s summary comes first', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Jean Moulin' });
  await setSchoolSetting(preau.db, school.id, GRADE_SETTINGS, { ...GRADE_SETTINGS.defaults, quietHours: null }, null);
  const period = await makePeriod(preau.db, school, { label: '1er trimestre' });
  const cls = await makeClass(preau.db, school, { code: '4C', level: '4e' });
  const pupil = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Sami' });
  const guardian = await makeGuardian(preau.db, { children: [{ id: pupil.id, schoolId: school.id }] });
  // Many subjects make a long page.
  for (let i = 0; i < 8; i++) await graded(school, cls.id, period.id, todayInParis(), [[pupil.id, 10 + i]]);
  const direction = await signIn(preau.app, await makeStaff(preau.db, school, ['principal']));
  await call(direction, 'POST', `/api/report-cards/classes/${cls.id}/periods/${period.id}/publish`, {});
  const [card] = await preau.db.selectFrom('report_cards').select('id').where('pupil_id', '=', pupil.id).execute();

  const tab = await openTab(browser, preau, { journey: 'families-report-card', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, guardian.login, guardian.password);
    await step('summary first', async () => {
      await page.goto(`/bulletins/${card!.id}`);
      const general = page.getByRole('heading', { level: 2, name: 'Moyenne générale' });
      await general.waitFor();
      const council = page.getByRole('heading', { level: 2, name: 'Avis du conseil de classe' });
      const subjects = page.getByRole('heading', { level: 2, name: 'Résultats par matière' });
      const y = async (l: typeof general) => (await l.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
      assert.ok((await y(general)) < (await y(subjects)), 'the general average before the subjects');
      assert.ok((await y(council)) < (await y(subjects)), 'the council before the subjects');
      assert.ok((await y(general)) < 740 * 1.5, 'the general average within the first screens');
      await tab.checkA11y('report-card');
    });
  } finally {
    await tab.context.close();
  }
});

test('[FAMILIES] a 4 MB phone photo is scaled down in the browser and accepted as a justification', async () => {
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
  const guardian = await makeGuardian(preau.db, { children: [{ id: adam.id, schoolId: school.id }] });
  await makeAttendanceEvent(preau.db, school, { pupilId: adam.id, date: addDays(todayInParis(), -1) });

  const tab = await openTab(browser, preau, { journey: 'families-photo', width: 360, height: 740 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, guardian.login, guardian.password);
    await page.goto(`/absences/${adam.id}`);
    // A 4 MB JPEG as a phone takes it: 4,000 × 3,000 pixels of texture (noise does not compress).
    const photo = await step('make a 4 MB photo', async () => {
      const b64 = await page.evaluate(async () => {
        for (let quality = 0.9; quality <= 1; quality += 0.02) {
          const c = document.createElement('canvas');
          c.width = 4000;
          c.height = 3000;
          const ctx = c.getContext('2d')!;
          const img = ctx.createImageData(c.width, c.height);
          let seed = 42;
          for (let i = 0; i < img.data.length; i += 4) {
            seed = (seed * 1103515245 + 12345) & 0x7fffffff;
            const v = seed % 256;
            img.data[i] = v;
            img.data[i + 1] = (v * 7) % 256;
            img.data[i + 2] = (v * 13) % 256;
            img.data[i + 3] = 255;
          }
          ctx.putImageData(img, 0, 0);
          const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/jpeg', quality));
          if (blob.size >= 4 * 1024 * 1024) {
            const bytes = new Uint8Array(await blob.arrayBuffer());
            let s = '';
            for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            return btoa(s);
          }
        }
        throw new Error('could not make a 4 MB photo');
      });
      return Buffer.from(b64, 'base64');
    });
    assert.ok(photo.length >= 4 * 1024 * 1024, `photo of ${photo.length} bytes`);
    await step('justify with the photo', async () => {
      await page.getByRole('button', { name: /^Justifier — 1 absence, / }).click();
      const dialog = page.getByRole('dialog', { name: /^Justifier : 1 absence, / });
      await dialog.waitFor();
      await dialog.getByLabel('Motif').selectOption({ label: 'Maladie' });
      await dialog
        .getByLabel('Justificatif (facultatif)')
        .setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
      await tab.checkA11y('justify-photo');
      await dialog.getByRole('button', { name: 'Envoyer le justificatif' }).click();
      await page.getByRole('status').filter({ hasText: 'Justificatif envoyé' }).waitFor();
      await page.getByText('IMG_2041.jpg').waitFor();
    });
    const doc = await preau.db
      .selectFrom('attendance_documents')
      .select(['file_name', 'content_type', 'size'])
      .where('pupil_id', '=', adam.id)
      .executeTakeFirstOrThrow();
    assert.equal(doc.content_type, 'image/jpeg');
    assert.equal(doc.file_name, 'IMG_2041.jpg');
    assert.ok(doc.size < 2 * 1024 * 1024, `sent scaled down: ${doc.size} bytes`);
  } finally {
    await tab.context.close();
  }
});

test('[FAMILIES] an English reader sees a timetable change in English, naming the child', async () => {
  const f = await family();
  await preau.db.updateTable('people').set({ locale: 'en' }).where('id', '=', f.guardian.id).execute();
  const direction = await signIn(preau.app, f.principal);
  await call(direction, 'POST', `/api/timetable/sessions/${encodeURIComponent(`${f.course5.id}:${f.day}`)}/cancel`, {
    reason: 'Professeur absent',
  });
  const tab = await openTab(browser, preau, { journey: 'families-english', width: 360, height: 740, locale: 'en-GB' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, f.guardian.login, f.guardian.password);
    await step('notifications in English', async () => {
      await page.goto('/notifications');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      await page.getByRole('link', { name: `${f.ines.name}’s timetable changed` }).waitFor();
      await page.getByText(/^Mathématiques on .+ at 08:00: lesson cancelled\. Reason: Professeur absent$/).waitFor();
      assert.equal(await page.getByText('Emploi du temps modifié').count(), 0);
      await tab.checkA11y('notifications-en');
    });
    await step('the link leads to the family day', async () => {
      await page.getByRole('link', { name: `${f.ines.name}’s timetable changed` }).click();
      await page.waitForURL(/\/journee-famille\?date=/);
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await page.getByText('Page not found').count(), 0);
    });
  } finally {
    await tab.context.close();
  }
});
