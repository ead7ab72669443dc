import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * A pupil's grades with their assessment and mark, from the index alone (issue 16, on a year-sized database): the
 * family home counts a pupil's new grades (`grades ⋈ assessments` by pupil, published in the last week), and the
 * pupil's ~180 grades of a year were each a heap fetch on PostgreSQL, scattered over as many pages. The index
 * replaces `grades_pupil_idx`, of which it is an extension.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('grades_pupil_assessment_idx')
    .on('grades')
    .columns(['pupil_id', 'assessment_id', 'value_centi', 'code'])
    .execute();
  await db.schema.dropIndex('grades_pupil_idx').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('grades_pupil_idx').on('grades').column('pupil_id').execute();
  await db.schema.dropIndex('grades_pupil_assessment_idx').execute();
}
