import { type Kysely, PostgresAdapter } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Vie scolaire: roll calls (one row per session that was called, by the timetable's session key), attendance
// events (absence, lateness, early departure), exemptions (dispenses), the school's absence reasons, and
// families' justifications. Documents (certificates, justification scans) are stored in the database like
// homework attachments: the one dialect branch is the binary column type.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';

  await s
    .createTable('absence_reasons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    // 1: a legitimate reason (the absence is justified once accepted); 0: counts as unjustified.
    .addColumn('is_valid', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('absence_reasons_uq', ['school_id', 'code'])
    .execute();

  await s
    .createTable('attendance_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', binary, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('attendance_documents_pupil_idx').on('attendance_documents').column('pupil_id').execute();

  await s
    .createTable('roll_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    // The timetable's session key: `${courseId}:${session_date}` or `${courseId}:${session_date}:${extraId}`.
    .addColumn('session_key', 'text', (c) => c.notNull().unique())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('session_date', 'text', (c) => c.notNull())
    .addColumn('extra_session_id', 'text', (c) => c.references('extra_sessions.id').onDelete('cascade'))
    // Where and when it took place (after changes), and who was expected: what rates are computed from.
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('class_id', 'text', (c) => c.references('classes.id').onDelete('set null'))
    .addColumn('site_id', 'text', (c) => c.references('sites.id').onDelete('set null'))
    .addColumn('pupil_count', 'integer', (c) => c.notNull())
    .addColumn('absent_count', 'integer', (c) => c.notNull())
    .addColumn('late_count', 'integer', (c) => c.notNull())
    .addColumn('taken_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await s.createIndex('roll_calls_school_date_idx').on('roll_calls').columns(['school_id', 'date']).execute();

  await s
    .createTable('attendance_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    // Set for an event recorded in a session's roll call; null for one entered by vie scolaire.
    .addColumn('session_key', 'text')
    .addColumn('course_id', 'text', (c) => c.references('courses.id').onDelete('set null'))
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    // What it covers: from (date, half-day) to (date, half-day), both included.
    .addColumn('date_from', 'text', (c) => c.notNull())
    .addColumn('half_from', 'text', (c) => c.notNull())
    .addColumn('date_to', 'text', (c) => c.notNull())
    .addColumn('half_to', 'text', (c) => c.notNull())
    .addColumn('minutes_late', 'integer')
    .addColumn('left_at', 'text')
    .addColumn('collected_by_guardian_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('collected_by_name', 'text')
    .addColumn('reason_id', 'text', (c) => c.references('absence_reasons.id').onDelete('set null'))
    .addColumn('justification_status', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('notified_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await s
    .createIndex('attendance_events_pupil_idx')
    .on('attendance_events')
    .columns(['pupil_id', 'date_from'])
    .execute();
  await s
    .createIndex('attendance_events_school_idx')
    .on('attendance_events')
    .columns(['school_id', 'date_from'])
    .execute();
  await s.createIndex('attendance_events_session_idx').on('attendance_events').column('session_key').execute();

  await s
    .createTable('exemptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('subject_id', 'text', (c) => c.references('subjects.id').onDelete('cascade'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    // Comma-separated ISO weekdays ('1,4'), or null for every day.
    .addColumn('weekdays', 'text')
    .addColumn('presence_required', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.references('attendance_documents.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('exemptions_pupil_idx').on('exemptions').columns(['pupil_id', 'starts_on']).execute();

  await s
    .createTable('justifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // 'justification' of recorded events, or 'announcement' of a future absence (dates below).
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('date_from', 'text')
    .addColumn('half_from', 'text')
    .addColumn('date_to', 'text')
    .addColumn('half_to', 'text')
    .addColumn('reason_id', 'text', (c) => c.references('absence_reasons.id').onDelete('set null'))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.references('attendance_documents.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_comment', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await s.createIndex('justifications_pupil_idx').on('justifications').column('pupil_id').execute();
  await s.createIndex('justifications_school_idx').on('justifications').columns(['school_id', 'status']).execute();

  await s
    .createTable('justification_events')
    .addColumn('justification_id', 'text', (c) => c.notNull().references('justifications.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('attendance_events.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('justification_events_pk', ['justification_id', 'event_id'])
    .execute();
  await s.createIndex('justification_events_event_idx').on('justification_events').column('event_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'justification_events',
    'justifications',
    'exemptions',
    'attendance_events',
    'roll_calls',
    'attendance_documents',
    'absence_reasons',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
