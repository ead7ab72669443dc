import { type Kysely, PostgresAdapter } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Messaging attachments are stored in the database like homework attachments (BLOB on SQLite, BYTEA on
// PostgreSQL), deleted with their message. A forwarded message gets its own rows (the bytes copied in SQL), so
// that who may download a file is always "the sender and the recipients of this message".
// Freezes: a school admin or the direction stops an account's sending (a taken-over account) while it can still
// read. Recall: what such an account sent is hidden from its recipients (`recalled_at` on the message for the
// sender's and the school's view, and on each copy so that the mailbox queries stay on message_copies).

export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  const s = db.schema;
  await s
    .createTable('message_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    /** 'clean' (a scanner said so) or 'not_scanned' (no scanner configured). */
    .addColumn('scan_status', 'text', (c) => c.notNull())
    .addColumn('data', binary, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('message_attachments_message_idx').on('message_attachments').column('message_id').execute();

  await s
    .createTable('messaging_freezes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('frozen_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('messaging_freezes_uq', ['school_id', 'person_id'])
    .execute();

  await s.alterTable('messages').addColumn('recalled_at', 'text').execute();
  await s.alterTable('messages').addColumn('recalled_by', 'text').execute();
  await s.alterTable('message_copies').addColumn('recalled_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('message_copies').dropColumn('recalled_at').execute();
  await db.schema.alterTable('messages').dropColumn('recalled_by').execute();
  await db.schema.alterTable('messages').dropColumn('recalled_at').execute();
  await db.schema.dropTable('messaging_freezes').ifExists().execute();
  await db.schema.dropTable('message_attachments').ifExists().execute();
}
