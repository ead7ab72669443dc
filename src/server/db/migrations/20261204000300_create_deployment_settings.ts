import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// deployment_settings: values that belong to the deployment as a whole, one row per name. The first is
// 'deployment_id', a random id created once, here: what iCalendar UIDs are built from, so that they never
// depend on the host name a request came through.
// ical_event_states: what each session looked like when a feed last published it, to number its revisions
// (SEQUENCE) and date them (LAST-MODIFIED, DTSTAMP) the way calendar applications expect.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deployment_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await (db as Kysely<{ deployment_settings: { name: string; value: string; created_at: string } }>)
    .insertInto('deployment_settings')
    .values({ name: 'deployment_id', value: randomUUID(), created_at: new Date().toISOString() })
    .execute();

  await db.schema
    .createTable('ical_event_states')
    // The session's key (course and planned date, or the extra session): its identity, kept when it moves.
    .addColumn('session_key', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ical_event_states').ifExists().execute();
  await db.schema.dropTable('deployment_settings').ifExists().execute();
}
