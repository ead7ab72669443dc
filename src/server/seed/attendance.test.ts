import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../test/app.ts';
import { makeClass, makeCourse, makePupil, makeSchool, makeTeacher } from '../../../test/factories.ts';
import { addDays, mondayOf, SchoolCalendar } from '../modules/timetable/timetable.calendar.ts';
import { seedAttendance } from './attendance.ts';

describe('demo attendance seed', () => {
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
    for (let i = 0; i < 24; i++) await makePupil(t.db, school, { classId: cls.id });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    for (const weekday of [1, 2, 4, 5]) {
      for (const [startsAt, endsAt] of [
        ['08:00', '09:00'],
        ['10:00', '11:00'],
        ['14:00', '15:00'],
      ] as const) {
        await makeCourse(t.db, school, { teacherIds: [teacher.id], classId: cls.id, weekday, startsAt, endsAt });
      }
    }
    const y = await t.db
      .selectFrom('school_years')
      .select(['starts_on', 'ends_on'])
      .where('id', '=', school.yearId)
      .executeTakeFirstOrThrow();
    const cal = new SchoolCalendar({ yearStart: y.starts_on, yearEnd: y.ends_on, zone: 'C' });
    let monday = mondayOf(addDays(y.starts_on, 35));
    while (![0, 1, 2, 3, 4].every((i) => cal.isSchoolDay(addDays(monday, i)))) monday = addDays(monday, 7);
    // Thursday 10:30 in Paris: the 08:00 and 10:00 sessions of that day have started.
    const today = addDays(monday, 3);
    return { school, today, now: `${today}T09:30:00.000Z` };
  }

  const snapshot = async (schoolId: string) => {
    const rc = await t.db
      .selectFrom('roll_calls')
      .select(['session_key', 'pupil_count', 'absent_count', 'late_count', 'taken_at'])
      .where('school_id', '=', schoolId)
      .orderBy('session_key')
      .execute();
    const ev = await t.db
      .selectFrom('attendance_events')
      .select(['pupil_id', 'session_key', 'kind', 'justification_status', 'minutes_late'])
      .where('school_id', '=', schoolId)
      .orderBy('session_key')
      .orderBy('pupil_id')
      .execute();
    return { rc, ev };
  };

  test('several weeks of roll calls, today up to now with a few missing; deterministic', async () => {
    const c = await college();
    const counts = await seedAttendance(t.db, { schoolId: c.school.id, today: c.today, now: c.now });
    assert.ok((counts.roll_calls ?? 0) > 30, JSON.stringify(counts));
    const first = await snapshot(c.school.id);
    assert.ok(first.rc.every((r) => r.session_key.split(':')[1]! <= c.today));
    const todays = first.rc.filter((r) => r.session_key.endsWith(c.today));
    assert.ok(todays.length <= 2, 'only sessions that started have a roll call');
    assert.ok(first.ev.some((e) => e.kind === 'absence'));
    const sums = first.rc.reduce((a, r) => ({ p: a.p + r.pupil_count, a: a.a + r.absent_count }), { p: 0, a: 0 });
    assert.ok(sums.a / sums.p > 0.005 && sums.a / sums.p < 0.15, `absence rate ${sums.a / sums.p}`);

    await t.db.deleteFrom('justifications').where('school_id', '=', c.school.id).execute();
    await t.db.deleteFrom('attendance_events').where('school_id', '=', c.school.id).execute();
    await t.db.deleteFrom('roll_calls').where('school_id', '=', c.school.id).execute();
    await seedAttendance(t.db, { schoolId: c.school.id, today: c.today, now: c.now });
    assert.deepEqual(await snapshot(c.school.id), first);
  });
});
