import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, signIn, type TestContext } from '../../../test/app.ts';
import { makeGuardian, makePupil, makeSchool, makeStaff } from '../../../test/factories.ts';
import { addDays } from '../modules/timetable/timetable.calendar.ts';
import { isIsoDate, isIsoMonth, todayInParis } from './dates.ts';

describe('dates: real calendar dates within the school year', () => {
  test('isIsoDate: a real date between 1900 and 2199, nothing else', () => {
    for (const ok of ['2026-02-28', '2024-02-29', '2000-02-29', '1900-01-01', '2199-12-31', '2026-12-31']) {
      assert.equal(isIsoDate(ok), true, ok);
    }
    for (const bad of [
      '2026-02-30',
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '0000-01-01',
      '9999-12-31',
      '1899-12-31',
      '2026-1-01',
      '2026-01-01T00:00',
      ' 2026-01-01',
    ]) {
      assert.equal(isIsoDate(bad), false, bad);
    }
    assert.equal(isIsoMonth('2026-02'), true);
    assert.equal(isIsoMonth('0000-01'), false);
    assert.equal(isIsoMonth('2026-13'), false);
  });

  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function setup() {
    const school = await makeSchool(t.db);
    const year = await t.db
      .selectFrom('school_years')
      .select(['starts_on', 'ends_on'])
      .where('id', '=', school.yearId)
      .executeTakeFirstOrThrow();
    const pupil = await makePupil(t.db, school);
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const cpe = await signIn(t.app, await makeStaff(t.db, school, ['cpe']));
    const admin = await signIn(t.app, await makeStaff(t.db, school, ['school_admin']));
    const mother = await signIn(t.app, guardian);
    return { school, year, pupil, cpe, admin, mother };
  }

  const rows = async (table: 'attendance_events' | 'exemptions' | 'school_calendar_entries', schoolId: string) =>
    (await t.db.selectFrom(table).select('id').where('school_id', '=', schoolId).execute()).length;

  test('absences, lateness, exemptions and calendar entries refuse 30 February, year 0000 and 9999', async () => {
    const f = await setup();
    const post = (who: typeof f.cpe, url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: who.headers, payload });
    const absence = (from: string, to: string) =>
      post(f.cpe, '/api/attendance/events', {
        kind: 'absence',
        pupilId: f.pupil.id,
        from,
        fromHalf: 'am',
        to,
        toHalf: 'pm',
      });
    const exemption = (from: string, to: string) =>
      post(f.cpe, '/api/attendance/exemptions', { pupilId: f.pupil.id, from, to });
    const entry = (startsOn: string, endsOn: string) =>
      post(f.admin, `/api/schools/${f.school.id}/timetable/calendar-entries`, {
        startsOn,
        endsOn,
        label: 'Fermeture',
        isDayOff: true,
      });
    const y = f.year.ends_on.slice(0, 4);
    for (const [from, to] of [
      [`${y}-02-30`, `${y}-02-30`],
      ['0000-01-01', '0000-01-01'],
      ['9999-12-31', '9999-12-31'],
      [f.year.starts_on, '9999-12-31'],
    ] as const) {
      const a = await absence(from, to);
      assert.equal(a.statusCode, 400, `absence ${from} → ${to}: ${a.body}`);
      assert.equal(a.json().error, 'VALIDATION_FAILED');
      assert.equal((await exemption(from, to)).statusCode, 400, `exemption ${from} → ${to}`);
      assert.equal((await entry(from, to)).statusCode, 400, `calendar entry ${from} → ${to}`);
    }
    const late = await post(f.cpe, '/api/attendance/events', {
      kind: 'lateness',
      pupilId: f.pupil.id,
      date: `${y}-02-30`,
      arrivedAt: '08:10',
      minutes: 10,
    });
    assert.equal(late.statusCode, 400);
    assert.equal(await rows('attendance_events', f.school.id), 0);
    assert.equal(await rows('exemptions', f.school.id), 0);
    assert.equal(await rows('school_calendar_entries', f.school.id), 0);
  });

  test('real dates outside the school year are refused with outside_school_year; inside, accepted', async () => {
    const f = await setup();
    const before = addDays(f.year.starts_on, -1);
    const beyond = addDays(f.year.ends_on, 1);
    const absence = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      headers: f.cpe.headers,
      payload: { kind: 'absence', pupilId: f.pupil.id, from: before, fromHalf: 'am', to: before, toHalf: 'pm' },
    });
    assert.equal(absence.statusCode, 400, absence.body);
    assert.deepEqual(absence.json().details.fields, [{ path: 'from', code: 'outside_school_year' }]);
    const straddling = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/exemptions',
      headers: f.cpe.headers,
      payload: { pupilId: f.pupil.id, from: f.year.ends_on, to: beyond },
    });
    assert.equal(straddling.statusCode, 400, straddling.body);
    assert.deepEqual(straddling.json().details.fields, [{ path: 'to', code: 'outside_school_year' }]);
    const entry = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/timetable/calendar-entries`,
      headers: f.admin.headers,
      payload: { startsOn: beyond, endsOn: beyond, label: 'Pont', isDayOff: true },
    });
    assert.equal(entry.statusCode, 400, entry.body);
    assert.deepEqual(entry.json().details.fields, [{ path: 'startsOn', code: 'outside_school_year' }]);
    const announce = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/justifications',
      headers: f.mother.headers,
      payload: {
        pupilId: f.pupil.id,
        announcement: { from: todayInParis(), fromHalf: 'am', to: beyond, toHalf: 'pm' },
        comment: '',
      },
    });
    assert.equal(announce.statusCode, 400, announce.body);
    assert.equal(await rows('attendance_events', f.school.id), 0);
    assert.equal(await rows('exemptions', f.school.id), 0);
    assert.equal(await rows('school_calendar_entries', f.school.id), 0);

    const inside = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/exemptions',
      headers: f.cpe.headers,
      payload: { pupilId: f.pupil.id, from: f.year.starts_on, to: f.year.ends_on },
    });
    assert.equal(inside.statusCode, 201, inside.body);
  });
});
