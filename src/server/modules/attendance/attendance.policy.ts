import { type Actor, hasAnyFunction, hasFunction, hasProfile, type StaffFunction } from '../../lib/policy.ts';

/**
 * Who sees what in vie scolaire (see docs/decisions.md). Deny by default: deployment administrators, the
 * secretariat, the accueil and the school's directory administrator see no attendance data.
 */
export const ATTENDANCE_FULL_FUNCTIONS: readonly StaffFunction[] = [
  'principal',
  'deputy',
  'cpe',
  'assistant_education',
];
/** Who edits the school's absence reasons and attendance settings. */
export const ATTENDANCE_SETTINGS_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy', 'cpe'];

/** Direction and vie scolaire: every roll call, event, justification and figure of the school. */
export const canManageAttendance = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, ATTENDANCE_FULL_FUNCTIONS, schoolId);

export const canEditAbsenceReasons = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, ATTENDANCE_SETTINGS_FUNCTIONS, schoolId);

/**
 * Who sends a justification or announces an absence for a pupil: a guardian without court restriction, or vie
 * scolaire on a family's behalf (a phone call). The pupil alone may not.
 */
export const canJustifyFor = (actor: Actor, schoolId: string, rel: { isGuardian: boolean }): boolean =>
  canManageAttendance(actor, schoolId) || rel.isGuardian;

/** A session's teachers after changes (the replacement, not the replaced teacher) take its roll call. */
export const isTeacherOfSession = (actor: Actor, schoolId: string, teacherIds: readonly string[]): boolean =>
  hasProfile(actor, schoolId, 'teacher') && teacherIds.includes(actor.personId);

/** The "à signaler" list: vie scolaire, direction, and the assistante sociale for her follow-up. */
export const canSeeToReport = (actor: Actor, schoolId: string): boolean =>
  canManageAttendance(actor, schoolId) || hasFunction(actor, 'assistante_sociale', schoolId);

/**
 * How much of a pupil's attendance record the actor sees:
 * - full: vie scolaire and direction (events, reasons, comments, justifications, documents);
 * - family: the pupil and guardians without court restriction (events, reasons, their justifications);
 * - teacher: a teacher of the pupil (events and whether they are justified; no reasons, comments, justifications);
 * - social: the assistante sociale (counts and unjustified half-days per month with their dates);
 * - health: the infirmière (counts, and the counts of health-related absences: maladie, rendez-vous médical);
 * - counts: the psyEN (counts only).
 */
export type RecordView = 'full' | 'family' | 'teacher' | 'social' | 'health' | 'counts';

export function recordViewOf(
  actor: Actor,
  schoolId: string,
  rel: { isSelf: boolean; isGuardian: boolean; teachesPupil: boolean },
): RecordView | null {
  if (canManageAttendance(actor, schoolId)) return 'full';
  if (rel.isSelf || rel.isGuardian) return 'family';
  if (hasProfile(actor, schoolId, 'teacher') && rel.teachesPupil) return 'teacher';
  if (hasFunction(actor, 'assistante_sociale', schoolId)) return 'social';
  if (hasFunction(actor, 'infirmiere', schoolId)) return 'health';
  if (hasFunction(actor, 'psyen', schoolId)) return 'counts';
  return null;
}
