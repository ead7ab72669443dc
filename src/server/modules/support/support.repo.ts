import { sql } from 'kysely';
import type { Executor, SupportPlanTable } from '../../db/types.ts';

const ids = (list: readonly string[]) => (list.length > 0 ? [...new Set(list)] : ['-']);
const current = (day: string) => sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`;

/** Plans of a school in force on `day` (all of them, or those of `pupilIds`). */
export function findPlansInForce(db: Executor, schoolId: string, day: string, pupilIds?: readonly string[]) {
  let q = db
    .selectFrom('support_plans')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('starts_on', '<=', day)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', day)]));
  if (pupilIds) q = q.where('pupil_id', 'in', ids(pupilIds));
  return q.orderBy('pupil_id').orderBy('kind').execute();
}

/** Every plan of a school not yet over on `day` (current and future), or of `pupilIds`. */
export function findPlans(db: Executor, schoolId: string, day: string, pupilIds?: readonly string[]) {
  let q = db
    .selectFrom('support_plans')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', day)]));
  if (pupilIds) q = q.where('pupil_id', 'in', ids(pupilIds));
  return q.orderBy('starts_on', 'desc').orderBy('id').limit(2000).execute();
}

export function getPlan(db: Executor, id: string) {
  return db.selectFrom('support_plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPlan(db: Executor, row: SupportPlanTable) {
  await db.insertInto('support_plans').values(row).execute();
}

export async function updatePlan(
  db: Executor,
  id: string,
  patch: Pick<
    SupportPlanTable,
    'starts_on' | 'ends_on' | 'accommodations' | 'other_accommodation' | 'details' | 'updated_at'
  >,
) {
  await db.updateTable('support_plans').set(patch).where('id', '=', id).execute();
}

export async function deletePlan(db: Executor, id: string) {
  await db.deleteFrom('support_plans').where('id', '=', id).execute();
}

/** Pupils of the classes `teacherId` is professeur principal of, on `day`. */
export async function findPupilsOfPrincipal(db: Executor, teacherId: string, day: string) {
  const rows = await db
    .selectFrom('class_principals as cp')
    .innerJoin('class_memberships as m', 'm.class_id', 'cp.class_id')
    .select('m.pupil_id')
    .where('cp.teacher_id', '=', teacherId)
    .where(current(day))
    .execute();
  return new Set(rows.map((r) => r.pupil_id));
}

export async function findPupilsOfClass(db: Executor, classId: string, day: string) {
  const rows = await db
    .selectFrom('class_memberships as m')
    .select('m.pupil_id')
    .where('m.class_id', '=', classId)
    .where(current(day))
    .execute();
  return rows.map((r) => r.pupil_id);
}

export async function findPupilsOfGroup(db: Executor, groupId: string, day: string) {
  const rows = await db
    .selectFrom('group_memberships as m')
    .select('m.pupil_id')
    .where('m.group_id', '=', groupId)
    .where(current(day))
    .execute();
  return rows.map((r) => r.pupil_id);
}

export function findSchoolOf(db: Executor, table: 'classes' | 'groups' | 'courses', id: string) {
  return db.selectFrom(table).select('school_id').where('id', '=', id).executeTakeFirst();
}

export function findCourse(db: Executor, courseId: string) {
  return db.selectFrom('courses').select(['id', 'school_id', 'class_id']).where('id', '=', courseId).executeTakeFirst();
}

export async function findCourseGroupIds(db: Executor, courseId: string) {
  const rows = await db.selectFrom('course_groups').select('group_id').where('course_id', '=', courseId).execute();
  return rows.map((r) => r.group_id);
}

export async function teachesCourse(db: Executor, teacherId: string, courseId: string) {
  const row = await db
    .selectFrom('course_teachers')
    .select('course_id')
    .where('course_id', '=', courseId)
    .where('teacher_id', '=', teacherId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the teacher has a teaching assignment for this class or group in a school year in force on `day`. */
export async function teachesTarget(
  db: Executor,
  teacherId: string,
  target: { classId?: string; groupId?: string },
  day: string,
) {
  let q = db
    .selectFrom('teaching_assignments as t')
    .innerJoin('school_years as y', 'y.id', 't.school_year_id')
    .select('t.id')
    .where('t.teacher_id', '=', teacherId)
    .where('y.starts_on', '<=', day)
    .where('y.ends_on', '>=', day);
  if (target.classId) q = q.where('t.class_id', '=', target.classId);
  else q = q.where('t.group_id', '=', target.groupId ?? '-');
  return (await q.executeTakeFirst()) !== undefined;
}
