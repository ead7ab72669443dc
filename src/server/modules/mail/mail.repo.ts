import { sql } from 'kysely';
import type { Executor, MailQueueTable } from '../../db/types.ts';

// ---- people and preferences ----

/** People of `ids` who may get mail now: an address, an account not disabled, an address that does not bounce. */
export function findMailablePeople(db: Executor, ids: readonly string[]) {
  return db
    .selectFrom('people')
    .leftJoin('mail_bounces', (j) => j.on('mail_bounces.address', '=', sql<string>`lower(people.email)`))
    .select(['people.id', 'people.email'])
    .where('people.id', 'in', ids)
    .where('people.email', 'is not', null)
    .where('people.email', '<>', '')
    .where('people.disabled_at', 'is', null)
    .where('mail_bounces.address', 'is', null)
    .execute();
}

export function findPreferencesOf(db: Executor, personIds: readonly string[]) {
  return db
    .selectFrom('mail_preferences')
    .select(['person_id', 'category', 'mode'])
    .where('person_id', 'in', personIds)
    .execute();
}

export function getSettings(db: Executor, personId: string) {
  return db.selectFrom('mail_settings').selectAll().where('person_id', '=', personId).executeTakeFirst();
}

export async function upsertPreferences(
  db: Executor,
  personId: string,
  modes: ReadonlyArray<{ category: string; mode: string }>,
  now: string,
) {
  for (const { category, mode } of modes) {
    await db
      .insertInto('mail_preferences')
      .values({ person_id: personId, category, mode, updated_at: now })
      .onConflict((oc) => oc.columns(['person_id', 'category']).doUpdateSet({ mode, updated_at: now }))
      .execute();
  }
}

export async function upsertQuietHours(
  db: Executor,
  personId: string,
  quiet: { start: string; end: string } | null,
  now: string,
) {
  const values = { quiet_start: quiet?.start ?? null, quiet_end: quiet?.end ?? null, updated_at: now };
  await db
    .insertInto('mail_settings')
    .values({ person_id: personId, ...values })
    .onConflict((oc) => oc.column('person_id').doUpdateSet(values))
    .execute();
}

export function getPersonForMail(db: Executor, personId: string) {
  return db
    .selectFrom('people')
    .select(['id', 'first_name', 'last_name', 'email', 'locale', 'disabled_at'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

// ---- bounces ----

export function findBounce(db: Executor, address: string) {
  return db.selectFrom('mail_bounces').selectAll().where('address', '=', address.toLowerCase()).executeTakeFirst();
}

export async function insertBounce(db: Executor, row: { address: string; reason: string; source: string; at: string }) {
  const values = { reason: row.reason.slice(0, 500), source: row.source, bounced_at: row.at };
  await db
    .insertInto('mail_bounces')
    .values({ address: row.address.toLowerCase(), ...values })
    .onConflict((oc) => oc.column('address').doUpdateSet(values))
    .execute();
}

export async function deleteBounce(db: Executor, address: string) {
  await db.deleteFrom('mail_bounces').where('address', '=', address.toLowerCase()).execute();
}

/** People of a school (any profile) whose current address bounces. */
export function findBouncingPeopleOfSchool(db: Executor, schoolId: string) {
  return db
    .selectFrom('people')
    .innerJoin('mail_bounces', (j) => j.on('mail_bounces.address', '=', sql<string>`lower(people.email)`))
    .select([
      'people.id',
      'people.first_name',
      'people.last_name',
      'people.email',
      'mail_bounces.reason',
      'mail_bounces.bounced_at',
    ])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('profiles')
          .select('profiles.id')
          .whereRef('profiles.person_id', '=', 'people.id')
          .where('profiles.school_id', '=', schoolId),
      ),
    )
    .orderBy('people.last_name')
    .orderBy('people.first_name')
    .execute();
}

export function personBelongsToSchool(db: Executor, personId: string, schoolId: string) {
  return db
    .selectFrom('profiles')
    .select('id')
    .where('person_id', '=', personId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

// ---- the queue ----

export async function insertQueueRows(db: Executor, rows: MailQueueTable[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('mail_queue')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Ids of rows due now and not leased (or whose lease has expired), oldest first. */
export async function findDueIds(db: Executor, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_queue')
    .select('id')
    .where('status', '=', 'pending')
    .where('due_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Takes a lease on one row: a single conditional UPDATE, so that of several processes only one gets it (the
 * others see no row updated). Counts the attempt: a mail whose sending kills its process is not retried forever.
 */
export async function claimRow(db: Executor, id: string, now: string, leaseUntil: string, owner: string) {
  const r = await db
    .updateTable('mail_queue')
    .set((eb) => ({ lease_until: leaseUntil, lease_owner: owner, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function getQueueRow(db: Executor, id: string) {
  return db.selectFrom('mail_queue').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateQueueRow(db: Executor, id: string, set: Partial<MailQueueTable>) {
  await db.updateTable('mail_queue').set(set).where('id', '=', id).execute();
}

export function getNotification(db: Executor, id: string) {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The notifications gathered in a digest, oldest first. */
export function findDigestItems(db: Executor, digestId: string) {
  return db
    .selectFrom('mail_queue')
    .innerJoin('notifications', 'notifications.id', 'mail_queue.notification_id')
    .selectAll('notifications')
    .select('mail_queue.category')
    .where('mail_queue.digest_id', '=', digestId)
    .orderBy('notifications.created_at')
    .orderBy('notifications.id')
    .execute();
}

export async function findPeopleWithDigestItems(db: Executor, before: string): Promise<string[]> {
  const rows = await db
    .selectFrom('mail_queue')
    .select('person_id')
    .distinct()
    .where('status', '=', 'waiting_digest')
    .where('created_at', '<=', before)
    .execute();
  return rows.map((r) => r.person_id);
}

/** Moves a person's waiting items into one digest; 0 when another process already did. */
export async function batchDigestItems(db: Executor, personId: string, digestId: string, before: string) {
  const r = await db
    .updateTable('mail_queue')
    .set({ status: 'batched', digest_id: digestId })
    .where('person_id', '=', personId)
    .where('status', '=', 'waiting_digest')
    .where('created_at', '<=', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function markDigestItems(db: Executor, digestId: string, status: string, at: string | null) {
  await db.updateTable('mail_queue').set({ status, sent_at: at }).where('digest_id', '=', digestId).execute();
}

/** Claims the day's digest run (one row in deployment_settings): true for the first caller of the day. */
export async function claimDigestDay(db: Executor, day: string, now: string): Promise<boolean> {
  await db
    .insertInto('deployment_settings')
    .values({ name: 'mail_digest_day', value: '0000-00-00', created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .updateTable('deployment_settings')
    .set({ value: day })
    .where('name', '=', 'mail_digest_day')
    .where('value', '<', day)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getDigestDay(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('deployment_settings')
    .select('value')
    .where('name', '=', 'mail_digest_day')
    .executeTakeFirst();
  return row?.value ?? null;
}

export async function getOrCreateSetting(db: Executor, name: string, create: () => string, now: string) {
  await db
    .insertInto('deployment_settings')
    .values({ name, value: create(), created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('deployment_settings').select('value').where('name', '=', name).executeTakeFirst();
  return row!.value;
}

/** A person's mails still to go, per status (the account page shows what waits for the digest). */
export function countQueuedOf(db: Executor, personId: string) {
  return db
    .selectFrom('mail_queue')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('person_id', '=', personId)
    .where('status', 'in', ['pending', 'waiting_digest'])
    .where('kind', '=', 'notification')
    .groupBy('status')
    .execute();
}
