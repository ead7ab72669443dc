import { type Actor, hasAnyFunction, hasProfile, type StaffFunction } from '../../lib/policy.ts';

/** Who validates bookings of resources that need it and manages the resources: direction. */
export const RESOURCE_MANAGER_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy'];

/** Teachers and staff of the school book resources; families and pupils do not. */
export const canBookResources = (actor: Actor, schoolId: string): boolean =>
  hasProfile(actor, schoolId, 'teacher') || hasProfile(actor, schoolId, 'staff');

export const canManageResources = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, RESOURCE_MANAGER_FUNCTIONS, schoolId);

/** The booker cancels their own booking; a manager any booking of the school. */
export const canCancelBooking = (actor: Actor, b: { school_id: string; booked_by: string }): boolean =>
  b.booked_by === actor.personId || canManageResources(actor, b.school_id);
