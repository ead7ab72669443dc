import { type Kysely, sql } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.

/**
 * Where a person signed in successfully before: a device (the SHA-256 of a device cookie) or an address. Sign-in
 * throttling per login never refuses the right password from these (docs/security.md, "Sign-in").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_trust')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('device', 'address')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('auth_trust_person_idx')
    .on('auth_trust')
    .columns(['person_id', 'last_used_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('auth_trust').execute();
}
