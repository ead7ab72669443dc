import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * A published news can be corrected (docs/news.md): `edited_at` tells readers it changed after publication.
 * « Relancer »: `reminded_at` is the last reminder sent to those who have not read (or confirmed) it, at most one a day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('news').addColumn('edited_at', 'text').execute();
  await db.schema.alterTable('news').addColumn('reminded_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('news').dropColumn('reminded_at').execute();
  await db.schema.alterTable('news').dropColumn('edited_at').execute();
}
