import { sql } from 'kysely';
import { prepared } from '../../db/prepared.ts';
import type { Executor } from '../../db/types.ts';
import type { ProfileKind, StaffFunction } from '../../lib/policy.ts';

export function findPersonByLogin(db: Executor, login: string) {
  return db
    .selectFrom('people')
    .select(['id', 'login', 'password_hash', 'disabled_at', 'locale'])
    .where('login', '=', login)
    .executeTakeFirst();
}

export function findPersonByActivationHash(db: Executor, codeHash: string) {
  return db
    .selectFrom('people')
    .select(['id', 'login', 'disabled_at', 'activation_expires_at'])
    .where('activation_code_hash', '=', codeHash)
    .executeTakeFirst();
}

/** Uses the activation code: only while `codeHash` is still the person's code. Returns whether it was. */
export async function setPasswordAndClearActivation(
  db: Executor,
  personId: string,
  codeHash: string,
  passwordHash: string,
): Promise<boolean> {
  const r = await db
    .updateTable('people')
    .set({ password_hash: passwordHash, activation_code_hash: null, activation_expires_at: null })
    .where('id', '=', personId)
    .where('activation_code_hash', '=', codeHash)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setPassword(db: Executor, personId: string, passwordHash: string) {
  await db.updateTable('people').set({ password_hash: passwordHash }).where('id', '=', personId).execute();
}

export function getPasswordHash(db: Executor, personId: string) {
  return db.selectFrom('people').select(['password_hash', 'login']).where('id', '=', personId).executeTakeFirst();
}

export async function setLocale(db: Executor, personId: string, locale: string) {
  await db.updateTable('people').set({ locale }).where('id', '=', personId).execute();
}

/** The session joined with the fields every request needs about its person. */
const liveSessionQuery = prepared((db, p: { idHash: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.person_id')
    .select([
      'sessions.id_hash',
      'sessions.person_id',
      'sessions.school_id',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'people.login',
      'people.first_name',
      'people.last_name',
      'people.locale',
      'people.is_deployment_admin',
      'people.disabled_at',
    ])
    .where('sessions.id_hash', '=', p.idHash),
);

export async function findLiveSession(db: Executor, idHash: string) {
  return (await liveSessionQuery(db, { idHash }))[0];
}

// Profiles and functions in one round trip: this runs on every signed-in request.
const rolesQuery = prepared((db, p: { personId: string }) =>
  db
    .selectFrom('profiles')
    .select(['school_id', sql<string>`kind`.as('value'), sql<string>`'p'`.as('type')])
    .where('person_id', '=', p.personId)
    .unionAll(
      db
        .selectFrom('staff_functions')
        .select(['school_id', 'function as value', sql<string>`'f'`.as('type')])
        .where('person_id', '=', p.personId),
    ),
);

export async function findRoles(db: Executor, personId: string) {
  const rows = await rolesQuery(db, { personId });
  return {
    profiles: rows.filter((r) => r.type === 'p').map((r) => ({ schoolId: r.school_id, kind: r.value as ProfileKind })),
    functions: rows.filter((r) => r.type === 'f').map((r) => ({ schoolId: r.school_id, fn: r.value as StaffFunction })),
  };
}

export async function insertSession(
  db: Executor,
  s: {
    idHash: string;
    personId: string;
    schoolId: string | null;
    now: string;
    expiresAt: string;
    ip: string;
    userAgent: string;
  },
) {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      person_id: s.personId,
      school_id: s.schoolId,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

export async function touchSession(db: Executor, idHash: string, now: string) {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .where('id_hash', '=', idHash)
    .where('last_seen_at', '<', now)
    .execute();
}

export async function setSessionSchool(db: Executor, idHash: string, schoolId: string) {
  await db.updateTable('sessions').set({ school_id: schoolId }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Executor, idHash: string) {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deletePersonSession(db: Executor, personId: string, idHash: string) {
  const r = await db
    .deleteFrom('sessions')
    .where('person_id', '=', personId)
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteSessionsOfPerson(db: Executor, personId: string, exceptIdHash?: string) {
  let q = db.deleteFrom('sessions').where('person_id', '=', personId);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  await q.execute();
}

/** The person's sessions still alive: before their absolute end, and used since `idleBefore`. */
export function findSessionsOfPerson(db: Executor, personId: string, now: string, idleBefore: string) {
  return db
    .selectFrom('sessions')
    .select(['id_hash', 'created_at', 'last_seen_at', 'ip', 'user_agent', 'expires_at'])
    .where('person_id', '=', personId)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', idleBefore)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function deleteExpiredSessions(db: Executor, now: string, idleBefore: string) {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}

export function findThrottles(db: Executor, keys: string[]) {
  return db.selectFrom('auth_throttle').selectAll().where('key', 'in', keys).execute();
}

export async function upsertThrottle(
  db: Executor,
  row: { key: string; failures: number; last_failure_at: string; locked_until: string | null },
) {
  await db
    .insertInto('auth_throttle')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: row.failures,
        last_failure_at: row.last_failure_at,
        locked_until: row.locked_until,
      }),
    )
    .execute();
}

export async function deleteThrottles(db: Executor, keys: string[]) {
  if (keys.length === 0) return;
  await db.deleteFrom('auth_throttle').where('key', 'in', keys).execute();
}

export async function deleteThrottlesLike(db: Executor, prefix: string) {
  await db.deleteFrom('auth_throttle').where('key', 'like', `${prefix}%`).execute();
}

/** Every school site's network ranges (JSON arrays of CIDR ranges), for sign-in throttling. */
export function findAllSiteRanges(db: Executor) {
  return db.selectFrom('sites').select('network_ranges').where('network_ranges', '!=', '[]').execute();
}

export function findTrust(db: Executor, idHashes: string[]) {
  if (idHashes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('auth_trust')
    .select(['id_hash', 'kind', 'person_id'])
    .where('id_hash', 'in', idHashes)
    .execute();
}

export async function upsertTrust(
  db: Executor,
  row: { id_hash: string; person_id: string; kind: 'device' | 'address'; now: string },
) {
  await db
    .insertInto('auth_trust')
    .values({
      id_hash: row.id_hash,
      person_id: row.person_id,
      kind: row.kind,
      created_at: row.now,
      last_used_at: row.now,
    })
    .onConflict((oc) => oc.column('id_hash').doUpdateSet({ last_used_at: row.now }))
    .execute();
}

/** Forgets the person's devices and addresses not used since `before`. */
export async function deleteStaleTrust(db: Executor, personId: string, before: string) {
  await db.deleteFrom('auth_trust').where('person_id', '=', personId).where('last_used_at', '<', before).execute();
}
