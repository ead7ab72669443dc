import type { Actor } from '../../lib/policy.ts';
import { canAdministerSchool } from '../admin/admin.policy.ts';

/**
 * The roster export hands every pupil's, guardian's and teacher's name to another system: the school's
 * administrators only (and deployment administrators), as for the directory's administration. Someone outside
 * the school answers NOT_FOUND.
 */
export const canExportRoster = (actor: Actor, schoolId: string): boolean => canAdministerSchool(actor, schoolId);
