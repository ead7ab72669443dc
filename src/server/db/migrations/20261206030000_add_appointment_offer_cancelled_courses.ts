import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * A staff member's choice to offer, as appointment slots, the time a cancelled course frees
 * (docs/appointments.md, "Courses and openings"). Off by default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('appointment_settings')
    .addColumn('offer_cancelled_courses', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('appointment_settings').dropColumn('offer_cancelled_courses').execute();
}
