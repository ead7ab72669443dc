import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * First-party usage measurement, aggregated as it happens (docs/pilotage.md): no raw event, no person, no address
 * is stored — only counters per school, local day and hour, place (a site or outside the school), profile and
 * service family.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('usage_visits')
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('usage_visits_pk', ['school_id', 'day', 'hour', 'place', 'profile'])
    .execute();
  await db.schema.createIndex('usage_visits_day_idx').on('usage_visits').column('day').execute();

  await db.schema
    .createTable('usage_services')
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('usage_services_pk', ['school_id', 'day', 'hour', 'place', 'profile', 'family'])
    .execute();
  await db.schema.createIndex('usage_services_day_idx').on('usage_services').column('day').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('usage_services').execute();
  await db.schema.dropTable('usage_visits').execute();
}
