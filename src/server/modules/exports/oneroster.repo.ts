import type { Executor } from '../../db/types.ts';
import { opensSchoolInformation } from '../directory/directory.repo.ts';

/** The rows a OneRoster export reads: one school, its school year on `day`, the people active on that day. */

export function findSchool(db: Executor, schoolId: string) {
  return db.selectFrom('schools').select(['id', 'uai', 'name']).where('id', '=', schoolId).executeTakeFirst();
}

export function findYearOn(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('school_years')
    .select(['id', 'label', 'starts_on', 'ends_on'])
    .where('school_id', '=', schoolId)
    .where('starts_on', '<=', day)
    .where('ends_on', '>=', day)
    .orderBy('starts_on', 'desc')
    .executeTakeFirst();
}

export function findPeriods(db: Executor, yearId: string) {
  return db
    .selectFrom('periods')
    .select(['id', 'kind', 'number', 'label', 'starts_on', 'ends_on'])
    .where('school_year_id', '=', yearId)
    .orderBy('starts_on')
    .execute();
}

export function findSubjects(db: Executor, schoolId: string) {
  return db.selectFrom('subjects').select(['id', 'code', 'label']).where('school_id', '=', schoolId).execute();
}

export function findClasses(db: Executor, yearId: string) {
  return db
    .selectFrom('classes')
    .select(['id', 'code', 'label', 'level'])
    .where('school_year_id', '=', yearId)
    .orderBy('code')
    .execute();
}

export function findGroups(db: Executor, yearId: string) {
  return db
    .selectFrom('groups')
    .select(['id', 'code', 'label'])
    .where('school_year_id', '=', yearId)
    .orderBy('code')
    .execute();
}

const PERSON = ['p.id', 'p.login', 'p.first_name', 'p.last_name', 'p.email', 'p.created_at'] as const;

/** Pupils in a class of the year on `day`, with that class (not disabled). */
export function findPupilsInClasses(db: Executor, yearId: string, day: string) {
  return (
    db
      .selectFrom('class_memberships as m')
      .innerJoin('classes as c', 'c.id', 'm.class_id')
      .innerJoin('people as p', 'p.id', 'm.pupil_id')
      // Still a pupil of the school (an import that removes someone from a school keeps their old memberships).
      .innerJoin('profiles as pr', (j) =>
        j.onRef('pr.person_id', '=', 'p.id').onRef('pr.school_id', '=', 'c.school_id').on('pr.kind', '=', 'pupil'),
      )
      .select([...PERSON, 'm.class_id', 'm.starts_on', 'm.ends_on', 'c.level'])
      .where('c.school_year_id', '=', yearId)
      .where('m.starts_on', '<=', day)
      .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
      .where('p.disabled_at', 'is', null)
      .orderBy('p.last_name')
      .orderBy('p.first_name')
      .orderBy('p.id')
      .execute()
  );
}

/** Group memberships of the year on `day`. */
export function findGroupMemberships(db: Executor, yearId: string, day: string) {
  return db
    .selectFrom('group_memberships as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['m.pupil_id', 'm.group_id', 'm.starts_on', 'm.ends_on'])
    .where('g.school_year_id', '=', yearId)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute();
}

/** Teaching assignments of the year, with their teacher (not disabled). */
export function findAssignments(db: Executor, yearId: string) {
  return (
    db
      .selectFrom('teaching_assignments as a')
      .innerJoin('people as p', 'p.id', 'a.teacher_id')
      // A teacher who left the school keeps old assignments: only those who still teach there.
      .innerJoin('profiles as pr', (j) =>
        j.onRef('pr.person_id', '=', 'p.id').onRef('pr.school_id', '=', 'a.school_id').on('pr.kind', '=', 'teacher'),
      )
      .select([...PERSON, 'a.class_id', 'a.group_id', 'a.subject_id'])
      .where('a.school_year_id', '=', yearId)
      .where('p.disabled_at', 'is', null)
      .execute()
  );
}

export function findClassPrincipals(db: Executor, yearId: string) {
  return db
    .selectFrom('class_principals as cp')
    .innerJoin('classes as c', 'c.id', 'cp.class_id')
    .innerJoin('people as p', 'p.id', 'cp.teacher_id')
    .innerJoin('profiles as pr', (j) =>
      j.onRef('pr.person_id', '=', 'p.id').onRef('pr.school_id', '=', 'c.school_id').on('pr.kind', '=', 'teacher'),
    )
    .select([...PERSON, 'cp.class_id'])
    .where('c.school_year_id', '=', yearId)
    .where('p.disabled_at', 'is', null)
    .execute();
}

/**
 * Guardians who may follow the schooling of these pupils (legal guardians, contacts the school opened; never a
 * court-restricted link), not disabled.
 */
export async function findGuardians(db: Executor, pupilIds: readonly string[]) {
  const out: Array<{
    id: string;
    login: string;
    first_name: string;
    last_name: string;
    email: string | null;
    created_at: string;
    pupil_id: string;
    responsibility: 'legal1' | 'legal2' | 'contact';
  }> = [];
  for (let i = 0; i < pupilIds.length; i += 500) {
    const rows = await db
      .selectFrom('guardianships as g')
      .innerJoin('people as p', 'p.id', 'g.guardian_id')
      .select([...PERSON, 'g.pupil_id', 'g.responsibility'])
      .where('g.pupil_id', 'in', pupilIds.slice(i, i + 500))
      .where(opensSchoolInformation('g'))
      .where('p.disabled_at', 'is', null)
      .execute();
    out.push(...rows);
  }
  return out;
}

/** The school's direction (principal, deputy): OneRoster's `administrator`. */
export function findDirection(db: Executor, schoolId: string) {
  return db
    .selectFrom('staff_functions as f')
    .innerJoin('people as p', 'p.id', 'f.person_id')
    .select([...PERSON])
    .where('f.school_id', '=', schoolId)
    .where('f.function', 'in', ['principal', 'deputy'])
    .where('p.disabled_at', 'is', null)
    .distinct()
    .execute();
}
