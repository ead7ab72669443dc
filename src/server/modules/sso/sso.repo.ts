import { sql } from 'kysely';
import type { Executor, OidcPayloadTable } from '../../db/types.ts';
import { nowIso } from '../../lib/ids.ts';

// ---- deployment-wide secrets (signing keys, cookie keys) ----

/** The setting `name`, created with `make()` by the first process that needs it; every process reads the same. */
export async function getOrCreateSetting(db: Executor, name: string, make: () => string): Promise<string> {
  const read = () => db.selectFrom('deployment_settings').select('value').where('name', '=', name).executeTakeFirst();
  const row = await read();
  if (row) return row.value;
  await db
    .insertInto('deployment_settings')
    .values({ name, value: make(), created_at: nowIso() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await read())!.value;
}

// ---- the OpenID Connect provider's models ----

export interface PayloadRow {
  payload: string;
  expires_at: string | null;
  consumed_at: string | null;
}

export async function upsertPayload(db: Executor, row: Omit<OidcPayloadTable, 'consumed_at'>): Promise<void> {
  await db
    .insertInto('oidc_payloads')
    .values({ ...row, consumed_at: null })
    .onConflict((oc) =>
      oc.columns(['kind', 'id']).doUpdateSet({
        payload: row.payload,
        expires_at: row.expires_at,
        uid: row.uid,
        grant_id: row.grant_id,
        user_code: row.user_code,
      }),
    )
    .execute();
}

export function findPayload(db: Executor, kind: string, by: 'id' | 'uid' | 'user_code', value: string) {
  return db
    .selectFrom('oidc_payloads')
    .select(['payload', 'expires_at', 'consumed_at'])
    .where('kind', '=', kind)
    .where(by, '=', value)
    .executeTakeFirst();
}

export async function consumePayload(db: Executor, kind: string, id: string, at: string): Promise<void> {
  await db
    .updateTable('oidc_payloads')
    .set({ consumed_at: at })
    .where('kind', '=', kind)
    .where('id', '=', id)
    .execute();
}

export async function deletePayload(db: Executor, kind: string, id: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('kind', '=', kind).where('id', '=', id).execute();
}

export async function deletePayloadsOfGrant(db: Executor, grantId: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
}

/** Removes what has expired (provider models and CAS tickets). */
export async function purgeExpired(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('expires_at', '<', now).execute();
  await db.deleteFrom('cas_tickets').where('expires_at', '<', now).execute();
}

// ---- CAS tickets ----

export async function insertCasTicket(
  db: Executor,
  row: {
    ticket_hash: string;
    client_id: string;
    service: string;
    person_id: string;
    school_id: string | null;
    expires_at: string;
    created_at: string;
  },
): Promise<void> {
  await db.insertInto('cas_tickets').values(row).execute();
}

/** Takes the ticket out (single use: the DELETE decides who had it first) and returns what it was. */
export async function takeCasTicket(db: Executor, ticketHash: string) {
  return db
    .deleteFrom('cas_tickets')
    .where('ticket_hash', '=', ticketHash)
    .returning(['client_id', 'service', 'person_id', 'school_id', 'expires_at'])
    .executeTakeFirst();
}

// ---- who signs in: the facts the claims are built from ----

export function findPersonForClaims(db: Executor, personId: string) {
  return db
    .selectFrom('people')
    .select(['id', 'login', 'first_name', 'last_name', 'email', 'disabled_at'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

export function findSchoolProfiles(db: Executor, personId: string) {
  return db
    .selectFrom('profiles as p')
    .innerJoin('schools as s', 's.id', 'p.school_id')
    .select(['p.school_id', 'p.kind', 's.uai', 's.name'])
    .where('p.person_id', '=', personId)
    .orderBy('s.uai')
    .orderBy('p.kind')
    .execute();
}

export function findFunctions(db: Executor, personId: string) {
  return db
    .selectFrom('staff_functions')
    .select(['school_id', 'function'])
    .where('person_id', '=', personId)
    .orderBy('function')
    .execute();
}

export function findCurrentClasses(db: Executor, pupilId: string, day: string) {
  return db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['c.school_id', 'c.code', 'c.label', 'c.level'])
    .where('m.pupil_id', '=', pupilId)
    .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`)
    .execute();
}
