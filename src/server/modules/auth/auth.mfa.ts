import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { Db } from '../../db/types.ts';
import type { Config } from '../../lib/config.ts';
import { AppError } from '../../lib/errors.ts';
import { activationCode, newId, normaliseActivationCode, nowIso, randomToken, sha256 } from '../../lib/ids.ts';
import type { Actor, StaffFunction } from '../../lib/policy.ts';
import { mfaKeys, openSecret, sealSecret } from './auth.mfa-secret.ts';
import * as repo from './auth.repo.ts';
import { checkCurrentPassword } from './auth.service.ts';
import { afterFailure, RULES, throttleKey, waitMs } from './auth.throttle.ts';
import { sqlThrottleStore } from './auth.throttle-store.ts';

/**
 * Two-step sign-in ("validation en deux étapes", docs/security.md): a TOTP code (RFC 6238: 6 digits, 30 s, SHA-1,
 * what every authenticator app reads from a QR code) after the password, or one of ten single-use recovery codes.
 * Offered to everyone; required, when MFA_REQUIRED=sensitive, of the staff who read sensitive files about
 * children: direction, CPE, psyEN, social worker, nurse, the school's admin and DPO, and deployment admins.
 */
export const SENSITIVE_FUNCTIONS: ReadonlySet<StaffFunction> = new Set<StaffFunction>([
  'principal',
  'deputy',
  'cpe',
  'psyen',
  'assistante_sociale',
  'infirmiere',
  'school_admin',
  'dpo',
]);

/** What a session opened only to enrol may reach: itself, its language, signing out, and the set-up. */
export const MFA_ENROLMENT_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/me',
  'PUT /api/me/locale',
  'POST /api/auth/logout',
  'GET /api/me/mfa',
  'POST /api/me/mfa/setup',
  'POST /api/me/mfa/confirm',
]);

const ISSUER = 'Préau';
const PERIOD_S = 30;
const CHALLENGE_TTL_MS = 5 * 60_000;
/** Codes tried on one challenge before it dies (the person throttle also counts them). */
const CHALLENGE_ATTEMPTS = 5;
const RECOVERY_CODES = 10;

export function isMfaRequired(
  config: Pick<Config, 'mfaRequired'>,
  who: { isDeploymentAdmin: boolean; functions: ReadonlyArray<{ fn: StaffFunction }> },
): boolean {
  if (config.mfaRequired === 'off') return false;
  return who.isDeploymentAdmin || who.functions.some((f) => SENSITIVE_FUNCTIONS.has(f.fn));
}

const totpOf = (secret: string, label: string) =>
  new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_S,
    secret: OTPAuth.Secret.fromBase32(secret),
  });

/** The 30-second step a 6-digit code belongs to (now, or one step either side for clocks that drift), or null. */
function stepOf(secret: string, label: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secret, label).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_S) + delta;
}

const recoveryHash = (personId: string, code: string) =>
  sha256(`recovery:${personId}:${normaliseActivationCode(code)}`);

/** Ten new recovery codes to show once, and the rows that keep only their hashes. */
function newRecoveryCodes(personId: string) {
  const codes = Array.from({ length: RECOVERY_CODES }, () => activationCode());
  return { codes, rows: codes.map((c) => ({ id: newId(), code_hash: recoveryHash(personId, c) })) };
}

const codeInvalid = () => new AppError('MFA_CODE_INVALID', 'This code is not valid');

export interface MfaStatus {
  enabled: boolean;
  required: boolean;
  enrolmentPending: boolean;
  recoveryCodesLeft: number;
}

export async function status(db: Db, config: Config, actor: Actor): Promise<MfaStatus> {
  const totp = await repo.findTotp(db, actor.personId);
  const enabled = Boolean(totp?.confirmed_at);
  return {
    enabled,
    required: isMfaRequired(config, actor),
    enrolmentPending: actor.mfaEnrolmentPending === true,
    recoveryCodesLeft: enabled ? await repo.countUnusedRecoveryCodes(db, actor.personId) : 0,
  };
}

/** The person's TOTP row with its secret opened (stored sealed: auth.mfa-secret.ts). */
async function findTotp(db: Db, config: Config, personId: string) {
  const row = await repo.findTotp(db, personId);
  if (!row) return undefined;
  return { ...row, secret: openSecret(await mfaKeys(db, config.mfaEncryptionKey), personId, row.secret) };
}

/** A new secret to scan (replacing one never confirmed). Refused while the second step is on. */
export async function startSetup(db: Db, config: Config, actor: Actor) {
  const existing = await repo.findTotp(db, actor.personId);
  if (existing?.confirmed_at) throw new AppError('CONFLICT', 'Two-step sign-in is already on');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const keys = await mfaKeys(db, config.mfaEncryptionKey);
  await repo.putTotpSecret(db, actor.personId, sealSecret(keys, actor.personId, secret), nowIso());
  const uri = totpOf(secret, actor.login).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg };
}

/** The first code from the authenticator turns the second step on; returns the recovery codes, shown once. */
export async function confirmSetup(db: Db, config: Config, actor: Actor, code: string, now = Date.now()) {
  const totp = await findTotp(db, config, actor.personId);
  if (!totp) throw new AppError('CONFLICT', 'Start the set-up first');
  if (totp.confirmed_at) throw new AppError('CONFLICT', 'Two-step sign-in is already on');
  await checkThrottle(db, actor.personId);
  const step = stepOf(totp.secret, actor.login, code.replace(/\s/g, ''), now);
  if (step === null) {
    await recordFailure(db, actor.personId);
    throw codeInvalid();
  }
  const { codes, rows } = newRecoveryCodes(actor.personId);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.claimTotpStep(trx, actor.personId, step, nowIso()))) throw codeInvalid();
    await repo.replaceRecoveryCodes(trx, actor.personId, rows);
    // Enrolled: this session is a full one now.
    await repo.endEnrolmentOfSession(trx, actor.sessionHash);
  });
  await sqlThrottleStore(db).clear([throttleKey.mfa(actor.personId)]);
  return { recoveryCodes: codes };
}

/** Turns the second step off (the password again); refused where it is required. */
export async function disable(db: Db, config: Config, actor: Actor, password: string) {
  if (isMfaRequired(config, actor)) {
    throw new AppError('FORBIDDEN', 'Two-step sign-in is required for your functions');
  }
  await checkCurrentPassword(db, actor, password, 'The password is wrong');
  await db.transaction().execute((trx) => repo.deleteMfaOf(trx, actor.personId));
}

/** New recovery codes (the old ones stop working), on a current code from the authenticator. */
export async function renewRecoveryCodes(db: Db, config: Config, actor: Actor, code: string, now = Date.now()) {
  const totp = await findTotp(db, config, actor.personId);
  if (!totp?.confirmed_at) throw new AppError('CONFLICT', 'Two-step sign-in is off');
  await checkThrottle(db, actor.personId);
  const step = stepOf(totp.secret, actor.login, code.replace(/\s/g, ''), now);
  if (step === null || !(await repo.claimTotpStep(db, actor.personId, step))) {
    await recordFailure(db, actor.personId);
    throw codeInvalid();
  }
  const { codes, rows } = newRecoveryCodes(actor.personId);
  await db.transaction().execute((trx) => repo.replaceRecoveryCodes(trx, actor.personId, rows));
  return { recoveryCodes: codes };
}

/** Whether this person signs in with a second step. */
export async function hasConfirmedTotp(db: Db, personId: string) {
  return Boolean((await repo.findTotp(db, personId))?.confirmed_at);
}

/** After a right password: a challenge the browser answers with a code. */
export async function createChallenge(db: Db, personId: string) {
  const token = randomToken(32);
  await repo.insertChallenge(db, {
    idHash: sha256(`mfa:${token}`),
    personId,
    expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS).toISOString(),
  });
  return token;
}

async function checkThrottle(db: Db, personId: string) {
  const key = throttleKey.mfa(personId);
  const current = (await sqlThrottleStore(db).read([key])).get(key);
  const wait = waitMs(RULES.mfa, current, Date.now());
  if (wait > 0) {
    throw new AppError('RATE_LIMITED', 'Too many wrong codes: wait before trying again', {
      retryAfterSeconds: Math.ceil(wait / 1000),
    });
  }
}

async function recordFailure(db: Db, personId: string) {
  const store = sqlThrottleStore(db);
  const key = throttleKey.mfa(personId);
  const current = (await store.read([key])).get(key);
  await store.write([{ key, counter: afterFailure(RULES.mfa, current, Date.now()) }]);
}

/**
 * Answers a challenge with a TOTP code or a recovery code. Returns the person to open a session for; an unknown,
 * expired or exhausted challenge and a wrong code all answer MFA_CODE_INVALID (the password step must start again
 * for the first three).
 */
export async function answerChallenge(db: Db, config: Config, challenge: string, code: string, now = Date.now()) {
  const idHash = sha256(`mfa:${challenge}`);
  const c = await repo.attemptChallenge(db, idHash, new Date(now).toISOString());
  if (!c || c.disabled_at) throw new AppError('MFA_CHALLENGE_EXPIRED', 'Sign in again');
  if (c.attempts > CHALLENGE_ATTEMPTS) {
    await repo.deleteChallenge(db, idHash);
    throw new AppError('MFA_CHALLENGE_EXPIRED', 'Sign in again');
  }
  await checkThrottle(db, c.person_id);
  const typed = code.trim();
  const totp = await findTotp(db, config, c.person_id);
  let ok = false;
  if (totp?.confirmed_at) {
    const step = stepOf(totp.secret, c.login, typed.replace(/\s/g, ''), now);
    if (step !== null) ok = await repo.claimTotpStep(db, c.person_id, step);
    else if (normaliseActivationCode(typed).length === 12) {
      ok = await repo.spendRecoveryCode(db, c.person_id, recoveryHash(c.person_id, typed), nowIso());
    }
  }
  if (!ok) {
    await recordFailure(db, c.person_id);
    throw codeInvalid();
  }
  await repo.deleteChallenge(db, idHash);
  await sqlThrottleStore(db).clear([throttleKey.mfa(c.person_id)]);
  return { personId: c.person_id, login: c.login };
}
