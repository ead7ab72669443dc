import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGuardian,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
  type SchoolFixture,
} from '../../../../test/factories.ts';
import { newId } from '../../lib/ids.ts';
import { addDays, mondayOf } from './timetable.calendar.ts';

// A school week of the factories' school year (1 September – 31 August around today), never a holiday.
const MONDAY = '2026-11-30';

describe('timetable', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function makeRoom(school: SchoolFixture, code: string, siteId = school.siteId) {
    const id = newId();
    await t.db
      .insertInto('rooms')
      .values({ id, school_id: school.id, site_id: siteId, code, label: `Salle ${code}`, capacity: null })
      .execute();
    return id;
  }

  async function makeGroup(school: SchoolFixture, code: string, pupilIds: string[]) {
    const id = newId();
    await t.db
      .insertInto('groups')
      .values({ id, school_id: school.id, school_year_id: school.yearId, code, label: code, kind: 'lv2' })
      .execute();
    for (const p of pupilIds) {
      await t.db
        .insertInto('group_memberships')
        .values({ id: newId(), pupil_id: p, group_id: id, starts_on: '2000-01-01', ends_on: null })
        .execute();
    }
    return id;
  }

  async function setup() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const cls = await makeClass(t.db, school, { level: '6e' });
    const cls2 = await makeClass(t.db, school, { level: '6e' });
    const pupil = await makePupil(t.db, school, { classId: cls.id, firstName: 'Léa' });
    const sibling = await makePupil(t.db, school, { classId: cls2.id, firstName: 'Tom' });
    const guardian = await makeGuardian(t.db, {
      children: [
        { id: pupil.id, schoolId: school.id },
        { id: sibling.id, schoolId: school.id },
      ],
    });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const otherPupil = await makePupil(t.db, school, { classId: cls2.id });
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const teacher2 = await makeTeacher(t.db, school);
    const principal = await makeStaff(t.db, school, ['principal']);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const otherPrincipal = await makeStaff(t.db, other, ['principal']);
    const r1 = await makeRoom(school, `A${newId().slice(0, 4)}`);
    const r2 = await makeRoom(school, `B${newId().slice(0, 4)}`);
    const s = {
      principal: await signIn(t.app, principal),
      cpe: await signIn(t.app, cpe),
      teacher: await signIn(t.app, teacher),
      teacher2: await signIn(t.app, teacher2),
      pupil: await signIn(t.app, pupil),
      guardian: await signIn(t.app, guardian),
      restricted: await signIn(t.app, restricted),
      otherGuardian: await signIn(t.app, otherGuardian),
      otherPrincipal: await signIn(t.app, otherPrincipal),
    };
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${school.id}/timetable/courses`,
      headers: s.principal.headers,
      payload: {
        subjectId: teacher.subjectId,
        classId: cls.id,
        teacherIds: [teacher.id],
        roomId: r1,
        weekday: 1,
        startsAt: '08:00',
        endsAt: '09:00',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const course = res.json() as { id: string };
    return {
      school,
      other,
      cls,
      cls2,
      pupil,
      sibling,
      guardian,
      restricted,
      otherPupil,
      teacher,
      teacher2,
      r1,
      r2,
      s,
      course,
    };
  }

  const get = (url: string, who: Session) => t.app.inject({ method: 'GET', url, headers: who.headers });
  type Week = {
    weekLabel: string | null;
    sessions: Array<{
      key: string;
      status: string;
      changes: string[];
      startsAt: string;
      date: string;
      room: { id: string } | null;
      teachers: Array<{ id: string }>;
      original: unknown;
    }>;
  };

  test('a pupil week: who sees it, and the four refusals', async () => {
    const f = await setup();
    const url = `/api/timetable/pupils/${f.pupil.id}/week?date=${addDays(MONDAY, 2)}`;
    for (const who of [f.s.pupil, f.s.guardian, f.s.teacher, f.s.cpe, f.s.principal]) {
      const res = await get(url, who);
      assert.equal(res.statusCode, 200, res.body);
      const week = res.json() as Week & { from: string; to: string };
      assert.equal(week.from, MONDAY);
      assert.equal(week.to, addDays(MONDAY, 6));
      assert.equal(week.weekLabel, 'B');
      assert.equal(week.sessions.length, 1);
      const [s] = week.sessions;
      assert.equal(s!.key, `${f.course.id}:${MONDAY}`);
      assert.equal(s!.status, 'normal');
      assert.equal(s!.startsAt, '08:00');
    }
    await assertRefusals(
      t.app,
      { method: 'GET', url },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.otherGuardian, wrongProfile: f.s.teacher2 },
    );
    assert.equal(
      (await get(url, f.s.restricted)).statusCode,
      404,
      'a court-restricted guardian does not see the child',
    );
    // Holidays: nothing in the Christmas weeks.
    const xmas = (await get(`/api/timetable/pupils/${f.pupil.id}/week?date=2026-12-21`, f.s.pupil)).json() as Week & {
      daysOff: unknown[];
    };
    assert.equal(xmas.sessions.length, 0);
    assert.equal(xmas.weekLabel, null);
    assert.equal(xmas.daysOff.length, 1);
  });

  test('class, group, teacher, room and site weeks', async () => {
    const f = await setup();
    const group = await makeGroup(f.school, `ESP${newId().slice(0, 4)}`, [f.pupil.id]);
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/timetable/courses`,
      headers: f.s.principal.headers,
      payload: {
        subjectId: f.teacher2.subjectId,
        groupIds: [group],
        teacherIds: [f.teacher2.id],
        roomId: f.r2,
        weekday: 2,
        startsAt: '10:00',
        endsAt: '11:00',
        weeks: 'B',
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const views: Array<[string, number]> = [
      [`/api/timetable/classes/${f.cls.id}/week?date=${MONDAY}`, 2], // its own course and its pupils' group course
      [`/api/timetable/groups/${group}/week?date=${MONDAY}`, 1],
      [`/api/timetable/teachers/${f.teacher.id}/week?date=${MONDAY}`, 1],
      [`/api/timetable/rooms/${f.r2}/week?date=${MONDAY}`, 1],
      [`/api/timetable/sites/${f.school.siteId}/week?date=${MONDAY}`, 2],
    ];
    for (const [url, n] of views) {
      for (const who of [f.s.principal, f.s.cpe, ...(url.includes('/teachers/') ? [] : [f.s.teacher2])]) {
        const res = await get(url, who);
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
        assert.equal((res.json() as Week).sessions.length, n, url);
      }
      await assertRefusals(
        t.app,
        { method: 'GET', url },
        { otherSchool: f.s.otherPrincipal, otherFamily: f.s.otherGuardian, wrongProfile: f.s.pupil },
      );
    }
    // Week A: the group course (weeks B) is not there.
    const weekA = (
      await get(`/api/timetable/groups/${group}/week?date=${addDays(MONDAY, 7)}`, f.s.principal)
    ).json() as Week;
    assert.equal(weekA.weekLabel, 'A');
    assert.equal(weekA.sessions.length, 0);
    // A teacher sees their own week, not a colleague's.
    assert.equal(
      (await get(`/api/timetable/teachers/${f.teacher.id}/week?date=${MONDAY}`, f.s.teacher)).statusCode,
      200,
    );
    assert.equal(
      (await get(`/api/timetable/teachers/${f.teacher.id}/week?date=${MONDAY}`, f.s.teacher2)).statusCode,
      403,
    );
    // The pupil's week has both.
    const pupilWeek = (await get(`/api/timetable/pupils/${f.pupil.id}/week?date=${MONDAY}`, f.s.pupil)).json() as Week;
    assert.equal(pupilWeek.sessions.length, 2);
  });

  test('family day: children side by side', async () => {
    const f = await setup();
    const res = await get(`/api/timetable/family/day?date=${MONDAY}`, f.s.guardian);
    assert.equal(res.statusCode, 200, res.body);
    const day = res.json() as { children: Array<{ pupil: { id: string }; sessions: unknown[] }> };
    assert.equal(day.children.length, 2);
    assert.equal(day.children.find((c) => c.pupil.id === f.pupil.id)!.sessions.length, 1);
    assert.equal(day.children.find((c) => c.pupil.id === f.sibling.id)!.sessions.length, 0);
    const restricted = await get(`/api/timetable/family/day?date=${MONDAY}`, f.s.restricted);
    assert.equal(restricted.statusCode, 403, 'no child to show');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/timetable/family/day' })).statusCode, 401);
    assert.equal((await get('/api/timetable/family/day', f.s.teacher)).statusCode, 403);
  });

  test('courses: conflicts are refused with what clashes', async () => {
    const f = await setup();
    const post = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/schools/${f.school.id}/timetable/courses`,
        headers: f.s.principal.headers,
        payload,
      });
    const base = { subjectId: f.teacher.subjectId, weekday: 1, startsAt: '08:30', endsAt: '09:30' };
    const busy = await post({ ...base, classId: f.cls2.id, teacherIds: [f.teacher.id] });
    assert.equal(busy.statusCode, 409);
    assert.equal(busy.json().error, 'TEACHER_BUSY');
    assert.equal(busy.json().details.conflicts[0].courseId, f.course.id);
    assert.deepEqual(busy.json().details.conflicts[0].clashes, [{ kind: 'teacher', resourceId: f.teacher.id }]);
    const room = await post({ ...base, classId: f.cls2.id, teacherIds: [f.teacher2.id], roomId: f.r1 });
    assert.equal(room.json().error, 'ROOM_TAKEN');
    const group = await makeGroup(f.school, `LAT${newId().slice(0, 4)}`, [f.pupil.id]);
    const cls = await post({ ...base, groupIds: [group], teacherIds: [f.teacher2.id] });
    assert.equal(cls.json().error, 'CLASS_BUSY', 'a group with pupils of the class');
    const ok = await post({ ...base, classId: f.cls2.id, teacherIds: [f.teacher2.id], roomId: f.r2 });
    assert.equal(ok.statusCode, 201, ok.body);
    const bad = await post({ ...base, classId: f.cls2.id, startsAt: '10:00', endsAt: '09:00' });
    assert.equal(bad.statusCode, 400);
    // Move the first course to another hour: no clash with itself.
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/timetable/courses/${f.course.id}`,
      headers: f.s.principal.headers,
      payload: { startsAt: '13:00', endsAt: '14:00' },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const count = async () =>
      (await t.db.selectFrom('courses').select('id').where('school_id', '=', f.school.id).execute()).length;
    const before = await count();
    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: `/api/schools/${f.school.id}/timetable/courses`,
        payload: { ...base, startsAt: '15:00', endsAt: '16:00', classId: f.cls.id },
      },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.guardian, wrongProfile: f.s.cpe },
      async () => assert.equal(await count(), before),
    );
    await assertRefusals(
      t.app,
      {
        method: 'PATCH',
        url: `/api/timetable/courses/${f.course.id}`,
        payload: { startsAt: '15:00', endsAt: '16:00' },
      },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.guardian, wrongProfile: f.s.teacher },
    );
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `/api/timetable/courses/${f.course.id}` },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.guardian, wrongProfile: f.s.teacher },
      async () => assert.equal(await count(), before),
    );
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/timetable/courses/${ok.json().id}`,
      headers: f.s.principal.headers,
    });
    assert.equal(del.statusCode, 200);
  });

  test('session changes show in every view and notify pupils and guardians', async () => {
    const f = await setup();
    const key = `${f.course.id}:${MONDAY}`;
    const notes = async (personId: string) =>
      (await t.db.selectFrom('notifications').select('body').where('person_id', '=', personId).execute()).map(
        (n) => n.body,
      );
    const post = (action: string, who: Session, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/timetable/sessions/${encodeURIComponent(key)}/${action}`,
        headers: who.headers,
        payload,
      });

    // Vie scolaire may cancel (a teacher is absent), nothing else.
    const cancelled = await post('cancel', f.s.cpe, { reason: 'Professeur absent' });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.equal(cancelled.json().status, 'cancelled');
    assert.equal((await post('room', f.s.cpe, { roomId: f.r2, reason: 'x' })).statusCode, 403);
    const week = (await get(`/api/timetable/pupils/${f.pupil.id}/week?date=${MONDAY}`, f.s.guardian)).json() as Week;
    assert.equal(week.sessions[0]!.status, 'cancelled');
    assert.equal((await notes(f.pupil.id)).length, 1);
    assert.equal((await notes(f.guardian.id)).length, 1);
    assert.equal((await notes(f.restricted.id)).length, 0, 'not the court-restricted guardian');
    assert.match((await notes(f.guardian.id))[0]!, /annulé/);
    // Stored as a key and parameters, rendered in each reader's language; the guardian is told which child.
    const messages = async (personId: string) =>
      t.db
        .selectFrom('notifications')
        .select(['title', 'message_key', 'message_params', 'link'])
        .where('person_id', '=', personId)
        .execute();
    const [toGuardian] = await messages(f.guardian.id);
    assert.equal(toGuardian!.message_key, 'timetable.cancel');
    assert.match(JSON.parse(toGuardian!.message_params!).child, /^Léa /);
    assert.equal(JSON.parse(toGuardian!.message_params!).date, MONDAY);
    assert.equal(JSON.parse(toGuardian!.message_params!).reason, 'Professeur absent');
    assert.match(toGuardian!.title, /Léa/);
    assert.equal(toGuardian!.link, `/journee-famille?date=${MONDAY}`);
    const [toPupil] = await messages(f.pupil.id);
    assert.equal(toPupil!.message_key, 'timetable.cancel');
    assert.equal(JSON.parse(toPupil!.message_params!).child, undefined);
    assert.equal(toPupil!.link, `/emploi-du-temps?date=${MONDAY}`);

    // Restore, then change the room and give a replacement.
    assert.equal(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/timetable/sessions/${key}/changes`,
          headers: f.s.principal.headers,
        })
      ).statusCode,
      200,
    );
    assert.equal((await post('room', f.s.principal, { roomId: f.r2, reason: 'Salle inondée' })).statusCode, 200);
    const replaced = await post('replacement', f.s.principal, { teacherId: f.teacher2.id, reason: 'Stage' });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().status, 'room_changed');
    assert.deepEqual(replaced.json().changes, ['room_changed', 'replaced']);
    const t2 = (await get(`/api/timetable/teachers/${f.teacher2.id}/week?date=${MONDAY}`, f.s.teacher2)).json() as Week;
    assert.equal(t2.sessions.length, 1, 'the replacement sees the session');
    const t1 = (await get(`/api/timetable/teachers/${f.teacher.id}/week?date=${MONDAY}`, f.s.teacher)).json() as Week;
    assert.deepEqual(t1.sessions[0]!.changes, ['room_changed', 'replaced'], 'the replaced teacher sees it stand out');
    const roomWeek = (await get(`/api/timetable/rooms/${f.r2}/week?date=${MONDAY}`, f.s.principal)).json() as Week;
    assert.equal(roomWeek.sessions.length, 1);
    const oldRoom = (await get(`/api/timetable/rooms/${f.r1}/week?date=${MONDAY}`, f.s.principal)).json() as Week;
    assert.equal(oldRoom.sessions.length, 0);

    // Move it to Tuesday 14:00; it keeps its key.
    const moved = await post('move', f.s.principal, {
      date: addDays(MONDAY, 1),
      startsAt: '14:00',
      endsAt: '15:00',
      reason: 'Sortie',
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().key, key);
    assert.equal(moved.json().date, addDays(MONDAY, 1));
    assert.ok(moved.json().changes.includes('moved'));
    assert.equal(
      (await post('move', f.s.principal, { date: '2026-12-22', startsAt: '14:00', endsAt: '15:00', reason: 'x' }))
        .statusCode,
      400,
      'not in the holidays',
    );

    // A clash: an extra session of another class with the same replacement teacher at the same time.
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/timetable/courses`,
      headers: f.s.principal.headers,
      payload: {
        subjectId: f.teacher2.subjectId,
        classId: f.cls2.id,
        teacherIds: [f.teacher2.id],
        weekday: 3,
        startsAt: '08:00',
        endsAt: '09:00',
      },
    });
    assert.equal(other.statusCode, 201, other.body);
    const extra = await t.app.inject({
      method: 'POST',
      url: `/api/timetable/courses/${other.json().id}/extra-sessions`,
      headers: f.s.principal.headers,
      payload: { date: addDays(MONDAY, 1), startsAt: '14:30', endsAt: '15:30', reason: 'Rattrapage' },
    });
    assert.equal(extra.statusCode, 409, extra.body);
    assert.equal(extra.json().error, 'TEACHER_BUSY');
    assert.equal(extra.json().details.conflicts[0].sessionKey, key);
    const extraOk = await t.app.inject({
      method: 'POST',
      url: `/api/timetable/courses/${other.json().id}/extra-sessions`,
      headers: f.s.principal.headers,
      payload: { date: addDays(MONDAY, 1), startsAt: '16:00', endsAt: '17:00', reason: 'Rattrapage' },
    });
    assert.equal(extraOk.statusCode, 201, extraOk.body);
    assert.equal(extraOk.json().status, 'extra');
    assert.equal(extraOk.json().key.split(':').length, 3);
    const sibling = (
      await get(`/api/timetable/pupils/${f.sibling.id}/week?date=${MONDAY}`, f.s.guardian)
    ).json() as Week;
    assert.ok(sibling.sessions.some((s) => s.status === 'extra'));
    const cancelExtra = await t.app.inject({
      method: 'POST',
      url: `/api/timetable/sessions/${extraOk.json().key}/cancel`,
      headers: f.s.cpe.headers,
      payload: { reason: 'Annulé' },
    });
    assert.equal(cancelExtra.json().status, 'cancelled');

    const before = await t.db.selectFrom('session_changes').selectAll().where('course_id', '=', f.course.id).execute();
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/timetable/sessions/${key}/cancel`, payload: { reason: 'x' } },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.guardian, wrongProfile: f.s.teacher },
      async () =>
        assert.deepEqual(
          await t.db.selectFrom('session_changes').selectAll().where('course_id', '=', f.course.id).execute(),
          before,
        ),
    );
    const payloads: Record<string, object> = {
      move: { reason: 'x', date: MONDAY, startsAt: '08:00', endsAt: '09:00' },
      room: { reason: 'x', roomId: f.r1 },
      replacement: { reason: 'x', teacherId: f.teacher.id },
    };
    for (const [action, payload] of Object.entries(payloads)) {
      await assertRefusals(
        t.app,
        { method: 'POST', url: `/api/timetable/sessions/${key}/${action}`, payload },
        { otherSchool: f.s.otherPrincipal, otherFamily: f.s.guardian, wrongProfile: f.s.cpe },
      );
    }
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `/api/timetable/sessions/${key}/changes` },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.guardian, wrongProfile: f.s.teacher },
    );
    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: `/api/timetable/courses/${f.course.id}/extra-sessions`,
        payload: { date: MONDAY, startsAt: '17:00', endsAt: '18:00', reason: 'x' },
      },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.guardian, wrongProfile: f.s.cpe },
    );
    assert.equal((await post('cancel', f.s.principal, { reason: '' })).statusCode, 400);
    const notAKey = await t.app.inject({
      method: 'POST',
      url: `/api/timetable/sessions/${f.course.id}:${addDays(MONDAY, 1)}/cancel`,
      headers: f.s.principal.headers,
      payload: { reason: 'x' },
    });
    assert.equal(notAKey.statusCode, 404, 'the course does not run on Tuesdays');
  });

  test('iCalendar feed: UIDs from the deployment, not the Host; SEQUENCE and LAST-MODIFIED follow changes; ETag and 304', async () => {
    const f = await setup();
    const created = await t.app.inject({ method: 'POST', url: '/api/timetable/ical-feed', headers: f.s.pupil.headers });
    assert.equal(created.statusCode, 201, created.body);
    const path = created.json().url as string;
    assert.ok(path.startsWith('/ical/'), 'no host name taken from the request');
    const get = (host: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url: path, headers: { host, ...headers } });
    const parse = (body: string) =>
      new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));

    const a = await get('ent.college-le-parc.fr');
    const b = await get('10.0.0.5:3000');
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(a.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.equal(a.body, b.body, 'the same calendar, whatever name it is reached by');
    const deployment = await t.db
      .selectFrom('deployment_settings')
      .select('value')
      .where('name', '=', 'deployment_id')
      .executeTakeFirstOrThrow();
    const events = parse(a.body);
    assert.ok(events.length > 0);
    for (const e of events) {
      assert.ok(e.uid.endsWith(`@${deployment.value}.preau`), e.uid);
      assert.equal(e.sequence, 0);
    }
    assert.doesNotMatch(a.body, /college-le-parc|10\.0\.0\.5/);
    assert.match(a.body, /^LAST-MODIFIED:\d{8}T\d{6}Z\r$/m);

    // Nothing changed: 304, no body.
    const etag = a.headers.etag as string;
    assert.match(etag, /^"[\w-]{32}"$/);
    assert.equal(b.headers.etag, etag);
    const same = await get('ent.college-le-parc.fr', { 'if-none-match': etag });
    assert.equal(same.statusCode, 304);
    assert.equal(same.body, '');

    // A session gets another room, then is cancelled: its revision goes up each time, the others' do not.
    const target = events.find((e) => e.startDate.toJSDate().getTime() > Date.now() + 86_400_000);
    assert.ok(target, 'a session ahead');
    const key = target.uid.split('@')[0]!;
    const change = (action: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/timetable/sessions/${encodeURIComponent(key)}/${action}`,
        headers: f.s.principal.headers,
        payload,
      });
    const before = new Date();
    assert.equal((await change('room', { roomId: f.r2, reason: 'Salle inondée' })).statusCode, 200);
    const moved = await get('ent.college-le-parc.fr', { 'if-none-match': etag });
    assert.equal(moved.statusCode, 200, 'the feed changed');
    assert.notEqual(moved.headers.etag, etag);
    const after = parse(moved.body);
    const changed = after.find((e) => e.uid === target.uid)!;
    assert.equal(changed.sequence, 1);
    const lastModified = changed.component.getFirstPropertyValue('last-modified') as ICAL.Time;
    assert.ok(lastModified.toJSDate().getTime() >= before.getTime() - 1000, 'LAST-MODIFIED is the change');
    assert.ok(after.filter((e) => e.uid !== target.uid).every((e) => e.sequence === 0));
    assert.equal((await change('cancel', { reason: 'Grève' })).statusCode, 200);
    const cancelled = parse((await get('x.example')).body).find((e) => e.uid === target.uid)!;
    assert.equal(cancelled.sequence, 2);
    assert.equal(cancelled.component.getFirstPropertyValue('status'), 'CANCELLED');
    // Reading again does not make a revision.
    assert.equal(parse((await get('x.example')).body).find((e) => e.uid === target.uid)!.sequence, 2);
  });

  test('iCalendar feed: secret URL, Europe/Paris times, cancelled sessions, revocation', async () => {
    const f = await setup();
    const monday = mondayOf(addDays(new Date().toISOString().slice(0, 10), 7));
    const key = `${f.course.id}:${monday}`;
    const c = await t.app.inject({
      method: 'POST',
      url: `/api/timetable/sessions/${key}/cancel`,
      headers: f.s.principal.headers,
      payload: { reason: 'Grève' },
    });
    const holiday = c.statusCode === 404; // next Monday may be in the holidays
    const created = await t.app.inject({ method: 'POST', url: '/api/timetable/ical-feed', headers: f.s.pupil.headers });
    assert.equal(created.statusCode, 201, created.body);
    // No PUBLIC_URL here: the path alone, whatever Host the request carried.
    assert.match(created.json().url, /^\/ical\/[\w-]{40,}\.ics$/);
    const url = new URL(created.json().url as string, 'http://localhost');
    const stored = await t.db.selectFrom('ical_feeds').selectAll().where('person_id', '=', f.pupil.id).execute();
    assert.equal(stored.length, 1);
    assert.ok(!url.pathname.includes(stored[0]!.token_hash), 'only the hash is stored');

    const feed = await t.app.inject({ method: 'GET', url: url.pathname });
    assert.equal(feed.statusCode, 200, feed.body);
    assert.match(feed.headers['content-type'] as string, /^text\/calendar/);
    const comp = new ICAL.Component(ICAL.parse(feed.body));
    assert.ok(comp.getFirstSubcomponent('vtimezone'), 'a VTIMEZONE');
    assert.equal(comp.getFirstSubcomponent('vtimezone')!.getFirstPropertyValue('tzid'), 'Europe/Paris');
    assert.match(feed.body, /^DTSTAMP:\d{8}T\d{6}Z\r$/m);
    ICAL.TimezoneService.register(comp.getFirstSubcomponent('vtimezone')!);
    const vevents = comp.getAllSubcomponents('vevent');
    for (const v of vevents) assert.equal(v.getFirstProperty('dtstart')!.getParameter('tzid'), 'Europe/Paris');
    const events = vevents.map((v) => new ICAL.Event(v));
    assert.ok(events.length >= 8, `events: ${events.length}`);
    for (const e of events) {
      assert.equal(e.startDate.zone?.tzid, 'Europe/Paris');
      assert.equal(e.startDate.hour, 8);
      assert.equal(e.startDate.minute, 0);
      assert.equal(e.endDate.hour, 9);
      assert.match(e.uid, new RegExp(`^${f.course.id}:\\d{4}-\\d{2}-\\d{2}@`));
    }
    // 08:00 in Paris is 07:00 UTC in winter, 06:00 in summer.
    const winter = events.find((e) => e.startDate.month === 12 || e.startDate.month === 1);
    if (winter) assert.equal(winter.startDate.toJSDate().getUTCHours(), 7);
    if (!holiday) {
      const cancelled = events.find((e) => e.uid.startsWith(`${key}@`));
      assert.ok(cancelled);
      assert.equal(cancelled.component.getFirstPropertyValue('status'), 'CANCELLED');
    }

    // Rotating kills the old URL; revoking kills the new one.
    const rotated = await t.app.inject({ method: 'POST', url: '/api/timetable/ical-feed', headers: f.s.pupil.headers });
    assert.equal((await t.app.inject({ method: 'GET', url: url.pathname })).statusCode, 404);
    const newPath = new URL(rotated.json().url as string, 'http://localhost').pathname;
    assert.equal((await t.app.inject({ method: 'GET', url: newPath })).statusCode, 200);
    const del = await t.app.inject({ method: 'DELETE', url: '/api/timetable/ical-feed', headers: f.s.pupil.headers });
    assert.equal(del.statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: newPath })).statusCode, 404);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/ical/not-a-real-token-not-a-real-token.ics' })).statusCode,
      404,
    );
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/timetable/ical-feed' })).statusCode, 401);
    assert.equal(
      (await t.app.inject({ method: 'POST', url: '/api/timetable/ical-feed', headers: f.s.cpe.headers })).statusCode,
      403,
    );
  });
});
