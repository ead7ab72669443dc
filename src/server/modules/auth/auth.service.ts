import type { Db, Executor } from '../../db/types.ts';
import type { Config } from '../../lib/config.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { normaliseActivationCode, nowIso, randomToken, sha256 } from '../../lib/ids.ts';
import { burnVerifyTime, checkPasswordPolicy, hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { type Actor, abilitiesFor, schoolIdsOf } from '../../lib/policy.ts';
import { csrfTokenFor } from '../../lib/session.ts';
import { canManageAttendance } from '../attendance/attendance.policy.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { canEditGradeSettings, isTeacherIn } from '../grades/grades.policy.ts';
import { canOpenReportCards } from '../reportcards/reportcards.policy.ts';
import { canCancelSession, canEditTimetable } from '../timetable/timetable.policy.ts';
import * as repo from './auth.repo.ts';
import type { Me } from './auth.schema.ts';
import { afterFailure, type Counter, type ThrottleKind, throttleKeys, waitMs } from './auth.throttle.ts';

export interface RequestContext {
  ip: string;
  userAgent: string;
}

export interface NewSession {
  token: string;
  personId: string;
  login: string;
  csrfToken: string;
}

const KINDS: ThrottleKind[] = ['pair', 'account', 'address'];

type ThrottleRow = Awaited<ReturnType<typeof repo.findThrottles>>[number];

const toCounter = (r: ThrottleRow | undefined): Counter | undefined =>
  r
    ? {
        failures: r.failures,
        lastFailureAt: Date.parse(r.last_failure_at),
        lockedUntil: r.locked_until ? Date.parse(r.locked_until) : null,
      }
    : undefined;

/** Records one more failure on a single counter (activation codes, current-password checks). */
async function recordOneFailure(db: Executor, key: string, current: Counter | undefined) {
  const c = afterFailure('pair', current, Date.now());
  await repo.upsertThrottle(db, toRow(key, c));
}

const toRow = (key: string, c: Counter) => ({
  key,
  failures: c.failures,
  last_failure_at: new Date(c.lastFailureAt).toISOString(),
  locked_until: c.lockedUntil ? new Date(c.lockedUntil).toISOString() : null,
});

async function readCounters(db: Db, keys: Record<ThrottleKind, string>) {
  const rows = await repo.findThrottles(db, Object.values(keys));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out = {} as Record<ThrottleKind, Counter | undefined>;
  for (const k of KINDS) {
    out[k] = toCounter(byKey.get(keys[k]));
  }
  return out;
}

async function recordFailure(
  db: Db,
  keys: Record<ThrottleKind, string>,
  counters: Record<ThrottleKind, Counter | undefined>,
) {
  const now = Date.now();
  await db.transaction().execute(async (trx) => {
    for (const k of KINDS) {
      await repo.upsertThrottle(trx, toRow(keys[k], afterFailure(k, counters[k], now)));
    }
  });
}

async function openSession(
  db: Db,
  config: Config,
  personId: string,
  login: string,
  ctx: RequestContext,
): Promise<NewSession> {
  const token = randomToken(32);
  const now = new Date();
  const roles = await repo.findRoles(db, personId);
  const firstSchool = roles.profiles[0]?.schoolId ?? null;
  await repo.insertSession(db, {
    idHash: sha256(token),
    personId,
    schoolId: firstSchool,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + config.sessionMaxMs).toISOString(),
    ip: ctx.ip,
    userAgent: ctx.userAgent.slice(0, 300),
  });
  return { token, personId, login, csrfToken: csrfTokenFor(token) };
}

/** Checks a login and password under throttling; opens a session. */
export async function login(
  db: Db,
  config: Config,
  input: { login: string; password: string },
  ctx: RequestContext,
): Promise<NewSession> {
  const loginName = input.login.toLowerCase();
  const keys = throttleKeys(loginName, ctx.ip);
  const counters = await readCounters(db, keys);
  const now = Date.now();
  const wait = Math.max(...KINDS.map((k) => waitMs(k, counters[k], now)));
  if (wait > 0) {
    throw new AppError('RATE_LIMITED', 'Too many failed sign-ins: wait before trying again', {
      retryAfterSeconds: Math.ceil(wait / 1000),
    });
  }

  const person = await repo.findPersonByLogin(db, loginName);
  let ok = false;
  if (person?.password_hash) ok = await verifyPassword(person.password_hash, input.password);
  else await burnVerifyTime(input.password);

  if (!person || !ok) {
    await recordFailure(db, keys, counters);
    throw new AppError('INVALID_CREDENTIALS', 'Wrong login or password');
  }
  if (person.disabled_at) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled');
  await repo.deleteThrottles(db, [keys.pair, keys.account]);
  return openSession(db, config, person.id, person.login, ctx);
}

/** First sign-in: an activation code, and the password the person chooses. */
export async function activate(
  db: Db,
  config: Config,
  input: { code: string; password: string },
  ctx: RequestContext,
): Promise<NewSession> {
  const ipKey = throttleKeys('', ctx.ip).address;
  const counters = await readCounters(db, { pair: `act:${ctx.ip}`, account: `act:${ctx.ip}`, address: ipKey });
  const wait = waitMs('pair', counters.pair, Date.now());
  if (wait > 0) {
    throw new AppError('RATE_LIMITED', 'Too many wrong codes: wait before trying again', {
      retryAfterSeconds: Math.ceil(wait / 1000),
    });
  }
  const codeHash = sha256(normaliseActivationCode(input.code));
  const person = await repo.findPersonByActivationHash(db, codeHash);
  const expired = person?.activation_expires_at != null && Date.parse(person.activation_expires_at) <= Date.now();
  if (!person || expired || person.disabled_at) {
    await recordOneFailure(db, `act:${ctx.ip}`, counters.pair);
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
  await repo.deleteThrottlesLike(db, `pair:${person.login}|`);
  await repo.deleteThrottles(db, [`acct:${person.login}`]);
  return openSession(db, config, person.id, person.login, ctx);
}

export async function logout(db: Db, actor: Actor): Promise<void> {
  await repo.deleteSession(db, actor.sessionHash);
}

export async function changePassword(db: Db, actor: Actor, input: { currentPassword: string; newPassword: string }) {
  // A stolen session must not become a free password-guessing oracle: same growing delay and lock as sign-in.
  const key = `pw:${actor.personId}`;
  const current = toCounter((await repo.findThrottles(db, [key]))[0]);
  const wait = waitMs('pair', current, Date.now());
  if (wait > 0) {
    throw new AppError('RATE_LIMITED', 'Too many wrong passwords: wait before trying again', {
      retryAfterSeconds: Math.ceil(wait / 1000),
    });
  }
  const row = await repo.getPasswordHash(db, actor.personId);
  if (!row?.password_hash || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    await recordOneFailure(db, key, current);
    throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong');
  }
  await repo.deleteThrottles(db, [key]);
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
        ...abilitiesFor(actor, s.id),
        ...(canCancelSession(actor, s.id) ? ['timetable.cancel'] : []),
        ...(canEditTimetable(actor, s.id) ? ['timetable.edit'] : []),
        ...(canManageAttendance(actor, s.id) ? ['attendance.watch', 'attendance.justifications'] : []),
        ...(isTeacherIn(actor, s.id) ? ['grades.teach'] : []),
        ...(canEditGradeSettings(actor, s.id) ? ['grades.settings'] : []),
        ...(canOpenReportCards(actor, s.id) ? ['reportCards.staff'] : []),
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
  };
}
