import { type Actor, hasAnyFunction, type StaffFunction } from '../../lib/policy.ts';
import { nextReminderAt } from '../../lib/reminders.ts';

/** The direction creates, publishes and closes questionnaires and reads their results (docs/questionnaires.md). */
export const QUESTIONNAIRE_MANAGE_FUNCTIONS: readonly StaffFunction[] = ['principal', 'deputy'];

export const canManageQuestionnaires = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, QUESTIONNAIRE_MANAGE_FUNCTIONS, schoolId);

/** Answers are taken while a questionnaire is published and today is within its dates. */
export const isOpen = (q: { status: string; opens_on: string; closes_on: string }, today: string): boolean =>
  q.status === 'published' && q.opens_on <= today && today <= q.closes_on;

type Status = { status: string };

/** A draft changes freely; once published only its closing date moves (later); a closed one no more. */
export const editableFields = (q: Status): 'all' | 'closesOn' | 'none' =>
  q.status === 'draft' ? 'all' : q.status === 'published' ? 'closesOn' : 'none';

/** Only a draft is deleted: a published questionnaire has answers, or may get some. */
export const isDeletable = (q: Status): boolean => q.status === 'draft';

/** A reminder needs the questionnaire open for answers and the last reminder 24 hours ago or more. */
export function canRemind(
  q: { status: string; opens_on: string; closes_on: string; reminded_at: string | null },
  today: string,
  now: Date,
): boolean {
  const next = nextReminderAt(q.reminded_at);
  return isOpen(q, today) && (next === null || next <= now.toISOString());
}
