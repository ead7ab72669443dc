import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { readLetter } from '../app.ts';
import {
  makeClass,
  makeCourse,
  makeGuardian,
  makePeriod,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
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

test('[DISCIPLINE] the principal pronounces a sanction after the defence delay; the guardian reads the letter', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Le Parc' });
  const cls = await makeClass(preau.db, school, { code: '4B', level: '4e' });
  const pupil = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Inès' });
  await preau.db.updateTable('people').set({ last_name: 'Moreau' }).where('id', '=', pupil.id).execute();
  const parent = await makeGuardian(preau.db, { children: [{ id: pupil.id, schoolId: school.id }] });
  const principal = await makeStaff(preau.db, school, ['principal']);

  const tab = await openTab(browser, preau, { journey: 'discipline-principal', width: 360, height: 800 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, principal.login, principal.password);
    await step('open a procedure', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Procédures disciplinaires')).click();
      await page.getByRole('heading', { level: 1, name: 'Procédures disciplinaires' }).waitFor();
      await tab.checkA11y('procedures-empty');
      await page.getByRole('button', { name: 'Engager une procédure' }).click();
      const form = page.getByRole('form', { name: 'Engager une procédure' });
      await form.getByLabel('Classe').selectOption({ label: '4B' });
      await form.getByLabel('Élève').selectOption({ label: 'Moreau Inès' });
      await form.getByLabel('Faits reprochés').fill('Insultes envers un surveillant dans la cour.');
      await tab.checkA11y('procedure-form');
      await form.getByRole('button', { name: 'Engager la procédure et informer la famille' }).click();
      await page.getByRole('status').filter({ hasText: 'Procédure engagée' }).waitFor();
      // The delay runs: no sanction yet.
      await page.getByText('Le délai pour présenter une défense court encore', { exact: false }).waitFor();
      await tab.screenshot('procedure-open');
    });
    await step('pronounce once the delay is over', async () => {
      // Two working days later (the clock moves).
      await preau.db
        .updateTable('disciplinary_procedures')
        .set({ defence_ends_at: new Date(Date.now() - 60_000).toISOString() })
        .where('pupil_id', '=', pupil.id)
        .execute();
      await page.reload();
      const form = page.getByRole('form', { name: 'Sanction pour Inès Moreau' });
      await form.waitFor();
      await form.getByLabel('Sanction').selectOption({ label: 'Blâme' });
      await form.getByLabel('Motifs de la décision').fill('Faits établis et reconnus.');
      await tab.checkA11y('pronounce-form');
      await form.getByRole('button', { name: 'Prononcer la sanction' }).click();
      await page.getByRole('status').filter({ hasText: 'Sanction prononcée' }).waitFor();
      await page.getByRole('link', { name: 'Lettre de sanction (PDF)' }).waitFor();
      await tab.screenshot('sanction-pronounced');
      await tab.checkA11y('procedures-pronounced');
    });
  } finally {
    await tab.context.close();
  }

  const family = await openTab(browser, preau, { journey: 'discipline-guardian', width: 360, height: 800 });
  try {
    await signInThroughApi(family, parent.login, parent.password);
    const p = family.page;
    await family.step('the notification and the page', async () => {
      await p.goto('/notifications');
      await p.getByRole('heading', { level: 2, name: 'Sanction : Inès Moreau' }).waitFor();
      await p.goto('/');
      await (await menuLink(p, 'Punitions et sanctions')).click();
      await p.getByRole('heading', { level: 1, name: 'Punitions et sanctions de Inès Moreau' }).waitFor();
      await p.getByRole('heading', { level: 4, name: 'Blâme' }).waitFor();
      // Families are not shown incident reports.
      assert.equal(await p.getByRole('heading', { name: 'Rapports d’incident' }).count(), 0);
      await family.screenshot('guardian-sanctions');
      await family.checkA11y('guardian-sanctions');
    });
    await family.step('read the letter', async () => {
      const href = await p.getByRole('link', { name: 'Lettre de sanction (PDF)' }).getAttribute('href');
      assert.ok(href);
      const res = await family.context.request.get(href);
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      const { text } = await readLetter(Buffer.from(await res.body()));
      assert.match(text, /Blâme/);
      assert.match(text, /Inès Moreau/);
      assert.match(text, /R\.\s511-13/);
    });
  } finally {
    await family.context.close();
  }
});

test('[SUPPORT] a teacher sees “tiers-temps” beside a pupil in the grade grid and the roll call', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Jean Moulin' });
  await makePeriod(preau.db, school, { label: '1er trimestre' });
  const cls = await makeClass(preau.db, school, { code: '5C', level: '5e' });
  const noe = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Noé' });
  await preau.db.updateTable('people').set({ last_name: 'Petit' }).where('id', '=', noe.id).execute();
  const other = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Zoé' });
  await preau.db.updateTable('people').set({ last_name: 'Roux' }).where('id', '=', other.id).execute();
  const teacher = await makeTeacher(preau.db, school, { classIds: [cls.id] });
  await preau.db.updateTable('subjects').set({ label: 'Français' }).where('id', '=', teacher.subjectId).execute();
  const today = new Date();
  // The school's day (Europe/Paris), not UTC's: between 23:00 and midnight UTC they differ.
  const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(today);
  const weekday = ((new Date(`${parisDay}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const course = await makeCourse(preau.db, school, {
    teacherIds: [teacher.id],
    classId: cls.id,
    subjectId: teacher.subjectId,
    weekday,
    startsAt: '00:00',
    endsAt: '00:55',
  });
  const nurse = await makeStaff(preau.db, school, ['infirmiere']);
  const principal = await makeStaff(preau.db, school, ['principal']);

  // Direction sets up Noé's PAP through the page.
  const dir = await openTab(browser, preau, { journey: 'support-principal', width: 360, height: 800 });
  try {
    await signInThroughApi(dir, principal.login, principal.password);
    const p = dir.page;
    await dir.step('a PAP with tiers-temps', async () => {
      await p.goto('/');
      await (await menuLink(p, 'Plans d’accompagnement')).click();
      await p.getByRole('heading', { level: 1, name: 'Plans d’accompagnement' }).waitFor();
      await p.getByRole('button', { name: 'Nouveau plan' }).click();
      const form = p.getByRole('form', { name: 'Nouveau plan' });
      await form.getByLabel('Classe').selectOption({ label: '5C' });
      await form.getByLabel('Élève').selectOption({ label: 'Petit Noé' });
      await form.getByLabel('Plan').selectOption({ label: 'PAP (plan d’accompagnement personnalisé)' });
      await form.getByText('tiers-temps', { exact: true }).click();
      assert.ok(await form.getByRole('checkbox', { name: 'tiers-temps' }).isChecked());
      await form.getByLabel('Besoins, diagnostic, protocole (confidentiel)').fill('Dyslexie sévère.');
      await dir.checkA11y('plan-form');
      await form.getByRole('button', { name: 'Enregistrer le plan' }).click();
      await p.getByRole('status').filter({ hasText: 'Plan enregistré.' }).waitFor();
      await p.getByText('Dyslexie sévère.', { exact: false }).waitFor();
      await dir.checkA11y('plans');
    });
    await dir.step('the PAP edited in place', async () => {
      await p
        .getByRole('button', { name: 'Modifier le PAP (plan d’accompagnement personnalisé) de Noé Petit' })
        .click();
      const form = p.getByRole('form', { name: 'Modifier le PAP (plan d’accompagnement personnalisé) de Noé Petit' });
      await form.getByText('ordinateur', { exact: true }).click();
      assert.ok(await form.getByRole('checkbox', { name: 'ordinateur' }).isChecked());
      assert.ok(await form.getByRole('checkbox', { name: 'tiers-temps' }).isChecked());
      await dir.checkA11y('plan-edit-form');
      await form.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await p.getByRole('status').filter({ hasText: 'Plan modifié.' }).waitFor();
      await p.getByText('tiers-temps, ordinateur', { exact: false }).waitFor();
      const audit = await preau.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'support.plan.update')
        .where('target_person_id', '=', noe.id)
        .execute();
      assert.equal(audit.length, 1);
      await dir.screenshot('plan-edited');
    });
  } finally {
    await dir.context.close();
  }
  // The nurse's PAI for Noé: its medical details stay with her.
  await preau.db
    .insertInto('support_plans')
    .values({
      id: crypto.randomUUID(),
      school_id: school.id,
      pupil_id: noe.id,
      kind: 'pai',
      starts_on: '2000-01-01',
      ends_on: null,
      accommodations: JSON.stringify(['trousse_urgence']),
      other_accommodation: '',
      details: 'Allergie à l’arachide.',
      created_by: nurse.id,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    })
    .execute();

  const tab = await openTab(browser, preau, { journey: 'support-teacher' });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, teacher.login, teacher.password);
    await step('the grade grid', async () => {
      // An assessment, so that the grade book has a table.
      const me = await (await tab.context.request.get('/api/me')).json();
      const services = await (
        await tab.context.request.get(`/api/schools/${me.currentSchoolId}/grades/services`)
      ).json();
      const created = await tab.context.request.post('/api/grades/assessments', {
        headers: { 'x-csrf-token': me.csrfToken as string },
        data: {
          classId: cls.id,
          subjectId: teacher.subjectId,
          periodId: services.currentPeriodId,
          title: 'Dictée',
          kind: 'interrogation',
          date: services.periods.find((p: { id: string }) => p.id === services.currentPeriodId).startsOn,
          scale: 10,
          coefficient: 1,
        },
      });
      assert.equal(created.status(), 201, await created.text());
      await page.goto('/notes/saisie');
      await page.getByRole('table', { name: /^Notes — 5C — Français/ }).waitFor();
      // The marker is a link to the plans block of the pupil's file (the teacher opens the files of their pupils).
      const marker = page.getByRole('link', { name: /^Aménagements pour Petit Noé : / });
      await marker.waitFor();
      const label = String(await marker.getAttribute('aria-label'));
      assert.match(label, /tiers-temps/);
      assert.match(label, /trousse d’urgence/);
      assert.match(label, /voir dans la fiche élève$/);
      assert.match(String(await marker.getAttribute('href')), /^\/eleves\/[^/#]+#plans-/);
      assert.equal(await page.getByRole('link', { name: /^Aménagements pour Roux Zoé/ }).count(), 0);
      // Keyboard: the marker takes the focus and shows its tooltip.
      await marker.focus();
      await page.getByRole('tooltip').filter({ hasText: 'tiers-temps' }).waitFor();
      const text = String(await page.locator('main').textContent());
      assert.doesNotMatch(text, /Dyslexie|arachide/);
      await tab.screenshot('grade-grid-marker');
      await tab.checkA11y('grade-grid-marker');
    });
    await step('the roll call', async () => {
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(today);
      await page.goto(`/appel/${course.id}/${date}`);
      await page.getByRole('link', { name: /^Aménagements pour Petit Noé : .*tiers-temps/ }).waitFor();
      await tab.checkA11y('roll-call-marker');
    });
    await step('the marker leads to the plans in the pupil file', async () => {
      await page.getByRole('link', { name: /^Aménagements pour Petit Noé : / }).click();
      await page.waitForURL(/\/eleves\/[^/#]+#plans-/);
      await page.getByRole('heading', { name: 'Plans d’accompagnement' }).waitFor();
      const text = String(await page.locator('main').textContent());
      assert.match(text, /tiers-temps/);
      // The accommodations, never the details; no discipline block for a teacher who is not vie scolaire.
      assert.doesNotMatch(text, /Dyslexie|arachide/);
      assert.equal(await page.getByRole('heading', { name: 'Punitions et sanctions' }).count(), 0);
      await tab.checkA11y('pupil-file-plans');
    });
    await step('the class report cards (appreciations)', async () => {
      await page.goto(`/bulletins/classes/${cls.id}`);
      await page
        .getByRole('link', { name: /^Aménagements pour Noé Petit : .*tiers-temps/ })
        .first()
        .waitFor();
      await tab.checkA11y('report-cards-marker');
      // A teacher sees in the file what they wrote themselves, not the rest of the record.
      await page.goto(`/eleves/${noe.id}`);
      await page.getByRole('heading', { name: 'Mes signalements et punitions' }).waitFor();
      await page.getByText('Vous n’avez fait aucun signalement et donné aucune punition à cet élève.').waitFor();
    });
  } finally {
    await tab.context.close();
  }
});

test('[SUPPORT] a guardian of two children reads one child’s plans from the home page, without the details (360 px)', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Jules Ferry' });
  const cls = await makeClass(preau.db, school, { code: '6D', level: '6e' });
  const noe = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Noé' });
  const lou = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Lou' });
  for (const id of [noe.id, lou.id]) {
    await preau.db.updateTable('people').set({ last_name: 'Garnier' }).where('id', '=', id).execute();
  }
  const nurse = await makeStaff(preau.db, school, ['infirmiere']);
  const parent = await makeGuardian(preau.db, {
    children: [
      { id: noe.id, schoolId: school.id },
      { id: lou.id, schoolId: school.id },
    ],
  });
  const now = new Date().toISOString();
  for (const [kind, accommodations, details] of [
    ['pap', ['tiers_temps', 'ordinateur'], 'Dyslexie sévère.'],
    ['pai', ['trousse_urgence'], 'Allergie à l’arachide.'],
  ] as const) {
    await preau.db
      .insertInto('support_plans')
      .values({
        id: crypto.randomUUID(),
        school_id: school.id,
        pupil_id: noe.id,
        kind,
        starts_on: '2000-01-01',
        ends_on: null,
        accommodations: JSON.stringify(accommodations),
        other_accommodation: kind === 'pap' ? 'Cahier à grands carreaux' : '',
        details,
        created_by: nurse.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const tab = await openTab(browser, preau, { journey: 'support-guardian', width: 360, height: 800 });
  const { page, step } = tab;
  try {
    await signInThroughApi(tab, parent.login, parent.password);
    await step('Noé’s page from the home page', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Emploi du temps — Noé Garnier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Noé Garnier' }).waitFor();
      const section = page.getByRole('region', { name: 'Plans d’accompagnement' });
      await section.waitFor();
      await section.getByRole('heading', { name: 'PAP (plan d’accompagnement personnalisé)' }).waitFor();
      await section.getByRole('heading', { name: 'PAI (projet d’accueil individualisé)' }).waitFor();
      const text = String(await section.textContent());
      assert.match(text, /tiers-temps, ordinateur, Cahier à grands carreaux/);
      assert.match(text, /trousse d’urgence/);
      assert.doesNotMatch(String(await page.locator('main').textContent()), /Dyslexie|arachide|confidentiel/i);
      await tab.screenshot('child-plans');
      await tab.checkA11y('child-plans');
    });
    await step('Lou has no plan: no section', async () => {
      await page.goto('/');
      const plans = page.waitForResponse((r) => r.url().includes(`/pupils/${lou.id}/support-plans`));
      await page.getByRole('link', { name: 'Emploi du temps — Lou Garnier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Lou Garnier' }).waitFor();
      assert.equal((await plans).status(), 200);
      await page.locator('main').getByRole('link', { name: 'Notes' }).waitFor();
      await page.waitForTimeout(200);
      assert.equal(await page.getByRole('region', { name: 'Plans d’accompagnement' }).count(), 0);
      await tab.checkA11y('child-no-plan');
    });
  } finally {
    await tab.context.close();
  }
});

test('[DISCIPLINE] vie scolaire reports an incident, gives a retenue and takes its roll call at 360 px', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Victor Hugo' });
  const cls = await makeClass(preau.db, school, { code: '6A', level: '6e' });
  const pupil = await makePupil(preau.db, school, { classId: cls.id, firstName: 'Yanis' });
  await preau.db.updateTable('people').set({ last_name: 'Lefèvre' }).where('id', '=', pupil.id).execute();
  const cpe = await makeStaff(preau.db, school, ['cpe']);
  const tab = await openTab(browser, preau, { journey: 'discipline-cpe', width: 360, height: 800 });
  const { page, step } = tab;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  try {
    await signInThroughApi(tab, cpe.login, cpe.password);
    await step('an incident report', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Incidents et punitions')).click();
      await page.getByRole('heading', { level: 1, name: 'Incidents et punitions' }).waitFor();
      await page.getByRole('button', { name: 'Nouveau rapport d’incident' }).click();
      const form = page.getByRole('form', { name: 'Nouveau rapport d’incident' });
      await form.getByLabel('Lieu').fill('Cantine');
      await form.getByLabel('Faits').fill('Plateau renversé volontairement.');
      await form.getByLabel('Classe').selectOption({ label: '6A' });
      await form.getByLabel('Élève').selectOption({ label: 'Lefèvre Yanis' });
      await form.getByRole('button', { name: 'Ajouter l’élève' }).click();
      await form.getByText('Lefèvre Yanis', { exact: false }).first().waitFor();
      await tab.checkA11y('incident-form');
      await form.getByRole('button', { name: 'Enregistrer le rapport' }).click();
      await page.getByRole('status').filter({ hasText: 'Rapport d’incident enregistré.' }).waitFor();
      await page.getByText('Plateau renversé volontairement.').waitFor();
    });
    await step('a retenue today, and its roll call', async () => {
      await page.getByRole('button', { name: 'Nouvelle punition' }).click();
      const form = page.getByRole('form', { name: 'Nouvelle punition' });
      await form.getByLabel('Classe').selectOption({ label: '6A' });
      await form.getByLabel('Élève').selectOption({ label: 'Lefèvre Yanis' });
      await form.getByLabel('Motif').fill('Comportement à la cantine');
      await form.getByLabel('Jour de la retenue').fill(today);
      await form.getByLabel('Salle').fill('Salle d’étude');
      await tab.checkA11y('punishment-form');
      await form.getByRole('button', { name: 'Donner la punition' }).click();
      await page.getByRole('status').filter({ hasText: 'Punition enregistrée' }).waitFor();
      const absent = page.getByRole('button', { name: 'Lefèvre Yanis absent à la retenue' });
      await absent.click();
      await page.waitForFunction(
        () =>
          document.querySelector('[aria-label="Lefèvre Yanis absent à la retenue"]')?.getAttribute('aria-pressed') ===
          'true',
      );
      const row = await preau.db
        .selectFrom('punishments')
        .select('detention_status')
        .where('pupil_id', '=', pupil.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.detention_status, 'absent');
      await tab.screenshot('retenue-roll-call');
      await tab.checkA11y('incidents-page');
    });
  } finally {
    await tab.context.close();
  }
});
