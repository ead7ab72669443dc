import { type Actor, belongsToSchool, isSchoolAdmin } from '../../lib/policy.ts';

/**
 * Directory administration is for the school's administrators (function `school_admin`) and deployment
 * administrators. Someone outside the school must not learn it exists: the caller answers NOT_FOUND then.
 */
export const canAdministerSchool = (actor: Actor, schoolId: string): boolean =>
  belongsToSchool(actor, schoolId) && isSchoolAdmin(actor, schoolId);

/** An administrator may not take away their own administration of the school (nobody could give it back). */
export const canSetOwnFunctions = (actor: Actor, schoolId: string, functions: readonly string[]): boolean =>
  actor.isDeploymentAdmin || functions.includes('school_admin') || !isSchoolAdmin(actor, schoolId);
