import { type ExpressionBuilder, sql } from 'kysely';
import { prepared } from '../../db/prepared.ts';
import type { DB, Executor } from '../../db/types.ts';
import { opensSchoolInformation } from '../directory/directory.repo.ts';

type CourseEb = ExpressionBuilder<
  DB & { c: DB['courses']; sub: DB['subjects']; r: DB['rooms']; rs: DB['sites']; cl: DB['classes']; cs: DB['sites'] },
  'c' | 'sub' | 'r' | 'rs' | 'cl' | 'cs'
>;

function courseSelect(db: Executor) {
  return db
    .selectFrom('courses as c')
    .innerJoin('subjects as sub', 'sub.id', 'c.subject_id')
    .leftJoin('rooms as r', 'r.id', 'c.room_id')
    .leftJoin('sites as rs', 'rs.id', 'r.site_id')
    .leftJoin('classes as cl', 'cl.id', 'c.class_id')
    .leftJoin('sites as cs', 'cs.id', 'cl.site_id')
    .select([
      'c.id',
      'c.school_id',
      'c.school_year_id',
      'c.weekday',
      'c.starts_at',
      'c.ends_at',
      'c.weeks',
      'c.valid_from',
      'c.valid_to',
      'c.class_id',
      'c.room_id',
      'c.source',
      'c.external_key',
      'sub.id as subject_id',
      'sub.code as subject_code',
      'sub.label as subject_label',
      'r.code as room_code',
      'r.label as room_label',
      'r.site_id as room_site_id',
      'rs.name as room_site_name',
      'cl.code as class_code',
      'cl.label as class_label',
      'cl.site_id as class_site_id',
      'cs.name as class_site_name',
    ]);
}
export type CourseRow = Awaited<ReturnType<ReturnType<typeof courseSelect>['execute']>>[number];

const inRange = (eb: CourseEb, from: string, to: string) =>
  eb.and([eb('c.valid_from', '<=', to), eb('c.valid_to', '>=', from)]);

const coursesOfClassesQuery = prepared((db, p: { classIds: string[]; from: string; to: string }) =>
  courseSelect(db).where((eb) => eb.and([inRange(eb, p.from, p.to), eb('c.class_id', 'in', p.classIds)])),
);

const coursesOfGroupsQuery = prepared((db, p: { groupIds: string[]; from: string; to: string }) =>
  courseSelect(db)
    .innerJoin('course_groups as cg', 'cg.course_id', 'c.id')
    .where((eb) => eb.and([inRange(eb, p.from, p.to), eb('cg.group_id', 'in', p.groupIds)])),
);

/**
 * Courses of classes and groups in force between two dates (a pupil's, a class's, a family's): two indexed
 * queries (by class, by group) rather than one OR that would scan every course.
 */
export async function findCoursesOfAudience(
  db: Executor,
  o: { classIds: readonly string[]; groupIds: readonly string[]; from: string; to: string },
): Promise<CourseRow[]> {
  const byClass =
    o.classIds.length > 0 ? await coursesOfClassesQuery(db, { classIds: [...o.classIds], from: o.from, to: o.to }) : [];
  if (o.groupIds.length === 0) return byClass;
  const byGroup = await coursesOfGroupsQuery(db, { groupIds: [...o.groupIds], from: o.from, to: o.to });
  const seen = new Set(byClass.map((c) => c.id));
  for (const c of byGroup) {
    if (!seen.has(c.id)) byClass.push(c);
    seen.add(c.id);
  }
  return byClass;
}

/** A pupil's classes, and groups, in force between two dates, as subqueries. */
const classesOfPupil = (db: Executor, p: { pupilId: string; from: string; to: string }) =>
  db
    .selectFrom('class_memberships as pm')
    .select('pm.class_id')
    .where('pm.pupil_id', '=', p.pupilId)
    .where('pm.starts_on', '<=', p.to)
    .where((eb) => eb.or([eb('pm.ends_on', 'is', null), eb('pm.ends_on', '>=', p.from)]));
const groupsOfPupil = (db: Executor, p: { pupilId: string; from: string; to: string }) =>
  db
    .selectFrom('group_memberships as pm')
    .select('pm.group_id')
    .where('pm.pupil_id', '=', p.pupilId)
    .where('pm.starts_on', '<=', p.to)
    .where((eb) => eb.or([eb('pm.ends_on', 'is', null), eb('pm.ends_on', '>=', p.from)]));

const coursesOfPupilQuery = prepared((db, p: { pupilId: string; from: string; to: string }) =>
  courseSelect(db)
    .where((eb) => eb.and([inRange(eb, p.from, p.to), eb('c.class_id', 'in', classesOfPupil(db, p))]))
    .unionAll(
      courseSelect(db)
        .innerJoin('course_groups as cg', 'cg.course_id', 'c.id')
        .where((eb) => eb.and([inRange(eb, p.from, p.to), eb('cg.group_id', 'in', groupsOfPupil(db, p))])),
    ),
);

/**
 * Courses of a pupil's classes and groups in force between two dates, in one round trip (the pupil's week is
 * the most read page): two indexed halves rather than an OR, which would scan every course.
 */
export async function findCoursesOfPupil(db: Executor, o: { pupilId: string; from: string; to: string }) {
  const rows = await coursesOfPupilQuery(db, o);
  const seen = new Set<string>();
  return rows.filter((c) => !seen.has(c.id) && seen.add(c.id));
}

const coursesOfTeacherQuery = prepared((db, p: { teacherId: string; from: string; to: string }) =>
  courseSelect(db).where((eb) =>
    eb.and([
      inRange(eb, p.from, p.to),
      eb('c.id', 'in', eb.selectFrom('course_teachers').select('course_id').where('teacher_id', '=', p.teacherId)),
    ]),
  ),
);

export const findCoursesOfTeacher = (db: Executor, o: { teacherId: string; from: string; to: string }) =>
  coursesOfTeacherQuery(db, o);

export function findCoursesOfRoom(db: Executor, o: { roomId: string; from: string; to: string }) {
  return courseSelect(db)
    .where((eb) => eb.and([inRange(eb, o.from, o.to), eb('c.room_id', '=', o.roomId)]))
    .execute();
}

export function findCoursesOfSite(db: Executor, o: { siteId: string; from: string; to: string }) {
  return courseSelect(db)
    .where((eb) =>
      eb.and([
        inRange(eb, o.from, o.to),
        eb.or([eb('r.site_id', '=', o.siteId), eb.and([eb('c.room_id', 'is', null), eb('cl.site_id', '=', o.siteId)])]),
      ]),
    )
    .execute();
}

export function findCoursesByIds(db: Executor, courseIds: readonly string[]): Promise<CourseRow[]> {
  if (courseIds.length === 0) return Promise.resolve([]);
  return courseSelect(db)
    .where('c.id', 'in', [...courseIds])
    .execute();
}

/** Every course of a school year (conflict checks, imports). */
export function findCoursesOfYear(db: Executor, schoolYearId: string) {
  return courseSelect(db).where('c.school_year_id', '=', schoolYearId).execute();
}

const courseDetailsQuery = prepared((db, p: { courseIds: string[] }) =>
  db
    .selectFrom('course_teachers as ct')
    .innerJoin('people as p', 'p.id', 'ct.teacher_id')
    .select(['ct.course_id', sql<string>`'teacher'`.as('kind'), 'p.id', 'p.first_name as a', 'p.last_name as b'])
    .where('ct.course_id', 'in', p.courseIds)
    .unionAll(
      db
        .selectFrom('course_groups as cg')
        .innerJoin('groups as g', 'g.id', 'cg.group_id')
        .select(['cg.course_id', sql<string>`'group'`.as('kind'), 'g.id', 'g.code as a', 'g.label as b'])
        .where('cg.course_id', 'in', p.courseIds),
    ),
);

export interface PersonRef {
  id: string;
  firstName: string;
  lastName: string;
}
export interface GroupRef {
  id: string;
  code: string;
  label: string;
}

/** Teachers and groups of courses, in one query. */
export async function findCourseDetails(db: Executor, courseIds: readonly string[]) {
  const teachers = new Map<string, PersonRef[]>();
  const groups = new Map<string, GroupRef[]>();
  if (courseIds.length === 0) return { teachers, groups };
  const rows = await courseDetailsQuery(db, { courseIds: [...courseIds] });
  for (const r of rows) {
    if (r.kind === 'teacher') {
      const list = teachers.get(r.course_id) ?? [];
      list.push({ id: r.id, firstName: r.a, lastName: r.b });
      teachers.set(r.course_id, list);
    } else {
      const list = groups.get(r.course_id) ?? [];
      list.push({ id: r.id, code: r.a, label: r.b });
      groups.set(r.course_id, list);
    }
  }
  for (const list of teachers.values()) list.sort((x, y) => x.lastName.localeCompare(y.lastName, 'fr'));
  for (const list of groups.values()) list.sort((x, y) => x.code.localeCompare(y.code, 'fr'));
  return { teachers, groups };
}

function changeSelect(db: Executor) {
  return db
    .selectFrom('session_changes as x')
    .leftJoin('rooms as r', 'r.id', 'x.room_id')
    .leftJoin('sites as rs', 'rs.id', 'r.site_id')
    .leftJoin('people as t', 't.id', 'x.replacement_teacher_id')
    .select([
      'x.id',
      'x.course_id',
      'x.session_date',
      'x.cancelled',
      'x.new_date',
      'x.new_starts_at',
      'x.new_ends_at',
      'x.room_id',
      'x.replacement_teacher_id',
      'x.reason',
      'x.changed_at',
      'r.code as room_code',
      'r.label as room_label',
      'r.site_id as room_site_id',
      'rs.name as room_site_name',
      't.first_name as teacher_first_name',
      't.last_name as teacher_last_name',
    ]);
}
export type ChangeRow = Awaited<ReturnType<ReturnType<typeof changeSelect>['execute']>>[number];

const changesOfCoursesQuery = prepared((db, p: { courseIds: string[]; from: string; to: string }) =>
  changeSelect(db)
    .where('x.course_id', 'in', p.courseIds)
    .where((eb) =>
      eb.or([
        eb.and([eb('x.session_date', '>=', p.from), eb('x.session_date', '<=', p.to)]),
        eb.and([eb('x.new_date', '>=', p.from), eb('x.new_date', '<=', p.to)]),
      ]),
    ),
);

/** Changes to sessions of these courses planned, or moved, between two dates. */
export function findChangesOfCourses(db: Executor, o: { courseIds: readonly string[]; from: string; to: string }) {
  if (o.courseIds.length === 0) return Promise.resolve([] as ChangeRow[]);
  return changesOfCoursesQuery(db, { courseIds: [...o.courseIds], from: o.from, to: o.to });
}

/** Courses whose sessions were given to this teacher or moved into this room between two dates. */
export async function findCourseIdsChangedTo(
  db: Executor,
  o: { teacherId?: string; roomId?: string; siteId?: string; from: string; to: string },
): Promise<string[]> {
  const dated = (eb: ExpressionBuilder<DB, 'session_changes'>) =>
    eb.or([
      eb.and([eb('session_date', '>=', o.from), eb('session_date', '<=', o.to)]),
      eb.and([eb('new_date', '>=', o.from), eb('new_date', '<=', o.to)]),
    ]);
  let changes = db.selectFrom('session_changes').select('course_id').where(dated);
  let extras = db
    .selectFrom('extra_sessions')
    .select('course_id')
    .where('date', '>=', o.from)
    .where('date', '<=', o.to);
  if (o.teacherId) {
    changes = changes.where('replacement_teacher_id', '=', o.teacherId);
    extras = extras.where('teacher_id', '=', o.teacherId);
  } else if (o.roomId) {
    changes = changes.where('room_id', '=', o.roomId);
    extras = extras.where('room_id', '=', o.roomId);
  } else if (o.siteId) {
    const roomsOfSite = db.selectFrom('rooms').select('id').where('site_id', '=', o.siteId);
    changes = changes.where('room_id', 'in', roomsOfSite);
    extras = extras.where('room_id', 'in', roomsOfSite);
  } else return [];
  const rows = await changes.union(extras).execute();
  return rows.map((r) => r.course_id);
}

/** Courses with a session moved to, or an extra session on, a date (a school's day beyond its weekday's courses). */
export async function findCourseIdsMovedOrAddedOn(db: Executor, schoolId: string, date: string): Promise<string[]> {
  const rows = await db
    .selectFrom('session_changes')
    .select('course_id')
    .where('school_id', '=', schoolId)
    .where('new_date', '=', date)
    .union(
      db.selectFrom('extra_sessions').select('course_id').where('school_id', '=', schoolId).where('date', '=', date),
    )
    .execute();
  return rows.map((r) => r.course_id);
}

function extraSelect(db: Executor) {
  return db
    .selectFrom('extra_sessions as e')
    .leftJoin('rooms as r', 'r.id', 'e.room_id')
    .leftJoin('sites as rs', 'rs.id', 'r.site_id')
    .leftJoin('people as t', 't.id', 'e.teacher_id')
    .select([
      'e.id',
      'e.course_id',
      'e.date',
      'e.starts_at',
      'e.ends_at',
      'e.room_id',
      'e.teacher_id',
      'e.cancelled',
      'e.reason',
      'r.code as room_code',
      'r.label as room_label',
      'r.site_id as room_site_id',
      'rs.name as room_site_name',
      't.first_name as teacher_first_name',
      't.last_name as teacher_last_name',
    ]);
}
export type ExtraRow = Awaited<ReturnType<ReturnType<typeof extraSelect>['execute']>>[number];

const extrasOfCoursesQuery = prepared((db, p: { courseIds: string[]; from: string; to: string }) =>
  extraSelect(db).where('e.course_id', 'in', p.courseIds).where('e.date', '>=', p.from).where('e.date', '<=', p.to),
);

export function findExtrasOfCourses(db: Executor, o: { courseIds: readonly string[]; from: string; to: string }) {
  if (o.courseIds.length === 0) return Promise.resolve([] as ExtraRow[]);
  return extrasOfCoursesQuery(db, { courseIds: [...o.courseIds], from: o.from, to: o.to });
}

export function getExtra(db: Executor, id: string) {
  return extraSelect(db).select('e.school_id').where('e.id', '=', id).executeTakeFirst();
}

const membershipsQuery = prepared((db, p: { pupilIds: string[]; from: string; to: string }) =>
  db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['m.pupil_id', sql<string>`'class'`.as('kind'), 'c.id', 'c.code', 'c.label', 'c.school_id'])
    .where('m.pupil_id', 'in', p.pupilIds)
    .where('m.starts_on', '<=', p.to)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', p.from)]))
    .unionAll(
      db
        .selectFrom('group_memberships as m')
        .innerJoin('groups as g', 'g.id', 'm.group_id')
        .select(['m.pupil_id', sql<string>`'group'`.as('kind'), 'g.id', 'g.code', 'g.label', 'g.school_id'])
        .where('m.pupil_id', 'in', p.pupilIds)
        .where('m.starts_on', '<=', p.to)
        .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', p.from)])),
    ),
);

/** The classes and groups of pupils between two dates, in one query. */
export function findMembershipsOfPupils(db: Executor, o: { pupilIds: readonly string[]; from: string; to: string }) {
  if (o.pupilIds.length === 0) return Promise.resolve([]);
  return membershipsQuery(db, { pupilIds: [...o.pupilIds], from: o.from, to: o.to });
}

const pupilProfileQuery = prepared((db, p: { pupilId: string }) =>
  db
    .selectFrom('profiles as pr')
    .innerJoin('people as p', 'p.id', 'pr.person_id')
    .select(['pr.school_id', 'p.first_name', 'p.last_name'])
    .where('pr.person_id', '=', p.pupilId)
    .where('pr.kind', '=', 'pupil'),
);

export async function findPupil(db: Executor, pupilId: string) {
  return (await pupilProfileQuery(db, { pupilId }))[0];
}

const yearCalendarQuery = prepared((db, p: { yearId: string }) =>
  db
    .selectFrom('school_years as y')
    .innerJoin('schools as s', 's.id', 'y.school_id')
    .select(['y.id', 'y.school_id', 'y.starts_on', 'y.ends_on', 's.holiday_zone'])
    .where('y.id', '=', p.yearId),
);

export async function getYear(db: Executor, yearId: string) {
  return (await yearCalendarQuery(db, { yearId }))[0];
}

export function findYearOfSchool(db: Executor, schoolId: string, date: string) {
  return db
    .selectFrom('school_years as y')
    .innerJoin('schools as s', 's.id', 'y.school_id')
    .select(['y.id', 'y.school_id', 'y.starts_on', 'y.ends_on', 's.holiday_zone'])
    .where('y.school_id', '=', schoolId)
    .where('y.starts_on', '<=', date)
    .where('y.ends_on', '>=', date)
    .executeTakeFirst();
}

export function findCalendarEntries(db: Executor, schoolId: string) {
  return db
    .selectFrom('school_calendar_entries')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('starts_on')
    .execute();
}

export function findTravelTimes(db: Executor, schoolId: string) {
  return db
    .selectFrom('travel_times')
    .select(['from_site_id', 'to_site_id', 'minutes'])
    .where('school_id', '=', schoolId)
    .execute();
}

/** A class, group, room, site or person's school, for scoping (undefined when it does not exist). */
export async function findSchoolOf(
  db: Executor,
  kind: 'classes' | 'groups' | 'rooms' | 'sites',
  id: string,
): Promise<string | undefined> {
  const row = await db.selectFrom(kind).select('school_id').where('id', '=', id).executeTakeFirst();
  return row?.school_id;
}

export function findTeacherSchools(db: Executor, teacherId: string) {
  return db
    .selectFrom('profiles')
    .select('school_id')
    .where('person_id', '=', teacherId)
    .where('kind', '=', 'teacher')
    .execute();
}

/** Group memberships of a school year's groups, with each pupil's class (for conflict checks). */
export async function findAudienceFacts(db: Executor, schoolYearId: string, day: string) {
  const groupMembers = await db
    .selectFrom('group_memberships as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['m.group_id as groupId', 'm.pupil_id as pupilId'])
    .where('g.school_year_id', '=', schoolYearId)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute();
  const classes = await db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['m.pupil_id', 'm.class_id'])
    .where('c.school_year_id', '=', schoolYearId)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute();
  return { groupMembers, classOfPupil: new Map(classes.map((c) => [c.pupil_id, c.class_id])) };
}

/** Pupils concerned by sessions of a course (class members and group members) and their guardians who may see them. */
/**
 * The pupils of a course's session on `day` with their names, and their guardians (not court-restricted) with the
 * child each is told about: a family is told which of its children a change concerns.
 */
export async function findFamiliesConcernedByCourse(db: Executor, courseId: string, day: string) {
  const { pupils } = await findPeopleConcernedByCourse(db, courseId, day);
  const people: Array<{ id: string; first_name: string; last_name: string }> = [];
  const links: Array<{ guardian_id: string; pupil_id: string }> = [];
  for (let i = 0; i < pupils.length; i += 500) {
    const chunk = pupils.slice(i, i + 500);
    people.push(
      ...(await db.selectFrom('people').select(['id', 'first_name', 'last_name']).where('id', 'in', chunk).execute()),
    );
    links.push(
      ...(await db
        .selectFrom('guardianships')
        .select(['guardian_id', 'pupil_id'])
        .where('pupil_id', 'in', chunk)
        .where(opensSchoolInformation())
        .execute()),
    );
  }
  return { pupils: people, links };
}

export async function findPeopleConcernedByCourse(db: Executor, courseId: string, day: string) {
  const viaClass = db
    .selectFrom('courses as c')
    .innerJoin('class_memberships as m', 'm.class_id', 'c.class_id')
    .select('m.pupil_id')
    .where('c.id', '=', courseId)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]));
  const viaGroup = db
    .selectFrom('course_groups as cg')
    .innerJoin('group_memberships as m', 'm.group_id', 'cg.group_id')
    .select('m.pupil_id')
    .where('cg.course_id', '=', courseId)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]));
  const pupils = (await viaClass.union(viaGroup).execute()).map((r) => r.pupil_id);
  if (pupils.length === 0) return { pupils, guardians: [] as string[] };
  const guardians = new Set<string>();
  for (let i = 0; i < pupils.length; i += 500) {
    const rows = await db
      .selectFrom('guardianships')
      .select('guardian_id')
      .where('pupil_id', 'in', pupils.slice(i, i + 500))
      .where(opensSchoolInformation())
      .execute();
    for (const r of rows) guardians.add(r.guardian_id);
  }
  return { pupils, guardians: [...guardians] };
}

// ---------------------------------------------------------------------------------------------- iCal revisions

/** The published state of these sessions (by key), in chunks that stay under both engines' parameter limits. */
export async function findIcalStates(db: Executor, keys: readonly string[]) {
  const out: Array<{ session_key: string; fingerprint: string; sequence: number; modified_at: string }> = [];
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    out.push(
      ...(await db
        .selectFrom('ical_event_states')
        .select(['session_key', 'fingerprint', 'sequence', 'modified_at'])
        .where('session_key', 'in', chunk)
        .execute()),
    );
  }
  return out;
}

/** Records sessions published for the first time (revision 0); a concurrent feed may have done it first. */
export async function insertIcalStates(
  db: Executor,
  rows: ReadonlyArray<{ session_key: string; fingerprint: string; sequence: number; modified_at: string }>,
) {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('ical_event_states')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('session_key').doNothing())
      .execute();
  }
}

/** A session that changed since it was last published: its next revision (once, even with concurrent feeds). */
export async function bumpIcalState(db: Executor, key: string, fingerprint: string, modifiedAt: string) {
  await db
    .updateTable('ical_event_states')
    .set((eb) => ({ fingerprint, sequence: eb('sequence', '+', 1), modified_at: modifiedAt }))
    .where('session_key', '=', key)
    .where('fingerprint', '<>', fingerprint)
    .execute();
}
