import { type Actor, hasProfile } from '../../lib/policy.ts';

/**
 * The actor's relation to one homework that asks for a hand-in. Computed once by the service (handin.service.ts
 * loadRelation); the predicates below are the rules, deny by default.
 */
export interface HandInRelation {
  schoolId: string;
  /** Wrote the homework, or teaches its class or group. */
  isTeacher: boolean;
  /** Is one of the pupils it is for. */
  isPupil: boolean;
  /** Children of the actor (school information open) that the homework is for. */
  childIds: readonly string[];
}

/** A pupil hands in their own work; nobody hands in for someone else (a guardian neither). */
export const canSubmit = (actor: Actor, rel: HandInRelation): boolean =>
  hasProfile(actor, rel.schoolId, 'pupil') && rel.isPupil;

/** Whose hand-in the actor may read: their own, a child's (status and feedback only), or any as the teacher. */
export function canReadHandInOf(actor: Actor, rel: HandInRelation, pupilId: string): boolean {
  if (rel.isTeacher) return true;
  if (rel.isPupil && actor.personId === pupilId) return true;
  return hasProfile(actor, rel.schoolId, 'guardian') && rel.childIds.includes(pupilId);
}

/** The files themselves: the pupil who sent them and the homework's teachers; not guardians. */
export const canDownload = (actor: Actor, rel: HandInRelation, pupilId: string): boolean =>
  rel.isTeacher || (rel.isPupil && actor.personId === pupilId);

/** The list of the class's hand-ins and returning them: the homework's teachers. */
export const canReview = (_actor: Actor, rel: HandInRelation): boolean => rel.isTeacher;
