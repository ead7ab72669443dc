import type { ExpressionBuilder, Insertable, Updateable } from 'kysely';
import type { DB, Executor, HomeworkAttachmentTable, HomeworkTable, SessionContentTable } from '../../db/types.ts';
import { opensSchoolInformation } from '../directory/directory.repo.ts';

/**
 * No `in ()` in SQL: an empty id list becomes one id that matches nothing. Not a NUL character: PostgreSQL
 * refuses it in text ("invalid byte sequence for encoding UTF8: 0x00"); ids are never empty.
 */
const ids = (list: readonly string[]) => (list.length > 0 ? [...list] : ['']);

// ------------------------------------------------------------------------------------------ audiences

type HEb = ExpressionBuilder<DB & { h: DB['homework'] }, 'h'>;

/** A membership in force on the homework's due date. */
const activeOnDue = (eb: ExpressionBuilder<DB & { h: DB['homework']; m: DB['class_memberships'] }, 'h' | 'm'>) =>
  eb.and([
    eb('m.starts_on', '<=', eb.ref('h.due_date')),
    eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', eb.ref('h.due_date'))]),
  ]);

/**
 * Homework `h` is for pupil `pupilId`: a member, on the due date, of its class (when set) and of its group
 * (when set). Class and group both set means the group's members in that class (a half class).
 */
export function isForPupil(eb: HEb, pupilId: string) {
  return eb.and([
    eb.or([eb('h.class_id', 'is not', null), eb('h.group_id', 'is not', null)]),
    eb.or([
      eb('h.class_id', 'is', null),
      eb.exists(
        eb
          .selectFrom('class_memberships as m')
          .select('m.id')
          .whereRef('m.class_id', '=', 'h.class_id')
          .where('m.pupil_id', '=', pupilId)
          .where((e) => activeOnDue(e)),
      ),
    ]),
    eb.or([
      eb('h.group_id', 'is', null),
      eb.exists(
        eb
          .selectFrom('group_memberships as m')
          .select('m.id')
          .whereRef('m.group_id', '=', 'h.group_id')
          .where('m.pupil_id', '=', pupilId)
          .where((e) =>
            e.and([
              e('m.starts_on', '<=', e.ref('h.due_date')),
              e.or([e('m.ends_on', 'is', null), e('m.ends_on', '>=', e.ref('h.due_date'))]),
            ]),
          ),
      ),
    ]),
  ]);
}

// ------------------------------------------------------------------------------------------- homework

function homeworkSelect(db: Executor) {
  return db
    .selectFrom('homework as h')
    .innerJoin('subjects as sub', 'sub.id', 'h.subject_id')
    .leftJoin('classes as c', 'c.id', 'h.class_id')
    .leftJoin('groups as g', 'g.id', 'h.group_id')
    .leftJoin('people as a', 'a.id', 'h.author_id')
    .leftJoin('documents as doc', 'doc.id', 'h.document_id')
    .selectAll('h')
    .select([
      'doc.name as document_name',
      'sub.code as subject_code',
      'sub.label as subject_label',
      'c.code as class_code',
      'c.label as class_label',
      'g.code as group_code',
      'g.label as group_label',
      'a.first_name as author_first_name',
      'a.last_name as author_last_name',
    ]);
}
export type HomeworkRow = Awaited<ReturnType<ReturnType<typeof homeworkSelect>['execute']>>[number];

export const getHomework = (db: Executor, id: string) => homeworkSelect(db).where('h.id', '=', id).executeTakeFirst();

export async function insertHomework(db: Executor, row: Insertable<HomeworkTable>) {
  await db.insertInto('homework').values(row).execute();
}

export async function updateHomework(db: Executor, id: string, patch: Updateable<HomeworkTable>) {
  await db.updateTable('homework').set(patch).where('id', '=', id).execute();
}

export async function deleteHomework(db: Executor, id: string) {
  await db.deleteFrom('homework').where('id', '=', id).execute();
}

/** Homework set in a session that `viewerId` may see: published, or their own drafts. */
export function findHomeworkOfSession(db: Executor, sessionKey: string, viewerId: string) {
  return homeworkSelect(db)
    .where('h.session_key', '=', sessionKey)
    .where((eb) => eb.or([eb('h.status', '=', 'published'), eb('h.author_id', '=', viewerId)]))
    .orderBy('h.due_date')
    .orderBy('h.created_at')
    .execute();
}

/** Published homework for a pupil, due between two dates of one school year, with the pupil's ticks. */
export function findHomeworkOfPupil(
  db: Executor,
  o: { pupilId: string; schoolYearId: string; from: string; to: string },
) {
  return homeworkSelect(db)
    .leftJoin('homework_done as d', (j) => j.onRef('d.homework_id', '=', 'h.id').on('d.pupil_id', '=', o.pupilId))
    .select('d.done_at')
    .where('h.school_year_id', '=', o.schoolYearId)
    .where('h.status', '=', 'published')
    .where('h.due_date', '>=', o.from)
    .where('h.due_date', '<=', o.to)
    .where((eb) => isForPupil(eb as unknown as HEb, o.pupilId))
    .orderBy('h.due_date')
    .orderBy('sub.label')
    .orderBy('h.id')
    .execute();
}

/** Whether homework `homeworkId` is for the pupil (membership on its due date). */
export async function isHomeworkForPupil(db: Executor, homeworkId: string, pupilId: string): Promise<boolean> {
  const row = await db
    .selectFrom('homework as h')
    .select('h.id')
    .where('h.id', '=', homeworkId)
    .where((eb) => isForPupil(eb, pupilId))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the guardian sees the school information of a child the homework is for. */
export async function isHomeworkForChildOf(db: Executor, homeworkId: string, guardianId: string): Promise<boolean> {
  const children = await db
    .selectFrom('guardianships')
    .select('pupil_id')
    .where('guardian_id', '=', guardianId)
    .where(opensSchoolInformation())
    .execute();
  for (const c of children) if (await isHomeworkForPupil(db, homeworkId, c.pupil_id)) return true;
  return false;
}

/** The pupils homework is for, on its due date (whom to notify). */
export async function findPupilsOfHomework(db: Executor, h: Pick<HomeworkTable, 'class_id' | 'group_id' | 'due_date'>) {
  let classPupils: string[] | null = null;
  if (h.class_id) {
    const rows = await db
      .selectFrom('class_memberships as m')
      .select('m.pupil_id')
      .where('m.class_id', '=', h.class_id)
      .where('m.starts_on', '<=', h.due_date)
      .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', h.due_date)]))
      .execute();
    classPupils = rows.map((r) => r.pupil_id);
  }
  if (!h.group_id) return classPupils ?? [];
  const rows = await db
    .selectFrom('group_memberships as m')
    .select('m.pupil_id')
    .where('m.group_id', '=', h.group_id)
    .where('m.starts_on', '<=', h.due_date)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', h.due_date)]))
    .execute();
  const groupPupils = rows.map((r) => r.pupil_id);
  if (!classPupils) return groupPupils;
  const inClass = new Set(classPupils);
  return groupPupils.filter((p) => inClass.has(p));
}

// ------------------------------------------------------------------------------------------- workload

/** Classes of a group's members on `day`. */
export async function findClassesOfGroupMembers(db: Executor, groupId: string, day: string): Promise<string[]> {
  const rows = await db
    .selectFrom('group_memberships as gm')
    .innerJoin('class_memberships as cm', 'cm.pupil_id', 'gm.pupil_id')
    .select('cm.class_id')
    .distinct()
    .where('gm.group_id', '=', groupId)
    .where('gm.starts_on', '<=', day)
    .where((eb) => eb.or([eb('gm.ends_on', 'is', null), eb('gm.ends_on', '>=', day)]))
    .where('cm.starts_on', '<=', day)
    .where((eb) => eb.or([eb('cm.ends_on', 'is', null), eb('cm.ends_on', '>=', day)]))
    .execute();
  return rows.map((r) => r.class_id);
}

/** Groups with at least one member in one of these classes on `day`. */
export async function findGroupsOfClassMembers(db: Executor, classIds: readonly string[], day: string) {
  if (classIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_memberships as gm')
    .innerJoin('class_memberships as cm', 'cm.pupil_id', 'gm.pupil_id')
    .select('gm.group_id')
    .distinct()
    .where('cm.class_id', 'in', [...classIds])
    .where('gm.starts_on', '<=', day)
    .where((eb) => eb.or([eb('gm.ends_on', 'is', null), eb('gm.ends_on', '>=', day)]))
    .where('cm.starts_on', '<=', day)
    .where((eb) => eb.or([eb('cm.ends_on', 'is', null), eb('cm.ends_on', '>=', day)]))
    .execute();
  return rows.map((r) => r.group_id);
}

/** Published homework due between two dates for any of these classes or groups. */
export function findPublishedDueFor(
  db: Executor,
  o: { classIds: readonly string[]; groupIds: readonly string[]; from: string; to: string; excludeId?: string },
) {
  let q = homeworkSelect(db)
    .where('h.status', '=', 'published')
    .where('h.due_date', '>=', o.from)
    .where('h.due_date', '<=', o.to)
    .where((eb) => eb.or([eb('h.class_id', 'in', ids(o.classIds)), eb('h.group_id', 'in', ids(o.groupIds))]));
  if (o.excludeId) q = q.where('h.id', '!=', o.excludeId);
  return q.orderBy('h.due_date').orderBy('sub.label').orderBy('h.id').execute();
}

// ------------------------------------------------------------------------------------------- done ticks

export async function markDone(db: Executor, homeworkId: string, pupilId: string, doneAt: string) {
  await db
    .insertInto('homework_done')
    .values({ homework_id: homeworkId, pupil_id: pupilId, done_at: doneAt })
    .onConflict((oc) => oc.columns(['homework_id', 'pupil_id']).doNothing())
    .execute();
  return db
    .selectFrom('homework_done')
    .select('done_at')
    .where('homework_id', '=', homeworkId)
    .where('pupil_id', '=', pupilId)
    .executeTakeFirstOrThrow();
}

export async function unmarkDone(db: Executor, homeworkId: string, pupilId: string) {
  await db.deleteFrom('homework_done').where('homework_id', '=', homeworkId).where('pupil_id', '=', pupilId).execute();
}

// ------------------------------------------------------------------------------------------- sessions

function contentSelect(db: Executor) {
  return db
    .selectFrom('session_contents as sc')
    .leftJoin('people as a', 'a.id', 'sc.author_id')
    .selectAll('sc')
    .select(['a.first_name as author_first_name', 'a.last_name as author_last_name']);
}
export type SessionContentRow = Awaited<ReturnType<ReturnType<typeof contentSelect>['execute']>>[number];

export const getSessionContent = (db: Executor, sessionKey: string) =>
  contentSelect(db).where('sc.session_key', '=', sessionKey).executeTakeFirst();

export async function insertSessionContent(db: Executor, row: SessionContentTable) {
  await db.insertInto('session_contents').values(row).execute();
}

export async function updateSessionContent(db: Executor, id: string, patch: Partial<SessionContentTable>) {
  await db.updateTable('session_contents').set(patch).where('id', '=', id).execute();
}

// ------------------------------------------------------------------------------------------- classes

/** Groups with members of the class between two dates (their courses belong to the class's cahier). */
export async function findGroupsOfClass(db: Executor, classId: string, from: string, to: string) {
  const rows = await db
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
  return rows.map((r) => r.group_id);
}

/** Session contents of a class's courses (and of its pupils' groups) between two dates, visible to the viewer. */
export function findContentsOfClass(
  db: Executor,
  o: { classId: string; groupIds: readonly string[]; schoolYearId: string; from: string; to: string; viewerId: string },
) {
  return contentSelect(db)
    .innerJoin('courses as co', 'co.id', 'sc.course_id')
    .innerJoin('subjects as sub', 'sub.id', 'co.subject_id')
    .select(['sub.id as subject_id', 'sub.code as subject_code', 'sub.label as subject_label'])
    .where('sc.school_year_id', '=', o.schoolYearId)
    .where('sc.session_date', '>=', o.from)
    .where('sc.session_date', '<=', o.to)
    .where((eb) =>
      eb.or([
        eb('co.class_id', '=', o.classId),
        eb('co.id', 'in', eb.selectFrom('course_groups').select('course_id').where('group_id', 'in', ids(o.groupIds))),
      ]),
    )
    .where((eb) => eb.or([eb('sc.status', '=', 'published'), eb('sc.author_id', '=', o.viewerId)]))
    .orderBy('sc.session_date')
    .orderBy('co.starts_at')
    .orderBy('sc.id')
    .execute();
}

/** Homework due between two dates for a class (or a group of its pupils), visible to the viewer. */
export function findHomeworkOfClass(
  db: Executor,
  o: { classId: string; groupIds: readonly string[]; schoolYearId: string; from: string; to: string; viewerId: string },
) {
  return homeworkSelect(db)
    .where('h.school_year_id', '=', o.schoolYearId)
    .where('h.due_date', '>=', o.from)
    .where('h.due_date', '<=', o.to)
    .where((eb) =>
      eb.or([
        eb('h.class_id', '=', o.classId),
        eb.and([eb('h.class_id', 'is', null), eb('h.group_id', 'in', ids(o.groupIds))]),
      ]),
    )
    .where((eb) => eb.or([eb('h.status', '=', 'published'), eb('h.author_id', '=', o.viewerId)]))
    .orderBy('h.due_date')
    .orderBy('sub.label')
    .orderBy('h.id')
    .execute();
}

// ------------------------------------------------------------------------------------------- scoping

export const getClass = (db: Executor, id: string) =>
  db
    .selectFrom('classes')
    .select(['id', 'school_id', 'school_year_id', 'code', 'label'])
    .where('id', '=', id)
    .executeTakeFirst();

export const getGroup = (db: Executor, id: string) =>
  db
    .selectFrom('groups')
    .select(['id', 'school_id', 'school_year_id', 'code', 'label'])
    .where('id', '=', id)
    .executeTakeFirst();

export const getSubject = (db: Executor, id: string) =>
  db.selectFrom('subjects').select(['id', 'school_id']).where('id', '=', id).executeTakeFirst();

export const getSchoolYear = (db: Executor, id: string) =>
  db.selectFrom('school_years').select(['id', 'starts_on', 'ends_on']).where('id', '=', id).executeTakeFirst();

export const getPerson = (db: Executor, id: string) =>
  db.selectFrom('people').select(['id', 'first_name', 'last_name']).where('id', '=', id).executeTakeFirst();

/** Whether the teacher teaches the class: a teaching assignment, or a course of the class. */
export async function teachesClass(db: Executor, teacherId: string, classId: string): Promise<boolean> {
  const viaAssignment = db
    .selectFrom('teaching_assignments')
    .select('id')
    .where('teacher_id', '=', teacherId)
    .where('class_id', '=', classId);
  const viaCourse = db
    .selectFrom('course_teachers as ct')
    .innerJoin('courses as c', 'c.id', 'ct.course_id')
    .select('c.id')
    .where('ct.teacher_id', '=', teacherId)
    .where('c.class_id', '=', classId);
  return (await viaAssignment.union(viaCourse).limit(1).executeTakeFirst()) !== undefined;
}

/** Whether the teacher teaches the group: a teaching assignment, or a course of the group. */
export async function teachesGroup(db: Executor, teacherId: string, groupId: string): Promise<boolean> {
  const viaAssignment = db
    .selectFrom('teaching_assignments')
    .select('id')
    .where('teacher_id', '=', teacherId)
    .where('group_id', '=', groupId);
  const viaCourse = db
    .selectFrom('course_teachers as ct')
    .innerJoin('course_groups as cg', 'cg.course_id', 'ct.course_id')
    .select('cg.course_id as id')
    .where('ct.teacher_id', '=', teacherId)
    .where('cg.group_id', '=', groupId);
  return (await viaAssignment.union(viaCourse).limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Whether the teacher teaches `subjectId` to the class or to the group: a teaching assignment of that subject, or a
 * course of that subject they give to it. What a teacher writes outside a session is bound to this, not to the
 * school alone.
 */
export async function teachesSubjectTo(
  db: Executor,
  o: { teacherId: string; subjectId: string; classId: string | null; groupId: string | null },
): Promise<boolean> {
  const checks: Array<Promise<{ id: string } | undefined>> = [];
  if (o.classId) {
    const viaAssignment = db
      .selectFrom('teaching_assignments')
      .select('id')
      .where('teacher_id', '=', o.teacherId)
      .where('subject_id', '=', o.subjectId)
      .where('class_id', '=', o.classId);
    const viaCourse = db
      .selectFrom('course_teachers as ct')
      .innerJoin('courses as c', 'c.id', 'ct.course_id')
      .select('c.id')
      .where('ct.teacher_id', '=', o.teacherId)
      .where('c.subject_id', '=', o.subjectId)
      .where('c.class_id', '=', o.classId);
    checks.push(viaAssignment.union(viaCourse).limit(1).executeTakeFirst());
  }
  if (o.groupId) {
    const viaAssignment = db
      .selectFrom('teaching_assignments')
      .select('id')
      .where('teacher_id', '=', o.teacherId)
      .where('subject_id', '=', o.subjectId)
      .where('group_id', '=', o.groupId);
    const viaCourse = db
      .selectFrom('course_teachers as ct')
      .innerJoin('courses as c', 'c.id', 'ct.course_id')
      .innerJoin('course_groups as cg', 'cg.course_id', 'c.id')
      .select('c.id')
      .where('ct.teacher_id', '=', o.teacherId)
      .where('c.subject_id', '=', o.subjectId)
      .where('cg.group_id', '=', o.groupId);
    checks.push(viaAssignment.union(viaCourse).limit(1).executeTakeFirst());
  }
  return (await Promise.all(checks)).some((r) => r !== undefined);
}

// ------------------------------------------------------------------------------------------- attachments

const attachmentMeta = ['id', 'homework_id', 'file_name', 'content_type', 'size', 'created_at'] as const;

/** Attachments of several homework (without their bytes), in one query. */
export function findAttachmentsOf(db: Executor, homeworkIds: readonly string[]) {
  if (homeworkIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('homework_attachments')
    .select(attachmentMeta)
    .where('homework_id', 'in', [...homeworkIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
export type AttachmentMeta = Awaited<ReturnType<typeof findAttachmentsOf>>[number];

export async function countAttachments(db: Executor, homeworkId: string): Promise<number> {
  const rows = await db.selectFrom('homework_attachments').select('id').where('homework_id', '=', homeworkId).execute();
  return rows.length;
}

export async function insertAttachment(db: Executor, row: HomeworkAttachmentTable) {
  await db.insertInto('homework_attachments').values(row).execute();
}

export const getAttachment = (db: Executor, homeworkId: string, id: string) =>
  db
    .selectFrom('homework_attachments')
    .select([...attachmentMeta, 'data'])
    .where('homework_id', '=', homeworkId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function deleteAttachment(db: Executor, homeworkId: string, id: string) {
  const r = await db
    .deleteFrom('homework_attachments')
    .where('homework_id', '=', homeworkId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
