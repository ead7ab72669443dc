import { sql } from 'kysely';
import type { Executor, PersonExternalIdTable } from '../../db/types.ts';
import type { ProfileKind } from '../../lib/policy.ts';

export function getSchool(db: Executor, schoolId: string) {
  return db.selectFrom('schools').select(['id', 'uai']).where('id', '=', schoolId).executeTakeFirst();
}

/** The ids a source gave people of the school. */
export function findExternalIds(db: Executor, schoolId: string, source: PersonExternalIdTable['source']) {
  return db
    .selectFrom('person_external_ids')
    .select(['kind', 'external_id', 'person_id'])
    .where('school_id', '=', schoolId)
    .where('source', '=', source)
    .execute();
}

export async function insertExternalIds(db: Executor, rows: PersonExternalIdTable[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('person_external_ids')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** People with one of the profiles in the school, with what imports compare. */
export function findPeopleWithProfiles(db: Executor, schoolId: string, kinds: readonly ProfileKind[]) {
  return db
    .selectFrom('people as p')
    .innerJoin('profiles as pr', 'pr.person_id', 'p.id')
    .select([
      'p.id',
      'p.first_name',
      'p.last_name',
      'p.birth_date',
      'p.email',
      'p.phone',
      'p.postal_address',
      'p.disabled_at',
      'p.external_id',
      'pr.kind',
    ])
    .where('pr.school_id', '=', schoolId)
    .where('pr.kind', 'in', kinds)
    .execute();
}

/** People by id, with what imports compare (whatever their profiles). */
export async function findPeopleByIds(db: Executor, ids: readonly string[]) {
  const out = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('people')
        .select([
          'id',
          'first_name',
          'last_name',
          'birth_date',
          'email',
          'phone',
          'postal_address',
          'disabled_at',
          'external_id',
        ])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

/** Each pupil's class of the school on `day`, in one query. */
export function findClassesOfPupilsOn(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['m.pupil_id', 'c.id as class_id', 'c.code'])
    .where('c.school_id', '=', schoolId)
    .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`)
    .execute();
}

/** The pupil's memberships of the school's classes still running on `day` or starting later. */
export function findOpenClassMemberships(db: Executor, schoolId: string, pupilId: string, day: string) {
  return db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['m.id', 'm.class_id', 'm.starts_on'])
    .where('m.pupil_id', '=', pupilId)
    .where('c.school_id', '=', schoolId)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute();
}

/** Group memberships of the year's groups still running on `day` or starting later, in one query. */
export function findOpenGroupMembershipsOfYear(db: Executor, yearId: string, day: string) {
  return db
    .selectFrom('group_memberships as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['m.id', 'm.pupil_id', 'm.group_id', 'm.starts_on'])
    .where('g.school_year_id', '=', yearId)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute();
}

export function findOpenGroupMembershipsOfPupil(db: Executor, schoolId: string, pupilId: string, day: string) {
  return db
    .selectFrom('group_memberships as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['m.id', 'm.starts_on'])
    .where('m.pupil_id', '=', pupilId)
    .where('g.school_id', '=', schoolId)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute();
}

export async function hasProfileElsewhere(db: Executor, personId: string, schoolId: string): Promise<boolean> {
  const row = await db
    .selectFrom('profiles')
    .select('id')
    .where('person_id', '=', personId)
    .where('school_id', '!=', schoolId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Of these people, those who have a profile in another school than `schoolId`, in one query. */
export async function findPeopleInOtherSchools(db: Executor, personIds: readonly string[], schoolId: string) {
  const out = new Set<string>();
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await db
      .selectFrom('profiles')
      .select('person_id')
      .where('person_id', 'in', personIds.slice(i, i + 500))
      .where('school_id', '!=', schoolId)
      .execute();
    for (const r of rows) out.add(r.person_id);
  }
  return out;
}

/** Whether the person has a profile other than `kinds` in the school, or any profile in another school. */
export async function hasOtherProfiles(
  db: Executor,
  personId: string,
  schoolId: string,
  kinds: readonly ProfileKind[],
) {
  const row = await db
    .selectFrom('profiles')
    .select('id')
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('school_id', '!=', schoolId), eb('kind', 'not in', kinds)]))
    .executeTakeFirst();
  return row !== undefined;
}

/** Ends a person's place in a school: their profiles of these kinds there and their functions there. */
export async function removeFromSchool(
  db: Executor,
  personId: string,
  schoolId: string,
  kinds: readonly ProfileKind[],
) {
  await db
    .deleteFrom('profiles')
    .where('person_id', '=', personId)
    .where('school_id', '=', schoolId)
    .where('kind', 'in', kinds)
    .execute();
  await db.deleteFrom('staff_functions').where('person_id', '=', personId).where('school_id', '=', schoolId).execute();
}

export async function insertStaffFunction(
  db: Executor,
  row: { id: string; person_id: string; school_id: string; function: string },
) {
  await db.insertInto('staff_functions').values(row).execute();
}

export function findClassesOfYear(db: Executor, yearId: string) {
  return db.selectFrom('classes').select(['id', 'code']).where('school_year_id', '=', yearId).execute();
}

export function findGroupsOfYear(db: Executor, yearId: string) {
  return db.selectFrom('groups').select(['id', 'code']).where('school_year_id', '=', yearId).execute();
}

export function findSubjects(db: Executor, schoolId: string) {
  return db.selectFrom('subjects').select(['id', 'code', 'label']).where('school_id', '=', schoolId).execute();
}

export async function insertSubject(db: Executor, row: { id: string; school_id: string; code: string; label: string }) {
  await db.insertInto('subjects').values(row).execute();
}

export function findAssignmentsOfYear(db: Executor, yearId: string) {
  return db
    .selectFrom('teaching_assignments')
    .select(['teacher_id', 'class_id', 'group_id', 'subject_id'])
    .where('school_year_id', '=', yearId)
    .execute();
}

export async function insertAssignment(
  db: Executor,
  row: {
    id: string;
    school_id: string;
    school_year_id: string;
    teacher_id: string;
    class_id: string | null;
    group_id: string | null;
    subject_id: string;
  },
) {
  await db.insertInto('teaching_assignments').values(row).execute();
}

/** Guardian–pupil links of these pupils. */
export async function findGuardianshipsOfPupils(db: Executor, pupilIds: readonly string[]) {
  const out: Array<{ id: string; guardian_id: string; pupil_id: string; responsibility: string }> = [];
  for (let i = 0; i < pupilIds.length; i += 500) {
    const part = pupilIds.slice(i, i + 500);
    out.push(
      ...(await db
        .selectFrom('guardianships')
        .select(['id', 'guardian_id', 'pupil_id', 'responsibility'])
        .where('pupil_id', 'in', part)
        .execute()),
    );
  }
  return out;
}

/** A leaver listed again by a later complete file: the account works again (its password, if any, is kept). */
export async function enablePerson(db: Executor, personId: string) {
  await db.updateTable('people').set({ disabled_at: null }).where('id', '=', personId).execute();
}

export async function disablePerson(db: Executor, personId: string, at: string) {
  await db.updateTable('people').set({ disabled_at: at }).where('id', '=', personId).execute();
  await db.deleteFrom('sessions').where('person_id', '=', personId).execute();
}

/** Rows in the tables imports write, for tests that prove a refused file wrote nothing. */
export async function countDirectoryRows(db: Executor) {
  const tables = [
    'people',
    'profiles',
    'class_memberships',
    'guardianships',
    'classes',
    'groups',
    'subjects',
    'teaching_assignments',
    'person_external_ids',
  ] as const;
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[t] = Number(r.n);
  }
  const disabled = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('disabled_at', 'is not', null)
    .executeTakeFirstOrThrow();
  counts.disabled = Number(disabled.n);
  return counts;
}

// ---- the year's rollover (imports.rollover.ts) ----------------------------------------------------------

export function findSchoolYears(db: Executor, schoolId: string) {
  return db
    .selectFrom('school_years')
    .select(['id', 'label', 'starts_on', 'ends_on', 'archived_at'])
    .where('school_id', '=', schoolId)
    .orderBy('starts_on')
    .execute();
}

export async function insertSchoolYear(
  db: Executor,
  row: { id: string; school_id: string; label: string; starts_on: string; ends_on: string },
) {
  await db.insertInto('school_years').values(row).execute();
}

/** Archives a year that is not archived yet; false when another run got there first (nothing changes then). */
export async function archiveSchoolYear(db: Executor, yearId: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('school_years')
    .set({ archived_at: at })
    .where('id', '=', yearId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findClassesOfYearWithLevel(db: Executor, yearId: string) {
  return db
    .selectFrom('classes')
    .select(['id', 'code', 'label', 'level', 'site_id'])
    .where('school_year_id', '=', yearId)
    .orderBy('code')
    .execute();
}

/** What the rollover leaves read-only in a year: how many classes, courses, assessments, report cards, homework. */
export async function countYearContents(db: Executor, yearId: string) {
  const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) =>
    Number((await q.executeTakeFirstOrThrow()).n);
  const [classes, courses, assessments, reportCards, homework] = await Promise.all([
    count(
      db
        .selectFrom('classes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('school_year_id', '=', yearId),
    ),
    count(
      db
        .selectFrom('courses')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('school_year_id', '=', yearId),
    ),
    count(
      db
        .selectFrom('assessments as a')
        .innerJoin('periods as p', 'p.id', 'a.period_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('p.school_year_id', '=', yearId),
    ),
    count(
      db
        .selectFrom('report_cards as r')
        .innerJoin('periods as p', 'p.id', 'r.period_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('p.school_year_id', '=', yearId),
    ),
    count(
      db
        .selectFrom('homework')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('school_year_id', '=', yearId),
    ),
  ]);
  return { classes, courses, assessments, reportCards, homework };
}
