import { sql } from 'kysely';
import type { AppreciationTable, CouncilDecisionTable, Executor, ReportCardTable } from '../../db/types.ts';
import { opensSchoolInformation } from '../directory/directory.repo.ts';

export function getClass(db: Executor, id: string) {
  return db.selectFrom('classes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The school's principal (chef d'établissement), who signs report cards: the first by name if several. */
export function findPrincipalOfSchool(db: Executor, schoolId: string) {
  return db
    .selectFrom('staff_functions as f')
    .innerJoin('people as p', 'p.id', 'f.person_id')
    .select(['p.first_name', 'p.last_name'])
    .where('f.school_id', '=', schoolId)
    .where('f.function', '=', 'principal')
    .where('p.disabled_at', 'is', null)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .executeTakeFirst();
}

export function getSchool(db: Executor, id: string) {
  return db.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Whether the teacher teaches this subject to the pupil's class or to one of the pupil's groups, on `day`. */
export async function teachesSubjectToPupil(
  db: Executor,
  o: { teacherId: string; pupilId: string; subjectId: string; day: string; schoolYearId: string },
): Promise<boolean> {
  const viaClass = db
    .selectFrom('teaching_assignments as t')
    .innerJoin('class_memberships as m', 'm.class_id', 't.class_id')
    .select('t.id')
    .where('t.teacher_id', '=', o.teacherId)
    .where('t.subject_id', '=', o.subjectId)
    .where('t.school_year_id', '=', o.schoolYearId)
    .where('m.pupil_id', '=', o.pupilId)
    .where('m.starts_on', '<=', o.day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', o.day)]));
  const viaGroup = db
    .selectFrom('teaching_assignments as t')
    .innerJoin('group_memberships as m', 'm.group_id', 't.group_id')
    .select('t.id')
    .where('t.teacher_id', '=', o.teacherId)
    .where('t.subject_id', '=', o.subjectId)
    .where('t.school_year_id', '=', o.schoolYearId)
    .where('m.pupil_id', '=', o.pupilId)
    .where('m.starts_on', '<=', o.day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', o.day)]));
  return (await viaClass.union(viaGroup).limit(1).executeTakeFirst()) !== undefined;
}

// ---------------------------------------------------------------------------------------------- appreciations

export async function findAppreciations(db: Executor, periodId: string, pupilIds: readonly string[]) {
  if (pupilIds.length === 0) return [];
  return db
    .selectFrom('appreciations')
    .selectAll()
    .where('period_id', '=', periodId)
    .where('pupil_id', 'in', [...pupilIds])
    .execute();
}

export function getAppreciation(db: Executor, periodId: string, pupilId: string, subjectId: string) {
  return db
    .selectFrom('appreciations')
    .selectAll()
    .where('period_id', '=', periodId)
    .where('pupil_id', '=', pupilId)
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
}

/** Inserts; false when a row already exists (someone wrote it meanwhile). */
export async function insertAppreciation(db: Executor, row: AppreciationTable): Promise<boolean> {
  const r = await db
    .insertInto('appreciations')
    .values(row)
    .onConflict((oc) => oc.columns(['period_id', 'pupil_id', 'subject_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Updates only if the version is still `version`; false otherwise. */
export async function updateAppreciationIfVersion(
  db: Executor,
  id: string,
  version: number,
  patch: Pick<AppreciationTable, 'text' | 'teacher_id' | 'updated_at'>,
): Promise<boolean> {
  const r = await db
    .updateTable('appreciations')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteAppreciationIfVersion(db: Executor, id: string, version: number): Promise<boolean> {
  const r = await db.deleteFrom('appreciations').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// ---------------------------------------------------------------------------------------------- council

export async function findCouncilDecisions(db: Executor, periodId: string, pupilIds: readonly string[]) {
  if (pupilIds.length === 0) return [];
  return db
    .selectFrom('council_decisions')
    .selectAll()
    .where('period_id', '=', periodId)
    .where('pupil_id', 'in', [...pupilIds])
    .execute();
}

export function getCouncilDecision(db: Executor, periodId: string, pupilId: string) {
  return db
    .selectFrom('council_decisions')
    .selectAll()
    .where('period_id', '=', periodId)
    .where('pupil_id', '=', pupilId)
    .executeTakeFirst();
}

export async function insertCouncilDecision(db: Executor, row: CouncilDecisionTable): Promise<boolean> {
  const r = await db
    .insertInto('council_decisions')
    .values(row)
    .onConflict((oc) => oc.columns(['period_id', 'pupil_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function updateCouncilDecisionIfVersion(
  db: Executor,
  id: string,
  version: number,
  patch: Pick<CouncilDecisionTable, 'general_appreciation' | 'decision' | 'updated_by' | 'updated_at'>,
): Promise<boolean> {
  const r = await db
    .updateTable('council_decisions')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------- report cards

/**
 * Writes (or replaces) published report cards; a replaced card keeps its id, so its read marks stay, and keeps its
 * publication time once that has passed (a correction never hides a report card families could already read).
 */
export async function upsertReportCards(db: Executor, rows: readonly ReportCardTable[], now: string) {
  for (let i = 0; i < rows.length; i += 50) {
    await db
      .insertInto('report_cards')
      .values(rows.slice(i, i + 50))
      .onConflict((oc) =>
        oc.columns(['period_id', 'pupil_id']).doUpdateSet((eb) => ({
          class_id: eb.ref('excluded.class_id'),
          snapshot: eb.ref('excluded.snapshot'),
          publish_at: sql<string>`case when report_cards.publish_at <= ${now} then report_cards.publish_at else excluded.publish_at end`,
          published_by: eb.ref('excluded.published_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export function findReportCardsOfClass(db: Executor, periodId: string, classId: string) {
  return db
    .selectFrom('report_cards')
    .select(['id', 'pupil_id', 'publish_at'])
    .where('period_id', '=', periodId)
    .where('class_id', '=', classId)
    .execute();
}

export function findReportCardsOfPupil(db: Executor, pupilId: string) {
  return db
    .selectFrom('report_cards as rc')
    .innerJoin('periods as p', 'p.id', 'rc.period_id')
    .innerJoin('classes as c', 'c.id', 'rc.class_id')
    .innerJoin('school_years as y', 'y.id', 'p.school_year_id')
    .select([
      'rc.id',
      'rc.publish_at',
      'rc.school_id',
      'y.label as school_year',
      'p.id as period_id',
      'p.label as period_label',
      'p.starts_on',
      'p.ends_on',
      'c.code as class_code',
      'c.label as class_label',
    ])
    .where('rc.pupil_id', '=', pupilId)
    .orderBy('p.starts_on', 'desc')
    .execute();
}

export function getReportCard(db: Executor, id: string) {
  return db.selectFrom('report_cards').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markRead(db: Executor, reportCardId: string, personId: string, at: string) {
  await db
    .insertInto('report_card_reads')
    .values({ report_card_id: reportCardId, person_id: personId, read_at: at })
    .onConflict((oc) => oc.columns(['report_card_id', 'person_id']).doNothing())
    .execute();
}

export async function findReads(db: Executor, reportCardIds: readonly string[]) {
  if (reportCardIds.length === 0) return [];
  return db
    .selectFrom('report_card_reads')
    .selectAll()
    .where('report_card_id', 'in', [...reportCardIds])
    .execute();
}

/** Guardians who see the pupils' school information (opensSchoolInformation), with their names. */
export async function findVisibleGuardians(db: Executor, pupilIds: readonly string[]) {
  if (pupilIds.length === 0) return [];
  return db
    .selectFrom('guardianships as g')
    .innerJoin('people as p', 'p.id', 'g.guardian_id')
    .select(['g.pupil_id', 'p.id', 'p.first_name', 'p.last_name', 'g.responsibility'])
    .where('g.pupil_id', 'in', [...pupilIds])
    .where(opensSchoolInformation('g'))
    .orderBy('g.responsibility')
    .execute();
}

/**
 * The classes of the school year a teacher teaches on `day`: directly, through a group (the classes of its
 * members), or as professeur principal.
 */
export async function findClassIdsOfTeacher(db: Executor, o: { teacherId: string; schoolYearId: string; day: string }) {
  const direct = db
    .selectFrom('teaching_assignments as t')
    .select('t.class_id as class_id')
    .where('t.teacher_id', '=', o.teacherId)
    .where('t.school_year_id', '=', o.schoolYearId)
    .where('t.class_id', 'is not', null);
  const viaGroup = db
    .selectFrom('teaching_assignments as t')
    .innerJoin('group_memberships as gm', 'gm.group_id', 't.group_id')
    .innerJoin('class_memberships as cm', 'cm.pupil_id', 'gm.pupil_id')
    .select('cm.class_id as class_id')
    .where('t.teacher_id', '=', o.teacherId)
    .where('t.school_year_id', '=', o.schoolYearId)
    .where('gm.starts_on', '<=', o.day)
    .where((eb) => eb.or([eb('gm.ends_on', 'is', null), eb('gm.ends_on', '>=', o.day)]))
    .where('cm.starts_on', '<=', o.day)
    .where((eb) => eb.or([eb('cm.ends_on', 'is', null), eb('cm.ends_on', '>=', o.day)]));
  const principal = db.selectFrom('class_principals').select('class_id').where('teacher_id', '=', o.teacherId);
  const rows = await direct.union(viaGroup).union(principal).execute();
  return new Set(rows.map((r) => r.class_id).filter((id): id is string => id !== null));
}

/** The classes of a school year, by code. */
export function findClassesOfYear(db: Executor, schoolYearId: string) {
  return db
    .selectFrom('classes')
    .select(['id', 'code', 'label', 'level'])
    .where('school_year_id', '=', schoolYearId)
    .orderBy('code')
    .execute();
}

/**
 * Per class, the appreciations still missing for the period, in one grouped query: the pupils of the class on
 * `day` × the subjects taught to their class or to one of their groups, without an appreciation. (The class
 * overview also counts a subject a pupil was only graded in; this is the cheap count for the list of classes.)
 */
export async function countMissingAppreciationsByClass(
  db: Executor,
  o: { classIds: readonly string[]; periodId: string; schoolYearId: string; day: string },
): Promise<Map<string, number>> {
  if (o.classIds.length === 0) return new Map();
  const viaClass = db
    .selectFrom('class_memberships as m')
    .innerJoin('teaching_assignments as t', 't.class_id', 'm.class_id')
    .select(['m.class_id as class_id', 'm.pupil_id as pupil_id', 't.subject_id as subject_id'])
    .where('m.class_id', 'in', [...o.classIds])
    .where('t.school_year_id', '=', o.schoolYearId)
    .where('m.starts_on', '<=', o.day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', o.day)]));
  const viaGroup = db
    .selectFrom('class_memberships as m')
    .innerJoin('group_memberships as g', 'g.pupil_id', 'm.pupil_id')
    .innerJoin('teaching_assignments as t', 't.group_id', 'g.group_id')
    .select(['m.class_id as class_id', 'm.pupil_id as pupil_id', 't.subject_id as subject_id'])
    .where('m.class_id', 'in', [...o.classIds])
    .where('t.school_year_id', '=', o.schoolYearId)
    .where('m.starts_on', '<=', o.day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', o.day)]))
    .where('g.starts_on', '<=', o.day)
    .where((eb) => eb.or([eb('g.ends_on', 'is', null), eb('g.ends_on', '>=', o.day)]));
  const rows = await db
    .selectFrom(viaClass.union(viaGroup).as('x'))
    .leftJoin('appreciations as a', (join) =>
      join
        .onRef('a.pupil_id', '=', 'x.pupil_id')
        .onRef('a.subject_id', '=', 'x.subject_id')
        .on('a.period_id', '=', o.periodId),
    )
    .select((eb) => ['x.class_id', eb.fn.countAll<number | string>().as('missing')])
    .where('a.id', 'is', null)
    .groupBy('x.class_id')
    .execute();
  return new Map(rows.map((r) => [r.class_id, Number(r.missing)]));
}

/** Per class, when the period's report cards were first published (the earliest date), in one grouped query. */
export async function findPublicationsByClass(db: Executor, periodId: string, classIds: readonly string[]) {
  if (classIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('report_cards')
    .select((eb) => ['class_id', eb.fn.min('publish_at').as('publish_at')])
    .where('period_id', '=', periodId)
    .where('class_id', 'in', [...classIds])
    .groupBy('class_id')
    .execute();
  return new Map(rows.map((r) => [r.class_id, String(r.publish_at)]));
}

/** Whether any assessment of the school is set in the period (a period that has just started has none). */
export async function hasAssessmentsInPeriod(db: Executor, schoolId: string, periodId: string): Promise<boolean> {
  const row = await db
    .selectFrom('assessments')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('period_id', '=', periodId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
