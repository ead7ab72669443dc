import { type Actor, hasAnyFunction, hasProfile, PROFILE_KINDS } from '../../lib/policy.ts';

/** Anyone with a profile in the school has a mailbox there (what they may send is messaging.rules.ts). */
export const canUseMessaging = (actor: Actor, schoolId: string): boolean =>
  PROFILE_KINDS.some((k) => hasProfile(actor, schoolId, k));

/** Reported messages reach the head of the school. */
export const canHandleReports = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, ['principal', 'deputy'], schoolId);

/** Vie scolaire (and direction) may block a pupil's messaging. */
export const canBlockPupils = (actor: Actor, schoolId: string): boolean =>
  hasAnyFunction(actor, ['cpe', 'assistant_education', 'principal', 'deputy'], schoolId);

export const canViewRules = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasAnyFunction(actor, ['principal', 'deputy', 'school_admin'], schoolId);

export const canEditRules = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasAnyFunction(actor, ['principal', 'school_admin'], schoolId);

/**
 * The school admin and the direction freeze a (taken-over) account's sending and recall what it sent. A
 * deployment administrator may too: they are the ones called when a school has no admin at hand.
 */
export const canFreezeAccounts = (actor: Actor, schoolId: string): boolean =>
  actor.isDeploymentAdmin || hasAnyFunction(actor, ['principal', 'deputy', 'school_admin'], schoolId);

/** The abilities GET /api/me adds for messaging. */
export function messagingAbilities(actor: Actor, schoolId: string): string[] {
  return [
    ...(canUseMessaging(actor, schoolId) ? ['messages.use'] : []),
    ...(canHandleReports(actor, schoolId) ? ['messages.reports'] : []),
    ...(canBlockPupils(actor, schoolId) ? ['messages.block'] : []),
    ...(canViewRules(actor, schoolId) ? ['messages.rules'] : []),
    ...(canFreezeAccounts(actor, schoolId) ? ['messages.freeze'] : []),
  ];
}
