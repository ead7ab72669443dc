import { sql } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { opensSchoolInformation } from '../directory/directory.repo.ts';

export function getEvening(db: Executor, id: string) {
  return db.selectFrom('parent_evenings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findEveningsOfSchool(db: Executor, schoolId: string) {
  return db
    .selectFrom('parent_evenings')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('date', 'desc')
    .execute();
}

export function findClassesOfEvenings(db: Executor, eveningIds: readonly string[]) {
  if (eveningIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('parent_evening_classes as ec')
    .innerJoin('classes as c', 'c.id', 'ec.class_id')
    .select(['ec.evening_id', 'c.id', 'c.code', 'c.site_id'])
    .where('ec.evening_id', 'in', [...eveningIds])
    .orderBy('c.code')
    .execute();
}

export function findClassesOfSchool(db: Executor, schoolId: string, classIds: readonly string[]) {
  return db
    .selectFrom('classes')
    .select(['id', 'code', 'site_id'])
    .where('school_id', '=', schoolId)
    .where('id', 'in', [...classIds])
    .execute();
}

/** Teachers with a teaching assignment in the classes (or in groups whose pupils are in them). */
export function findTeachersOfClasses(db: Executor, classIds: readonly string[]) {
  return db
    .selectFrom('teaching_assignments as ta')
    .select(['ta.teacher_id', 'ta.class_id'])
    .where('ta.class_id', 'in', [...classIds])
    .execute();
}

export function findEveningTeachers(db: Executor, eveningId: string) {
  return db
    .selectFrom('parent_evening_teachers as et')
    .innerJoin('people as p', 'p.id', 'et.teacher_id')
    .innerJoin('sites as s', 's.id', 'et.site_id')
    .leftJoin('rooms as r', 'r.id', 'et.room_id')
    .select([
      'et.teacher_id',
      'et.site_id',
      'et.room_id',
      'et.starts_at',
      'et.ends_at',
      'et.breaks',
      's.name as site_name',
      'r.label as room_label',
      'p.first_name',
      'p.last_name',
    ])
    .where('et.evening_id', '=', eveningId)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .execute();
}

/** The guardian's children in the evening's classes whose school information the link opens. */
export function findChildrenInEvening(db: Executor, eveningId: string, guardianId: string, date: string) {
  return db
    .selectFrom('guardianships as g')
    .innerJoin('class_memberships as cm', 'cm.pupil_id', 'g.pupil_id')
    .innerJoin('parent_evening_classes as ec', 'ec.class_id', 'cm.class_id')
    .innerJoin('people as p', 'p.id', 'g.pupil_id')
    .select(['p.id', 'p.first_name', 'p.last_name', 'cm.class_id'])
    .where('g.guardian_id', '=', guardianId)
    .where('ec.evening_id', '=', eveningId)
    .where(opensSchoolInformation('g'))
    .where('cm.starts_on', '<=', date)
    .where((eb) => eb.or([eb('cm.ends_on', 'is', null), eb('cm.ends_on', '>=', date)]))
    .orderBy('p.first_name')
    .execute();
}

/** The classes of these pupils on a date. */
export function findClassIdsOfPupils(db: Executor, pupilIds: readonly string[], date: string) {
  if (pupilIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('class_memberships as cm')
    .select(['cm.pupil_id', 'cm.class_id'])
    .where('cm.pupil_id', 'in', [...pupilIds])
    .where('cm.starts_on', '<=', date)
    .where((eb) => eb.or([eb('cm.ends_on', 'is', null), eb('cm.ends_on', '>=', date)]))
    .execute();
}

/** The class (among the evening's classes) of each of these pupils on the evening's date. */
export async function findClassCodesOfPupils(
  db: Executor,
  eveningId: string,
  pupilIds: readonly string[],
  date: string,
): Promise<Map<string, string>> {
  if (pupilIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('class_memberships as cm')
    .innerJoin('parent_evening_classes as ec', 'ec.class_id', 'cm.class_id')
    .innerJoin('classes as c', 'c.id', 'cm.class_id')
    .select(['cm.pupil_id', 'c.code'])
    .where('ec.evening_id', '=', eveningId)
    .where('cm.pupil_id', 'in', [...pupilIds])
    .where('cm.starts_on', '<=', date)
    .where((eb) => eb.or([eb('cm.ends_on', 'is', null), eb('cm.ends_on', '>=', date)]))
    .execute();
  return new Map(rows.map((r) => [r.pupil_id, r.code]));
}

/** Which of these teachers teach which of these pupils (class or group assignment). */
export async function findTeachingPairs(db: Executor, pupilIds: readonly string[], date: string) {
  if (pupilIds.length === 0) return [];
  const byClass = await db
    .selectFrom('class_memberships as cm')
    .innerJoin('teaching_assignments as ta', 'ta.class_id', 'cm.class_id')
    .select(['cm.pupil_id', 'ta.teacher_id'])
    .where('cm.pupil_id', 'in', [...pupilIds])
    .where('cm.starts_on', '<=', date)
    .where((eb) => eb.or([eb('cm.ends_on', 'is', null), eb('cm.ends_on', '>=', date)]))
    .execute();
  const byGroup = await db
    .selectFrom('group_memberships as gm')
    .innerJoin('teaching_assignments as ta', 'ta.group_id', 'gm.group_id')
    .select(['gm.pupil_id', 'ta.teacher_id'])
    .where('gm.pupil_id', 'in', [...pupilIds])
    .where('gm.starts_on', '<=', date)
    .where((eb) => eb.or([eb('gm.ends_on', 'is', null), eb('gm.ends_on', '>=', date)]))
    .execute();
  return [...byClass, ...byGroup];
}

export function findRequests(db: Executor, eveningId: string, o: { guardianId?: string; teacherId?: string } = {}) {
  let q = db
    .selectFrom('parent_evening_requests as q')
    .innerJoin('people as pu', 'pu.id', 'q.pupil_id')
    .innerJoin('people as gu', 'gu.id', 'q.guardian_id')
    .innerJoin('people as te', 'te.id', 'q.teacher_id')
    .select([
      'q.id',
      'q.guardian_id',
      'q.pupil_id',
      'q.teacher_id',
      'q.priority',
      'q.starts_at',
      'q.ends_at',
      'pu.first_name as pupil_first_name',
      'pu.last_name as pupil_last_name',
      'gu.first_name as guardian_first_name',
      'gu.last_name as guardian_last_name',
      'te.first_name as teacher_first_name',
      'te.last_name as teacher_last_name',
    ])
    .where('q.evening_id', '=', eveningId);
  if (o.guardianId) q = q.where('q.guardian_id', '=', o.guardianId);
  if (o.teacherId) q = q.where('q.teacher_id', '=', o.teacherId);
  return q.orderBy(sql`coalesce(q.starts_at, '99:99')`).orderBy('q.id').execute();
}

export function findFamilies(db: Executor, eveningId: string) {
  return db.selectFrom('parent_evening_families').selectAll().where('evening_id', '=', eveningId).execute();
}

export function findTravelTimes(db: Executor, schoolId: string) {
  return db
    .selectFrom('travel_times')
    .select(['from_site_id', 'to_site_id', 'minutes'])
    .where('school_id', '=', schoolId)
    .execute();
}

/** Evenings whose classes hold one of these pupils (a guardian's list). */
export function findEveningIdsOfPupils(db: Executor, schoolId: string, pupilIds: readonly string[]) {
  if (pupilIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('parent_evening_classes as ec')
    .innerJoin('parent_evenings as e', 'e.id', 'ec.evening_id')
    .innerJoin('class_memberships as cm', 'cm.class_id', 'ec.class_id')
    .select('e.id')
    .distinct()
    .where('e.school_id', '=', schoolId)
    .where('cm.pupil_id', 'in', [...pupilIds])
    .execute();
}

export function findOwnChildren(db: Executor, guardianId: string) {
  return db
    .selectFrom('guardianships as g')
    .select('g.pupil_id')
    .where('g.guardian_id', '=', guardianId)
    .where(opensSchoolInformation('g'))
    .execute();
}

export function findEveningIdsOfTeacher(db: Executor, teacherId: string) {
  return db.selectFrom('parent_evening_teachers').select('evening_id').where('teacher_id', '=', teacherId).execute();
}

/** Teachers of the school (optionally only these people), by name. */
export function findTeachersOfSchool(db: Executor, schoolId: string, personIds?: readonly string[]) {
  if (personIds && personIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('profiles as pr')
    .innerJoin('people as p', 'p.id', 'pr.person_id')
    .select(['pr.person_id', 'p.first_name', 'p.last_name'])
    .distinct()
    .where('pr.school_id', '=', schoolId)
    .where('pr.kind', '=', 'teacher');
  if (personIds) q = q.where('pr.person_id', 'in', [...personIds]);
  return q.orderBy('p.last_name').orderBy('p.first_name').orderBy('pr.person_id').execute();
}

/** The classes of the school years that have not ended (this year's, and next year's once created). */
export function findCurrentClasses(db: Executor, schoolId: string, today: string) {
  return db
    .selectFrom('classes as c')
    .innerJoin('school_years as y', 'y.id', 'c.school_year_id')
    .select(['c.id', 'c.code', 'c.level', 'c.site_id'])
    .where('c.school_id', '=', schoolId)
    .where('y.ends_on', '>=', today)
    .orderBy('y.starts_on')
    .orderBy('c.level')
    .orderBy('c.code')
    .execute();
}

export function findAssignmentsOfClasses(db: Executor, classIds: readonly string[]) {
  if (classIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('teaching_assignments')
    .select(['teacher_id', 'class_id'])
    .where('class_id', 'in', [...classIds])
    .$narrowType<{ class_id: string }>()
    .execute();
}
