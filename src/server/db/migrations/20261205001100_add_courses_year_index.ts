import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * A school year's courses (a school's day for the roll calls, conflict checks, edits) were found by scanning
 * every course of the deployment: 102,000 on the 130-school database, on both engines (issue 16). Foreign keys
 * are not indexed by PostgreSQL, nor by SQLite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('courses_year_weekday_idx')
    .on('courses')
    .columns(['school_year_id', 'weekday'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('courses_year_weekday_idx').execute();
}
