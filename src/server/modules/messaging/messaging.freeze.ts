import type { Executor } from '../../db/types.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import * as files from './messaging.attachments.repo.ts';
import { canFreezeAccounts } from './messaging.policy.ts';
import { insertAudit } from './messaging.repo.ts';

/**
 * A taken-over account: the school admin or the direction freezes its sending (it can still read its mailbox)
 * and recalls what it sent in a time window (hidden from every recipient's box and unread count). Both audited.
 */

function freezeSchool(actor: Actor): string {
  const schoolId = actor.currentSchoolId;
  if (!schoolId || !canFreezeAccounts(actor, schoolId)) {
    throw new AppError('FORBIDDEN', 'Freezing accounts is for the school admin and the direction');
  }
  return schoolId;
}

async function audit(db: Executor, schoolId: string, actorId: string, action: string, targetId: string, details = {}) {
  await insertAudit(db, {
    id: newId(),
    school_id: schoolId,
    actor_id: actorId,
    action,
    message_id: null,
    target_id: targetId,
    details: JSON.stringify(details),
    created_at: nowIso(),
  });
}

async function personOf(db: Executor, schoolId: string, personId: string) {
  const p = await files.findPersonOfSchool(db, schoolId, personId);
  if (!p) throw notFound('Person');
  return p;
}

export async function listFreezes(db: Executor, actor: Actor) {
  const schoolId = freezeSchool(actor);
  const rows = await files.findFreezesOfSchool(db, schoolId);
  return {
    items: rows.map((r) => ({
      personId: r.person_id,
      firstName: r.first_name,
      lastName: r.last_name,
      reason: r.reason,
      createdAt: r.created_at,
      frozenBy: r.by_last_name ? `${r.by_first_name} ${r.by_last_name}` : null,
    })),
  };
}

export async function freeze(db: Executor, actor: Actor, personId: string, reason: string) {
  const schoolId = freezeSchool(actor);
  await personOf(db, schoolId, personId);
  if (personId === actor.personId) throw new AppError('CONFLICT', 'You cannot freeze your own account');
  await db.transaction().execute(async (trx) => {
    await files.insertFreeze(trx, {
      id: newId(),
      school_id: schoolId,
      person_id: personId,
      frozen_by: actor.personId,
      reason,
      created_at: nowIso(),
    });
    await audit(trx, schoolId, actor.personId, 'account.frozen', personId, { reason });
  });
  return { ok: true as const };
}

export async function unfreeze(db: Executor, actor: Actor, personId: string) {
  const schoolId = freezeSchool(actor);
  await db.transaction().execute(async (trx) => {
    if ((await files.deleteFreeze(trx, schoolId, personId)) === 0) throw notFound('Freeze');
    await audit(trx, schoolId, actor.personId, 'account.unfrozen', personId);
  });
  return { ok: true as const };
}

const utc = (s: string) => new Date(s).toISOString();

function window(from: string, to: string) {
  const w = { from: utc(from), to: utc(to) };
  if (w.from > w.to) {
    throw new AppError('VALIDATION_FAILED', 'The window ends before it starts', {
      fields: [{ path: 'to', code: 'before_from' }],
    });
  }
  return w;
}

/** What the person sent in the window: subjects, times and counts (never bodies), before a recall. */
export async function listSent(db: Executor, actor: Actor, personId: string, q: { from: string; to: string }) {
  const schoolId = freezeSchool(actor);
  const person = await personOf(db, schoolId, personId);
  const w = window(q.from, q.to);
  const rows = await files.findSentBetween(db, { schoolId, personId, ...w });
  return {
    person: { id: person.id, firstName: person.first_name, lastName: person.last_name },
    frozen: (await files.findFreeze(db, schoolId, personId)) !== undefined,
    items: rows.map((r) => ({
      id: r.id,
      subject: r.subject,
      sentAt: r.sent_at ?? '',
      recipientCount: r.recipient_count,
      recalledAt: r.recalled_at ?? null,
    })),
  };
}

/** Recalls what the person sent in the window: gone from the recipients' boxes and counts; the sender keeps it. */
export async function recall(db: Executor, actor: Actor, personId: string, input: { from: string; to: string }) {
  const schoolId = freezeSchool(actor);
  await personOf(db, schoolId, personId);
  const w = window(input.from, input.to);
  const ids = await db.transaction().execute(async (trx) => {
    const recalled = await files.recallSentBetween(trx, { schoolId, personId, ...w, by: actor.personId, at: nowIso() });
    await audit(trx, schoolId, actor.personId, 'messages.recalled', personId, { ...w, count: recalled.length });
    return recalled;
  });
  return { recalled: ids.length };
}
