import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Discipline and support: incident reports (and the pupils involved), punishments (punitions scolaires, a retenue
// with its place, time and presence), disciplinary procedures (facts, the defence delay, the sanction pronounced
// and when it leaves the pupil's file), and support plans (PAP, PPS, PAI, PPRE) with their accommodations.

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    /** When it happened: an instant (UTC). */
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    /** Adult or other witnesses as written by the author (pupils who witnessed are incident_pupils rows). */
    .addColumn('witnesses', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('incidents_school_idx').on('incidents').columns(['school_id', 'occurred_at']).execute();

  await s
    .createTable('incident_pupils')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    /** 'author' | 'victim' | 'witness' | 'involved' */
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_pupils_pk', ['incident_id', 'pupil_id'])
    .execute();
  await s.createIndex('incident_pupils_pupil_idx').on('incident_pupils').column('pupil_id').execute();

  await s
    .createTable('punishments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    /** 'retenue' | 'devoir_supplementaire' | 'excuse_orale' | 'excuse_ecrite' | 'observation' */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id').onDelete('set null'))
    .addColumn('given_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    /** The day it is given (YYYY-MM-DD, Paris). */
    .addColumn('given_on', 'text', (c) => c.notNull())
    /** A retenue: when and where (calendar date, HH:MM, room label). */
    .addColumn('detention_date', 'text')
    .addColumn('detention_starts_at', 'text')
    .addColumn('detention_ends_at', 'text')
    .addColumn('detention_room', 'text')
    /** The retenue's roll call: null until taken, 'present' | 'absent'. */
    .addColumn('detention_status', 'text')
    .addColumn('detention_checked_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('detention_checked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('punishments_school_idx').on('punishments').columns(['school_id', 'given_on']).execute();
  await s.createIndex('punishments_pupil_idx').on('punishments').column('pupil_id').execute();
  await s.createIndex('punishments_detention_idx').on('punishments').columns(['school_id', 'detention_date']).execute();

  await s
    .createTable('disciplinary_procedures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id').onDelete('set null'))
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    /** The defence delay (R. 421-10-1): working days given, and the first instant a sanction may be pronounced. */
    .addColumn('defence_days', 'integer', (c) => c.notNull())
    .addColumn('defence_ends_at', 'text', (c) => c.notNull())
    /** 'open' | 'pronounced' | 'closed' (no sanction) */
    .addColumn('status', 'text', (c) => c.notNull())
    /** 'avertissement' | 'blame' | 'mesure_responsabilisation' | 'exclusion_classe' | 'exclusion_etablissement' */
    .addColumn('sanction', 'text')
    /** 0/1: with sursis (only the sanctions 3° to 6° of R. 511-13). */
    .addColumn('sursis', 'integer', (c) => c.notNull().defaultTo(0))
    /** Days of a temporary exclusion (at most 8), or hours of a mesure de responsabilisation (at most 20). */
    .addColumn('duration', 'integer')
    .addColumn('decision_reasons', 'text')
    .addColumn('pronounced_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('pronounced_at', 'text')
    /** The date the sanction leaves the pupil's administrative file (R. 511-13), and when it was removed. */
    .addColumn('removal_due_on', 'text')
    .addColumn('removed_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await s
    .createIndex('disciplinary_procedures_school_idx')
    .on('disciplinary_procedures')
    .columns(['school_id', 'status'])
    .execute();
  await s.createIndex('disciplinary_procedures_pupil_idx').on('disciplinary_procedures').column('pupil_id').execute();

  await s
    .createTable('support_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    /** 'pap' | 'pps' | 'pai' | 'ppre' */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    /** JSON array of accommodation codes ('tiers_temps', 'documents_agrandis'...). */
    .addColumn('accommodations', 'text', (c) => c.notNull().defaultTo('[]'))
    /** An accommodation in the plan's own words, shown to teachers like the codes. */
    .addColumn('other_accommodation', 'text', (c) => c.notNull().defaultTo(''))
    /** Confidential: the needs or diagnosis (a PAI's medical protocol). Never shown to teachers. */
    .addColumn('details', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('support_plans_pupil_idx').on('support_plans').column('pupil_id').execute();
  await s.createIndex('support_plans_school_idx').on('support_plans').columns(['school_id', 'kind']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('support_plans').execute();
  await db.schema.dropTable('disciplinary_procedures').execute();
  await db.schema.dropTable('punishments').execute();
  await db.schema.dropTable('incident_pupils').execute();
  await db.schema.dropTable('incidents').execute();
}
