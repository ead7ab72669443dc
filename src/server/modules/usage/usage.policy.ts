import { type Actor, canResetFamilyAccess, hasAnyFunction, hasProfile, type StaffFunction } from '../../lib/policy.ts';

/** Direction and the school's ENT administrator read the school's usage indicators. */
const SCHOOL_USAGE_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy', 'school_admin'];

export const canReadSchoolUsage = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasAnyFunction(actor, SCHOOL_USAGE_FUNCTIONS, schoolId);

/** The names of people who never activated their account: those who may hand them a new letter. */
export const canListInactive = (actor: Actor, schoolId: string): boolean =>
  canReadSchoolUsage(actor, schoolId) && canResetFamilyAccess(actor, schoolId);

/** Every school side by side: the département's administrators. */
export const canReadDepartmentUsage = (actor: Actor): boolean => actor.isDeploymentAdmin;

/** A teacher reads how their own classes use what they set: homework ticked, report cards read. */
export const canReadTeacherUsage = (actor: Actor, schoolId: string): boolean => hasProfile(actor, schoolId, 'teacher');
