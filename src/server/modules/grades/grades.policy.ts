import { type Actor, hasAnyFunction, hasProfile, type StaffFunction } from '../../lib/policy.ts';

/**
 * Who sees what in grades (docs/grades.md). Deny by default: the secretariat, the accueil, the school's directory
 * administrator, the psyEN, the assistante sociale and the infirmière see no grades; teachers see the services they
 * teach, and the professeur principal their class.
 */
export const GRADES_READ_ALL_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy', 'cpe'];
/** Who sets the school's grade rules (codes, ranks, publication delays, subject coefficients). */
export const GRADES_SETTINGS_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy'];

export const canReadAllGrades = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, GRADES_READ_ALL_FUNCTIONS, schoolId);

export const canEditGradeSettings = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, GRADES_SETTINGS_FUNCTIONS, schoolId);

/** The school's grade rules are read by its teachers and by those who see grades (they explain the averages). */
export const canReadGradeSettings = (actor: Actor, schoolId: string): boolean =>
  hasProfile(actor, schoolId, 'teacher') || canReadAllGrades(actor, schoolId) || canEditGradeSettings(actor, schoolId);

export const isTeacherIn = (actor: Actor, schoolId: string): boolean => hasProfile(actor, schoolId, 'teacher');

/** Which grades of a pupil the actor sees: all of them, or only those published to pupils / to guardians. */
export type GradesAudience = 'staff' | 'pupil' | 'guardian';
