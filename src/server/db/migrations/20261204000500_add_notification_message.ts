import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Notifications are read in the reader's language: each new row stores a message key ('timetable.cancel') and its
// parameters (JSON: names, subjects, ISO dates), which the web app renders with its catalogue. `title` and `body`
// keep the French text: what older rows (without a key) show, and a fallback for a key the reader's app does not
// know yet.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('message_key', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('message_params', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('message_params').execute();
  await db.schema.alterTable('notifications').dropColumn('message_key').execute();
}
