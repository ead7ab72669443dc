import { type Actor, hasAnyFunction, type StaffFunction } from '../../lib/policy.ts';

/** Direction opens parent–teacher evenings and runs the scheduler. */
export const EVENING_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy'];

export const canOrganiseEvenings = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, EVENING_FUNCTIONS, schoolId);
