import { sql } from 'kysely';
import type {
  Executor,
  MessageCopyTable,
  MessageReportTable,
  MessageTable,
  MessagingAuditTable,
  MessagingBlockTable,
} from '../../db/types.ts';
import { opensSchoolInformation } from '../directory/directory.repo.ts';

const current = (alias: 'm' | 'gm', day: string) =>
  sql<boolean>`${sql.ref(`${alias}.starts_on`)} <= ${day} and (${sql.ref(`${alias}.ends_on`)} is null or ${sql.ref(`${alias}.ends_on`)} >= ${day})`;

// ---- The school's people and links (messaging.audience.ts builds its graph from these) ----

export function findProfilesOfSchool(db: Executor, schoolId: string) {
  return db
    .selectFrom('profiles as pr')
    .innerJoin('people as p', 'p.id', 'pr.person_id')
    .select(['p.id', 'p.first_name', 'p.last_name', 'pr.kind'])
    .where('pr.school_id', '=', schoolId)
    .where('p.disabled_at', 'is', null)
    .execute();
}

export function findFunctionsOfSchool(db: Executor, schoolId: string) {
  return db.selectFrom('staff_functions').select(['person_id', 'function']).where('school_id', '=', schoolId).execute();
}

/** The classes of the school year in force on `day`, with their site. */
export function findClassesOfSchool(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('classes as c')
    .innerJoin('school_years as y', 'y.id', 'c.school_year_id')
    .select(['c.id', 'c.code', 'c.label', 'c.level', 'c.site_id'])
    .where('c.school_id', '=', schoolId)
    .where('y.starts_on', '<=', day)
    .where('y.ends_on', '>=', day)
    .execute();
}

export function findGroupsOfSchool(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('groups as g')
    .innerJoin('school_years as y', 'y.id', 'g.school_year_id')
    .select(['g.id', 'g.code', 'g.label'])
    .where('g.school_id', '=', schoolId)
    .where('y.starts_on', '<=', day)
    .where('y.ends_on', '>=', day)
    .execute();
}

export function findSitesOfSchool(db: Executor, schoolId: string) {
  return db.selectFrom('sites').select(['id', 'name']).where('school_id', '=', schoolId).execute();
}

export function findClassMembershipsOfSchool(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['m.pupil_id', 'm.class_id'])
    .where('c.school_id', '=', schoolId)
    .where(current('m', day))
    .execute();
}

export function findGroupMembershipsOfSchool(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('group_memberships as gm')
    .innerJoin('groups as g', 'g.id', 'gm.group_id')
    .select(['gm.pupil_id', 'gm.group_id'])
    .where('g.school_id', '=', schoolId)
    .where(current('gm', day))
    .execute();
}

/**
 * The guardian links that count for messaging: the pupil is of this school, and the link gives access to the
 * child's school life (no court restriction; an "other contact" only with the school's access — the same rule as
 * everywhere else, opensSchoolInformation). (The guardian's
 * own guardian profile in the school is checked by the caller: a second join let PostgreSQL, with the statistics
 * of a freshly imported school, plan a cross product of pupils and guardians that took seconds.)
 */
export function findMessagingGuardianLinks(db: Executor, schoolId: string) {
  return db
    .selectFrom('guardianships as g')
    .select(['g.guardian_id', 'g.pupil_id'])
    .where('g.pupil_id', 'in', (eb) =>
      eb.selectFrom('profiles').select('person_id').where('school_id', '=', schoolId).where('kind', '=', 'pupil'),
    )
    .where(opensSchoolInformation('g'))
    .execute();
}

export function findTeachingOfSchool(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('teaching_assignments as t')
    .innerJoin('school_years as y', 'y.id', 't.school_year_id')
    .select(['t.teacher_id', 't.class_id', 't.group_id'])
    .where('t.school_id', '=', schoolId)
    .where('y.starts_on', '<=', day)
    .where('y.ends_on', '>=', day)
    .execute();
}

// ---- Messages ----

// Rows per INSERT: 7 columns each stays far below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

export async function insertMessage(db: Executor, row: MessageTable) {
  await db.insertInto('messages').values(row).execute();
}

export async function updateMessage(db: Executor, id: string, set: Partial<MessageTable>) {
  await db.updateTable('messages').set(set).where('id', '=', id).execute();
}

export async function deleteMessage(db: Executor, id: string) {
  await db.deleteFrom('messages').where('id', '=', id).execute();
}

export async function insertCopies(db: Executor, rows: MessageCopyTable[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('message_copies')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

export function getMessage(db: Executor, id: string) {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCopy(db: Executor, messageId: string, personId: string) {
  return db
    .selectFrom('message_copies')
    .selectAll()
    .where('message_id', '=', messageId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** Recipients sent to by `senderId` since `since` (the rate limit). */
export async function countRecipientsSince(db: Executor, senderId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.sum<number>('recipient_count').as('n'))
    .where('sender_id', '=', senderId)
    .where('sent_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export type Folder = 'inbox' | 'sent' | 'drafts' | 'trash';

const listColumns = [
  'msg.id',
  'msg.school_id',
  'msg.sender_id',
  'msg.sender_role',
  'msg.thread_id',
  'msg.subject',
  'msg.body_text',
  'msg.audience',
  'msg.recipient_count',
  'msg.created_at',
  'msg.updated_at',
  'msg.sent_at',
  'sp.first_name as sender_first_name',
  'sp.last_name as sender_last_name',
] as const;

function likeOf(q: string) {
  return `%${q.toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
}

/**
 * A folder of a person's mailbox, newest first. Inbox and trash hold their received copies (and, in the trash,
 * the messages they sent and then deleted); sent and drafts hold their own messages.
 */
export async function findFolder(
  db: Executor,
  o: { personId: string; folder: Folder; q?: string | undefined; before?: string | undefined; limit: number },
) {
  const search = o.q ? likeOf(o.q) : null;
  const matches = (column: string) => sql<boolean>`lower(${sql.ref(column)}) like ${search} escape '\\'`;
  const received = () => {
    let q = db
      .selectFrom('message_copies as c')
      .innerJoin('messages as msg', 'msg.id', 'c.message_id')
      .innerJoin('people as sp', 'sp.id', 'msg.sender_id')
      .select(listColumns)
      .select(['c.read_at', sql<number>`0`.as('is_own'), sql<string>`msg.sent_at`.as('sort_at')])
      .where('c.person_id', '=', o.personId)
      .where('c.purged_at', 'is', null)
      .where('c.recalled_at', 'is', null);
    q = o.folder === 'trash' ? q.where('c.trashed_at', 'is not', null) : q.where('c.trashed_at', 'is', null);
    return q;
  };
  const own = () => {
    let q = db
      .selectFrom('messages as msg')
      .innerJoin('people as sp', 'sp.id', 'msg.sender_id')
      .select(listColumns)
      .select([
        sql<string | null>`msg.sent_at`.as('read_at'),
        sql<number>`1`.as('is_own'),
        sql<string>`coalesce(msg.sent_at, msg.updated_at)`.as('sort_at'),
      ])
      .where('msg.sender_id', '=', o.personId)
      .where('msg.sender_purged_at', 'is', null);
    if (o.folder === 'drafts') q = q.where('msg.sent_at', 'is', null);
    else q = q.where('msg.sent_at', 'is not', null);
    q =
      o.folder === 'trash'
        ? q.where('msg.sender_trashed_at', 'is not', null)
        : q.where('msg.sender_trashed_at', 'is', null);
    return q;
  };
  type Q = ReturnType<typeof received>;
  const filter = (q: Q): Q => {
    let out = q;
    if (search) {
      out = out.where((eb) =>
        eb.or([matches('msg.subject'), matches('msg.body_text'), matches('sp.last_name'), matches('sp.first_name')]),
      );
    }
    return out;
  };
  const query =
    o.folder === 'inbox'
      ? filter(received())
      : o.folder === 'trash'
        ? filter(received()).unionAll(filter(own() as unknown as Q))
        : filter(own() as unknown as Q);
  const rows = await db
    .selectFrom(query.as('f'))
    .selectAll()
    .$if(o.before !== undefined, (qb) => qb.where('f.sort_at', '<', o.before as string))
    .orderBy('f.sort_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(o.limit)
    .execute();
  return rows;
}

export async function countUnread(db: Executor, personId: string): Promise<number> {
  const row = await db
    .selectFrom('message_copies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .where('trashed_at', 'is', null)
    .where('purged_at', 'is', null)
    .where('recalled_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The messages of a conversation that `personId` may see: those they sent, and those they received. */
export function findThreadFor(db: Executor, threadId: string, personId: string) {
  return db
    .selectFrom('messages as msg')
    .innerJoin('people as sp', 'sp.id', 'msg.sender_id')
    .leftJoin('message_copies as c', (j) => j.onRef('c.message_id', '=', 'msg.id').on('c.person_id', '=', personId))
    .selectAll('msg')
    .select(['sp.first_name as sender_first_name', 'sp.last_name as sender_last_name', 'c.read_at', 'c.trashed_at'])
    .where('msg.thread_id', '=', threadId)
    .where('msg.sent_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('msg.sender_id', '=', personId), eb('msg.sender_purged_at', 'is', null)]),
        eb.and([eb('c.id', 'is not', null), eb('c.purged_at', 'is', null), eb('c.recalled_at', 'is', null)]),
      ]),
    )
    .orderBy('msg.sent_at')
    .orderBy('msg.id')
    .execute();
}

export async function markCopyRead(db: Executor, messageId: string, personId: string, at: string) {
  await db
    .updateTable('message_copies')
    .set({ read_at: at })
    .where('message_id', '=', messageId)
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .execute();
}

export async function setCopyState(
  db: Executor,
  messageId: string,
  personId: string,
  set: Partial<Pick<MessageCopyTable, 'trashed_at' | 'purged_at' | 'read_at'>>,
) {
  await db
    .updateTable('message_copies')
    .set(set)
    .where('message_id', '=', messageId)
    .where('person_id', '=', personId)
    .execute();
}

export function findRecipientsOf(db: Executor, messageId: string) {
  return db
    .selectFrom('message_copies as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .select(['p.id', 'p.first_name', 'p.last_name', 'c.read_at'])
    .where('c.message_id', '=', messageId)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .execute();
}

// ---- Reports, blocks, audit ----

export async function insertReport(db: Executor, row: MessageReportTable) {
  await db.insertInto('message_reports').values(row).execute();
}

export function findReport(db: Executor, messageId: string, reporterId: string) {
  return db
    .selectFrom('message_reports')
    .selectAll()
    .where('message_id', '=', messageId)
    .where('reporter_id', '=', reporterId)
    .executeTakeFirst();
}

export function getReport(db: Executor, id: string) {
  return db.selectFrom('message_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findReportsOfSchool(db: Executor, schoolId: string) {
  return db
    .selectFrom('message_reports as r')
    .innerJoin('messages as msg', 'msg.id', 'r.message_id')
    .innerJoin('people as sp', 'sp.id', 'msg.sender_id')
    .innerJoin('people as rp', 'rp.id', 'r.reporter_id')
    .select([
      'r.id',
      'r.reason',
      'r.created_at',
      'r.closed_at',
      'msg.id as message_id',
      'msg.subject',
      'msg.body_html',
      'msg.sent_at',
      'msg.sender_id',
      'msg.sender_role',
      'sp.first_name as sender_first_name',
      'sp.last_name as sender_last_name',
      'rp.id as reporter_id',
      'rp.first_name as reporter_first_name',
      'rp.last_name as reporter_last_name',
    ])
    .where('r.school_id', '=', schoolId)
    .orderBy('r.closed_at', (ob) => ob.nullsFirst())
    .orderBy('r.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function closeReport(db: Executor, id: string, by: string, at: string) {
  await db
    .updateTable('message_reports')
    .set({ closed_at: at, closed_by: by })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .execute();
}

export function findBlock(db: Executor, schoolId: string, personId: string) {
  return db
    .selectFrom('messaging_blocks')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export function findBlocksOfSchool(db: Executor, schoolId: string) {
  return db
    .selectFrom('messaging_blocks as b')
    .innerJoin('people as p', 'p.id', 'b.person_id')
    .leftJoin('people as by', 'by.id', 'b.blocked_by')
    .select([
      'b.person_id',
      'b.reason',
      'b.created_at',
      'p.first_name',
      'p.last_name',
      'by.first_name as by_first_name',
      'by.last_name as by_last_name',
    ])
    .where('b.school_id', '=', schoolId)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .execute();
}

export async function insertBlock(db: Executor, row: MessagingBlockTable) {
  await db
    .insertInto('messaging_blocks')
    .values(row)
    .onConflict((oc) => oc.columns(['school_id', 'person_id']).doNothing())
    .execute();
}

export async function deleteBlock(db: Executor, schoolId: string, personId: string): Promise<number> {
  const r = await db
    .deleteFrom('messaging_blocks')
    .where('school_id', '=', schoolId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertAudit(db: Executor, row: MessagingAuditTable) {
  await db.insertInto('messaging_audit').values(row).execute();
}
