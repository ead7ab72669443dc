import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor, HandInFileTable, HandInTable } from '../../db/types.ts';

/** No `in ()` in SQL: an empty id list becomes one id that matches nothing. */
const ids = (list: readonly string[]) => (list.length > 0 ? [...list] : ['']);

function handInSelect(db: Executor) {
  return db
    .selectFrom('hand_ins as hi')
    .leftJoin('people as r', 'r.id', 'hi.returned_by')
    .selectAll('hi')
    .select(['r.first_name as returned_by_first_name', 'r.last_name as returned_by_last_name']);
}
export type HandInRow = Awaited<ReturnType<ReturnType<typeof handInSelect>['execute']>>[number];

export const findHandIn = (db: Executor, homeworkId: string, pupilId: string) =>
  handInSelect(db).where('hi.homework_id', '=', homeworkId).where('hi.pupil_id', '=', pupilId).executeTakeFirst();

export const getHandIn = (db: Executor, homeworkId: string, id: string) =>
  handInSelect(db).where('hi.homework_id', '=', homeworkId).where('hi.id', '=', id).executeTakeFirst();

export const findHandInsOfHomework = (db: Executor, homeworkId: string) =>
  handInSelect(db).where('hi.homework_id', '=', homeworkId).execute();

export async function insertHandIn(db: Executor, row: Insertable<HandInTable>) {
  await db.insertInto('hand_ins').values(row).execute();
}

export async function updateHandIn(db: Executor, id: string, patch: Updateable<HandInTable>) {
  await db.updateTable('hand_ins').set(patch).where('id', '=', id).execute();
}

export function findFilesOf(db: Executor, handInIds: readonly string[]) {
  return db
    .selectFrom('hand_in_files')
    .selectAll()
    .where('hand_in_id', 'in', ids(handInIds))
    .orderBy('hand_in_id')
    .orderBy('position')
    .execute();
}

export async function insertFiles(db: Executor, rows: readonly HandInFileTable[]) {
  if (rows.length > 0)
    await db
      .insertInto('hand_in_files')
      .values([...rows])
      .execute();
}

/** Deletes a hand-in's files and returns their storage keys (removed from the storage after the commit). */
export async function deleteFilesOf(db: Executor, handInId: string): Promise<string[]> {
  const rows = await db.selectFrom('hand_in_files').select('storage_key').where('hand_in_id', '=', handInId).execute();
  await db.deleteFrom('hand_in_files').where('hand_in_id', '=', handInId).execute();
  return rows.map((r) => r.storage_key);
}

export const getFile = (db: Executor, handInId: string, id: string) =>
  db.selectFrom('hand_in_files').selectAll().where('hand_in_id', '=', handInId).where('id', '=', id).executeTakeFirst();

export const findPeople = (db: Executor, personIds: readonly string[]) =>
  db
    .selectFrom('people')
    .select(['id', 'first_name', 'last_name'])
    .where('id', 'in', ids(personIds))
    .orderBy('last_name')
    .orderBy('first_name')
    .orderBy('id')
    .execute();

/**
 * The homework's grade-book assessment, read after taking the homework's row (an update to itself), so that two
 * teachers returning at once do not create two assessments.
 */
export async function lockHomeworkAssessment(db: Executor, homeworkId: string): Promise<string | null> {
  await db
    .updateTable('homework')
    .set((eb) => ({ hand_in_assessment_id: eb.ref('hand_in_assessment_id') }))
    .where('id', '=', homeworkId)
    .execute();
  const row = await db
    .selectFrom('homework')
    .select('hand_in_assessment_id')
    .where('id', '=', homeworkId)
    .executeTakeFirst();
  return row?.hand_in_assessment_id ?? null;
}

export async function setHomeworkAssessment(db: Executor, homeworkId: string, assessmentId: string) {
  await db.updateTable('homework').set({ hand_in_assessment_id: assessmentId }).where('id', '=', homeworkId).execute();
}

/**
 * The teacher's homework with hand-ins not yet returned, and how many each: homework they wrote, or set for a
 * class or group they teach in its subject. Oldest due date first.
 */
export function findUnreturnedOfTeacher(db: Executor, schoolId: string, teacherId: string, limit: number) {
  return db
    .selectFrom('hand_ins as hi')
    .innerJoin('homework as h', 'h.id', 'hi.homework_id')
    .innerJoin('subjects as sub', 'sub.id', 'h.subject_id')
    .leftJoin('classes as c', 'c.id', 'h.class_id')
    .leftJoin('groups as g', 'g.id', 'h.group_id')
    .select((eb) => [
      'h.id',
      'h.due_date',
      'sub.label as subject_label',
      'c.label as class_label',
      'g.label as group_label',
      eb.fn.countAll<number | string>().as('n'),
    ])
    .where('hi.school_id', '=', schoolId)
    .where('hi.returned_at', 'is', null)
    .where('h.status', '=', 'published')
    .where('h.hand_in_required', '=', 1)
    .where((eb) =>
      eb.or([
        eb('h.author_id', '=', teacherId),
        eb.exists(
          eb
            .selectFrom('teaching_assignments as ta')
            .select('ta.id')
            .where('ta.teacher_id', '=', teacherId)
            .whereRef('ta.subject_id', '=', 'h.subject_id')
            .where((e) =>
              e.or([e('ta.class_id', '=', e.ref('h.class_id')), e('ta.group_id', '=', e.ref('h.group_id'))]),
            ),
        ),
      ]),
    )
    .groupBy(['h.id', 'h.due_date', 'sub.label', 'c.label', 'g.label'])
    .orderBy('h.due_date')
    .orderBy('h.id')
    .limit(limit)
    .execute();
}

/** Hand-ins of a homework waiting for the teacher (not returned), and how many of them came in late. */
export async function countUnreturned(db: Executor, homeworkId: string) {
  const row = await db
    .selectFrom('hand_ins')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when('is_late', '=', 1).then(1).else(0).end()).as('late'),
    ])
    .where('homework_id', '=', homeworkId)
    .where('returned_at', 'is', null)
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), late: Number(row?.late ?? 0) };
}

/**
 * Pupils who hand work in at a school where no class of theirs is in force any more (they left: SIECLE ends the
 * class on the day of departure), with the day their last class there ended.
 */
export function findLeaversWithHandIns(db: Executor, day: string) {
  return db
    .selectFrom('hand_ins as hi')
    .innerJoin('class_memberships as m', 'm.pupil_id', 'hi.pupil_id')
    .innerJoin('classes as c', (j) => j.onRef('c.id', '=', 'm.class_id').onRef('c.school_id', '=', 'hi.school_id'))
    .select(['hi.pupil_id', 'hi.school_id', (eb) => eb.fn.max('m.ends_on').as('left_on')])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('class_memberships as o')
            .innerJoin('classes as oc', 'oc.id', 'o.class_id')
            .select('o.id')
            .whereRef('o.pupil_id', '=', 'hi.pupil_id')
            .whereRef('oc.school_id', '=', 'hi.school_id')
            .where(sql<boolean>`o.ends_on is null or o.ends_on >= ${day}`),
        ),
      ),
    )
    .groupBy(['hi.pupil_id', 'hi.school_id'])
    .execute();
}

/**
 * Deletes every hand-in of a pupil (at one school, or everywhere) with its file rows; returns how many hand-ins
 * and the storage keys of their files, which the caller removes from the storage once this is committed.
 */
export async function deleteHandInsOfPupil(db: Executor, pupilId: string, schoolId: string | null) {
  let q = db.selectFrom('hand_ins').select('id').where('pupil_id', '=', pupilId);
  if (schoolId) q = q.where('school_id', '=', schoolId);
  const handInIds = (await q.execute()).map((r) => r.id);
  if (handInIds.length === 0) return { handIns: 0, keys: [] as string[] };
  const keys = (
    await db.selectFrom('hand_in_files').select('storage_key').where('hand_in_id', 'in', handInIds).execute()
  ).map((r) => r.storage_key);
  await db.deleteFrom('hand_in_files').where('hand_in_id', 'in', handInIds).execute();
  await db.deleteFrom('hand_ins').where('id', 'in', handInIds).execute();
  return { handIns: handInIds.length, keys };
}
