import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/** Who did what to whom, for actions that must be accountable (access resets, rights granted...). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.references('schools.id').onDelete('cascade'))
    .addColumn('actor_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_events_school_idx')
    .on('audit_events')
    .columns(['school_id', 'created_at'])
    .execute();
  await db.schema.createIndex('audit_events_target_idx').on('audit_events').column('target_person_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
}
