import type { Db } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { type Actor, belongsToSchool, canSeeAllPupils, hasProfile, isSchoolAdmin } from '../../lib/policy.ts';
import * as repo from './directory.repo.ts';

/**
 * Who may see a pupil's page: the pupil, a guardian without court restriction, staff who look after
 * every pupil of the pupil's school, and teachers who teach the pupil. Everybody else gets NOT_FOUND.
 */
export async function canViewPupil(db: Db, actor: Actor, pupilId: string, pupilSchoolId: string): Promise<boolean> {
  if (actor.personId === pupilId) return true;
  if (canSeeAllPupils(actor, pupilSchoolId)) return true;
  if (await repo.isGuardianOf(db, actor.personId, pupilId)) return true;
  if (hasProfile(actor, pupilSchoolId, 'teacher')) {
    return repo.teachesPupil(db, actor.personId, pupilId, todayInParis());
  }
  return false;
}

/** Staff who reset access may do so for families (pupils, guardians); administrators for anyone. */
export function canResetAccessOf(actor: Actor, schoolId: string, targetProfiles: string[]): boolean {
  if (!belongsToSchool(actor, schoolId)) return false;
  if (isSchoolAdmin(actor, schoolId)) return true;
  return targetProfiles.length > 0 && targetProfiles.every((k) => k === 'pupil' || k === 'guardian');
}
