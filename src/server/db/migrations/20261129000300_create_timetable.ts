import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Sessions (a course on a date) are not stored: they are computed from courses and the calendar, and
// identified by the key `${courseId}:${YYYY-MM-DD}` (see docs/decisions.md). Only exceptions are rows.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;

  // Per-school edits to the default calendar (zone holidays and public holidays shipped in code):
  // is_day_off 1 adds days off (a closure), 0 makes default days off school days (a make-up day).
  await s
    .createTable('school_calendar_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('is_day_off', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('school_calendar_entries_school_idx')
    .on('school_calendar_entries')
    .columns(['school_id', 'starts_on'])
    .execute();

  await s
    .createTable('time_slots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.references('sites.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('time_slots_school_idx').on('time_slots').column('school_id').execute();

  await s
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addUniqueConstraint('rooms_school_code_uq', ['school_id', 'code'])
    .execute();
  await s.createIndex('rooms_site_idx').on('rooms').column('site_id').execute();

  await s
    .createTable('travel_times')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('from_site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('to_site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addUniqueConstraint('travel_times_uq', ['from_site_id', 'to_site_id'])
    .execute();
  await s.createIndex('travel_times_school_idx').on('travel_times').column('school_id').execute();

  await s
    .createTable('courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('school_year_id', 'text', (c) => c.notNull().references('school_years.id').onDelete('cascade'))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
    .addColumn('class_id', 'text', (c) => c.references('classes.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.references('rooms.id').onDelete('set null'))
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('weeks', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('courses_school_idx').on('courses').columns(['school_id', 'weekday']).execute();
  await s.createIndex('courses_class_idx').on('courses').column('class_id').execute();
  await s.createIndex('courses_room_idx').on('courses').column('room_id').execute();
  await s.createIndex('courses_external_idx').on('courses').columns(['school_id', 'external_key']).execute();

  await s
    .createTable('course_groups')
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('course_groups_pk', ['course_id', 'group_id'])
    .execute();
  await s.createIndex('course_groups_group_idx').on('course_groups').column('group_id').execute();

  await s
    .createTable('course_teachers')
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('teacher_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('course_teachers_pk', ['course_id', 'teacher_id'])
    .execute();
  await s.createIndex('course_teachers_teacher_idx').on('course_teachers').column('teacher_id').execute();

  // One row per changed session (course_id + the date it was planned on): every override in one place.
  await s
    .createTable('session_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('session_date', 'text', (c) => c.notNull())
    .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('new_date', 'text')
    .addColumn('new_starts_at', 'text')
    .addColumn('new_ends_at', 'text')
    .addColumn('room_id', 'text', (c) => c.references('rooms.id').onDelete('set null'))
    .addColumn('replacement_teacher_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('session_changes_uq', ['course_id', 'session_date'])
    .execute();
  await s
    .createIndex('session_changes_school_date_idx')
    .on('session_changes')
    .columns(['school_id', 'session_date'])
    .execute();
  await s
    .createIndex('session_changes_new_date_idx')
    .on('session_changes')
    .columns(['school_id', 'new_date'])
    .execute();

  // An extra session of a course (same subject, audience and teachers) on a given date.
  await s
    .createTable('extra_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.references('rooms.id').onDelete('set null'))
    .addColumn('teacher_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('extra_sessions_school_date_idx').on('extra_sessions').columns(['school_id', 'date']).execute();
  await s.createIndex('extra_sessions_course_idx').on('extra_sessions').column('course_id').execute();

  await s
    .createTable('ical_feeds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await s.createIndex('ical_feeds_person_idx').on('ical_feeds').column('person_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'ical_feeds',
    'extra_sessions',
    'session_changes',
    'course_teachers',
    'course_groups',
    'courses',
    'travel_times',
    'rooms',
    'time_slots',
    'school_calendar_entries',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
