/**
 * The year's rollover (« bascule d'année »): refusals, dry runs that write nothing, promotion (6e → 5e, the 3e
 * leave), next year's SIECLE file (promoted, arriving, leaving pupils), all or nothing, applying twice, and the
 * archived year's read-only rule (YEAR_ARCHIVED), while families still read last year's report cards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeCourse,
  makeGuardian,
  makePeriod,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
  type SchoolFixture,
} from '../../../../test/factories.ts';
import { type BeePupil, beeEleves, beeResponsables, encode, zipOf } from '../../../../test/fixtures/siecle.ts';
import { todayInParis } from '../../lib/dates.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { addDays, SchoolCalendar, weekdayOf } from '../timetable/timetable.calendar.ts';
import { countDirectoryRows } from './imports.repo.ts';

describe("the year's rollover (bascule d'année)", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function setup() {
    const school = await makeSchool(t.db);
    const year = await t.db
      .selectFrom('school_years')
      .select(['label', 'starts_on', 'ends_on'])
      .where('id', '=', school.yearId)
      .executeTakeFirstOrThrow();
    const { uai } = await t.db
      .selectFrom('schools')
      .select('uai')
      .where('id', '=', school.id)
      .executeTakeFirstOrThrow();
    const c6 = await makeClass(t.db, school, { code: '6A', level: '6e' });
    const c5 = await makeClass(t.db, school, { code: '5A', level: '5e' });
    const c3 = await makeClass(t.db, school, { code: '3A', level: '3e' });
    const p6 = await makePupil(t.db, school, { classId: c6.id, firstName: 'Léa' });
    const p5 = await makePupil(t.db, school, { classId: c5.id, firstName: 'Hugo' });
    const p3 = await makePupil(t.db, school, { classId: c3.id, firstName: 'Inès' });
    const guardian = await makeGuardian(t.db, { children: [{ id: p3.id, schoolId: school.id }] });
    const admin = await signIn(t.app, await makeStaff(t.db, school, ['school_admin']));
    return { school, year, uai, c6, c5, c3, p6, p5, p3, guardian, admin, first: Number(year.starts_on.slice(0, 4)) };
  }
  type Setup = Awaited<ReturnType<typeof setup>>;

  const post = (schoolId: string, who: Session | null, q: string, body?: Buffer) =>
    t.app.inject({
      method: 'POST',
      url: `/api/schools/${schoolId}/imports/rollover?${q}`,
      headers: { ...(who?.headers ?? {}), ...(body ? { 'content-type': 'application/xml' } : {}) },
      ...(body ? { payload: body } : {}),
    });

  const snapshot = async (school: SchoolFixture) => ({
    rows: await countDirectoryRows(t.db),
    years: await t.db
      .selectFrom('school_years')
      .select(['id', 'archived_at'])
      .where('school_id', '=', school.id)
      .execute(),
    memberships: await t.db.selectFrom('class_memberships').select(['id', 'ends_on']).orderBy('id').execute(),
  });

  const classOf = (pupilId: string, day: string) =>
    t.db
      .selectFrom('class_memberships as m')
      .innerJoin('classes as c', 'c.id', 'm.class_id')
      .innerJoin('school_years as y', 'y.id', 'c.school_year_id')
      .select(['c.code', 'y.label'])
      .where('m.pupil_id', '=', pupilId)
      .where('m.starts_on', '<=', day)
      .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
      .executeTakeFirst();

  test('refused to anonymous, another school, a family and a teacher; nothing written', async () => {
    const f = await setup();
    const other = await makeSchool(t.db);
    const otherAdmin = await signIn(t.app, await makeStaff(t.db, other, ['school_admin']));
    const guardian = await signIn(t.app, f.guardian);
    const teacher = await signIn(t.app, await makeTeacher(t.db, f.school));
    const before = await snapshot(f.school);
    for (const dryRun of [true, false]) {
      await assertRefusals(
        t.app,
        {
          method: 'POST',
          url: `/api/schools/${f.school.id}/imports/rollover?dryRun=${dryRun}&allowMassLeave=true&fromYear=${f.year.label}`,
        },
        { otherSchool: otherAdmin, otherFamily: guardian, wrongProfile: teacher },
      );
    }
    assert.deepEqual(await snapshot(f.school), before);
  });

  test('promotion: the dry run lists next year, writes nothing; applying archives the year, promotes, the 3e leave; twice is refused', async () => {
    const f = await setup();
    const before = await snapshot(f.school);
    const dry = await post(f.school.id, f.admin, 'dryRun=true');
    assert.equal(dry.statusCode, 200, dry.body);
    const r = dry.json();
    const next = `${f.first + 1}-${f.first + 2}`;
    assert.equal(r.source, 'promotion');
    assert.deepEqual(r.from.label, f.year.label);
    assert.deepEqual(r.to, { label: next, startsOn: `${f.first + 1}-09-01`, endsOn: `${f.first + 2}-08-31` });
    assert.deepEqual(
      r.classes.map((c: { code: string; pupils: number }) => [c.code, c.pupils]),
      [
        ['3A', 0],
        ['4A', 1],
        ['5A', 1],
        ['6A', 0],
      ],
    );
    assert.deepEqual(r.promoted.map((p: { from: string; to: string }) => [p.from, p.to]).sort(), [
      ['5A', '4A'],
      ['6A', '5A'],
    ]);
    assert.deepEqual(r.leaving, [{ name: r.leaving[0].name, class: '3A', reason: 'third' }]);
    assert.equal(r.archived.classes, 3);
    assert.equal(r.applicable, true);
    assert.deepEqual(await snapshot(f.school), before, 'a dry run writes nothing');

    // Applying needs the year the dry run showed.
    const noYear = await post(f.school.id, f.admin, 'dryRun=false');
    assert.equal(noYear.statusCode, 400);
    assert.deepEqual(await snapshot(f.school), before);

    const run = await post(f.school.id, f.admin, `dryRun=false&fromYear=${f.year.label}`);
    assert.equal(run.statusCode, 200, run.body);
    const years = await t.db
      .selectFrom('school_years')
      .select(['label', 'starts_on', 'archived_at'])
      .where('school_id', '=', f.school.id)
      .orderBy('starts_on')
      .execute();
    assert.deepEqual(
      years.map((y) => [y.label, y.archived_at !== null]),
      [
        [f.year.label, true],
        [next, false],
      ],
    );
    const first = `${f.first + 1}-09-01`;
    assert.deepEqual(await classOf(f.p6.id, first), { code: '5A', label: next });
    assert.deepEqual(await classOf(f.p5.id, first), { code: '4A', label: next });
    assert.equal(await classOf(f.p3.id, first), undefined);
    assert.deepEqual(await classOf(f.p6.id, todayInParis()), { code: '6A', label: f.year.label }, 'history kept');
    const people = await t.db
      .selectFrom('people')
      .select(['id', 'disabled_at'])
      .where('id', 'in', [f.p3.id, f.p6.id, f.guardian.id])
      .execute();
    const disabled = new Map(people.map((p) => [p.id, p.disabled_at !== null]));
    assert.equal(disabled.get(f.p3.id), true, 'the 3e leave (disabled, kept)');
    assert.equal(disabled.get(f.p6.id), false);
    assert.equal(disabled.get(f.guardian.id), false, 'families keep their accounts');

    // Twice: refused, nothing changes.
    const after1 = await snapshot(f.school);
    const again = await post(f.school.id, f.admin, `dryRun=false&fromYear=${f.year.label}`);
    assert.equal(again.statusCode, 409, again.body);
    const againDry = await post(f.school.id, f.admin, 'dryRun=true');
    assert.equal(againDry.statusCode, 409);
    assert.equal(againDry.json().details.reason, 'nothing_to_roll_over');
    assert.deepEqual(await snapshot(f.school), after1);
  });

  test('the 3e leaving many pupils needs the confirmation (allowMassLeave)', async () => {
    const f = await setup();
    for (let i = 0; i < 6; i++) await makePupil(t.db, f.school, { classId: f.c3.id });
    const dry = await post(f.school.id, f.admin, 'dryRun=true');
    assert.equal(dry.json().applicable, false);
    assert.equal(dry.json().errors[0].code, 'too_many_leavers');
    const before = await snapshot(f.school);
    const refused = await post(f.school.id, f.admin, `dryRun=false&fromYear=${f.year.label}`);
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(await snapshot(f.school), before, 'nothing written');
    const run = await post(f.school.id, f.admin, `dryRun=false&allowMassLeave=true&fromYear=${f.year.label}`);
    assert.equal(run.statusCode, 200, run.body);
    assert.equal(run.json().leaving.length, 7);
  });

  /** This year's SIECLE import, then next year's file. */
  async function withSiecle(f: Setup) {
    const pupils: BeePupil[] = [
      { eleveId: '1', ine: '111111111AA', nom: 'MARTIN', prenom: 'Léo', classe: '6A', naissance: '01/02/2014' },
      { eleveId: '2', ine: '222222222BB', nom: 'BERNARD', prenom: 'Jade', classe: '5A', naissance: '03/04/2013' },
      { eleveId: '3', ine: '333333333CC', nom: 'PETIT', prenom: 'Adam', classe: '3A', naissance: '05/06/2011' },
    ];
    const now = encode(beeEleves({ uai: f.uai, year: f.first, pupils }));
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/imports/siecle?dryRun=false`,
      headers: { ...f.admin.headers, 'content-type': 'application/xml' },
      payload: now,
    });
    assert.equal(res.statusCode, 200, res.body);
    const nextPupils: BeePupil[] = [
      { ...pupils[0]!, eleveId: '11', classe: '5B' },
      { ...pupils[1]!, eleveId: '12', classe: '4A' },
      { eleveId: '13', ine: '444444444DD', nom: 'ROUX', prenom: 'Lina', classe: '6C', naissance: '07/08/2015' },
    ];
    return encode(beeEleves({ uai: f.uai, year: f.first + 1, pupils: nextPupils }));
  }

  test("next year's SIECLE file: classes from the file, promoted, arriving and leaving pupils; all or nothing", async () => {
    const f = await setup();
    const file = await withSiecle(f);
    const before = await snapshot(f.school);
    const dry = await post(f.school.id, f.admin, 'dryRun=true', file);
    assert.equal(dry.statusCode, 200, dry.body);
    const r = dry.json();
    assert.equal(r.source, 'siecle');
    assert.deepEqual(
      r.classes.map((c: { code: string; pupils: number }) => [c.code, c.pupils]),
      [
        ['4A', 1],
        ['5B', 1],
        ['6C', 1],
      ],
    );
    assert.deepEqual(
      r.promoted.map((p: { name: string; from: string; to: string }) => [p.name, p.from, p.to]),
      [
        ['Bernard Jade', '5A', '4A'],
        ['Martin Léo', '6A', '5B'],
      ],
    );
    assert.deepEqual(r.arriving, [{ name: 'Roux Lina', class: '6C' }]);
    assert.deepEqual(r.leaving, [{ name: 'Petit Adam', class: '3A', reason: 'absent' }]);
    // The pupils entered by hand (never imported) the file does not list are named: no class next year.
    assert.deepEqual(
      r.warnings
        .filter((w: { code: string }) => w.code === 'pupil_not_in_file')
        .map((w: { params: { class: string } }) => w.params.class)
        .sort(),
      ['3A', '5A', '6A'],
    );
    assert.deepEqual(await snapshot(f.school), before, 'a dry run writes nothing');

    // This year's file is refused (wrong year), and so is a file with an unknown reference: nothing written.
    const wrongYear = encode(beeEleves({ uai: f.uai, year: f.first, pupils: [] }));
    const w = await post(f.school.id, f.admin, `dryRun=false&fromYear=${f.year.label}`, wrongYear);
    assert.equal(w.statusCode, 400);
    assert.equal(w.json().details.errors[0].code, 'wrong_year');
    const broken = zipOf({
      'ElevesSansAdresses.xml': file,
      'ResponsablesAvecAdresses.xml': encode(
        beeResponsables({
          uai: f.uai,
          year: f.first + 1,
          personnes: [{ id: '9', nom: 'ROUX', prenom: 'Anne' }],
          liens: [{ eleveId: '999', personneId: '9', legal: 1 }],
          adresses: [],
        }),
      ),
    });
    const b = await post(f.school.id, f.admin, `dryRun=false&fromYear=${f.year.label}`, broken);
    assert.equal(b.statusCode, 400, b.body);
    assert.equal(b.json().details.errors[0].code, 'unknown_eleve');
    const bad = await post(f.school.id, f.admin, `dryRun=false&fromYear=${f.year.label}`, Buffer.from('<BEE_ELEVES>'));
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(await snapshot(f.school), before, 'refused files write nothing');

    const run = await post(f.school.id, f.admin, `dryRun=false&fromYear=${f.year.label}`, file);
    assert.equal(run.statusCode, 200, run.body);
    const first = `${f.first + 1}-09-01`;
    const ids = new Map(
      (
        await t.db
          .selectFrom('person_external_ids')
          .select(['external_id', 'person_id'])
          .where('school_id', '=', f.school.id)
          .execute()
      ).map((e) => [e.external_id, e.person_id]),
    );
    const next = `${f.first + 1}-${f.first + 2}`;
    assert.deepEqual(await classOf(ids.get('111111111AA')!, first), { code: '5B', label: next });
    assert.deepEqual(await classOf(ids.get('444444444DD')!, first), { code: '6C', label: next });
    const petit = await t.db
      .selectFrom('people')
      .select('disabled_at')
      .where('id', '=', ids.get('333333333CC')!)
      .executeTakeFirstOrThrow();
    assert.ok(petit.disabled_at, 'a pupil missing from the file leaves');
    // The SIECLE import now works on next year: the same file again changes nothing.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/imports/siecle?dryRun=true`,
      headers: { ...f.admin.headers, 'content-type': 'application/xml' },
      payload: file,
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().counts.created, 0);
    assert.equal(again.json().counts.updated, 0);
  });

  test('the archived year is read-only (YEAR_ARCHIVED); families still read its report cards', async () => {
    const f = await setup();
    const period = await makePeriod(t.db, f.school);
    const teacher = await makeTeacher(t.db, f.school, { classIds: [f.c6.id] });
    const asTeacher = await signIn(t.app, teacher);
    const assessment = (title: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/grades/assessments',
        headers: asTeacher.headers,
        payload: {
          classId: f.c6.id,
          subjectId: teacher.subjectId,
          periodId: period.id,
          title,
          date: todayInParis(),
        },
      });
    const ok = await assessment('Avant la bascule');
    assert.equal(ok.statusCode, 201, ok.body);
    // A published report card of this year, for the 3e pupil who will leave.
    await t.db
      .insertInto('report_cards')
      .values({
        id: newId(),
        school_id: f.school.id,
        period_id: period.id,
        class_id: f.c3.id,
        pupil_id: f.p3.id,
        snapshot: '{}',
        publish_at: nowIso(),
        published_by: f.admin.personId,
        created_at: nowIso(),
        updated_at: nowIso(),
      })
      .execute();

    const run = await post(f.school.id, f.admin, `dryRun=false&fromYear=${f.year.label}`);
    assert.equal(run.statusCode, 200, run.body);
    const refused = await assessment('Après la bascule');
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().error, 'YEAR_ARCHIVED');
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/grades/assessments/${ok.json().assessment.id}`,
      headers: asTeacher.headers,
      payload: { title: 'Changé' },
    });
    assert.equal(patch.statusCode, 409, patch.body);
    assert.equal(patch.json().error, 'YEAR_ARCHIVED');

    const asGuardian = await signIn(t.app, f.guardian);
    const cards = await t.app.inject({
      method: 'GET',
      url: `/api/report-cards/pupils/${f.p3.id}`,
      headers: asGuardian.headers,
    });
    assert.equal(cards.statusCode, 200, cards.body);
    assert.equal(cards.json().reportCards.length, 1, "last year's report card is still there");
    assert.equal(cards.json().reportCards[0].schoolYear, f.year.label);
  });

  test('roll calls, the cahier de textes, report cards and absences of the archived year are refused too', async () => {
    const f = await setup();
    const period = await makePeriod(t.db, f.school);
    const teacher = await makeTeacher(t.db, f.school, { classIds: [f.c6.id] });
    const as = await signIn(t.app, teacher);
    const cpe = await signIn(t.app, await makeStaff(t.db, f.school, ['cpe']));
    const cal = new SchoolCalendar({ yearStart: f.year.starts_on, yearEnd: f.year.ends_on, zone: 'C' });
    let date = addDays(todayInParis(), -1);
    while (!(weekdayOf(date) <= 5 && weekdayOf(date) !== 3 && cal.isSchoolDay(date))) date = addDays(date, -1);
    const course = await makeCourse(t.db, f.school, {
      teacherIds: [teacher.id],
      classId: f.c6.id,
      subjectId: teacher.subjectId,
      weekday: weekdayOf(date),
    });
    const writes = {
      rollCall: () =>
        t.app.inject({
          method: 'PUT',
          url: `/api/attendance/sessions/${course.id}/${date}`,
          // Vie scolaire: a teacher's roll call of a past day may already be locked.
          headers: cpe.headers,
          payload: { version: null, absent: [f.p6.id], late: [] },
        }),
      cahier: () =>
        t.app.inject({
          method: 'PUT',
          url: `/api/cahier/sessions/${course.id}/${date}`,
          headers: as.headers,
          payload: { content: 'Les fractions', status: 'draft' },
        }),
      appreciation: (version: number | null) =>
        t.app.inject({
          method: 'PUT',
          url: '/api/report-cards/appreciations',
          headers: as.headers,
          payload: { periodId: period.id, pupilId: f.p6.id, subjectId: teacher.subjectId, text: 'Bien', version },
        }),
    };
    // Before the rollover, the same writes are accepted.
    for (const res of [await writes.rollCall(), await writes.cahier(), await writes.appreciation(null)]) {
      assert.equal(res.statusCode, 200, res.body);
    }
    // An absence entered by vie scolaire the day before, in the year about to be archived.
    const before = addDays(date, -7);
    const entered = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      headers: cpe.headers,
      payload: { pupilId: f.p6.id, kind: 'absence', from: before, fromHalf: 'am', to: before, toHalf: 'am' },
    });
    assert.ok([200, 201].includes(entered.statusCode), entered.body);
    const event = entered.json() as { id: string; version: number };
    const run = await post(f.school.id, f.admin, `dryRun=false&fromYear=${f.year.label}`);
    assert.equal(run.statusCode, 200, run.body);
    for (const res of [await writes.rollCall(), await writes.cahier(), await writes.appreciation(1)]) {
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json().error, 'YEAR_ARCHIVED');
    }
    const absence = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      headers: cpe.headers,
      payload: { pupilId: f.p6.id, kind: 'absence', from: date, fromHalf: 'am', to: date, toHalf: 'pm' },
    });
    assert.equal(absence.statusCode, 409, absence.body);
    assert.equal(absence.json().error, 'YEAR_ARCHIVED');
    // Nor is an absence of the archived year corrected or removed.
    const corrected = await t.app.inject({
      method: 'PATCH',
      url: `/api/attendance/events/${event.id}`,
      headers: cpe.headers,
      payload: { version: event.version, comment: 'Corrigé après la bascule' },
    });
    assert.equal(corrected.statusCode, 409, corrected.body);
    assert.equal(corrected.json().error, 'YEAR_ARCHIVED');
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/attendance/events/${event.id}?version=${event.version}`,
      headers: cpe.headers,
    });
    assert.equal(removed.statusCode, 409, removed.body);
    assert.equal(removed.json().error, 'YEAR_ARCHIVED');
    const still = await t.db
      .selectFrom('attendance_events')
      .select(['comment'])
      .where('id', '=', event.id)
      .executeTakeFirst();
    assert.ok(still, 'the archived absence is still there');
    assert.notEqual(still.comment, 'Corrigé après la bascule');
  });

  test('the direction may roll over too; a deputy is refused another school', async () => {
    const f = await setup();
    const principal = await signIn(t.app, await makeStaff(t.db, f.school, ['principal']));
    const dry = await post(f.school.id, principal, 'dryRun=true');
    assert.equal(dry.statusCode, 200, dry.body);
    const pupil = await signIn(t.app, await makePerson(t.db, { schoolId: f.school.id, profiles: ['pupil'] }));
    assert.equal((await post(f.school.id, pupil, 'dryRun=true')).statusCode, 403);
  });
});
