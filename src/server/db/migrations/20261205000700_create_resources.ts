import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Bookable resources of a site (rooms of the timetable, equipment, vehicles) and their bookings.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    /** A room of the timetable: its courses make it busy. Null for equipment and vehicles. */
    .addColumn('room_id', 'text', (c) => c.references('rooms.id').onDelete('cascade').unique())
    /** 'room' | 'equipment' | 'vehicle' */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('needs_validation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    /** Bumped by every booking write: the row lock that makes two bookings of one resource take turns. */
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('resources_school_site_idx').on('resources').columns(['school_id', 'site_id']).execute();

  await s
    .createTable('resource_bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('booked_by', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    /** The timetable session it is booked for (`courseId:date`), when booked from a course. */
    .addColumn('session_key', 'text')
    /** Shared by the bookings of one weekly series. */
    .addColumn('series_id', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    /** 'pending' (awaiting a manager) | 'confirmed' | 'refused' | 'cancelled' */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('resource_bookings_resource_date_idx')
    .on('resource_bookings')
    .columns(['resource_id', 'date'])
    .execute();
  await s.createIndex('resource_bookings_booker_idx').on('resource_bookings').columns(['booked_by', 'date']).execute();
  await s
    .createIndex('resource_bookings_school_status_idx')
    .on('resource_bookings')
    .columns(['school_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('resource_bookings').ifExists().execute();
  await db.schema.dropTable('resources').ifExists().execute();
}
