import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Two-step sign-in (docs/security.md, "Validation en deux étapes"): a TOTP secret per person (RFC 6238), confirmed
// once the person typed a first code; single-use recovery codes (hashed); the short-lived challenge between the
// password and the code; and sessions opened only to enrol (staff for whom the second step is required).

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('mfa_totp')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
    /** Base32 secret (20 random bytes). */
    .addColumn('secret', 'text', (c) => c.notNull())
    /** Null until a first code proved the authenticator holds the secret. */
    .addColumn('confirmed_at', 'text')
    /** The last 30-second step accepted: a code is never accepted twice. */
    .addColumn('last_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('mfa_recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await s.createIndex('mfa_recovery_codes_person_idx').on('mfa_recovery_codes').column('person_id').execute();
  await s
    .createTable('mfa_challenges')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  /** 1: a session that may only enrol its second step (and read /api/me, sign out). */
  await s
    .alterTable('sessions')
    .addColumn('mfa_enrolment', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('mfa_enrolment').execute();
  await db.schema.dropTable('mfa_challenges').execute();
  await db.schema.dropTable('mfa_recovery_codes').execute();
  await db.schema.dropTable('mfa_totp').execute();
}
