import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeClass, makeSchool, makeStaff } from '../factories.ts';
import { beeEleves, beeResponsables, encode, stsEmp, zipOf } from '../fixtures/siecle.ts';
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

test('[IMPORTS] the administrator imports a SIECLE export and an sts_emp file, then finds the new pupils and teachers', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège Les Châtaigniers' });
  const row = await preau.db
    .selectFrom('schools as s')
    .innerJoin('school_years as y', 'y.school_id', 's.id')
    .select(['s.uai', 'y.starts_on'])
    .where('s.id', '=', school.id)
    .executeTakeFirstOrThrow();
  const year = Number(row.starts_on.slice(0, 4));
  await makeClass(preau.db, school, { code: '6A', level: '6e' });
  const admin = await makeStaff(preau.db, school, ['school_admin']);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const siecle = join(RESULTS_DIR, 'siecle-export.zip');
  writeFileSync(
    siecle,
    zipOf({
      'ElevesSansAdresses.xml': encode(
        beeEleves({
          uai: row.uai,
          year,
          pupils: [
            { eleveId: '301', ine: '090909090AA', nom: 'VERGNAUD', prenom: 'Anaïs', classe: '6A' },
            { eleveId: '302', ine: '090909091BB', nom: 'OKONKWO', prenom: 'Chidi', classe: '6B' },
          ],
        }),
      ),
      'ResponsablesAvecAdresses.xml': encode(
        beeResponsables({
          uai: row.uai,
          year,
          personnes: [{ id: '801', nom: 'VERGNAUD', prenom: 'Gaëlle', mel: 'gaelle@example.invalid' }],
          liens: [{ eleveId: '301', personneId: '801', legal: 1 }],
        }),
      ),
    }),
  );
  const sts = join(RESULTS_DIR, `sts_emp_${row.uai}_${year}.xml`);
  writeFileSync(
    sts,
    encode(
      stsEmp({
        uai: row.uai,
        year,
        matieres: [{ code: '061300', gestion: 'MATHS', court: 'MATHEMATIQUES', long: 'MATHEMATIQUES' }],
        individus: [{ id: '9101', nom: 'BÉRANGER', prenom: 'Solène' }],
        divisions: [{ code: '6A', services: [{ matiere: '061300', enseignants: ['9101'] }] }],
      }),
    ),
  );

  const tab = await openTab(browser, preau, { journey: 'imports-directory', width: 1280, height: 900 });
  const { page, step } = tab;
  const main = page.locator('main');
  try {
    await signInThroughApi(tab, admin.login, admin.password);
    await step('the import page from the menu', async () => {
      await page.goto('/');
      await (await menuLink(page, 'Imports')).click();
      await main.getByRole('heading', { name: 'Élèves et responsables (SIECLE)' }).waitFor();
      await main.getByRole('heading', { name: 'Personnels (STS-Web)' }).waitFor();
      await tab.checkA11y('directory-import-page');
    });
    await step('SIECLE: the unknown class 6B is an error, grouped by kind; nothing to apply', async () => {
      await main.getByLabel('Export SIECLE').setInputFiles(siecle);
      await main.getByRole('button', { name: 'Vérifier l’export SIECLE' }).click();
      await main.getByRole('heading', { name: 'Classes inconnues (1)' }).waitFor();
      await main.getByText('Classe 6B inconnue dans Préau.').waitFor();
      assert.equal(await main.getByRole('button', { name: 'Appliquer les changements SIECLE' }).count(), 0);
      await tab.checkA11y('siecle-dry-run-errors');
    });
    await step('SIECLE: with classes created, the dry run lists the newcomers, then apply', async () => {
      await main.getByText('Créer les classes absentes de Préau').click();
      await main.getByRole('button', { name: 'Vérifier l’export SIECLE' }).click();
      await main
        .getByText('Nouveaux comptes : 3 ; modifiés : 0 ; désactivés : 0 ; partants : 0 ; sans changement : 0.')
        .waitFor();
      await main.getByText('Élève : Vergnaud Anaïs (6A)').waitFor();
      await main.getByText('Responsable : Vergnaud Gaëlle').waitFor();
      await tab.checkA11y('siecle-dry-run-ok');
      await tab.screenshot('siecle-dry-run-ok');
      assert.equal(
        (await preau.db.selectFrom('profiles').select('id').where('school_id', '=', school.id).execute()).length,
        1,
      );
      await main.getByRole('button', { name: 'Appliquer les changements SIECLE' }).click();
      await main.getByRole('heading', { name: 'Import terminé' }).waitFor();
      await main.getByText('Classe créée : 6B').waitFor();
    });
    await step('STS-Web: the teacher and her service', async () => {
      await main.getByLabel('Fichier sts_emp').setInputFiles(sts);
      await main.getByRole('button', { name: 'Vérifier l’export STS-Web' }).click();
      await main.getByText('Enseignant : Béranger Solène').waitFor();
      await main.getByText('1 service d’enseignement ajouté.').waitFor();
      await main.getByRole('button', { name: 'Appliquer les changements STS-Web' }).click();
      await main.getByRole('heading', { name: 'Import terminé' }).nth(1).waitFor();
      await tab.checkA11y('sts-applied');
    });
    await step('the directory shows the new pupils and the teacher', async () => {
      await page.goto('/annuaire');
      for (const [name, expected] of [
        ['Chidi', 'OKONKWO Chidi'],
        ['Solène', 'BÉRANGER Solène'],
      ] as const) {
        await main.getByLabel('Nom, prénom ou identifiant').fill(name);
        await main.getByRole('button', { name: 'Rechercher' }).click();
        await main.getByRole('link', { name: expected }).waitFor();
      }
      await tab.checkA11y('directory');
    });
  } finally {
    await tab.context.close();
  }
});

test('[IMPORTS] on a phone, a later SIECLE file missing most pupils is refused until the administrator confirms the leavers', async () => {
  const school = await makeSchool(preau.db, { name: 'Collège des Tilleuls' });
  const row = await preau.db
    .selectFrom('schools as s')
    .innerJoin('school_years as y', 'y.school_id', 's.id')
    .select(['s.uai', 'y.starts_on'])
    .where('s.id', '=', school.id)
    .executeTakeFirstOrThrow();
  const year = Number(row.starts_on.slice(0, 4));
  await makeClass(preau.db, school, { code: '3A', level: '3e' });
  const admin = await makeStaff(preau.db, school, ['school_admin']);
  const pupils = Array.from({ length: 8 }, (_, i) => ({
    eleveId: String(400 + i),
    ine: `09090910${i}CC`,
    nom: `DUPRÉ${String.fromCharCode(65 + i)}`,
    prenom: 'Lou',
    classe: '3A',
  }));
  mkdirSync(RESULTS_DIR, { recursive: true });
  const first = join(RESULTS_DIR, 'ElevesSansAdresses-first.xml');
  const later = join(RESULTS_DIR, 'ElevesSansAdresses-later.xml');
  writeFileSync(first, encode(beeEleves({ uai: row.uai, year, pupils })));
  writeFileSync(later, encode(beeEleves({ uai: row.uai, year, pupils: pupils.slice(0, 1) })));

  const tab = await openTab(browser, preau, { journey: 'imports-leavers', width: 360, height: 780 });
  const { page, step } = tab;
  const main = page.locator('main');
  try {
    await signInThroughApi(tab, admin.login, admin.password);
    await step('the first export is imported', async () => {
      await page.goto('/imports');
      await main.getByLabel('Export SIECLE').setInputFiles(first);
      await main.getByRole('button', { name: 'Vérifier l’export SIECLE' }).click();
      await main.getByRole('button', { name: 'Appliquer les changements SIECLE' }).click();
      await main.getByRole('heading', { name: 'Import terminé' }).waitFor();
    });
    await step('a later file lists one pupil of eight: the dry run shows the 7 leavers and refuses', async () => {
      await main.getByLabel('Export SIECLE').setInputFiles(later);
      await main.getByRole('button', { name: 'Vérifier l’export SIECLE' }).click();
      await main.getByRole('heading', { name: 'Trop de départs (1)' }).waitFor();
      await main.getByText('Partants : absents du fichier, leur compte sera désactivé (7)').waitFor();
      await main.getByText('Élève : Dupréb Lou (3A)').waitFor();
      assert.equal(await main.getByRole('button', { name: 'Appliquer les changements SIECLE' }).count(), 0);
      await tab.checkA11y('siecle-too-many-leavers');
      await tab.screenshot('siecle-too-many-leavers');
    });
    await step('the administrator confirms the leavers: applied, accounts disabled', async () => {
      await main.getByText('Confirmer les départs, même nombreux').click();
      await main.getByRole('button', { name: 'Vérifier l’export SIECLE' }).click();
      await main
        .getByText('Nouveaux comptes : 0 ; modifiés : 0 ; désactivés : 0 ; partants : 7 ; sans changement : 1.')
        .waitFor();
      await main.getByRole('button', { name: 'Appliquer les changements SIECLE' }).click();
      await main.getByText('Partants : absents du fichier, compte désactivé (7)').waitFor();
      await tab.checkA11y('siecle-leavers-applied');
      const disabled = await preau.db
        .selectFrom('people as p')
        .innerJoin('profiles as pr', 'pr.person_id', 'p.id')
        .select('p.id')
        .where('pr.school_id', '=', school.id)
        .where('p.disabled_at', 'is not', null)
        .execute();
      assert.equal(disabled.length, 7);
    });
  } finally {
    await tab.context.close();
  }
});
