/**
 * SIECLE/BEE and STS-Web sts_emp imports, with files laid out like the real exports (test/fixtures/siecle.ts):
 * dry runs, idempotence, families, class changes, leavers and newcomers, teachers' STS ids used by the timetable
 * import, refusals, and broken files that write nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGroup,
  makePerson,
  makeSchool,
  makeStaff,
  makeSubject,
  type SchoolFixture,
} from '../../../../test/factories.ts';
import {
  type BeeLien,
  type BeePersonne,
  type BeePupil,
  beeEleves,
  beeNomenclatures,
  beeResponsables,
  encode,
  stsEmp,
  zipOf,
} from '../../../../test/fixtures/siecle.ts';
import { todayInParis } from '../../lib/dates.ts';
import { countDirectoryRows } from './imports.repo.ts';

describe('directory imports (SIECLE, STS-Web)', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function setup() {
    const school = await makeSchool(t.db);
    const row = await t.db
      .selectFrom('schools as s')
      .innerJoin('school_years as y', 'y.school_id', 's.id')
      .select(['s.uai', 'y.starts_on'])
      .where('s.id', '=', school.id)
      .executeTakeFirstOrThrow();
    await makeClass(t.db, school, { code: '6A', level: '6e' });
    await makeClass(t.db, school, { code: '5B', level: '5e' });
    await makeGroup(t.db, school, { code: '6-LATIN' });
    const admin = await signIn(t.app, await makeStaff(t.db, school, ['school_admin']));
    return { school, uai: row.uai, year: Number(row.starts_on.slice(0, 4)), admin };
  }

  const post = (
    kind: 'siecle' | 'sts-emp',
    schoolId: string,
    who: Session | null,
    body: Buffer,
    o: { dryRun?: boolean; createClasses?: boolean; type?: string } = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/schools/${schoolId}/imports/${kind}?dryRun=${o.dryRun ?? false}&createClasses=${o.createClasses ?? false}`,
      headers: { ...(who?.headers ?? {}), 'content-type': o.type ?? 'application/xml' },
      payload: body,
    });

  // A family of two separated parents (different addresses), a mother with two children, a grandmother to contact.
  const pupils = (): BeePupil[] => [
    {
      eleveId: '1001',
      ine: '070803456AA',
      nom: 'LEFÈVRE',
      prenom: 'Zoé',
      classe: '6A',
      naissance: '02/05/2014',
      groupes: ['6-LATIN'],
    },
    { eleveId: '1002', ine: '070803457BB', nom: 'CŒUR', prenom: 'Noé', classe: '5B', naissance: '11/11/2013' },
    { eleveId: '1003', ine: '070803458CC', nom: 'CŒUR', prenom: 'Inès', classe: '6A', naissance: '21/01/2015' },
  ];
  const personnes = (): BeePersonne[] => [
    { id: '5001', nom: 'LEFÈVRE', prenom: 'Marc', civilite: 'M.', adresseId: 'A1', mel: 'marc@example.invalid' },
    { id: '5002', nom: 'DURAND', prenom: 'Sophie', adresseId: 'A2', portable: '0600000001' },
    { id: '5003', nom: 'CŒUR', prenom: 'Amélie', adresseId: 'A3' },
    { id: '5004', nom: 'CŒUR', prenom: 'Odette', adresseId: 'A3' },
  ];
  const liens = (): BeeLien[] => [
    { eleveId: '1001', personneId: '5001', legal: 1, parente: '20' },
    { eleveId: '1001', personneId: '5002', legal: 2, parente: '10' },
    { eleveId: '1002', personneId: '5003', legal: 1 },
    { eleveId: '1003', personneId: '5003', legal: 1 },
    { eleveId: '1002', personneId: '5004', legal: 0, parente: '50' },
  ];
  const adresses = [
    { id: 'A1', ligne1: '3 rue des Lilas', cp: '93600', ville: 'AULNAY-SOUS-BOIS' },
    { id: 'A2', ligne1: '12 avenue du Parc', cp: '93190', ville: 'LIVRY-GARGAN' },
    { id: 'A3', ligne1: '5 allée des Œillets', cp: '93600', ville: 'AULNAY-SOUS-BOIS' },
  ];
  function siecleZip(f: { uai: string; year: number }, o: { pupils?: BeePupil[]; liens?: BeeLien[] } = {}) {
    return zipOf({
      'ElevesSansAdresses.xml': encode(beeEleves({ uai: f.uai, year: f.year, pupils: o.pupils ?? pupils() })),
      'ResponsablesAvecAdresses.xml': encode(
        beeResponsables({ uai: f.uai, year: f.year, personnes: personnes(), liens: o.liens ?? liens(), adresses }),
      ),
      'Nomenclature.xml': encode(
        beeNomenclatures({ uai: f.uai, year: f.year, mefs: [{ code: '10010012110', formation: '6EME' }] }),
      ),
    });
  }

  const pupilsOf = (school: SchoolFixture) =>
    t.db
      .selectFrom('people as p')
      .innerJoin('profiles as pr', 'pr.person_id', 'p.id')
      .leftJoin('class_memberships as m', (j) =>
        j
          .onRef('m.pupil_id', '=', 'p.id')
          .on((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', todayInParis())])),
      )
      .leftJoin('classes as c', 'c.id', 'm.class_id')
      .select(['p.id', 'p.first_name', 'p.last_name', 'p.disabled_at', 'c.code'])
      .where('pr.school_id', '=', school.id)
      .where('pr.kind', '=', 'pupil')
      .orderBy('p.first_name')
      .execute();

  test('a SIECLE export: the dry run writes nothing, the real run creates pupils, guardians and links, a second run changes nothing', async () => {
    const f = await setup();
    const before = await countDirectoryRows(t.db);
    const dry = await post('siecle', f.school.id, f.admin, siecleZip(f), { dryRun: true, type: 'application/zip' });
    assert.equal(dry.statusCode, 200, dry.body);
    const r = dry.json();
    assert.equal(r.applicable, true);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.counts, { created: 7, updated: 0, unchanged: 0, disabled: 0, absent: 0 });
    assert.deepEqual(r.links, { created: 5, updated: 0, removed: 0 });
    assert.deepEqual(r.school, { uai: f.uai, year: f.year });
    assert.deepEqual(await countDirectoryRows(t.db), before);

    const run = await post('siecle', f.school.id, f.admin, siecleZip(f), { type: 'application/zip' });
    assert.equal(run.statusCode, 200, run.body);
    const list = await pupilsOf(f.school);
    assert.deepEqual(
      list.map((p) => [p.first_name, p.last_name, p.code]),
      [
        ['Inès', 'Cœur', '6A'],
        ['Noé', 'Cœur', '5B'],
        ['Zoé', 'Lefèvre', '6A'],
      ],
    );
    // Separated parents: both legal guardians of Zoé, each with their own address; Amélie Cœur has two children.
    const links = await t.db
      .selectFrom('guardianships as g')
      .innerJoin('people as gp', 'gp.id', 'g.guardian_id')
      .innerJoin('people as pp', 'pp.id', 'g.pupil_id')
      .select([
        'gp.first_name as guardian',
        'pp.first_name as pupil',
        'g.responsibility',
        'g.school_access',
        'gp.postal_address',
      ])
      .where(
        'pp.id',
        'in',
        list.map((p) => p.id),
      )
      .orderBy('gp.first_name')
      .orderBy('pp.first_name')
      .execute();
    assert.deepEqual(
      links.map((l) => [l.guardian, l.pupil, l.responsibility, Number(l.school_access)]),
      [
        ['Amélie', 'Inès', 'legal1', 1],
        ['Amélie', 'Noé', 'legal1', 1],
        ['Marc', 'Zoé', 'legal1', 1],
        ['Odette', 'Noé', 'contact', 0],
        ['Sophie', 'Zoé', 'legal2', 1],
      ],
    );
    assert.equal(links.find((l) => l.guardian === 'Marc')!.postal_address, '3 rue des Lilas\n93600 AULNAY-SOUS-BOIS');
    assert.equal(links.find((l) => l.guardian === 'Sophie')!.postal_address, '12 avenue du Parc\n93190 LIVRY-GARGAN');
    // New accounts have no password and no code yet: the activation letters carry the codes.
    const accounts = await t.db
      .selectFrom('people')
      .select(['login', 'password_hash', 'activation_code_hash'])
      .where(
        'id',
        'in',
        list.map((p) => p.id),
      )
      .execute();
    assert.ok(accounts.every((a) => a.password_hash === null && a.activation_code_hash === null));
    assert.ok(accounts.some((a) => a.login === 'zoe.lefevre'));

    const after1 = await countDirectoryRows(t.db);
    const again = await post('siecle', f.school.id, f.admin, siecleZip(f), { type: 'application/zip' });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json().counts, { created: 0, updated: 0, unchanged: 7, disabled: 0, absent: 0 });
    assert.deepEqual(again.json().links, { created: 0, updated: 0, removed: 0 });
    assert.deepEqual(await countDirectoryRows(t.db), after1);
  });

  test('the next file: a pupil changes class, one leaves (disabled, not deleted), one arrives mid-year', async () => {
    const f = await setup();
    assert.equal(
      (await post('siecle', f.school.id, f.admin, siecleZip(f), { type: 'application/zip' })).statusCode,
      200,
    );
    const today = todayInParis();
    const d = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
    const next = pupils();
    next[0]!.classe = '5B'; // Zoé changes class and leaves Latin, Inès starts it
    next[0]!.groupes = [];
    next[2]!.groupes = ['6-LATIN'];
    next[1]!.sortie = d; // Noé leaves today
    next.push({ eleveId: '1004', ine: '070803459DD', nom: 'MARTIN', prenom: 'Léa', classe: '6A' });
    // Zoé's parents swap places; the grandmother is no longer Noé's contact; Sophie Durand has a second child.
    const l = liens()
      .filter((x) => x.personneId !== '5004')
      .map((x) => (x.eleveId === '1001' ? { ...x, legal: x.legal === 1 ? (2 as const) : (1 as const) } : x));
    l.push({ eleveId: '1004', personneId: '5002', legal: 1 });
    const dry = await post('siecle', f.school.id, f.admin, siecleZip(f, { pupils: next, liens: l }), {
      dryRun: true,
      type: 'application/zip',
    });
    assert.equal(dry.statusCode, 200, dry.body);
    const r = dry.json();
    assert.deepEqual(
      r.updated.map((i: { name: string; changes: string[] }) => [i.name, i.changes]),
      [
        ['Lefèvre Zoé', ['class', 'groups']],
        ['Cœur Inès', ['groups']],
      ],
    );
    assert.deepEqual(
      r.disabled.map((i: { name: string }) => i.name),
      ['Cœur Noé'],
    );
    assert.deepEqual(
      r.created.map((i: { name: string }) => i.name),
      ['Martin Léa'],
    );
    assert.deepEqual(r.links, { created: 1, updated: 2, removed: 1 });
    assert.deepEqual(
      r.warnings.filter((w: { code: string }) => w.code === 'link_removed').map((w: { params: object }) => w.params),
      [{ guardian: 'Cœur Odette', pupil: 'Cœur Noé' }],
    );
    const run = await post('siecle', f.school.id, f.admin, siecleZip(f, { pupils: next, liens: l }), {
      type: 'application/zip',
    });
    assert.equal(run.statusCode, 200, run.body);
    const list = await pupilsOf(f.school);
    const byName = new Map(list.map((p) => [p.first_name, p]));
    assert.equal(byName.get('Zoé')!.code, '5B');
    assert.ok(byName.get('Noé')!.disabled_at, 'the leaver is disabled');
    assert.equal(byName.get('Léa')!.code, '6A');
    // Zoé's history keeps 6A until yesterday (unless the move is on the first day of the class).
    const zoe = await t.db
      .selectFrom('class_memberships')
      .select(['class_id', 'ends_on'])
      .where('pupil_id', '=', byName.get('Zoé')!.id)
      .execute();
    assert.ok(zoe.length >= 1);
    const again = await post('siecle', f.school.id, f.admin, siecleZip(f, { pupils: next, liens: l }), {
      dryRun: true,
      type: 'application/zip',
    });
    assert.deepEqual(again.json().counts, { created: 0, updated: 0, unchanged: 7, disabled: 0, absent: 0 });
    assert.deepEqual(again.json().links, { created: 0, updated: 0, removed: 0 });
    const zoeLinks = await t.db
      .selectFrom('guardianships as g')
      .innerJoin('people as gp', 'gp.id', 'g.guardian_id')
      .select(['gp.first_name', 'g.responsibility'])
      .where('g.pupil_id', '=', byName.get('Zoé')!.id)
      .orderBy('gp.first_name')
      .execute();
    assert.deepEqual(
      zoeLinks.map((x) => [x.first_name, x.responsibility]),
      [
        ['Marc', 'legal2'],
        ['Sophie', 'legal1'],
      ],
    );
    const latin = await t.db
      .selectFrom('group_memberships as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .innerJoin('people as p', 'p.id', 'm.pupil_id')
      .select(['p.first_name', 'm.ends_on'])
      .where('g.school_id', '=', f.school.id)
      .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', today)]))
      .execute();
    assert.deepEqual(
      latin.map((m) => m.first_name),
      ['Inès'],
    );
    const noeLinks = await t.db
      .selectFrom('guardianships')
      .select('id')
      .where('pupil_id', '=', byName.get('Noé')!.id)
      .execute();
    assert.equal(noeLinks.length, 1);
  });

  test('an unknown class is an error unless classes may be created; bare XML in UTF-8 is read', async () => {
    const f = await setup();
    const xml = beeEleves({
      uai: f.uai,
      year: f.year,
      encoding: 'UTF-8',
      pupils: [{ eleveId: '2001', ine: '111111111AA', nom: 'ŒDIPE', prenom: 'Chloé', classe: '4C', mef: 'M4' }],
    });
    const before = await countDirectoryRows(t.db);
    const refused = await post('siecle', f.school.id, f.admin, Buffer.from(xml, 'utf8'));
    assert.equal(refused.statusCode, 400, refused.body);
    assert.deepEqual(
      refused.json().details.errors.map((e: { code: string; params: { code: string } }) => [e.code, e.params.code]),
      [['unknown_class', '4C']],
    );
    assert.ok(refused.json().details.errors[0].line > 0);
    assert.deepEqual(await countDirectoryRows(t.db), before);
    const ok = await post('siecle', f.school.id, f.admin, Buffer.from(xml, 'utf8'), { createClasses: true });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().classesCreated, ['4C']);
    const list = await pupilsOf(f.school);
    assert.deepEqual(
      list.map((p) => [p.first_name, p.last_name, p.code]),
      [['Chloé', 'Œdipe', '4C']],
    );
    const cls = await t.db
      .selectFrom('classes')
      .select('level')
      .where('school_id', '=', f.school.id)
      .where('code', '=', '4C')
      .executeTakeFirstOrThrow();
    assert.equal(cls.level, '4e');
  });

  test('a pupil entered by hand is found by name and birth date, not duplicated', async () => {
    const f = await setup();
    const cls = await t.db
      .selectFrom('classes')
      .select('id')
      .where('school_id', '=', f.school.id)
      .where('code', '=', '6A')
      .executeTakeFirstOrThrow();
    const hand = await makePerson(t.db, {
      schoolId: f.school.id,
      profiles: ['pupil'],
      firstName: 'Zoé',
      lastName: 'Lefèvre',
    });
    await t.db.updateTable('people').set({ birth_date: '2014-05-02' }).where('id', '=', hand.id).execute();
    await t.db
      .insertInto('class_memberships')
      .values({ id: `m-${hand.id}`, pupil_id: hand.id, class_id: cls.id, starts_on: '2000-01-01', ends_on: null })
      .execute();
    const res = await post(
      'siecle',
      f.school.id,
      f.admin,
      encode(beeEleves({ uai: f.uai, year: f.year, pupils: [{ ...pupils()[0]!, groupes: [] }] })),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().counts, { created: 0, updated: 0, unchanged: 1, disabled: 0, absent: 0 });
    const ext = await t.db
      .selectFrom('person_external_ids')
      .select(['kind', 'person_id'])
      .where('school_id', '=', f.school.id)
      .execute();
    assert.deepEqual(ext.map((e) => [e.kind, e.person_id]).sort(), [
      ['eleve', hand.id],
      ['ine', hand.id],
    ]);
  });

  test('refusals: anonymous 401, a teacher 403, another school’s administrator 404; the principal may', async () => {
    const f = await setup();
    const other = await setup();
    const teacher = await signIn(t.app, await makePerson(t.db, { schoolId: f.school.id, profiles: ['teacher'] }));
    const cpe = await signIn(t.app, await makeStaff(t.db, f.school, ['cpe']));
    const principal = await signIn(t.app, await makeStaff(t.db, f.school, ['principal']));
    const before = await countDirectoryRows(t.db);
    for (const kind of ['siecle', 'sts-emp'] as const) {
      const body =
        kind === 'siecle' ? siecleZip(f) : encode(stsEmp({ uai: f.uai, year: f.year, matieres: [], individus: [] }));
      assert.equal((await post(kind, f.school.id, null, body)).statusCode, 401);
      for (const who of [teacher, cpe]) {
        const res = await post(kind, f.school.id, who, body);
        assert.equal(res.statusCode, 403, res.body);
      }
      const res = await post(kind, f.school.id, other.admin, body);
      assert.equal(res.statusCode, 404, res.body);
    }
    assert.deepEqual(await countDirectoryRows(t.db), before);
    const ok = await post('siecle', f.school.id, principal, siecleZip(f), { dryRun: true, type: 'application/zip' });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('broken files are refused with a clear error and write nothing', async () => {
    const f = await setup();
    const zip = siecleZip(f);
    const eleves = beeEleves({ uai: f.uai, year: f.year, pupils: pupils() });
    const cases: Array<[string, Buffer, string]> = [
      ['truncated zip', zip.subarray(0, Math.floor(zip.length / 2)), 'zip_corrupt'],
      ['truncated XML', encode(eleves.slice(0, Math.floor(eleves.length / 2))), 'malformed_xml'],
      ['declared UTF-8, really Latin-9', encode(eleves.replace('ISO-8859-15', 'UTF-8')), 'not_utf8'],
      ['another school', encode(beeEleves({ uai: '0930999Z', year: f.year, pupils: pupils() })), 'wrong_school'],
      ['another year', encode(beeEleves({ uai: f.uai, year: f.year - 1, pupils: pupils() })), 'wrong_year'],
      ['not a SIECLE file', encode('<?xml version="1.0"?><EDT_STS/>'), 'not_siecle'],
      ['empty', Buffer.alloc(0), 'empty'],
    ];
    const before = await countDirectoryRows(t.db);
    for (const [label, body, code] of cases) {
      for (const dryRun of [true, false]) {
        const res = await post('siecle', f.school.id, f.admin, body, { dryRun });
        assert.equal(res.statusCode, 400, `${label}: ${res.body}`);
        assert.equal(res.json().details.errors[0].code, code, label);
      }
    }
    // A RESPONSABLES link to an unknown ELEVE_ID: the whole file is refused, nothing written, the line named.
    const unknown = zipOf({
      'ElevesSansAdresses.xml': encode(eleves),
      'ResponsablesAvecAdresses.xml': encode(
        beeResponsables({
          uai: f.uai,
          year: f.year,
          personnes: personnes(),
          liens: [...liens(), { eleveId: '9999', personneId: '5001', legal: 1 }],
        }),
      ),
    });
    const dry = await post('siecle', f.school.id, f.admin, unknown, { dryRun: true, type: 'application/zip' });
    assert.equal(dry.statusCode, 200);
    assert.equal(dry.json().applicable, false);
    assert.deepEqual(
      dry.json().errors.map((e: { code: string; params: { id: string } }) => [e.code, e.params.id]),
      [['unknown_eleve', '9999']],
    );
    const res = await post('siecle', f.school.id, f.admin, unknown, { type: 'application/zip' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().details.errors[0].code, 'unknown_eleve');
    assert.ok(res.json().details.errors[0].line > 0);
    const stsWrong = await post(
      'sts-emp',
      f.school.id,
      f.admin,
      encode(stsEmp({ uai: '0930999Z', year: f.year, matieres: [], individus: [{ id: '1', nom: 'A', prenom: 'B' }] })),
    );
    assert.equal(stsWrong.statusCode, 400);
    assert.equal(stsWrong.json().details.errors[0].code, 'wrong_school');
    assert.deepEqual(await countDirectoryRows(t.db), before);
  });

  test('an sts_emp file: teachers, staff, subjects and services; a second file changes nothing; the timetable import finds the teachers by their STS id', async () => {
    const f = await setup();
    await makeSubject(t.db, f.school, { code: 'MATHS', label: 'Mathématiques' });
    // A teacher already entered by hand: found by name, not duplicated.
    const known = await makePerson(t.db, {
      schoolId: f.school.id,
      profiles: ['teacher'],
      firstName: 'Hélène',
      lastName: 'Bœuf',
    });
    const file = () =>
      encode(
        stsEmp({
          uai: f.uai,
          year: f.year,
          matieres: [
            { code: '061300', gestion: 'MATHS', court: 'MATHEMATIQUES', long: 'MATHEMATIQUES' },
            { code: '030201', gestion: 'AGL1', court: 'ANGLAIS LV1', long: 'ANGLAIS LV1' },
          ],
          individus: [
            { id: '7001', nom: 'BŒUF', prenom: 'Hélène', naissance: '1980-04-02' },
            { id: '7002', nom: 'NGUYEN', prenom: 'Minh' },
            { id: '7003', nom: 'ROUSSEAU', prenom: 'Claire', fonction: 'DOC' },
          ],
          divisions: [
            { code: '6A', services: [{ matiere: '061300', enseignants: ['7001'] }] },
            { code: '5B', services: [{ matiere: '030201', enseignants: ['7002'] }] },
          ],
        }),
      );
    const dry = await post('sts-emp', f.school.id, f.admin, file(), { dryRun: true });
    assert.equal(dry.statusCode, 200, dry.body);
    const r = dry.json();
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.created.map((i: { kind: string; name: string }) => [i.kind, i.name]),
      [
        ['teacher', 'Nguyen Minh'],
        ['staff', 'Rousseau Claire'],
      ],
    );
    assert.deepEqual(
      r.updated.map((i: { name: string; changes: string[] }) => [i.name, i.changes]),
      [['Bœuf Hélène', ['birthDate']]],
    );
    assert.deepEqual(r.subjectsCreated, ['Anglais Lv1']);
    assert.equal(r.assignmentsCreated, 2);
    const run = await post('sts-emp', f.school.id, f.admin, file());
    assert.equal(run.statusCode, 200, run.body);
    const assignments = await t.db
      .selectFrom('teaching_assignments as a')
      .innerJoin('people as p', 'p.id', 'a.teacher_id')
      .innerJoin('classes as c', 'c.id', 'a.class_id')
      .innerJoin('subjects as s', 's.id', 'a.subject_id')
      .select(['p.last_name', 'c.code', 's.code as subject'])
      .where('a.school_id', '=', f.school.id)
      .orderBy('c.code')
      .execute();
    assert.deepEqual(
      assignments.map((a) => [a.last_name, a.code, a.subject]),
      [
        ['Nguyen', '5B', 'AGL1'],
        ['Bœuf', '6A', 'MATHS'],
      ],
    );
    const counts = await countDirectoryRows(t.db);
    const again = await post('sts-emp', f.school.id, f.admin, file());
    assert.deepEqual(again.json().counts, { created: 0, updated: 0, unchanged: 3, disabled: 0, absent: 0 });
    assert.equal(again.json().assignmentsCreated, 0);
    assert.deepEqual(await countDirectoryRows(t.db), counts);

    // The timetable software's file names teachers by id only: the stored STS ids find them.
    const edt = `<?xml version="1.0" encoding="ISO-8859-15"?>
<EDT_STS>
  <PARAMETRES><UAJ>${f.uai}</UAJ><ANNEE_SCOLAIRE>${f.year}</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <ALTERNANCES><ALTERNANCE CODE="H"><LIBELLE_COURT>Hebdo</LIBELLE_COURT><LIBELLE_LONG>Hebdomadaire</LIBELLE_LONG></ALTERNANCE></ALTERNANCES>
    <STRUCTURE><DIVISIONS><DIVISION CODE="6A"><SERVICES>
      <SERVICE CODE_MATIERE="MATHS" CODE_MOD_COURS="CG"><ENSEIGNANTS><ENSEIGNANT ID="7001" TYPE="epp"><COURS_RATTACHES>
        <COURS><CODE_ALTERNANCE>H</CODE_ALTERNANCE><JOUR>1</JOUR><HEURE_DEBUT>0800</HEURE_DEBUT><DUREE>0100</DUREE></COURS>
      </COURS_RATTACHES></ENSEIGNANT></ENSEIGNANTS></SERVICE>
    </SERVICES></DIVISION></DIVISIONS></STRUCTURE>
  </DONNEES>
</EDT_STS>`;
    const tt = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/timetable/import?format=sts&dryRun=false`,
      headers: { ...f.admin.headers, 'content-type': 'application/xml' },
      payload: encode(edt),
    });
    assert.equal(tt.statusCode, 200, tt.body);
    assert.deepEqual(tt.json().errors, []);
    const teachers = await t.db
      .selectFrom('course_teachers')
      .select('teacher_id')
      .where('course_id', 'in', (eb) => eb.selectFrom('courses').select('id').where('school_id', '=', f.school.id))
      .execute();
    assert.deepEqual(
      teachers.map((x) => x.teacher_id),
      [known.id],
    );
  });

  test('sts_emp: an unknown division is an error unless classes may be created; an unknown teacher id is named', async () => {
    const f = await setup();
    const file = (enseignants: string[]) =>
      encode(
        stsEmp({
          uai: f.uai,
          year: f.year,
          matieres: [{ code: '061300', gestion: 'MATHS', court: 'MATHEMATIQUES', long: 'MATHEMATIQUES' }],
          individus: [{ id: '8001', nom: 'PETIT', prenom: 'Jules' }],
          divisions: [{ code: '3E', services: [{ matiere: '061300', enseignants }] }],
          groupes: [{ code: '3E-LAT', divisions: ['3E'], services: [{ matiere: '061300', enseignants: ['8001'] }] }],
        }),
      );
    const before = await countDirectoryRows(t.db);
    const refused = await post('sts-emp', f.school.id, f.admin, file(['8001', '8999']));
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(
      refused.json().details.errors.map((e: { code: string }) => e.code),
      ['unknown_class', 'unknown_group'],
    );
    const still = await post('sts-emp', f.school.id, f.admin, file(['8001', '8999']), { createClasses: true });
    assert.equal(still.statusCode, 400);
    assert.deepEqual(
      still.json().details.errors.map((e: { code: string; params: { id: string } }) => [e.code, e.params.id]),
      [['unknown_individu', '8999']],
    );
    assert.deepEqual(await countDirectoryRows(t.db), before);
    const ok = await post('sts-emp', f.school.id, f.admin, file(['8001']), { createClasses: true });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().classesCreated, ['3E', '3E-LAT']);
    assert.equal(ok.json().assignmentsCreated, 2);
  });

  // A year group of twelve pupils from SIECLE, and one pupil entered by hand.
  const many = (n: number): BeePupil[] =>
    Array.from({ length: n }, (_, i) => ({
      eleveId: String(3000 + i),
      ine: `0708${String(10000 + i)}ZZ`,
      nom: `ELEVE${String.fromCharCode(65 + i)}`,
      prenom: 'Camille',
      classe: i % 2 === 0 ? '6A' : '5B',
      naissance: `0${(i % 9) + 1}/01/2014`,
    }));
  const eleves = (f: { uai: string; year: number }, list: BeePupil[]) =>
    encode(beeEleves({ uai: f.uai, year: f.year, pupils: list }));

  test('leavers missing from a later SIECLE file: listed by the dry run, disabled with the class ended; hand-entered pupils untouched; guardians-only files say nothing', async () => {
    const f = await setup();
    const hand = await makePerson(t.db, {
      schoolId: f.school.id,
      profiles: ['pupil'],
      firstName: 'Manon',
      lastName: 'Main',
    });
    const all = many(12);
    assert.equal((await post('siecle', f.school.id, f.admin, eleves(f, all))).statusCode, 200);
    // A pupil imported then moved to another school of the deployment keeps the account, but leaves this school.
    const other = await makeSchool(t.db);
    const moved = await t.db
      .selectFrom('person_external_ids')
      .select('person_id')
      .where('school_id', '=', f.school.id)
      .where('external_id', '=', all[1]!.ine!)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('profiles')
      .values({ id: `pr-${moved.person_id}`, person_id: moved.person_id, school_id: other.id, kind: 'pupil' })
      .execute();
    const stay = all.filter((_, i) => i !== 0 && i !== 1);
    const before = await countDirectoryRows(t.db);
    const dry = await post('siecle', f.school.id, f.admin, eleves(f, stay), { dryRun: true });
    assert.equal(dry.statusCode, 200, dry.body);
    const r = dry.json();
    assert.equal(r.applicable, true);
    assert.deepEqual(
      r.absent.map((i: { kind: string; name: string; ref: string; class: string }) => [i.kind, i.name, i.ref, i.class]),
      [
        ['pupil', 'Elevea Camille', all[0]!.ine, '6A'],
        ['pupil', 'Eleveb Camille', all[1]!.ine, '5B'],
      ],
    );
    assert.equal(r.counts.absent, 2);
    assert.deepEqual(await countDirectoryRows(t.db), before);
    // A guardians' file alone lists no pupils: nobody is a leaver.
    const guardiansOnly = encode(beeResponsables({ uai: f.uai, year: f.year, personnes: [], liens: [] }));
    const g = await post('siecle', f.school.id, f.admin, guardiansOnly, { dryRun: true });
    assert.equal(g.statusCode, 200, g.body);
    assert.deepEqual(g.json().absent, []);

    const run = await post('siecle', f.school.id, f.admin, eleves(f, stay));
    assert.equal(run.statusCode, 200, run.body);
    const list = await pupilsOf(f.school);
    const byName = new Map(list.map((p) => [p.last_name, p]));
    assert.ok(byName.get('Elevea')!.disabled_at, 'the leaver is disabled');
    assert.equal(byName.get('Elevea')!.code, null, 'and no longer in a class');
    assert.equal(byName.get('Eleveb')!.disabled_at, null, 'a pupil also in another school keeps the account');
    assert.equal(byName.get('Eleveb')!.code, null);
    assert.equal(byName.get('Main')!.disabled_at, null, 'a pupil entered by hand is never touched');
    assert.equal(byName.get('Elevec')!.code, '6A');
    // History kept: the membership ended (not deleted) unless it had not started; the person and ids stay.
    const hist = await t.db
      .selectFrom('class_memberships')
      .select(['ends_on', 'starts_on'])
      .where('pupil_id', '=', byName.get('Elevea')!.id)
      .execute();
    for (const m of hist) assert.ok(m.ends_on !== null && m.ends_on < todayInParis());
    assert.ok(
      (await t.db.selectFrom('people').select('id').where('id', '=', hand.id).executeTakeFirst()) !== undefined,
    );
    // The same file again: nobody left any more.
    const again = await post('siecle', f.school.id, f.admin, eleves(f, stay), { dryRun: true });
    assert.deepEqual(again.json().absent, []);
    assert.equal(again.json().applicable, true);
  });

  test('a leaver an earlier file disabled who is listed again by a later complete file is enabled again, in the class the file gives', async () => {
    const f = await setup();
    const all = many(8);
    assert.equal((await post('siecle', f.school.id, f.admin, eleves(f, all))).statusCode, 200);
    const gone = all.slice(1);
    assert.equal((await post('siecle', f.school.id, f.admin, eleves(f, gone))).statusCode, 200);
    let byName = new Map((await pupilsOf(f.school)).map((p) => [p.last_name, p]));
    assert.ok(byName.get('Elevea')!.disabled_at, 'left: disabled');
    const back = all.map((p, i) => (i === 0 ? { ...p, classe: '5B' } : p));
    const dry = await post('siecle', f.school.id, f.admin, eleves(f, back), { dryRun: true });
    assert.equal(dry.statusCode, 200, dry.body);
    assert.deepEqual(
      dry.json().updated.map((i: { name: string; changes: string[] }) => [i.name, i.changes]),
      [['Elevea Camille', ['class', 'enabled']]],
    );
    const run = await post('siecle', f.school.id, f.admin, eleves(f, back));
    assert.equal(run.statusCode, 200, run.body);
    byName = new Map((await pupilsOf(f.school)).map((p) => [p.last_name, p]));
    assert.equal(byName.get('Elevea')!.disabled_at, null, 'enabled again');
    assert.equal(byName.get('Elevea')!.code, '5B');
    const again = await post('siecle', f.school.id, f.admin, eleves(f, back), { dryRun: true });
    assert.deepEqual(again.json().updated, [], 'the same file again changes nothing');
  });

  test('a truncated SIECLE file would disable too many pupils: refused (too_many_leavers) and nothing written, unless allowMassLeave', async () => {
    const f = await setup();
    const all = many(12);
    assert.equal((await post('siecle', f.school.id, f.admin, eleves(f, all))).statusCode, 200);
    const half = all.slice(0, 6); // 6 of 12 missing: 50 % > 20 %
    const dry = await post('siecle', f.school.id, f.admin, eleves(f, half), { dryRun: true });
    assert.equal(dry.statusCode, 200, dry.body);
    assert.equal(dry.json().applicable, false);
    assert.equal(dry.json().absent.length, 6, 'the dry run still lists them');
    assert.deepEqual(
      dry.json().errors.map((e: { code: string; params: object }) => [e.code, e.params]),
      [['too_many_leavers', { who: 'pupils', count: '6', total: '12', percent: '50', limit: '20' }]],
    );
    const before = await countDirectoryRows(t.db);
    const refused = await post('siecle', f.school.id, f.admin, eleves(f, half));
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.json().error, 'VALIDATION_FAILED');
    assert.equal(refused.json().details.errors[0].code, 'too_many_leavers');
    assert.deepEqual(await countDirectoryRows(t.db), before);
    // An empty pupils' file is the extreme case.
    const empty = await post('siecle', f.school.id, f.admin, eleves(f, []));
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(await countDirectoryRows(t.db), before);
    // The rollover, or a real exodus: the administrator says so.
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/imports/siecle?dryRun=false&allowMassLeave=true`,
      headers: { ...f.admin.headers, 'content-type': 'application/xml' },
      payload: eleves(f, half),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().counts.absent, 6);
    assert.equal((await countDirectoryRows(t.db)).disabled, before.disabled! + 6);
  });

  test('sts_emp: teachers and staff missing from a later file leave (disabled, or only this school’s profile when also elsewhere); hand-entered staff untouched; the safety share', async () => {
    const f = await setup();
    const hand = await makePerson(t.db, {
      schoolId: f.school.id,
      profiles: ['teacher'],
      firstName: 'Paul',
      lastName: 'Manuel',
    });
    const individus = Array.from({ length: 10 }, (_, i) => ({
      id: String(9100 + i),
      nom: `PROF${String.fromCharCode(65 + i)}`,
      prenom: 'Alex',
      fonction: i === 9 ? 'EDU' : 'ENS',
    }));
    const file = (list: typeof individus) =>
      encode(stsEmp({ uai: f.uai, year: f.year, matieres: [], individus: list }));
    assert.equal((await post('sts-emp', f.school.id, f.admin, file(individus))).statusCode, 200);
    const idOf = async (ref: string) =>
      (
        await t.db
          .selectFrom('person_external_ids')
          .select('person_id')
          .where('school_id', '=', f.school.id)
          .where('source', '=', 'sts')
          .where('external_id', '=', ref)
          .executeTakeFirstOrThrow()
      ).person_id;
    // PROFB also teaches in another school; PROFJ (EDU) is a parent of a pupil here too.
    const other = await makeSchool(t.db);
    const profB = await idOf('9101');
    await t.db
      .insertInto('profiles')
      .values({ id: `pr-${profB}`, person_id: profB, school_id: other.id, kind: 'teacher' })
      .execute();
    const profJ = await idOf('9109');
    await t.db
      .insertInto('profiles')
      .values({ id: `pg-${profJ}`, person_id: profJ, school_id: f.school.id, kind: 'guardian' })
      .execute();
    await t.db
      .insertInto('staff_functions')
      .values({ id: `sf-${profJ}`, person_id: profJ, school_id: f.school.id, function: 'assistant_education' })
      .execute();
    const later = individus.filter((i) => !['9100', '9101'].includes(i.id));
    const dry = await post('sts-emp', f.school.id, f.admin, file(later), { dryRun: true });
    assert.equal(dry.statusCode, 200, dry.body);
    assert.deepEqual(
      dry
        .json()
        .absent.map((i: { kind: string; name: string; ref: string }) => [i.kind, i.name, i.ref])
        .sort(),
      [
        ['teacher', 'Profa Alex', '9100'],
        ['teacher', 'Profb Alex', '9101'],
      ],
    );
    // 6 of 10 missing: refused without the option, nothing written.
    const before = await countDirectoryRows(t.db);
    const refused = await post('sts-emp', f.school.id, f.admin, file(individus.slice(0, 4)));
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.json().details.errors[0].code, 'too_many_leavers');
    assert.equal(refused.json().details.errors[0].params.who, 'staff');
    assert.deepEqual(await countDirectoryRows(t.db), before);
    // 3 of 10 missing (PROFA, PROFB, PROFJ): above 20 % but a handful, applied.
    const run = await post('sts-emp', f.school.id, f.admin, file(later.filter((i) => i.id !== '9109')));
    assert.equal(run.statusCode, 200, run.body);
    assert.equal(run.json().counts.absent, 3);
    const people = await t.db
      .selectFrom('people')
      .select(['id', 'disabled_at'])
      .where('id', 'in', [await idOf('9100'), profB, profJ, hand.id, await idOf('9102')])
      .execute();
    const state = new Map(people.map((p) => [p.id, p.disabled_at !== null]));
    assert.equal(state.get(await idOf('9100')), true, 'a leaver only of this school is disabled');
    assert.equal(state.get(profB), false, 'a teacher of another school keeps the account');
    assert.equal(state.get(profJ), false, 'a parent of the school keeps the account');
    assert.equal(state.get(hand.id), false, 'a teacher entered by hand is never touched');
    assert.equal(state.get(await idOf('9102')), false);
    const profiles = await t.db
      .selectFrom('profiles')
      .select(['person_id', 'school_id', 'kind'])
      .where('person_id', 'in', [profB, profJ])
      .execute();
    assert.deepEqual(
      profiles
        .map((p) => [p.person_id === profB ? 'B' : 'J', p.school_id === f.school.id ? 'here' : 'other', p.kind])
        .sort(),
      [
        ['B', 'other', 'teacher'],
        ['J', 'here', 'guardian'],
      ],
    );
    const fns = await t.db.selectFrom('staff_functions').select('id').where('person_id', '=', profJ).execute();
    assert.equal(fns.length, 0);
    const again = await post('sts-emp', f.school.id, f.admin, file(later.filter((i) => i.id !== '9109')), {
      dryRun: true,
    });
    assert.deepEqual(again.json().absent, []);
    // PROFB comes back next year: the same account gets its teacher profile here again, no second account.
    const back = await post(
      'sts-emp',
      f.school.id,
      f.admin,
      file(later.filter((i) => i.id !== '9109').concat(individus[1]!)),
    );
    assert.equal(back.statusCode, 200, back.body);
    assert.deepEqual(
      back.json().updated.map((i: { name: string; changes: string[] }) => [i.name, i.changes]),
      [['Profb Alex', ['profile']]],
    );
    const bProfiles = await t.db.selectFrom('profiles').select('school_id').where('person_id', '=', profB).execute();
    assert.equal(bProfiles.length, 2);
  });

  test('sts_emp: new staff get the function their FONCTION names (DOC, EDU, DIR); sensitive ones only when the direction imports', async () => {
    const f = await setup();
    const file = () =>
      encode(
        stsEmp({
          uai: f.uai,
          year: f.year,
          matieres: [],
          individus: [
            { id: '9501', nom: 'LIVRE', prenom: 'Anne', fonction: 'DOC' },
            { id: '9502', nom: 'VIE', prenom: 'Sam', fonction: 'EDU' },
            { id: '9503', nom: 'CHEF', prenom: 'Dominique', fonction: 'DIR' },
            { id: '9504', nom: 'GESTION', prenom: 'Lou', fonction: 'ADF' },
          ],
        }),
      );
    const functionsOf = (schoolId: string) =>
      t.db
        .selectFrom('staff_functions as f')
        .innerJoin('people as p', 'p.id', 'f.person_id')
        .select(['p.last_name', 'f.function'])
        .where('f.school_id', '=', schoolId)
        .where('p.last_name', 'in', ['Livre', 'Vie', 'Chef', 'Gestion'])
        .orderBy('p.last_name')
        .execute();
    // The school's administrator: the documentalist gets her function; CPE and direction are the direction's.
    const dry = await post('sts-emp', f.school.id, f.admin, file(), { dryRun: true });
    assert.equal(dry.statusCode, 200, dry.body);
    assert.deepEqual(
      dry.json().created.map((i: { name: string; functions?: string[] }) => [i.name, i.functions ?? []]),
      [
        ['Livre Anne', ['documentaliste']],
        ['Vie Sam', []],
        ['Chef Dominique', []],
        ['Gestion Lou', []],
      ],
    );
    assert.deepEqual(
      dry.json().warnings.map((w: { code: string; params: { fonction: string } }) => [w.code, w.params.fonction]),
      [
        ['function_not_granted', 'EDU'],
        ['function_not_granted', 'DIR'],
        ['fonction_unmapped', 'ADF'],
      ],
    );
    assert.equal((await post('sts-emp', f.school.id, f.admin, file())).statusCode, 200);
    assert.deepEqual(
      (await functionsOf(f.school.id)).map((r) => [r.last_name, r.function]),
      [['Livre', 'documentaliste']],
    );

    // The principal imports into another school: CPE and deputy are granted, and recorded as grants.
    const g = await setup();
    const principal = await signIn(t.app, await makeStaff(t.db, g.school, ['principal']));
    const file2 = encode(
      stsEmp({
        uai: g.uai,
        year: g.year,
        matieres: [],
        individus: [
          { id: '9502', nom: 'VIE', prenom: 'Sam', fonction: 'EDU' },
          { id: '9503', nom: 'CHEF', prenom: 'Dominique', fonction: 'DIR' },
        ],
      }),
    );
    const run = await post('sts-emp', g.school.id, principal, file2);
    assert.equal(run.statusCode, 200, run.body);
    assert.deepEqual(
      (await functionsOf(g.school.id)).map((r) => [r.last_name, r.function]),
      [
        ['Chef', 'deputy'],
        ['Vie', 'cpe'],
      ],
    );
    const grants = await t.db
      .selectFrom('staff_function_grants')
      .select(['function', 'change'])
      .where('school_id', '=', g.school.id)
      .orderBy('function')
      .execute();
    assert.deepEqual(
      grants.map((x) => [x.function, x.change]),
      [
        ['cpe', 'granted'],
        ['deputy', 'granted'],
      ],
    );
    // Existing staff are not given functions again (the direction may have changed them).
    await t.db
      .deleteFrom('staff_functions')
      .where('school_id', '=', g.school.id)
      .where('function', '=', 'cpe')
      .execute();
    assert.equal((await post('sts-emp', g.school.id, principal, file2)).statusCode, 200);
    assert.deepEqual(
      (await functionsOf(g.school.id)).map((r) => r.function),
      ['deputy'],
    );
  });
});
