import {
  type Actor,
  belongsToSchool,
  hasAnyFunction,
  isSchoolAdmin,
  type ProfileKind,
  type StaffFunction,
} from '../../lib/policy.ts';

/**
 * Directory administration is for the school's administrators (function `school_admin`) and deployment
 * administrators. Someone outside the school must not learn it exists: the caller answers NOT_FOUND then.
 */
export const canAdministerSchool = (actor: Actor, schoolId: string): boolean =>
  belongsToSchool(actor, schoolId) && isSchoolAdmin(actor, schoolId);

/** An administrator may not take away their own administration of the school (nobody could give it back). */
export const canSetOwnFunctions = (actor: Actor, schoolId: string, functions: readonly string[]): boolean =>
  actor.isDeploymentAdmin || functions.includes('school_admin') || !isSchoolAdmin(actor, schoolId);

/**
 * Functions that open pupils' sensitive data (grades, absences, report cards, health and social files, the logs of
 * who read them) or the school's direction: granted or withdrawn only by direction or a deployment administrator, and recorded.
 * `school_admin`, `secretariat`, `accueil`, `documentaliste` stay the administrator's to give.
 */
export const SENSITIVE_FUNCTIONS: readonly StaffFunction[] = [
  'principal',
  'deputy',
  'cpe',
  'assistant_education',
  'psyen',
  'assistante_sociale',
  'infirmiere',
  'dpo',
];

/** Direction: who grants sensitive functions in the school. */
export const DIRECTION_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy'];

export const isSensitiveFunction = (fn: StaffFunction): boolean => SENSITIVE_FUNCTIONS.includes(fn);

export const canGrantSensitiveFunctions = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasAnyFunction(actor, DIRECTION_FUNCTIONS, schoolId);

/**
 * A person's name, birth date and e-mail belong to the whole account, in every school: a school administrator
 * edits them only for people whose every role is in schools they administer; a deployment administrator's only
 * another deployment administrator.
 */
export function canEditIdentityOf(
  actor: Actor,
  target: { isDeploymentAdmin: boolean; profiles: ReadonlyArray<{ schoolId: string; kind: ProfileKind }> },
): boolean {
  if (actor.isDeploymentAdmin) return true;
  if (target.isDeploymentAdmin) return false;
  return target.profiles.every((p) => isSchoolAdmin(actor, p.schoolId));
}

/**
 * Resetting a person's two-step sign-in (a lost phone): the school's administrators for people of their school,
 * and deployment administrators. Never one's own (a stolen session must not take the second step away), and a
 * deployment administrator's only by another deployment administrator.
 */
export const canResetTwoStepOf = (
  actor: Actor,
  schoolId: string,
  target: { personId: string; isDeploymentAdmin: boolean },
): boolean =>
  canAdministerSchool(actor, schoolId) &&
  target.personId !== actor.personId &&
  (!target.isDeploymentAdmin || actor.isDeploymentAdmin);
