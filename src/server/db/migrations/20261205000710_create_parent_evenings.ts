import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Parent–teacher evenings: the evening, its classes and teachers, families' requests, the computed schedule.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('parent_evenings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    /** 'open' (families choose) | 'closed' (requests closed) | 'scheduled' (schedules published) */
    .addColumn('status', 'text', (c) => c.notNull())
    /** JSON: what the last scheduler run achieved (requests met, waiting...). */
    .addColumn('stats', 'text')
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text')
    .execute();
  await s.createIndex('parent_evenings_school_idx').on('parent_evenings').columns(['school_id', 'date']).execute();

  await s
    .createTable('parent_evening_classes')
    .addColumn('evening_id', 'text', (c) => c.notNull().references('parent_evenings.id').onDelete('cascade'))
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('parent_evening_classes_pk', ['evening_id', 'class_id'])
    .execute();
  await s.createIndex('parent_evening_classes_class_idx').on('parent_evening_classes').column('class_id').execute();

  await s
    .createTable('parent_evening_teachers')
    .addColumn('evening_id', 'text', (c) => c.notNull().references('parent_evenings.id').onDelete('cascade'))
    .addColumn('teacher_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.references('rooms.id').onDelete('set null'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    /** JSON: [{ startsAt, endsAt }] */
    .addColumn('breaks', 'text', (c) => c.notNull().defaultTo('[]'))
    .addPrimaryKeyConstraint('parent_evening_teachers_pk', ['evening_id', 'teacher_id'])
    .execute();
  await s
    .createIndex('parent_evening_teachers_teacher_idx')
    .on('parent_evening_teachers')
    .column('teacher_id')
    .execute();

  await s
    .createTable('parent_evening_families')
    .addColumn('evening_id', 'text', (c) => c.notNull().references('parent_evenings.id').onDelete('cascade'))
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('arrives_at', 'text')
    .addColumn('leaves_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('parent_evening_families_pk', ['evening_id', 'guardian_id'])
    .execute();

  await s
    .createTable('parent_evening_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evening_id', 'text', (c) => c.notNull().references('parent_evenings.id').onDelete('cascade'))
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('teacher_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    /** Set by the scheduler: null when the request could not be met. */
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('parent_evening_requests_uq', ['evening_id', 'guardian_id', 'pupil_id', 'teacher_id'])
    .execute();
  await s
    .createIndex('parent_evening_requests_guardian_idx')
    .on('parent_evening_requests')
    .columns(['evening_id', 'guardian_id'])
    .execute();
  await s
    .createIndex('parent_evening_requests_teacher_idx')
    .on('parent_evening_requests')
    .columns(['evening_id', 'teacher_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'parent_evening_requests',
    'parent_evening_families',
    'parent_evening_teachers',
    'parent_evening_classes',
    'parent_evenings',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
