import { type Actor, canPublishNews, hasAnyFunction, hasProfile, NEWS_RECEIPTS_FUNCTIONS } from '../../lib/policy.ts';

/** The author (still a publisher there) or the direction may withdraw a news or change its attachments. */
export const canManageNews = (actor: Actor, n: { school_id: string; author_id: string | null }): boolean =>
  canPublishNews(actor, n.school_id) &&
  (n.author_id === actor.personId || hasAnyFunction(actor, ['principal', 'deputy'], n.school_id));

/** Read receipts and the families not reached: the author, the direction and the secretariat. */
export const canSeeReceipts = (actor: Actor, n: { school_id: string; author_id: string | null }): boolean =>
  (canPublishNews(actor, n.school_id) && n.author_id === actor.personId) ||
  hasAnyFunction(actor, NEWS_RECEIPTS_FUNCTIONS, n.school_id);

/** Staff and teachers read the news addressed to staff. */
export const isStaffReader = (actor: Actor, schoolId: string): boolean =>
  hasProfile(actor, schoolId, 'staff') || hasProfile(actor, schoolId, 'teacher');
