import { type Kysely, PostgresAdapter } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// School news (actualités): the news, its attachments (stored in the database like homework attachments: same
// transaction, same backup; BLOB on SQLite, BYTEA on PostgreSQL) and one row per reader who opened or confirmed it.
// The audience is resolved against the directory when read, never expanded into rows.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await s
    .createTable('news')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    /** Sanitised on the server (messaging.sanitize.ts) before it is stored. */
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    /** JSON: { publics: ['guardians'|'pupils'|'staff'], siteIds, levels, classIds } (no filter: the whole school). */
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ack_required', 'integer', (c) => c.notNull().defaultTo(0))
    /** Instant (UTC) from which readers see it. */
    .addColumn('publish_at', 'text', (c) => c.notNull())
    /** Last calendar day it is shown to readers (Europe/Paris); null: no end. */
    .addColumn('expires_on', 'text')
    /** When its readers were notified (null: not yet, e.g. a publication planned for later). */
    .addColumn('notified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('news_school_publish_idx').on('news').columns(['school_id', 'publish_at']).execute();

  await s
    .createTable('news_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('news_id', 'text', (c) => c.notNull().references('news.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', binary, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('news_attachments_news_idx').on('news_attachments').column('news_id').execute();

  await s
    .createTable('news_reads')
    .addColumn('news_id', 'text', (c) => c.notNull().references('news.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    /** « J’ai pris connaissance »: null until the reader confirms. */
    .addColumn('confirmed_at', 'text')
    .addPrimaryKeyConstraint('news_reads_pk', ['news_id', 'person_id'])
    .execute();
  await s.createIndex('news_reads_person_idx').on('news_reads').column('person_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['news_reads', 'news_attachments', 'news']) await db.schema.dropTable(t).ifExists().execute();
}
