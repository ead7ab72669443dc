import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, signIn, type TestContext } from '../../../test/app.ts';
import { makeClass, makeCourse, makePupil, makeSchool, makeSubject, makeTeacher } from '../../../test/factories.ts';
import { addDays, mondayOf, SchoolCalendar } from '../modules/timetable/timetable.calendar.ts';
import { seedCahier } from './cahier.ts';

describe('demo cahier de textes seed', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function college() {
    const school = await makeSchool(t.db);
    const cls = await makeClass(t.db, school, { code: '4B' });
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    await makePupil(t.db, school, { classId: cls.id });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const maths = await makeSubject(t.db, school, { code: 'MATHEMATIQUES', label: 'Mathématiques' });
    const hist = await makeSubject(t.db, school, { code: 'HISTOIRE-GEOGRAPHIE', label: 'Histoire-géographie-EMC' });
    for (const [subjectId, weekday] of [
      [maths.id, 1],
      [maths.id, 3],
      [hist.id, 2],
      [hist.id, 5],
    ] as const) {
      await makeCourse(t.db, school, { teacherIds: [teacher.id], classId: cls.id, subjectId, weekday });
    }
    const y = await t.db
      .selectFrom('school_years')
      .select(['starts_on', 'ends_on'])
      .where('id', '=', school.yearId)
      .executeTakeFirstOrThrow();
    const cal = new SchoolCalendar({ yearStart: y.starts_on, yearEnd: y.ends_on, zone: 'C' });
    let monday = mondayOf(addDays(y.starts_on, 21));
    while (![0, 1, 2, 3, 4].every((i) => cal.isSchoolDay(addDays(monday, i)))) monday = addDays(monday, 7);
    return { school, pupil, today: addDays(monday, 2) };
  }

  const snapshot = async (schoolId: string) => {
    const contents = await t.db
      .selectFrom('session_contents')
      .select(['session_date', 'content', 'status'])
      .where('school_id', '=', schoolId)
      .execute();
    const homework = await t.db
      .selectFrom('homework')
      .select(['session_date', 'due_date', 'instructions', 'estimated_minutes'])
      .where('school_id', '=', schoolId)
      .execute();
    const key = (r: object) => JSON.stringify(r);
    return { contents: contents.map(key).sort(), homework: homework.map(key).sort() };
  };

  test('writes French contents and homework for past sessions, deterministically', async () => {
    const a = await college();
    const counts = await seedCahier(t.db, {
      schoolId: a.school.id,
      today: a.today,
      now: new Date().toISOString(),
      weeks: 3,
    });
    assert.ok((counts.session_contents ?? 0) >= 8, JSON.stringify(counts));
    assert.ok((counts.homework ?? 0) >= 2, JSON.stringify(counts));
    const rows = await t.db.selectFrom('homework').selectAll().where('school_id', '=', a.school.id).execute();
    for (const h of rows) {
      assert.ok(h.session_date !== null && h.due_date > h.session_date, 'due after the session it was set in');
      assert.ok(h.due_date >= addDays(a.today, -21));
    }
    const contents = await t.db
      .selectFrom('session_contents')
      .selectAll()
      .where('school_id', '=', a.school.id)
      .execute();
    assert.ok(contents.every((c) => c.session_date <= a.today));

    const b = await college();
    await seedCahier(t.db, { schoolId: b.school.id, today: b.today, now: new Date().toISOString(), weeks: 3 });
    assert.deepEqual(await snapshot(b.school.id), await snapshot(a.school.id), 'same school, same cahier');

    // The API serves it: the pupil sees their homework with done ticks.
    const s = await signIn(t.app, a.pupil);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/homework/pupils/${a.pupil.id}?from=${addDays(a.today, -21)}&to=${addDays(a.today, 14)}`,
      headers: s.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().items.length, counts.homework);
  });

  test('a school without a timetable gets nothing', async () => {
    const school = await makeSchool(t.db);
    assert.deepEqual(
      await seedCahier(t.db, { schoolId: school.id, today: '2026-12-01', now: new Date().toISOString() }),
      {},
    );
  });
});
