import { type Kysely, PostgresAdapter } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Homework attachments are stored in the database (at most 5 MB each, checked by the route): written in the
// same transaction as what refers to them, deleted with their homework, and in the same backup. The one
// dialect difference is the binary column type: BLOB on SQLite, BYTEA on PostgreSQL.

export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('homework_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('homework_id', 'text', (c) => c.notNull().references('homework.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', binary, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('homework_attachments_homework_idx')
    .on('homework_attachments')
    .column('homework_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('homework_attachments').ifExists().execute();
}
