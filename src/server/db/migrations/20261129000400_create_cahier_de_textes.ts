import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// The cahier de textes: what was done in each session (session_contents), the homework set (homework), which
// pupils ticked it done (homework_done), and per-school settings (school_settings, reusable by any module).
// Sessions are not rows (see the timetable migration): a session is referred to by its key
// `${courseId}:${date}` or `${courseId}:${date}:${extraSessionId}`, with the parts kept as columns for queries.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;

  await s
    .createTable('school_settings')
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON text, validated by the module that owns the setting. */
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('school_settings_pk', ['school_id', 'name'])
    .execute();

  await s
    .createTable('session_contents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'text', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('session_key', 'text', (c) => c.notNull().unique())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('session_date', 'text', (c) => c.notNull())
    .addColumn('extra_session_id', 'text', (c) => c.references('extra_sessions.id').onDelete('cascade'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await s
    .createIndex('session_contents_course_date_idx')
    .on('session_contents')
    .columns(['course_id', 'session_date'])
    .execute();
  await s
    .createIndex('session_contents_year_date_idx')
    .on('session_contents')
    .columns(['school_year_id', 'session_date'])
    .execute();

  await s
    .createTable('homework')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'text', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    // Where it was set (optional): the session's key and its parts.
    .addColumn('session_key', 'text')
    .addColumn('course_id', 'text', (c) => c.references('courses.id').onDelete('set null'))
    .addColumn('session_date', 'text')
    .addColumn('extra_session_id', 'text', (c) => c.references('extra_sessions.id').onDelete('set null'))
    // Who it is for: a class, a group, or both (the members of the group in that class).
    .addColumn('class_id', 'text', (c) => c.references('classes.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('instructions', 'text', (c) => c.notNull())
    .addColumn('estimated_minutes', 'integer', (c) => c.notNull())
    /** JSON array of { label, url }, http(s) only. */
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await s.createIndex('homework_class_due_idx').on('homework').columns(['class_id', 'due_date']).execute();
  await s.createIndex('homework_group_due_idx').on('homework').columns(['group_id', 'due_date']).execute();
  await s.createIndex('homework_year_due_idx').on('homework').columns(['school_year_id', 'due_date']).execute();
  await s.createIndex('homework_session_idx').on('homework').column('session_key').execute();
  await s.createIndex('homework_author_idx').on('homework').column('author_id').execute();

  await s
    .createTable('homework_done')
    .addColumn('homework_id', 'text', (c) => c.notNull().references('homework.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('done_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('homework_done_pk', ['homework_id', 'pupil_id'])
    .execute();
  await s.createIndex('homework_done_pupil_idx').on('homework_done').column('pupil_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['homework_done', 'homework', 'session_contents', 'school_settings']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
