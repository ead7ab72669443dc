import type { Kysely } from 'kysely';

// Migrations are append-only: never edit this file once merged; add a new one.
// Signing in to other applications through Préau (docs/sso.md).
// oidc_payloads: what the OpenID Connect provider stores (its sessions, interactions, grants, authorisation codes,
// access tokens), one row per model instance, the payload as JSON: the table every process shares.
// cas_tickets: CAS service tickets, single use and short-lived; only the ticket's SHA-256 is stored.
// The provider's signing keys and cookie keys are rows of deployment_settings (oidc_jwks, oidc_cookie_keys).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oidc_payloads')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('uid', 'text')
    .addColumn('grant_id', 'text')
    .addColumn('user_code', 'text')
    .addColumn('consumed_at', 'text')
    .addPrimaryKeyConstraint('oidc_payloads_pk', ['kind', 'id'])
    .execute();
  await db.schema.createIndex('oidc_payloads_uid_idx').on('oidc_payloads').column('uid').execute();
  await db.schema.createIndex('oidc_payloads_grant_idx').on('oidc_payloads').column('grant_id').execute();
  await db.schema.createIndex('oidc_payloads_expires_idx').on('oidc_payloads').column('expires_at').execute();

  await db.schema
    .createTable('cas_tickets')
    .addColumn('ticket_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('school_id', 'text', (c) => c.references('schools.id').onDelete('cascade'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cas_tickets_expires_idx').on('cas_tickets').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cas_tickets').ifExists().execute();
  await db.schema.dropTable('oidc_payloads').ifExists().execute();
}
