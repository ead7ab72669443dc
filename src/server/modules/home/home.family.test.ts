import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  linkGuardian,
  makeClass,
  makeCourse,
  makeGuardian,
  makePeriod,
  makePupil,
  makeSchool,
  makeSessionChange,
  makeStaff,
  makeTeacher,
  type SchoolFixture,
} from '../../../../test/factories.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { addDays, mondayOf, SchoolCalendar } from '../timetable/timetable.calendar.ts';

/** The Monday of a week of the school year whose five days are all school days (zone C). */
async function fullWeek(t: TestContext, school: SchoolFixture) {
  const y = await t.db
    .selectFrom('school_years')
    .select(['starts_on', 'ends_on'])
    .where('id', '=', school.yearId)
    .executeTakeFirstOrThrow();
  const cal = new SchoolCalendar({ yearStart: y.starts_on, yearEnd: y.ends_on, zone: 'C' });
  for (let m = mondayOf(addDays(y.starts_on, 7)); m < y.ends_on; m = addDays(m, 7)) {
    if ([0, 1, 2, 3, 4, 7].every((i) => cal.isSchoolDay(addDays(m, i)))) return m;
  }
  throw new Error('no full school week');
}

describe('home of pupils and guardians', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const get = (who: Session | undefined, url: string) =>
    t.app.inject({ method: 'GET', url, ...(who ? { headers: who.headers } : {}) });

  async function setup() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const cls = await makeClass(t.db, school, { level: '5e' });
    const cls2 = await makeClass(t.db, school, { level: '3e' });
    const pupil = await makePupil(t.db, school, { classId: cls.id, firstName: 'Inès' });
    const sister = await makePupil(t.db, school, { classId: cls2.id, firstName: 'Lina' });
    const guardian = await makeGuardian(t.db, {
      children: [
        { id: pupil.id, schoolId: school.id },
        { id: sister.id, schoolId: school.id },
      ],
    });
    const otherPupil = await makePupil(t.db, school, { classId: cls.id });
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: school.id }] });
    const farPupil = await makePupil(t.db, other);
    const farGuardian = await makeGuardian(t.db, { children: [{ id: farPupil.id, schoolId: other.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const maths = await makeCourse(t.db, school, {
      teacherIds: [teacher.id],
      classId: cls.id,
      subjectId: teacher.subjectId,
      weekday: 2,
      startsAt: '08:00',
      endsAt: '09:00',
    });
    const later = await makeCourse(t.db, school, {
      teacherIds: [teacher.id],
      classId: cls.id,
      subjectId: teacher.subjectId,
      weekday: 2,
      startsAt: '10:00',
      endsAt: '11:00',
    });
    const monday = await fullWeek(t, school);
    const s = (p: { login: string; password: string }) => signIn(t.app, p);
    return {
      school,
      cls,
      pupil,
      sister,
      otherPupil,
      farPupil,
      teacher,
      maths,
      later,
      monday,
      as: {
        pupil: await s(pupil),
        guardian: await s(guardian),
        otherGuardian: await s(otherGuardian),
        farGuardian: await s(farGuardian),
        teacher: await s(teacher),
      },
    };
  }

  test('a pupil: next lesson, changes, homework due on the next school day, new grades; a guardian: each child', async () => {
    const x = await setup();
    const tuesday = addDays(x.monday, 1);
    await makeSessionChange(t.db, x.school, { courseId: x.maths.id, sessionDate: tuesday, cancelled: true });
    const hw = await t.app.inject({
      method: 'POST',
      url: '/api/homework',
      headers: x.as.teacher.headers,
      payload: {
        courseId: x.later.id,
        sessionDate: addDays(tuesday, -7),
        dueDate: tuesday,
        instructions: 'Exercice 4 p. 52',
        estimatedMinutes: 20,
        status: 'published',
      },
    });
    assert.equal(hw.statusCode, 201, hw.body);
    // A grade published to the pupil an hour ago, to guardians only tomorrow (the school's delay).
    const period = await makePeriod(t.db, x.school);
    const assessmentId = newId();
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await t.db
      .insertInto('assessments')
      .values({
        id: assessmentId,
        school_id: x.school.id,
        period_id: period.id,
        subject_id: x.teacher.subjectId,
        class_id: x.cls.id,
        group_id: null,
        teacher_id: x.teacher.id,
        title: 'Fractions',
        kind: 'devoir',
        date: x.monday,
        scale: 20,
        coefficient_centi: 100,
        description: null,
        pupils_publish_at: hourAgo,
        guardians_publish_at: tomorrow,
        created_at: nowIso(),
        updated_at: nowIso(),
      })
      .execute();
    await t.db
      .insertInto('grades')
      .values({
        assessment_id: assessmentId,
        pupil_id: x.pupil.id,
        value_centi: 1450,
        code: null,
        comment: null,
        updated_by: x.teacher.id,
        updated_at: nowIso(),
      })
      .execute();

    const res = await get(x.as.pupil, `/api/home/family?date=${x.monday}`);
    assert.equal(res.statusCode, 200, res.body);
    const home = res.json();
    assert.equal(home.pupils.length, 1);
    const p = home.pupils[0];
    assert.equal(p.self, true);
    assert.equal(p.pupil.id, x.pupil.id);
    assert.equal(p.class.id, x.cls.id);
    assert.equal(p.nextSchoolDay, tuesday);
    // 8:00 is cancelled: the next lesson is 10:00.
    assert.equal(p.nextSession.key, `${x.later.id}:${tuesday}`);
    assert.equal(p.nextSession.startsAt, '10:00');
    assert.deepEqual(
      p.changes.map((c: { key: string; status: string }) => [c.key, c.status]),
      [[`${x.maths.id}:${tuesday}`, 'cancelled']],
    );
    assert.deepEqual(
      p.homeworkDue.map((h: { instructions: string; done: boolean }) => [h.instructions, h.done]),
      [['Exercice 4 p. 52', false]],
    );
    assert.equal(p.newGrades, 1);
    assert.equal(p.newReportCards, 0);
    assert.equal(p.unjustifiedHalfDays, 0);

    const fam = (await get(x.as.guardian, `/api/home/family?date=${x.monday}`)).json();
    assert.deepEqual(
      fam.pupils.map((c: { pupil: { id: string }; self: boolean }) => [c.pupil.id, c.self]).sort(),
      [
        [x.pupil.id, false],
        [x.sister.id, false],
      ].sort(),
    );
    const ines = fam.pupils.find((c: { pupil: { id: string } }) => c.pupil.id === x.pupil.id);
    // Guardians see the grade only after the school's delay.
    assert.equal(ines.newGrades, 0);
    assert.equal(ines.homeworkDue.length, 1);
    const lina = fam.pupils.find((c: { pupil: { id: string } }) => c.pupil.id === x.sister.id);
    assert.equal(lina.nextSession, null);
    assert.equal(lina.homeworkDue.length, 0);

    // One child only.
    const one = (await get(x.as.guardian, `/api/home/family?pupilId=${x.sister.id}&date=${x.monday}`)).json();
    assert.deepEqual(
      one.pupils.map((c: { pupil: { id: string } }) => c.pupil.id),
      [x.sister.id],
    );
  });

  test('refusals: anonymous, another school, another family, wrong profile', async () => {
    const x = await setup();
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/home/family?pupilId=${x.pupil.id}` },
      { otherSchool: x.as.farGuardian, otherFamily: x.as.otherGuardian, wrongProfile: x.as.teacher },
    );
    // A pupil may not ask for a classmate either, and a guardian's home never lists another family's child.
    assert.equal((await get(x.as.pupil, `/api/home/family?pupilId=${x.otherPupil.id}`)).statusCode, 404);
    const mine = (await get(x.as.otherGuardian, '/api/home/family')).json();
    assert.deepEqual(
      mine.pupils.map((c: { pupil: { id: string } }) => c.pupil.id),
      [x.otherPupil.id],
    );
    assert.equal((await get(x.as.teacher, '/api/home/family')).json().error, 'FORBIDDEN');
  });

  test("news: every child's school and class, those still to read first; never another level's", async () => {
    const a = await makeSchool(t.db);
    const b = await makeSchool(t.db);
    const inA = await makePupil(t.db, a, { classId: (await makeClass(t.db, a, { level: '6e' })).id });
    const inB = await makePupil(t.db, b, { classId: (await makeClass(t.db, b, { level: '4e' })).id });
    await makeClass(t.db, b, { level: '3e' });
    const parent = await makeGuardian(t.db, { children: [{ id: inA.id, schoolId: a.id }] });
    await linkGuardian(t.db, parent.id, { id: inB.id, schoolId: b.id });
    const publish = async (school: SchoolFixture, title: string, levels: string[]) => {
      const secretary = await signIn(t.app, await makeStaff(t.db, school, ['secretariat']));
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/news',
        headers: secretary.headers,
        payload: { schoolId: school.id, title, body: title, audience: { publics: ['guardians'], levels } },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const first = await publish(a, 'Réunion des 6e', ['6e']);
    await publish(b, 'Brevet blanc', ['4e']);
    await publish(b, 'Voyage des 3e', ['3e']);
    const s = await signIn(t.app, parent);
    await t.app.inject({ method: 'POST', url: `/api/news/${first}/read`, headers: s.headers });
    const home = (await get(s, '/api/home/family')).json();
    assert.deepEqual(
      home.news.map((n: { title: string; toRead: boolean }) => [n.title, n.toRead]),
      [
        ['Brevet blanc', true],
        ['Réunion des 6e', false],
      ],
    );
    assert.equal(home.newsToRead, 1);
  });
});
