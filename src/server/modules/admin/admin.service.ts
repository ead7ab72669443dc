import type { Db, Executor, PeriodTable } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, type ProfileKind, type StaffFunction } from '../../lib/policy.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { newActivationCode, storeActivationCode } from '../directory/directory.service.ts';
import { canAdministerSchool, canSetOwnFunctions } from './admin.policy.ts';
import * as repo from './admin.repo.ts';
import type {
  AdminPerson,
  ClassCreateInput,
  ClassUpdateInput,
  GroupCreateInput,
  GroupUpdateInput,
  GuardianshipCreateInput,
  GuardianshipUpdateInput,
  PeriodCreateInput,
  PeriodUpdateInput,
  PersonCreateInput,
  PersonUpdateInput,
  SiteCreateInput,
  SiteUpdateInput,
} from './admin.schema.ts';

const flag = (b: boolean) => (b ? 1 : 0);
const bool = (n: number) => n === 1;

/** Refuses unless the actor administers the school: NOT_FOUND from outside the school, FORBIDDEN inside. */
export async function assertSchoolAdmin(db: Executor, actor: Actor, schoolId: string) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canAdministerSchool(actor, schoolId));
  // Deployment administrators belong to every school id: make sure this one exists.
  if (actor.isDeploymentAdmin && !(await directoryRepo.getSchool(db, schoolId))) {
    throw new AppError('NOT_FOUND', 'School not found');
  }
}

const invalid = (path: string, message: string, code = 'invalid') =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ path, message, code }] });

/** Unique-constraint violations on both engines: a concurrent write won the race. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

async function withConflictAsAppError<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `${what} already exists`);
    throw err;
  }
}

/** The calendar day before `day` (YYYY-MM-DD). */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

async function requireCurrentYear(db: Executor, schoolId: string) {
  const year = await repo.findSchoolYearOn(db, schoolId, todayInParis());
  if (!year) throw new AppError('CONFLICT', 'No school year is in progress for this school');
  return year;
}

// ---- logins -------------------------------------------------------------------------------------------

function loginPart(s: string): string {
  return s
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’\s_]+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** 'Zoé', "N'Diaye-Lefèvre" → "zoe.n-diaye-lefevre": ASCII, lower case, first name dot last name. */
export function loginBase(firstName: string, lastName: string): string {
  const base = [loginPart(firstName), loginPart(lastName)].filter(Boolean).join('.');
  return (base || 'utilisateur').slice(0, 60);
}

/** The first free login among base, base2, base3... */
export function pickLogin(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}

// ---- people -------------------------------------------------------------------------------------------

async function presentPerson(db: Executor, schoolId: string, personId: string): Promise<AdminPerson> {
  const [person, profiles, functions, klass] = await Promise.all([
    repo.getPerson(db, personId),
    directoryRepo.findProfilesInSchool(db, personId, schoolId),
    directoryRepo.findFunctionsInSchool(db, personId, schoolId),
    repo.findCurrentClassOfPupil(db, personId, schoolId, todayInParis()),
  ]);
  if (!person || profiles.length === 0) throw new AppError('NOT_FOUND', 'Person not found');
  return {
    id: person.id,
    login: person.login,
    firstName: person.first_name,
    lastName: person.last_name,
    birthDate: person.birth_date,
    email: person.email,
    profiles: profiles.map((p) => p.kind),
    functions: functions.map((f) => f.function as StaffFunction),
    class: klass ? { id: klass.id, code: klass.code, label: klass.label, level: klass.level } : null,
    activated: person.password_hash !== null,
    disabled: person.disabled_at !== null,
  };
}

async function assertClassOfCurrentYear(db: Executor, schoolId: string, classId: string, path: string) {
  const year = await requireCurrentYear(db, schoolId);
  const k = await repo.getClass(db, schoolId, classId);
  if (!k || k.school_year_id !== year.id) throw invalid(path, 'Unknown class for this school year', 'unknown');
  return k;
}

async function assertAllHaveProfile(
  db: Executor,
  schoolId: string,
  kind: ProfileKind,
  ids: readonly string[],
  path: string,
) {
  if (new Set(ids).size !== ids.length) throw invalid(path, 'The same person is listed twice', 'duplicate');
  const found = await repo.findIdsWithProfile(db, schoolId, kind, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError('VALIDATION_FAILED', `Unknown ${kind} for this school`, {
      fields: [{ path, message: `Unknown ${kind} for this school`, code: 'unknown' }],
      missing,
    });
  }
}

/** Creates an account with its profile in the school, and returns it with a first activation code. */
export async function createPerson(db: Db, actor: Actor, schoolId: string, input: PersonCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  if (input.profile === 'pupil') {
    if (input.classId) await assertClassOfCurrentYear(db, schoolId, input.classId, 'classId');
    await assertAllHaveProfile(
      db,
      schoolId,
      'guardian',
      input.guardians.map((g) => g.guardianId),
      'guardians',
    );
  }
  if (input.profile === 'guardian') {
    await assertAllHaveProfile(
      db,
      schoolId,
      'pupil',
      input.children.map((c) => c.pupilId),
      'children',
    );
  }
  const base = loginBase(input.firstName, input.lastName);
  const day = todayInParis();
  const fresh = newActivationCode();

  // Two administrators may create a homonym at the same moment: the unique login then fails; try again.
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await db.transaction().execute(async (trx) => {
        const login = pickLogin(base, await repo.findLoginsStartingWith(trx, base));
        const id = newId();
        await repo.insertPerson(trx, {
          id,
          login,
          first_name: input.firstName,
          last_name: input.lastName,
          birth_date: input.birthDate ?? null,
          email: input.email ?? null,
          password_hash: null,
          activation_code_hash: null,
          activation_expires_at: null,
          locale: 'fr',
          is_deployment_admin: 0,
          disabled_at: null,
          external_id: null,
          created_at: nowIso(),
        });
        await repo.insertProfile(trx, { id: newId(), person_id: id, school_id: schoolId, kind: input.profile });
        if (input.profile === 'staff') {
          const fns = [...new Set(input.functions)];
          await repo.replaceFunctions(
            trx,
            id,
            schoolId,
            fns.map((fn) => ({ id: newId(), function: fn })),
          );
        }
        if (input.profile === 'pupil') {
          if (input.classId) {
            await repo.insertClassMembership(trx, {
              id: newId(),
              pupil_id: id,
              class_id: input.classId,
              starts_on: day,
            });
          }
          await repo.insertGuardianships(
            trx,
            input.guardians.map((g) => ({ id: newId(), guardian_id: g.guardianId, pupil_id: id, ...linkRow(g) })),
          );
        }
        if (input.profile === 'guardian') {
          await repo.insertGuardianships(
            trx,
            input.children.map((c) => ({ id: newId(), guardian_id: id, pupil_id: c.pupilId, ...linkRow(c) })),
          );
        }
        await storeActivationCode(trx, { id, login }, fresh);
        return { id, login };
      });
      return {
        person: await presentPerson(db, schoolId, created.id),
        activation: { login: created.login, code: fresh.code, expiresAt: fresh.expiresAt },
      };
    } catch (err) {
      if (attempt < 3 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

function linkRow(l: {
  responsibility: 'legal1' | 'legal2' | 'contact';
  livesWith: boolean;
  receivesMail: boolean;
  mayCollect: boolean;
  courtRestricted: boolean;
}) {
  return {
    responsibility: l.responsibility,
    lives_with: flag(l.livesWith),
    receives_mail: flag(l.receivesMail),
    may_collect: flag(l.mayCollect),
    court_restricted: flag(l.courtRestricted),
  };
}

/**
 * Moves a pupil to `classId` from `day` (null: out of any class). The running membership ends the day
 * before, so that the history says where the pupil was each day; one that starts today or later is a
 * correction and is removed.
 */
async function moveToClass(trx: Executor, schoolId: string, pupilId: string, classId: string | null, day: string) {
  const open = await repo.findOpenClassMemberships(trx, pupilId, schoolId, day);
  const kept = classId ? open.find((m) => m.class_id === classId && m.starts_on <= day) : undefined;
  for (const m of open) {
    if (m === kept) continue;
    if (m.starts_on >= day) await repo.deleteClassMembership(trx, m.id);
    else await repo.endClassMembership(trx, m.id, dayBefore(day));
  }
  if (classId && !kept) {
    await repo.insertClassMembership(trx, { id: newId(), pupil_id: pupilId, class_id: classId, starts_on: day });
  }
}

export async function updatePerson(db: Db, actor: Actor, schoolId: string, personId: string, input: PersonUpdateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const profiles = (await directoryRepo.findProfilesInSchool(db, personId, schoolId)).map((p) => p.kind);
  if (profiles.length === 0) throw new AppError('NOT_FOUND', 'Person not found');
  if (input.functions !== undefined) {
    if (!profiles.includes('staff')) throw invalid('functions', 'Only staff have functions');
    if (personId === actor.personId && !canSetOwnFunctions(actor, schoolId, input.functions)) {
      throw new AppError('CONFLICT', 'You cannot remove your own administration of this school');
    }
  }
  if (input.classId !== undefined) {
    if (!profiles.includes('pupil')) throw invalid('classId', 'Only pupils belong to a class');
    if (input.classId !== null) await assertClassOfCurrentYear(db, schoolId, input.classId, 'classId');
  }
  await db.transaction().execute(async (trx) => {
    await repo.updatePerson(trx, personId, {
      ...(input.firstName !== undefined ? { first_name: input.firstName } : {}),
      ...(input.lastName !== undefined ? { last_name: input.lastName } : {}),
      ...(input.birthDate !== undefined ? { birth_date: input.birthDate } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
    });
    if (input.functions !== undefined) {
      await repo.replaceFunctions(
        trx,
        personId,
        schoolId,
        [...new Set(input.functions)].map((fn) => ({ id: newId(), function: fn })),
      );
    }
    if (input.classId !== undefined) await moveToClass(trx, schoolId, personId, input.classId, todayInParis());
  });
  return presentPerson(db, schoolId, personId);
}

// ---- guardianships ------------------------------------------------------------------------------------

function presentGuardianship(g: {
  id: string;
  guardian_id: string;
  pupil_id: string;
  responsibility: 'legal1' | 'legal2' | 'contact';
  lives_with: number;
  receives_mail: number;
  may_collect: number;
  court_restricted: number;
}) {
  return {
    id: g.id,
    guardianId: g.guardian_id,
    pupilId: g.pupil_id,
    responsibility: g.responsibility,
    livesWith: bool(g.lives_with),
    receivesMail: bool(g.receives_mail),
    mayCollect: bool(g.may_collect),
    courtRestricted: bool(g.court_restricted),
  };
}

export async function createGuardianship(db: Db, actor: Actor, schoolId: string, input: GuardianshipCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const [guardians, pupils] = await Promise.all([
    repo.findIdsWithProfile(db, schoolId, 'guardian', [input.guardianId]),
    repo.findIdsWithProfile(db, schoolId, 'pupil', [input.pupilId]),
  ]);
  if (!guardians.has(input.guardianId) || !pupils.has(input.pupilId)) {
    throw new AppError('NOT_FOUND', 'Person not found');
  }
  if (await repo.findGuardianship(db, input.guardianId, input.pupilId)) {
    throw new AppError('CONFLICT', 'This guardian is already linked to this pupil');
  }
  const row = { id: newId(), guardian_id: input.guardianId, pupil_id: input.pupilId, ...linkRow(input) };
  await withConflictAsAppError('This link', () => repo.insertGuardianships(db, [row]));
  return presentGuardianship(row);
}

export async function updateGuardianship(
  db: Db,
  actor: Actor,
  schoolId: string,
  id: string,
  input: GuardianshipUpdateInput,
) {
  await assertSchoolAdmin(db, actor, schoolId);
  const g = await repo.getGuardianshipInSchool(db, schoolId, id);
  if (!g) throw new AppError('NOT_FOUND', 'Guardianship not found');
  const set = {
    ...(input.responsibility !== undefined ? { responsibility: input.responsibility } : {}),
    ...(input.livesWith !== undefined ? { lives_with: flag(input.livesWith) } : {}),
    ...(input.receivesMail !== undefined ? { receives_mail: flag(input.receivesMail) } : {}),
    ...(input.mayCollect !== undefined ? { may_collect: flag(input.mayCollect) } : {}),
    ...(input.courtRestricted !== undefined ? { court_restricted: flag(input.courtRestricted) } : {}),
  };
  await repo.updateGuardianship(db, id, set);
  return presentGuardianship({ ...g, ...set });
}

export async function deleteGuardianship(db: Db, actor: Actor, schoolId: string, id: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  const g = await repo.getGuardianshipInSchool(db, schoolId, id);
  if (!g) throw new AppError('NOT_FOUND', 'Guardianship not found');
  await repo.deleteGuardianship(db, id);
}

// ---- sites --------------------------------------------------------------------------------------------

function parseRanges(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const presentSite = (s: { id: string; name: string; address: string; network_ranges: string }) => ({
  id: s.id,
  name: s.name,
  address: s.address,
  networkRanges: parseRanges(s.network_ranges),
});

export async function listSites(db: Db, actor: Actor, schoolId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  return { items: (await repo.findSites(db, schoolId)).map(presentSite) };
}

export async function createSite(db: Db, actor: Actor, schoolId: string, input: SiteCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const row = {
    id: newId(),
    school_id: schoolId,
    name: input.name,
    address: input.address,
    network_ranges: JSON.stringify([...new Set(input.networkRanges)]),
  };
  await repo.insertSite(db, row);
  return presentSite(row);
}

export async function updateSite(db: Db, actor: Actor, schoolId: string, siteId: string, input: SiteUpdateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const site = await repo.getSite(db, schoolId, siteId);
  if (!site) throw new AppError('NOT_FOUND', 'Site not found');
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.address !== undefined ? { address: input.address } : {}),
    ...(input.networkRanges !== undefined ? { network_ranges: JSON.stringify([...new Set(input.networkRanges)]) } : {}),
  };
  await repo.updateSite(db, siteId, set);
  return presentSite({ ...site, ...set });
}

// ---- classes ------------------------------------------------------------------------------------------

type Level = '6e' | '5e' | '4e' | '3e';
const presentClass = (c: {
  id: string;
  code: string;
  label: string;
  level: string;
  site_id: string | null;
  pupil_count?: number | null;
}) => ({
  id: c.id,
  code: c.code,
  label: c.label,
  level: c.level as Level,
  siteId: c.site_id,
  pupilCount: Number(c.pupil_count ?? 0),
});

async function assertSiteOfSchool(db: Executor, schoolId: string, siteId: string | null | undefined) {
  if (siteId && !(await repo.getSite(db, schoolId, siteId))) throw invalid('siteId', 'Unknown site', 'unknown');
}

export async function listClasses(db: Db, actor: Actor, schoolId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  return { items: (await repo.findClassesOfYear(db, year.id, todayInParis())).map(presentClass) };
}

export async function createClass(db: Db, actor: Actor, schoolId: string, input: ClassCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  await assertSiteOfSchool(db, schoolId, input.siteId);
  if (await repo.findClassByCode(db, year.id, input.code)) {
    throw new AppError('CONFLICT', `A class ${input.code} already exists this year`);
  }
  const row = {
    id: newId(),
    school_id: schoolId,
    school_year_id: year.id,
    site_id: input.siteId,
    code: input.code,
    label: input.label,
    level: input.level,
  };
  await withConflictAsAppError('This class', () => repo.insertClass(db, row));
  return presentClass(row);
}

export async function updateClass(db: Db, actor: Actor, schoolId: string, classId: string, input: ClassUpdateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const k = await repo.getClass(db, schoolId, classId);
  if (!k) throw new AppError('NOT_FOUND', 'Class not found');
  await assertSiteOfSchool(db, schoolId, input.siteId);
  if (input.code !== undefined && input.code !== k.code) {
    if (await repo.findClassByCode(db, k.school_year_id, input.code)) {
      throw new AppError('CONFLICT', `A class ${input.code} already exists this year`);
    }
  }
  const set = {
    ...(input.code !== undefined ? { code: input.code } : {}),
    ...(input.label !== undefined ? { label: input.label } : {}),
    ...(input.level !== undefined ? { level: input.level } : {}),
    ...(input.siteId !== undefined ? { site_id: input.siteId } : {}),
  };
  await withConflictAsAppError('This class', () => repo.updateClass(db, classId, set));
  const [row] = (await repo.findClassesOfYear(db, k.school_year_id, todayInParis())).filter((c) => c.id === classId);
  return presentClass(row ?? { ...k, ...set });
}

// ---- groups -------------------------------------------------------------------------------------------

type GroupKind = 'language' | 'option' | 'cham' | 'chas' | 'ulis' | 'other';
const presentGroup = (g: { id: string; code: string; label: string; kind: string; member_count?: number | null }) => ({
  id: g.id,
  code: g.code,
  label: g.label,
  kind: g.kind as GroupKind,
  memberCount: Number(g.member_count ?? 0),
});

export async function listGroups(db: Db, actor: Actor, schoolId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  return { items: (await repo.findGroupsOfYear(db, year.id, todayInParis())).map(presentGroup) };
}

export async function createGroup(db: Db, actor: Actor, schoolId: string, input: GroupCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  if (await repo.findGroupByCode(db, year.id, input.code)) {
    throw new AppError('CONFLICT', `A group ${input.code} already exists this year`);
  }
  const row = { id: newId(), school_id: schoolId, school_year_id: year.id, ...input };
  await withConflictAsAppError('This group', () => repo.insertGroup(db, row));
  return presentGroup(row);
}

async function requireGroup(db: Executor, schoolId: string, groupId: string) {
  const g = await repo.getGroup(db, schoolId, groupId);
  if (!g) throw new AppError('NOT_FOUND', 'Group not found');
  return g;
}

export async function updateGroup(db: Db, actor: Actor, schoolId: string, groupId: string, input: GroupUpdateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const g = await requireGroup(db, schoolId, groupId);
  if (input.code !== undefined && input.code !== g.code) {
    if (await repo.findGroupByCode(db, g.school_year_id, input.code)) {
      throw new AppError('CONFLICT', `A group ${input.code} already exists this year`);
    }
  }
  await withConflictAsAppError('This group', () => repo.updateGroup(db, groupId, input));
  const members = await repo.findActiveGroupMembers(db, groupId, todayInParis());
  return presentGroup({ ...g, ...input, member_count: members.length });
}

export async function listGroupMembers(db: Db, actor: Actor, schoolId: string, groupId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  await requireGroup(db, schoolId, groupId);
  const rows = await repo.findActiveGroupMembers(db, groupId, todayInParis());
  return {
    items: rows.map((r) => ({
      pupilId: r.pupil_id,
      firstName: r.first_name,
      lastName: r.last_name,
      since: r.starts_on,
    })),
  };
}

/** Adds pupils to a group from today; pupils already in it are left as they are. */
export async function addGroupMembers(db: Db, actor: Actor, schoolId: string, groupId: string, pupilIds: string[]) {
  await assertSchoolAdmin(db, actor, schoolId);
  await requireGroup(db, schoolId, groupId);
  await assertAllHaveProfile(db, schoolId, 'pupil', pupilIds, 'pupilIds');
  const day = todayInParis();
  await db.transaction().execute(async (trx) => {
    const already = new Set((await repo.findOpenGroupMemberships(trx, groupId, pupilIds, day)).map((m) => m.pupil_id));
    await repo.insertGroupMemberships(
      trx,
      pupilIds
        .filter((id) => !already.has(id))
        .map((id) => ({ id: newId(), pupil_id: id, group_id: groupId, starts_on: day })),
    );
  });
  return listGroupMembers(db, actor, schoolId, groupId);
}

/** Takes a pupil out of a group: the membership ends yesterday (or is removed if it started today). */
export async function removeGroupMember(db: Db, actor: Actor, schoolId: string, groupId: string, pupilId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  await requireGroup(db, schoolId, groupId);
  const day = todayInParis();
  const open = await repo.findOpenGroupMemberships(db, groupId, [pupilId], day);
  if (open.length === 0) throw new AppError('NOT_FOUND', 'This pupil is not in this group');
  await db.transaction().execute(async (trx) => {
    for (const m of open) {
      if (m.starts_on >= day) await repo.deleteGroupMembership(trx, m.id);
      else await repo.endGroupMembership(trx, m.id, dayBefore(day));
    }
  });
}

// ---- periods ------------------------------------------------------------------------------------------

export const defaultPeriodLabel = (kind: 'trimestre' | 'semestre', n: number) => `${n === 1 ? '1er' : `${n}e`} ${kind}`;

const presentPeriod = (p: PeriodTable) => ({
  id: p.id,
  kind: p.kind,
  number: p.number,
  label: p.label,
  startsOn: p.starts_on,
  endsOn: p.ends_on,
});

/**
 * The rules of a year's periods: inside the year, one kind per year (trimestres or semestres), numbers
 * unique, no overlap. `others` are the year's other periods.
 */
export function checkPeriod(
  year: { starts_on: string; ends_on: string },
  p: Pick<PeriodTable, 'kind' | 'number' | 'starts_on' | 'ends_on'>,
  others: ReadonlyArray<Pick<PeriodTable, 'id' | 'kind' | 'number' | 'starts_on' | 'ends_on'>>,
): AppError | null {
  if (p.starts_on > p.ends_on) return invalid('endsOn', 'The period ends before it starts');
  if (p.kind === 'semestre' && p.number > 2) return invalid('number', 'A year has two semestres');
  if (p.starts_on < year.starts_on || p.ends_on > year.ends_on) {
    return new AppError('VALIDATION_FAILED', 'The period is outside the school year', {
      fields: [{ path: 'startsOn', message: 'outside the school year', code: 'out_of_range' }],
      schoolYear: { startsOn: year.starts_on, endsOn: year.ends_on },
    });
  }
  const otherKind = others.find((o) => o.kind !== p.kind);
  if (otherKind) return new AppError('CONFLICT', `This school year is divided into ${otherKind.kind}s`);
  const sameNumber = others.find((o) => o.number === p.number);
  if (sameNumber) return new AppError('CONFLICT', `Period ${p.number} already exists`, { periodId: sameNumber.id });
  const overlap = others.find((o) => o.starts_on <= p.ends_on && p.starts_on <= o.ends_on);
  if (overlap) {
    return new AppError('CONFLICT', 'The period overlaps another one', {
      periodId: overlap.id,
      startsOn: overlap.starts_on,
      endsOn: overlap.ends_on,
    });
  }
  return null;
}

export async function listPeriods(db: Db, actor: Actor, schoolId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  return {
    schoolYear: { id: year.id, label: year.label, startsOn: year.starts_on, endsOn: year.ends_on },
    items: (await repo.findPeriodsOfYear(db, year.id)).map(presentPeriod),
  };
}

export async function createPeriod(db: Db, actor: Actor, schoolId: string, input: PeriodCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  const row: PeriodTable = {
    id: newId(),
    school_id: schoolId,
    school_year_id: year.id,
    kind: input.kind,
    number: input.number,
    label: input.label ?? defaultPeriodLabel(input.kind, input.number),
    starts_on: input.startsOn,
    ends_on: input.endsOn,
  };
  // Checked and written in one transaction: two administrators cannot both slip an overlapping period in.
  await db.transaction().execute(async (trx) => {
    const problem = checkPeriod(year, row, await repo.findPeriodsOfYear(trx, year.id));
    if (problem) throw problem;
    await withConflictAsAppError('This period', () => repo.insertPeriod(trx, row));
  });
  return presentPeriod(row);
}

export async function updatePeriod(db: Db, actor: Actor, schoolId: string, periodId: string, input: PeriodUpdateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const p = await repo.getPeriod(db, schoolId, periodId);
  if (!p) throw new AppError('NOT_FOUND', 'Period not found');
  const year = await repo.getSchoolYear(db, p.school_year_id);
  const next: PeriodTable = {
    ...p,
    number: input.number ?? p.number,
    label: input.label ?? (input.number !== undefined ? defaultPeriodLabel(p.kind, input.number) : p.label),
    starts_on: input.startsOn ?? p.starts_on,
    ends_on: input.endsOn ?? p.ends_on,
  };
  await db.transaction().execute(async (trx) => {
    const others = (await repo.findPeriodsOfYear(trx, p.school_year_id)).filter((o) => o.id !== p.id);
    const problem = checkPeriod(year, next, others);
    if (problem) throw problem;
    await withConflictAsAppError('This period', () =>
      repo.updatePeriod(trx, periodId, {
        number: next.number,
        label: next.label,
        starts_on: next.starts_on,
        ends_on: next.ends_on,
      }),
    );
  });
  return presentPeriod(next);
}
