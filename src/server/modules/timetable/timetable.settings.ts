/** The timetable's settings per school: time slots, rooms, travel times between sites, calendar edits. */
import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import { assertInSchoolYear } from '../../lib/school-year.ts';
import { canEditTimetable, canViewSchoolTimetables } from './timetable.policy.ts';
import * as repo from './timetable.repo.ts';
import { findCalendarOfSchool, forgetCalendars } from './timetable.service.ts';

function scope(actor: Actor, schoolId: string, edit: boolean) {
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  assertCan(edit ? canEditTimetable(actor, schoolId) : canViewSchoolTimetables(actor, schoolId));
}

const bad = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ path, code: 'invalid' }] });

export async function getSettings(db: Executor, actor: Actor, schoolId: string, date?: string) {
  scope(actor, schoolId, false);
  const day = date ?? todayInParis();
  const [slots, rooms, sites, travel, entries, year] = await Promise.all([
    db.selectFrom('time_slots').selectAll().where('school_id', '=', schoolId).orderBy('starts_at').execute(),
    db.selectFrom('rooms').selectAll().where('school_id', '=', schoolId).orderBy('code').execute(),
    db.selectFrom('sites').select(['id', 'name']).where('school_id', '=', schoolId).orderBy('name').execute(),
    repo.findTravelTimes(db, schoolId),
    repo.findCalendarEntries(db, schoolId),
    findCalendarOfSchool(db, schoolId, day),
  ]);
  return {
    slots: slots.map((s) => ({ id: s.id, code: s.code, startsAt: s.starts_at, endsAt: s.ends_at, siteId: s.site_id })),
    rooms: rooms.map((r) => ({ id: r.id, code: r.code, label: r.label, siteId: r.site_id, capacity: r.capacity })),
    sites,
    travelTimes: travel.map((t) => ({ fromSiteId: t.from_site_id, toSiteId: t.to_site_id, minutes: t.minutes })),
    calendar: year
      ? {
          yearStart: year.startsOn,
          yearEnd: year.endsOn,
          daysOff: year.cal.daysOffBetween(year.startsOn, year.endsOn),
          entries: entries.map((e) => ({
            id: e.id,
            startsOn: e.starts_on,
            endsOn: e.ends_on,
            label: e.label,
            isDayOff: e.is_day_off === 1,
          })),
        }
      : null,
  };
}

async function assertSites(db: Executor, schoolId: string, siteIds: Array<string | null>, path: string) {
  const wanted = [...new Set(siteIds.filter((s): s is string => s !== null))];
  if (wanted.length === 0) return;
  const found = await db
    .selectFrom('sites')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('id', 'in', wanted)
    .execute();
  if (found.length !== wanted.length) throw bad(path, 'Unknown site in this school');
}

/** Replaces the school's time slots (they label hours in the web app; courses keep their own times). */
export async function replaceSlots(
  db: Executor,
  actor: Actor,
  schoolId: string,
  slots: Array<{ code: string; startsAt: string; endsAt: string; siteId: string | null }>,
) {
  scope(actor, schoolId, true);
  if (slots.some((s) => s.startsAt >= s.endsAt)) throw bad('slots', 'A slot ends after it starts');
  await assertSites(
    db,
    schoolId,
    slots.map((s) => s.siteId),
    'slots',
  );
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('time_slots').where('school_id', '=', schoolId).execute();
    if (slots.length) {
      await trx
        .insertInto('time_slots')
        .values(
          slots.map((s) => ({
            id: newId(),
            school_id: schoolId,
            site_id: s.siteId,
            code: s.code,
            starts_at: s.startsAt,
            ends_at: s.endsAt,
          })),
        )
        .execute();
    }
  });
  return getSettings(db, actor, schoolId);
}

export async function createRoom(
  db: Executor,
  actor: Actor,
  schoolId: string,
  input: { code: string; label: string; siteId: string; capacity: number | null },
) {
  scope(actor, schoolId, true);
  await assertSites(db, schoolId, [input.siteId], 'siteId');
  const taken = await db
    .selectFrom('rooms')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (taken)
    throw new AppError('CONFLICT', 'A room already has this code', { fields: [{ path: 'code', code: 'taken' }] });
  const id = newId();
  await db
    .insertInto('rooms')
    .values({
      id,
      school_id: schoolId,
      site_id: input.siteId,
      code: input.code,
      label: input.label,
      capacity: input.capacity,
    })
    .execute();
  return { id, code: input.code, label: input.label, siteId: input.siteId, capacity: input.capacity };
}

/** Sets travel times between sites (both directions, unless the other direction is given too). */
export async function replaceTravelTimes(
  db: Executor,
  actor: Actor,
  schoolId: string,
  items: Array<{ fromSiteId: string; toSiteId: string; minutes: number }>,
) {
  scope(actor, schoolId, true);
  if (items.some((i) => i.fromSiteId === i.toSiteId)) throw bad('items', 'A travel time joins two different sites');
  await assertSites(
    db,
    schoolId,
    items.flatMap((i) => [i.fromSiteId, i.toSiteId]),
    'items',
  );
  const rows = new Map<string, { from: string; to: string; minutes: number }>();
  for (const i of items)
    rows.set(`${i.fromSiteId}|${i.toSiteId}`, { from: i.fromSiteId, to: i.toSiteId, minutes: i.minutes });
  for (const i of items) {
    const back = `${i.toSiteId}|${i.fromSiteId}`;
    if (!rows.has(back)) rows.set(back, { from: i.toSiteId, to: i.fromSiteId, minutes: i.minutes });
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('travel_times').where('school_id', '=', schoolId).execute();
    if (rows.size) {
      await trx
        .insertInto('travel_times')
        .values(
          [...rows.values()].map((r) => ({
            id: newId(),
            school_id: schoolId,
            from_site_id: r.from,
            to_site_id: r.to,
            minutes: r.minutes,
          })),
        )
        .execute();
    }
  });
  return getSettings(db, actor, schoolId);
}

export async function addCalendarEntry(
  db: Executor,
  actor: Actor,
  schoolId: string,
  input: { startsOn: string; endsOn: string; label: string; isDayOff: boolean },
) {
  scope(actor, schoolId, true);
  if (input.startsOn > input.endsOn) throw bad('endsOn', 'The range ends before it starts');
  await assertInSchoolYear(
    db,
    schoolId,
    { path: 'startsOn', date: input.startsOn },
    { path: 'endsOn', date: input.endsOn },
  );
  await db
    .insertInto('school_calendar_entries')
    .values({
      id: newId(),
      school_id: schoolId,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      label: input.label,
      is_day_off: input.isDayOff ? 1 : 0,
    })
    .execute();
  forgetCalendars(schoolId);
  return getSettings(db, actor, schoolId, input.startsOn);
}

export async function deleteCalendarEntry(db: Executor, actor: Actor, schoolId: string, entryId: string) {
  scope(actor, schoolId, true);
  const r = await db
    .deleteFrom('school_calendar_entries')
    .where('id', '=', entryId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new AppError('NOT_FOUND', 'Calendar entry not found');
  forgetCalendars(schoolId);
}
