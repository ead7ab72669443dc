import type { Actor } from '../../lib/policy.ts';
import { canEditTimetable } from '../timetable/timetable.policy.ts';

/**
 * Directory imports (SIECLE, STS-Web) are for those who import the timetable: the school's administrator and the
 * direction (principal, deputy), and deployment administrators. The web page is the same (/imports).
 */
export const canImportDirectory = (actor: Actor, schoolId: string): boolean => canEditTimetable(actor, schoolId);
