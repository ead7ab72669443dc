import { type Actor, hasAnyFunction, hasFunction, hasProfile, type StaffFunction } from '../../lib/policy.ts';
import type { PlanKind } from './support.schema.ts';

const DIRECTION: readonly StaffFunction[] = ['principal', 'deputy'];

/**
 * Who sets up each plan (docs/discipline.md, "Support plans"): the PAP and the PPRE by direction or the pupil's
 * professeur principal; the PPS (decided by the MDPH) by direction; the PAI by the school nurse, who alone keeps its
 * medical details.
 */
export function canManageKind(actor: Actor, schoolId: string, kind: PlanKind, rel: { isClassPrincipal: boolean }) {
  switch (kind) {
    case 'pap':
    case 'ppre':
      return (
        hasAnyFunction(actor, DIRECTION, schoolId) || (hasProfile(actor, schoolId, 'teacher') && rel.isClassPrincipal)
      );
    case 'pps':
      return hasAnyFunction(actor, DIRECTION, schoolId);
    case 'pai':
      return hasFunction(actor, 'infirmiere', schoolId);
  }
}

/** The kinds someone may create for some pupil (the professeur principal only for their class, checked per pupil). */
export function manageableKinds(actor: Actor, schoolId: string, isSomeClassPrincipal: boolean): PlanKind[] {
  return (['pap', 'pps', 'pai', 'ppre'] as const).filter((k) =>
    canManageKind(actor, schoolId, k, { isClassPrincipal: isSomeClassPrincipal }),
  );
}

/** Staff who see every plan's accommodations (not its details): direction, vie scolaire, the nurse. */
export const canSeeAllAccommodations = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, ['principal', 'deputy', 'cpe', 'assistant_education', 'infirmiere'], schoolId);

/**
 * A pupil's plans (accommodations; details only for the plan's managers): staff who see all accommodations, the
 * pupil's professeur principal, and the teachers who teach the pupil. The pupil's file applies the same rule.
 */
export const canSeePupilPlans = (
  actor: Actor,
  schoolId: string,
  rel: { isClassPrincipal: boolean; teachesPupil: boolean },
): boolean =>
  canSeeAllAccommodations(actor, schoolId) ||
  (hasProfile(actor, schoolId, 'teacher') && (rel.isClassPrincipal || rel.teachesPupil));

/**
 * The family's view of a child's plans (kind, dates, accommodations; never the confidential details): guardians
 * whose link opens school information (`isGuardian` comes from `isGuardianOf`, so a court-restricted link or an
 * other contact without school access gives nothing). The pupil is kept out: the plans are drawn up with and signed
 * by the family (docs/discipline.md, "Families").
 */
export const canSeeChildPlans = (actor: Actor, schoolId: string, rel: { isGuardian: boolean }): boolean =>
  hasProfile(actor, schoolId, 'guardian') && rel.isGuardian;

/** The plans page: whoever sees all accommodations, and professeurs principaux. */
export const canUsePlansPage = (actor: Actor, schoolId: string, isSomeClassPrincipal: boolean): boolean =>
  canSeeAllAccommodations(actor, schoolId) || (hasProfile(actor, schoolId, 'teacher') && isSomeClassPrincipal);
