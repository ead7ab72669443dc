import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// The pupil follow-up (docs/followup.md): confidential entries by compartment, their shares, the append-only log of
// every read, team meetings (GPDS, cellule de veille) with their members, pupils and actions.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('followup_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    /** 'gpds' (groupe de prévention du décrochage scolaire) or 'cellule_veille'. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('followup_meetings_school_idx')
    .on('followup_meetings')
    .columns(['school_id', 'held_on'])
    .execute();
  await s
    .createTable('followup_meeting_members')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('followup_meetings.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('followup_meeting_members_pk', ['meeting_id', 'person_id'])
    .execute();
  await s
    .createIndex('followup_meeting_members_person_idx')
    .on('followup_meeting_members')
    .column('person_id')
    .execute();
  await s
    .createTable('followup_meeting_pupils')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('followup_meetings.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('followup_meeting_pupils_pk', ['meeting_id', 'pupil_id'])
    .execute();

  await s
    .createTable('followup_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    /** infirmerie, service_social, psyen, vie_scolaire, direction, equipe. */
    .addColumn('compartment', 'text', (c) => c.notNull())
    /** entretien, appel, observation, reunion, action. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    /** The team meeting whose minutes this entry is (compartment equipe). */
    .addColumn('meeting_id', 'text', (c) => c.references('followup_meetings.id').onDelete('set null'))
    /** 1 once the author shared it with the pupil's follow-up team (an explicit, recorded act). */
    .addColumn('shared_with_team', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('followup_entries_pupil_idx')
    .on('followup_entries')
    .columns(['pupil_id', 'compartment', 'occurred_on'])
    .execute();
  await s.createIndex('followup_entries_meeting_idx').on('followup_entries').column('meeting_id').execute();

  await s
    .createTable('followup_entry_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('followup_entries.id').onDelete('cascade'))
    /** A named colleague; null for a share with the follow-up team. */
    .addColumn('person_id', 'text', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('shared_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('followup_entry_shares_entry_idx').on('followup_entry_shares').column('entry_id').execute();
  await s.createIndex('followup_entry_shares_person_idx').on('followup_entry_shares').column('person_id').execute();

  // Append-only: no foreign key (a purged entry, a deleted account or school must not take its trace with it),
  // and on both engines a trigger refuses UPDATE and DELETE.
  await s
    .createTable('followup_reads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('pupil_id', 'text', (c) => c.notNull())
    .addColumn('compartment', 'text', (c) => c.notNull())
    .addColumn('reader_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('followup_reads_entry_idx').on('followup_reads').columns(['entry_id', 'read_at']).execute();
  await s.createIndex('followup_reads_school_idx').on('followup_reads').columns(['school_id', 'read_at']).execute();

  await s
    .createTable('followup_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('followup_meetings.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('followup_actions_owner_idx').on('followup_actions').columns(['owner_id', 'done_at']).execute();
  await s.createIndex('followup_actions_meeting_idx').on('followup_actions').column('meeting_id').execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function followup_reads_append_only() returns trigger language plpgsql as $$
      begin raise exception 'followup_reads is append-only'; end $$`.execute(db);
    await sql`create trigger followup_reads_no_change before update or delete on followup_reads
      for each row execute function followup_reads_append_only()`.execute(db);
  } else {
    await sql`create trigger followup_reads_no_update before update on followup_reads
      begin select raise(abort, 'followup_reads is append-only'); end`.execute(db);
    await sql`create trigger followup_reads_no_delete before delete on followup_reads
      begin select raise(abort, 'followup_reads is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('followup_actions').execute();
  await db.schema.dropTable('followup_reads').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function followup_reads_append_only()`.execute(db);
  }
  await db.schema.dropTable('followup_entry_shares').execute();
  await db.schema.dropTable('followup_entries').execute();
  await db.schema.dropTable('followup_meeting_pupils').execute();
  await db.schema.dropTable('followup_meeting_members').execute();
  await db.schema.dropTable('followup_meetings').execute();
}
