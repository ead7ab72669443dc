import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Grades, skills and report cards. Grade values and coefficients are stored as integers in hundredths
// (15.5 → 1550, coefficient 0.5 → 50) so that every average can be computed exactly (see docs/grades.md).
// A published report card is a frozen JSON snapshot: it stays in the pupil's file for the year as it was
// published, whatever happens to the grades afterwards.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;

  await s
    .createTable('assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('period_id', 'text', (c) => c.notNull().references('periods.id').onDelete('cascade'))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
    // Exactly one of class_id / group_id.
    .addColumn('class_id', 'text', (c) => c.references('classes.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('teacher_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('scale', 'integer', (c) => c.notNull())
    .addColumn('coefficient_centi', 'integer', (c) => c.notNull())
    .addColumn('description', 'text')
    // When grades become visible: to the pupils, then to the guardians (instants, UTC).
    .addColumn('pupils_publish_at', 'text', (c) => c.notNull())
    .addColumn('guardians_publish_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('assessments_class_period_idx').on('assessments').columns(['class_id', 'period_id']).execute();
  await s.createIndex('assessments_group_period_idx').on('assessments').columns(['group_id', 'period_id']).execute();
  await s.createIndex('assessments_teacher_idx').on('assessments').columns(['teacher_id', 'period_id']).execute();
  await s.createIndex('assessments_school_period_idx').on('assessments').columns(['school_id', 'period_id']).execute();

  await s
    .createTable('grades')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // Exactly one of value_centi / code ('ABS', 'DISP', 'NN', 'NR').
    .addColumn('value_centi', 'integer')
    .addColumn('code', 'text')
    .addColumn('comment', 'text')
    .addColumn('updated_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('grades_pk', ['assessment_id', 'pupil_id'])
    .execute();
  await s.createIndex('grades_pupil_idx').on('grades').column('pupil_id').execute();

  // The socle commun components an assessment evaluates ('D1.1' ... 'D5').
  await s
    .createTable('assessment_skills')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('component', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_skills_pk', ['assessment_id', 'component'])
    .execute();

  // A pupil's level (1 maîtrise insuffisante ... 4 très bonne maîtrise) on a component, for an assessment.
  await s
    .createTable('skill_results')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('component', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('skill_results_pk', ['assessment_id', 'pupil_id', 'component'])
    .execute();
  await s.createIndex('skill_results_pupil_idx').on('skill_results').column('pupil_id').execute();

  // A teacher's appreciation of a pupil in a subject for a period (the report card's subject line).
  await s
    .createTable('appreciations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('period_id', 'text', (c) => c.notNull().references('periods.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
    .addColumn('teacher_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('appreciations_uq', ['period_id', 'pupil_id', 'subject_id'])
    .execute();
  await s.createIndex('appreciations_pupil_idx').on('appreciations').column('pupil_id').execute();

  // The class council (conseil de classe): general appreciation and decision per pupil and period.
  await s
    .createTable('council_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('period_id', 'text', (c) => c.notNull().references('periods.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('general_appreciation', 'text', (c) => c.notNull())
    // null, 'felicitations', 'compliments', 'encouragements', 'mise_en_garde_travail', 'mise_en_garde_comportement'
    .addColumn('decision', 'text')
    .addColumn('updated_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('council_decisions_uq', ['period_id', 'pupil_id'])
    .execute();

  // A published report card: the frozen snapshot of what the family reads (JSON), visible from publish_at.
  await s
    .createTable('report_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('period_id', 'text', (c) => c.notNull().references('periods.id').onDelete('cascade'))
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('publish_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('report_cards_uq', ['period_id', 'pupil_id'])
    .execute();
  await s.createIndex('report_cards_pupil_idx').on('report_cards').column('pupil_id').execute();
  await s.createIndex('report_cards_class_idx').on('report_cards').columns(['class_id', 'period_id']).execute();

  // Who opened a published report card, and when (first read).
  await s
    .createTable('report_card_reads')
    .addColumn('report_card_id', 'text', (c) => c.notNull().references('report_cards.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_card_reads_pk', ['report_card_id', 'person_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'report_card_reads',
    'report_cards',
    'council_decisions',
    'appreciations',
    'skill_results',
    'assessment_skills',
    'grades',
    'assessments',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
