import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, signIn, type TestContext } from '../../../../test/app.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { newId } from '../../lib/ids.ts';

describe('timetable settings', () => {
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
    const site2 = newId();
    await t.db
      .insertInto('sites')
      .values({ id: site2, school_id: school.id, name: 'Annexe', address: '2 rue', network_ranges: '[]' })
      .execute();
    const cls = await makeClass(t.db, school);
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    return {
      school,
      site2,
      cls,
      teacher,
      admin: await signIn(t.app, await makeStaff(t.db, school, ['school_admin'])),
      cpe: await signIn(t.app, await makeStaff(t.db, school, ['cpe'])),
      teacherS: await signIn(t.app, teacher),
      pupil: await signIn(t.app, pupil),
      guardian: await signIn(t.app, await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] })),
      otherAdmin: await signIn(t.app, await makeStaff(t.db, other, ['school_admin'])),
    };
  }

  test('slots, rooms, travel times and calendar edits, with their refusals', async () => {
    const f = await setup();
    const base = `/api/schools/${f.school.id}/timetable`;
    const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: f.admin.headers, ...(payload ? { payload } : {}) });

    const slots = await send('PUT', `${base}/slots`, { slots: [{ code: 'M1', startsAt: '08:00', endsAt: '08:55' }] });
    assert.equal(slots.statusCode, 200, slots.body);
    assert.deepEqual(
      slots.json().slots.map((s: { code: string }) => s.code),
      ['M1'],
    );
    const room = await send('POST', `${base}/rooms`, { code: 'A101', label: 'Salle A101', siteId: f.school.siteId });
    assert.equal(room.statusCode, 201, room.body);
    assert.equal(
      (await send('POST', `${base}/rooms`, { code: 'A101', label: 'x', siteId: f.school.siteId })).statusCode,
      409,
    );
    const travel = await send('PUT', `${base}/travel-times`, {
      items: [{ fromSiteId: f.school.siteId, toSiteId: f.site2, minutes: 20 }],
    });
    assert.equal(travel.statusCode, 200, travel.body);
    assert.equal(travel.json().travelTimes.length, 2, 'both directions');

    // A course on each site back to back: the course reports a travel warning.
    const course = (siteRoom: string | null, startsAt: string, endsAt: string) =>
      send('POST', `${base}/courses`, {
        subjectId: f.teacher.subjectId,
        classId: f.cls.id,
        teacherIds: [f.teacher.id],
        roomId: siteRoom,
        weekday: 2,
        startsAt,
        endsAt,
      });
    const roomB = newId();
    await t.db
      .insertInto('rooms')
      .values({ id: roomB, school_id: f.school.id, site_id: f.site2, code: 'B1', label: 'B1', capacity: null })
      .execute();
    assert.equal((await course(room.json().id, '08:00', '09:00')).statusCode, 201);
    const second = await course(roomB, '09:05', '10:00');
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.json().travelWarnings, 1, '5 minutes between two sites 20 minutes apart');

    // A closure day added then removed: the pupil's week follows.
    const added = await send('POST', `${base}/calendar-entries`, {
      startsOn: '2026-12-01',
      endsOn: '2026-12-01',
      label: 'Fermeture',
      isDayOff: true,
    });
    assert.equal(added.statusCode, 201, added.body);
    const entry = added.json().calendar.entries[0];
    assert.ok(added.json().calendar.daysOff.some((d: { label: string }) => d.label === 'Fermeture'));
    const week = await t.app.inject({
      method: 'GET',
      url: `/api/timetable/classes/${f.cls.id}/week?date=2026-12-01`,
      headers: f.admin.headers,
    });
    assert.equal(week.json().sessions.length, 0, 'no course on a closed day');
    assert.equal((await send('DELETE', `${base}/calendar-entries/${entry.id}`)).statusCode, 200);
    const back = await t.app.inject({
      method: 'GET',
      url: `/api/timetable/classes/${f.cls.id}/week?date=2026-12-01`,
      headers: f.admin.headers,
    });
    assert.equal(back.json().sessions.length, 2);

    const get = await t.app.inject({ method: 'GET', url: `${base}/settings`, headers: f.teacherS.headers });
    assert.equal(get.statusCode, 200, get.body);
    assert.equal(get.json().rooms.length, 2);
    assert.ok(get.json().calendar.daysOff.length > 5, 'zone C holidays and public holidays');

    const who = { otherSchool: f.otherAdmin, otherFamily: f.guardian, wrongProfile: f.cpe };
    await assertRefusals(t.app, { method: 'GET', url: `${base}/settings` }, { ...who, wrongProfile: f.pupil });
    await assertRefusals(t.app, { method: 'PUT', url: `${base}/slots`, payload: { slots: [] } }, who);
    await assertRefusals(
      t.app,
      { method: 'POST', url: `${base}/rooms`, payload: { code: 'Z', label: 'Z', siteId: f.school.siteId } },
      who,
    );
    await assertRefusals(t.app, { method: 'PUT', url: `${base}/travel-times`, payload: { items: [] } }, who);
    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: `${base}/calendar-entries`,
        payload: { startsOn: '2026-12-02', endsOn: '2026-12-02', label: 'x', isDayOff: true },
      },
      who,
      async () =>
        assert.equal(
          (await t.db.selectFrom('school_calendar_entries').select('id').where('school_id', '=', f.school.id).execute())
            .length,
          0,
        ),
    );
    await assertRefusals(t.app, { method: 'DELETE', url: `${base}/calendar-entries/${entry.id}` }, who);
    const list = await t.app.inject({ method: 'GET', url: `${base}/courses`, headers: f.admin.headers });
    assert.equal(list.json().items.length, 2);
    await assertRefusals(t.app, { method: 'GET', url: `${base}/courses` }, { ...who, wrongProfile: f.teacherS });
  });
});
