import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeCourse,
  makeGuardian,
  makePupil,
  makeSchool,
  makeSessionChange,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { setSchoolSetting } from '../../lib/school-settings.ts';
import { addDays, SchoolCalendar, weekdayOf } from '../timetable/timetable.calendar.ts';
import { ATTENDANCE_SETTINGS } from './attendance.service.ts';

/** The last school day (Monday to Friday) before today: its sessions have taken place. */
async function lastSchoolDay(t: TestContext, yearId: string) {
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

describe('attendance: roll calls', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function setup(o: { openForTeachers?: boolean } = {}) {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const cls = await makeClass(t.db, school, { level: '4e' });
    const pupils = [];
    for (let i = 0; i < 4; i++) pupils.push(await makePupil(t.db, school, { classId: cls.id }));
    const [p0, p1, p2] = pupils as [(typeof pupils)[0], (typeof pupils)[0], (typeof pupils)[0]];
    const guardian = await makeGuardian(t.db, { children: [{ id: p0.id, schoolId: school.id }] });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: p0.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const outsider = await makePupil(t.db, school);
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: outsider.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const teacher2 = await makeTeacher(t.db, school);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const ae = await makeStaff(t.db, school, ['assistant_education']);
    const secretariat = await makeStaff(t.db, school, ['secretariat']);
    const otherCpe = await makeStaff(t.db, other, ['cpe']);
    const otherTeacher = await makeTeacher(t.db, other);
    const date = await lastSchoolDay(t, school.yearId);
    const course = await makeCourse(t.db, school, {
      teacherIds: [teacher.id],
      classId: cls.id,
      weekday: weekdayOf(date),
      startsAt: '08:00',
      endsAt: '09:00',
    });
    if (o.openForTeachers) {
      await setSchoolSetting(
        t.db,
        school.id,
        ATTENDANCE_SETTINGS,
        {
          lockMode: 'end_of_day',
          lockHours: 744,
          justificationDays: 30,
        },
        null,
      );
    }
    const url = `/api/attendance/sessions/${course.id}/${date}`;
    const key = `${course.id}:${date}`;
    return {
      school,
      other,
      cls,
      pupils,
      p0,
      p1,
      p2,
      guardian,
      restricted,
      outsider,
      otherGuardian,
      teacher,
      teacher2,
      cpe,
      ae,
      secretariat,
      otherCpe,
      otherTeacher,
      date,
      course,
      url,
      key,
    };
  }

  const eventsOf = (key: string) =>
    t.db.selectFrom('attendance_events').selectAll().where('session_key', '=', key).orderBy('pupil_id').execute();

  test('the teacher sees the class present by default, records it in one request, families are told', async () => {
    const f = await setup({ openForTeachers: true });
    const s = await signIn(t.app, f.teacher);
    const res = await t.app.inject({ method: 'GET', url: f.url, headers: s.headers });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.pupils.length, 4);
    assert.ok(body.pupils.every((p: { status: string }) => p.status === 'present'));
    assert.equal(body.rollCall, null);
    assert.equal(body.abilities.record, true);

    const put = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: s.headers,
      payload: { version: null, absent: [f.p0.id], late: [{ pupilId: f.p1.id, minutes: 10 }] },
    });
    assert.equal(put.statusCode, 200, put.body);
    const rc = put.json();
    assert.equal(rc.rollCall.version, 1);
    assert.equal(rc.pupils.find((p: { id: string }) => p.id === f.p0.id).status, 'absent');
    const late = rc.pupils.find((p: { id: string }) => p.id === f.p1.id);
    assert.deepEqual([late.status, late.minutesLate], ['late', 10]);

    const stored = await eventsOf(f.key);
    assert.equal(stored.length, 2);
    const row = await t.db
      .selectFrom('roll_calls')
      .selectAll()
      .where('session_key', '=', f.key)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.pupil_count, row.absent_count, row.late_count], [4, 1, 1]);

    // The guardian without court restriction is told; the restricted one is not.
    const notes = await t.db.selectFrom('notifications').select(['person_id', 'kind']).execute();
    assert.ok(notes.some((n) => n.person_id === f.guardian.id && n.kind === 'absence.unexplained'));
    assert.ok(!notes.some((n) => n.person_id === f.restricted.id));

    // Idempotent: the same state again (a retry with the old version) changes nothing.
    const again = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: s.headers,
      payload: { version: null, absent: [f.p0.id], late: [{ pupilId: f.p1.id, minutes: 10 }] },
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().rollCall.version, 1);
    assert.deepEqual(
      (await eventsOf(f.key)).map((e) => e.id),
      stored.map((e) => e.id),
    );
    const sent = await t.db.selectFrom('notifications').select('id').where('person_id', '=', f.guardian.id).execute();
    assert.equal(sent.length, 1);

    // A correction: p0 came after all (late), p2 absent; p1's lateness is kept with new minutes.
    const fix = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: s.headers,
      payload: {
        version: 1,
        absent: [f.p2.id],
        late: [
          { pupilId: f.p0.id, minutes: 5 },
          { pupilId: f.p1.id, minutes: 15 },
        ],
      },
    });
    assert.equal(fix.statusCode, 200, fix.body);
    assert.equal(fix.json().rollCall.version, 2);
    const after = await eventsOf(f.key);
    assert.equal(after.length, 3);
    assert.equal(after.find((e) => e.pupil_id === f.p1.id)?.minutes_late, 15);
    assert.equal(after.find((e) => e.pupil_id === f.p0.id)?.kind, 'lateness');
  });

  test('roll call routes refuse anonymous, another school, families and the wrong profile', async () => {
    const f = await setup({ openForTeachers: true });
    const who = {
      otherSchool: await signIn(t.app, f.otherCpe),
      otherFamily: await signIn(t.app, f.otherGuardian),
      wrongProfile: await signIn(t.app, f.secretariat),
    };
    await assertRefusals(t.app, { method: 'GET', url: f.url }, who);
    await assertRefusals(
      t.app,
      { method: 'PUT', url: f.url, payload: { version: null, absent: [f.p0.id], late: [] } },
      who,
      async () => {
        assert.equal((await eventsOf(f.key)).length, 0);
        const rc = await t.db.selectFrom('roll_calls').select('id').where('session_key', '=', f.key).execute();
        assert.equal(rc.length, 0);
      },
    );
    // A pupil of the class cannot open it either.
    const pupil = await signIn(t.app, f.p0);
    const res = await t.app.inject({ method: 'GET', url: f.url, headers: pupil.headers });
    assert.equal(res.statusCode, 404);
  });

  test("a teacher cannot take another teacher's roll call; the replacement teacher can, the replaced one cannot", async () => {
    const f = await setup({ openForTeachers: true });
    const other = await signIn(t.app, f.teacher2);
    const payload = { version: null, absent: [f.p0.id], late: [] };
    const refused = await t.app.inject({ method: 'PUT', url: f.url, headers: other.headers, payload });
    assert.equal(refused.statusCode, 403);
    assert.equal((await eventsOf(f.key)).length, 0);

    await makeSessionChange(t.db, f.school, {
      courseId: f.course.id,
      sessionDate: f.date,
      replacementTeacherId: f.teacher2.id,
    });
    const replaced = await signIn(t.app, f.teacher);
    const byReplaced = await t.app.inject({ method: 'PUT', url: f.url, headers: replaced.headers, payload });
    assert.equal(byReplaced.statusCode, 403);
    const ok = await t.app.inject({ method: 'PUT', url: f.url, headers: other.headers, payload });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().rollCall.takenBy, f.teacher2.id);
  });

  test('a cancelled session needs no roll call (409 SESSION_CANCELLED)', async () => {
    const f = await setup({ openForTeachers: true });
    await makeSessionChange(t.db, f.school, { courseId: f.course.id, sessionDate: f.date, cancelled: true });
    const s = await signIn(t.app, f.teacher);
    const get = await t.app.inject({ method: 'GET', url: f.url, headers: s.headers });
    assert.equal(get.statusCode, 200);
    assert.equal(get.json().session.cancelled, true);
    assert.equal(get.json().abilities.record, false);
    const put = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: s.headers,
      payload: { version: null, absent: [], late: [] },
    });
    assert.equal(put.statusCode, 409);
    assert.equal(put.json().error, 'SESSION_CANCELLED');
  });

  test('after the delay the roll call is locked for the teacher, vie scolaire still corrects it', async () => {
    const f = await setup(); // default: locked at midnight of the session's day, which is past
    const s = await signIn(t.app, f.teacher);
    const put = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: s.headers,
      payload: { version: null, absent: [f.p0.id], late: [] },
    });
    assert.equal(put.statusCode, 409);
    assert.equal(put.json().error, 'ROLL_CALL_LOCKED');
    assert.equal((await eventsOf(f.key)).length, 0);
    const cpe = await signIn(t.app, f.cpe);
    const fix = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: cpe.headers,
      payload: { version: null, absent: [f.p0.id], late: [] },
    });
    assert.equal(fix.statusCode, 200, fix.body);
  });

  test('two staff correcting the same roll call at once: one gets 409 with the current state, no lost update', async () => {
    const f = await setup({ openForTeachers: true });
    const teacher = await signIn(t.app, f.teacher);
    const first = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: teacher.headers,
      payload: { version: null, absent: [f.p0.id], late: [] },
    });
    assert.equal(first.statusCode, 200);
    const cpe = await signIn(t.app, f.cpe);
    const ae = await signIn(t.app, f.ae);
    const [a, b] = await Promise.all([
      t.app.inject({
        method: 'PUT',
        url: f.url,
        headers: cpe.headers,
        payload: { version: 1, absent: [f.p0.id, f.p1.id], late: [] },
      }),
      t.app.inject({
        method: 'PUT',
        url: f.url,
        headers: ae.headers,
        payload: { version: 1, absent: [], late: [{ pupilId: f.p2.id, minutes: 20 }] },
      }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    assert.deepEqual(codes, [200, 409], `${a.body} ${b.body}`);
    const [won, lost] = a.statusCode === 200 ? [a, b] : [b, a];
    assert.equal(lost.json().error, 'CONFLICT');
    assert.equal(lost.json().details.current.rollCall.version, 2);
    // What is stored is the winner's roll call, whole.
    const stored = await eventsOf(f.key);
    const wonPupils = won.json().pupils.filter((p: { status: string }) => p.status !== 'present');
    assert.deepEqual(stored.map((e) => e.pupil_id).sort(), wonPupils.map((p: { id: string }) => p.id).sort());
    // The loser re-applies on the current version: nothing is lost.
    const retry = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: (a.statusCode === 200 ? ae : cpe).headers,
      payload: { version: 2, absent: [f.p0.id, f.p1.id], late: [{ pupilId: f.p2.id, minutes: 20 }] },
    });
    assert.equal(retry.statusCode, 200, retry.body);
    assert.equal((await eventsOf(f.key)).length, 3);
  });

  test('bad input changes nothing: a pupil not in the session, a pupil twice, another school, a stale version', async () => {
    const f = await setup({ openForTeachers: true });
    const s = await signIn(t.app, f.teacher);
    const notIn = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: s.headers,
      payload: { version: null, absent: [f.p0.id, f.outsider.id], late: [] },
    });
    assert.equal(notIn.statusCode, 400);
    assert.deepEqual(notIn.json().details.notInSession, [f.outsider.id]);
    const twice = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: s.headers,
      payload: { version: null, absent: [f.p0.id], late: [{ pupilId: f.p0.id, minutes: 3 }] },
    });
    assert.equal(twice.statusCode, 400);
    const unknown = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: s.headers,
      payload: { version: null, absent: ['no-such-pupil'], late: [] },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal((await eventsOf(f.key)).length, 0);
    assert.equal(
      (await t.db.selectFrom('roll_calls').select('id').where('session_key', '=', f.key).execute()).length,
      0,
    );
    // A session of another school is not found, even for its vie scolaire counterpart.
    const otherCpe = await signIn(t.app, f.otherCpe);
    const foreign = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: otherCpe.headers,
      payload: { version: null, absent: [], late: [] },
    });
    assert.equal(foreign.statusCode, 404);
    // A date the course does not run on.
    const wrongDay = await t.app.inject({
      method: 'GET',
      url: `/api/attendance/sessions/${f.course.id}/${addDays(f.date, 1)}`,
      headers: s.headers,
    });
    assert.equal(wrongDay.statusCode, 404);
    // A stale version with another state is a conflict.
    await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: s.headers,
      payload: { version: null, absent: [f.p0.id], late: [] },
    });
    const stale = await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: s.headers,
      payload: { version: null, absent: [f.p1.id], late: [] },
    });
    assert.equal(stale.statusCode, 409);
    assert.deepEqual(
      (await eventsOf(f.key)).map((e) => e.pupil_id),
      [f.p0.id],
    );
  });

  test('a session of a later day cannot be called yet', async () => {
    const f = await setup({ openForTeachers: true });
    const extraId = newId();
    await t.db
      .insertInto('extra_sessions')
      .values({
        id: extraId,
        school_id: f.school.id,
        course_id: f.course.id,
        date: addDays(todayInParis(), 1),
        starts_at: '08:00',
        ends_at: '09:00',
        room_id: null,
        teacher_id: null,
        cancelled: 0,
        reason: 'Rattrapage',
        created_by: null,
        created_at: nowIso(),
      })
      .execute();
    const s = await signIn(t.app, f.teacher);
    const url = `/api/attendance/extra-sessions/${extraId}`;
    const get = await t.app.inject({ method: 'GET', url, headers: s.headers });
    assert.equal(get.statusCode, 200, get.body);
    assert.equal(get.json().abilities.record, false);
    const put = await t.app.inject({
      method: 'PUT',
      url,
      headers: s.headers,
      payload: { version: null, absent: [f.p0.id], late: [] },
    });
    assert.equal(put.statusCode, 400);
    const rc = await t.db.selectFrom('roll_calls').select('id').where('course_id', '=', f.course.id).execute();
    assert.equal(rc.length, 0);
  });

  test('missing roll calls: listed for vie scolaire with teacher, class and site; the teacher is reminded', async () => {
    const f = await setup({ openForTeachers: true });
    const cpe = await signIn(t.app, f.cpe);
    const url = `/api/schools/${f.school.id}/attendance/missing?date=${f.date}`;
    const res = await t.app.inject({ method: 'GET', url, headers: cpe.headers });
    assert.equal(res.statusCode, 200, res.body);
    const item = res.json().items.find((i: { sessionKey: string }) => i.sessionKey === f.key);
    assert.ok(item, 'the session is missing');
    assert.equal(item.class, f.cls.code);
    assert.equal(item.teachers[0].id, f.teacher.id);
    assert.equal(item.site.id, f.school.siteId);

    const remind = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/attendance/missing/remind`,
      headers: cpe.headers,
      payload: { sessionKeys: [f.key] },
    });
    assert.equal(remind.statusCode, 200, remind.body);
    assert.equal(remind.json().notified, 1);
    const notes = await t.db
      .selectFrom('notifications')
      .select(['kind', 'link'])
      .where('person_id', '=', f.teacher.id)
      .execute();
    assert.deepEqual(
      notes.map((n) => n.kind),
      ['attendance.reminder'],
    );
    // The reminder opens the web app's roll-call page.
    assert.equal(notes[0]?.link, `/appel/${f.course.id}/${f.date}`);

    const teacher = await signIn(t.app, f.teacher);
    await t.app.inject({
      method: 'PUT',
      url: f.url,
      headers: teacher.headers,
      payload: { version: null, absent: [], late: [] },
    });
    const after = await t.app.inject({ method: 'GET', url, headers: cpe.headers });
    assert.ok(!after.json().items.some((i: { sessionKey: string }) => i.sessionKey === f.key));

    // Another site of another school: not found; an unknown session key: nothing sent.
    const badSite = await t.app.inject({
      method: 'GET',
      url: `${url}&siteId=${f.other.siteId}`,
      headers: cpe.headers,
    });
    assert.equal(badSite.statusCode, 404);
    const badKey = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/attendance/missing/remind`,
      headers: cpe.headers,
      payload: { sessionKeys: [`${f.course.id}:${addDays(f.date, 1)}`] },
    });
    assert.equal(badKey.statusCode, 404);

    const who = {
      otherSchool: await signIn(t.app, f.otherCpe),
      otherFamily: await signIn(t.app, f.otherGuardian),
      wrongProfile: teacher,
    };
    await assertRefusals(t.app, { method: 'GET', url }, who);
    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: `/api/schools/${f.school.id}/attendance/missing/remind`,
        payload: { sessionKeys: [f.key] },
      },
      who,
    );
  });
});
