import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * The ids other software gives a person, per school (docs/imports.md, "Directory imports"): SIECLE's INE and
 * ELEVE_ID for pupils, PERSONNE_ID for guardians, STS-Web's INDIVIDU@ID for teachers and staff. A second file,
 * and next year's, finds the same person through them instead of creating a duplicate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('person_external_ids')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    /** siecle | sts */
    .addColumn('source', 'text', (c) => c.notNull())
    /** ine | eleve | personne | individu */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('person_external_ids_uq', ['school_id', 'source', 'kind', 'external_id'])
    .execute();
  await s.createIndex('person_external_ids_person_idx').on('person_external_ids').column('person_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('person_external_ids').ifExists().execute();
}
