import { type Actor, hasAnyFunction, isSchoolAdmin } from '../../lib/policy.ts';

/** Who sees the school's refused addresses and clears them once corrected: those who keep the directory. */
export const canManageMailBounces = (actor: Actor, schoolId: string): boolean =>
  isSchoolAdmin(actor, schoolId) || hasAnyFunction(actor, ['principal', 'secretariat'], schoolId);
