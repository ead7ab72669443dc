import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { todayInParis } from '../../src/server/lib/dates.ts';
import { makeClass, makePerson, makePupil, makeSchool, makeStaff, makeSubject } from '../factories.ts';
import { launchBrowser, menuLink, openTab, type Preau, RESULTS_DIR, signInThroughApi, startPreau } from './helpers.ts';

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
const schoolDay = () => {
  let d = todayInParis();
  while (weekdayOf(d) > 5) d = addDays(d, 1);
  return d;
};

/**
 * A zip as STS-Web exports come: the EDT_STS timetable (national subject codes, Latin-9) and the sts_emp file
 * whose nomenclature names the subjects. Built from the published layout; nobody's real data.
 */
function stsExport(o: { uai: string; year: number; day: number; division: string; teacherId: string }) {
  const edt = `<?xml version="1.0" encoding="ISO-8859-15"?>
<EDT_STS>
  <PARAMETRES><UAJ>${o.uai}</UAJ><ANNEE_SCOLAIRE>${o.year}</ANNEE_SCOLAIRE><APPLICATION_SOURCE>EDT</APPLICATION_SOURCE></PARAMETRES>
  <DONNEES>
    <ALTERNANCES><ALTERNANCE CODE="H"><LIBELLE_COURT>Hebdo</LIBELLE_COURT><LIBELLE_LONG>Hebdomadaire</LIBELLE_LONG></ALTERNANCE></ALTERNANCES>
    <INDIVIDUS><INDIVIDU ID="${o.teacherId}" TYPE="epp"><NOM_USAGE>BŒUF</NOM_USAGE><PRENOM>Hélène</PRENOM></INDIVIDU></INDIVIDUS>
    <STRUCTURE>
      <DIVISIONS>
        <DIVISION CODE="${o.division}">
          <SERVICES>
            <SERVICE CODE_MATIERE="061300" CODE_MOD_COURS="CG">
              <ENSEIGNANTS><ENSEIGNANT ID="${o.teacherId}" TYPE="epp"><COURS_RATTACHES>
                <COURS><CODE_ALTERNANCE>H</CODE_ALTERNANCE><JOUR>${o.day}</JOUR><HEURE_DEBUT>0800</HEURE_DEBUT><DUREE>0055</DUREE></COURS>
              </COURS_RATTACHES></ENSEIGNANT></ENSEIGNANTS>
            </SERVICE>
            <SERVICE CODE_MATIERE="030201" CODE_MOD_COURS="CG">
              <ENSEIGNANTS><ENSEIGNANT ID="${o.teacherId}" TYPE="epp"><COURS_RATTACHES>
                <COURS><CODE_ALTERNANCE>H</CODE_ALTERNANCE><JOUR>${o.day}</JOUR><HEURE_DEBUT>1000</HEURE_DEBUT><DUREE>0055</DUREE></COURS>
              </COURS_RATTACHES></ENSEIGNANT></ENSEIGNANTS>
            </SERVICE>
          </SERVICES>
        </DIVISION>
      </DIVISIONS>
    </STRUCTURE>
  </DONNEES>
</EDT_STS>`;
  const emp = `<?xml version="1.0" encoding="ISO-8859-15"?>
<STS_EDT>
  <PARAMETRES><UAJ CODE="${o.uai}"/><ANNEE_SCOLAIRE ANNEE="${o.year}"/></PARAMETRES>
  <NOMENCLATURES><MATIERES>
    <MATIERE CODE="061300"><CODE_GESTION>MATHS</CODE_GESTION><LIBELLE_COURT>MATHEMATIQUES</LIBELLE_COURT><LIBELLE_LONG>MATHEMATIQUES</LIBELLE_LONG></MATIERE>
  </MATIERES></NOMENCLATURES>
  <DONNEES><INDIVIDUS/></DONNEES>
</STS_EDT>`;
  const bytes = (s: string) => new Uint8Array(iconv.encode(s, 'iso-8859-15'));
  return Buffer.from(zipSync({ 'EDT_STS.xml': bytes(edt), [`sts_emp_${o.uai}_${o.year}.xml`]: bytes(emp) }));
}

for (const width of [1280, 360]) {
  test(`[IMPORTS] the administrator imports the STS timetable, the principal sees it (${width} px)`, async () => {
    const school = await makeSchool(preau.db, { name: 'Collège Les Tilleuls' });
    const row = await preau.db
      .selectFrom('schools as s')
      .innerJoin('school_years as y', 'y.school_id', 's.id')
      .select(['s.uai', 'y.starts_on'])
      .where('s.id', '=', school.id)
      .executeTakeFirstOrThrow();
    const cls = await makeClass(preau.db, school, { code: `5B${width}`, level: '5e' });
    await makePupil(preau.db, school, { classId: cls.id, firstName: 'Yanis' });
    await makeSubject(preau.db, school, { code: 'MATHS', label: 'Mathématiques' });
    await makeSubject(preau.db, school, { code: 'ANG', label: 'Anglais' });
    await makePerson(preau.db, { schoolId: school.id, profiles: ['teacher'], firstName: 'Hélène', lastName: 'Bœuf' });
    const admin = await makeStaff(preau.db, school, ['school_admin']);
    const principal = await makeStaff(preau.db, school, ['principal']);
    const day = schoolDay();
    const year = Number(row.starts_on.slice(0, 4));
    mkdirSync(RESULTS_DIR, { recursive: true });
    const good = join(RESULTS_DIR, `sts-export-${width}.zip`);
    writeFileSync(
      good,
      stsExport({ uai: row.uai, year, day: weekdayOf(day), division: cls.code, teacherId: `7${width}` }),
    );
    const wrong = join(RESULTS_DIR, `sts-export-wrong-${width}.zip`);
    writeFileSync(
      wrong,
      stsExport({ uai: row.uai, year, day: weekdayOf(day), division: '9Z', teacherId: `7${width}` }),
    );

    const tab = await openTab(browser, preau, { journey: `imports-${width}`, width, height: 900 });
    const { page, step } = tab;
    const main = page.locator('main');
    try {
      await signInThroughApi(tab, admin.login, admin.password);
      await step('the import page from the menu', async () => {
        await page.goto('/');
        await (await menuLink(page, 'Imports')).click();
        await main.getByRole('heading', { name: 'Emploi du temps' }).waitFor();
        if (width === 360) {
          assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
        }
        await tab.checkA11y('import-page');
      });
      await step('a file with an unknown class: problems grouped, nothing to apply', async () => {
        await main.getByLabel('Fichier à importer').setInputFiles(wrong);
        await main.getByRole('button', { name: 'Vérifier le fichier' }).click();
        await main.getByRole('heading', { name: 'Ce que l’import ferait' }).waitFor();
        await main.getByText('Rien ne sera modifié').waitFor();
        await main.getByRole('heading', { name: 'Classes inconnues (2)' }).waitFor();
        await main.getByText('Classe 9Z inconnue dans Préau.').first().waitFor();
        assert.equal(await main.getByRole('button', { name: 'Appliquer l’import' }).count(), 0);
        await tab.checkA11y('dry-run-errors');
        await tab.screenshot('dry-run-errors');
      });
      await step('the real export: dry run, then apply with the keyboard', async () => {
        await main.getByLabel('Fichier à importer').setInputFiles(good);
        const check = main.getByRole('button', { name: 'Vérifier le fichier' });
        await check.focus();
        await page.keyboard.press('Enter');
        await main.getByText('Nouveaux cours : 2 ; modifiés : 0 ; retirés : 0 ; sans changement : 0.').waitFor();
        await main.getByText(/^Mathématiques — 5B/).waitFor();
        await main.getByText(/^Anglais — 5B/).waitFor();
        await main
          .getByText(/ligne \d+/)
          .first()
          .waitFor();
        assert.equal(
          await preau.db
            .selectFrom('courses')
            .select('id')
            .where('school_id', '=', school.id)
            .execute()
            .then((r) => r.length),
          0,
        );
        await tab.checkA11y('dry-run-ok');
        await tab.screenshot('dry-run-ok');
        const apply = main.getByRole('button', { name: 'Appliquer l’import' });
        await apply.focus();
        await page.keyboard.press('Enter');
        await main.getByRole('heading', { name: 'Import terminé' }).waitFor();
        await tab.checkA11y('applied');
        const courses = await preau.db.selectFrom('courses').select('id').where('school_id', '=', school.id).execute();
        assert.equal(courses.length, 2);
      });
      await step('the same file again changes nothing', async () => {
        await main.getByRole('button', { name: 'Vérifier le fichier' }).click();
        await main.getByText('Rien ne change : l’emploi du temps est déjà à jour.').waitFor();
      });
    } finally {
      await tab.context.close();
    }

    const direction = await openTab(browser, preau, { journey: `imports-principal-${width}`, width, height: 900 });
    try {
      await signInThroughApi(direction, principal.login, principal.password);
      await direction.step('the principal sees the imported timetable', async () => {
        const p = direction.page;
        await p.goto(`/emplois-du-temps?date=${day}`);
        await p.getByLabel('Emploi du temps de').selectOption({ label: cls.code });
        await p.locator('main').getByText('Mathématiques', { exact: true }).first().waitFor();
        await p.locator('main').getByText('Anglais', { exact: true }).first().waitFor();
        await direction.checkA11y('principal-week');
      });
    } finally {
      await direction.context.close();
    }
  });
}
