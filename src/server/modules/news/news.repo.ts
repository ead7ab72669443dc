import { sql } from 'kysely';
import type { Executor, NewsAttachmentTable, NewsReadTable, NewsTable } from '../../db/types.ts';
import { opensSchoolInformation } from '../directory/directory.repo.ts';

// Lists of ids are sent in chunks, far below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 900;
async function chunked<T>(ids: readonly string[], run: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await run(unique.slice(i, i + CHUNK))));
  return out;
}

export async function insertNews(db: Executor, row: NewsTable) {
  await db.insertInto('news').values(row).execute();
}

/** Writes a changed news (only the columns an edit may change). */
export async function updateNews(
  db: Executor,
  id: string,
  patch: Pick<
    NewsTable,
    | 'title'
    | 'body_html'
    | 'body_text'
    | 'audience'
    | 'pinned'
    | 'ack_required'
    | 'publish_at'
    | 'expires_on'
    | 'notified_at'
    | 'edited_at'
    | 'updated_at'
  >,
) {
  await db.updateTable('news').set(patch).where('id', '=', id).execute();
}

/**
 * Claims today's reminder: succeeds only when none was sent since `since`, so that two clicks (or two
 * processes) send one reminder.
 */
export async function claimReminder(db: Executor, id: string, at: string, since: string): Promise<boolean> {
  const r = await db
    .updateTable('news')
    .set({ reminded_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('reminded_at', '<=', since)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteNews(db: Executor, id: string) {
  await db.deleteFrom('news').where('id', '=', id).execute();
}

const newsColumns = [
  'n.id',
  'n.school_id',
  'n.author_id',
  'n.title',
  'n.body_text',
  'n.audience',
  'n.pinned',
  'n.ack_required',
  'n.publish_at',
  'n.expires_on',
  'n.notified_at',
  'n.edited_at',
  'n.reminded_at',
  'n.created_at',
  'a.first_name as author_first_name',
  'a.last_name as author_last_name',
] as const;

/** The news of these schools (without their HTML), newest first, at most `limit`. */
export function findNewsOfSchools(db: Executor, schoolIds: readonly string[], limit = 300) {
  if (schoolIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('news as n')
    .leftJoin('people as a', 'a.id', 'n.author_id')
    .select(newsColumns)
    .where('n.school_id', 'in', [...schoolIds])
    .orderBy('n.publish_at', 'desc')
    .orderBy('n.id')
    .limit(limit)
    .execute();
}
export type NewsRow = Awaited<ReturnType<typeof findNewsOfSchools>>[number];

export function getNews(db: Executor, id: string) {
  return db
    .selectFrom('news as n')
    .leftJoin('people as a', 'a.id', 'n.author_id')
    .select([...newsColumns, 'n.body_html'])
    .where('n.id', '=', id)
    .executeTakeFirst();
}

/** News whose publication time has come and whose readers were not notified yet. */
export function findDueUnnotified(db: Executor, now: string) {
  return db
    .selectFrom('news')
    .select(['id'])
    .where('notified_at', 'is', null)
    .where('publish_at', '<=', now)
    .orderBy('publish_at')
    .limit(20)
    .execute();
}

/** Marks a news notified; false when someone else did it first (the notification is then not sent twice). */
export async function claimNotification(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('news')
    .set({ notified_at: at })
    .where('id', '=', id)
    .where('notified_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ------------------------------------------------------------------------------------------- reads

export function findReadsOfPerson(db: Executor, personId: string, newsIds: readonly string[]) {
  return chunked(newsIds, (ids) =>
    db
      .selectFrom('news_reads')
      .select(['news_id', 'opened_at', 'confirmed_at'])
      .where('person_id', '=', personId)
      .where('news_id', 'in', ids)
      .execute(),
  );
}

export function findReadsOfNews(db: Executor, newsId: string) {
  return db
    .selectFrom('news_reads')
    .select(['person_id', 'opened_at', 'confirmed_at'])
    .where('news_id', '=', newsId)
    .execute();
}

/** Records that a reader opened a news (the first time only); `confirm` also records « J’ai pris connaissance ». */
export async function recordRead(db: Executor, newsId: string, personId: string, at: string, confirm: boolean) {
  await db
    .insertInto('news_reads')
    .values({ news_id: newsId, person_id: personId, opened_at: at, confirmed_at: confirm ? at : null })
    .onConflict((oc) => {
      const target = oc.columns(['news_id', 'person_id']);
      return confirm
        ? target.doUpdateSet({ confirmed_at: sql<string>`coalesce(news_reads.confirmed_at, ${at})` })
        : target.doNothing();
    })
    .execute();
  return db
    .selectFrom('news_reads')
    .select(['opened_at', 'confirmed_at'])
    .where('news_id', '=', newsId)
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
}

// ------------------------------------------------------------------------------------------- attachments

const attachmentMeta = ['id', 'news_id', 'file_name', 'content_type', 'size', 'created_at'] as const;

export function findAttachmentsOf(db: Executor, newsIds: readonly string[]) {
  return chunked(newsIds, (ids) =>
    db
      .selectFrom('news_attachments')
      .select(attachmentMeta)
      .where('news_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  );
}
export type AttachmentMeta = Awaited<ReturnType<typeof findAttachmentsOf>>[number];

export async function countAttachments(db: Executor, newsId: string): Promise<number> {
  const rows = await db.selectFrom('news_attachments').select('id').where('news_id', '=', newsId).execute();
  return rows.length;
}

export async function insertAttachment(db: Executor, row: NewsAttachmentTable) {
  await db.insertInto('news_attachments').values(row).execute();
}

export const getAttachment = (db: Executor, newsId: string, id: string) =>
  db
    .selectFrom('news_attachments')
    .select([...attachmentMeta, 'data'])
    .where('news_id', '=', newsId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function deleteAttachment(db: Executor, newsId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('news_attachments')
    .where('news_id', '=', newsId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// ------------------------------------------------------------------------------------------- the school

export function findSitesOfSchools(db: Executor, schoolIds: readonly string[]) {
  if (schoolIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sites')
    .select(['id', 'school_id', 'name'])
    .where('school_id', 'in', [...schoolIds])
    .orderBy('name')
    .execute();
}

/** Classes of these schools (every school year: an audience keeps its names). */
export function findClassesByIds(db: Executor, classIds: readonly string[]) {
  return chunked(classIds, (ids) =>
    db.selectFrom('classes').select(['id', 'school_id', 'code', 'label', 'level']).where('id', 'in', ids).execute(),
  );
}

/** The classes of the school year running on `day`. */
export function findCurrentClasses(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('classes as c')
    .innerJoin('school_years as y', 'y.id', 'c.school_year_id')
    .select(['c.id', 'c.code', 'c.label', 'c.level', 'c.site_id'])
    .where('c.school_id', '=', schoolId)
    .where('y.starts_on', '<=', day)
    .where('y.ends_on', '>=', day)
    .orderBy('c.level', 'desc')
    .orderBy('c.code')
    .execute();
}

/** Pupils of the school in a class on `day`, with their class and site. */
export function findPupilsOfSchool(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .innerJoin('people as p', 'p.id', 'm.pupil_id')
    .select([
      'p.id',
      'p.first_name',
      'p.last_name',
      'c.id as class_id',
      'c.code as class_code',
      'c.label as class_label',
      'c.level',
      'c.site_id',
    ])
    .where('c.school_id', '=', schoolId)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute();
}

/**
 * The guardians who follow these pupils' schooling (opensSchoolInformation: court-restricted links and other
 * contacts without school access are left out) and hold a guardian profile in the school, with what tells whether
 * they could be reached: an activated account, an e-mail address, a phone number.
 */
export function findGuardianLinks(db: Executor, schoolId: string, pupilIds: readonly string[]) {
  return chunked(pupilIds, (ids) =>
    db
      .selectFrom('guardianships as g')
      .innerJoin('people as p', 'p.id', 'g.guardian_id')
      .innerJoin('profiles as pr', (j) =>
        j.onRef('pr.person_id', '=', 'p.id').on('pr.kind', '=', 'guardian').on('pr.school_id', '=', schoolId),
      )
      .select([
        'g.pupil_id',
        'p.id',
        'p.first_name',
        'p.last_name',
        'p.email',
        'p.phone',
        'g.responsibility',
        sql<number>`case when p.password_hash is null then 0 else 1 end`.as('activated'),
      ])
      .where('g.pupil_id', 'in', ids)
      .where(opensSchoolInformation('g'))
      .where('p.disabled_at', 'is', null)
      .execute(),
  );
}

/** Of these people, those who ever signed in (a session or a trusted device or address is on record). */
export async function findSignedIn(db: Executor, personIds: readonly string[]): Promise<Set<string>> {
  const rows = await chunked(personIds, async (ids) => [
    ...(await db.selectFrom('sessions').select('person_id').distinct().where('person_id', 'in', ids).execute()),
    ...(await db.selectFrom('auth_trust').select('person_id').distinct().where('person_id', 'in', ids).execute()),
  ]);
  return new Set(rows.map((r) => r.person_id));
}

/** Staff and teachers of the school. */
export async function findStaffOfSchool(db: Executor, schoolId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('profiles')
    .select('person_id')
    .distinct()
    .where('school_id', '=', schoolId)
    .where('kind', 'in', ['staff', 'teacher'])
    .execute();
  return rows.map((r) => r.person_id);
}

/** Reads written in bulk (the demo seed). */
export async function insertReads(db: Executor, rows: readonly NewsReadTable[]) {
  if (rows.length > 0)
    await db
      .insertInto('news_reads')
      .values([...rows])
      .execute();
}
