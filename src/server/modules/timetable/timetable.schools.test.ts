import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeCourse,
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { newId } from '../../lib/ids.ts';

/** People of two schools: each school sees its own part of a shared teacher's week, nothing of the other. */
describe('timetable: a teacher on two collèges', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const get = (who: Session, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers });

  test('a school sees only its own courses of a shared teacher; the teacher sees both', async () => {
    const a = await makeSchool(t.db);
    const b = await makeSchool(t.db);
    const third = await makeSchool(t.db);
    const classA = await makeClass(t.db, a, { code: '4A' });
    const classB = await makeClass(t.db, b, { code: '4B' });
    const teacher = await makeTeacher(t.db, a, { classIds: [classA.id] });
    await t.db
      .insertInto('profiles')
      .values({ id: newId(), person_id: teacher.id, school_id: b.id, kind: 'teacher' })
      .execute();
    const courseA = await makeCourse(t.db, a, { teacherIds: [teacher.id], classId: classA.id, weekday: 1 });
    const courseB = await makeCourse(t.db, b, { teacherIds: [teacher.id], classId: classB.id, weekday: 2 });
    const pupilA = await makePupil(t.db, a, { classId: classA.id });
    const monday = await schoolMonday(a.yearId);
    const url = `/api/timetable/teachers/${teacher.id}/week?date=${monday}`;
    const coursesIn = (body: { sessions: Array<{ key: string }> }) =>
      [...new Set(body.sessions.map((s) => s.key.split(':')[0]))].sort();

    const staffA = await signIn(t.app, await makeStaff(t.db, a, ['principal']));
    const staffB = await signIn(t.app, await makeStaff(t.db, b, ['principal']));
    const fromA = await get(staffA, url);
    assert.equal(fromA.statusCode, 200, fromA.body);
    assert.deepEqual(coursesIn(fromA.json()), [courseA.id], 'school A sees none of school B');
    const fromB = await get(staffB, url);
    assert.deepEqual(coursesIn(fromB.json()), [courseB.id], 'school B sees none of school A');
    const own = await get(await signIn(t.app, teacher), url);
    assert.deepEqual(coursesIn(own.json()), [courseA.id, courseB.id].sort());

    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: await signIn(t.app, await makeStaff(t.db, third, ['principal'])),
        otherFamily: await signIn(t.app, await makeGuardian(t.db, { children: [{ id: pupilA.id, schoolId: a.id }] })),
        wrongProfile: await signIn(t.app, pupilA),
      },
    );
  });

  test('a deployment administrator does not read a pupil’s timetable', async () => {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const pupil = await makePupil(t.db, school);
    const url = `/api/timetable/pupils/${pupil.id}/week`;
    for (const p of [
      await makePerson(t.db, { deploymentAdmin: true }),
      await makePerson(t.db, { schoolId: other.id, profiles: ['staff'], deploymentAdmin: true }),
    ]) {
      assert.equal((await get(await signIn(t.app, p), url)).statusCode, 404);
    }
    assert.equal((await get(await signIn(t.app, await makeStaff(t.db, school, ['accueil'])), url)).statusCode, 200);
  });

  /** A Monday of the school year that is a school day (the second week: never a holiday in any zone). */
  async function schoolMonday(yearId: string) {
    const y = await t.db
      .selectFrom('school_years')
      .select('starts_on')
      .where('id', '=', yearId)
      .executeTakeFirstOrThrow();
    const d = new Date(`${y.starts_on}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 7 + ((8 - d.getUTCDay()) % 7));
    return d.toISOString().slice(0, 10);
  }
});
