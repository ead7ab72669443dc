import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * The year's rollover (« bascule d'année », docs/imports.md): the year it leaves becomes read-only. `archived_at`
 * is when; writes that target an archived year are refused (`YEAR_ARCHIVED`, lib/school-year.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('school_years').addColumn('archived_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('school_years').dropColumn('archived_at').execute();
}
