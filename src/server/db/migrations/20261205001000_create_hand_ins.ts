import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * Hand-ins (dépôt de devoirs, docs/handin.md). Homework may ask for one: `hand_in_required`, a deadline time on
 * its due date (Europe/Paris) and what happens after it (`accept` and mark late, or `refuse`). Each pupil has at
 * most one hand-in per homework, made of files kept in the file storage (lib/storage.ts), not in the database:
 * a class of 30 sending photos of their work is too much for a backup of the database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('homework')
    .addColumn('hand_in_required', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('homework')
    .addColumn('hand_in_late_policy', 'text', (c) => c.notNull().defaultTo('accept'))
    .execute();
  await db.schema
    .alterTable('homework')
    .addColumn('hand_in_due_time', 'text', (c) => c.notNull().defaultTo('08:00'))
    .execute();

  await db.schema
    .createTable('hand_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('homework_id', 'text', (c) => c.notNull().references('homework.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    // Stamped by the server when the files arrive (the last time they were replaced).
    .addColumn('handed_in_at', 'text', (c) => c.notNull())
    .addColumn('is_late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('returned_at', 'text')
    .addColumn('returned_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('comment', 'text')
    // The mark is kept on the hand-in (not yet an assessment of the grades module): "14.5" out of "20".
    .addColumn('mark', 'real')
    .addColumn('mark_out_of', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('hand_ins_homework_pupil_uq', ['homework_id', 'pupil_id'])
    .execute();
  await db.schema.createIndex('hand_ins_pupil_idx').on('hand_ins').column('pupil_id').execute();

  await db.schema
    .createTable('hand_in_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hand_in_id', 'text', (c) => c.notNull().references('hand_ins.id').onDelete('cascade'))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('scan_status', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hand_in_files_hand_in_idx').on('hand_in_files').column('hand_in_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hand_in_files').ifExists().execute();
  await db.schema.dropTable('hand_ins').ifExists().execute();
  await db.schema.alterTable('homework').dropColumn('hand_in_due_time').execute();
  await db.schema.alterTable('homework').dropColumn('hand_in_late_policy').execute();
  await db.schema.alterTable('homework').dropColumn('hand_in_required').execute();
}
