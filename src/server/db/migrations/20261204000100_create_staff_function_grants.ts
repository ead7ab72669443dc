import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Every change of a sensitive staff function (direction, vie scolaire, health and social staff): who granted or
// withdrew what, to whom, when. Rows are never updated; they outlive the function (see docs/security.md).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_function_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('function', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('staff_function_grants_school_idx')
    .on('staff_function_grants')
    .columns(['school_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('staff_function_grants_person_idx')
    .on('staff_function_grants')
    .column('person_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('staff_function_grants').execute();
}
