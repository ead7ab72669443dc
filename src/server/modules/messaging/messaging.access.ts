import type { Executor } from '../../db/types.ts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../../lib/policy.ts';
import * as repo from './messaging.repo.ts';

/**
 * A message the actor may see: one they sent (a draft included; not deleted for good), or one they received
 * (their copy neither deleted for good nor recalled by the school). Anything else is NOT_FOUND. The one rule for
 * reading a message, acting on it and downloading its attachments.
 */
export async function getVisible(db: Executor, actor: Actor, id: string) {
  const msg = await repo.getMessage(db, id);
  if (!msg) throw notFound('Message');
  if (msg.sender_id === actor.personId && msg.sender_purged_at === null) return { msg, copy: null };
  const copy = await repo.findCopy(db, id, actor.personId);
  if (!copy || copy.purged_at !== null || copy.recalled_at != null || msg.sent_at === null) throw notFound('Message');
  return { msg, copy };
}
