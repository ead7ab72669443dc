/**
 * The timetable import against files laid out like real STS-Web exports: national subject codes, week
 * calendars, the school and year they are for, teachers' STS ids, reports that say when nothing would change,
 * multipart uploads, and courses removed while families were told about their coming sessions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeSubject,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { addDays, mondayOf, SchoolCalendar } from './timetable.calendar.ts';
import { weeksOfDates } from './timetable.import.ts';

const latin9 = (s: string) => iconv.encode(s, 'iso-8859-15');
const ddmmyyyy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

interface Cours {
  alt?: string;
  day: number;
  start: string;
  duration?: string;
}
interface Service {
  division: string;
  subject: string;
  teacher: string;
  cours: Cours[];
}

/** An EDT_STS file as timetable software writes it (element names of DTD_EDT_STS). */
function edtSts(o: {
  uai: string;
  year?: number;
  alternances?: Array<{ code: string; label: string; weeks?: string[] }>;
  individus?: Array<{ id: string; nom: string; prenom: string }>;
  services: Service[];
}) {
  const alts = (o.alternances ?? [{ code: 'H', label: 'Hebdomadaire' }])
    .map(
      (a) =>
        `<ALTERNANCE CODE="${a.code}"><LIBELLE_COURT>${a.label}</LIBELLE_COURT><LIBELLE_LONG>${a.label}</LIBELLE_LONG>${
          a.weeks
            ? `<SEMAINES>${a.weeks.map((w) => `<DATE_DEBUT_SEMAINE>${ddmmyyyy(w)}</DATE_DEBUT_SEMAINE>`).join('')}</SEMAINES>`
            : ''
        }</ALTERNANCE>`,
    )
    .join('\n      ');
  const divisions = [...new Set(o.services.map((s) => s.division))].map(
    (d) => `<DIVISION CODE="${d}"><SERVICES>${o.services
      .filter((s) => s.division === d)
      .map(
        (s) => `
        <SERVICE CODE_MATIERE="${s.subject}" CODE_MOD_COURS="CG"><ENSEIGNANTS><ENSEIGNANT ID="${s.teacher}" TYPE="epp"><COURS_RATTACHES>${s.cours
          .map(
            (c) =>
              `\n          <COURS><CODE_ALTERNANCE>${c.alt ?? 'H'}</CODE_ALTERNANCE><JOUR>${c.day}</JOUR><HEURE_DEBUT>${c.start}</HEURE_DEBUT><DUREE>${c.duration ?? '0100'}</DUREE></COURS>`,
          )
          .join('')}
        </COURS_RATTACHES></ENSEIGNANT></ENSEIGNANTS></SERVICE>`,
      )
      .join('')}
      </SERVICES></DIVISION>`,
  );
  return `<?xml version="1.0" encoding="ISO-8859-15"?>
<EDT_STS>
  <PARAMETRES><UAJ>${o.uai}</UAJ>${o.year ? `<ANNEE_SCOLAIRE>${o.year}</ANNEE_SCOLAIRE>` : ''}<APPLICATION_SOURCE>EDT</APPLICATION_SOURCE></PARAMETRES>
  <DONNEES>
    <ALTERNANCES>
      ${alts}
    </ALTERNANCES>
    <INDIVIDUS>${(o.individus ?? [])
      .map(
        (i) =>
          `<INDIVIDU ID="${i.id}" TYPE="epp"><NOM_USAGE>${i.nom}</NOM_USAGE><PRENOM>${i.prenom}</PRENOM></INDIVIDU>`,
      )
      .join('')}</INDIVIDUS>
    <STRUCTURE><DIVISIONS>${divisions.join('')}</DIVISIONS></STRUCTURE>
  </DONNEES>
</EDT_STS>`;
}

/** The sts_emp file of the same export: the subject nomenclature (STS_EDT/NOMENCLATURES/MATIERES). */
function stsEmp(o: { uai: string; year: number; matieres: Array<{ code: string; gestion: string; court: string }> }) {
  return `<?xml version="1.0" encoding="ISO-8859-15"?>
<STS_EDT>
  <PARAMETRES><UAJ CODE="${o.uai}"/><ANNEE_SCOLAIRE ANNEE="${o.year}"/></PARAMETRES>
  <NOMENCLATURES><MATIERES>${o.matieres
    .map(
      (m) =>
        `<MATIERE CODE="${m.code}"><CODE_GESTION>${m.gestion}</CODE_GESTION><LIBELLE_COURT>${m.court}</LIBELLE_COURT><LIBELLE_LONG>${m.court}</LIBELLE_LONG></MATIERE>`,
    )
    .join('')}</MATIERES></NOMENCLATURES>
  <DONNEES><INDIVIDUS/></DONNEES>
</STS_EDT>`;
}

const zip = (files: Record<string, string>) =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new Uint8Array(latin9(v))]))));

/** A multipart/form-data body with one file field, as browsers and `curl -F file=@…` send it. */
function multipart(name: string, data: Buffer, field = 'file') {
  const boundary = '----PreauTestBoundary7MA4YWxkTrZu0gW';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

describe('timetable import of real-layout STS files', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  let ids = 4000;
  async function setup() {
    ids++;
    teacherLine = { ...teacherLine, id: String(ids) };
    const school = await makeSchool(t.db);
    const row = await t.db
      .selectFrom('schools as s')
      .innerJoin('school_years as y', 'y.school_id', 's.id')
      .select(['s.uai', 'y.starts_on', 'y.ends_on'])
      .where('s.id', '=', school.id)
      .executeTakeFirstOrThrow();
    const cls = await makeClass(t.db, school, { code: '5B' });
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    await makeSubject(t.db, school, { code: 'MATHS', label: 'Mathématiques' });
    await makeSubject(t.db, school, { code: 'ANG', label: 'Anglais' });
    const teacher = await makePerson(t.db, {
      schoolId: school.id,
      profiles: ['teacher'],
      firstName: 'Hélène',
      lastName: 'Bœuf',
    });
    const admin = await signIn(t.app, await makeStaff(t.db, school, ['school_admin']));
    return {
      school,
      uai: row.uai,
      year: Number(row.starts_on.slice(0, 4)),
      yearStart: row.starts_on,
      yearEnd: row.ends_on,
      cls,
      pupil,
      guardian,
      teacher,
      admin,
    };
  }

  const post = (schoolId: string, who: Session, dryRun: boolean, body: Buffer, type = 'application/xml') =>
    t.app.inject({
      method: 'POST',
      url: `/api/schools/${schoolId}/timetable/import?format=sts&dryRun=${dryRun}`,
      headers: { ...who.headers, 'content-type': type },
      payload: body,
    });
  const coursesOf = (schoolId: string) =>
    t.db
      .selectFrom('courses as c')
      .innerJoin('subjects as s', 's.id', 'c.subject_id')
      .select(['c.id', 's.code', 'c.weekday', 'c.weeks', 'c.valid_from', 'c.valid_to'])
      .where('c.school_id', '=', schoolId)
      .orderBy('c.weekday')
      .execute();
  // STS ids are one person's: each test's teacher has their own.
  let teacherLine = { id: '4242', nom: 'BŒUF', prenom: 'Hélène' };

  test('national subject codes are read through the sts_emp nomenclature and the built-in table', async () => {
    const f = await setup();
    const edt = edtSts({
      uai: f.uai,
      year: f.year,
      individus: [teacherLine],
      services: [
        { division: '5B', subject: '061300', teacher: teacherLine.id, cours: [{ day: 1, start: '0800' }] },
        { division: '5B', subject: '030201', teacher: teacherLine.id, cours: [{ day: 2, start: '0900' }] },
      ],
    });
    // Alone, the timetable's 030201 is known to Préau (ANGLAIS LV1 → Anglais); 061300 is not, and is named.
    const alone = await post(f.school.id, f.admin, true, latin9(edt));
    assert.equal(alone.statusCode, 200, alone.body);
    assert.deepEqual(
      alone.json().errors.map((e: { code: string; params: { code: string } }) => [e.code, e.params.code]),
      [['unknown_subject', '061300']],
    );
    // With the export's sts_emp, whose MATIERES says 061300 is MATHEMATIQUES: every course is imported.
    const both = zip({
      'EDT_STS.xml': edt,
      [`sts_emp_${f.uai}_${f.year}.xml`]: stsEmp({
        uai: f.uai,
        year: f.year,
        matieres: [{ code: '061300', gestion: 'MATHS', court: 'MATHEMATIQUES' }],
      }),
    });
    const res = await post(f.school.id, f.admin, false, both, 'application/zip');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().errors, []);
    assert.deepEqual(
      (await coursesOf(f.school.id)).map((c) => c.code),
      ['MATHS', 'ANG'],
    );
  });

  test('week calendars: one part of the year is imported as such; irregular or unknown patterns are refused', async () => {
    const f = await setup();
    const cal = new SchoolCalendar({ yearStart: f.yearStart, yearEnd: f.yearEnd, zone: 'C' });
    const counted: string[] = [];
    for (let m = mondayOf(f.yearStart); m <= f.yearEnd; m = addDays(m, 7)) if (cal.weekLabel(m)) counted.push(m);
    const today = todayInParis();
    const later = counted.filter((m) => m > addDays(today, 14));
    const start = later[0]!;
    // Every week from `start` to the end of the year, holiday weeks included as some software lists them.
    const endOfYear: string[] = [];
    for (let m = start; m <= f.yearEnd; m = addDays(m, 7)) endOfYear.push(m);
    const scattered = [later[0]!, later[1]!, later[3]!];
    const edt = edtSts({
      uai: f.uai,
      individus: [teacherLine],
      alternances: [
        { code: 'H', label: 'Hebdomadaire' },
        { code: 'S2', label: 'Second semestre', weeks: endOfYear },
        { code: 'Q3', label: 'Quinzaine décalée', weeks: scattered },
        { code: 'X', label: 'Sans calendrier' },
      ],
      services: [
        {
          division: '5B',
          subject: 'MATHS',
          teacher: teacherLine.id,
          cours: [
            { day: 1, start: '0800', alt: 'S2' },
            { day: 2, start: '0800', alt: 'Q3' },
            { day: 3, start: '0800', alt: 'X' },
          ],
        },
      ],
    });
    const dry = await post(f.school.id, f.admin, true, latin9(edt));
    assert.equal(dry.statusCode, 200, dry.body);
    assert.deepEqual(
      dry
        .json()
        .errors.map((e: { code: string; params: { pattern: string } }) => [e.code, e.params.pattern.split(' ')[0]]),
      [
        ['unknown_week_pattern', 'X'],
        ['weeks_irregular', 'Q3'],
      ],
    );
    assert.equal(dry.json().applicable, false);
    // Without the refused lines, the second-semester course runs from its first week to the end of the year.
    const ok = edt.replace(/<COURS><CODE_ALTERNANCE>(Q3|X)<\/CODE_ALTERNANCE>.*?<\/COURS>/g, '');
    const res = await post(f.school.id, f.admin, false, latin9(ok));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().items.created[0].period, { from: start, to: f.yearEnd });
    const [course] = await coursesOf(f.school.id);
    assert.deepEqual([course!.weeks, course!.valid_from, course!.valid_to], ['all', start, f.yearEnd]);
    // A pattern ending before the year does stops there.
    const until = later.slice(0, 4);
    const part = edtSts({
      uai: f.uai,
      individus: [teacherLine],
      alternances: [{ code: 'P', label: 'Période', weeks: until }],
      services: [
        { division: '5B', subject: 'MATHS', teacher: teacherLine.id, cours: [{ day: 4, start: '0800', alt: 'P' }] },
      ],
    });
    const p = await post(f.school.id, f.admin, false, latin9(part));
    assert.equal(p.statusCode, 200, p.body);
    const [c] = (await coursesOf(f.school.id)).filter((x) => x.weekday === 4);
    assert.equal(c!.valid_to, addDays(until[3]!, 6));
    // The pure rule: A weeks over the whole year are week A.
    const aWeeks = counted.filter((m) => cal.weekLabel(m) === 'A');
    assert.deepEqual(weeksOfDates(cal, aWeeks), { ok: true, weeks: 'A', from: null, to: null });
    assert.deepEqual(weeksOfDates(cal, ['1990-01-01']), { ok: false, reason: 'outside_year' });
  });

  test('a file of another school or another school year is refused and writes nothing', async () => {
    const f = await setup();
    const base = {
      individus: [teacherLine],
      services: [{ division: '5B', subject: 'MATHS', teacher: teacherLine.id, cours: [{ day: 1, start: '0800' }] }],
    };
    for (const [label, file, code] of [
      ['other UAI', edtSts({ ...base, uai: '0751234A', year: f.year }), 'wrong_school'],
      ['other year', edtSts({ ...base, uai: f.uai, year: f.year - 1 }), 'wrong_year'],
    ] as const) {
      for (const dryRun of [true, false]) {
        const res = await post(f.school.id, f.admin, dryRun, latin9(file));
        assert.equal(res.statusCode, 400, `${label}: ${res.body}`);
        assert.equal(res.json().details.errors[0].code, code, label);
      }
    }
    // The timetable and its sts_emp disagree on the school.
    const two = zip({
      'EDT_STS.xml': edtSts({ ...base, uai: f.uai }),
      'sts_emp.xml': stsEmp({ uai: '0751234A', year: f.year, matieres: [] }),
    });
    const res = await post(f.school.id, f.admin, true, two, 'application/zip');
    assert.equal(res.json().details.errors[0].code, 'files_of_two_schools');
    assert.equal((await coursesOf(f.school.id)).length, 0);
  });

  test('a teacher matched by name keeps the STS id, so a later file with ids only finds them', async () => {
    const f = await setup();
    const services = [
      { division: '5B', subject: 'MATHS', teacher: teacherLine.id, cours: [{ day: 1, start: '0800' }] },
    ];
    const first = await post(
      f.school.id,
      f.admin,
      false,
      latin9(edtSts({ uai: f.uai, individus: [teacherLine], services })),
    );
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json().teachersLinked, [{ name: 'BŒUF Hélène', externalId: teacherLine.id }]);
    const person = await t.db
      .selectFrom('people')
      .select('external_id')
      .where('id', '=', f.teacher.id)
      .executeTakeFirstOrThrow();
    assert.equal(person.external_id, teacherLine.id);
    // Another school's teacher of the same name cannot take the id: it is that person's.
    const other = await setup();
    const taken = await post(
      other.school.id,
      other.admin,
      true,
      latin9(
        edtSts({
          uai: other.uai,
          individus: [{ ...teacherLine, id: String(ids - 1) }],
          services: [{ ...services[0]!, teacher: String(ids - 1) }],
        }),
      ),
    );
    assert.deepEqual(taken.json().teachersLinked, []);
    assert.equal(taken.json().warnings[0].code, 'teacher_id_taken');
    // The next week's file has no INDIVIDUS names: the id is enough.
    const later = edtSts({
      uai: f.uai,
      services: [
        {
          ...services[0]!,
          cours: [
            { day: 1, start: '0800' },
            { day: 2, start: '1000' },
          ],
        },
      ],
    });
    const res = await post(f.school.id, f.admin, false, latin9(later));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().courses, { created: 1, updated: 0, removed: 0, unchanged: 1 });
  });

  test('a dry run whose every line fails says that nothing would change', async () => {
    const f = await setup();
    const services = [
      { division: '5B', subject: 'MATHS', teacher: teacherLine.id, cours: [{ day: 1, start: '0800' }] },
    ];
    await post(f.school.id, f.admin, false, latin9(edtSts({ uai: f.uai, individus: [teacherLine], services })));
    const broken = edtSts({
      uai: f.uai,
      individus: [teacherLine],
      services: [{ ...services[0]!, division: '9Z' }],
    });
    const dry = await post(f.school.id, f.admin, true, latin9(broken));
    assert.equal(dry.statusCode, 200, dry.body);
    assert.equal(dry.json().applicable, false);
    assert.deepEqual(dry.json().courses, { created: 0, updated: 0, removed: 0, unchanged: 0 });
    assert.deepEqual(dry.json().items.removed, []);
    assert.equal(dry.json().errors[0].code, 'unknown_class');
  });

  test('multipart/form-data uploads (curl -F file=@…) are read, within the size limit', async () => {
    const f = await setup();
    const file = latin9(
      edtSts({
        uai: f.uai,
        individus: [teacherLine],
        services: [{ division: '5B', subject: 'MATHS', teacher: teacherLine.id, cours: [{ day: 1, start: '0800' }] }],
      }),
    );
    const form = multipart('EDT_STS.xml', file);
    const res = await post(f.school.id, f.admin, false, form.body, form.type);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().courses.created, 1);
    const zipped = multipart('export.zip', zip({ 'EDT_STS.xml': file.toString('latin1') }));
    const z = await post(f.school.id, f.admin, true, zipped.body, zipped.type);
    assert.equal(z.statusCode, 200, z.body);
    assert.equal(z.json().courses.unchanged, 1);
    const noFile = multipart('x.txt', Buffer.from('x'), 'other');
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/timetable/import?format=sts`,
      headers: { ...f.admin.headers, 'content-type': noFile.type },
      payload: Buffer.from(noFile.body.toString().replace('filename="x.txt"\r\n', '\r\n')),
    });
    assert.equal(bad.statusCode, 400, bad.body);
    const big = multipart('big.xml', Buffer.alloc(6 * 1024 * 1024, 0x41));
    const tooBig = await post(f.school.id, f.admin, true, big.body, big.type);
    assert.equal(tooBig.statusCode, 413, tooBig.body);
  });

  test('removing a course whose coming sessions were changed warns in the dry run and tells the families', async () => {
    const f = await setup();
    const services = [
      {
        division: '5B',
        subject: 'MATHS',
        teacher: teacherLine.id,
        cours: [
          { day: 1, start: '0800' },
          { day: 2, start: '0800' },
          { day: 3, start: '0800' },
          { day: 4, start: '0800' },
          { day: 5, start: '0800' },
        ],
      },
    ];
    const full = latin9(edtSts({ uai: f.uai, individus: [teacherLine], services }));
    assert.equal((await post(f.school.id, f.admin, false, full)).statusCode, 200);
    // The school cancels the course's next session: families see it.
    const week = await t.app.inject({
      method: 'GET',
      url: `/api/timetable/pupils/${f.pupil.id}/week?date=${addDays(todayInParis(), 7)}`,
      headers: f.admin.headers,
    });
    assert.equal(week.statusCode, 200, week.body);
    const session = (week.json().sessions as Array<{ key: string; date: string }>)[0]!;
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/timetable/sessions/${session.key}/cancel`,
      headers: f.admin.headers,
      payload: { reason: 'Sortie pédagogique' },
    });
    assert.equal(cancel.statusCode, 200, cancel.body);
    const removedDay = (await coursesOf(f.school.id)).find((c) => session.key.startsWith(c.id))!.weekday;
    const without = latin9(
      edtSts({
        uai: f.uai,
        individus: [teacherLine],
        services: [{ ...services[0]!, cours: services[0]!.cours.filter((c) => c.day !== removedDay) }],
      }),
    );
    const before = await t.db
      .selectFrom('notifications')
      .select('id')
      .where('message_key', '=', 'timetable.removed')
      .execute();
    const dry = await post(f.school.id, f.admin, true, without);
    assert.equal(dry.json().courses.removed, 1);
    assert.equal(dry.json().items.removed[0].futureChanges, 1);
    assert.ok(
      dry.json().warnings.some((w: { code: string }) => w.code === 'removed_with_changes'),
      dry.body,
    );
    const res = await post(f.school.id, f.admin, false, without);
    assert.equal(res.statusCode, 200, res.body);
    const told = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'message_params'])
      .where('message_key', '=', 'timetable.removed')
      .execute();
    assert.equal(before.length, 0);
    assert.deepEqual(told.map((n) => n.person_id).sort(), [f.pupil.id, f.guardian.id].sort());
    assert.equal(JSON.parse(told[0]!.message_params!).subject, 'Mathématiques');
  });
});
