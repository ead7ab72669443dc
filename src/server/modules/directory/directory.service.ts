import type { Db, Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { activationCode, normaliseActivationCode, nowIso, sha256 } from '../../lib/ids.ts';
import {
  type Actor,
  assertCan,
  belongsToSchool,
  canReadPupilRecords,
  canResetFamilyAccess,
  canSearchDirectory,
  isSchoolAdmin,
  type ProfileKind,
  type StaffFunction,
} from '../../lib/policy.ts';
import { canManageAttendance } from '../attendance/attendance.policy.ts';
import * as authRepo from '../auth/auth.repo.ts';
import { canReadAllGrades } from '../grades/grades.policy.ts';
import { canDisable, canResetAccessOf, canViewPupil } from './directory.policy.ts';
import * as repo from './directory.repo.ts';

const ACTIVATION_VALID_DAYS = 60;

const bool = (n: number) => n === 1;

/** The school must exist and the actor belong to it; otherwise NOT_FOUND (no hint it exists). */
function assertInSchool(actor: Actor, schoolId: string) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
}

export async function searchPeople(
  db: Db,
  actor: Actor,
  schoolId: string,
  query: { q?: string | undefined; profile?: ProfileKind | undefined; limit: number; offset: number },
) {
  assertInSchool(actor, schoolId);
  assertCan(canSearchDirectory(actor, schoolId));
  const rows = await repo.findPeopleOfSchool(db, { schoolId, ...query });
  // Homonyms are told apart by a pupil's class and a staff member's functions, in two queries for the page.
  const pupilIds = rows.filter((r) => r.kind === 'pupil').map((r) => r.id);
  const staffIds = rows.filter((r) => r.kind === 'staff').map((r) => r.id);
  const [classes, functions] = await Promise.all([
    repo.findClassesOfPupils(db, pupilIds, todayInParis()),
    repo.findFunctionsOfPeople(db, staffIds, schoolId),
  ]);
  const classOf = new Map(classes.filter((c) => c.school_id === schoolId).map((c) => [c.pupil_id, c]));
  return {
    items: rows.map((r) => {
      const k = r.kind === 'pupil' ? classOf.get(r.id) : undefined;
      return {
        id: r.id,
        login: r.login,
        firstName: r.first_name,
        lastName: r.last_name,
        profile: r.kind,
        disabled: r.disabled_at !== null,
        class: k ? { id: k.class_id, code: k.code, label: k.label, level: k.level } : null,
        functions:
          r.kind === 'staff'
            ? functions.filter((f) => f.person_id === r.id).map((f) => f.function as StaffFunction)
            : [],
      };
    }),
  };
}

/** The person if they belong to `schoolId`, with their profiles there and their roles everywhere. */
export async function getPersonInSchool(db: Db, schoolId: string, personId: string) {
  const [person, roles] = await Promise.all([repo.findPersonSummary(db, personId), authRepo.findRoles(db, personId)]);
  const profiles = [...new Set(roles.profiles.filter((p) => p.schoolId === schoolId).map((p) => p.kind))];
  if (!person || profiles.length === 0) throw new AppError('NOT_FOUND', 'Person not found');
  const target = { isDeploymentAdmin: person.is_deployment_admin === 1, profiles: roles.profiles };
  return { person, profiles, target };
}

export async function getPersonDetail(db: Db, actor: Actor, schoolId: string, personId: string) {
  assertInSchool(actor, schoolId);
  // Every staff member who may search may open what they find (no link to a refusal): reception and the
  // health and social staff see the same record, which holds nothing they may not see (docs/security.md).
  assertCan(canSearchDirectory(actor, schoolId) || isSchoolAdmin(actor, schoolId));
  const { person, profiles, target } = await getPersonInSchool(db, schoolId, personId);
  const isPupil = profiles.includes('pupil');
  const day = todayInParis();
  const [functions, classes, guardians, wards] = await Promise.all([
    repo.findFunctionsInSchool(db, personId, schoolId),
    profiles.includes('pupil') ? repo.findClassesOfPupils(db, [personId], day) : Promise.resolve([]),
    profiles.includes('pupil') ? repo.findGuardiansOfPupil(db, personId) : Promise.resolve([]),
    profiles.includes('guardian') ? repo.findWardsOfGuardian(db, personId) : Promise.resolve([]),
  ]);
  const k = classes.find((c) => c.school_id === schoolId);
  return {
    id: person.id,
    login: person.login,
    firstName: person.first_name,
    lastName: person.last_name,
    disabled: person.disabled_at !== null,
    profiles,
    functions: functions.map((f) => f.function as StaffFunction),
    class: k ? { id: k.class_id, code: k.code, label: k.label, level: k.level } : null,
    site: k?.site_id ? { id: k.site_id, name: k.site_name ?? '' } : null,
    guardians: guardians.map(presentGuardianLink),
    children: wards.map((w) => ({
      id: w.id,
      firstName: w.first_name,
      lastName: w.last_name,
      responsibility: w.responsibility,
      courtRestricted: bool(w.court_restricted),
      schoolAccess: w.responsibility !== 'contact' || bool(w.school_access),
    })),
    abilities: {
      resetAccess: canResetFamilyAccess(actor, schoolId) && canResetAccessOf(actor, schoolId, target),
      disable: canDisable(actor, schoolId, target) && person.id !== actor.personId,
      // What the pupil's record links to: the same rules as the attendance and grades routes.
      attendance: isPupil && canManageAttendance(actor, schoolId),
      grades: isPupil && canReadAllGrades(actor, schoolId),
    },
  };
}

function presentGuardianLink(g: Awaited<ReturnType<typeof repo.findGuardiansOfPupil>>[number]) {
  return {
    id: g.id,
    firstName: g.first_name,
    lastName: g.last_name,
    responsibility: g.responsibility,
    livesWith: bool(g.lives_with),
    receivesMail: bool(g.receives_mail),
    mayCollect: bool(g.may_collect),
    courtRestricted: bool(g.court_restricted),
    email: g.email,
    schoolAccess: g.responsibility !== 'contact' || bool(g.school_access),
  };
}

export interface NewActivationCode {
  /** Shown once (on screen or on paper), never stored. */
  code: string;
  codeHash: string;
  expiresAt: string;
}

/** A fresh activation code and its hash, valid ACTIVATION_VALID_DAYS days; nothing is written yet. */
export function newActivationCode(now = Date.now()): NewActivationCode {
  const code = activationCode();
  return {
    code,
    codeHash: sha256(normaliseActivationCode(code)),
    expiresAt: new Date(now + ACTIVATION_VALID_DAYS * 86_400_000).toISOString(),
  };
}

/**
 * Stores a code made by newActivationCode (replacing any previous one) and lifts the account's sign-in
 * lock. Pass a transaction when issuing several codes at once (activation letters, account creation).
 */
export async function storeActivationCode(
  db: Executor,
  person: { id: string; login: string },
  fresh: Pick<NewActivationCode, 'codeHash' | 'expiresAt'>,
) {
  await repo.setActivationCode(db, person.id, fresh.codeHash, fresh.expiresAt);
  await authRepo.deleteThrottles(db, [`acct:${person.login}`]);
}

/** Disables or re-enables an account; disabling ends all its sessions at once. */
export async function setDisabled(db: Db, actor: Actor, schoolId: string, personId: string, disabled: boolean) {
  assertInSchool(actor, schoolId);
  assertCan(isSchoolAdmin(actor, schoolId));
  const { target } = await getPersonInSchool(db, schoolId, personId);
  if (personId === actor.personId) throw new AppError('CONFLICT', 'You cannot disable your own account');
  assertCan(canDisable(actor, schoolId, target));
  await db.transaction().execute(async (trx) => {
    await repo.setDisabled(trx, personId, disabled ? nowIso() : null);
    if (disabled) await authRepo.deleteSessionsOfPerson(trx, personId);
  });
}

export async function getPupil(db: Db, actor: Actor, pupilId: string) {
  const day = todayInParis();
  const [person, classes] = await Promise.all([
    repo.findPersonSummary(db, pupilId),
    repo.findClassesOfPupils(db, [pupilId], day),
  ]);
  const school = await repo.findSchoolOfPupil(db, pupilId);
  if (!person || !school) throw new AppError('NOT_FOUND', 'Pupil not found');
  assertCan(await canViewPupil(db, actor, pupilId, school.id), { hide: true, what: 'Pupil' });
  const k = classes[0];
  const guardians = canReadPupilRecords(actor, school.id) ? await repo.findGuardiansOfPupil(db, pupilId) : [];
  return {
    id: person.id,
    firstName: person.first_name,
    lastName: person.last_name,
    school: { id: school.id, name: school.name },
    class: k ? { id: k.class_id, code: k.code, label: k.label, level: k.level } : null,
    site: k?.site_id ? { id: k.site_id, name: k.site_name ?? '' } : null,
    guardians: guardians.map(presentGuardianLink),
  };
}

export async function listClasses(db: Db, actor: Actor, schoolId: string) {
  assertInSchool(actor, schoolId);
  assertCan(
    canSearchDirectory(actor, schoolId) || actor.profiles.some((p) => p.schoolId === schoolId && p.kind === 'teacher'),
  );
  const rows = await repo.findClassesOfSchool(db, schoolId, todayInParis());
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    label: r.label,
    level: r.level,
    site: r.site_id ? { id: r.site_id, name: r.site_name ?? '' } : null,
    pupilCount: Number(r.pupil_count ?? 0),
  }));
}
