import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/** How to reach a person: a phone number and a postal address (where activation letters are sent). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('people').addColumn('phone', 'text').execute();
  await db.schema.alterTable('people').addColumn('postal_address', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('postal_address').execute();
  await db.schema.alterTable('people').dropColumn('phone').execute();
}
