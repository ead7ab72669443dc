import type { Db, Executor } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, type ProfileKind, type StaffFunction } from '../../lib/policy.ts';
import * as authRepo from '../auth/auth.repo.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { newActivationCode, storeActivationCode } from '../directory/directory.service.ts';
import {
  canAdministerSchool,
  canEditIdentityOf,
  canGrantSensitiveFunctions,
  canResetTwoStepOf,
  canSetOwnFunctions,
  isSensitiveFunction,
} from './admin.policy.ts';
import * as repo from './admin.repo.ts';
import type {
  AdminPerson,
  GuardianshipCreateInput,
  GuardianshipUpdateInput,
  PersonCreateInput,
  PersonUpdateInput,
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

export const invalid = (path: string, message: string, code = 'invalid') =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ path, message, code }] });

/** Unique-constraint violations on both engines: a concurrent write won the race. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export async function withConflictAsAppError<T>(what: string, run: () => Promise<T>): Promise<T> {
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

export async function requireCurrentYear(db: Executor, schoolId: string) {
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
    phone: person.phone,
    postalAddress: person.postal_address,
    locale: person.locale,
    profiles: profiles.map((p) => p.kind),
    functions: functions.map((f) => f.function as StaffFunction),
    class: klass ? { id: klass.id, code: klass.code, label: klass.label, level: klass.level } : null,
    activated: person.password_hash !== null,
    codePending:
      person.password_hash === null &&
      person.activation_code_hash !== null &&
      Date.parse(person.activation_expires_at ?? '') > Date.now(),
    disabled: person.disabled_at !== null,
  };
}

/** A person of the school with their contact details and family links, for the administration. */
export async function getAdminPerson(db: Db, actor: Actor, schoolId: string, personId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  const person = await presentPerson(db, schoolId, personId);
  const [rows, totp, account] = await Promise.all([
    repo.findLinksOfPerson(db, personId),
    authRepo.findTotp(db, personId),
    repo.getPerson(db, personId),
  ]);
  const twoStep = {
    enabled: Boolean(totp?.confirmed_at),
    canReset:
      totp !== undefined &&
      canResetTwoStepOf(actor, schoolId, { personId, isDeploymentAdmin: account?.is_deployment_admin === 1 }),
  };
  // Only links to people of this school: a guardian's child in another school is not this school's business.
  const other = [...new Set(rows.flatMap((r) => [r.pupil_id, r.guardian_id]))];
  const [pupils, guardians] = await Promise.all([
    repo.findIdsWithProfile(db, schoolId, 'pupil', other),
    repo.findIdsWithProfile(db, schoolId, 'guardian', other),
  ]);
  const links = rows
    .filter((r) => pupils.has(r.pupil_id) && guardians.has(r.guardian_id))
    .map((r) => ({
      ...presentGuardianship(r),
      guardian: { id: r.guardian_id, firstName: r.guardian_first_name, lastName: r.guardian_last_name },
      pupil: { id: r.pupil_id, firstName: r.pupil_first_name, lastName: r.pupil_last_name },
    }));
  return { ...person, links, twoStep };
}

async function assertClassOfCurrentYear(db: Executor, schoolId: string, classId: string, path: string) {
  const year = await requireCurrentYear(db, schoolId);
  const k = await repo.getClass(db, schoolId, classId);
  if (!k || k.school_year_id !== year.id) throw invalid(path, 'Unknown class for this school year', 'unknown');
  return k;
}

export async function assertAllHaveProfile(
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

/**
 * Creates an account with its profile in the school. It has no activation code yet: the code is printed
 * in the person's activation letter, so that it is never shown on screen.
 */
export async function createPerson(db: Db, actor: Actor, schoolId: string, input: PersonCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  if (input.profile === 'staff' && input.functions.some(isSensitiveFunction)) {
    assertCan(canGrantSensitiveFunctions(actor, schoolId));
  }
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
          phone: input.phone ?? null,
          postal_address: input.postalAddress ?? null,
          password_hash: null,
          activation_code_hash: null,
          activation_expires_at: null,
          locale: input.locale ?? 'fr',
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
          await recordFunctionChanges(trx, actor, schoolId, id, { added: fns, removed: [] });
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
            input.guardians.map((g, i) => ({
              id: newId(),
              guardian_id: g.guardianId,
              pupil_id: id,
              ...linkRow(g, `guardians.${i}.schoolAccess`),
            })),
          );
        }
        if (input.profile === 'guardian') {
          await repo.insertGuardianships(
            trx,
            input.children.map((c, i) => ({
              id: newId(),
              guardian_id: id,
              pupil_id: c.pupilId,
              ...linkRow(c, `children.${i}.schoolAccess`),
            })),
          );
        }
        return { id, login };
      });
      return { person: await presentPerson(db, schoolId, created.id) };
    } catch (err) {
      if (attempt < 3 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

/**
 * The stored school access of a link: a legal guardian's is the law's (always, a court restriction aside), so
 * refusing it is an error; an "other contact" gets what the school decides, nothing by default.
 */
function schoolAccessOf(responsibility: 'legal1' | 'legal2' | 'contact', requested: boolean | undefined, path: string) {
  if (responsibility === 'contact') return flag(requested ?? false);
  if (requested === false) {
    throw invalid(path, 'A legal guardian follows the schooling unless a court restricts it', 'legal_guardian_access');
  }
  return 1;
}

function linkRow(
  l: {
    responsibility: 'legal1' | 'legal2' | 'contact';
    livesWith: boolean;
    receivesMail: boolean;
    mayCollect: boolean;
    courtRestricted: boolean;
    schoolAccess?: boolean | undefined;
  },
  path = 'schoolAccess',
) {
  return {
    responsibility: l.responsibility,
    lives_with: flag(l.livesWith),
    receives_mail: flag(l.receivesMail),
    may_collect: flag(l.mayCollect),
    court_restricted: flag(l.courtRestricted),
    school_access: schoolAccessOf(l.responsibility, l.schoolAccess, path),
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

/** Records every sensitive function granted or withdrawn (staff_function_grants), in the change's transaction. */
async function recordFunctionChanges(
  trx: Executor,
  actor: Actor,
  schoolId: string,
  personId: string,
  change: { added: readonly StaffFunction[]; removed: readonly StaffFunction[] },
) {
  const at = nowIso();
  const rows = [
    ...change.added.filter(isSensitiveFunction).map((fn) => ({ fn, change: 'granted' as const })),
    ...change.removed.filter(isSensitiveFunction).map((fn) => ({ fn, change: 'withdrawn' as const })),
  ].map((r) => ({
    id: newId(),
    school_id: schoolId,
    person_id: personId,
    function: r.fn,
    change: r.change,
    granted_by: actor.personId,
    created_at: at,
  }));
  await repo.insertFunctionGrants(trx, rows);
}

const IDENTITY_FIELDS = ['firstName', 'lastName', 'birthDate', 'email'] as const;

export async function updatePerson(db: Db, actor: Actor, schoolId: string, personId: string, input: PersonUpdateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const profiles = (await directoryRepo.findProfilesInSchool(db, personId, schoolId)).map((p) => p.kind);
  if (profiles.length === 0) throw new AppError('NOT_FOUND', 'Person not found');
  if (IDENTITY_FIELDS.some((f) => input[f] !== undefined)) {
    const [person, roles] = await Promise.all([repo.getPerson(db, personId), authRepo.findRoles(db, personId)]);
    const target = { isDeploymentAdmin: person?.is_deployment_admin === 1, profiles: roles.profiles };
    assertCan(canEditIdentityOf(actor, target));
  }
  let functionChange: { added: StaffFunction[]; removed: StaffFunction[] } | null = null;
  if (input.functions !== undefined) {
    if (!profiles.includes('staff')) throw invalid('functions', 'Only staff have functions');
    if (personId === actor.personId && !canSetOwnFunctions(actor, schoolId, input.functions)) {
      throw new AppError('CONFLICT', 'You cannot remove your own administration of this school');
    }
    const current = (await directoryRepo.findFunctionsInSchool(db, personId, schoolId)).map(
      (f) => f.function as StaffFunction,
    );
    const next = [...new Set(input.functions)];
    functionChange = {
      added: next.filter((fn) => !current.includes(fn)),
      removed: current.filter((fn) => !next.includes(fn)),
    };
    // Nobody raises their own rights, whoever they are: another person grants them.
    assertCan(personId !== actor.personId || functionChange.added.length === 0);
    const sensitive = [...functionChange.added, ...functionChange.removed].some(isSensitiveFunction);
    assertCan(!sensitive || canGrantSensitiveFunctions(actor, schoolId));
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
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(input.postalAddress !== undefined ? { postal_address: input.postalAddress } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
    });
    if (input.functions !== undefined) {
      await repo.replaceFunctions(
        trx,
        personId,
        schoolId,
        [...new Set(input.functions)].map((fn) => ({ id: newId(), function: fn })),
      );
      if (functionChange) await recordFunctionChanges(trx, actor, schoolId, personId, functionChange);
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
  school_access: number;
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
    schoolAccess: g.responsibility !== 'contact' || bool(g.school_access),
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
  await withConflictAsAppError('This link', () =>
    db.transaction().execute(async (trx) => {
      await repo.insertGuardianships(trx, [row]);
      await recordAudit(trx, {
        schoolId,
        actorPersonId: actor.personId,
        action: 'guardianship.create',
        targetPersonId: input.pupilId,
        details: presentGuardianship(row),
      });
    }),
  );
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
  const responsibility = input.responsibility ?? g.responsibility;
  // A link that becomes "other contact" loses school access unless the school gives it in the same request.
  const accessChanges = input.schoolAccess !== undefined || input.responsibility !== undefined;
  const set = {
    ...(input.responsibility !== undefined ? { responsibility: input.responsibility } : {}),
    ...(input.livesWith !== undefined ? { lives_with: flag(input.livesWith) } : {}),
    ...(input.receivesMail !== undefined ? { receives_mail: flag(input.receivesMail) } : {}),
    ...(input.mayCollect !== undefined ? { may_collect: flag(input.mayCollect) } : {}),
    ...(input.courtRestricted !== undefined ? { court_restricted: flag(input.courtRestricted) } : {}),
    ...(accessChanges ? { school_access: schoolAccessOf(responsibility, input.schoolAccess, 'schoolAccess') } : {}),
  };
  await db.transaction().execute(async (trx) => {
    await repo.updateGuardianship(trx, id, set);
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'guardianship.update',
      targetPersonId: g.pupil_id,
      details: { id, guardianId: g.guardian_id, ...input },
    });
  });
  return presentGuardianship({ ...g, ...set });
}

export async function deleteGuardianship(db: Db, actor: Actor, schoolId: string, id: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  const g = await repo.getGuardianshipInSchool(db, schoolId, id);
  if (!g) throw new AppError('NOT_FOUND', 'Guardianship not found');
  await db.transaction().execute(async (trx) => {
    await repo.deleteGuardianship(trx, id);
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'guardianship.delete',
      targetPersonId: g.pupil_id,
      details: presentGuardianship(g),
    });
  });
}
