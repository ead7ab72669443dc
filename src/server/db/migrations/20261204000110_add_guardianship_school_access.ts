import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// What an "other contact" (grandparent, neighbour who may collect the child) sees is the school's decision, per
// link: by default nothing but being a contact. Legal guardians (legal1/legal2) have school access by law unless
// a court restricts it, whatever this column says (see docs/security.md).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('guardianships')
    .addColumn('school_access', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('guardianships').dropColumn('school_access').execute();
}
