import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeCourse,
  makeGuardian,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
  type SchoolFixture,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { newId } from '../../lib/ids.ts';
import { addDays, weekdayOf } from '../timetable/timetable.calendar.ts';
import { purgeVisitorLogs } from './reception.service.ts';

const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7];

describe('appointments and reception routes', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const get = (s: Session | null, url: string) => t.app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const send = (s: Session, method: 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: s.headers, payload });

  /** Every day of the coming month is a school day, whatever the date the tests run on. */
  async function openCalendar(school: SchoolFixture) {
    const today = todayInParis();
    await t.db
      .insertInto('school_calendar_entries')
      .values({
        id: newId(),
        school_id: school.id,
        starts_on: today,
        ends_on: addDays(today, 40),
        is_day_off: 0,
        label: 'Ouvert',
      })
      .execute();
  }

  async function publish(s: Session, schoolId: string, siteId: string, o: { privateReason?: boolean } = {}) {
    const res = await send(s, 'PUT', `/api/schools/${schoolId}/appointments/availability`, {
      bookAheadDays: 20,
      privateReason: o.privateReason ?? false,
      slots: ALL_WEEK.map((weekday) => ({
        siteId,
        roomId: null,
        weekday,
        startsAt: '08:00',
        endsAt: '23:30',
        slotMinutes: 30,
      })),
      exceptions: [],
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  async function world() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    await openCalendar(school);
    await openCalendar(other);
    const classA = await makeClass(t.db, school, { code: '5A', level: '5e' });
    const classB = await makeClass(t.db, school, { code: '5B', level: '5e' });
    const pupil = await makePupil(t.db, school, { classId: classA.id, firstName: 'Léa' });
    const pupil2 = await makePupil(t.db, school, { classId: classB.id, firstName: 'Noé' });
    const g1 = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const g2 = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      responsibility: 'legal2',
    });
    const h = await makeGuardian(t.db, { children: [{ id: pupil2.id, schoolId: school.id }] });
    const teacherA = await makeTeacher(t.db, school, { classIds: [classA.id] });
    const teacherB = await makeTeacher(t.db, school, { classIds: [classB.id] });
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const psyen = await makeStaff(t.db, school, ['psyen']);
    const accueil = await makeStaff(t.db, school, ['accueil']);
    const principal = await makeStaff(t.db, school, ['principal']);
    const documentaliste = await makeStaff(t.db, school, ['documentaliste']);
    const otherPupil = await makePupil(t.db, other);
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: other.id }] });
    const otherCpe = await makeStaff(t.db, other, ['cpe']);
    const otherAccueil = await makeStaff(t.db, other, ['accueil']);
    const otherPrincipal = await makeStaff(t.db, other, ['principal']);
    const s = {
      pupil: await signIn(t.app, pupil),
      g1: await signIn(t.app, g1),
      g2: await signIn(t.app, g2),
      h: await signIn(t.app, h),
      teacherA: await signIn(t.app, teacherA),
      teacherB: await signIn(t.app, teacherB),
      cpe: await signIn(t.app, cpe),
      psyen: await signIn(t.app, psyen),
      accueil: await signIn(t.app, accueil),
      principal: await signIn(t.app, principal),
      documentaliste: await signIn(t.app, documentaliste),
      otherGuardian: await signIn(t.app, otherGuardian),
      otherCpe: await signIn(t.app, otherCpe),
      otherAccueil: await signIn(t.app, otherAccueil),
      otherPrincipal: await signIn(t.app, otherPrincipal),
    };
    for (const who of [s.cpe, s.psyen, s.teacherA, s.teacherB]) await publish(who, school.id, school.siteId);
    await publish(s.otherCpe, other.id, other.siteId);
    return { school, other, pupil, pupil2, g1, g2, h, teacherA, teacherB, cpe, psyen, accueil, otherPupil, s };
  }

  async function firstSlot(s: Session, pupilId: string, staffId: string, index = 0) {
    const res = await get(s, `/api/appointments/pupils/${pupilId}/staff/${staffId}/slots`);
    assert.equal(res.statusCode, 200, res.body);
    const slot = res.json().slots[index];
    assert.ok(slot, 'a slot');
    return { date: slot.date as string, startsAt: slot.startsAt as string };
  }

  async function book(s: Session, pupilId: string, staffId: string, reason: string, extra: object = {}) {
    const slot = await firstSlot(s, pupilId, staffId);
    return send(s, 'POST', '/api/appointments', {
      pupilId,
      staffId,
      date: slot.date,
      startsAt: slot.startsAt,
      reason,
      ...extra,
    });
  }

  test('a guardian sees the staff of the child’s school and the child’s own teachers only', async () => {
    const w = await world();
    const res = await get(w.s.g1, `/api/appointments/pupils/${w.pupil.id}/staff`);
    assert.equal(res.statusCode, 200, res.body);
    const ids = res.json().staff.map((x: { id: string }) => x.id);
    assert.ok(ids.includes(w.cpe.id));
    assert.ok(ids.includes(w.psyen.id));
    assert.ok(ids.includes(w.teacherA.id));
    assert.ok(!ids.includes(w.teacherB.id), 'not a teacher of the child');
    // Slots of a teacher who does not teach the child: as if they did not exist.
    assert.equal(
      (await get(w.s.g1, `/api/appointments/pupils/${w.pupil.id}/staff/${w.teacherB.id}/slots`)).statusCode,
      404,
    );
    // Another family's child: NOT_FOUND.
    assert.equal((await get(w.s.h, `/api/appointments/pupils/${w.pupil.id}/staff`)).statusCode, 404);
  });

  test('a guardian books with the CPE: confirmation, notification, calendar file, only their own appointments', async () => {
    const w = await world();
    const res = await book(w.s.g1, w.pupil.id, w.cpe.id, 'Parler de l’orientation');
    assert.equal(res.statusCode, 201, res.body);
    const a = res.json();
    assert.equal(a.reason, 'Parler de l’orientation');
    assert.equal(a.staff.id, w.cpe.id);
    assert.deepEqual(a.staff.roles, ['cpe']);
    const notes = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'message_key'])
      .where('kind', '=', 'appointment')
      .execute();
    assert.ok(notes.some((n) => n.person_id === w.cpe.id && n.message_key === 'appointment.booked'));
    assert.ok(notes.some((n) => n.person_id === w.g1.id && n.message_key === 'appointment.confirmed'));
    // The slot is gone from the list.
    const slots = (await get(w.s.g2, `/api/appointments/pupils/${w.pupil.id}/staff/${w.cpe.id}/slots`)).json().slots;
    assert.ok(!slots.some((x: { date: string; startsAt: string }) => x.date === a.date && x.startsAt === a.startsAt));
    const ics = await get(w.s.g1, `/api/appointments/${a.id}/ics`);
    assert.equal(ics.statusCode, 200);
    assert.match(ics.headers['content-type'] as string, /text\/calendar/);
    assert.match(ics.body, /BEGIN:VEVENT/);
    assert.match(ics.body, /TZID=Europe\/Paris/);
    // Both guardians of the child see it, the CPE sees it; another family does not.
    assert.equal((await get(w.s.g1, '/api/appointments?as=family')).json().items.length, 1);
    assert.equal((await get(w.s.g2, '/api/appointments?as=family')).json().items.length, 1);
    assert.equal((await get(w.s.cpe, '/api/appointments?as=staff')).json().items.length, 1);
    assert.equal((await get(w.s.h, '/api/appointments?as=family')).json().items.length, 0);
    assert.equal((await get(w.s.h, `/api/appointments/${a.id}`)).statusCode, 404);
    assert.equal((await get(w.s.h, `/api/appointments/${a.id}/ics`)).statusCode, 404);
    // A guardian cannot book for a child that is not theirs, nor a slot that does not exist.
    const slot = await firstSlot(w.s.g1, w.pupil.id, w.cpe.id);
    const foreign = await send(w.s.h, 'POST', '/api/appointments', {
      pupilId: w.pupil.id,
      staffId: w.cpe.id,
      ...slot,
      reason: 'x',
    });
    assert.equal(foreign.statusCode, 404);
    const odd = await send(w.s.g1, 'POST', '/api/appointments', {
      pupilId: w.pupil.id,
      staffId: w.cpe.id,
      date: slot.date,
      startsAt: '08:10',
      reason: 'x',
    });
    assert.equal(odd.statusCode, 409);
    assert.equal(odd.json().error, 'SLOT_UNAVAILABLE');
  });

  test('a course removes the slots it overlaps; a cancelled one frees its time when the teacher says so', async () => {
    const w = await world();
    let day = addDays(todayInParis(), 2);
    while (weekdayOf(day) !== 2) day = addDays(day, 1);
    const course = await makeCourse(t.db, w.school, {
      teacherIds: [w.teacherA.id],
      classId: w.pupil.classId,
      weekday: 2,
      startsAt: '10:00',
      endsAt: '11:00',
    });
    const url = `/api/schools/${w.school.id}/appointments/availability`;
    const save = (offerCancelledCourses?: boolean) =>
      send(w.s.teacherA, 'PUT', url, {
        bookAheadDays: 20,
        privateReason: false,
        ...(offerCancelledCourses === undefined ? {} : { offerCancelledCourses }),
        slots: [
          { siteId: w.school.siteId, roomId: null, weekday: 2, startsAt: '09:00', endsAt: '10:30', slotMinutes: 30 },
        ],
        exceptions: [],
      });
    assert.equal((await save()).json().offerCancelledCourses, false, 'off by default');
    const slotsOn = async () =>
      (await get(w.s.g1, `/api/appointments/pupils/${w.pupil.id}/staff/${w.teacherA.id}/slots`))
        .json()
        .slots.filter((s: { date: string }) => s.date === day)
        .map((s: { startsAt: string; freedByCourse: boolean }) => `${s.startsAt}${s.freedByCourse ? '*' : ''}`);
    assert.deepEqual(await slotsOn(), ['09:00', '09:30'], 'the course’s 10:00 is not offered');
    // Booking the course's time is refused.
    const refused = await send(w.s.g1, 'POST', '/api/appointments', {
      pupilId: w.pupil.id,
      staffId: w.teacherA.id,
      date: day,
      startsAt: '10:00',
      reason: 'x',
    });
    assert.equal(refused.json().error, 'SLOT_UNAVAILABLE');

    const principal = w.s.principal;
    const key = `${course.id}:${day}`;
    const cancelled = await send(principal, 'POST', `/api/timetable/sessions/${key}/cancel`, { reason: 'Sortie' });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.deepEqual(await slotsOn(), ['09:00', '09:30', '10:00'], 'not offered: the opening only');
    assert.equal((await save(true)).json().offerCancelledCourses, true);
    assert.equal((await save()).json().offerCancelledCourses, true, 'absent: unchanged');
    assert.deepEqual(await slotsOn(), ['09:00', '09:30', '10:00', '10:30*']);

    const booked = await send(w.s.g1, 'POST', '/api/appointments', {
      pupilId: w.pupil.id,
      staffId: w.teacherA.id,
      date: day,
      startsAt: '10:30',
      reason: 'Le cours est annulé',
    });
    assert.equal(booked.statusCode, 201, booked.body);
    // The cancellation is undone: the appointment stays, the teacher and the family are told of the overlap.
    const restored = await t.app.inject({
      method: 'DELETE',
      url: `/api/timetable/sessions/${key}/changes`,
      headers: principal.headers,
    });
    assert.equal(restored.statusCode, 200, restored.body);
    assert.equal((await get(w.s.g1, `/api/appointments/${booked.json().id}`)).json().status, 'booked');
    const notes = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'message_key'])
      .where('message_key', '=', 'appointment.courseOverlap')
      .execute();
    assert.deepEqual(notes, [{ person_id: w.teacherA.id, message_key: 'appointment.courseOverlap' }]);
    const familyNotes = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'message_params'])
      .where('message_key', '=', 'appointment.courseOverlapFamily')
      .execute();
    assert.equal(familyNotes.length, 1);
    assert.equal(familyNotes[0]!.person_id, w.g1.id);
    const familyParams = JSON.parse(String(familyNotes[0]!.message_params));
    assert.deepEqual(Object.keys(familyParams).sort(), ['child', 'date', 'staff', 'time']);
    assert.equal(familyParams.time, '10:30');
    assert.doesNotMatch(JSON.stringify(familyParams), /Le cours est annulé/, 'never the reason');
    assert.deepEqual(await slotsOn(), ['09:00', '09:30']);
    // A course in another school the teacher also teaches in keeps them busy too.
    await makeCourse(t.db, w.other, { teacherIds: [w.teacherA.id], weekday: 2, startsAt: '09:00', endsAt: '09:30' });
    assert.deepEqual(await slotsOn(), ['09:30']);
  });

  test('two families, one slot, at the same time: one wins, the others get SLOT_TAKEN', async () => {
    const w = await world();
    const extra = await makePupil(t.db, w.school, { firstName: 'Inès' });
    const gx = await signIn(t.app, await makeGuardian(t.db, { children: [{ id: extra.id, schoolId: w.school.id }] }));
    const slot = await firstSlot(w.s.g1, w.pupil.id, w.cpe.id, 3);
    const tries = [
      [w.s.g1, w.pupil.id],
      [w.s.h, w.pupil2.id],
      [gx, extra.id],
      [w.s.g2, w.pupil.id],
    ] as const;
    const results = await Promise.all(
      tries.map(([s, pupilId]) =>
        send(s, 'POST', '/api/appointments', { pupilId, staffId: w.cpe.id, ...slot, reason: 'Rencontre' }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [201, 409, 409, 409], results.map((r) => r.body).join('\n'));
    for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error, 'SLOT_TAKEN');
    const stored = await t.db
      .selectFrom('appointments')
      .select('id')
      .where('staff_id', '=', w.cpe.id)
      .where('active_slot', '=', `${slot.date}T${slot.startsAt}`)
      .execute();
    assert.equal(stored.length, 1);
  });

  test('private reasons never reach reception, nor the other guardian unless the school says so', async () => {
    const w = await world();
    // The psyEN's reasons are private by default.
    const availability = (await get(w.s.psyen, `/api/schools/${w.school.id}/appointments/availability`)).json();
    assert.equal(availability.privateReason, false); // published above with privateReason: false
    await publish(w.s.psyen, w.school.id, w.school.siteId, { privateReason: true });
    const res = await book(w.s.g1, w.pupil.id, w.psyen.id, 'Difficultés à la maison');
    assert.equal(res.statusCode, 201, res.body);
    const a = res.json();
    assert.equal(a.reasonPrivate, true);
    const day = await get(w.s.accueil, `/api/schools/${w.school.id}/reception/day?date=${a.date}`);
    assert.equal(day.statusCode, 200, day.body);
    const seen = day.json().appointments.find((x: { id: string }) => x.id === a.id);
    assert.equal(seen.reason, null);
    assert.ok(!day.body.includes('Difficultés'));
    assert.equal((await get(w.s.g2, `/api/appointments/${a.id}`)).json().reason, null);
    assert.ok(!(await get(w.s.g2, '/api/appointments?as=family')).body.includes('Difficultés'));
    assert.equal((await get(w.s.psyen, `/api/appointments/${a.id}`)).json().reason, 'Difficultés à la maison');
    // The school lets the other guardian read private reasons: reception still does not.
    const put = await send(w.s.principal, 'PUT', `/api/schools/${w.school.id}/reception/settings`, {
      visitorLogRetentionDays: 90,
      infoPublic: false,
      hidePrivateReasonFromOtherGuardian: false,
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal((await get(w.s.g2, `/api/appointments/${a.id}`)).json().reason, 'Difficultés à la maison');
    assert.equal((await get(w.s.accueil, `/api/appointments/${a.id}`)).json().reason, null);
    // A new psyEN's default is private.
    const psy2 = await signIn(t.app, await makeStaff(t.db, w.school, ['psyen']));
    assert.equal((await get(psy2, `/api/schools/${w.school.id}/appointments/availability`)).json().privateReason, true);
  });

  test('either side cancels with a reason, the other side is told, the slot is free again', async () => {
    const w = await world();
    const a = (await book(w.s.g1, w.pupil.id, w.teacherA.id, 'Résultats du trimestre')).json();
    const c = await send(w.s.g1, 'POST', `/api/appointments/${a.id}/cancel`, { reason: 'Empêchement' });
    assert.equal(c.statusCode, 200, c.body);
    assert.equal(c.json().status, 'cancelled');
    const told = await t.db
      .selectFrom('notifications')
      .select('person_id')
      .where('message_key', '=', 'appointment.cancelled')
      .execute();
    assert.deepEqual(
      told.map((n) => n.person_id),
      [w.teacherA.id],
    );
    assert.equal((await send(w.s.g1, 'POST', `/api/appointments/${a.id}/cancel`, { reason: 'x' })).statusCode, 409);
    const again = await send(w.s.h, 'POST', '/api/appointments', {
      pupilId: w.pupil2.id,
      staffId: w.cpe.id,
      date: a.date,
      startsAt: a.startsAt,
      reason: 'Autre',
    });
    assert.equal(again.statusCode, 201, again.body);
    const b = (await book(w.s.g1, w.pupil.id, w.teacherA.id, 'Résultats')).json();
    assert.equal(
      (await send(w.s.teacherA, 'POST', `/api/appointments/${b.id}/cancel`, { reason: 'Malade' })).statusCode,
      200,
    );
    const toFamily = await t.db
      .selectFrom('notifications')
      .select('person_id')
      .where('message_key', '=', 'appointment.cancelled')
      .where('person_id', '=', w.g1.id)
      .execute();
    assert.equal(toFamily.length, 1);
  });

  test('reception books for a family that phoned, marks them arrived, keeps the log and the early departures', async () => {
    const w = await world();
    const search = await get(
      w.s.accueil,
      `/api/schools/${w.school.id}/reception/pupils?q=${encodeURIComponent('léa')}`,
    );
    assert.equal(search.statusCode, 200, search.body);
    const hit = search.json().pupils.find((p: { id: string }) => p.id === w.pupil.id);
    assert.ok(hit);
    assert.equal(hit.guardians.length, 2);
    const slot = await firstSlot(w.s.accueil, w.pupil.id, w.cpe.id);
    // Without saying which guardian: refused.
    const noGuardian = await send(w.s.accueil, 'POST', '/api/appointments', {
      pupilId: w.pupil.id,
      staffId: w.cpe.id,
      ...slot,
      reason: 'Téléphone',
    });
    assert.equal(noGuardian.statusCode, 400);
    const wrongGuardian = await send(w.s.accueil, 'POST', '/api/appointments', {
      pupilId: w.pupil.id,
      staffId: w.cpe.id,
      ...slot,
      reason: 'Téléphone',
      guardianId: w.h.id,
    });
    assert.equal(wrongGuardian.statusCode, 400);
    const res = await send(w.s.accueil, 'POST', '/api/appointments', {
      pupilId: w.pupil.id,
      staffId: w.cpe.id,
      ...slot,
      reason: 'Téléphone',
      guardianId: w.g2.id,
    });
    assert.equal(res.statusCode, 201, res.body);
    const a = res.json();
    assert.equal(a.bookedByReception, true);
    assert.equal(a.guardian.id, w.g2.id);
    const day = (
      await get(w.s.accueil, `/api/schools/${w.school.id}/reception/day?date=${a.date}&siteId=${w.school.siteId}`)
    ).json();
    assert.ok(day.appointments.some((x: { id: string }) => x.id === a.id));
    const arrived = await send(w.s.accueil, 'POST', `/api/appointments/${a.id}/arrived`);
    assert.equal(arrived.statusCode, 200, arrived.body);
    assert.ok(arrived.json().arrivedAt);
    const note = await t.db
      .selectFrom('notifications')
      .select('person_id')
      .where('message_key', '=', 'appointment.arrived')
      .executeTakeFirst();
    assert.equal(note?.person_id, w.cpe.id);
    // Visitor log.
    const v = await send(w.s.accueil, 'POST', `/api/schools/${w.school.id}/reception/visits`, {
      siteId: w.school.siteId,
      visitorName: 'M. Technicien',
      visiting: 'Intendance',
    });
    assert.equal(v.statusCode, 201, v.body);
    const left = await send(w.s.accueil, 'POST', `/api/reception/visits/${v.json().id}/left`);
    assert.equal(left.statusCode, 200);
    assert.ok(left.json().leftAt);
    // Early departure: the guardian may collect; someone else may not.
    const dep = await send(w.s.accueil, 'POST', `/api/schools/${w.school.id}/reception/early-departures`, {
      siteId: w.school.siteId,
      pupilId: w.pupil.id,
      collectedBy: w.g1.id,
      reason: 'Rendez-vous médical',
    });
    assert.equal(dep.statusCode, 201, dep.body);
    const refused = await send(w.s.accueil, 'POST', `/api/schools/${w.school.id}/reception/early-departures`, {
      siteId: w.school.siteId,
      pupilId: w.pupil.id,
      collectedBy: w.h.id,
      reason: 'Rendez-vous médical',
    });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error, 'COLLECT_NOT_ALLOWED');
    await t.db.updateTable('guardianships').set({ may_collect: 0 }).where('guardian_id', '=', w.g2.id).execute();
    const notAllowed = await send(w.s.accueil, 'POST', `/api/schools/${w.school.id}/reception/early-departures`, {
      siteId: w.school.siteId,
      pupilId: w.pupil.id,
      collectedBy: w.g2.id,
      reason: 'x',
    });
    assert.equal(notAllowed.json().error, 'COLLECT_NOT_ALLOWED');
    const cpeNote = await t.db
      .selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'reception.early_departure')
      .execute();
    assert.deepEqual(
      cpeNote.map((n) => n.person_id),
      [w.cpe.id],
    );
    const today = (await get(w.s.accueil, `/api/schools/${w.school.id}/reception/day`)).json();
    assert.equal(today.departures.length, 1);
    assert.equal(today.departures[0].collectedBy.id, w.g1.id);
    assert.equal(today.visits.length, 1);
  });

  test('the visitor log is purged after the school’s delay', async () => {
    const w = await world();
    const now = new Date();
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
    const row = (arrivedAt: string, name: string) => ({
      id: newId(),
      school_id: w.school.id,
      site_id: w.school.siteId,
      visitor_name: name,
      visiting: 'Accueil',
      appointment_id: null,
      arrived_at: arrivedAt,
      left_at: null,
      recorded_by: null,
    });
    await t.db
      .insertInto('reception_visits')
      .values([row(daysAgo(100), 'Ancien'), row(daysAgo(10), 'Récent')])
      .execute();
    const names = async () =>
      (await t.db.selectFrom('reception_visits').select('visitor_name').where('school_id', '=', w.school.id).execute())
        .map((r) => r.visitor_name)
        .sort();
    await purgeVisitorLogs(t.db, now);
    assert.deepEqual(await names(), ['Récent']);
    // Eighty-five days later (the default delay is 90 days), the second goes too.
    await purgeVisitorLogs(t.db, new Date(now.getTime() + 79 * 86_400_000));
    assert.deepEqual(await names(), ['Récent']);
    await purgeVisitorLogs(t.db, new Date(now.getTime() + 85 * 86_400_000));
    assert.deepEqual(await names(), []);
    // A shorter delay set by the school.
    await send(w.s.principal, 'PUT', `/api/schools/${w.school.id}/reception/settings`, {
      visitorLogRetentionDays: 7,
      infoPublic: false,
      hidePrivateReasonFromOtherGuardian: true,
    });
    await t.db
      .insertInto('reception_visits')
      .values(row(daysAgo(8), 'Semaine'))
      .execute();
    await purgeVisitorLogs(t.db, now);
    assert.deepEqual(await names(), []);
  });

  test('information to families: sanitised, kept by reception, public only when the school wants', async () => {
    const w = await world();
    const put = await send(w.s.accueil, 'PUT', `/api/schools/${w.school.id}/info/${w.school.siteId}`, {
      bodyHtml: '<h2>Horaires</h2><p onclick="x()">8 h – 17 h<script>alert(1)</script></p><a href="javascript:x">f</a>',
    });
    assert.equal(put.statusCode, 200, put.body);
    const page = put.json().pages.find((p: { siteId: string }) => p.siteId === w.school.siteId);
    assert.equal(
      page.bodyHtml,
      '<h2>Horaires</h2><p>8 h – 17 h</p><a rel="noopener noreferrer nofollow" target="_blank">f</a>',
    );
    const read = await get(w.s.g1, `/api/schools/${w.school.id}/info`);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().abilities.edit, false);
    assert.equal((await get(null, `/api/public/schools/${w.school.id}/info`)).statusCode, 404);
    await send(w.s.principal, 'PUT', `/api/schools/${w.school.id}/reception/settings`, {
      visitorLogRetentionDays: 90,
      infoPublic: true,
      hidePrivateReasonFromOtherGuardian: true,
    });
    const pub = await get(null, `/api/public/schools/${w.school.id}/info`);
    assert.equal(pub.statusCode, 200, pub.body);
    assert.ok(pub.body.includes('Horaires'));
    assert.equal((await get(null, `/api/public/schools/${w.other.id}/info`)).statusCode, 404);
  });

  test('every route refuses anonymous callers, another school, another family and the wrong profile', async () => {
    const w = await world();
    const a = (await book(w.s.g1, w.pupil.id, w.cpe.id, 'Rencontre')).json();
    const v = (
      await send(w.s.accueil, 'POST', `/api/schools/${w.school.id}/reception/visits`, {
        siteId: w.school.siteId,
        visitorName: 'Visiteur',
        visiting: 'CPE',
      })
    ).json();
    const slot = await firstSlot(w.s.g1, w.pupil.id, w.cpe.id);
    const sid = w.school.id;
    const availability = {
      bookAheadDays: 10,
      privateReason: false,
      slots: [
        { siteId: w.school.siteId, roomId: null, weekday: 1, startsAt: '09:00', endsAt: '10:00', slotMinutes: 30 },
      ],
      exceptions: [],
    };
    const family = { otherSchool: w.s.otherGuardian, otherFamily: w.s.h };
    const desk = { otherSchool: w.s.otherAccueil, otherFamily: w.s.h, wrongProfile: w.s.documentaliste };
    const cases: Array<[Parameters<typeof assertRefusals>[1], Parameters<typeof assertRefusals>[2]]> = [
      [
        { url: `/api/schools/${sid}/appointments/availability` },
        { otherSchool: w.s.otherCpe, otherFamily: w.s.g1, wrongProfile: w.s.accueil },
      ],
      [
        { method: 'PUT', url: `/api/schools/${sid}/appointments/availability`, payload: availability },
        { otherSchool: w.s.otherCpe, otherFamily: w.s.g1, wrongProfile: w.s.documentaliste },
      ],
      [{ url: `/api/appointments/pupils/${w.pupil.id}/staff` }, { ...family, wrongProfile: w.s.documentaliste }],
      [
        { url: `/api/appointments/pupils/${w.pupil.id}/staff/${w.cpe.id}/slots` },
        { ...family, wrongProfile: w.s.pupil },
      ],
      [
        { url: '/api/appointments?as=staff' },
        { otherSchool: w.s.otherGuardian, otherFamily: w.s.h, wrongProfile: w.s.documentaliste },
      ],
      [{ url: '/api/appointments?as=family' }, { otherSchool: w.s.otherCpe, wrongProfile: w.s.cpe }],
      [
        {
          method: 'POST',
          url: '/api/appointments',
          payload: { pupilId: w.pupil.id, staffId: w.cpe.id, ...slot, reason: 'x' },
        },
        { ...family, wrongProfile: w.s.documentaliste },
      ],
      [{ url: `/api/appointments/${a.id}` }, { ...family, wrongProfile: w.s.teacherA }],
      [{ url: `/api/appointments/${a.id}/ics` }, { ...family, wrongProfile: w.s.psyen }],
      [
        { method: 'POST', url: `/api/appointments/${a.id}/cancel`, payload: { reason: 'x' } },
        { ...family, wrongProfile: w.s.teacherB },
      ],
      [
        { method: 'POST', url: `/api/appointments/${a.id}/arrived` },
        { ...desk, wrongProfile: w.s.g1 },
      ],
      [{ url: `/api/schools/${sid}/reception/day` }, desk],
      [{ url: `/api/schools/${sid}/reception/pupils?q=lea` }, desk],
      [
        {
          method: 'POST',
          url: `/api/schools/${sid}/reception/visits`,
          payload: { siteId: w.school.siteId, visitorName: 'x', visiting: 'y' },
        },
        desk,
      ],
      [{ method: 'POST', url: `/api/reception/visits/${v.id}/left` }, desk],
      [
        {
          method: 'POST',
          url: `/api/schools/${sid}/reception/early-departures`,
          payload: { siteId: w.school.siteId, pupilId: w.pupil.id, collectedBy: w.g1.id, reason: 'x' },
        },
        desk,
      ],
      [
        { url: `/api/schools/${sid}/reception/settings` },
        { otherSchool: w.s.otherPrincipal, otherFamily: w.s.h, wrongProfile: w.s.cpe },
      ],
      [
        {
          method: 'PUT',
          url: `/api/schools/${sid}/reception/settings`,
          payload: { visitorLogRetentionDays: 30, infoPublic: true, hidePrivateReasonFromOtherGuardian: true },
        },
        { otherSchool: w.s.otherPrincipal, otherFamily: w.s.h, wrongProfile: w.s.accueil },
      ],
      [{ url: `/api/schools/${sid}/info` }, { otherSchool: w.s.otherGuardian, wrongProfile: w.s.otherCpe }],
      [
        { method: 'PUT', url: `/api/schools/${sid}/info/${w.school.siteId}`, payload: { bodyHtml: '<p>x</p>' } },
        { otherSchool: w.s.otherAccueil, otherFamily: w.s.g1, wrongProfile: w.s.cpe },
      ],
    ];
    for (const [req, who] of cases) await assertRefusals(t.app, req, who);
    // Nothing was written by the refused calls: still one appointment, the visit not left, no departure.
    assert.equal((await t.db.selectFrom('appointments').select('id').where('school_id', '=', sid).execute()).length, 1);
    assert.equal(
      (await t.db.selectFrom('reception_visits').select('left_at').where('id', '=', v.id).executeTakeFirst())?.left_at,
      null,
    );
    assert.equal(
      (await t.db.selectFrom('early_departures').select('id').where('school_id', '=', sid).execute()).length,
      0,
    );
    const info = await t.db.selectFrom('info_pages').select('id').where('school_id', '=', sid).execute();
    assert.equal(info.length, 0);
    assert.equal((await get(w.s.g1, `/api/appointments/${a.id}`)).json().status, 'booked');
    // The public page of a school that did not open it.
    assert.equal((await get(null, `/api/public/schools/${sid}/info`)).statusCode, 404);
  });
});
