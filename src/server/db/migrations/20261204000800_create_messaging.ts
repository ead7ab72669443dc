import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('sender_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    /** The sender's messaging category when sending ('teacher', 'guardian'...), shown next to the name. */
    .addColumn('sender_role', 'text', (c) => c.notNull())
    /** The id of the first message of the conversation (its own id for a first message). */
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('forward_of_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    /** Sanitised on the server (messaging.sanitize.ts) before it is stored. */
    .addColumn('body_html', 'text', (c) => c.notNull())
    /** The body as plain text, for search and previews. */
    .addColumn('body_text', 'text', (c) => c.notNull())
    /** JSON: what the recipients see of the addressing (groups by label, people by name). */
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('[]'))
    /** JSON: a draft's recipients as chosen (groups unresolved); '[]' once sent. */
    .addColumn('draft_recipients', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('recipient_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    /** Null for a draft. */
    .addColumn('sent_at', 'text')
    .addColumn('sender_trashed_at', 'text')
    .addColumn('sender_purged_at', 'text')
    .execute();
  await s.createIndex('messages_sender_sent_idx').on('messages').columns(['sender_id', 'sent_at']).execute();
  await s.createIndex('messages_thread_idx').on('messages').column('thread_id').execute();

  await s
    .createTable('message_copies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('trashed_at', 'text')
    .addColumn('purged_at', 'text')
    .addUniqueConstraint('message_copies_uq', ['message_id', 'person_id'])
    .execute();
  await s
    .createIndex('message_copies_person_idx')
    .on('message_copies')
    .columns(['person_id', 'trashed_at', 'read_at'])
    .execute();

  await s
    .createTable('message_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('reporter_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addUniqueConstraint('message_reports_uq', ['message_id', 'reporter_id'])
    .execute();
  await s
    .createIndex('message_reports_school_idx')
    .on('message_reports')
    .columns(['school_id', 'created_at'])
    .execute();

  await s
    .createTable('messaging_blocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('blocked_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('messaging_blocks_uq', ['school_id', 'person_id'])
    .execute();

  await s
    .createTable('messaging_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('target_id', 'text')
    /** JSON. */
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('messaging_audit_school_idx')
    .on('messaging_audit')
    .columns(['school_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['messaging_audit', 'messaging_blocks', 'message_reports', 'message_copies', 'messages']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
