import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/types.ts';
import * as authRepo from '../modules/auth/auth.repo.ts';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import { sha256 } from './ids.ts';
import type { Actor } from './policy.ts';

/** last_seen_at is written at most this often, so that reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

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

export const rawSessionToken = (req: FastifyRequest, config: Config): string | undefined =>
  req.cookies[sessionCookieName(config)];

/**
 * Resolves the request's session to an Actor, or null. Ends sessions that are past their idle or
 * absolute lifetime, or whose account is disabled.
 */
export async function loadActor(db: Db, config: Config, token: string): Promise<Actor | null> {
  const idHash = sha256(token);
  const s = await authRepo.findLiveSession(db, idHash);
  if (!s) return null;
  const now = Date.now();
  const idleExpired = Date.parse(s.last_seen_at) + config.sessionIdleMs <= now;
  if (idleExpired || Date.parse(s.expires_at) <= now || s.disabled_at !== null) {
    await authRepo.deleteSession(db, idHash);
    return null;
  }
  if (now - Date.parse(s.last_seen_at) > TOUCH_EVERY_MS) {
    await authRepo.touchSession(db, idHash, new Date(now).toISOString());
  }
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
