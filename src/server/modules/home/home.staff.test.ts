import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeAttendanceEvent,
  makeClass,
  makeCourse,
  makeGuardian,
  makePeriod,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import type { Actor, StaffFunction } from '../../lib/policy.ts';
import { setSchoolSetting } from '../../lib/school-settings.ts';
import { ensureReasons } from '../attendance/attendance.reasons.ts';
import { ATTENDANCE_SETTINGS } from '../attendance/attendance.service.ts';
import { addDays, SchoolCalendar, weekdayOf } from '../timetable/timetable.calendar.ts';
import { getStaffHome } from './home.staff.service.ts';

/** A school day (Monday to Friday, not Wednesday) of the year, before today: its sessions exist. */
async function aSchoolDay(t: TestContext, yearId: string) {
  const y = await t.db
    .selectFrom('school_years')
    .select(['starts_on', 'ends_on'])
    .where('id', '=', yearId)
    .executeTakeFirstOrThrow();
  const cal = new SchoolCalendar({ yearStart: y.starts_on, yearEnd: y.ends_on, zone: 'C' });
  for (let d = addDays(todayInParis(), -1); d >= y.starts_on; d = addDays(d, -1)) {
    if (weekdayOf(d) <= 5 && weekdayOf(d) !== 3 && cal.isSchoolDay(d)) return d;
  }
  throw new Error('no past school day this year');
}

const actorOf = (
  p: { id: string; login: string },
  schoolId: string,
  kinds: Array<'teacher' | 'staff'>,
  fns: StaffFunction[] = [],
): Actor => ({
  personId: p.id,
  login: p.login,
  firstName: 'X',
  lastName: 'Y',
  locale: 'fr',
  isDeploymentAdmin: false,
  profiles: kinds.map((kind) => ({ schoolId, kind })),
  functions: fns.map((fn) => ({ schoolId, fn })),
  currentSchoolId: schoolId,
  sessionHash: '',
});

/** 10:30 in Paris on `date` (winter or summer time alike: Paris is UTC+1 or +2). */
const parisAt = (date: string, time: string) => {
  for (const offset of [1, 2]) {
    const d = new Date(`${date}T${time}:00Z`);
    d.setUTCHours(d.getUTCHours() - offset);
    const shown = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
    }).format(d);
    if (shown === time) return d;
  }
  throw new Error('no such Paris time');
};

describe('GET /api/schools/:schoolId/home/staff', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function setup() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const cls = await makeClass(t.db, school, { code: '4A', level: '4e' });
    const cls2 = await makeClass(t.db, school, { code: '4B', level: '4e' });
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const colleague = await makeTeacher(t.db, school, { classIds: [cls2.id] });
    const date = await aSchoolDay(t, school.yearId);
    // Past days' roll calls stay open to teachers (the default closes them at the end of the day).
    await setSchoolSetting(
      t.db,
      school.id,
      ATTENDANCE_SETTINGS,
      { lockMode: 'end_of_day', lockHours: 744, justificationDays: 30 },
      null,
    );
    const weekday = weekdayOf(date);
    const first = await makeCourse(t.db, school, {
      teacherIds: [teacher.id],
      classId: cls.id,
      weekday,
      startsAt: '08:00',
      endsAt: '09:00',
    });
    const second = await makeCourse(t.db, school, {
      teacherIds: [teacher.id],
      classId: cls.id,
      weekday,
      startsAt: '11:00',
      endsAt: '12:00',
    });
    await makeCourse(t.db, school, {
      teacherIds: [colleague.id],
      classId: cls2.id,
      weekday,
      startsAt: '09:00',
      endsAt: '10:00',
    });
    return {
      school,
      other,
      cls,
      pupil,
      guardian,
      teacher,
      colleague,
      date,
      first,
      second,
      cpe: await makeStaff(t.db, school, ['cpe']),
      principal: await makeStaff(t.db, school, ['principal']),
      accueil: await makeStaff(t.db, school, ['accueil']),
      social: await makeStaff(t.db, school, ['assistante_sociale']),
      otherCpe: await makeStaff(t.db, other, ['cpe']),
    };
  }

  test('a teacher: today’s sessions in order, the next one, and which roll calls are due', async () => {
    const f = await setup();
    const at = parisAt(f.date, '10:30');
    const home = await getStaffHome(t.db, actorOf(f.teacher, f.school.id, ['teacher']), f.school.id, at);
    assert.equal(home.date, f.date);
    assert.ok(home.teacher);
    assert.deepEqual(
      home.teacher.sessions.map((s) => [s.courseId, s.startsAt, s.rollCall, s.class?.code, s.keyDate]),
      [
        [f.first.id, '08:00', 'due', '4A', f.date],
        [f.second.id, '11:00', 'later', '4A', f.date],
      ],
    );
    assert.equal(home.teacher.nextKey, home.teacher.sessions[1]?.key);
    // A teacher sees no vie scolaire figures.
    assert.equal(home.attendance, null);
    assert.equal(home.toReport, null);
    assert.equal(home.reportCards, null);
    assert.equal(home.directory, false);

    // Once the roll call is taken it is "done"; after the last session there is no next one.
    const s = await signIn(t.app, f.teacher);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/attendance/sessions/${f.first.id}/${f.date}`,
      headers: s.headers,
      payload: { version: null, absent: [], late: [] },
    });
    assert.equal(put.statusCode, 200, put.body);
    const later = await getStaffHome(
      t.db,
      actorOf(f.teacher, f.school.id, ['teacher']),
      f.school.id,
      parisAt(f.date, '18:00'),
    );
    assert.equal(later.teacher?.sessions[0]?.rollCall, 'done');
    assert.equal(later.teacher?.nextKey, null);
  });

  test('the CPE: missing roll calls, pending justifications and pupils to report, counted', async () => {
    const f = await setup();
    const cpe = actorOf(f.cpe, f.school.id, ['staff'], ['cpe']);
    const at = parisAt(f.date, '10:30');
    const before = await getStaffHome(t.db, cpe, f.school.id, at);
    assert.deepEqual(before.attendance, { missingRollCalls: 3 - 1, pendingJustifications: 0 });
    assert.equal(before.teacher, null);
    assert.equal(before.directory, true);

    const event = await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: f.date });
    const reason = (await ensureReasons(t.db, f.school.id)).find((r) => r.is_valid === 1);
    const g = await signIn(t.app, f.guardian);
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/justifications',
      headers: g.headers,
      payload: { pupilId: f.pupil.id, eventIds: [event.id], reasonId: reason?.id },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const after = await getStaffHome(t.db, cpe, f.school.id, at);
    assert.equal(after.attendance?.pendingJustifications, 1);
    assert.equal(typeof after.toReport, 'number');
  });

  test('direction: report cards of the last ended period not yet published; reception: the directory only', async () => {
    const f = await setup();
    await makePeriod(t.db, f.school, {
      number: 1,
      startsOn: addDays(todayInParis(), -90),
      endsOn: addDays(todayInParis(), -2),
    });
    const s = await signIn(t.app, f.principal);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/home/staff`,
      headers: s.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.reportCards.classes, 2);
    assert.equal(body.reportCards.unpublishedClasses, 2);
    assert.ok(body.attendance);

    const reception = await signIn(t.app, f.accueil);
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/home/staff`,
      headers: reception.headers,
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(
      { ...(r.json() as object), date: '', asOf: '' },
      {
        date: '',
        asOf: '',
        teacher: null,
        attendance: null,
        toReport: null,
        reportCards: null,
        followup: { actions: [], meetings: [] },
        directory: true,
        handIns: null,
      },
    );
    // The assistante sociale follows the pupils "à signaler".
    const social = await signIn(t.app, f.social);
    const sr = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/home/staff`,
      headers: social.headers,
    });
    assert.equal(typeof sr.json().toReport, 'number');
    assert.equal(sr.json().attendance, null);
  });

  test('refusals', async () => {
    const f = await setup();
    const otherFamily = await makeGuardian(t.db, {
      children: [{ id: (await makePupil(t.db, f.school)).id, schoolId: f.school.id }],
    });
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/schools/${f.school.id}/home/staff` },
      {
        otherSchool: await signIn(t.app, f.otherCpe),
        otherFamily: await signIn(t.app, otherFamily),
        wrongProfile: await signIn(t.app, f.pupil),
      },
    );
  });
});
