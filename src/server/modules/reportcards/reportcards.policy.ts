import type { Actor } from '../../lib/policy.ts';
import { canReadAllGrades, isTeacherIn } from '../grades/grades.policy.ts';

/** Who has the staff "Bulletins" page: teachers, and those who read every class's grades (direction, CPE). */
export const canOpenReportCards = (actor: Actor, schoolId: string): boolean =>
  isTeacherIn(actor, schoolId) || canReadAllGrades(actor, schoolId);
