import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { invalidate, onInvalidate } from '../../lib/invalidation.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { addDays, mondayOf, SchoolCalendar, weekdayOf } from './timetable.calendar.ts';
import { findTravelFlags } from './timetable.conflicts.ts';
import { canViewPupilTimetable, canViewSchoolTimetables, canViewTeacherTimetable } from './timetable.policy.ts';
import type { CourseRow } from './timetable.repo.ts';
import * as repo from './timetable.repo.ts';
import type { SessionOut } from './timetable.schema.ts';
import { type CourseWithDetails, expandSessions, type Session } from './timetable.sessions.ts';

// ----------------------------------------------------------------------------------------- calendars

interface YearCalendar {
  id: string;
  schoolId: string;
  startsOn: string;
  endsOn: string;
  cal: SchoolCalendar;
}

/**
 * Calendars are read on every view and change rarely: kept per school year for a minute, and dropped at once
 * when they are edited, in this process and in the others (lib/invalidation.ts). Session changes are never
 * cached.
 */
const CALENDAR_TTL_MS = 60_000;
const calendarCache = new Map<string, { at: number; year: YearCalendar }>();

onInvalidate('calendars', (schoolId) => {
  for (const [k, v] of calendarCache) if (v.year.schoolId === schoolId) calendarCache.delete(k);
});

export function forgetCalendars(schoolId: string) {
  invalidate('calendars', schoolId);
}

async function buildYearCalendar(
  db: Executor,
  y: { id: string; school_id: string; starts_on: string; ends_on: string; holiday_zone: string },
): Promise<YearCalendar> {
  const entries = await repo.findCalendarEntries(db, y.school_id);
  const cal = new SchoolCalendar({
    yearStart: y.starts_on,
    yearEnd: y.ends_on,
    zone: y.holiday_zone,
    entries: entries.map((e) => ({
      startsOn: e.starts_on,
      endsOn: e.ends_on,
      label: e.label,
      isDayOff: e.is_day_off === 1,
    })),
  });
  const year = { id: y.id, schoolId: y.school_id, startsOn: y.starts_on, endsOn: y.ends_on, cal };
  calendarCache.set(y.id, { at: Date.now(), year });
  return year;
}

export async function getYearCalendar(db: Executor, yearId: string): Promise<YearCalendar | undefined> {
  const hit = calendarCache.get(yearId);
  if (hit && Date.now() - hit.at < CALENDAR_TTL_MS) return hit.year;
  const y = await repo.getYear(db, yearId);
  return y ? buildYearCalendar(db, y) : undefined;
}

/** The calendar of the school year of `schoolId` that contains `date`. */
export async function findCalendarOfSchool(db: Executor, schoolId: string, date: string) {
  for (const { at, year } of calendarCache.values()) {
    if (
      year.schoolId === schoolId &&
      year.startsOn <= date &&
      year.endsOn >= date &&
      Date.now() - at < CALENDAR_TTL_MS
    ) {
      return year;
    }
  }
  const y = await repo.findYearOfSchool(db, schoolId, date);
  return y ? buildYearCalendar(db, y) : undefined;
}

// ------------------------------------------------------------------------------------------ sessions

/** Expands courses into sessions between two dates: teachers and groups, changes, extras, calendars. */
export async function sessionsOfCourses(db: Executor, courses: CourseRow[], from: string, to: string) {
  const ids = courses.map((c) => c.id);
  const [details, changes, extras] = await Promise.all([
    repo.findCourseDetails(db, ids),
    repo.findChangesOfCourses(db, { courseIds: ids, from, to }),
    repo.findExtrasOfCourses(db, { courseIds: ids, from, to }),
  ]);
  const calendars = new Map<string, SchoolCalendar>();
  for (const yearId of new Set(courses.map((c) => c.school_year_id))) {
    const y = await getYearCalendar(db, yearId);
    if (y) calendars.set(yearId, y.cal);
  }
  const withDetails: CourseWithDetails[] = courses.map((row) => ({
    row,
    teachers: details.teachers.get(row.id) ?? [],
    groups: details.groups.get(row.id) ?? [],
  }));
  return expandSessions({ courses: withDetails, changes, extras, calendarOf: (id) => calendars.get(id), from, to });
}

/**
 * The sessions a teacher teaches, or was planned to teach (replaced, moved, cancelled), between two dates, in every
 * school they teach in: their courses, and the courses whose sessions were given to them.
 */
export async function findSessionsOfTeacher(
  db: Executor,
  o: { teacherId: string; from: string; to: string },
): Promise<Session[]> {
  const own = await repo.findCoursesOfTeacher(db, { teacherId: o.teacherId, from: o.from, to: o.to });
  const courses = await withChangedInto(db, own, { teacherId: o.teacherId, from: o.from, to: o.to });
  if (courses.length === 0) return [];
  const teaches = (ts: readonly { id: string }[]) => ts.some((t) => t.id === o.teacherId);
  return (await sessionsOfCourses(db, courses, o.from, o.to)).filter(
    (s) => teaches(s.teachers) || (s.original !== null && teaches(s.original.teachers)),
  );
}

/** Every session of a school that takes place on a date: its weekday's courses, moved-in and extra sessions. */
export async function findSessionsOfSchoolOn(db: Executor, schoolId: string, date: string): Promise<Session[]> {
  const year = await findCalendarOfSchool(db, schoolId, date);
  if (!year) return [];
  const weekday = weekdayOf(date);
  const courses = (await repo.findCoursesOfYear(db, year.id)).filter((c) => c.weekday === weekday);
  const known = new Set(courses.map((c) => c.id));
  const more = [...new Set(await repo.findCourseIdsMovedOrAddedOn(db, schoolId, date))].filter((id) => !known.has(id));
  const all = [...courses, ...(await repo.findCoursesByIds(db, more))];
  return (await sessionsOfCourses(db, all, date, date)).filter((s) => s.date === date);
}

/** Fields opt-in: the internal session carries the school id, the response does not. */
export function presentSession(s: Session): SessionOut {
  return {
    key: s.key,
    courseId: s.courseId,
    date: s.date,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    subject: s.subject,
    teachers: s.teachers,
    room: s.room,
    site: s.site,
    class: s.class,
    groups: s.groups,
    weeks: s.weeks,
    status: s.status,
    changes: s.changes,
    original: s.original,
    reason: s.reason,
  };
}

const weekOf = (date: string | undefined) => {
  const from = mondayOf(date ?? todayInParis());
  return { from, to: addDays(from, 6) };
};

async function weekFrame(db: Executor, schoolId: string, from: string, to: string) {
  const year = (await findCalendarOfSchool(db, schoolId, from)) ?? (await findCalendarOfSchool(db, schoolId, to));
  return {
    from,
    to,
    weekLabel: year?.cal.weekLabel(from) ?? null,
    daysOff: year ? year.cal.daysOffBetween(from, to) : [],
  };
}

// ------------------------------------------------------------------------------------------- views

export async function getPupilWeek(db: Executor, actor: Actor, pupilId: string, date?: string) {
  // A pupil reading their own week (most reads): the school is in the session's roles, no query needed.
  const own = actor.personId === pupilId ? actor.profiles.find((p) => p.kind === 'pupil')?.schoolId : undefined;
  const schoolId = own ?? (await repo.findPupil(db, pupilId))?.school_id;
  if (!schoolId) throw new AppError('NOT_FOUND', 'Pupil not found');
  assertCan(await canViewPupilTimetable(db, actor, pupilId, schoolId), { hide: true, what: 'Pupil' });
  const { from, to } = weekOf(date);
  const courses = await repo.findCoursesOfPupil(db, { pupilId, from, to });
  const [frame, sessions] = await Promise.all([
    weekFrame(db, schoolId, from, to),
    sessionsOfCourses(db, courses, from, to),
  ]);
  return { ...frame, sessions: sessions.map(presentSession) };
}

/** A guardian's children side by side on one day (children under a court restriction left out). */
export async function getFamilyDay(db: Executor, actor: Actor, date?: string) {
  const day = date ?? todayInParis();
  const children = await directoryRepo.findChildrenOfGuardian(db, actor.personId, day);
  assertCan(children.length > 0);
  const memberships = await repo.findMembershipsOfPupils(db, {
    pupilIds: children.map((c) => c.id),
    from: day,
    to: day,
  });
  const courses = await repo.findCoursesOfAudience(db, {
    classIds: [...new Set(memberships.filter((m) => m.kind === 'class').map((m) => m.id))],
    groupIds: [...new Set(memberships.filter((m) => m.kind === 'group').map((m) => m.id))],
    from: day,
    to: day,
  });
  const sessions = (await sessionsOfCourses(db, courses, day, day)).filter((s) => s.date === day);
  const out = [];
  for (const child of children) {
    const mine = new Set(memberships.filter((m) => m.pupil_id === child.id).map((m) => m.id));
    const year = await findCalendarOfSchool(db, child.school_id, day);
    out.push({
      pupil: { id: child.id, firstName: child.first_name, lastName: child.last_name },
      class:
        child.class_id && child.class_code !== null
          ? { id: child.class_id, code: child.class_code, label: child.class_label ?? child.class_code }
          : null,
      dayOff: year ? year.cal.dayOffLabel(day) : null,
      sessions: sessions
        .filter((s) => (s.class && mine.has(s.class.id)) || s.groups.some((g) => mine.has(g.id)))
        .map(presentSession),
    });
  }
  return { date: day, children: out };
}

async function schoolScoped(db: Executor, actor: Actor, kind: 'classes' | 'groups' | 'rooms' | 'sites', id: string) {
  const schoolId = await repo.findSchoolOf(db, kind, id);
  if (!schoolId || !belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'Not found');
  assertCan(canViewSchoolTimetables(actor, schoolId));
  return schoolId;
}

export async function getClassWeek(db: Executor, actor: Actor, classId: string, date?: string) {
  const schoolId = await schoolScoped(db, actor, 'classes', classId);
  const { from, to } = weekOf(date);
  const courses = await repo.findCoursesOfAudience(db, { classIds: [classId], groupIds: [], from, to });
  // The class's pupils also follow group courses (LV2, Latin...): include the groups its pupils belong to.
  const groupIds = await db
    .selectFrom('group_memberships as gm')
    .innerJoin('class_memberships as cm', 'cm.pupil_id', 'gm.pupil_id')
    .select('gm.group_id')
    .distinct()
    .where('cm.class_id', '=', classId)
    .where('cm.starts_on', '<=', to)
    .where((eb) => eb.or([eb('cm.ends_on', 'is', null), eb('cm.ends_on', '>=', from)]))
    .where('gm.starts_on', '<=', to)
    .where((eb) => eb.or([eb('gm.ends_on', 'is', null), eb('gm.ends_on', '>=', from)]))
    .execute();
  const groupCourses = await repo.findCoursesOfAudience(db, {
    classIds: [],
    groupIds: groupIds.map((g) => g.group_id),
    from,
    to,
  });
  const all = [...courses, ...groupCourses.filter((g) => !courses.some((c) => c.id === g.id))];
  return weekView(db, schoolId, all, from, to);
}

export async function getGroupWeek(db: Executor, actor: Actor, groupId: string, date?: string) {
  const schoolId = await schoolScoped(db, actor, 'groups', groupId);
  const { from, to } = weekOf(date);
  const courses = await repo.findCoursesOfAudience(db, { classIds: [], groupIds: [groupId], from, to });
  return weekView(db, schoolId, courses, from, to);
}

export async function getRoomWeek(db: Executor, actor: Actor, roomId: string, date?: string) {
  const schoolId = await schoolScoped(db, actor, 'rooms', roomId);
  const { from, to } = weekOf(date);
  const own = await repo.findCoursesOfRoom(db, { roomId, from, to });
  const courses = await withChangedInto(db, own, { roomId, from, to });
  return weekView(db, schoolId, courses, from, to, (s) => s.room?.id === roomId);
}

export async function getSiteWeek(db: Executor, actor: Actor, siteId: string, date?: string) {
  const schoolId = await schoolScoped(db, actor, 'sites', siteId);
  const { from, to } = weekOf(date);
  const own = await repo.findCoursesOfSite(db, { siteId, from, to });
  const courses = await withChangedInto(db, own, { siteId, from, to });
  return weekView(db, schoolId, courses, from, to, (s) => s.site?.id === siteId);
}

export async function getTeacherWeek(db: Executor, actor: Actor, teacherId: string, date?: string) {
  const schools = (await repo.findTeacherSchools(db, teacherId)).map((s) => s.school_id);
  const shared = schools.filter((s) => belongsToSchool(actor, s));
  if (shared.length === 0) throw new AppError('NOT_FOUND', 'Teacher not found');
  // A teacher on two collèges: each school sees its own courses; the teacher sees all of them.
  const visible = shared.filter((s) => canViewTeacherTimetable(actor, teacherId, s));
  assertCan(visible.length > 0);
  const schoolId =
    actor.currentSchoolId && visible.includes(actor.currentSchoolId) ? actor.currentSchoolId : visible[0]!;
  const { from, to } = weekOf(date);
  const own = await repo.findCoursesOfTeacher(db, { teacherId, from, to });
  const courses = (await withChangedInto(db, own, { teacherId, from, to })).filter((c) =>
    visible.includes(c.school_id),
  );
  const week = await weekView(
    db,
    schoolId,
    courses,
    from,
    to,
    (s) =>
      s.teachers.some((t) => t.id === teacherId) || (s.original?.teachers.some((t) => t.id === teacherId) ?? false),
  );
  const teaching = week.sessions.filter(
    (s) => !s.changes.includes('cancelled') && s.teachers.some((t) => t.id === teacherId),
  );
  const travel = await travelMinutesOf(db, schoolId);
  const byKey = new Map(teaching.map((s) => [s.key, s]));
  const flags = findTravelFlags(
    teaching.map((s) => ({
      id: s.key,
      day: s.date,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      siteId: s.site?.id ?? null,
      teacherIds: [teacherId],
    })),
    travel,
  );
  return {
    ...week,
    travelWarnings: flags.map((f) => ({
      fromSessionKey: f.fromId,
      toSessionKey: f.toId,
      fromSite: byKey.get(f.fromId)!.site!,
      toSite: byKey.get(f.toId)!.site!,
      gapMinutes: f.gapMinutes,
      requiredMinutes: f.requiredMinutes,
    })),
  };
}

export async function travelMinutesOf(db: Executor, schoolId: string) {
  const rows = await repo.findTravelTimes(db, schoolId);
  const m = new Map<string, number>();
  for (const r of rows) {
    m.set(`${r.from_site_id}|${r.to_site_id}`, r.minutes);
    if (!m.has(`${r.to_site_id}|${r.from_site_id}`)) m.set(`${r.to_site_id}|${r.from_site_id}`, r.minutes);
  }
  return (a: string, b: string) => m.get(`${a}|${b}`) ?? null;
}

async function withChangedInto(
  db: Executor,
  own: CourseRow[],
  o: { teacherId?: string; roomId?: string; siteId?: string; from: string; to: string },
) {
  const extra = (await repo.findCourseIdsChangedTo(db, o)).filter((id) => !own.some((c) => c.id === id));
  return extra.length > 0 ? [...own, ...(await repo.findCoursesByIds(db, extra))] : own;
}

async function weekView(
  db: Executor,
  schoolId: string,
  courses: CourseRow[],
  from: string,
  to: string,
  keep: (s: Session) => boolean = () => true,
) {
  const [frame, sessions] = await Promise.all([
    weekFrame(db, schoolId, from, to),
    sessionsOfCourses(db, courses, from, to),
  ]);
  return { ...frame, sessions: sessions.filter(keep).map(presentSession) };
}
