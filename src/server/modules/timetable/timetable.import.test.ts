import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeSubject,
} from '../../../../test/factories.ts';
import { longestStall, zipBomb } from '../../../../test/zip-bomb.ts';

/** The UAI of the school of the test being run (set by setup()): files name their school. */
let uai = '';

const STS = (o: { extra?: string; room?: string } = {}) => `<?xml version="1.0" encoding="ISO-8859-15"?>
<EDT_STS>
  <PARAMETRES><UAJ>${uai}</UAJ></PARAMETRES>
  <DONNEES>
    <ALTERNANCES>
      <ALTERNANCE CODE="H"><LIBELLE_COURT>Hebdo</LIBELLE_COURT></ALTERNANCE>
      <ALTERNANCE CODE="SA"><LIBELLE_COURT>Semaine A</LIBELLE_COURT></ALTERNANCE>
    </ALTERNANCES>
    <SALLES_COURS><SALLE_COURS CODE="${o.room ?? 'SALLE-Œ'}"><LOCALISATION>Site principal</LOCALISATION></SALLE_COURS></SALLES_COURS>
    <INDIVIDUS>
      <INDIVIDU ID="1001" TYPE="epp"><NOM_USAGE>MARTIN</NOM_USAGE><PRENOM>Paul</PRENOM></INDIVIDU>
      <INDIVIDU ID="1002" TYPE="epp"><NOM_USAGE>CŒUR</NOM_USAGE><PRENOM>Lætitia</PRENOM></INDIVIDU>
    </INDIVIDUS>
    <STRUCTURE>
      <DIVISIONS>
        <DIVISION CODE="6A">
          <SERVICES>
            <SERVICE CODE_MATIERE="MATHS" CODE_MOD_COURS="CG">
              <ENSEIGNANTS>
                <ENSEIGNANT ID="1001" TYPE="epp">
                  <COURS_RATTACHES>
                    <COURS><CODE_ALTERNANCE>H</CODE_ALTERNANCE><JOUR>1</JOUR><HEURE_DEBUT>0800</HEURE_DEBUT><DUREE>0100</DUREE><CODE_SALLE>${o.room ?? 'SALLE-Œ'}</CODE_SALLE></COURS>
                    <COURS><CODE_ALTERNANCE>SA</CODE_ALTERNANCE><JOUR>3</JOUR><HEURE_DEBUT>1000</HEURE_DEBUT><DUREE>0100</DUREE></COURS>
                  </COURS_RATTACHES>
                </ENSEIGNANT>
              </ENSEIGNANTS>
            </SERVICE>
            <SERVICE CODE_MATIERE="FRANCAIS" CODE_MOD_COURS="CG">
              <ENSEIGNANTS>
                <ENSEIGNANT ID="1002" TYPE="epp">
                  <COURS_RATTACHES>
                    <COURS><CODE_ALTERNANCE>H</CODE_ALTERNANCE><JOUR>1</JOUR><HEURE_DEBUT>0900</HEURE_DEBUT><DUREE>0200</DUREE></COURS>
                  </COURS_RATTACHES>
                </ENSEIGNANT>
              </ENSEIGNANTS>
            </SERVICE>
          </SERVICES>
        </DIVISION>
        ${o.extra ?? ''}
      </DIVISIONS>
    </STRUCTURE>
  </DONNEES>
</EDT_STS>`;

const latin9 = (s: string) => iconv.encode(s, 'iso-8859-15');

describe('timetable import', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function setup() {
    const school = await makeSchool(t.db);
    uai = (await t.db.selectFrom('schools').select('uai').where('id', '=', school.id).executeTakeFirstOrThrow()).uai;
    const other = await makeSchool(t.db);
    const cls = await makeClass(t.db, school, { code: '6A' });
    await makeClass(t.db, school, { code: '6B' });
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    await makeSubject(t.db, school, { code: 'MATHS', label: 'Mathématiques' });
    await makeSubject(t.db, school, { code: 'FRANCAIS', label: 'Français' });
    const martin = await makePerson(t.db, {
      schoolId: school.id,
      profiles: ['teacher'],
      firstName: 'Paul',
      lastName: 'Martin',
    });
    await t.db.updateTable('people').set({ external_id: '1001' }).where('id', '=', martin.id).execute();
    // Matched by name only: the name has œ and æ, which Latin-9 encodes and latin1 would not decode.
    await makePerson(t.db, { schoolId: school.id, profiles: ['teacher'], firstName: 'Lætitia', lastName: 'Cœur' });
    const s = {
      admin: await signIn(t.app, await makeStaff(t.db, school, ['school_admin'])),
      principal: await signIn(t.app, await makeStaff(t.db, school, ['principal'])),
      cpe: await signIn(t.app, await makeStaff(t.db, school, ['cpe'])),
      otherAdmin: await signIn(t.app, await makeStaff(t.db, other, ['school_admin'])),
      guardian: await signIn(t.app, await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] })),
      pupil: await signIn(t.app, pupil),
    };
    return { school, pupil, s };
  }

  const post = (schoolId: string, who: Session | null, q: string, body: Buffer | string, type: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/schools/${schoolId}/timetable/import?${q}`,
      headers: { ...(who?.headers ?? {}), 'content-type': type },
      payload: body,
    });
  const courseCount = async (schoolId: string) =>
    (await t.db.selectFrom('courses').select('id').where('school_id', '=', schoolId).execute()).length;

  test('STS: dry run, real run, idempotent re-import, zipped', async () => {
    const f = await setup();
    const file = latin9(STS());
    const dry = await post(f.school.id, f.s.admin, 'format=sts&dryRun=true', file, 'application/xml');
    assert.equal(dry.statusCode, 200, dry.body);
    assert.deepEqual(dry.json().courses, { created: 3, updated: 0, removed: 0, unchanged: 0 });
    assert.deepEqual(dry.json().errors, []);
    assert.deepEqual(dry.json().roomsCreated, ['SALLE-Œ']);
    assert.equal(await courseCount(f.school.id), 0, 'a dry run writes nothing');

    const real = await post(f.school.id, f.s.principal, 'format=sts&dryRun=false', file, 'application/xml');
    assert.equal(real.statusCode, 200, real.body);
    assert.equal(await courseCount(f.school.id), 3);
    const rooms = await t.db.selectFrom('rooms').select('code').where('school_id', '=', f.school.id).execute();
    assert.deepEqual(
      rooms.map((r) => r.code),
      ['SALLE-Œ'],
    );
    const weeks = await t.db
      .selectFrom('courses')
      .select(['weeks', 'weekday'])
      .where('school_id', '=', f.school.id)
      .orderBy('weekday')
      .execute();
    assert.deepEqual(
      weeks.map((w) => w.weeks),
      ['all', 'all', 'A'],
    );

    const again = await post(f.school.id, f.s.admin, 'format=sts&dryRun=false', file, 'application/xml');
    assert.deepEqual(again.json().courses, { created: 0, updated: 0, removed: 0, unchanged: 3 });
    const zipped = Buffer.from(zipSync({ 'EDT_STS.xml': new Uint8Array(file) }));
    const z = await post(f.school.id, f.s.admin, 'format=sts&dryRun=false', zipped, 'application/zip');
    assert.equal(z.statusCode, 200, z.body);
    assert.deepEqual(z.json().courses, { created: 0, updated: 0, removed: 0, unchanged: 3 });

    // The pupil sees the imported courses (weeks after today).
    const week = await t.app.inject({
      method: 'GET',
      url: `/api/timetable/pupils/${f.pupil.id}/week?date=2026-12-07`,
      headers: f.s.pupil.headers,
    });
    assert.equal(week.json().sessions.length, 3, week.body);

    // A course removed from the file is removed.
    const smaller = latin9(STS().replace(/<COURS><CODE_ALTERNANCE>SA<\/CODE_ALTERNANCE>.*?<\/COURS>/s, ''));
    const removed = await post(f.school.id, f.s.admin, 'format=sts&dryRun=false', smaller, 'application/xml');
    assert.deepEqual(removed.json().courses, { created: 0, updated: 0, removed: 1, unchanged: 2 });
  });

  test('zip bombs are refused with a clear error, and the server keeps serving while it inflates', async () => {
    const f = await setup();
    const cases: Array<[string, Buffer, RegExp]> = [
      // 1 GB of zeros in ~1 MB, declaring 1,000 bytes: the declared size is not trusted.
      ['1 GB declaring 1 KB', zipBomb({ inflatedMB: 1024 }), /more than 20 MB/],
      // 19 MB in 19 KB, declared honestly (under the old 20 MB check): refused by the ratio.
      ['19 MB in 19 KB', zipBomb({ inflatedMB: 19, declaredSize: 19 * 1024 * 1024 }), /zip bomb/],
    ];
    for (const [label, body, message] of cases) {
      const { result: res, stallMs } = await longestStall(() =>
        post(f.school.id, f.s.admin, 'format=sts&dryRun=true', body, 'application/zip'),
      );
      assert.equal(res.statusCode, 400, `${label}: ${res.body}`);
      assert.equal(res.json().error, 'VALIDATION_FAILED');
      assert.match(res.json().message, message, label);
      assert.ok(stallMs < 250, `${label}: the event loop was held ${Math.round(stallMs)} ms`);
    }
  });

  test('STS: malformed files get a clear 400 and import nothing', async () => {
    const f = await setup();
    const cases: Array<[string, Buffer]> = [
      ['bad XML', latin9(STS().replace('</DIVISION>', '</DIVISON>'))],
      ['not EDT_STS', latin9('<?xml version="1.0" encoding="ISO-8859-15"?><STS_EDT></STS_EDT>')],
      ['says UTF-8, is Latin-9', latin9(STS().replace('ISO-8859-15', 'UTF-8'))],
      ['a broken zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [label, body] of cases) {
      for (const dryRun of ['true', 'false']) {
        const res = await post(f.school.id, f.s.admin, `format=sts&dryRun=${dryRun}`, body, 'application/xml');
        assert.equal(res.statusCode, 400, `${label}: ${res.body}`);
        assert.equal(res.json().error, 'VALIDATION_FAILED');
        assert.ok(res.json().message.length > 10, label);
      }
    }
    const bad = await post(
      f.school.id,
      f.s.admin,
      'format=sts',
      latin9(STS().replace('</DIVISION>', '</DIVISON>')),
      'application/xml',
    );
    assert.ok(typeof bad.json().details.errors[0].line === 'number', 'the line of the error');
    // Unknown class, and a line that cannot be read: reported with their lines, nothing imported.
    const unknown = STS({
      extra: `<DIVISION CODE="6Z"><SERVICES><SERVICE CODE_MATIERE="MATHS"><ENSEIGNANTS><ENSEIGNANT ID="1001"><COURS_RATTACHES>
        <COURS><JOUR>9</JOUR><HEURE_DEBUT>0800</HEURE_DEBUT><DUREE>0100</DUREE></COURS>
        <COURS><JOUR>2</JOUR><HEURE_DEBUT>0800</HEURE_DEBUT><DUREE>0100</DUREE></COURS>
      </COURS_RATTACHES></ENSEIGNANT></ENSEIGNANTS></SERVICE></SERVICES></DIVISION>`,
    });
    const dry = await post(f.school.id, f.s.admin, 'format=sts&dryRun=true', latin9(unknown), 'application/xml');
    assert.equal(dry.statusCode, 200);
    const errors = dry.json().errors as Array<{ line: number; message: string }>;
    assert.equal(errors.length, 2, dry.body);
    assert.ok(errors.some((e) => /JOUR/.test(e.message) && e.line > 30));
    assert.ok(errors.some((e) => /unknown class 6Z/.test(e.message)));
    const real = await post(f.school.id, f.s.admin, 'format=sts&dryRun=false', latin9(unknown), 'application/xml');
    assert.equal(real.statusCode, 400);
    assert.equal(await courseCount(f.school.id), 0, 'all or nothing');
  });

  test('CSV: UTF-8 with BOM and ";", Windows-1252 and ",", unreadable lines, overlaps', async () => {
    const f = await setup();
    const utf8 = `\uFEFFday;start;end;class;group;subject;teacher;room;site;weeks
lundi;08:00;09:00;6A;;MATHS;Martin Paul;B12;Site principal;
mardi;8h;9h;6A;;Français;Lætitia Cœur;;;A
`;
    const res = await post(f.school.id, f.s.admin, 'format=csv&dryRun=false', Buffer.from(utf8), 'text/csv');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().courses, { created: 2, updated: 0, removed: 0, unchanged: 0 });
    const cp1252 = iconv.encode(
      `day,start,end,class,group,subject,teacher,room,site,weeks\r\n1,08:00,09:00,6A,,MATHS,1001,B12,,\r\n2,08:00,09:00,6A,,FRANCAIS,Cœur Lætitia,,,A\r\n`,
      'windows-1252',
    );
    const same = await post(f.school.id, f.s.admin, 'format=csv&dryRun=false', cp1252, 'text/csv');
    assert.equal(same.statusCode, 200, same.body);
    assert.deepEqual(same.json().courses, { created: 0, updated: 0, removed: 0, unchanged: 2 }, 'the same timetable');

    const broken = `day;start;end;class;group;subject;teacher;room;site;weeks
lundi;10:00;11:00;6A;;MATHS;Martin Paul;;;
dimanche;10:00;11:00;6A;;MATHS;Martin Paul;;;
lundi;25:00;11:00;6A;;MATHS;Martin Paul;;;
lundi;12:00;13:00;6Q;;MATHS;Martin Paul;;;
`;
    const dry = await post(f.school.id, f.s.admin, 'format=csv&dryRun=true', Buffer.from(broken), 'text/csv');
    assert.deepEqual(
      (dry.json().errors as Array<{ line: number }>).map((e) => e.line),
      [3, 4, 5],
    );
    const before = await courseCount(f.school.id);
    assert.equal(
      (await post(f.school.id, f.s.admin, 'format=csv&dryRun=false', Buffer.from(broken), 'text/csv')).statusCode,
      400,
    );
    assert.equal(await courseCount(f.school.id), before);

    const overlapping = `day;start;end;class;group;subject;teacher;room;site;weeks
lundi;08:00;09:00;6A;;MATHS;Martin Paul;B12;;
lundi;08:30;09:30;6B;;FRANCAIS;Martin Paul;;;
`;
    const o = await post(f.school.id, f.s.admin, 'format=csv&dryRun=true', Buffer.from(overlapping), 'text/csv');
    assert.equal(o.json().conflicts.length, 1, o.body);
    assert.deepEqual(o.json().conflicts[0].clashes, ['teacher']);
    const or = await post(f.school.id, f.s.admin, 'format=csv&dryRun=false', Buffer.from(overlapping), 'text/csv');
    assert.equal(or.statusCode, 409);
    assert.equal(await courseCount(f.school.id), before);

    const noHeader = await post(
      f.school.id,
      f.s.admin,
      'format=csv&dryRun=true',
      Buffer.from('a;b\n1;2\n'),
      'text/csv',
    );
    assert.equal(noHeader.statusCode, 400);
    assert.match(noHeader.json().message, /Missing columns/);
  });

  test('refusals and size limit', async () => {
    const f = await setup();
    const file = latin9(STS());
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/schools/${f.school.id}/timetable/import?format=sts&dryRun=false`, payload: file },
      { otherSchool: f.s.otherAdmin, otherFamily: f.s.guardian, wrongProfile: f.s.cpe },
      async () => assert.equal(await courseCount(f.school.id), 0),
    );
    const big = await post(
      f.school.id,
      f.s.admin,
      'format=csv&dryRun=true',
      Buffer.alloc(6 * 1024 * 1024, 0x41),
      'text/csv',
    );
    assert.equal(big.statusCode, 413);
  });
});
