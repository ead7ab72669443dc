import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * When the direction last reminded a questionnaire's audience (docs/questionnaires.md, "Reminders"): one reminder per
 * 24 hours, claimed by a conditional update of this column. It says nothing of who was reminded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('questionnaires').addColumn('reminded_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('questionnaires').dropColumn('reminded_at').execute();
}
