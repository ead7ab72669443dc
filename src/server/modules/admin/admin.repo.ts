import { type Insertable, sql, type Updateable } from 'kysely';
import type {
  ClassTable,
  Executor,
  GroupTable,
  GuardianshipTable,
  PeriodTable,
  PersonTable,
  SiteTable,
  StaffFunctionGrantTable,
} from '../../db/types.ts';
import type { ProfileKind } from '../../lib/policy.ts';

// ---- school years -------------------------------------------------------------------------------------

export function findSchoolYearOn(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('school_years')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('starts_on', '<=', day)
    .where('ends_on', '>=', day)
    .orderBy('starts_on', 'desc')
    .executeTakeFirst();
}

export function getSchoolYear(db: Executor, id: string) {
  return db.selectFrom('school_years').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

// ---- people -------------------------------------------------------------------------------------------

export function getPerson(db: Executor, id: string) {
  return db
    .selectFrom('people')
    .select([
      'id',
      'login',
      'is_deployment_admin',
      'first_name',
      'last_name',
      'birth_date',
      'email',
      'phone',
      'postal_address',
      'locale',
      'password_hash',
      'activation_code_hash',
      'activation_expires_at',
      'disabled_at',
      'created_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Logins equal to `base` or starting with it (the caller keeps those of the form base + digits). */
export async function findLoginsStartingWith(db: Executor, base: string): Promise<string[]> {
  // `base` is [a-z0-9.-] only: no LIKE wildcard to escape.
  const rows = await db.selectFrom('people').select('login').where('login', 'like', `${base}%`).execute();
  return rows.map((r) => r.login);
}

export async function insertPerson(db: Executor, row: PersonTable) {
  await db.insertInto('people').values(row).execute();
}

export async function updatePerson(
  db: Executor,
  id: string,
  set: Partial<
    Pick<PersonTable, 'first_name' | 'last_name' | 'birth_date' | 'email' | 'phone' | 'postal_address' | 'locale'>
  >,
) {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('people').set(set).where('id', '=', id).execute();
}

export async function insertProfile(
  db: Executor,
  row: { id: string; person_id: string; school_id: string; kind: ProfileKind },
) {
  await db.insertInto('profiles').values(row).execute();
}

export async function replaceFunctions(
  db: Executor,
  personId: string,
  schoolId: string,
  rows: Array<{ id: string; function: string }>,
) {
  await db.deleteFrom('staff_functions').where('person_id', '=', personId).where('school_id', '=', schoolId).execute();
  if (rows.length === 0) return;
  await db
    .insertInto('staff_functions')
    .values(rows.map((r) => ({ id: r.id, person_id: personId, school_id: schoolId, function: r.function })))
    .execute();
}

/** Which of `personIds` have the profile `kind` in the school: one query for the whole set. */
export async function findIdsWithProfile(
  db: Executor,
  schoolId: string,
  kind: ProfileKind,
  personIds: readonly string[],
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('profiles')
    .select('person_id')
    .where('school_id', '=', schoolId)
    .where('kind', '=', kind)
    .where('person_id', 'in', [...personIds])
    .execute();
  return new Set(rows.map((r) => r.person_id));
}

// ---- class and group memberships ----------------------------------------------------------------------

/** The pupil's class memberships in this school that are still running on `day` (or start later). */
export function findOpenClassMemberships(db: Executor, pupilId: string, schoolId: string, day: string) {
  return db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['m.id', 'm.class_id', 'm.starts_on', 'm.ends_on'])
    .where('m.pupil_id', '=', pupilId)
    .where('c.school_id', '=', schoolId)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute();
}

export function findCurrentClassOfPupil(db: Executor, pupilId: string, schoolId: string, day: string) {
  return db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['c.id', 'c.code', 'c.label', 'c.level'])
    .where('m.pupil_id', '=', pupilId)
    .where('c.school_id', '=', schoolId)
    .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`)
    .executeTakeFirst();
}

export async function insertClassMembership(
  db: Executor,
  row: { id: string; pupil_id: string; class_id: string; starts_on: string },
) {
  await db
    .insertInto('class_memberships')
    .values({ ...row, ends_on: null })
    .execute();
}

export async function endClassMembership(db: Executor, id: string, endsOn: string) {
  await db.updateTable('class_memberships').set({ ends_on: endsOn }).where('id', '=', id).execute();
}

export async function deleteClassMembership(db: Executor, id: string) {
  await db.deleteFrom('class_memberships').where('id', '=', id).execute();
}

export function findActiveGroupMembers(db: Executor, groupId: string, day: string) {
  return db
    .selectFrom('group_memberships as m')
    .innerJoin('people as p', 'p.id', 'm.pupil_id')
    .select(['m.id', 'm.pupil_id', 'm.starts_on', 'p.first_name', 'p.last_name'])
    .where('m.group_id', '=', groupId)
    .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .execute();
}

export function findOpenGroupMemberships(db: Executor, groupId: string, pupilIds: readonly string[], day: string) {
  if (pupilIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('group_memberships')
    .select(['id', 'pupil_id', 'starts_on'])
    .where('group_id', '=', groupId)
    .where('pupil_id', 'in', [...pupilIds])
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', day)]))
    .execute();
}

export async function insertGroupMemberships(
  db: Executor,
  rows: Array<{ id: string; pupil_id: string; group_id: string; starts_on: string }>,
) {
  if (rows.length === 0) return;
  await db
    .insertInto('group_memberships')
    .values(rows.map((r) => ({ ...r, ends_on: null })))
    .execute();
}

export async function endGroupMembership(db: Executor, id: string, endsOn: string) {
  await db.updateTable('group_memberships').set({ ends_on: endsOn }).where('id', '=', id).execute();
}

export async function deleteGroupMembership(db: Executor, id: string) {
  await db.deleteFrom('group_memberships').where('id', '=', id).execute();
}

/** Appends to the trace of sensitive functions granted and withdrawn. */
export async function insertFunctionGrants(db: Executor, rows: StaffFunctionGrantTable[]) {
  if (rows.length === 0) return;
  await db.insertInto('staff_function_grants').values(rows).execute();
}

// ---- guardianships ------------------------------------------------------------------------------------

export async function insertGuardianships(db: Executor, rows: Insertable<GuardianshipTable>[]) {
  if (rows.length === 0) return;
  await db.insertInto('guardianships').values(rows).execute();
}

export function findGuardianship(db: Executor, guardianId: string, pupilId: string) {
  return db
    .selectFrom('guardianships')
    .select('id')
    .where('guardian_id', '=', guardianId)
    .where('pupil_id', '=', pupilId)
    .executeTakeFirst();
}

/** The guardianships in which `personId` is the pupil or the guardian, with the other person's name. */
export function findLinksOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('guardianships as g')
    .innerJoin('people as gp', 'gp.id', 'g.guardian_id')
    .innerJoin('people as pp', 'pp.id', 'g.pupil_id')
    .selectAll('g')
    .select([
      'gp.first_name as guardian_first_name',
      'gp.last_name as guardian_last_name',
      'pp.first_name as pupil_first_name',
      'pp.last_name as pupil_last_name',
    ])
    .where((eb) => eb.or([eb('g.guardian_id', '=', personId), eb('g.pupil_id', '=', personId)]))
    .orderBy('g.responsibility')
    .orderBy('g.id')
    .execute();
}

/** A guardianship whose pupil is a pupil of the school; undefined otherwise. */
export function getGuardianshipInSchool(db: Executor, schoolId: string, id: string) {
  return db
    .selectFrom('guardianships as g')
    .innerJoin('profiles as pr', (j) =>
      j.onRef('pr.person_id', '=', 'g.pupil_id').on('pr.kind', '=', 'pupil').on('pr.school_id', '=', schoolId),
    )
    .selectAll('g')
    .where('g.id', '=', id)
    .executeTakeFirst();
}

export async function updateGuardianship(
  db: Executor,
  id: string,
  set: Omit<Updateable<GuardianshipTable>, 'id' | 'guardian_id' | 'pupil_id'>,
) {
  await db.updateTable('guardianships').set(set).where('id', '=', id).execute();
}

export async function deleteGuardianship(db: Executor, id: string) {
  await db.deleteFrom('guardianships').where('id', '=', id).execute();
}

// ---- sites --------------------------------------------------------------------------------------------

export function findSites(db: Executor, schoolId: string) {
  return db.selectFrom('sites').selectAll().where('school_id', '=', schoolId).orderBy('name').orderBy('id').execute();
}

export function getSite(db: Executor, schoolId: string, id: string) {
  return db.selectFrom('sites').selectAll().where('school_id', '=', schoolId).where('id', '=', id).executeTakeFirst();
}

export async function insertSite(db: Executor, row: SiteTable) {
  await db.insertInto('sites').values(row).execute();
}

export async function updateSite(db: Executor, id: string, set: Partial<Omit<SiteTable, 'id' | 'school_id'>>) {
  await db.updateTable('sites').set(set).where('id', '=', id).execute();
}

// ---- classes and groups ---------------------------------------------------------------------------------

export function findClassesOfYear(db: Executor, yearId: string, day: string) {
  return db
    .selectFrom('classes as c')
    .selectAll('c')
    .select((eb) =>
      eb
        .selectFrom('class_memberships as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.class_id', '=', 'c.id')
        .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`)
        .as('pupil_count'),
    )
    .where('c.school_year_id', '=', yearId)
    .orderBy('c.level', 'desc')
    .orderBy('c.code')
    .execute();
}

export function getClass(db: Executor, schoolId: string, id: string) {
  return db.selectFrom('classes').selectAll().where('school_id', '=', schoolId).where('id', '=', id).executeTakeFirst();
}

export function findClassByCode(db: Executor, yearId: string, code: string) {
  return db
    .selectFrom('classes')
    .select('id')
    .where('school_year_id', '=', yearId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function insertClass(db: Executor, row: ClassTable) {
  await db.insertInto('classes').values(row).execute();
}

export async function updateClass(
  db: Executor,
  id: string,
  set: Partial<Pick<ClassTable, 'code' | 'label' | 'level' | 'site_id'>>,
) {
  await db.updateTable('classes').set(set).where('id', '=', id).execute();
}

export function findGroupsOfYear(db: Executor, yearId: string, day: string) {
  return db
    .selectFrom('groups as g')
    .selectAll('g')
    .select((eb) =>
      eb
        .selectFrom('group_memberships as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.group_id', '=', 'g.id')
        .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`)
        .as('member_count'),
    )
    .where('g.school_year_id', '=', yearId)
    .orderBy('g.code')
    .execute();
}

export function getGroup(db: Executor, schoolId: string, id: string) {
  return db.selectFrom('groups').selectAll().where('school_id', '=', schoolId).where('id', '=', id).executeTakeFirst();
}

export function findGroupByCode(db: Executor, yearId: string, code: string) {
  return db
    .selectFrom('groups')
    .select('id')
    .where('school_year_id', '=', yearId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function insertGroup(db: Executor, row: GroupTable) {
  await db.insertInto('groups').values(row).execute();
}

export async function updateGroup(db: Executor, id: string, set: Partial<Pick<GroupTable, 'code' | 'label' | 'kind'>>) {
  await db.updateTable('groups').set(set).where('id', '=', id).execute();
}

// ---- periods --------------------------------------------------------------------------------------------

export function findPeriodsOfYear(db: Executor, yearId: string) {
  return db
    .selectFrom('periods')
    .selectAll()
    .where('school_year_id', '=', yearId)
    .orderBy('starts_on')
    .orderBy('number')
    .execute();
}

export function getPeriod(db: Executor, schoolId: string, id: string) {
  return db.selectFrom('periods').selectAll().where('school_id', '=', schoolId).where('id', '=', id).executeTakeFirst();
}

export async function insertPeriod(db: Executor, row: PeriodTable) {
  await db.insertInto('periods').values(row).execute();
}

export async function updatePeriod(
  db: Executor,
  id: string,
  set: Partial<Pick<PeriodTable, 'number' | 'label' | 'starts_on' | 'ends_on'>>,
) {
  await db.updateTable('periods').set(set).where('id', '=', id).execute();
}

// ---- activation letters ---------------------------------------------------------------------------------

/** The pupils in the class on `day`, with what a letter needs. */
export function findPupilsOfClass(db: Executor, classId: string, day: string) {
  return db
    .selectFrom('class_memberships as m')
    .innerJoin('people as p', 'p.id', 'm.pupil_id')
    .select([
      'p.id',
      'p.login',
      'p.first_name',
      'p.last_name',
      'p.disabled_at',
      'p.password_hash',
      'p.activation_code_hash',
      'p.activation_expires_at',
      'p.locale',
      'p.postal_address',
    ])
    .where('m.class_id', '=', classId)
    .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .orderBy('p.id')
    .execute();
}

/** Every guardianship of these pupils, with the guardian's name, login and state. */
export function findGuardiansOfPupils(db: Executor, pupilIds: readonly string[]) {
  if (pupilIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('guardianships as g')
    .innerJoin('people as p', 'p.id', 'g.guardian_id')
    .select([
      'g.id as guardianship_id',
      'g.pupil_id',
      'g.responsibility',
      'g.lives_with',
      'g.receives_mail',
      'g.may_collect',
      'g.court_restricted',
      'p.id',
      'p.login',
      'p.first_name',
      'p.last_name',
      'p.disabled_at',
      'p.password_hash',
      'p.activation_code_hash',
      'p.activation_expires_at',
      'p.locale',
      'p.postal_address',
    ])
    .where('g.pupil_id', 'in', [...pupilIds])
    .orderBy('g.responsibility')
    .orderBy('p.last_name')
    .execute();
}

/**
 * Among `ids`, the people whose account holds more than a family role somewhere (a teacher or staff
 * profile in any school, or deployment administration): a family letter must not reset their access.
 */
export async function findIdsWithNonFamilyRoles(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('people as p')
    .select('p.id')
    .where('p.id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb('p.is_deployment_admin', '=', 1),
        eb.exists(
          eb
            .selectFrom('profiles as pr')
            .select('pr.id')
            .whereRef('pr.person_id', '=', 'p.id')
            .where('pr.kind', 'in', ['teacher', 'staff']),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}
