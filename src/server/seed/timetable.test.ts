import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase } from '../../../test/db.ts';
import type { Database } from '../db/database.ts';
import { todayInParis } from '../lib/dates.ts';
import { nowIso } from '../lib/ids.ts';
import { addDays, mondayOf, SchoolCalendar } from '../modules/timetable/timetable.calendar.ts';
import {
  audienceIndexOf,
  type DatedSession,
  findAllCourseConflicts,
  findSessionConflicts,
  findTravelFlags,
  type WeeklyCourse,
} from '../modules/timetable/timetable.conflicts.ts';
import { getPupilWeek } from '../modules/timetable/timetable.service.ts';
import { LE_PARC, seedDemoCollege } from './demo.ts';
import { departementSpec } from './departement.ts';
import { generateCollege, LoginRegistry } from './generator.ts';
import { generateTimetable } from './timetable.ts';

const today = todayInParis();
const now = nowIso();

function check(spec: typeof LE_PARC) {
  const college = generateCollege(spec, { logins: new LoginRegistry(), passwordHash: null, today, now });
  const t0 = performance.now();
  const tt = generateTimetable(college, { today, now });
  const ms = performance.now() - t0;
  const r = college.rows;
  const groupsOf = new Map<string, string[]>();
  for (const g of tt.course_groups) groupsOf.set(g.course_id!, [...(groupsOf.get(g.course_id!) ?? []), g.group_id!]);
  const teachersOf = new Map<string, string[]>();
  for (const t of tt.course_teachers)
    teachersOf.set(t.course_id!, [...(teachersOf.get(t.course_id!) ?? []), t.teacher_id!]);
  const weekly: WeeklyCourse[] = tt.courses.map((c) => ({
    id: c.id!,
    classId: c.class_id ?? null,
    groupIds: groupsOf.get(c.id!) ?? [],
    teacherIds: teachersOf.get(c.id!) ?? [],
    roomId: c.room_id ?? null,
    weekday: c.weekday!,
    startsAt: c.starts_at!,
    endsAt: c.ends_at!,
    weeks: c.weeks!,
    validFrom: c.valid_from!,
    validTo: c.valid_to!,
  }));
  const audience = audienceIndexOf(
    r.group_memberships.map((m) => ({ groupId: m.group_id!, pupilId: m.pupil_id! })),
    new Map(r.class_memberships.map((m) => [m.pupil_id!, m.class_id!])),
  );
  return { college, tt, weekly, audience, ms };
}

describe('demo timetable', () => {
  test('Collège Le Parc: conflict-free, travel times kept, A/B weeks, changes this week', () => {
    const { college, tt, weekly, audience, ms } = check(LE_PARC);
    assert.ok(ms < 3000, `generated in ${ms.toFixed(0)} ms`);
    assert.deepEqual(findAllCourseConflicts(weekly, audience), []);
    const siteOfRoom = new Map(tt.rooms.map((x) => [x.id!, x.site_id!]));
    const travel = new Map(tt.travel_times.map((x) => [`${x.from_site_id}|${x.to_site_id}`, x.minutes!]));
    for (const week of ['A', 'B']) {
      const flags = findTravelFlags(
        weekly
          .filter((c) => c.weeks === 'all' || c.weeks === week)
          .map((c) => ({ ...c, day: c.weekday, siteId: c.roomId ? (siteOfRoom.get(c.roomId) ?? null) : null })),
        (a, b) => travel.get(`${a}|${b}`) ?? null,
      );
      assert.deepEqual(flags, [], `week ${week}`);
    }
    assert.equal(new Set(tt.rooms.map((x) => x.site_id)).size, 3, 'rooms on the three sites');
    assert.equal(tt.travel_times.length, 6);
    assert.ok(weekly.some((c) => c.weeks === 'A') && weekly.some((c) => c.weeks === 'B'));
    // Greedy placement: a few hours of the most loaded teachers may not fit (the seed says how many).
    const notPlaced = college.counts.timetableHoursNotPlaced ?? 0;
    assert.ok(notPlaced / (weekly.length + notPlaced) < 0.05, `${notPlaced} hours not placed`);
    // Every class has a (nearly) full week: about 26 hours, LV2 and options besides.
    for (const c of college.rows.classes) {
      const n = weekly.filter((w) => w.classId === c.id && w.weeks === 'all').length;
      assert.ok(n >= 18, `${c.code}: ${n} weekly hours`);
    }

    // The changes: a cancellation, a room change, a replacement; the changed sessions clash with nothing.
    assert.equal(tt.session_changes.length, 3);
    assert.ok(tt.session_changes.some((x) => x.cancelled === 1));
    assert.ok(tt.session_changes.some((x) => x.room_id));
    assert.ok(tt.session_changes.some((x) => x.replacement_teacher_id));
    const year = college.rows.school_years[0]!;
    const cal = new SchoolCalendar({ yearStart: year.starts_on!, yearEnd: year.ends_on!, zone: 'C' });
    for (const x of tt.session_changes.filter((y) => y.cancelled === 0)) {
      const date = x.session_date!;
      const dated = (c: WeeklyCourse): DatedSession => {
        const change = tt.session_changes.find((y) => y.course_id === c.id && y.session_date === date);
        return {
          ...c,
          date,
          roomId: change?.room_id ?? c.roomId,
          teacherIds: change?.replacement_teacher_id ? [change.replacement_teacher_id] : c.teacherIds,
        };
      };
      const day = weekly.filter((c) => cal.runsOn(c, date));
      const mine = dated(day.find((c) => c.id === x.course_id)!);
      assert.deepEqual(findSessionConflicts(mine, day.map(dated), audience), []);
    }
  });

  test('a département college is generated quickly and conflict-free', () => {
    for (const i of [1, 7]) {
      const { weekly, audience, ms } = check(departementSpec(i));
      assert.ok(ms < 2000, `generated in ${ms.toFixed(0)} ms`);
      assert.deepEqual(findAllCourseConflicts(weekly, audience), []);
    }
  });

  describe('seeded', () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase();
    });
    after(async () => {
      await database.close();
    });

    test('the demo pupil sees the week with its changes', async () => {
      await seedDemoCollege(database.db);
      const eleve = await database.db
        .selectFrom('people')
        .select('id')
        .where('login', '=', 'eleve')
        .executeTakeFirstOrThrow();
      const actor = {
        personId: eleve.id,
        login: 'eleve',
        firstName: '',
        lastName: '',
        locale: 'fr',
        isDeploymentAdmin: false,
        profiles: [],
        functions: [],
        currentSchoolId: null,
        sessionHash: '',
      };
      const changed = await database.db.selectFrom('session_changes').select('session_date').executeTakeFirstOrThrow();
      const week = await getPupilWeek(database.db, actor, eleve.id, changed.session_date);
      assert.ok(week.sessions.length >= 20, `${week.sessions.length} sessions`);
      const statuses = new Set(week.sessions.map((s) => s.status));
      for (const s of ['cancelled', 'room_changed', 'replaced']) assert.ok(statuses.has(s as 'normal'), s);
      assert.equal(mondayOf(changed.session_date) >= mondayOf(today), true);
      assert.ok(changed.session_date <= addDays(mondayOf(today), 7 * 10));
    });
  });
});
