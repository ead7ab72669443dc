import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Notifications that leave Préau by e-mail (docs/mail.md).
// mail_preferences: per person and category, 'immediate', 'digest' or 'never'; no row means the category's default.
// mail_settings: per person, quiet hours ('HH:MM' Europe/Paris; both null: none); no row means 21:00–07:00.
// mail_queue: the persistent outbox. One row per notification to mail ('notification', waiting for the daily
// digest or sent alone) and one per digest mail ('digest'). A worker claims a due row by setting lease_until
// (safe with several processes): a row whose lease has expired is claimed again, so a mail is delivered at least
// once even when the process that claimed it died.
// mail_bounces: addresses that a mail server refused for good (5xx) or that a DSN reported; never mailed again
// until the school administration clears the bounce or the person's address changes.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('mail_preferences')
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_preferences_pk', ['person_id', 'category'])
    .execute();

  await s
    .createTable('mail_settings')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
    .addColumn('quiet_start', 'text')
    .addColumn('quiet_end', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('mail_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('notification_id', 'text', (c) => c.references('notifications.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('digest_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await s.createIndex('mail_queue_due_idx').on('mail_queue').columns(['status', 'due_at']).execute();
  await s.createIndex('mail_queue_person_idx').on('mail_queue').columns(['person_id', 'status']).execute();
  await s.createIndex('mail_queue_digest_idx').on('mail_queue').column('digest_id').execute();
  await s.createIndex('mail_queue_notification_idx').on('mail_queue').column('notification_id').execute();

  await s
    .createTable('mail_bounces')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('bounced_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mail_bounces').ifExists().execute();
  await db.schema.dropTable('mail_queue').ifExists().execute();
  await db.schema.dropTable('mail_settings').ifExists().execute();
  await db.schema.dropTable('mail_preferences').ifExists().execute();
}
