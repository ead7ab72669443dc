import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/types.ts';
import * as authRepo from '../modules/auth/auth.repo.ts';
import type { Activity } from '../modules/usage/usage.recorder.ts';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import { sha256 } from './ids.ts';
import type { Actor } from './policy.ts';

/** last_seen_at is written at most this often per session, so that reads stay reads. */
const TOUCH_EVERY_MS = 60_000;
/** Pending last_seen_at updates are written together, in one transaction, this often. */
const FLUSH_EVERY_MS = 5_000;

/**
 * Batches last_seen_at updates. On SQLite with synchronous=FULL every commit is an fsync on the event
 * loop (1.5–30 ms measured): one write per session per minute meant, on a morning when everyone arrives,
 * an fsync per request. Pending touches are flushed every few seconds in one transaction; losing them in a
 * crash only makes a session look idle a few seconds earlier than it was.
 */
export class SessionTouches {
  readonly #pending = new Map<string, string>();
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly db: Db) {
    this.#timer = setInterval(() => void this.flush().catch(() => {}), FLUSH_EVERY_MS);
    this.#timer.unref();
  }

  /** The latest activity known for a session: the stored one or a pending touch. */
  lastSeen(idHash: string, stored: string): string {
    const pending = this.#pending.get(idHash);
    return pending && pending > stored ? pending : stored;
  }

  touch(idHash: string, nowIso: string) {
    this.#pending.set(idHash, nowIso);
  }

  forget(idHash: string) {
    this.#pending.delete(idHash);
  }

  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending];
    this.#pending.clear();
    await this.db.transaction().execute(async (trx) => {
      for (const [idHash, at] of batch) await authRepo.touchSession(trx, idHash, at);
    });
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}

export const sessionCookieName = (config: Config) => (config.secureCookies ? '__Host-preau_session' : 'preau_session');

/** The CSRF token is bound to the session: derived from its secret, never stored. */
export const csrfTokenFor = (rawSessionToken: string) => sha256(`csrf:${rawSessionToken}`);

export function setSessionCookie(reply: FastifyReply, config: Config, token: string) {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: Math.floor(config.sessionMaxMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config) {
  reply.clearCookie(sessionCookieName(config), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
}

/**
 * The device cookie (OWASP "device cookies"): set by a successful sign-in, it makes this browser a trusted
 * context for that person, which per-login throttling never refuses. It grants nothing by itself.
 */
export const deviceCookieName = (config: Config) => (config.secureCookies ? '__Host-preau_device' : 'preau_device');
const DEVICE_COOKIE_DAYS = 180;

export function setDeviceCookie(reply: FastifyReply, config: Config, token: string) {
  reply.setCookie(deviceCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: DEVICE_COOKIE_DAYS * 24 * 3600,
  });
}

export const rawSessionToken = (req: FastifyRequest, config: Config): string | undefined =>
  req.cookies[sessionCookieName(config)];

/**
 * Resolves the request's session to an Actor, or null. Ends sessions that are past their idle or
 * absolute lifetime, or whose account is disabled.
 */
export async function loadActor(
  db: Db,
  config: Config,
  token: string,
  touches: SessionTouches,
  onActivity?: (a: Activity) => void,
): Promise<Actor | null> {
  const idHash = sha256(token);
  const s = await authRepo.findLiveSession(db, idHash);
  if (!s) return null;
  const now = Date.now();
  const lastSeen = Date.parse(touches.lastSeen(idHash, s.last_seen_at));
  const idleExpired = lastSeen + config.sessionIdleMs <= now;
  if (idleExpired || Date.parse(s.expires_at) <= now || s.disabled_at !== null) {
    touches.forget(idHash);
    await authRepo.deleteSession(db, idHash);
    return null;
  }
  // The first request of a session (nothing touched yet) starts a visit for the usage measure (modules/usage).
  const first = lastSeen === Date.parse(s.created_at) && touches.lastSeen(idHash, s.last_seen_at) === s.last_seen_at;
  const touched = first || now - lastSeen > TOUCH_EVERY_MS;
  if (touched) touches.touch(idHash, new Date(now).toISOString());
  onActivity?.({ first, gapMs: now - lastSeen, touched });
  const roles = await authRepo.findRoles(db, s.person_id);
  return {
    personId: s.person_id,
    login: s.login,
    firstName: s.first_name,
    lastName: s.last_name,
    locale: s.locale,
    isDeploymentAdmin: s.is_deployment_admin === 1,
    profiles: roles.profiles,
    functions: roles.functions,
    currentSchoolId: s.school_id,
    sessionHash: idHash,
    mfaEnrolmentPending: s.mfa_enrolment === 1,
  };
}

/** The signed-in person, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
  return req.actor;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}
