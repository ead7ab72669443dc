import { type SqlBool, sql } from 'kysely';
import { prepared } from '../../db/prepared.ts';
import type { Executor } from '../../db/types.ts';

/**
 * A guardianship that opens the child's school information (grades, report cards, absences and announcing them,
 * homework, timetable, the notifications about them): a legal guardian, or an "other contact" the school gave
 * access to (`school_access`); never one under a court restriction. `alias` is the guardianships table's alias in
 * the query. Every family read and every notification to guardians goes through it (docs/security.md).
 */
export function opensSchoolInformation(alias?: string) {
  const col = (c: string) => sql.ref(alias ? `${alias}.${c}` : c);
  return sql<SqlBool>`(${col('court_restricted')} = 0 and (${col('responsibility')} <> 'contact' or ${col('school_access')} = 1))`;
}

const schoolsByIdsQuery = prepared((db, p: { ids: string[] }) =>
  db.selectFrom('schools').select(['id', 'uai', 'name', 'town']).where('id', 'in', p.ids).orderBy('name'),
);

export function findSchoolsByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return schoolsByIdsQuery(db, { ids });
}

export function getSchool(db: Executor, id: string) {
  return db.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirst();
}

const personSummaryQuery = prepared((db, p: { id: string }) =>
  db
    .selectFrom('people')
    .select(['id', 'login', 'first_name', 'last_name', 'locale', 'is_deployment_admin', 'disabled_at'])
    .where('id', '=', p.id),
);

export async function findPersonSummary(db: Executor, id: string) {
  return (await personSummaryQuery(db, { id }))[0];
}

const classesOfPupilsQuery = prepared((db, p: { pupilIds: string[]; day: string }) =>
  db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .leftJoin('sites as s', 's.id', 'c.site_id')
    .select([
      'm.pupil_id',
      'c.school_id',
      'c.id as class_id',
      'c.code',
      'c.label',
      'c.level',
      's.id as site_id',
      's.name as site_name',
    ])
    .where('m.pupil_id', 'in', p.pupilIds)
    .where('m.starts_on', '<=', p.day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', p.day)])),
);

/** The class (and its site) of each pupil on `day`. */
export function findClassesOfPupils(db: Executor, pupilIds: string[], day: string) {
  if (pupilIds.length === 0) return Promise.resolve([]);
  return classesOfPupilsQuery(db, { pupilIds, day });
}

const childrenOfGuardianQuery = prepared((db, p: { guardianId: string; day: string }) =>
  db
    .selectFrom('guardianships as g')
    .innerJoin('people as p', 'p.id', 'g.pupil_id')
    .innerJoin('profiles as pr', (j) => j.onRef('pr.person_id', '=', 'p.id').on('pr.kind', '=', 'pupil'))
    .innerJoin('schools as sc', 'sc.id', 'pr.school_id')
    .leftJoin('class_memberships as m', (j) =>
      j
        .onRef('m.pupil_id', '=', 'p.id')
        .on('m.starts_on', '<=', p.day)
        .on((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', p.day)])),
    )
    .leftJoin('classes as c', 'c.id', 'm.class_id')
    .leftJoin('sites as s', 's.id', 'c.site_id')
    .select([
      'p.id',
      'p.first_name',
      'p.last_name',
      'p.birth_date',
      'g.responsibility',
      'sc.id as school_id',
      'sc.name as school_name',
      'c.id as class_id',
      'c.code as class_code',
      'c.label as class_label',
      'c.level as class_level',
      's.id as site_id',
      's.name as site_name',
    ])
    .where('g.guardian_id', '=', p.guardianId)
    .where(opensSchoolInformation('g')),
);

/**
 * A guardian's children with their class and site on `day`, eldest first: only those whose school information the
 * link opens (no court restriction; an "other contact" only with the school's access).
 */
export async function findChildrenOfGuardian(db: Executor, guardianId: string, day: string) {
  const rows = await childrenOfGuardianQuery(db, { guardianId, day });
  return rows.sort(
    (a, b) => (a.birth_date ?? '').localeCompare(b.birth_date ?? '') || a.first_name.localeCompare(b.first_name, 'fr'),
  );
}

/** Whether `guardianId` sees `pupilId`'s school information (see opensSchoolInformation). */
export async function isGuardianOf(db: Executor, guardianId: string, pupilId: string): Promise<boolean> {
  const row = await db
    .selectFrom('guardianships')
    .select('id')
    .where('guardian_id', '=', guardianId)
    .where('pupil_id', '=', pupilId)
    .where(opensSchoolInformation())
    .executeTakeFirst();
  return row !== undefined;
}

const teachingOfQuery = prepared((db, p: { teacherId: string; day: string }) =>
  db
    .selectFrom('teaching_assignments as t')
    .innerJoin('school_years as y', 'y.id', 't.school_year_id')
    .innerJoin('subjects as sub', 'sub.id', 't.subject_id')
    .leftJoin('classes as c', 'c.id', 't.class_id')
    .leftJoin('groups as g', 'g.id', 't.group_id')
    .select([
      't.school_id',
      't.class_id',
      't.group_id',
      'c.code as class_code',
      'c.label as class_label',
      'g.code as group_code',
      'g.label as group_label',
      'sub.id as subject_id',
      'sub.code as subject_code',
      'sub.label as subject_label',
    ])
    .where('t.teacher_id', '=', p.teacherId)
    .where('y.starts_on', '<=', p.day)
    .where('y.ends_on', '>=', p.day),
);

/** What a teacher teaches in the school years in force on `day`. */
export function findTeachingOf(db: Executor, teacherId: string, day: string) {
  return teachingOfQuery(db, { teacherId, day });
}

const principalClassIdsQuery = prepared((db, p: { teacherId: string }) =>
  db.selectFrom('class_principals').select('class_id').where('teacher_id', '=', p.teacherId),
);

export function findPrincipalClassIds(db: Executor, teacherId: string) {
  return principalClassIdsQuery(db, { teacherId });
}

/** Whether the teacher teaches the pupil's class or one of the pupil's groups on `day`. */
export async function teachesPupil(db: Executor, teacherId: string, pupilId: string, day: string): Promise<boolean> {
  const viaClass = db
    .selectFrom('teaching_assignments as t')
    .innerJoin('class_memberships as m', 'm.class_id', 't.class_id')
    .select('t.id')
    .where('t.teacher_id', '=', teacherId)
    .where('m.pupil_id', '=', pupilId)
    .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`);
  const viaGroup = db
    .selectFrom('teaching_assignments as t')
    .innerJoin('group_memberships as m', 'm.group_id', 't.group_id')
    .select('t.id')
    .where('t.teacher_id', '=', teacherId)
    .where('m.pupil_id', '=', pupilId)
    .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`);
  const row = await viaClass.union(viaGroup).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Accented letters and their plain form: a portable "unaccent" (SQLite has none, PostgreSQL's is an extension).
 * Upper-case forms are listed too, since SQLite's lower() only folds ASCII.
 */
const FOLDS: ReadonlyArray<readonly [string, string]> = [
  ...[...'àáâãäåÀÁÂÃÄÅ'].map((c) => [c, 'a'] as const),
  ...[...'çÇ'].map((c) => [c, 'c'] as const),
  ...[...'èéêëÈÉÊË'].map((c) => [c, 'e'] as const),
  ...[...'ìíîïÌÍÎÏ'].map((c) => [c, 'i'] as const),
  ...[...'ñÑ'].map((c) => [c, 'n'] as const),
  ...[...'òóôõöøÒÓÔÕÖØ'].map((c) => [c, 'o'] as const),
  ...[...'ùúûüÙÚÛÜ'].map((c) => [c, 'u'] as const),
  ...[...'ýÿÝŸ'].map((c) => [c, 'y'] as const),
  ['œ', 'oe'],
  ['Œ', 'oe'],
  ['æ', 'ae'],
  ['Æ', 'ae'],
  ["'", ''],
  ['\u2019', ''],
];

/** The same folding in JavaScript, for the words searched: "Éloïse" → "eloise", "N’Diaye" → "ndiaye". */
export function foldForSearch(s: string): string {
  return s
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['\u2019]/g, '');
}

/** `expr` lower-cased and without accents, in SQL that runs the same on SQLite and PostgreSQL. */
function foldedSql(expr: ReturnType<typeof sql>) {
  let out = sql`lower(${expr})`;
  for (const [from, to] of FOLDS) out = sql`replace(${out}, ${sql.lit(from)}, ${sql.lit(to)})`;
  return out;
}

/**
 * People of a school, by words of their names or login in any order ("Axel Garnier", "garnier axel", "élo"),
 * accents and case aside: each word must appear in the first name, last name or login.
 */
export function findPeopleOfSchool(
  db: Executor,
  opts: { schoolId: string; q?: string | undefined; profile?: string | undefined; limit: number; offset: number },
) {
  let q = db
    .selectFrom('people as p')
    .innerJoin('profiles as pr', 'pr.person_id', 'p.id')
    .select(['p.id', 'p.login', 'p.first_name', 'p.last_name', 'p.disabled_at', 'pr.kind'])
    .where('pr.school_id', '=', opts.schoolId);
  if (opts.profile) q = q.where('pr.kind', '=', opts.profile as 'pupil');
  const words = (opts.q ?? '').split(/\s+/).filter(Boolean).slice(0, 6);
  if (words.length > 0) {
    const haystack = foldedSql(sql`p.first_name || ' ' || p.last_name || ' ' || p.login`);
    for (const word of words) {
      const like = `%${foldForSearch(word).replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
      // SQLite has no default LIKE escape character: name it, or "_" and "%" stay wildcards there.
      q = q.where(sql<boolean>`${haystack} like ${like} escape '\\'`);
    }
  }
  return q
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .orderBy('p.id')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

/** The staff functions of several people in a school, in one query. */
export function findFunctionsOfPeople(db: Executor, personIds: string[], schoolId: string) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('staff_functions')
    .select(['person_id', 'function'])
    .where('person_id', 'in', personIds)
    .where('school_id', '=', schoolId)
    .execute();
}

export function findProfilesInSchool(db: Executor, personId: string, schoolId: string) {
  return db
    .selectFrom('profiles')
    .select('kind')
    .where('person_id', '=', personId)
    .where('school_id', '=', schoolId)
    .execute();
}

export function findFunctionsInSchool(db: Executor, personId: string, schoolId: string) {
  return db
    .selectFrom('staff_functions')
    .select('function')
    .where('person_id', '=', personId)
    .where('school_id', '=', schoolId)
    .execute();
}

export function findGuardiansOfPupil(db: Executor, pupilId: string) {
  return db
    .selectFrom('guardianships as g')
    .innerJoin('people as p', 'p.id', 'g.guardian_id')
    .select([
      'p.id',
      'p.first_name',
      'p.last_name',
      'g.responsibility',
      'g.lives_with',
      'g.receives_mail',
      'g.may_collect',
      'g.court_restricted',
      'p.email',
      'g.school_access',
    ])
    .where('g.pupil_id', '=', pupilId)
    .orderBy('g.responsibility')
    .execute();
}

export function findWardsOfGuardian(db: Executor, guardianId: string) {
  return db
    .selectFrom('guardianships as g')
    .innerJoin('people as p', 'p.id', 'g.pupil_id')
    .select(['p.id', 'p.first_name', 'p.last_name', 'g.responsibility', 'g.court_restricted', 'g.school_access'])
    .where('g.guardian_id', '=', guardianId)
    .execute();
}

export async function setActivationCode(db: Executor, personId: string, codeHash: string, expiresAt: string) {
  await db
    .updateTable('people')
    .set({ activation_code_hash: codeHash, activation_expires_at: expiresAt })
    .where('id', '=', personId)
    .execute();
}

export async function setDisabled(db: Executor, personId: string, disabledAt: string | null) {
  await db.updateTable('people').set({ disabled_at: disabledAt }).where('id', '=', personId).execute();
}

export function findClassesOfSchool(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('classes as c')
    .innerJoin('school_years as y', 'y.id', 'c.school_year_id')
    .leftJoin('sites as s', 's.id', 'c.site_id')
    .select(['c.id', 'c.code', 'c.label', 'c.level', 's.id as site_id', 's.name as site_name'])
    .select((eb) =>
      eb
        .selectFrom('class_memberships as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.class_id', '=', 'c.id')
        .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`)
        .as('pupil_count'),
    )
    .where('c.school_id', '=', schoolId)
    .where('y.starts_on', '<=', day)
    .where('y.ends_on', '>=', day)
    .orderBy('c.level', 'desc')
    .orderBy('c.code')
    .execute();
}

export function findSchoolOfPupil(db: Executor, pupilId: string) {
  return db
    .selectFrom('profiles')
    .innerJoin('schools', 'schools.id', 'profiles.school_id')
    .select(['schools.id', 'schools.name'])
    .where('profiles.person_id', '=', pupilId)
    .where('profiles.kind', '=', 'pupil')
    .executeTakeFirst();
}
