import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeCourse,
  makeGroup,
  makeGuardian,
  makePeriod,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeSubject,
  makeTeacher,
} from '../../../../test/factories.ts';
import { addDays, mondayOf, SchoolCalendar } from '../timetable/timetable.calendar.ts';

/** Who reads a pupil's homework list: the pupil, guardians, their teachers, vie scolaire and direction — nobody else. */
describe('homework: the audience of a pupil’s list', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  /** A Monday of the school year that is a school day (zone C), for a session of a Monday course. */
  async function firstSchoolMonday(yearId: string) {
    const y = await t.db
      .selectFrom('school_years')
      .select(['starts_on', 'ends_on'])
      .where('id', '=', yearId)
      .executeTakeFirstOrThrow();
    const cal = new SchoolCalendar({ yearStart: y.starts_on, yearEnd: y.ends_on, zone: 'C' });
    for (let m = mondayOf(addDays(y.starts_on, 7)); m < y.ends_on; m = addDays(m, 7)) {
      if (cal.isSchoolDay(m)) return m;
    }
    throw new Error('no school Monday');
  }

  const get = (who: Session, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers });

  test('secretariat, the school administrator and a deployment administrator do not read it', async () => {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const cls = await makeClass(t.db, school);
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const otherPupil = await makePupil(t.db, school);
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const s = (p: { login: string; password: string }) => signIn(t.app, p);
    const url = `/api/homework/pupils/${pupil.id}`;

    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: await s(await makeStaff(t.db, other, ['principal'])),
        otherFamily: await s(otherGuardian),
        wrongProfile: await s(await makeStaff(t.db, school, ['secretariat'])),
      },
    );
    const refused = [
      await s(await makeStaff(t.db, school, ['secretariat'])),
      await s(await makeStaff(t.db, school, ['school_admin'])),
      await s(await makeStaff(t.db, school, ['accueil'])),
      // a deployment administrator with a profile in another school, and one with none
      await s(await makePerson(t.db, { schoolId: other.id, profiles: ['staff'], deploymentAdmin: true })),
      await s(await makePerson(t.db, { deploymentAdmin: true })),
    ];
    for (const who of refused) assert.equal((await get(who, url)).statusCode, 404);

    const allowed = [
      await s(pupil),
      await s(guardian),
      await s(teacher),
      await s(await makeStaff(t.db, school, ['cpe'])),
      await s(await makeStaff(t.db, school, ['assistant_education'])),
      await s(await makeStaff(t.db, school, ['principal'])),
      await s(await makeStaff(t.db, school, ['deputy'])),
    ];
    for (const who of allowed) assert.equal((await get(who, url)).statusCode, 200);
  });

  test('a teacher sets homework only in a subject they teach to that class or group', async () => {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const cls = await makeClass(t.db, school);
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] }); // teaches one subject to the class
    const history = await makeSubject(t.db, school, { code: 'HG', label: 'Histoire-géographie' });
    const group = await makeGroup(t.db, school, { pupilIds: [pupil.id] });
    // a course of another subject to the group: the teacher teaches that subject there, not history
    const latin = await makeSubject(t.db, school, { code: 'LCA', label: 'Latin' });
    await makeCourse(t.db, school, { teacherIds: [teacher.id], groupIds: [group.id], subjectId: latin.id });
    const as = await signIn(t.app, teacher);
    const body = (more: Record<string, unknown>) => ({
      dueDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
      instructions: 'Lire le chapitre 4',
      estimatedMinutes: 20,
      status: 'published',
      ...more,
    });
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/homework', headers: as.headers, payload });
    const count = async () =>
      (await t.db.selectFrom('homework').select('id').where('school_id', '=', school.id).execute()).length;

    for (const wrong of [
      { classId: cls.id, subjectId: history.id },
      { groupId: group.id, subjectId: history.id },
      { classId: cls.id, subjectId: latin.id }, // latin is taught to the group, not to the whole class
    ]) {
      const res = await post(body(wrong));
      assert.equal(res.statusCode, 403, `${JSON.stringify(wrong)}: ${res.body}`);
    }
    assert.equal(await count(), 0);
    await assertRefusals(
      t.app,
      { method: 'POST', url: '/api/homework', payload: body({ classId: cls.id, subjectId: teacher.subjectId }) },
      {
        otherSchool: await signIn(t.app, await makeTeacher(t.db, other)),
        otherFamily: await signIn(t.app, guardian),
        wrongProfile: await signIn(t.app, await makeTeacher(t.db, school)),
      },
      async () => assert.equal(await count(), 0),
    );
    assert.equal((await post(body({ classId: cls.id, subjectId: teacher.subjectId }))).statusCode, 201);
    assert.equal((await post(body({ groupId: group.id, subjectId: latin.id }))).statusCode, 201);
    assert.equal(await count(), 2);
  });

  test('every other teacher write is bound to the teaching, not to the school: assessments, appreciations, roll calls', async () => {
    const school = await makeSchool(t.db);
    const cls = await makeClass(t.db, school);
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const period = await makePeriod(t.db, school);
    const maths = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const french = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const course = await makeCourse(t.db, school, {
      teacherIds: [french.id],
      classId: cls.id,
      subjectId: french.subjectId,
      weekday: 1,
    });
    const monday = await firstSchoolMonday(school.yearId);
    const as = await signIn(t.app, maths);
    const send = (method: 'POST' | 'PUT', url: string, payload: object) =>
      t.app.inject({ method, url, headers: as.headers, payload });
    const today = new Date().toISOString().slice(0, 10);

    // an assessment in French for the class, by the maths teacher
    const assessment = await send('POST', '/api/grades/assessments', {
      classId: cls.id,
      subjectId: french.subjectId,
      periodId: period.id,
      title: 'Dictée',
      date: today,
    });
    assert.ok([403, 404].includes(assessment.statusCode), assessment.body);
    assert.equal(
      (await t.db.selectFrom('assessments').select('id').where('school_id', '=', school.id).execute()).length,
      0,
    );
    // a French appreciation for a pupil of the class
    const appreciation = await send('PUT', '/api/report-cards/appreciations', {
      periodId: period.id,
      pupilId: pupil.id,
      subjectId: french.subjectId,
      text: 'Bon trimestre',
      version: null,
    });
    assert.ok([403, 404].includes(appreciation.statusCode), appreciation.body);
    assert.equal(
      (await t.db.selectFrom('appreciations').select('id').where('pupil_id', '=', pupil.id).execute()).length,
      0,
    );
    // the roll call of the French teacher's session of the same class
    const rollCall = await send('PUT', `/api/attendance/sessions/${course.id}/${monday}`, {
      version: null,
      absent: [pupil.id],
    });
    assert.ok([403, 404].includes(rollCall.statusCode), rollCall.body);
    assert.equal(
      (await t.db.selectFrom('roll_calls').select('id').where('course_id', '=', course.id).execute()).length,
      0,
    );
    // the French teacher reaches that roll call (locked by now: a past session), so the refusal above was about
    // who, not about the session
    const byFrench = await t.app.inject({
      method: 'PUT',
      url: `/api/attendance/sessions/${course.id}/${monday}`,
      headers: (await signIn(t.app, french)).headers,
      payload: { version: null, absent: [pupil.id] },
    });
    assert.ok(
      byFrench.statusCode === 200 || byFrench.json().error === 'ROLL_CALL_LOCKED',
      `${byFrench.statusCode} ${byFrench.body}`,
    );
    // the maths teacher's own service is open to them
    const own = await send('POST', '/api/grades/assessments', {
      classId: cls.id,
      subjectId: maths.subjectId,
      periodId: period.id,
      title: 'Fractions',
      date: today,
    });
    assert.equal(own.statusCode, 201, own.body);
  });
});
