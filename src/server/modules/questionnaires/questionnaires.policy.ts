import { type Actor, hasAnyFunction, type StaffFunction } from '../../lib/policy.ts';

/** The direction creates, publishes and closes questionnaires and reads their results (docs/questionnaires.md). */
export const QUESTIONNAIRE_MANAGE_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy'];

export const canManageQuestionnaires = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, QUESTIONNAIRE_MANAGE_FUNCTIONS, schoolId);

/** Answers are taken while a questionnaire is published and today is within its dates. */
export const isOpen = (q: { status: string; opens_on: string; closes_on: string }, today: string): boolean =>
  q.status === 'published' && q.opens_on <= today && today <= q.closes_on;
