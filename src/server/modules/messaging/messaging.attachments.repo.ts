import type { Executor, MessageAttachmentTable, MessagingFreezeTable } from '../../db/types.ts';

// ---- Attachments ----

const meta = ['id', 'message_id', 'file_name', 'content_type', 'size', 'scan_status', 'created_at'] as const;

/** Attachments of several messages (without their bytes), in one query. */
export function findAttachmentsOf(db: Executor, messageIds: readonly string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('message_attachments')
    .select(meta)
    .where('message_id', 'in', messageIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
export type AttachmentMeta = Awaited<ReturnType<typeof findAttachmentsOf>>[number];

export async function countAttachments(db: Executor, messageId: string): Promise<number> {
  const row = await db
    .selectFrom('message_attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertAttachment(db: Executor, row: MessageAttachmentTable) {
  await db.insertInto('message_attachments').values(row).execute();
}

export function getAttachment(db: Executor, messageId: string, id: string) {
  return db
    .selectFrom('message_attachments')
    .select(['id', 'file_name', 'content_type', 'data'])
    .where('message_id', '=', messageId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteAttachment(db: Executor, messageId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('message_attachments')
    .where('message_id', '=', messageId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * A forward carries the files of the forwarded message: each is copied to the new message in SQL (the bytes
 * never come back through the server), under the given new ids.
 */
export async function copyAttachments(
  db: Executor,
  o: { fromMessageId: string; toMessageId: string; ids: ReadonlyMap<string, string>; by: string; at: string },
) {
  for (const [fromId, newId] of o.ids) {
    await db
      .insertInto('message_attachments')
      .columns([
        'id',
        'message_id',
        'file_name',
        'content_type',
        'size',
        'sha256',
        'scan_status',
        'data',
        'created_by',
        'created_at',
      ])
      .expression((eb) =>
        eb
          .selectFrom('message_attachments')
          .select((s) => [
            s.val(newId).as('id'),
            s.val(o.toMessageId).as('message_id'),
            'file_name',
            'content_type',
            'size',
            'sha256',
            'scan_status',
            'data',
            s.val(o.by).as('created_by'),
            s.val(o.at).as('created_at'),
          ])
          .where('message_id', '=', o.fromMessageId)
          .where('id', '=', fromId),
      )
      .execute();
  }
}

// ---- Freezes and recalls ----

export function findFreeze(db: Executor, schoolId: string, personId: string) {
  return db
    .selectFrom('messaging_freezes')
    .select(['id', 'created_at'])
    .where('school_id', '=', schoolId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export function findFreezesOfSchool(db: Executor, schoolId: string) {
  return db
    .selectFrom('messaging_freezes as f')
    .innerJoin('people as p', 'p.id', 'f.person_id')
    .leftJoin('people as by', 'by.id', 'f.frozen_by')
    .select([
      'f.person_id',
      'f.reason',
      'f.created_at',
      'p.first_name',
      'p.last_name',
      'by.first_name as by_first_name',
      'by.last_name as by_last_name',
    ])
    .where('f.school_id', '=', schoolId)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .execute();
}

export async function insertFreeze(db: Executor, row: MessagingFreezeTable) {
  await db
    .insertInto('messaging_freezes')
    .values(row)
    .onConflict((oc) => oc.columns(['school_id', 'person_id']).doNothing())
    .execute();
}

export async function deleteFreeze(db: Executor, schoolId: string, personId: string): Promise<number> {
  const r = await db
    .deleteFrom('messaging_freezes')
    .where('school_id', '=', schoolId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** A person of the school (any profile), with their name. */
export function findPersonOfSchool(db: Executor, schoolId: string, personId: string) {
  return db
    .selectFrom('people as p')
    .select(['p.id', 'p.first_name', 'p.last_name'])
    .where('p.id', '=', personId)
    .where('p.id', 'in', (eb) => eb.selectFrom('profiles').select('person_id').where('school_id', '=', schoolId))
    .executeTakeFirst();
}

/** What a person sent in a school between two instants, newest first (subjects and counts, never bodies). */
export function findSentBetween(db: Executor, o: { schoolId: string; personId: string; from: string; to: string }) {
  return db
    .selectFrom('messages')
    .select(['id', 'subject', 'sent_at', 'recipient_count', 'recalled_at'])
    .where('school_id', '=', o.schoolId)
    .where('sender_id', '=', o.personId)
    .where('sent_at', '>=', o.from)
    .where('sent_at', '<=', o.to)
    .orderBy('sent_at', 'desc')
    .limit(500)
    .execute();
}

/** Hides from their recipients the messages a person sent in the window; returns the ids recalled. */
export async function recallSentBetween(
  db: Executor,
  o: { schoolId: string; personId: string; from: string; to: string; by: string; at: string },
): Promise<string[]> {
  const rows = await db
    .selectFrom('messages')
    .select('id')
    .where('school_id', '=', o.schoolId)
    .where('sender_id', '=', o.personId)
    .where('sent_at', '>=', o.from)
    .where('sent_at', '<=', o.to)
    .where('recalled_at', 'is', null)
    .execute();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    await db.updateTable('messages').set({ recalled_at: o.at, recalled_by: o.by }).where('id', 'in', part).execute();
    await db.updateTable('message_copies').set({ recalled_at: o.at }).where('message_id', 'in', part).execute();
  }
  return ids;
}
