import { type Actor, hasAnyFunction, hasFunction, hasProfile, type StaffFunction } from '../../lib/policy.ts';

/**
 * Direction and vie scolaire: every incident report, punishment and retenue of the school; they give punishments
 * to any pupil and take the retenues' roll call. See docs/discipline.md.
 */
export const DISCIPLINE_FOLLOW_FUNCTIONS: readonly StaffFunction[] = [
  'principal',
  'deputy',
  'cpe',
  'assistant_education',
];
/** Who reads disciplinary procedures and sanctions of every pupil: direction and the CPE. */
export const PROCEDURE_READ_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy', 'cpe'];

export const canFollowDiscipline = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, DISCIPLINE_FOLLOW_FUNCTIONS, schoolId);

/** Any member of the school's staff (teachers included) writes an incident report. */
export const canReportIncident = (actor: Actor, schoolId: string): boolean =>
  hasProfile(actor, schoolId, 'staff') || hasProfile(actor, schoolId, 'teacher');

/** Punitions scolaires: vie scolaire and direction for any pupil, a teacher for the pupils they teach. */
export const canGivePunishment = (actor: Actor, schoolId: string, rel: { teachesPupil: boolean }): boolean =>
  canFollowDiscipline(actor, schoolId) || (hasProfile(actor, schoolId, 'teacher') && rel.teachesPupil);

/** The "Incidents et punitions" page: whoever may report or punish. */
export const canUseIncidents = (actor: Actor, schoolId: string): boolean =>
  canReportIncident(actor, schoolId) || canFollowDiscipline(actor, schoolId);

export const canReadProcedures = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, PROCEDURE_READ_FUNCTIONS, schoolId);

/**
 * Opening a procedure and pronouncing a sanction alone: the chef d'établissement (R. 421-10 and R. 421-10-1). The
 * deputy is not given this power here: the code lets the principal delegate a signature, not the decision
 * (docs/discipline.md says what was verified).
 */
export const canPronounce = (actor: Actor, schoolId: string): boolean => hasFunction(actor, 'principal', schoolId);

/** A pupil's punishments and sanctions: the pupil, guardians whose link opens school information, direction/vie scolaire. */
export const canReadPupilDiscipline = (
  actor: Actor,
  schoolId: string,
  rel: { isSelf: boolean; isGuardian: boolean },
): boolean => rel.isSelf || rel.isGuardian || canFollowDiscipline(actor, schoolId);
