import { sql } from 'kysely';
import { prepared } from '../../db/prepared.ts';
import type { Executor } from '../../db/types.ts';
import type { ProfileKind, StaffFunction } from '../../lib/policy.ts';

export function findPersonByLogin(db: Executor, login: string) {
  return db
    .selectFrom('people')
    .select(['id', 'login', 'password_hash', 'disabled_at', 'locale', 'is_deployment_admin'])
    .where('login', '=', login)
    .executeTakeFirst();
}

export function findPersonById(db: Executor, id: string) {
  return db
    .selectFrom('people')
    .select(['id', 'login', 'disabled_at', 'is_deployment_admin'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findPersonByActivationHash(db: Executor, codeHash: string) {
  return db
    .selectFrom('people')
    .select(['id', 'login', 'disabled_at', 'activation_expires_at', 'is_deployment_admin'])
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
      'sessions.mfa_enrolment',
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
    /** Opened only to enrol the second sign-in step. */
    mfaEnrolment?: boolean;
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
      mfa_enrolment: s.mfaEnrolment ? 1 : 0,
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

// Two-step sign-in (auth.mfa.ts).

export function findTotp(db: Executor, personId: string) {
  return db.selectFrom('mfa_totp').selectAll().where('person_id', '=', personId).executeTakeFirst();
}

export async function putTotpSecret(db: Executor, personId: string, secret: string, now: string) {
  await db.deleteFrom('mfa_totp').where('person_id', '=', personId).execute();
  await db
    .insertInto('mfa_totp')
    .values({ person_id: personId, secret, confirmed_at: null, last_step: null, created_at: now })
    .execute();
}

/** Every stored TOTP secret (the start-up step that seals them: auth.mfa-secret.ts). */
export function findAllTotpSecrets(db: Executor) {
  return db.selectFrom('mfa_totp').select(['person_id', 'secret']).execute();
}

/** Replaces a secret by its sealed form, unless the row changed meanwhile; true when replaced. */
export async function replaceTotpSecret(db: Executor, personId: string, previous: string, next: string) {
  const r = await db
    .updateTable('mfa_totp')
    .set({ secret: next })
    .where('person_id', '=', personId)
    .where('secret', '=', previous)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findSetting(db: Executor, name: string) {
  const row = await db.selectFrom('deployment_settings').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value ?? null;
}

/** The deployment setting `name`, created with `create()` by the first process that needs it. */
export async function getOrCreateSetting(db: Executor, name: string, create: () => string, now: string) {
  await db
    .insertInto('deployment_settings')
    .values({ name, value: create(), created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await findSetting(db, name))!;
}

/** Records the step just accepted; false when that step (or a later one) was already used: a replay. */
export async function claimTotpStep(db: Executor, personId: string, step: number, confirmAt?: string) {
  const r = await db
    .updateTable('mfa_totp')
    .set({ last_step: step, ...(confirmAt ? { confirmed_at: confirmAt } : {}) })
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteMfaOf(db: Executor, personId: string) {
  await db.deleteFrom('mfa_recovery_codes').where('person_id', '=', personId).execute();
  await db.deleteFrom('mfa_totp').where('person_id', '=', personId).execute();
  await db.deleteFrom('mfa_challenges').where('person_id', '=', personId).execute();
}

export async function replaceRecoveryCodes(db: Executor, personId: string, rows: { id: string; code_hash: string }[]) {
  await db.deleteFrom('mfa_recovery_codes').where('person_id', '=', personId).execute();
  if (rows.length > 0) {
    await db
      .insertInto('mfa_recovery_codes')
      .values(rows.map((r) => ({ ...r, person_id: personId, used_at: null })))
      .execute();
  }
}

/** Marks an unused recovery code used; false when there is no such unused code. */
export async function spendRecoveryCode(db: Executor, personId: string, codeHash: string, now: string) {
  const r = await db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: now })
    .where('person_id', '=', personId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Executor, personId: string) {
  const r = await db
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertChallenge(db: Executor, c: { idHash: string; personId: string; expiresAt: string }) {
  await db
    .insertInto('mfa_challenges')
    .values({ id_hash: c.idHash, person_id: c.personId, expires_at: c.expiresAt })
    .execute();
}

/** Counts an attempt on a live challenge and returns it; undefined when unknown or expired. */
export async function attemptChallenge(db: Executor, idHash: string, now: string) {
  await db.deleteFrom('mfa_challenges').where('expires_at', '<=', now).execute();
  await db
    .updateTable('mfa_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id_hash', '=', idHash)
    .execute();
  return db
    .selectFrom('mfa_challenges')
    .innerJoin('people', 'people.id', 'mfa_challenges.person_id')
    .select(['mfa_challenges.person_id', 'mfa_challenges.attempts', 'people.login', 'people.disabled_at'])
    .where('mfa_challenges.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function deleteChallenge(db: Executor, idHash: string) {
  await db.deleteFrom('mfa_challenges').where('id_hash', '=', idHash).execute();
}

export async function endEnrolmentOfSession(db: Executor, idHash: string) {
  await db.updateTable('sessions').set({ mfa_enrolment: 0 }).where('id_hash', '=', idHash).execute();
}
