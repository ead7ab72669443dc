import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * A returned hand-in's mark goes into the grade book (docs/handin.md): one assessment per homework, created at the
 * first mark, found again by this column so that returning once more updates the grade instead of adding one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('homework')
    .addColumn('hand_in_assessment_id', 'text', (c) => c.references('assessments.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('homework').dropColumn('hand_in_assessment_id').execute();
}
