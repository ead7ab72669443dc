import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clearSessionCookie,
  csrfTokenFor,
  deviceCookieName,
  rawSessionToken,
  requireActor,
  setDeviceCookie,
  setSessionCookie,
} from '../../lib/session.ts';
import * as mfa from './auth.mfa.ts';
import * as authRepo from './auth.repo.ts';
import {
  ActivateBodySchema,
  ActivateResultSchema,
  ChangePasswordBodySchema,
  LocaleBodySchema,
  LoginBodySchema,
  LoginCodeBodySchema,
  LoginResultSchema,
  MeSchema,
  MfaCodeBodySchema,
  MfaDisableBodySchema,
  MfaSetupSchema,
  MfaStatusSchema,
  OkSchema,
  RecoveryCodesSchema,
  SessionIdParamsSchema,
  SessionListSchema,
  SessionResultSchema,
  SwitchSchoolBodySchema,
} from './auth.schema.ts';
import * as service from './auth.service.ts';

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = (req: { ip: string; headers: Record<string, unknown>; cookies: Record<string, string | undefined> }) => ({
    ip: req.ip,
    userAgent: String(req.headers['user-agent'] ?? ''),
    deviceToken: req.cookies[deviceCookieName(app.config)],
  });

  app.post(
    '/api/auth/login',
    { schema: { tags, security: [], body: LoginBodySchema, response: { 200: LoginResultSchema } } },
    async (req, reply) => {
      const s = await service.login(app.db, app.config, req.body, ctx(req));
      if ('mfaChallenge' in s) return { mfaRequired: true as const, challenge: s.mfaChallenge };
      setSessionCookie(reply, app.config, s.token);
      setDeviceCookie(reply, app.config, s.deviceToken);
      return { personId: s.personId, login: s.login, csrfToken: s.csrfToken };
    },
  );

  // The second step of signing in (auth.mfa.ts): the challenge from /api/auth/login and a code.
  app.post(
    '/api/auth/login/code',
    { schema: { tags, security: [], body: LoginCodeBodySchema, response: { 200: SessionResultSchema } } },
    async (req, reply) => {
      const s = await service.loginSecondStep(app.db, app.config, req.body, ctx(req));
      setSessionCookie(reply, app.config, s.token);
      setDeviceCookie(reply, app.config, s.deviceToken);
      return { personId: s.personId, login: s.login, csrfToken: s.csrfToken };
    },
  );

  app.get('/api/me/mfa', { schema: { tags, response: { 200: MfaStatusSchema } } }, async (req) =>
    mfa.status(app.db, app.config, requireActor(req)),
  );

  app.post('/api/me/mfa/setup', { schema: { tags, response: { 200: MfaSetupSchema } } }, async (req) =>
    mfa.startSetup(app.db, app.config, requireActor(req)),
  );

  app.post(
    '/api/me/mfa/confirm',
    { schema: { tags, body: MfaCodeBodySchema, response: { 200: RecoveryCodesSchema } } },
    async (req) => mfa.confirmSetup(app.db, app.config, requireActor(req), req.body.code),
  );

  app.post(
    '/api/me/mfa/recovery-codes',
    { schema: { tags, body: MfaCodeBodySchema, response: { 200: RecoveryCodesSchema } } },
    async (req) => mfa.renewRecoveryCodes(app.db, app.config, requireActor(req), req.body.code),
  );

  app.post(
    '/api/me/mfa/disable',
    { schema: { tags, body: MfaDisableBodySchema, response: { 200: OkSchema } } },
    async (req) => {
      await mfa.disable(app.db, app.config, requireActor(req), req.body.password);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/activate',
    { schema: { tags, security: [], body: ActivateBodySchema, response: { 200: ActivateResultSchema } } },
    async (req, reply) => {
      const s = await service.activate(app.db, app.config, req.body, ctx(req));
      setSessionCookie(reply, app.config, s.token);
      setDeviceCookie(reply, app.config, s.deviceToken);
      return { personId: s.personId, login: s.login, csrfToken: s.csrfToken };
    },
  );

  app.post('/api/auth/logout', { schema: { tags, response: { 200: OkSchema } } }, async (req, reply) => {
    const actor = requireActor(req);
    await service.logout(app.db, actor);
    clearSessionCookie(reply, app.config);
    return { ok: true as const };
  });

  app.get('/api/me', { schema: { tags, response: { 200: MeSchema } } }, async (req) => {
    const actor = requireActor(req);
    return service.getMe(app.db, actor, csrfTokenFor(rawSessionToken(req, app.config)!));
  });

  app.put(
    '/api/me/password',
    { schema: { tags, body: ChangePasswordBodySchema, response: { 200: OkSchema } } },
    async (req) => {
      const actor = requireActor(req);
      await service.changePassword(app.db, actor, req.body);
      return { ok: true as const };
    },
  );

  app.put('/api/me/locale', { schema: { tags, body: LocaleBodySchema, response: { 200: OkSchema } } }, async (req) => {
    const actor = requireActor(req);
    await authRepo.setLocale(app.db, actor.personId, req.body.locale);
    return { ok: true as const };
  });

  app.put(
    '/api/me/school',
    { schema: { tags, body: SwitchSchoolBodySchema, response: { 200: OkSchema } } },
    async (req) => {
      const actor = requireActor(req);
      await service.switchSchool(app.db, actor, req.body.schoolId);
      return { ok: true as const };
    },
  );

  app.get('/api/me/sessions', { schema: { tags, response: { 200: SessionListSchema } } }, async (req) => {
    const actor = requireActor(req);
    return service.listSessions(app.db, actor, { idleMs: app.config.sessionIdleMs });
  });

  app.delete(
    '/api/me/sessions/:sessionId',
    { schema: { tags, params: SessionIdParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      const actor = requireActor(req);
      await service.endSession(app.db, actor, req.params.sessionId);
      return { ok: true as const };
    },
  );
};
