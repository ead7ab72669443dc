import type { Db } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import {
  type Actor,
  belongsToSchool,
  canReadPupilRecords,
  hasProfile,
  isSchoolAdmin,
  type ProfileKind,
} from '../../lib/policy.ts';
import * as repo from './directory.repo.ts';

/**
 * Who may see a pupil's page: the pupil, a guardian without court restriction, staff who look after
 * every pupil of the pupil's school, and teachers who teach the pupil. Everybody else gets NOT_FOUND.
 */
export async function canViewPupil(db: Db, actor: Actor, pupilId: string, pupilSchoolId: string): Promise<boolean> {
  if (actor.personId === pupilId) return true;
  if (canReadPupilRecords(actor, pupilSchoolId)) return true;
  if (await repo.isGuardianOf(db, actor.personId, pupilId)) return true;
  if (hasProfile(actor, pupilSchoolId, 'teacher')) {
    return repo.teachesPupil(db, actor.personId, pupilId, todayInParis());
  }
  return false;
}

/**
 * Staff who reset access may do so for families (pupils, guardians); administrators for anyone of their
 * school. A new code takes over the whole account, so every role it holds counts, in every school: a
 * parent here who teaches or administers elsewhere is reset only by an administrator of that school too,
 * and a deployment administrator only by another.
 */
export function canResetAccessOf(
  actor: Actor,
  schoolId: string,
  target: { isDeploymentAdmin: boolean; profiles: ReadonlyArray<{ schoolId: string; kind: ProfileKind }> },
): boolean {
  if (!belongsToSchool(actor, schoolId)) return false;
  if (actor.isDeploymentAdmin) return true;
  if (target.isDeploymentAdmin) return false;
  return (
    target.profiles.length > 0 &&
    target.profiles.every((p) => p.kind === 'pupil' || p.kind === 'guardian' || isSchoolAdmin(actor, p.schoolId))
  );
}

/**
 * Disabling locks the whole account, in every school: a school administrator may disable only people
 * whose every role is in schools they administer; deployment administrators only by another.
 */
export function canDisable(
  actor: Actor,
  schoolId: string,
  target: { isDeploymentAdmin: boolean; profiles: ReadonlyArray<{ schoolId: string }> },
): boolean {
  if (!isSchoolAdmin(actor, schoolId)) return false;
  if (actor.isDeploymentAdmin) return true;
  if (target.isDeploymentAdmin) return false;
  return target.profiles.every((p) => isSchoolAdmin(actor, p.schoolId));
}
