import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Parent–teacher evenings: the window in which families may choose their teachers (calendar dates, Europe/Paris,
// both included; null = from the opening, or until direction closes the requests).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('parent_evenings').addColumn('requests_from', 'text').execute();
  await db.schema.alterTable('parent_evenings').addColumn('requests_until', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('parent_evenings').dropColumn('requests_until').execute();
  await db.schema.alterTable('parent_evenings').dropColumn('requests_from').execute();
}
