/** Building the timetable (courses) and changing sessions: direction and the school's administrator. */
import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError, type ErrorCode } from '../../lib/errors.ts';
import { deName } from '../../lib/french.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import { notifyCourseOverlaps } from '../appointments/appointments.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { assertRoomNotBooked } from '../resources/resources.service.ts';
import { addDays, weekdayOf } from './timetable.calendar.ts';
import {
  type AudienceIndex,
  audienceIndexOf,
  type Clash,
  type Conflict,
  type DatedSession,
  findCourseConflicts,
  findSessionConflicts,
  findTravelFlags,
  type WeeklyCourse,
} from './timetable.conflicts.ts';
import { canCancelSession, canEditTimetable } from './timetable.policy.ts';
import * as repo from './timetable.repo.ts';
import type { CourseInput, CoursePatch } from './timetable.schema.ts';
import {
  findCalendarOfSchool,
  getYearCalendar,
  presentSession,
  sessionsOfCourses,
  travelMinutesOf,
} from './timetable.service.ts';
import { parseSessionKey, type Session } from './timetable.sessions.ts';

const DAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

// ------------------------------------------------------------------------------------------ conflicts

const CODE_OF: Record<Clash['kind'], ErrorCode> = {
  teacher: 'TEACHER_BUSY',
  room: 'ROOM_TAKEN',
  class: 'CLASS_BUSY',
  group: 'GROUP_BUSY',
};

/** A 409 naming the other courses or sessions and what clashes; the code says the first clash's kind. */
function conflictError(conflicts: Conflict[], describe: (id: string) => Record<string, unknown>): AppError {
  const first = conflicts[0]!.clashes[0]!;
  return new AppError(CODE_OF[first.kind], 'This clashes with another course', {
    conflicts: conflicts.map((c) => ({ ...describe(c.otherId), clashes: c.clashes })),
  });
}

export async function loadAudience(db: Executor, schoolYearId: string, day: string): Promise<AudienceIndex> {
  const facts = await repo.findAudienceFacts(db, schoolYearId, day);
  return audienceIndexOf(facts.groupMembers, facts.classOfPupil);
}

/** Weekly courses of a school year with their teachers and groups (for conflict checks). */
export async function weeklyCoursesOfYear(db: Executor, schoolYearId: string) {
  const rows = await repo.findCoursesOfYear(db, schoolYearId);
  const details = await repo.findCourseDetails(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    row: r,
    weekly: {
      id: r.id,
      classId: r.class_id,
      groupIds: (details.groups.get(r.id) ?? []).map((g) => g.id),
      teacherIds: (details.teachers.get(r.id) ?? []).map((t) => t.id),
      roomId: r.room_id,
      weekday: r.weekday,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      weeks: r.weeks,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    } satisfies WeeklyCourse,
  }));
}

/** Travel-time warnings per course: a teacher's consecutive courses at two sites too close together. */
export async function travelWarningsOfYear(db: Executor, schoolId: string, schoolYearId: string) {
  const all = await weeklyCoursesOfYear(db, schoolYearId);
  const travel = await travelMinutesOf(db, schoolId);
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const week of ['A', 'B'] as const) {
    const flags = findTravelFlags(
      all
        .filter((c) => c.weekly.weeks === 'all' || c.weekly.weeks === week)
        .map((c) => ({
          ...c.weekly,
          day: c.weekly.weekday,
          siteId: c.row.room_site_id ?? c.row.class_site_id ?? null,
        })),
      travel,
    );
    for (const f of flags) {
      const pair = `${f.teacherId}|${f.fromId}|${f.toId}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      for (const id of [f.fromId, f.toId]) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

// -------------------------------------------------------------------------------------------- courses

async function assertInSchool(db: Executor, schoolId: string, input: Partial<CourseInput>) {
  const bad = (field: string) =>
    new AppError('VALIDATION_FAILED', `Unknown ${field} in this school`, {
      fields: [{ path: field, code: 'unknown' }],
    });
  const one = async (table: 'subjects' | 'classes' | 'rooms', id: string | null | undefined, field: string) => {
    if (!id) return;
    const row = await db
      .selectFrom(table)
      .select('id')
      .where('id', '=', id)
      .where('school_id', '=', schoolId)
      .executeTakeFirst();
    if (!row) throw bad(field);
  };
  await one('subjects', input.subjectId, 'subjectId');
  await one('classes', input.classId, 'classId');
  await one('rooms', input.roomId, 'roomId');
  if (input.groupIds?.length) {
    const rows = await db
      .selectFrom('groups')
      .select('id')
      .where('id', 'in', input.groupIds)
      .where('school_id', '=', schoolId)
      .execute();
    if (rows.length !== new Set(input.groupIds).size) throw bad('groupIds');
  }
  if (input.teacherIds?.length) {
    const rows = await db
      .selectFrom('profiles')
      .select('person_id')
      .where('person_id', 'in', input.teacherIds)
      .where('school_id', '=', schoolId)
      .where('kind', '=', 'teacher')
      .execute();
    if (rows.length !== new Set(input.teacherIds).size) throw bad('teacherIds');
  }
}

function checkShape(c: { startsAt: string; endsAt: string; classId: string | null; groupIds: string[] }) {
  if (c.startsAt >= c.endsAt) {
    throw new AppError('VALIDATION_FAILED', 'A course ends after it starts', {
      fields: [{ path: 'endsAt', code: 'too_small' }],
    });
  }
  if (c.classId === null && c.groupIds.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'A course is for a class or groups', {
      fields: [{ path: 'classId', code: 'required' }],
    });
  }
}

async function assertNoCourseConflict(db: Executor, schoolYearId: string, candidate: WeeklyCourse) {
  const all = await weeklyCoursesOfYear(db, schoolYearId);
  const audience = await loadAudience(db, schoolYearId, [candidate.validFrom, todayInParis()].sort()[1]!);
  const conflicts = findCourseConflicts(
    candidate,
    all.map((c) => c.weekly),
    audience,
  );
  if (conflicts.length === 0) return;
  const byId = new Map(all.map((c) => [c.row.id, c.row]));
  throw conflictError(conflicts, (id) => {
    const r = byId.get(id)!;
    return {
      courseId: id,
      subject: r.subject_label,
      class: r.class_code,
      room: r.room_code,
      weekday: r.weekday,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      weeks: r.weeks,
    };
  });
}

async function writeCourseLinks(db: Executor, courseId: string, teacherIds: string[], groupIds: string[]) {
  await db.deleteFrom('course_teachers').where('course_id', '=', courseId).execute();
  await db.deleteFrom('course_groups').where('course_id', '=', courseId).execute();
  if (teacherIds.length) {
    await db
      .insertInto('course_teachers')
      .values([...new Set(teacherIds)].map((t) => ({ course_id: courseId, teacher_id: t })))
      .execute();
  }
  if (groupIds.length) {
    await db
      .insertInto('course_groups')
      .values([...new Set(groupIds)].map((g) => ({ course_id: courseId, group_id: g })))
      .execute();
  }
}

export async function createCourse(db: Executor, actor: Actor, schoolId: string, input: CourseInput) {
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  assertCan(canEditTimetable(actor, schoolId));
  checkShape(input);
  const year = await findCalendarOfSchool(db, schoolId, input.validFrom ?? todayInParis());
  if (!year)
    throw new AppError('VALIDATION_FAILED', 'No school year at this date', {
      fields: [{ path: 'validFrom', code: 'invalid' }],
    });
  await assertInSchool(db, schoolId, input);
  const id = newId();
  const candidate: WeeklyCourse = {
    id,
    classId: input.classId,
    groupIds: input.groupIds,
    teacherIds: input.teacherIds,
    roomId: input.roomId,
    weekday: input.weekday,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    weeks: input.weeks,
    validFrom: input.validFrom ?? year.startsOn,
    validTo: input.validTo ?? year.endsOn,
  };
  const run = async (trx: Executor) => {
    await assertNoCourseConflict(trx, year.id, candidate);
    const now = nowIso();
    await trx
      .insertInto('courses')
      .values({
        id,
        school_id: schoolId,
        school_year_id: year.id,
        subject_id: input.subjectId,
        class_id: input.classId,
        room_id: input.roomId,
        weekday: input.weekday,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        weeks: input.weeks,
        valid_from: candidate.validFrom,
        valid_to: candidate.validTo,
        source: 'manual',
        external_key: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeCourseLinks(trx, id, input.teacherIds, input.groupIds);
  };
  if (db.isTransaction) await run(db);
  else await db.transaction().execute(run);
  return getCourse(db, actor, id);
}

async function loadCourseForEdit(db: Executor, actor: Actor, courseId: string) {
  const [row] = await repo.findCoursesByIds(db, [courseId]);
  if (!row || !belongsToSchool(actor, row.school_id)) throw new AppError('NOT_FOUND', 'Course not found');
  return row;
}

export async function getCourse(db: Executor, actor: Actor, courseId: string) {
  const row = await loadCourseForEdit(db, actor, courseId);
  const details = await repo.findCourseDetails(db, [courseId]);
  const warnings = await travelWarningsOfYear(db, row.school_id, row.school_year_id);
  const [teachers, groups] = [details.teachers.get(courseId) ?? [], details.groups.get(courseId) ?? []];
  return presentCourse(row, teachers, groups, warnings.get(courseId) ?? 0);
}

export function presentCourse(
  r: repo.CourseRow,
  teachers: repo.PersonRef[],
  groups: repo.GroupRef[],
  travelWarnings = 0,
) {
  return {
    id: r.id,
    schoolId: r.school_id,
    subject: { id: r.subject_id, code: r.subject_code, label: r.subject_label },
    class:
      r.class_id && r.class_code !== null ? { id: r.class_id, code: r.class_code, label: r.class_label ?? '' } : null,
    groups,
    teachers,
    room: r.room_id && r.room_code !== null ? { id: r.room_id, code: r.room_code, label: r.room_label ?? '' } : null,
    weekday: r.weekday,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    weeks: r.weeks,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    source: r.source,
    externalKey: r.external_key,
    travelWarnings,
  };
}

export async function listCourses(db: Executor, actor: Actor, schoolId: string) {
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  assertCan(canEditTimetable(actor, schoolId));
  const year = await findCalendarOfSchool(db, schoolId, todayInParis());
  if (!year) return { items: [] };
  const rows = await repo.findCoursesOfYear(db, year.id);
  const details = await repo.findCourseDetails(
    db,
    rows.map((r) => r.id),
  );
  const warnings = await travelWarningsOfYear(db, schoolId, year.id);
  return {
    items: rows.map((r) =>
      presentCourse(r, details.teachers.get(r.id) ?? [], details.groups.get(r.id) ?? [], warnings.get(r.id) ?? 0),
    ),
  };
}

export async function updateCourse(db: Executor, actor: Actor, courseId: string, patch: CoursePatch) {
  const row = await loadCourseForEdit(db, actor, courseId);
  assertCan(canEditTimetable(actor, row.school_id));
  const details = await repo.findCourseDetails(db, [courseId]);
  const merged = {
    subjectId: patch.subjectId ?? row.subject_id,
    classId: patch.classId !== undefined ? patch.classId : row.class_id,
    groupIds: patch.groupIds ?? (details.groups.get(courseId) ?? []).map((g) => g.id),
    teacherIds: patch.teacherIds ?? (details.teachers.get(courseId) ?? []).map((t) => t.id),
    roomId: patch.roomId !== undefined ? patch.roomId : row.room_id,
    weekday: patch.weekday ?? row.weekday,
    startsAt: patch.startsAt ?? row.starts_at,
    endsAt: patch.endsAt ?? row.ends_at,
    weeks: patch.weeks ?? row.weeks,
    validFrom: patch.validFrom ?? row.valid_from,
    validTo: patch.validTo ?? row.valid_to,
  };
  checkShape(merged);
  await assertInSchool(db, row.school_id, merged);
  const run = async (trx: Executor) => {
    await assertNoCourseConflict(trx, row.school_year_id, { id: courseId, ...merged });
    await trx
      .updateTable('courses')
      .set({
        subject_id: merged.subjectId,
        class_id: merged.classId,
        room_id: merged.roomId,
        weekday: merged.weekday,
        starts_at: merged.startsAt,
        ends_at: merged.endsAt,
        weeks: merged.weeks,
        valid_from: merged.validFrom,
        valid_to: merged.validTo,
        updated_at: nowIso(),
      })
      .where('id', '=', courseId)
      .execute();
    await writeCourseLinks(trx, courseId, merged.teacherIds, merged.groupIds);
  };
  if (db.isTransaction) await run(db);
  else await db.transaction().execute(run);
  return getCourse(db, actor, courseId);
}

/**
 * Removes a course. A course that already ran is ended yesterday instead (its past sessions, and what
 * refers to them — homework, roll calls — stay); one that has not started yet is deleted.
 */
export async function deleteCourse(db: Executor, actor: Actor, courseId: string) {
  const row = await loadCourseForEdit(db, actor, courseId);
  assertCan(canEditTimetable(actor, row.school_id));
  const today = todayInParis();
  if (row.valid_from < today) {
    await db
      .updateTable('courses')
      .set({ valid_to: addDays(today, -1), updated_at: nowIso() })
      .where('id', '=', courseId)
      .execute();
  } else {
    await db.deleteFrom('courses').where('id', '=', courseId).execute();
  }
}

// ------------------------------------------------------------------------------------------- sessions

/** Resolves a session key to its course and planned session; NOT_FOUND outside the actor's schools. */
export async function resolveSession(db: Executor, actor: Actor, key: string) {
  const parsed = parseSessionKey(key);
  if (!parsed) throw new AppError('NOT_FOUND', 'Session not found');
  const [row] = await repo.findCoursesByIds(db, [parsed.courseId]);
  if (!row || !belongsToSchool(actor, row.school_id)) throw new AppError('NOT_FOUND', 'Session not found');
  const sessions = await sessionsOfCourses(db, [row], parsed.date, parsed.date);
  const session = sessions.find((s) => s.key === key);
  if (!session) throw new AppError('NOT_FOUND', 'Session not found');
  return { row, session, parsed };
}

type SessionChange =
  | { kind: 'cancel'; reason: string }
  | { kind: 'move'; date: string; startsAt: string; endsAt: string; reason: string }
  | { kind: 'room'; roomId: string; reason: string }
  | { kind: 'replacement'; teacherId: string; reason: string };

const occupancyOf = (s: Session): DatedSession => ({
  id: s.key,
  date: s.date,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  classId: s.class?.id ?? null,
  groupIds: s.groups.map((g) => g.id),
  teacherIds: s.teachers.map((t) => t.id),
  roomId: s.room?.id ?? null,
});

/** Refuses a dated session that clashes with another session of the school that day. */
async function assertNoSessionConflict(db: Executor, schoolId: string, schoolYearId: string, candidate: Session) {
  const weekday = weekdayOf(candidate.date);
  const courses = (await repo.findCoursesOfYear(db, schoolYearId)).filter(
    (c) => c.weekday === weekday || c.id === candidate.courseId,
  );
  // Courses of other days may have been moved to this date: their changes are read by date below.
  const movedHere = await db
    .selectFrom('session_changes')
    .select('course_id')
    .where('school_id', '=', schoolId)
    .where('new_date', '=', candidate.date)
    .execute();
  const extraIds = movedHere.map((m) => m.course_id).filter((id) => !courses.some((c) => c.id === id));
  const all = [...courses, ...(await repo.findCoursesByIds(db, extraIds))];
  const sessions = (await sessionsOfCourses(db, all, candidate.date, candidate.date)).filter(
    (s) => !s.cancelled && s.date === candidate.date,
  );
  const audience = await loadAudience(db, schoolYearId, candidate.date);
  const conflicts = findSessionConflicts(occupancyOf(candidate), sessions.map(occupancyOf), audience);
  if (conflicts.length === 0) return;
  const byKey = new Map(sessions.map((s) => [s.key, s]));
  throw conflictError(conflicts, (key) => {
    const s = byKey.get(key)!;
    return {
      sessionKey: key,
      courseId: s.courseId,
      subject: s.subject.label,
      class: s.class?.code ?? null,
      room: s.room?.code ?? null,
      date: s.date,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
    };
  });
}

/** Applies a change to one session, checks clashes, notifies pupils and guardians: all in one transaction. */
export async function changeSession(db: Executor, actor: Actor, key: string, change: SessionChange) {
  const { row, session, parsed } = await resolveSession(db, actor, key);
  if (parsed.extraId) throw new AppError('VALIDATION_FAILED', 'Extra sessions are changed or cancelled on their own');
  assertCan(change.kind === 'cancel' ? canCancelSession(actor, row.school_id) : canEditTimetable(actor, row.school_id));
  if (change.kind === 'room') {
    const room = await db
      .selectFrom('rooms')
      .select('id')
      .where('id', '=', change.roomId)
      .where('school_id', '=', row.school_id)
      .executeTakeFirst();
    if (!room)
      throw new AppError('VALIDATION_FAILED', 'Unknown room in this school', {
        fields: [{ path: 'roomId', code: 'unknown' }],
      });
  }
  if (change.kind === 'replacement') {
    const t = await db
      .selectFrom('profiles')
      .select('id')
      .where('person_id', '=', change.teacherId)
      .where('school_id', '=', row.school_id)
      .where('kind', '=', 'teacher')
      .executeTakeFirst();
    if (!t)
      throw new AppError('VALIDATION_FAILED', 'Unknown teacher in this school', {
        fields: [{ path: 'teacherId', code: 'unknown' }],
      });
  }
  if (change.kind === 'move') {
    if (change.startsAt >= change.endsAt)
      throw new AppError('VALIDATION_FAILED', 'A session ends after it starts', {
        fields: [{ path: 'endsAt', code: 'too_small' }],
      });
    const cal = await getYearCalendar(db, row.school_year_id);
    const off = cal?.cal.dayOffLabel(change.date);
    if (off)
      throw new AppError('VALIDATION_FAILED', `No school that day (${off})`, {
        fields: [{ path: 'date', code: 'day_off' }],
      });
  }

  const run = async (trx: Executor) => {
    const existing = await trx
      .selectFrom('session_changes')
      .selectAll()
      .where('course_id', '=', row.id)
      .where('session_date', '=', parsed.date)
      .executeTakeFirst();
    const values = {
      cancelled: change.kind === 'cancel' ? 1 : (existing?.cancelled ?? 0),
      new_date: change.kind === 'move' ? change.date : (existing?.new_date ?? null),
      new_starts_at: change.kind === 'move' ? change.startsAt : (existing?.new_starts_at ?? null),
      new_ends_at: change.kind === 'move' ? change.endsAt : (existing?.new_ends_at ?? null),
      room_id: change.kind === 'room' ? change.roomId : (existing?.room_id ?? null),
      replacement_teacher_id:
        change.kind === 'replacement' ? change.teacherId : (existing?.replacement_teacher_id ?? null),
      reason: change.reason,
      changed_by: actor.personId,
      changed_at: nowIso(),
    };
    if (existing) await trx.updateTable('session_changes').set(values).where('id', '=', existing.id).execute();
    else {
      await trx
        .insertInto('session_changes')
        .values({ id: newId(), school_id: row.school_id, course_id: row.id, session_date: parsed.date, ...values })
        .execute();
    }
    const [after] = (await sessionsOfCourses(trx, [row], parsed.date, parsed.date)).filter((s) => s.key === key);
    if (!after) throw new AppError('INTERNAL', 'Session vanished');
    if (change.kind !== 'cancel' && !after.cancelled) {
      await assertNoSessionConflict(trx, row.school_id, row.school_year_id, after);
      // A room booked through the reservations is as busy as a room with a course (resources.conflicts.ts).
      if (change.kind === 'room' || change.kind === 'move')
        await assertRoomNotBooked(trx, after.room?.id ?? null, after);
    }
    await notifyChange(trx, row.school_id, row.id, session, after, change.kind);
    // The course now runs at a time, or with a teacher, it did not: an appointment may be there (docs/appointments.md).
    if (change.kind === 'move' || change.kind === 'replacement') await notifyCourseOverlaps(trx, after);
    return after;
  };
  const after = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  return presentSession(after);
}

/** Undoes every change of a session (it takes place as planned again). */
export async function restoreSession(db: Executor, actor: Actor, key: string) {
  const { row, session, parsed } = await resolveSession(db, actor, key);
  assertCan(
    session.changes.length === 1 && session.cancelled
      ? canCancelSession(actor, row.school_id)
      : canEditTimetable(actor, row.school_id),
  );
  const run = async (trx: Executor) => {
    if (parsed.extraId) {
      await trx.updateTable('extra_sessions').set({ cancelled: 0 }).where('id', '=', parsed.extraId).execute();
    } else {
      await trx
        .deleteFrom('session_changes')
        .where('course_id', '=', row.id)
        .where('session_date', '=', parsed.date)
        .execute();
    }
    const [after] = (await sessionsOfCourses(trx, [row], parsed.date, parsed.date)).filter((s) => s.key === key);
    if (!after) throw new AppError('INTERNAL', 'Session vanished');
    await assertNoSessionConflict(trx, row.school_id, row.school_year_id, after);
    await notifyChange(trx, row.school_id, row.id, session, after, 'restore');
    await notifyCourseOverlaps(trx, after);
    return after;
  };
  const after = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  return presentSession(after);
}

export async function createExtraSession(
  db: Executor,
  actor: Actor,
  courseId: string,
  input: {
    date: string;
    startsAt: string;
    endsAt: string;
    roomId: string | null;
    teacherId: string | null;
    reason: string;
  },
) {
  const row = await loadCourseForEdit(db, actor, courseId);
  assertCan(canEditTimetable(actor, row.school_id));
  if (input.startsAt >= input.endsAt)
    throw new AppError('VALIDATION_FAILED', 'A session ends after it starts', {
      fields: [{ path: 'endsAt', code: 'too_small' }],
    });
  const cal = await getYearCalendar(db, row.school_year_id);
  const off = cal?.cal.dayOffLabel(input.date);
  if (off)
    throw new AppError('VALIDATION_FAILED', `No school that day (${off})`, {
      fields: [{ path: 'date', code: 'day_off' }],
    });
  await assertInSchool(db, row.school_id, {
    roomId: input.roomId,
    teacherIds: input.teacherId ? [input.teacherId] : [],
  });
  const id = newId();
  const run = async (trx: Executor) => {
    await trx
      .insertInto('extra_sessions')
      .values({
        id,
        school_id: row.school_id,
        course_id: courseId,
        date: input.date,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        room_id: input.roomId,
        teacher_id: input.teacherId,
        cancelled: 0,
        reason: input.reason,
        created_by: actor.personId,
        created_at: nowIso(),
      })
      .execute();
    const [after] = (await sessionsOfCourses(trx, [row], input.date, input.date)).filter((s) =>
      s.key.endsWith(`:${id}`),
    );
    if (!after) throw new AppError('INTERNAL', 'Session vanished');
    await assertNoSessionConflict(trx, row.school_id, row.school_year_id, after);
    await assertRoomNotBooked(trx, after.room?.id ?? null, after);
    await notifyChange(trx, row.school_id, courseId, null, after, 'extra');
    await notifyCourseOverlaps(trx, after);
    return after;
  };
  const after = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  return presentSession(after);
}

/** Cancels an extra session (its key ends with the extra session's id). */
export async function cancelExtraSession(db: Executor, actor: Actor, key: string, reason: string) {
  const { row, session, parsed } = await resolveSession(db, actor, key);
  if (!parsed.extraId) throw new AppError('NOT_FOUND', 'Extra session not found');
  assertCan(canCancelSession(actor, row.school_id));
  const run = async (trx: Executor) => {
    await trx.updateTable('extra_sessions').set({ cancelled: 1, reason }).where('id', '=', parsed.extraId!).execute();
    const after = {
      ...session,
      cancelled: true,
      status: 'cancelled' as const,
      changes: ['cancelled' as const],
      reason,
    };
    await notifyChange(trx, row.school_id, row.id, session, after, 'cancel');
    return after;
  };
  const after = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  return presentSession(after);
}

// -------------------------------------------------------------------------------------- notifications

const frenchDate = (d: string) => `${DAY_NAMES[weekdayOf(d)]} ${Number(d.slice(8, 10))}/${d.slice(5, 7)}`;

async function notifyChange(
  db: Executor,
  schoolId: string,
  courseId: string,
  before: Session | null,
  after: Session,
  kind: SessionChange['kind'] | 'restore' | 'extra',
) {
  const at = `${after.subject.label} du ${frenchDate((before ?? after).date)} à ${(before ?? after).startsAt}`;
  const body =
    kind === 'cancel'
      ? `${at} : cours annulé.`
      : kind === 'move'
        ? `${at} : déplacé au ${frenchDate(after.date)} de ${after.startsAt} à ${after.endsAt}.`
        : kind === 'room'
          ? `${at} : changement de salle, ${after.room?.code ?? '?'}.`
          : kind === 'replacement'
            ? `${at} : remplacement par ${after.teachers.map((t) => `${t.firstName} ${t.lastName}`).join(', ')}.`
            : kind === 'extra'
              ? `Séance supplémentaire ${deName(after.subject.label)} le ${frenchDate(after.date)} de ${after.startsAt} à ${after.endsAt}.`
              : `${at} : le cours a lieu comme prévu.`;
  const key = `timetable.${kind}`;
  const origin = before ?? after;
  const params: Record<string, string> = {
    subject: after.subject.label,
    date: origin.date,
    time: origin.startsAt,
    newDate: after.date,
    start: after.startsAt,
    end: after.endsAt,
    room: after.room?.code ?? '?',
    teachers: after.teachers.map((t) => `${t.firstName} ${t.lastName}`).join(', '),
    ...(after.reason && kind !== 'restore' ? { reason: after.reason } : {}),
  };
  const text = after.reason && kind !== 'restore' ? `${body} ${after.reason}` : body;
  const families = await repo.findFamiliesConcernedByCourse(db, courseId, after.date);
  // Pupils, to a page they have; each guardian about their own child, by name, to the family day.
  await notify(db, {
    personIds: families.pupils.map((p) => p.id),
    schoolId,
    kind: 'timetable.change',
    title: 'Emploi du temps modifié',
    body: text,
    link: `/emploi-du-temps?date=${after.date}`,
    message: { key, params },
  });
  for (const pupil of families.pupils) {
    const guardians = families.links.filter((l) => l.pupil_id === pupil.id).map((l) => l.guardian_id);
    if (guardians.length === 0) continue;
    const child = `${pupil.first_name} ${pupil.last_name}`;
    await notify(db, {
      personIds: guardians,
      schoolId,
      kind: 'timetable.change',
      title: `Emploi du temps de ${child} modifié`,
      body: text,
      link: `/journee-famille?date=${after.date}`,
      message: { key, params: { ...params, child } },
    });
  }
}
