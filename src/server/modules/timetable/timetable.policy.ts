import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { type Actor, hasAnyFunction, hasProfile, isStaffOf, type StaffFunction } from '../../lib/policy.ts';
import * as directoryRepo from '../directory/directory.repo.ts';

/** Direction and the school's administrator build the timetable and change sessions. */
export const TIMETABLE_EDIT_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy', 'school_admin'];
/** Vie scolaire may also cancel a session (a teacher is absent), nothing else. */
export const SESSION_CANCEL_FUNCTIONS: readonly StaffFunction[] = [...TIMETABLE_EDIT_FUNCTIONS, 'cpe'];

export const canEditTimetable = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasAnyFunction(actor, TIMETABLE_EDIT_FUNCTIONS, schoolId);

export const canCancelSession = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasAnyFunction(actor, SESSION_CANCEL_FUNCTIONS, schoolId);

/** Class, group, room and site timetables: staff and teachers of the school. */
export const canViewSchoolTimetables = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || isStaffOf(actor, schoolId) || hasProfile(actor, schoolId, 'teacher');

/** A teacher's timetable: the teacher, and staff of the school. */
export const canViewTeacherTimetable = (actor: Actor, teacherId: string, schoolId: string): boolean =>
  actor.personId === teacherId || actor.isDeploymentAdmin || isStaffOf(actor, schoolId);

/**
 * A pupil's timetable: the pupil, guardians with school access, staff of the pupil's school (the accueil and the
 * infirmerie need to know where a pupil is), and the pupil's teachers. A deployment administrator is no reader of
 * pupils' data. Everybody else gets NOT_FOUND.
 */
export async function canViewPupilTimetable(
  db: Executor,
  actor: Actor,
  pupilId: string,
  schoolId: string,
): Promise<boolean> {
  if (actor.personId === pupilId || isStaffOf(actor, schoolId)) return true;
  if (await directoryRepo.isGuardianOf(db, actor.personId, pupilId)) return true;
  if (hasProfile(actor, schoolId, 'teacher')) {
    return directoryRepo.teachesPupil(db, actor.personId, pupilId, todayInParis());
  }
  return false;
}
