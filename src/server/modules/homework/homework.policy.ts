import { type Actor, canFollowAllPupils, hasAnyFunction, hasProfile, type StaffFunction } from '../../lib/policy.ts';

/**
 * Direction reads every cahier de textes of its school. Inspectors (IA-IPR) would too, but the directory has no
 * `inspecteur` function yet: adding one to STAFF_FUNCTIONS gives a staff profile, and with it the directory and
 * every pupil's timetable, which an inspector should not get (see docs/decisions.md).
 */
export const CAHIER_READ_ALL_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy'];
/** Who sets the school's workload thresholds. */
export const WORKLOAD_SETTINGS_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy', 'school_admin'];

export const canReadAllCahiers = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasAnyFunction(actor, CAHIER_READ_ALL_FUNCTIONS, schoolId);

export const canManageWorkloadSettings = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasAnyFunction(actor, WORKLOAD_SETTINGS_FUNCTIONS, schoolId);

/** A session's teachers (its replacement included) write its content and set homework in it. */
export const canWriteSession = (actor: Actor, schoolId: string, writerIds: readonly string[]): boolean =>
  hasProfile(actor, schoolId, 'teacher') && writerIds.includes(actor.personId);

/** Homework outside a session: a teacher of its subject in the class or group it is for. */
export const canSetHomeworkFor = (actor: Actor, schoolId: string, teachesAudience: boolean): boolean =>
  hasProfile(actor, schoolId, 'teacher') && teachesAudience;

/** Drafts are their author's alone; published entries are edited by their author. */
export const isAuthor = (actor: Actor, row: { author_id: string | null }): boolean =>
  row.author_id !== null && row.author_id === actor.personId;

export interface HomeworkRelation {
  /** The actor teaches the homework's class or group. */
  teachesAudience: boolean;
  /** The actor is one of the pupils it is for. */
  isPupil: boolean;
  /** The actor is a guardian (without court restriction) of a pupil it is for. */
  isGuardian: boolean;
}

/** Published homework: its pupils and their guardians, the class's teachers, direction. Drafts: the author. */
export function canReadHomework(
  actor: Actor,
  h: { school_id: string; status: string; author_id: string | null },
  rel: HomeworkRelation,
): boolean {
  if (isAuthor(actor, h)) return true;
  if (h.status !== 'published') return false;
  return canReadAllCahiers(actor, h.school_id) || rel.teachesAudience || rel.isPupil || rel.isGuardian;
}

/** Pupils tick their own homework, once it is published. */
export const canTickHomework = (actor: Actor, h: { school_id: string; status: string }, isPupilOfIt: boolean) =>
  h.status === 'published' && hasProfile(actor, h.school_id, 'pupil') && isPupilOfIt;

/**
 * A pupil's homework list: the pupil, guardians with school access, the pupil's teachers, vie scolaire
 * and direction (not secretariat, not administrators). Everybody else gets NOT_FOUND.
 */
export function canViewPupilHomework(
  actor: Actor,
  pupilId: string,
  schoolId: string,
  rel: { isGuardian: boolean; teachesPupil: boolean },
): boolean {
  if (actor.personId === pupilId) return true;
  if (canFollowAllPupils(actor, schoolId)) return true;
  if (rel.isGuardian) return true;
  return hasProfile(actor, schoolId, 'teacher') && rel.teachesPupil;
}

/** A class's cahier de textes: its teachers and direction. */
export const canViewClassCahier = (actor: Actor, schoolId: string, teachesClass: boolean): boolean =>
  canReadAllCahiers(actor, schoolId) || (hasProfile(actor, schoolId, 'teacher') && teachesClass);
