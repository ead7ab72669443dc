import type { AssessmentTable, Executor, GradeTable, SkillResultTable } from '../../db/types.ts';
import { byFrenchName } from '../../lib/collation.ts';

/** A class or a group: what assessments are given to. */
export type Target = { kind: 'class'; id: string } | { kind: 'group'; id: string };

export function getPeriod(db: Executor, id: string) {
  return db.selectFrom('periods').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPeriodsOfYear(db: Executor, schoolYearId: string) {
  return db.selectFrom('periods').selectAll().where('school_year_id', '=', schoolYearId).orderBy('starts_on').execute();
}

/** The school years of a school in force on `day`. */
export function findYearOn(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('school_years')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('starts_on', '<=', day)
    .where('ends_on', '>=', day)
    .executeTakeFirst();
}

export function getSchoolYear(db: Executor, id: string) {
  return db.selectFrom('school_years').selectAll().where('id', '=', id).executeTakeFirst();
}

export function getSubject(db: Executor, id: string) {
  return db.selectFrom('subjects').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSubjectsOfSchool(db: Executor, schoolId: string) {
  return db.selectFrom('subjects').select(['id', 'code', 'label']).where('school_id', '=', schoolId).execute();
}

export function findSubjects(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('subjects').selectAll().where('id', 'in', ids).execute();
}

/** A class or group with its school and year. */
export async function getTarget(db: Executor, target: Target) {
  if (target.kind === 'class') {
    const c = await db
      .selectFrom('classes')
      .select(['id', 'school_id', 'school_year_id', 'code', 'label'])
      .where('id', '=', target.id)
      .executeTakeFirst();
    return c ? { ...c, kind: 'class' as const } : undefined;
  }
  const g = await db
    .selectFrom('groups')
    .select(['id', 'school_id', 'school_year_id', 'code', 'label'])
    .where('id', '=', target.id)
    .executeTakeFirst();
  return g ? { ...g, kind: 'group' as const } : undefined;
}

/** The teaching services (class or group × subject) of a teacher in a school year. */
export function findServicesOfTeacher(db: Executor, teacherId: string, schoolYearId: string) {
  return db
    .selectFrom('teaching_assignments as t')
    .innerJoin('subjects as s', 's.id', 't.subject_id')
    .leftJoin('classes as c', 'c.id', 't.class_id')
    .leftJoin('groups as g', 'g.id', 't.group_id')
    .select([
      't.class_id',
      't.group_id',
      'c.code as class_code',
      'c.label as class_label',
      'g.code as group_code',
      'g.label as group_label',
      's.id as subject_id',
      's.code as subject_code',
      's.label as subject_label',
    ])
    .where('t.teacher_id', '=', teacherId)
    .where('t.school_year_id', '=', schoolYearId)
    .execute();
}

/** Whether the teacher has a teaching assignment for this class or group in this subject. */
export async function isAssigned(db: Executor, teacherId: string, target: Target, subjectId: string) {
  const row = await db
    .selectFrom('teaching_assignments')
    .select('id')
    .where('teacher_id', '=', teacherId)
    .where('subject_id', '=', subjectId)
    .where(target.kind === 'class' ? 'class_id' : 'group_id', '=', target.id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function isPrincipalOf(db: Executor, teacherId: string, classId: string) {
  const row = await db
    .selectFrom('class_principals')
    .select('id')
    .where('teacher_id', '=', teacherId)
    .where('class_id', '=', classId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Pupils who are members of the class or group on `day`, in French alphabetical order. */
export async function findTargetPupils(db: Executor, target: Target, day: string) {
  const base =
    target.kind === 'class'
      ? db.selectFrom('class_memberships as m').where('m.class_id', '=', target.id)
      : db.selectFrom('group_memberships as m').where('m.group_id', '=', target.id);
  return base
    .innerJoin('people as p', 'p.id', 'm.pupil_id')
    .select(['p.id', 'p.first_name', 'p.last_name', 'p.birth_date'])
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute()
    .then(byFrenchName);
}

/** Which groups of a school year each pupil belongs to at some point between two dates. */
export async function findGroupMembershipsOfPupils(
  db: Executor,
  pupilIds: readonly string[],
  o: { from: string; to: string; schoolYearId: string },
) {
  if (pupilIds.length === 0) return [];
  return db
    .selectFrom('group_memberships as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['m.pupil_id', 'm.group_id'])
    .distinct()
    .where('g.school_year_id', '=', o.schoolYearId)
    .where('m.pupil_id', 'in', pupilIds)
    .where('m.starts_on', '<=', o.to)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', o.from)]))
    .execute();
}

/** Teaching assignments of a school year for a class and some groups, with the teachers' names. */
export function findTeachingOfTargets(
  db: Executor,
  o: { classId: string; groupIds: readonly string[]; schoolYearId: string },
) {
  return db
    .selectFrom('teaching_assignments as t')
    .innerJoin('people as p', 'p.id', 't.teacher_id')
    .select(['t.class_id', 't.group_id', 't.subject_id', 'p.id as teacher_id', 'p.first_name', 'p.last_name'])
    .where('t.school_year_id', '=', o.schoolYearId)
    .where((eb) =>
      o.groupIds.length > 0
        ? eb.or([eb('t.class_id', '=', o.classId), eb('t.group_id', 'in', [...o.groupIds])])
        : eb('t.class_id', '=', o.classId),
    )
    .execute();
}

export function findPrincipalsOfClass(db: Executor, classId: string) {
  return db
    .selectFrom('class_principals as cp')
    .innerJoin('people as p', 'p.id', 'cp.teacher_id')
    .select(['p.id', 'p.first_name', 'p.last_name'])
    .where('cp.class_id', '=', classId)
    .execute();
}

// ---------------------------------------------------------------------------------------------- assessments

const assessmentColumns = [
  'a.id',
  'a.school_id',
  'a.period_id',
  'a.subject_id',
  'a.class_id',
  'a.group_id',
  'a.teacher_id',
  'a.title',
  'a.kind',
  'a.date',
  'a.scale',
  'a.coefficient_centi',
  'a.description',
  'a.pupils_publish_at',
  'a.guardians_publish_at',
  'a.created_at',
  'a.updated_at',
  'p.first_name as teacher_first_name',
  'p.last_name as teacher_last_name',
] as const;

function assessmentsQuery(db: Executor) {
  return db.selectFrom('assessments as a').innerJoin('people as p', 'p.id', 'a.teacher_id').select(assessmentColumns);
}
export type AssessmentRow = Awaited<ReturnType<typeof getAssessment>> & {};

export function getAssessment(db: Executor, id: string) {
  return assessmentsQuery(db).where('a.id', '=', id).executeTakeFirst();
}

/** Assessments of one service in a period, oldest first. */
export function findAssessmentsOfService(db: Executor, periodId: string, target: Target, subjectId: string) {
  return assessmentsQuery(db)
    .where('a.period_id', '=', periodId)
    .where('a.subject_id', '=', subjectId)
    .where(target.kind === 'class' ? 'a.class_id' : 'a.group_id', '=', target.id)
    .orderBy('a.date')
    .orderBy('a.created_at')
    .execute();
}

/** Assessments of a period given to a class or to any of some groups (what a class's report card draws on). */
export function findAssessmentsOfClass(db: Executor, periodId: string, classId: string, groupIds: readonly string[]) {
  return assessmentsQuery(db)
    .where('a.period_id', '=', periodId)
    .where((eb) =>
      groupIds.length > 0
        ? eb.or([eb('a.class_id', '=', classId), eb('a.group_id', 'in', groupIds)])
        : eb('a.class_id', '=', classId),
    )
    .orderBy('a.date')
    .orderBy('a.created_at')
    .execute();
}

/** The earliest publication time still to come among a class's (and its groups') assessments of a period. */
export async function nextPublicationAfter(
  db: Executor,
  periodId: string,
  t: { classId: string; groupIds: readonly string[] },
  column: 'pupils_publish_at' | 'guardians_publish_at',
  now: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('assessments')
    .select((eb) => eb.fn.min(column).as('next'))
    .where('period_id', '=', periodId)
    .where((eb) =>
      t.groupIds.length > 0
        ? eb.or([eb('class_id', '=', t.classId), eb('group_id', 'in', [...t.groupIds])])
        : eb('class_id', '=', t.classId),
    )
    .where(column, '>', now)
    .executeTakeFirst();
  return row?.next ?? undefined;
}

/** Touches an assessment's row (a write lock until the transaction ends) and returns its current scale. */
export async function lockAssessmentScale(db: Executor, id: string, at: string): Promise<number | undefined> {
  await db.updateTable('assessments').set({ updated_at: at }).where('id', '=', id).execute();
  const row = await db.selectFrom('assessments').select('scale').where('id', '=', id).executeTakeFirst();
  return row?.scale;
}

export async function insertAssessment(db: Executor, row: AssessmentTable) {
  await db.insertInto('assessments').values(row).execute();
}

export async function updateAssessment(db: Executor, id: string, patch: Partial<AssessmentTable>) {
  await db.updateTable('assessments').set(patch).where('id', '=', id).execute();
}

export async function deleteAssessment(db: Executor, id: string) {
  await db.deleteFrom('assessments').where('id', '=', id).execute();
}

export async function findSkillsOf(db: Executor, assessmentIds: readonly string[]) {
  if (assessmentIds.length === 0) return [];
  return db
    .selectFrom('assessment_skills')
    .selectAll()
    .where('assessment_id', 'in', assessmentIds)
    .orderBy('component')
    .execute();
}

export async function setAssessmentSkills(db: Executor, assessmentId: string, components: readonly string[]) {
  await db.deleteFrom('assessment_skills').where('assessment_id', '=', assessmentId).execute();
  if (components.length > 0) {
    await db
      .insertInto('assessment_skills')
      .values(components.map((component) => ({ assessment_id: assessmentId, component })))
      .execute();
  }
  // Results on components the assessment no longer evaluates go with them.
  let del = db.deleteFrom('skill_results').where('assessment_id', '=', assessmentId);
  if (components.length > 0) del = del.where('component', 'not in', components);
  await del.execute();
}

/** The highest grade value entered on an assessment (to refuse shrinking the scale below it). */
export async function maxGradeValue(db: Executor, assessmentId: string): Promise<number | null> {
  const row = await db
    .selectFrom('grades')
    .select((eb) => eb.fn.max('value_centi').as('max'))
    .where('assessment_id', '=', assessmentId)
    .executeTakeFirst();
  return row?.max == null ? null : Number(row.max);
}

// ---------------------------------------------------------------------------------------------- grades

const CHUNK = 500;

/** Runs a read per slice of ids (bounded bound-parameter lists on both engines) and concatenates the rows. */
async function inChunks<T>(ids: readonly string[], read: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await read(ids.slice(i, i + CHUNK))));
  return out;
}

export function findGrades(db: Executor, assessmentIds: readonly string[]) {
  return inChunks(assessmentIds, (ids) =>
    db.selectFrom('grades').selectAll().where('assessment_id', 'in', ids).execute(),
  );
}

/** One pupil's grades among some assessments. */
export function findGradesOfPupil(db: Executor, pupilId: string, assessmentIds: readonly string[]) {
  return inChunks(assessmentIds, (ids) =>
    db.selectFrom('grades').selectAll().where('pupil_id', '=', pupilId).where('assessment_id', 'in', ids).execute(),
  );
}

/** The value columns only, for class figures (no comments, no authors). */
export function findGradeValues(db: Executor, assessmentIds: readonly string[]) {
  return inChunks(assessmentIds, (ids) =>
    db
      .selectFrom('grades')
      .select(['assessment_id', 'pupil_id', 'value_centi', 'code'])
      .where('assessment_id', 'in', ids)
      .execute(),
  );
}

/** One pupil's skill results among some assessments. */
export function findSkillResultsOfPupil(db: Executor, pupilId: string, assessmentIds: readonly string[]) {
  return inChunks(assessmentIds, (ids) =>
    db
      .selectFrom('skill_results')
      .selectAll()
      .where('pupil_id', '=', pupilId)
      .where('assessment_id', 'in', ids)
      .execute(),
  );
}

export async function upsertGrades(db: Executor, rows: readonly GradeTable[]) {
  for (let i = 0; i < rows.length; i += 100) {
    await db
      .insertInto('grades')
      .values(rows.slice(i, i + 100))
      .onConflict((oc) =>
        oc.columns(['assessment_id', 'pupil_id']).doUpdateSet((eb) => ({
          value_centi: eb.ref('excluded.value_centi'),
          code: eb.ref('excluded.code'),
          comment: eb.ref('excluded.comment'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function deleteGrades(db: Executor, assessmentId: string, pupilIds: readonly string[]) {
  if (pupilIds.length === 0) return;
  await db.deleteFrom('grades').where('assessment_id', '=', assessmentId).where('pupil_id', 'in', pupilIds).execute();
}

export function findSkillResults(db: Executor, assessmentIds: readonly string[]) {
  return inChunks(assessmentIds, (ids) =>
    db.selectFrom('skill_results').selectAll().where('assessment_id', 'in', ids).execute(),
  );
}

export async function upsertSkillResults(db: Executor, rows: readonly SkillResultTable[]) {
  for (let i = 0; i < rows.length; i += 100) {
    await db
      .insertInto('skill_results')
      .values(rows.slice(i, i + 100))
      .onConflict((oc) =>
        oc.columns(['assessment_id', 'pupil_id', 'component']).doUpdateSet((eb) => ({
          level: eb.ref('excluded.level'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function deleteSkillResults(
  db: Executor,
  assessmentId: string,
  keys: readonly { pupilId: string; component: string }[],
) {
  for (const k of keys) {
    await db
      .deleteFrom('skill_results')
      .where('assessment_id', '=', assessmentId)
      .where('pupil_id', '=', k.pupilId)
      .where('component', '=', k.component)
      .execute();
  }
}
