import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  /** A staff member's weekly opening for families: one row per weekday range, site and room. */
  await s
    .createTable('appointment_availabilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.references('rooms.id').onDelete('set null'))
    /** ISO weekday, 1 = Monday. */
    .addColumn('weekday', 'integer', (c) => c.notNull())
    /** 'HH:MM', Europe/Paris wall-clock time. */
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('appointment_availabilities_staff_idx')
    .on('appointment_availabilities')
    .columns(['school_id', 'staff_id'])
    .execute();

  /** Per staff member and school: how far ahead families book, and whether reasons stay private to them. */
  await s
    .createTable('appointment_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('book_ahead_days', 'integer', (c) => c.notNull())
    .addColumn('private_reason', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('appointment_settings_uq', ['school_id', 'staff_id'])
    .execute();

  /** Days a staff member does not receive (training, absence). */
  await s
    .createTable('appointment_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('appointment_exceptions_staff_idx')
    .on('appointment_exceptions')
    .columns(['staff_id', 'on_date'])
    .execute();

  await s
    .createTable('appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.references('rooms.id').onDelete('set null'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    /** The guardian the appointment is with. */
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    /** Who booked it: the guardian, or reception on the family's behalf. */
    .addColumn('booked_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    /** Copied from the staff member's setting when booked: only they (and the booking guardian) read the reason. */
    .addColumn('reason_private', 'integer', (c) => c.notNull())
    /**
     * `on_date` + 'T' + `starts_at` while the appointment holds its slot, null once cancelled: the unique
     * constraint below is what makes two families booking the same slot at once end with one appointment.
     */
    .addColumn('active_slot', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('cancelled_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('cancel_reason', 'text')
    .addColumn('arrived_at', 'text')
    /** When the reminder of the day before was sent. */
    .addColumn('reminded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('appointments_slot_uq', ['staff_id', 'active_slot'])
    .execute();
  await s.createIndex('appointments_school_date_idx').on('appointments').columns(['school_id', 'on_date']).execute();
  await s.createIndex('appointments_pupil_idx').on('appointments').columns(['pupil_id', 'on_date']).execute();

  /** The visitor log kept at reception; purged after the school's delay. */
  await s
    .createTable('reception_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('visitor_name', 'text', (c) => c.notNull())
    /** Whom the visitor came to see, as told at the desk. */
    .addColumn('visiting', 'text', (c) => c.notNull())
    .addColumn('appointment_id', 'text', (c) => c.references('appointments.id').onDelete('set null'))
    .addColumn('arrived_at', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .execute();
  await s
    .createIndex('reception_visits_school_idx')
    .on('reception_visits')
    .columns(['school_id', 'arrived_at'])
    .execute();

  /** A pupil collected during the day, and by whom. */
  await s
    .createTable('early_departures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    /** The guardian or contact who collected the pupil (one allowed to). */
    .addColumn('collected_by', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .execute();
  await s.createIndex('early_departures_school_idx').on('early_departures').columns(['school_id', 'left_at']).execute();

  /** Information to families, one page per site, kept by reception and the secretariat (sanitised HTML). */
  await s
    .createTable('info_pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addUniqueConstraint('info_pages_site_uq', ['site_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'info_pages',
    'early_departures',
    'reception_visits',
    'appointments',
    'appointment_exceptions',
    'appointment_settings',
    'appointment_availabilities',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
