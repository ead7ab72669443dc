import type { Executor, PersonTable } from '../../db/types.ts';

export function findDeploymentAdmins(db: Executor) {
  return db.selectFrom('people').select(['id', 'login']).where('is_deployment_admin', '=', 1).execute();
}

export function findPersonByLogin(db: Executor, login: string) {
  return db.selectFrom('people').select(['id', 'login']).where('login', '=', login).executeTakeFirst();
}

export async function findLoginsStartingWith(db: Executor, base: string): Promise<string[]> {
  // `base` is [a-z0-9.-] only: no LIKE wildcard to escape.
  const rows = await db.selectFrom('people').select('login').where('login', 'like', `${base}%`).execute();
  return rows.map((r) => r.login);
}

export async function insertPerson(db: Executor, row: PersonTable) {
  await db.insertInto('people').values(row).execute();
}

export function findSchoolByUai(db: Executor, uai: string) {
  return db.selectFrom('schools').select('id').where('uai', '=', uai).executeTakeFirst();
}

export async function insertSchool(
  db: Executor,
  s: {
    id: string;
    uai: string;
    name: string;
    town: string;
    academie: string;
    holiday_zone: string;
    created_at: string;
  },
  year: { id: string; label: string; starts_on: string; ends_on: string },
  site: { id: string; name: string; address: string },
) {
  await db.insertInto('schools').values(s).execute();
  await db
    .insertInto('school_years')
    .values({ ...year, school_id: s.id })
    .execute();
  await db
    .insertInto('sites')
    .values({ ...site, school_id: s.id, network_ranges: '[]' })
    .execute();
}

export async function insertSchoolAdmin(
  db: Executor,
  p: { profileId: string; functionId: string; personId: string; schoolId: string },
) {
  await db
    .insertInto('profiles')
    .values({ id: p.profileId, person_id: p.personId, school_id: p.schoolId, kind: 'staff' })
    .execute();
  await db
    .insertInto('staff_functions')
    .values({ id: p.functionId, person_id: p.personId, school_id: p.schoolId, function: 'school_admin' })
    .execute();
}
