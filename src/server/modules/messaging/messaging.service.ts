import type { Executor, MessageCopyTable, MessageTable } from '../../db/types.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import { getSchoolSetting, setSchoolSetting } from '../../lib/school-settings.ts';
import { notify } from '../notifications/notifications.service.ts';
import { getVisible } from './messaging.access.ts';
import * as files from './messaging.attachments.repo.ts';
import { type Attachment, attachmentsByMessage } from './messaging.attachments.ts';
import { categoriesOf, GROUP_WORDS, groupsFor, loadReach, type Reach } from './messaging.audience.ts';
import { notifyNewMessage } from './messaging.notify.ts';
import { canBlockPupils, canEditRules, canHandleReports, canUseMessaging, canViewRules } from './messaging.policy.ts';
import * as repo from './messaging.repo.ts';
import {
  CATEGORIES,
  DEFAULT_RULES,
  effectiveRules,
  MESSAGING_SETTING,
  RATE_LIMITS,
  STAFF_CATEGORIES,
} from './messaging.rules.ts';
import { bodyToText, sanitizeBody } from './messaging.sanitize.ts';
import type {
  AudienceEntry,
  DraftInput,
  FolderQuery,
  Message,
  MessageSummary,
  RecipientChoice,
  SendInput,
} from './messaging.schema.ts';

const HOUR_MS = 3_600_000;
const PAGE = 50;

/** The school the actor writes in: their current school, where they must have a profile. */
function currentSchool(actor: Actor): string {
  const schoolId = actor.currentSchoolId;
  if (!schoolId || !canUseMessaging(actor, schoolId)) throw new AppError('FORBIDDEN', 'No mailbox in this school');
  return schoolId;
}

async function audit(
  db: Executor,
  e: {
    schoolId: string;
    actorId: string | null;
    action: string;
    messageId?: string;
    targetId?: string;
    details?: object;
  },
) {
  await repo.insertAudit(db, {
    id: newId(),
    school_id: e.schoolId,
    actor_id: e.actorId,
    action: e.action,
    message_id: e.messageId ?? null,
    target_id: e.targetId ?? null,
    details: JSON.stringify(e.details ?? {}),
    created_at: nowIso(),
  });
}

const parseAudience = (json: string): AudienceEntry[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as AudienceEntry[]) : [];
  } catch {
    return [];
  }
};

type SummaryRow = Pick<
  MessageTable,
  | 'id'
  | 'thread_id'
  | 'school_id'
  | 'subject'
  | 'body_text'
  | 'sender_id'
  | 'sender_role'
  | 'audience'
  | 'recipient_count'
  | 'sent_at'
  | 'updated_at'
> & { sender_first_name: string; sender_last_name: string; read_at: string | null; is_own: number | boolean };

type StoredAudienceEntry = AudienceEntry & { family?: boolean };

/**
 * The addressing as a reader sees it. Families named individually are seen only by the sender (and each by
 * themselves): another recipient sees "N autres destinataires", so that a message to two families does not tell
 * one family who the other is.
 */
function audienceFor(json: string, senderId: string, readerId: string): AudienceEntry[] {
  const out: AudienceEntry[] = [];
  let hidden = 0;
  for (const a of parseAudience(json) as StoredAudienceEntry[]) {
    if (a.type === 'person') {
      if (a.family && readerId !== senderId && a.id !== readerId) hidden++;
      else out.push({ type: 'person', id: a.id, firstName: a.firstName, lastName: a.lastName });
    } else {
      out.push({ type: 'group', kind: a.kind, name: a.name, count: a.count });
    }
  }
  if (hidden > 0) out.push({ type: 'group', kind: 'others', name: '', count: hidden });
  return out;
}

function presentSummary(r: SummaryRow, readerId: string): MessageSummary {
  return {
    id: r.id,
    threadId: r.thread_id,
    schoolId: r.school_id,
    subject: r.subject,
    preview: r.body_text.slice(0, 140),
    sender: { id: r.sender_id, firstName: r.sender_first_name, lastName: r.sender_last_name, role: r.sender_role },
    audience: audienceFor(r.audience, r.sender_id, readerId),
    recipientCount: r.recipient_count,
    sentAt: r.sent_at,
    updatedAt: r.updated_at,
    read: Boolean(r.is_own) || r.read_at !== null,
    isOwn: Boolean(r.is_own),
  };
}

// ---- Sending ----

interface Resolved {
  ids: string[];
  audience: StoredAudienceEntry[];
}

function resolveRecipients(reach: Reach, choices: RecipientChoice[], replyTo: MessageTable | null): Resolved {
  const ids = new Set<string>();
  const audience: StoredAudienceEntry[] = [];
  const refused: string[] = [];
  const groups = new Map(groupsFor(reach).map((g) => [g.key, g]));
  for (const c of choices) {
    if (c.type === 'person') {
      // Replying is allowed where writing first is not: to the sender of the message answered.
      const isReplyToSender = replyTo !== null && replyTo.sender_id === c.id;
      const person = reach.graph.people.get(c.id);
      if (c.id === reach.senderId || !person || !(reach.people.has(c.id) || isReplyToSender)) {
        refused.push(c.id);
        continue;
      }
      if (!ids.has(c.id)) {
        const family = !STAFF_CATEGORIES.some((cat) => person.categories.has(cat));
        audience.push({ type: 'person', id: c.id, firstName: person.firstName, lastName: person.lastName, family });
      }
      ids.add(c.id);
    } else {
      const g = groups.get(c.key);
      if (!g) {
        refused.push(c.key);
        continue;
      }
      for (const m of g.members) ids.add(m);
      audience.push({ type: 'group', kind: g.kind, name: g.name, count: g.members.length });
    }
  }
  if (refused.length > 0) {
    throw new AppError('FORBIDDEN', 'You may not write to some of these recipients', { recipients: refused });
  }
  return { ids: [...ids], audience };
}

async function assertNotBlocked(db: Executor, schoolId: string, actor: Actor) {
  if (await repo.findBlock(db, schoolId, actor.personId)) {
    throw new AppError('MESSAGING_BLOCKED', 'Your messaging has been suspended by the vie scolaire');
  }
  if (await files.findFreeze(db, schoolId, actor.personId)) {
    throw new AppError('MESSAGING_FROZEN', 'The school has frozen this account’s sending');
  }
}

async function assertRate(db: Executor, reach: Reach, adding: number) {
  const limit = Math.max(0, ...reach.senderCategories.map((c) => RATE_LIMITS[c]));
  const since = new Date(Date.now() - HOUR_MS).toISOString();
  const used = await repo.countRecipientsSince(db, reach.senderId, since);
  if (used + adding > limit) {
    throw new AppError('RATE_LIMITED', 'Too many recipients in the last hour', {
      limit,
      used,
      retryAfterSeconds: 3600,
    });
  }
}

/** The message answered or forwarded, when given: the actor must be able to see it. */
async function related(db: Executor, actor: Actor, id: string | undefined) {
  if (!id) return null;
  const { msg } = await getVisible(db, actor, id);
  if (msg.sent_at === null) throw notFound('Message');
  return msg;
}

/**
 * Sends a message: recipients are checked against the school's rules and resolved now (a class's guardians are
 * those of today), one copy per person, all written in one transaction with batched inserts.
 */
export async function send(db: Executor, actor: Actor, input: SendInput) {
  const replyTo = await related(db, actor, input.replyToId);
  const forwardOf = await related(db, actor, input.forwardOfId);
  const schoolId = replyTo?.school_id ?? currentSchool(actor);
  if (!canUseMessaging(actor, schoolId)) throw notFound('Message');
  const bodyHtml = sanitizeBody(input.body);
  const bodyText = bodyToText(bodyHtml);
  if (!bodyText) {
    throw new AppError('VALIDATION_FAILED', 'The message is empty', { fields: [{ path: 'body', code: 'required' }] });
  }
  let draft: MessageTable | undefined;
  if (input.draftId) {
    draft = await repo.getMessage(db, input.draftId);
    if (!draft || draft.sender_id !== actor.personId || draft.sent_at !== null || draft.sender_purged_at !== null) {
      throw notFound('Draft');
    }
  }
  await assertNotBlocked(db, schoolId, actor);
  const reach = await loadReach(db, schoolId, actor.personId);
  if (reach.senderCategories.length === 0) throw new AppError('FORBIDDEN', 'You may not send messages here');
  const { ids, audience } = resolveRecipients(reach, input.recipients, replyTo);
  if (ids.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'No recipient', { fields: [{ path: 'recipients', code: 'empty' }] });
  }
  const now = nowIso();
  const id = draft?.id ?? newId();
  // A forward carries the forwarded message's files (copied under new ids, in the same transaction).
  const forwarded = forwardOf ? await files.findAttachmentsOf(db, [forwardOf.id]) : [];
  const forwardedIds = new Map(forwarded.map((a) => [a.id, newId()]));
  const senderRole = reach.senderCategories[0] ?? 'office';
  const row: MessageTable = {
    id,
    school_id: schoolId,
    sender_id: actor.personId,
    sender_role: senderRole,
    thread_id: replyTo?.thread_id ?? id,
    parent_id: replyTo?.id ?? null,
    forward_of_id: forwardOf?.id ?? null,
    subject: input.subject.trim(),
    body_html: bodyHtml,
    body_text: bodyText,
    audience: JSON.stringify(audience),
    draft_recipients: '[]',
    recipient_count: ids.length,
    created_at: draft?.created_at ?? now,
    updated_at: now,
    sent_at: now,
    sender_trashed_at: null,
    sender_purged_at: null,
  };
  const copies: MessageCopyTable[] = ids.map((personId) => ({
    id: newId(),
    message_id: id,
    person_id: personId,
    created_at: now,
    read_at: null,
    trashed_at: null,
    purged_at: null,
  }));
  const write = async (trx: Executor) => {
    await assertRate(trx, reach, ids.length);
    if (draft) await repo.updateMessage(trx, id, row);
    else await repo.insertMessage(trx, row);
    await repo.insertCopies(trx, copies);
    if (forwardOf && forwardedIds.size > 0) {
      await files.copyAttachments(trx, {
        fromMessageId: forwardOf.id,
        toMessageId: id,
        ids: forwardedIds,
        by: actor.personId,
        at: now,
      });
    }
    await notifyNewMessage(trx, actor, row, ids);
    await audit(trx, {
      schoolId,
      actorId: actor.personId,
      action: 'message.sent',
      messageId: id,
      details: { recipients: ids.length, groups: audience.filter((a) => a.type === 'group').length },
    });
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
  const attachments = (await attachmentsByMessage(db, [id])).get(id) ?? [];
  return presentMessage(row, { read_at: now, trashed_at: null }, actor, reach, undefined, attachments);
}

// ---- Drafts ----

function draftRecipients(m: MessageTable): RecipientChoice[] {
  try {
    return JSON.parse(m.draft_recipients) as RecipientChoice[];
  } catch {
    return [];
  }
}

/** How a draft's recipients read (names, group labels), for the form that reopens it; null when gone. */
async function draftLabels(db: Executor, m: MessageTable, actorId: string): Promise<Array<AudienceEntry | null>> {
  const choices = draftRecipients(m);
  if (choices.length === 0) return [];
  const reach = await loadReach(db, m.school_id, actorId);
  const groups = new Map(groupsFor(reach).map((g) => [g.key, g]));
  return choices.map((c) => {
    if (c.type === 'person') {
      const p = reach.graph.people.get(c.id);
      return p ? { type: 'person' as const, id: p.id, firstName: p.firstName, lastName: p.lastName } : null;
    }
    const g = groups.get(c.key);
    return g ? { type: 'group' as const, kind: g.kind, name: g.name, count: g.members.length } : null;
  });
}

function presentDraft(m: MessageTable, attachments: Attachment[] = [], labels: Array<AudienceEntry | null> = []) {
  const recipients = draftRecipients(m);
  return {
    id: m.id,
    subject: m.subject,
    bodyHtml: m.body_html,
    recipients,
    replyToId: m.parent_id,
    forwardOfId: m.forward_of_id,
    updatedAt: m.updated_at,
    attachments,
    recipientLabels: labels,
  };
}

export async function createDraft(db: Executor, actor: Actor, input: DraftInput) {
  const replyTo = await related(db, actor, input.replyToId);
  const forwardOf = await related(db, actor, input.forwardOfId);
  const schoolId = replyTo?.school_id ?? currentSchool(actor);
  if (!canUseMessaging(actor, schoolId)) throw notFound('Message');
  const now = nowIso();
  const bodyHtml = sanitizeBody(input.body);
  const id = newId();
  const row: MessageTable = {
    id,
    school_id: schoolId,
    sender_id: actor.personId,
    sender_role: '',
    thread_id: replyTo?.thread_id ?? id,
    parent_id: replyTo?.id ?? null,
    forward_of_id: forwardOf?.id ?? null,
    subject: input.subject.trim(),
    body_html: bodyHtml,
    body_text: bodyToText(bodyHtml),
    audience: '[]',
    draft_recipients: JSON.stringify(input.recipients),
    recipient_count: 0,
    created_at: now,
    updated_at: now,
    sent_at: null,
    sender_trashed_at: null,
    sender_purged_at: null,
  };
  await repo.insertMessage(db, row);
  return presentDraft(row, [], await draftLabels(db, row, actor.personId));
}

async function getOwnDraft(db: Executor, actor: Actor, id: string) {
  const m = await repo.getMessage(db, id);
  if (!m || m.sender_id !== actor.personId || m.sent_at !== null || m.sender_purged_at !== null) {
    throw notFound('Draft');
  }
  return m;
}

export async function getDraft(db: Executor, actor: Actor, id: string) {
  const m = await getOwnDraft(db, actor, id);
  return presentDraft(
    m,
    (await attachmentsByMessage(db, [id])).get(id) ?? [],
    await draftLabels(db, m, actor.personId),
  );
}

export async function updateDraft(db: Executor, actor: Actor, id: string, input: DraftInput) {
  const m = await getOwnDraft(db, actor, id);
  const bodyHtml = sanitizeBody(input.body);
  const set = {
    subject: input.subject.trim(),
    body_html: bodyHtml,
    body_text: bodyToText(bodyHtml),
    draft_recipients: JSON.stringify(input.recipients),
    updated_at: nowIso(),
  };
  await repo.updateMessage(db, id, set);
  const updated = { ...m, ...set };
  return presentDraft(
    updated,
    (await attachmentsByMessage(db, [id])).get(id) ?? [],
    await draftLabels(db, updated, actor.personId),
  );
}

export async function deleteDraft(db: Executor, actor: Actor, id: string) {
  await getOwnDraft(db, actor, id);
  await repo.deleteMessage(db, id);
  return { ok: true as const };
}

// ---- Reading ----

export async function listFolder(db: Executor, actor: Actor, query: FolderQuery) {
  const rows = await repo.findFolder(db, {
    personId: actor.personId,
    folder: query.folder,
    q: query.q || undefined,
    before: query.cursor || undefined,
    limit: PAGE + 1,
  });
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentSummary(r, actor.personId)),
    nextCursor: rows.length > PAGE && last ? last.sort_at : null,
  };
}

export async function countUnread(db: Executor, actor: Actor) {
  return { count: await repo.countUnread(db, actor.personId) };
}

function presentMessage(
  m: MessageTable,
  copy: { read_at: string | null; trashed_at: string | null } | null,
  actor: Actor,
  reach: Reach | null,
  names?: { first: string; last: string },
  attachments: Attachment[] = [],
): Message {
  const isOwn = m.sender_id === actor.personId;
  const audience = audienceFor(m.audience, m.sender_id, actor.personId);
  const replyAllIds = reach
    ? audience
        .filter((a): a is Extract<AudienceEntry, { type: 'person' }> => a.type === 'person')
        .map((a) => a.id)
        .filter((id) => id !== actor.personId && id !== m.sender_id && reach.people.has(id))
    : [];
  const canSend = reach !== null && reach.senderCategories.length > 0;
  return {
    ...presentSummary(
      {
        ...m,
        sender_first_name: names?.first ?? actor.firstName,
        sender_last_name: names?.last ?? actor.lastName,
        read_at: copy?.read_at ?? null,
        is_own: isOwn,
      },
      actor.personId,
    ),
    bodyHtml: m.body_html,
    attachments,
    parentId: m.parent_id,
    forwardOfId: m.forward_of_id,
    trashed: isOwn ? m.sender_trashed_at !== null : copy?.trashed_at != null,
    abilities: {
      reply: !isOwn && canSend,
      replyAll: !isOwn && canSend && replyAllIds.length > 0,
      report: !isOwn && copy !== null,
      readStatus: isOwn,
    },
    replyAllIds,
  };
}

/** A conversation as the actor sees it: the messages of the thread they sent or received, oldest first. */
export async function getConversation(db: Executor, actor: Actor, id: string) {
  const { msg } = await getVisible(db, actor, id);
  if (msg.sent_at === null) throw notFound('Message');
  const rows = await repo.findThreadFor(db, msg.thread_id, actor.personId);
  const reach = canUseMessaging(actor, msg.school_id) ? await loadReach(db, msg.school_id, actor.personId) : null;
  const blocked = reach ? await repo.findBlock(db, msg.school_id, actor.personId) : undefined;
  const effective = blocked ? null : reach;
  const attachments = await attachmentsByMessage(
    db,
    rows.map((r) => r.id),
  );
  return {
    threadId: msg.thread_id,
    subject: rows[0]?.subject ?? msg.subject,
    messages: rows.map((r) =>
      presentMessage(
        r,
        r.sender_id === actor.personId ? null : { read_at: r.read_at, trashed_at: r.trashed_at },
        actor,
        effective,
        {
          first: r.sender_first_name,
          last: r.sender_last_name,
        },
        attachments.get(r.id) ?? [],
      ),
    ),
  };
}

export async function markRead(db: Executor, actor: Actor, id: string) {
  const { copy } = await getVisible(db, actor, id);
  if (copy && copy.read_at === null) await repo.markCopyRead(db, id, actor.personId, nowIso());
  return { ok: true as const };
}

export async function markUnread(db: Executor, actor: Actor, id: string) {
  const { copy } = await getVisible(db, actor, id);
  if (copy) await repo.setCopyState(db, id, actor.personId, { read_at: null });
  return { ok: true as const };
}

export async function trash(db: Executor, actor: Actor, id: string, trashed: boolean) {
  const { msg, copy } = await getVisible(db, actor, id);
  const at = trashed ? nowIso() : null;
  if (copy) await repo.setCopyState(db, id, actor.personId, { trashed_at: at });
  else if (msg.sent_at !== null) await repo.updateMessage(db, id, { sender_trashed_at: at });
  else throw notFound('Message');
  return { ok: true as const };
}

/** Deletes for good, from the trash only. The other copies are untouched. */
export async function purge(db: Executor, actor: Actor, id: string) {
  const { msg, copy } = await getVisible(db, actor, id);
  const inTrash = copy ? copy.trashed_at !== null : msg.sender_trashed_at !== null;
  if (!inTrash) throw new AppError('CONFLICT', 'Only a message in the trash can be deleted');
  if (copy) await repo.setCopyState(db, id, actor.personId, { purged_at: nowIso() });
  else await repo.updateMessage(db, id, { sender_purged_at: nowIso() });
  return { ok: true as const };
}

/** The sender's view of who has read their message (names always; read times where the school allows). */
export async function readStatus(db: Executor, actor: Actor, id: string) {
  const msg = await repo.getMessage(db, id);
  if (!msg || msg.sender_id !== actor.personId || msg.sent_at === null || msg.sender_purged_at !== null) {
    throw notFound('Message');
  }
  const { readReceipts } = await getSchoolSetting(db, msg.school_id, MESSAGING_SETTING);
  const rows = await repo.findRecipientsOf(db, id);
  return {
    readReceipts,
    total: rows.length,
    readCount: readReceipts ? rows.filter((r) => r.read_at !== null).length : null,
    recipients: rows.map((r) => ({
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      readAt: readReceipts ? r.read_at : null,
    })),
  };
}

// ---- Recipient search ----

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Whom the actor may write to in their current school, matching `q`: people, and groups for staff. */
export async function searchRecipients(db: Executor, actor: Actor, q: string) {
  const schoolId = currentSchool(actor);
  const reach = await loadReach(db, schoolId, actor.personId);
  const words = fold(q).split(/\s+/).filter(Boolean);
  const g = reach.graph;
  const people = [...reach.people]
    .map((id) => g.people.get(id)!)
    .filter((p) => {
      const name = fold(`${p.firstName} ${p.lastName}`);
      return words.every((w) => name.includes(w));
    })
    .sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'))
    .slice(0, words.length ? 20 : 10)
    .map((p) => ({
      id: p.id,
      firstName: p.firstName,
      lastName: p.lastName,
      roles: categoriesOf(g, p.id),
      children: (g.childrenOf.get(p.id) ?? []).map((c) => {
        const child = g.people.get(c);
        const classId = g.classOf.get(c);
        return {
          firstName: child?.firstName ?? '',
          lastName: child?.lastName ?? '',
          className: (classId && g.classes.get(classId)?.label) || null,
        };
      }),
    }));
  const groups = groupsFor(reach)
    .filter(
      (grp) =>
        words.length === 0 || words.every((w) => fold(grp.name).includes(w) || GROUP_WORDS[grp.kind].includes(w)),
    )
    .slice(0, 30)
    .map((grp) => ({ key: grp.key, kind: grp.kind, name: grp.name, count: grp.members.length }));
  return { people, groups };
}

// ---- Reports ----

/** A recipient reports a message: the head of the school is notified and reads it in the reports list. */
export async function report(db: Executor, actor: Actor, id: string, reason: string) {
  const { msg, copy } = await getVisible(db, actor, id);
  if (!copy) throw new AppError('FORBIDDEN', 'Only a recipient can report a message');
  const existing = await repo.findReport(db, id, actor.personId);
  if (existing) return { id: existing.id, createdAt: existing.created_at };
  const row = {
    id: newId(),
    school_id: msg.school_id,
    message_id: id,
    reporter_id: actor.personId,
    reason,
    created_at: nowIso(),
    closed_at: null,
    closed_by: null,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertReport(trx, row);
    await audit(trx, { schoolId: msg.school_id, actorId: actor.personId, action: 'message.reported', messageId: id });
    const heads = (await repo.findFunctionsOfSchool(trx, msg.school_id))
      .filter((f) => f.function === 'principal' || f.function === 'deputy')
      .map((f) => f.person_id);
    await notify(trx, {
      personIds: heads,
      schoolId: msg.school_id,
      kind: 'message.reported',
      title: 'Message signalé',
      body: `Un message « ${msg.subject.slice(0, 80)} » a été signalé.`,
      link: '/messagerie/signalements',
    });
  });
  return { id: row.id, createdAt: row.created_at };
}

export async function listReports(db: Executor, actor: Actor) {
  const schoolId = currentSchool(actor);
  if (!canHandleReports(actor, schoolId)) throw new AppError('FORBIDDEN', 'Reports are for the head of the school');
  const rows = await repo.findReportsOfSchool(db, schoolId);
  const graph = rows.length ? (await loadReach(db, schoolId, actor.personId)).graph : null;
  const mayBlock = canBlockPupils(actor, schoolId);
  await audit(db, { schoolId, actorId: actor.personId, action: 'reports.viewed', details: { count: rows.length } });
  return {
    items: rows.map((r) => ({
      id: r.id,
      reason: r.reason,
      createdAt: r.created_at,
      closedAt: r.closed_at,
      message: {
        id: r.message_id,
        subject: r.subject,
        bodyHtml: r.body_html,
        sentAt: r.sent_at,
        sender: { id: r.sender_id, firstName: r.sender_first_name, lastName: r.sender_last_name, role: r.sender_role },
      },
      reporter: { id: r.reporter_id, firstName: r.reporter_first_name, lastName: r.reporter_last_name },
      canBlockSender: mayBlock && (graph?.people.get(r.sender_id)?.categories.has('pupil') ?? false),
    })),
  };
}

export async function closeReport(db: Executor, actor: Actor, id: string) {
  const r = await repo.getReport(db, id);
  if (!r || !canHandleReports(actor, r.school_id)) throw notFound('Report');
  await repo.closeReport(db, id, actor.personId, nowIso());
  await audit(db, { schoolId: r.school_id, actorId: actor.personId, action: 'report.closed', targetId: id });
  return { ok: true as const };
}

// ---- Blocks ----

function blockSchool(actor: Actor) {
  const schoolId = currentSchool(actor);
  if (!canBlockPupils(actor, schoolId)) throw new AppError('FORBIDDEN', 'Blocking is for the vie scolaire');
  return schoolId;
}

export async function listBlocks(db: Executor, actor: Actor) {
  const schoolId = blockSchool(actor);
  const rows = await repo.findBlocksOfSchool(db, schoolId);
  return {
    items: rows.map((r) => ({
      personId: r.person_id,
      firstName: r.first_name,
      lastName: r.last_name,
      reason: r.reason,
      createdAt: r.created_at,
      blockedBy: r.by_last_name ? `${r.by_first_name} ${r.by_last_name}` : null,
    })),
  };
}

export async function block(db: Executor, actor: Actor, personId: string, reason: string) {
  const schoolId = blockSchool(actor);
  const profiles = await db
    .selectFrom('profiles')
    .select('kind')
    .where('person_id', '=', personId)
    .where('school_id', '=', schoolId)
    .execute();
  if (!profiles.some((p) => p.kind === 'pupil')) throw notFound('Pupil');
  await db.transaction().execute(async (trx) => {
    await repo.insertBlock(trx, {
      id: newId(),
      school_id: schoolId,
      person_id: personId,
      blocked_by: actor.personId,
      reason,
      created_at: nowIso(),
    });
    await audit(trx, {
      schoolId,
      actorId: actor.personId,
      action: 'pupil.blocked',
      targetId: personId,
      details: { reason },
    });
  });
  return { ok: true as const };
}

export async function unblock(db: Executor, actor: Actor, personId: string) {
  const schoolId = blockSchool(actor);
  const n = await repo.deleteBlock(db, schoolId, personId);
  if (n === 0) throw notFound('Block');
  await audit(db, { schoolId, actorId: actor.personId, action: 'pupil.unblocked', targetId: personId });
  return { ok: true as const };
}

// ---- Rules ----

export async function getRules(db: Executor, actor: Actor) {
  const schoolId = currentSchool(actor);
  if (!canViewRules(actor, schoolId)) throw new AppError('FORBIDDEN', 'The rules are for the direction');
  const setting = await getSchoolSetting(db, schoolId, MESSAGING_SETTING);
  return {
    categories: [...CATEGORIES],
    defaults: DEFAULT_RULES,
    effective: effectiveRules(setting),
    readReceipts: setting.readReceipts,
    attachmentMaxMb: setting.attachmentMaxMb,
    canEdit: canEditRules(actor, schoolId),
  };
}

export async function putRules(
  db: Executor,
  actor: Actor,
  input: {
    overrides: Parameters<typeof effectiveRules>[0]['overrides'];
    readReceipts: boolean;
    attachmentMaxMb?: number | undefined;
  },
) {
  const schoolId = currentSchool(actor);
  if (!canEditRules(actor, schoolId)) throw new AppError('FORBIDDEN', 'The rules are for the direction');
  await db.transaction().execute(async (trx) => {
    const current = await getSchoolSetting(trx, schoolId, MESSAGING_SETTING);
    const value = {
      overrides: input.overrides,
      readReceipts: input.readReceipts,
      attachmentMaxMb: input.attachmentMaxMb ?? current.attachmentMaxMb,
    };
    await setSchoolSetting(trx, schoolId, MESSAGING_SETTING, value, actor.personId);
    await audit(trx, { schoolId, actorId: actor.personId, action: 'rules.changed', details: input });
  });
  return getRules(db, actor);
}
