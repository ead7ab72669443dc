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
  type SchoolFixture,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { addDays, weekdayOf } from '../timetable/timetable.calendar.ts';
import { findCalendarOfSchool } from '../timetable/timetable.service.ts';
import { findResourceConflicts } from './resources.conflicts.ts';

describe('resources: conflicts (pure)', () => {
  const course = {
    key: 'c1:2026-12-10',
    date: '2026-12-10',
    startsAt: '10:00',
    endsAt: '11:00',
    roomId: 'room-1',
    cancelled: false,
    subject: 'Mathématiques',
    className: '5e2',
    teachers: ['Ana Lopez'],
  };
  const booking = {
    id: 'b1',
    resourceId: 'res-1',
    resourceLabel: 'Chariot 1',
    bookedBy: 'Paul Martin',
    purpose: 'Exposés',
    date: '2026-12-10',
    startsAt: '14:00',
    endsAt: '15:00',
  };
  const cases: Array<[string, { startsAt: string; endsAt: string; roomId: string | null }, string[]]> = [
    ['overlaps the course', { startsAt: '10:30', endsAt: '11:30', roomId: 'room-1' }, ['course']],
    ['touches the course end', { startsAt: '11:00', endsAt: '12:00', roomId: 'room-1' }, []],
    ['other room', { startsAt: '10:00', endsAt: '11:00', roomId: 'room-2' }, []],
    ['not a room: courses ignored', { startsAt: '10:00', endsAt: '11:00', roomId: null }, []],
    ['overlaps the booking', { startsAt: '14:59', endsAt: '16:00', roomId: null }, ['booking']],
    ['both', { startsAt: '09:00', endsAt: '18:00', roomId: 'room-1' }, ['course', 'booking']],
  ];
  for (const [name, c, kinds] of cases) {
    test(name, () => {
      const out = findResourceConflicts(
        { ...c, date: '2026-12-10', resourceId: 'res-1' },
        { courses: [course], bookings: [booking] },
      );
      assert.deepEqual(
        out.map((x) => x.kind),
        kinds,
      );
    });
  }
  test('a cancelled course frees the room; the booked session itself is ignored', () => {
    const slot = { date: '2026-12-10', startsAt: '10:00', endsAt: '11:00', resourceId: 'res-1', roomId: 'room-1' };
    assert.equal(findResourceConflicts(slot, { courses: [{ ...course, cancelled: true }], bookings: [] }).length, 0);
    assert.equal(
      findResourceConflicts(slot, { courses: [course], bookings: [] }, { ignoreSessionKey: course.key }).length,
      0,
    );
  });
});

describe('resources: routes', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  /** The next school day on a weekday (1 = Monday) at least a day ahead. */
  async function nextSchoolDay(school: SchoolFixture, weekday: number) {
    for (let d = addDays(todayInParis(), 1); ; d = addDays(d, 1)) {
      if (weekdayOf(d) !== weekday) continue;
      const year = await findCalendarOfSchool(t.db, school.id, d);
      if (year?.cal.isSchoolDay(d)) return d;
    }
  }

  async function makeResource(
    school: SchoolFixture,
    o: { kind: 'room' | 'equipment' | 'vehicle'; label: string; roomId?: string; needsValidation?: boolean },
  ) {
    const id = newId();
    await t.db
      .insertInto('resources')
      .values({
        id,
        school_id: school.id,
        site_id: school.siteId,
        room_id: o.roomId ?? null,
        kind: o.kind,
        label: o.label,
        needs_validation: o.needsValidation ? 1 : 0,
        active: 1,
        created_at: nowIso(),
      })
      .execute();
    return id;
  }

  async function setup() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const cls = await makeClass(t.db, school, { level: '5e' });
    const roomId = newId();
    await t.db
      .insertInto('rooms')
      .values({
        id: roomId,
        school_id: school.id,
        site_id: school.siteId,
        code: 'B12',
        label: 'Salle B12',
        capacity: 30,
      })
      .execute();
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const colleague = await makeTeacher(t.db, school);
    const principal = await makeStaff(t.db, school, ['principal']);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const otherTeacher = await makeTeacher(t.db, other);
    const thursday = await nextSchoolDay(school, 4);
    const course = await makeCourse(t.db, school, {
      teacherIds: [teacher.id],
      classId: cls.id,
      weekday: 4,
      startsAt: '10:00',
      endsAt: '11:00',
    });
    await t.db.updateTable('courses').set({ room_id: roomId }).where('id', '=', course.id).execute();
    const room = await makeResource(school, { kind: 'room', label: 'Salle B12', roomId });
    const trolley = await makeResource(school, { kind: 'equipment', label: 'Chariot d’ordinateurs 1' });
    const minibus = await makeResource(school, { kind: 'vehicle', label: 'Minibus', needsValidation: true });
    const s = {
      teacher: await signIn(t.app, teacher),
      colleague: await signIn(t.app, colleague),
      principal: await signIn(t.app, principal),
      cpe: await signIn(t.app, cpe),
      guardian: await signIn(t.app, guardian),
      otherTeacher: await signIn(t.app, otherTeacher),
    };
    return { school, other, cls, roomId, teacher, colleague, thursday, course, room, trolley, minibus, s };
  }

  const nameOf = async (id: string) => {
    const p = await t.db
      .selectFrom('people')
      .select(['first_name', 'last_name'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return `${p.first_name} ${p.last_name}`;
  };

  const book = (headers: Record<string, string>, schoolId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/schools/${schoolId}/bookings`, headers, payload });

  test('four refusals on every route', async () => {
    const f = await setup();
    const base = `/api/schools/${f.school.id}`;
    const who = { otherSchool: f.s.otherTeacher, otherFamily: f.s.guardian, wrongProfile: f.s.guardian };
    await assertRefusals(t.app, { method: 'GET', url: `${base}/resources` }, who);
    await assertRefusals(t.app, { method: 'GET', url: `${base}/resources/week` }, who);
    await assertRefusals(t.app, { method: 'GET', url: `${base}/resources/my-sessions` }, who);
    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: `${base}/resources`,
        payload: { siteId: f.school.siteId, kind: 'equipment', label: 'Vidéoprojecteur 3' },
      },
      { ...who, wrongProfile: f.s.teacher },
    );
    await assertRefusals(t.app, { method: 'GET', url: `${base}/bookings/pending` }, { ...who, wrongProfile: f.s.cpe });
    const payload = { resourceId: f.trolley, date: f.thursday, startsAt: '14:00', endsAt: '15:00' };
    await assertRefusals(t.app, { method: 'POST', url: `${base}/bookings`, payload }, who, async () => {
      const n = await t.db.selectFrom('resource_bookings').select('id').where('school_id', '=', f.school.id).execute();
      assert.equal(n.length, 0);
    });
    const res = await book(f.s.teacher.headers, f.school.id, { ...payload, resourceId: f.minibus });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().items[0].id;
    // Another teacher of the school neither decides nor cancels someone else's booking.
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/bookings/${id}/decision`, payload: { decision: 'confirm' } },
      { ...who, wrongProfile: f.s.colleague },
    );
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/bookings/${id}/cancel` },
      { ...who, wrongProfile: f.s.colleague },
    );
    const mine = await t.app.inject({ method: 'GET', url: '/api/bookings/mine' });
    assert.equal(mine.statusCode, 401);
    const guardianMine = await t.app.inject({
      method: 'GET',
      url: '/api/bookings/mine',
      headers: f.s.guardian.headers,
    });
    assert.deepEqual(guardianMine.json().items, []);
  });

  test('a trolley booked for a course; a colleague is refused with the booking named', async () => {
    const f = await setup();
    const key = `${f.course.id}:${f.thursday}`;
    const sessions = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/resources/my-sessions`,
      headers: f.s.teacher.headers,
    });
    assert.ok(sessions.json().items.some((s: { key: string }) => s.key === key));
    const ok = await book(f.s.teacher.headers, f.school.id, { resourceId: f.trolley, sessionKey: key, purpose: 'TP' });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().items[0].startsAt, '10:00');
    assert.equal(ok.json().items[0].status, 'confirmed');
    // The colleague may not book for someone else's session...
    const notTheirs = await book(f.s.colleague.headers, f.school.id, { resourceId: f.trolley, sessionKey: key });
    assert.equal(notTheirs.statusCode, 403);
    // ...and a time range that overlaps is refused with who booked it.
    const clash = await book(f.s.colleague.headers, f.school.id, {
      resourceId: f.trolley,
      date: f.thursday,
      startsAt: '10:30',
      endsAt: '12:00',
    });
    assert.equal(clash.statusCode, 409);
    const body = clash.json();
    assert.equal(body.error, 'RESOURCE_TAKEN');
    assert.equal(body.details.conflicts[0].kind, 'booking');
    assert.equal(body.details.conflicts[0].bookedBy, await nameOf(f.teacher.id));
    assert.equal(body.details.conflicts[0].purpose, 'TP');
    // The week view shows it, as the teacher's own.
    const week = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/resources/week?date=${f.thursday}&resourceId=${f.trolley}`,
      headers: f.s.teacher.headers,
    });
    assert.equal(week.statusCode, 200);
    assert.deepEqual(
      week.json().items.map((i: { kind: string; mine: boolean }) => [i.kind, i.mine]),
      [['booking', true]],
    );
  });

  test('a room with a course is not free; a cancelled course frees it', async () => {
    const f = await setup();
    const payload = { resourceId: f.room, date: f.thursday, startsAt: '10:30', endsAt: '11:30', purpose: 'Réunion' };
    const clash = await book(f.s.colleague.headers, f.school.id, payload);
    assert.equal(clash.statusCode, 409, clash.body);
    const c = clash.json().details.conflicts[0];
    assert.equal(c.kind, 'course');
    assert.equal(
      c.class,
      (await t.db.selectFrom('classes').select('code').where('id', '=', f.cls.id).executeTakeFirstOrThrow()).code,
    );
    assert.deepEqual(c.teachers, [await nameOf(f.teacher.id)]);
    assert.ok(c.subject.length > 0);
    // The week view shows the course in the room.
    const week = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/resources/week?date=${f.thursday}&siteId=${f.school.siteId}`,
      headers: f.s.colleague.headers,
    });
    assert.ok(
      week
        .json()
        .items.some((i: { kind: string; resourceId: string }) => i.kind === 'course' && i.resourceId === f.room),
    );
    await makeSessionChange(t.db, f.school, { courseId: f.course.id, sessionDate: f.thursday, cancelled: true });
    const ok = await book(f.s.colleague.headers, f.school.id, payload);
    assert.equal(ok.statusCode, 201, ok.body);
    // The teacher of the course books their own room for their own session: not a clash with itself.
    const other = await book(f.s.teacher.headers, f.school.id, {
      resourceId: f.room,
      sessionKey: `${f.course.id}:${addDays(f.thursday, 7)}`,
    });
    assert.ok([201, 404].includes(other.statusCode), other.body);
  });

  test('two simultaneous bookings of the same resource and time: one wins', async () => {
    const f = await setup();
    const payload = { resourceId: f.trolley, date: f.thursday, startsAt: '15:00', endsAt: '16:00' };
    const results = await Promise.all([
      book(f.s.teacher.headers, f.school.id, payload),
      book(f.s.colleague.headers, f.school.id, payload),
      book(f.s.principal.headers, f.school.id, payload),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [201, 409, 409], results.map((r) => r.body).join('\n'));
    const rows = await t.db
      .selectFrom('resource_bookings')
      .select('id')
      .where('resource_id', '=', f.trolley)
      .where('status', 'in', ['pending', 'confirmed'])
      .execute();
    assert.equal(rows.length, 1);
  });

  test('a weekly series is booked whole, or refused whole with each conflict', async () => {
    const f = await setup();
    const until = addDays(f.thursday, 21);
    const series = await book(f.s.teacher.headers, f.school.id, {
      resourceId: f.trolley,
      date: f.thursday,
      startsAt: '13:00',
      endsAt: '14:00',
      repeatUntil: until,
    });
    assert.equal(series.statusCode, 201, series.body);
    const items = series.json().items as Array<{ date: string; seriesId: string }>;
    assert.ok(items.length >= 2);
    assert.ok(items.every((i) => i.seriesId === items[0]!.seriesId));
    const clash = await book(f.s.colleague.headers, f.school.id, {
      resourceId: f.trolley,
      date: f.thursday,
      startsAt: '13:30',
      endsAt: '14:30',
      repeatUntil: until,
    });
    assert.equal(clash.statusCode, 409);
    assert.equal(clash.json().details.conflicts.length, items.length);
  });

  test('a resource needing validation: pending, then confirmed by direction; cancel frees it', async () => {
    const f = await setup();
    const res = await book(f.s.teacher.headers, f.school.id, {
      resourceId: f.minibus,
      date: f.thursday,
      startsAt: '08:00',
      endsAt: '17:00',
      purpose: 'Sortie au musée',
    });
    assert.equal(res.statusCode, 201, res.body);
    const booking = res.json().items[0];
    assert.equal(booking.status, 'pending');
    const queue = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/bookings/pending`,
      headers: f.s.principal.headers,
    });
    assert.deepEqual(
      queue.json().items.map((b: { id: string }) => b.id),
      [booking.id],
    );
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/bookings/${booking.id}/decision`,
      headers: f.s.principal.headers,
      payload: { decision: 'confirm' },
    });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal(decided.json().status, 'confirmed');
    const notes = await t.db
      .selectFrom('notifications')
      .select('kind')
      .where('person_id', '=', f.teacher.id)
      .where('kind', '=', 'booking.decision')
      .execute();
    assert.equal(notes.length, 1);
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/bookings/${booking.id}/cancel`,
      headers: f.s.teacher.headers,
    });
    assert.equal(cancel.json().status, 'cancelled');
    const again = await book(f.s.colleague.headers, f.school.id, {
      resourceId: f.minibus,
      date: f.thursday,
      startsAt: '09:00',
      endsAt: '10:00',
    });
    assert.equal(again.statusCode, 201);
  });

  test('an extra session of the timetable in a booked room is refused by the same check', async () => {
    const f = await setup();
    const booked = await book(f.s.colleague.headers, f.school.id, {
      resourceId: f.room,
      date: f.thursday,
      startsAt: '14:00',
      endsAt: '15:00',
      purpose: 'Conseil pédagogique',
    });
    assert.equal(booked.statusCode, 201, booked.body);
    const extra = await t.app.inject({
      method: 'POST',
      url: `/api/timetable/courses/${f.course.id}/extra-sessions`,
      headers: f.s.principal.headers,
      payload: { date: f.thursday, startsAt: '14:30', endsAt: '15:30', roomId: f.roomId, reason: 'Rattrapage' },
    });
    assert.equal(extra.statusCode, 409, extra.body);
    assert.equal(extra.json().error, 'RESOURCE_TAKEN');
    assert.equal(extra.json().details.conflicts[0].purpose, 'Conseil pédagogique');
  });

  test('direction adds a resource; a room resource must be a room of the site', async () => {
    const f = await setup();
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/resources`,
      headers: f.s.principal.headers,
      payload: { siteId: f.school.siteId, kind: 'equipment', label: 'Vidéoprojecteur 3' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const badRoom = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/resources`,
      headers: f.s.principal.headers,
      payload: { siteId: f.school.siteId, kind: 'room', label: 'Salle B12', roomId: f.roomId },
    });
    assert.equal(badRoom.statusCode, 409);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/resources`,
      headers: f.s.teacher.headers,
    });
    assert.equal(list.json().items.length, 4);
    assert.equal(list.json().canManage, false);
  });
});
