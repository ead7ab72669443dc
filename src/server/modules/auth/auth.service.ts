import type { Db, Executor } from '../../db/types.ts';
import type { Config } from '../../lib/config.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { normaliseActivationCode, nowIso, randomToken, sha256 } from '../../lib/ids.ts';
import { burnVerifyTime, checkPasswordPolicy, hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { type Actor, abilitiesFor, schoolIdsOf } from '../../lib/policy.ts';
import { csrfTokenFor } from '../../lib/session.ts';
import { canAdministerSchool, canGrantSensitiveFunctions } from '../admin/admin.policy.ts';
import { appointmentAbilities } from '../appointments/appointments.policy.ts';
import { canManageAttendance, canSeeToReport } from '../attendance/attendance.policy.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { canReadProcedures, canUseIncidents } from '../discipline/discipline.policy.ts';
import { canOrganiseEvenings } from '../evenings/evenings.policy.ts';
import { followupAbilities } from '../followup/followup.policy.ts';
import { canEditGradeSettings, canReadAllGrades, isTeacherIn } from '../grades/grades.policy.ts';
import { messagingAbilities } from '../messaging/messaging.policy.ts';
import { canManageQuestionnaires } from '../questionnaires/questionnaires.policy.ts';
import { canOpenReportCards } from '../reportcards/reportcards.policy.ts';
import { canBookResources } from '../resources/resources.policy.ts';
import { canUsePlansPage } from '../support/support.policy.ts';
import { canCancelSession, canEditTimetable } from '../timetable/timetable.policy.ts';
import { canReadSchoolUsage, canReadTeacherUsage } from '../usage/usage.policy.ts';
import * as mfa from './auth.mfa.ts';
import * as repo from './auth.repo.ts';
import type { Me } from './auth.schema.ts';
import {
  afterFailure,
  countersFor,
  DEVICE_DISTRUST_AT,
  liveFailures,
  NetworkRanges,
  RULES,
  ruleFor,
  type ThrottleKind,
  throttleKey,
  waitMs,
} from './auth.throttle.ts';
import { sqlThrottleStore } from './auth.throttle-store.ts';

export interface RequestContext {
  ip: string;
  userAgent: string;
  /** The device cookie the browser sent, if any. */
  deviceToken?: string | undefined;
}

export interface NewSession {
  token: string;
  personId: string;
  login: string;
  csrfToken: string;
  /** The device cookie to (re)set: this browser is now trusted for this person. */
  deviceToken: string;
}

/** Devices and addresses unused this long are forgotten. */
const TRUST_TTL_MS = 180 * 24 * 3_600_000;

const deviceTrustHash = (deviceToken: string, personId: string) => sha256(`device:${deviceToken}:${personId}`);
const addressTrustHash = (ip: string, personId: string) => sha256(`address:${personId}:${ip}`);

// The sites' network ranges change rarely: read at most every 30 s per database (and at once after an edit).
const networkCache = new WeakMap<object, { at: number; ranges: NetworkRanges }>();

/** The network ranges of every school site, cached briefly. */
export async function schoolNetworks(db: Db): Promise<NetworkRanges> {
  const hit = networkCache.get(db);
  if (hit && Date.now() - hit.at < 30_000) return hit.ranges;
  const rows = await repo.findAllSiteRanges(db);
  const ranges = new NetworkRanges(
    rows.flatMap((r) => {
      try {
        const v: unknown = JSON.parse(r.network_ranges);
        return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      } catch {
        return [];
      }
    }),
  );
  networkCache.set(db, { at: Date.now(), ranges });
  return ranges;
}

/** Call after a site's network ranges change. */
export function forgetSchoolNetworks(db: Db) {
  networkCache.delete(db);
}

const rateLimited = (message: string, waitMs: number) =>
  new AppError('RATE_LIMITED', message, { retryAfterSeconds: Math.ceil(waitMs / 1000) });

/** Remembers this device (and, off school networks, this address) as the person's, after a success. */
async function trustContext(db: Db, personId: string, ctx: RequestContext, onSchoolNetwork: boolean) {
  const deviceToken =
    ctx.deviceToken && /^[A-Za-z0-9_-]{43}$/.test(ctx.deviceToken) ? ctx.deviceToken : randomToken(32);
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await repo.upsertTrust(trx, {
      id_hash: deviceTrustHash(deviceToken, personId),
      person_id: personId,
      kind: 'device',
      now: now.toISOString(),
    });
    if (!onSchoolNetwork) {
      await repo.upsertTrust(trx, {
        id_hash: addressTrustHash(ctx.ip, personId),
        person_id: personId,
        kind: 'address',
        now: now.toISOString(),
      });
    }
    await repo.deleteStaleTrust(trx, personId, new Date(now.getTime() - TRUST_TTL_MS).toISOString());
  });
  return deviceToken;
}

async function openSession(
  db: Db,
  config: Config,
  person: { id: string; login: string; is_deployment_admin: number },
  ctx: RequestContext,
  onSchoolNetwork: boolean,
): Promise<NewSession> {
  const personId = person.id;
  const login = person.login;
  const token = randomToken(32);
  const now = new Date();
  const roles = await repo.findRoles(db, personId);
  const firstSchool = roles.profiles[0]?.schoolId ?? null;
  // Staff for whom the second step is required and who have none yet get a session that can only enrol one.
  const mfaEnrolment =
    mfa.isMfaRequired(config, { isDeploymentAdmin: person.is_deployment_admin === 1, functions: roles.functions }) &&
    !(await mfa.hasConfirmedTotp(db, personId));
  await repo.insertSession(db, {
    mfaEnrolment,
    idHash: sha256(token),
    personId,
    schoolId: firstSchool,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + config.sessionMaxMs).toISOString(),
    ip: ctx.ip,
    userAgent: ctx.userAgent.slice(0, 300),
  });
  const deviceToken = await trustContext(db, personId, ctx, onSchoolNetwork);
  return { token, personId, login, csrfToken: csrfTokenFor(token), deviceToken };
}

/**
 * Checks a login and password under throttling; opens a session. A disabled account, an unknown login, an account
 * without a password and a wrong password all answer the same INVALID_CREDENTIALS and count as failures: the
 * answer never confirms a password.
 */
export async function login(
  db: Db,
  config: Config,
  input: { login: string; password: string },
  ctx: RequestContext,
): Promise<NewSession | { mfaChallenge: string }> {
  const store = sqlThrottleStore(db);
  const loginName = input.login.toLowerCase();
  const person = await repo.findPersonByLogin(db, loginName);
  const onSchoolNetwork = (await schoolNetworks(db)).has(ctx.ip);
  const deviceHash = ctx.deviceToken ? sha256(ctx.deviceToken) : null;
  const trust = person
    ? await repo.findTrust(db, [
        ...(ctx.deviceToken ? [deviceTrustHash(ctx.deviceToken, person.id)] : []),
        ...(onSchoolNetwork ? [] : [addressTrustHash(ctx.ip, person.id)]),
      ])
    : [];
  const keys: Partial<Record<ThrottleKind, string>> = {
    login: throttleKey.login(loginName),
    pair: throttleKey.pair(loginName, ctx.ip),
    address: throttleKey.address(ctx.ip),
    ...(deviceHash ? { device: throttleKey.device(deviceHash) } : {}),
  };
  const counters = await store.read(Object.values(keys));
  const counter = (k: ThrottleKind) => (keys[k] ? counters.get(keys[k]) : undefined);
  const now = Date.now();
  const deviceFailing = liveFailures(counter('device'), now) >= DEVICE_DISTRUST_AT;
  const plan = countersFor({
    trustedDevice: trust.some((t) => t.kind === 'device') && !deviceFailing,
    knownAddress: trust.some((t) => t.kind === 'address'),
    onSchoolNetwork,
  });
  const wait = Math.max(0, ...plan.check.map((k) => waitMs(ruleFor(k, onSchoolNetwork), counter(k), now)));
  if (wait > 0) throw rateLimited('Too many failed sign-ins: wait before trying again', wait);

  let ok = false;
  if (person?.password_hash) ok = await verifyPassword(person.password_hash, input.password);
  else await burnVerifyTime(input.password);

  if (!person || !ok || person.disabled_at) {
    // Failures from a device cookie count against that device, whoever's login was tried.
    const record = new Set<ThrottleKind>([...plan.record, ...(keys.device ? (['device'] as const) : [])]);
    const at = Date.now();
    await store.write(
      [...record].map((k) => ({ key: keys[k]!, counter: afterFailure(ruleFor(k, onSchoolNetwork), counter(k), at) })),
    );
    throw new AppError('INVALID_CREDENTIALS', 'Wrong login or password');
  }
  await store.clear([keys.pair!, keys.login!]);
  // The password is right; with a second step on, the session opens only once a code answers this challenge.
  if (await mfa.hasConfirmedTotp(db, person.id)) return { mfaChallenge: await mfa.createChallenge(db, person.id) };
  return openSession(db, config, person, ctx, onSchoolNetwork);
}

/** The second step: a code from the authenticator (or a recovery code) answers the challenge of `login`. */
export async function loginSecondStep(
  db: Db,
  config: Config,
  input: { challenge: string; code: string },
  ctx: RequestContext,
): Promise<NewSession> {
  const { personId } = await mfa.answerChallenge(db, config, input.challenge, input.code);
  const person = await repo.findPersonById(db, personId);
  if (!person || person.disabled_at) throw new AppError('MFA_CHALLENGE_EXPIRED', 'Sign in again');
  const onSchoolNetwork = (await schoolNetworks(db)).has(ctx.ip);
  return openSession(db, config, person, ctx, onSchoolNetwork);
}

/** First sign-in: an activation code, and the password the person chooses. */
export async function activate(
  db: Db,
  config: Config,
  input: { code: string; password: string },
  ctx: RequestContext,
): Promise<NewSession> {
  const store = sqlThrottleStore(db);
  const onSchoolNetwork = (await schoolNetworks(db)).has(ctx.ip);
  const key = throttleKey.activation(ctx.ip);
  const rule = ruleFor('activation', onSchoolNetwork);
  const current = (await store.read([key])).get(key);
  const wait = waitMs(rule, current, Date.now());
  if (wait > 0) throw rateLimited('Too many wrong codes: wait before trying again', wait);
  const codeHash = sha256(normaliseActivationCode(input.code));
  const person = await repo.findPersonByActivationHash(db, codeHash);
  const expired = person?.activation_expires_at != null && Date.parse(person.activation_expires_at) <= Date.now();
  if (!person || expired || person.disabled_at) {
    await store.write([{ key, counter: afterFailure(rule, current, Date.now()) }]);
    throw new AppError('ACTIVATION_INVALID', 'This activation code is not valid (wrong, used or expired)');
  }
  const problems = checkPasswordPolicy(input.password, { login: person.login });
  if (problems.length > 0) throw new AppError('PASSWORD_REJECTED', 'This password cannot be used', { problems });
  const passwordHash = await hashPassword(input.password);
  // Conditional on the code still being there: two requests racing with one code open one session.
  const used = await db.transaction().execute(async (trx) => {
    if (!(await repo.setPasswordAndClearActivation(trx, person.id, codeHash, passwordHash))) return false;
    await repo.deleteSessionsOfPerson(trx, person.id);
    return true;
  });
  if (!used) throw new AppError('ACTIVATION_INVALID', 'This activation code is not valid (wrong, used or expired)');
  await store.clearPrefix(`pair:${person.login}|`);
  await store.clear([throttleKey.login(person.login)]);
  return openSession(db, config, person, ctx, onSchoolNetwork);
}

export async function logout(db: Db, actor: Actor): Promise<void> {
  await repo.deleteSession(db, actor.sessionHash);
}

/**
 * Checks the signed-in person's password again (changing it, turning two-step sign-in off). A stolen session must
 * not become a free password-guessing oracle: a growing delay, then a lock.
 */
export async function checkCurrentPassword(db: Db, actor: Actor, password: string, wrongMessage: string) {
  const store = sqlThrottleStore(db);
  const key = throttleKey.password(actor.personId);
  const rule = RULES.password;
  const current = (await store.read([key])).get(key);
  const wait = waitMs(rule, current, Date.now());
  if (wait > 0) throw rateLimited('Too many wrong passwords: wait before trying again', wait);
  const row = await repo.getPasswordHash(db, actor.personId);
  if (!row?.password_hash || !(await verifyPassword(row.password_hash, password))) {
    await store.write([{ key, counter: afterFailure(rule, current, Date.now()) }]);
    throw new AppError('INVALID_CREDENTIALS', wrongMessage);
  }
  await store.clear([key]);
  return row;
}

export async function changePassword(db: Db, actor: Actor, input: { currentPassword: string; newPassword: string }) {
  const row = await checkCurrentPassword(db, actor, input.currentPassword, 'The current password is wrong');
  const problems = checkPasswordPolicy(input.newPassword, { login: row.login });
  if (problems.length > 0) throw new AppError('PASSWORD_REJECTED', 'This password cannot be used', { problems });
  const passwordHash = await hashPassword(input.newPassword);
  // A new password ends every other session: whoever knew the old one is signed out.
  await db.transaction().execute(async (trx) => {
    await repo.setPassword(trx, actor.personId, passwordHash);
    await repo.deleteSessionsOfPerson(trx, actor.personId, actor.sessionHash);
  });
}

export async function switchSchool(db: Db, actor: Actor, schoolId: string) {
  if (!schoolIdsOf(actor).includes(schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  await repo.setSessionSchool(db, actor.sessionHash, schoolId);
}

/** The actor's live sessions; those past their idle timeout are as good as ended and not listed. */
export async function listSessions(db: Db, actor: Actor, opts: { idleMs: number }) {
  const idleBefore = new Date(Date.now() - opts.idleMs).toISOString();
  const rows = await repo.findSessionsOfPerson(db, actor.personId, nowIso(), idleBefore);
  return rows.map((r) => ({
    id: r.id_hash,
    current: r.id_hash === actor.sessionHash,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}

export async function endSession(db: Db, actor: Actor, sessionId: string) {
  const n = await repo.deletePersonSession(db, actor.personId, sessionId);
  if (n === 0) throw new AppError('NOT_FOUND', 'Session not found');
}

/** Everything the web app needs to know about the signed-in person. */
export async function getMe(db: Db, actor: Actor, csrfToken: string): Promise<Me> {
  const day = todayInParis();
  const schoolIds = schoolIdsOf(actor);
  const isGuardian = actor.profiles.some((p) => p.kind === 'guardian');
  const isPupil = actor.profiles.some((p) => p.kind === 'pupil');
  const isTeacher = actor.profiles.some((p) => p.kind === 'teacher');

  const [schools, children, teaching, principalOf, ownClasses] = await Promise.all([
    directoryRepo.findSchoolsByIds(db, schoolIds),
    isGuardian ? directoryRepo.findChildrenOfGuardian(db, actor.personId, day) : Promise.resolve([]),
    isTeacher ? directoryRepo.findTeachingOf(db, actor.personId, day) : Promise.resolve([]),
    isTeacher ? directoryRepo.findPrincipalClassIds(db, actor.personId) : Promise.resolve([]),
    isPupil ? directoryRepo.findClassesOfPupils(db, [actor.personId], day) : Promise.resolve([]),
  ]);
  const principal = new Set(principalOf.map((p) => p.class_id));

  const teachingMap = new Map<string, Me['teaching'][number]>();
  for (const t of teaching) {
    const kind = t.class_id ? 'class' : 'group';
    const id = (t.class_id ?? t.group_id)!;
    let entry = teachingMap.get(id);
    if (!entry) {
      entry = {
        schoolId: t.school_id,
        kind,
        id,
        code: (t.class_code ?? t.group_code)!,
        label: (t.class_label ?? t.group_label)!,
        subjects: [],
        isPrincipal: principal.has(id),
      };
      teachingMap.set(id, entry);
    }
    if (!entry.subjects.some((s) => s.id === t.subject_id)) {
      entry.subjects.push({ id: t.subject_id, code: t.subject_code, label: t.subject_label });
    }
  }

  return {
    person: {
      id: actor.personId,
      login: actor.login,
      firstName: actor.firstName,
      lastName: actor.lastName,
      locale: (['fr', 'en', 'ar'].includes(actor.locale) ? actor.locale : 'fr') as Me['person']['locale'],
      isDeploymentAdmin: actor.isDeploymentAdmin,
    },
    currentSchoolId: actor.currentSchoolId,
    schools: schools.map((s) => ({
      id: s.id,
      uai: s.uai,
      name: s.name,
      town: s.town,
      profiles: [...new Set(actor.profiles.filter((p) => p.schoolId === s.id).map((p) => p.kind))],
      functions: actor.functions.filter((f) => f.schoolId === s.id).map((f) => f.fn),
      // The timetable, attendance and grades abilities come from those domains' own policies.
      abilities: [
        // A guardian profile whose links here open nothing (an "other contact" without school access) sees no
        // children: no family menu that would lead to an empty page.
        ...abilitiesFor(actor, s.id).filter((a) => a !== 'children.view' || children.some((c) => c.school_id === s.id)),
        ...(canCancelSession(actor, s.id) ? ['timetable.cancel'] : []),
        ...(canEditTimetable(actor, s.id) ? ['timetable.edit'] : []),
        ...(canManageAttendance(actor, s.id) ? ['attendance.watch', 'attendance.justifications'] : []),
        ...(isTeacherIn(actor, s.id) ? ['grades.teach'] : []),
        ...(canEditGradeSettings(actor, s.id) ? ['grades.settings'] : []),
        ...(canOpenReportCards(actor, s.id) ? ['reportCards.staff'] : []),
        ...(canReadAllGrades(actor, s.id) ? ['grades.readAll'] : []),
        ...(canSeeToReport(actor, s.id) ? ['attendance.toReport'] : []),
        // Directory administrators who may also grant direction, vie scolaire, health and social functions.
        ...(canAdministerSchool(actor, s.id) && canGrantSensitiveFunctions(actor, s.id)
          ? ['functions.grantSensitive']
          : []),
        ...messagingAbilities(actor, s.id),
        ...(canReadSchoolUsage(actor, s.id) ? ['usage.read'] : []),
        ...(canReadTeacherUsage(actor, s.id) ? ['usage.teacher'] : []),
        ...(canManageQuestionnaires(actor, s.id) ? ['questionnaires.manage'] : []),
        ...(canUseIncidents(actor, s.id) ? ['discipline.incidents'] : []),
        ...(canReadProcedures(actor, s.id) ? ['discipline.procedures'] : []),
        ...(canUsePlansPage(
          actor,
          s.id,
          [...teachingMap.values()].some((e) => e.schoolId === s.id && e.isPrincipal),
        )
          ? ['support.plans']
          : []),
        ...followupAbilities(actor, s.id),
        ...appointmentAbilities(actor, s.id),
        ...(canBookResources(actor, s.id) ? ['resources.book'] : []),
        ...(canOrganiseEvenings(actor, s.id) ||
        actor.profiles.some((p) => p.schoolId === s.id && (p.kind === 'teacher' || p.kind === 'guardian'))
          ? ['evenings.view']
          : []),
        ...(canOrganiseEvenings(actor, s.id) ? ['evenings.organise'] : []),
        // Everybody with a profile in the school has a personal document space there (docs/documents.md).
        ...(actor.profiles.some((p) => p.schoolId === s.id) ? ['documents.use'] : []),
      ],
    })),
    enrolments: ownClasses.map((c) => ({
      schoolId: c.school_id,
      class: { id: c.class_id, code: c.code, label: c.label, level: c.level },
      site: c.site_id ? { id: c.site_id, name: c.site_name ?? '' } : null,
    })),
    children: children.map((c) => ({
      id: c.id,
      firstName: c.first_name,
      lastName: c.last_name,
      schoolId: c.school_id,
      schoolName: c.school_name,
      class: c.class_id
        ? { id: c.class_id, code: c.class_code ?? '', label: c.class_label ?? '', level: c.class_level ?? '' }
        : null,
      site: c.site_id ? { id: c.site_id, name: c.site_name ?? '' } : null,
      responsibility: c.responsibility,
    })),
    teaching: [...teachingMap.values()].sort((a, b) => a.code.localeCompare(b.code, 'fr')),
    csrfToken,
    mfaEnrolmentPending: actor.mfaEnrolmentPending === true,
  };
}
