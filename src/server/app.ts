import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { z } from 'zod';
import { ping } from './db/database.ts';
import type { Db } from './db/types.ts';
import type { Config } from './lib/config.ts';
import { checkCrossSite } from './lib/csrf.ts';
import { clientErrorHandler, registerErrorHandler, sendError } from './lib/error-handler.ts';
import { AppError } from './lib/errors.ts';
import { newId } from './lib/ids.ts';
import { nameExportedSchemas, openApiTransform, openApiTransformObject } from './lib/openapi.ts';
import { type OverloadCounters, registerOverload } from './lib/overload.ts';
import { csrfTokenFor, loadActor, rawSessionToken, SessionTouches } from './lib/session.ts';
import { type FileStorage, storageFromConfig } from './lib/storage.ts';
import { registerWebApp } from './lib/web.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { appointmentRoutes, receptionRoutes } from './modules/appointments/appointments.routes.ts';
import { runReceptionJobs } from './modules/appointments/reception.service.ts';
import { attendanceRoutes } from './modules/attendance/attendance.routes.ts';
import { MFA_ENROLMENT_ROUTES } from './modules/auth/auth.mfa.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { directoryRoutes } from './modules/directory/directory.routes.ts';
import { disciplineRoutes } from './modules/discipline/discipline.routes.ts';
import { documentRoutes } from './modules/documents/documents.routes.ts';
import { eveningRoutes } from './modules/evenings/evenings.routes.ts';
import { exportRoutes } from './modules/exports/oneroster.routes.ts';
import { followupRoutes } from './modules/followup/followup.routes.ts';
import { gradesRoutes } from './modules/grades/grades.routes.ts';
import { handInRoutes } from './modules/handin/handin.routes.ts';
import { homeFamilyRoutes } from './modules/home/home.family.routes.ts';
import { homeStaffRoutes } from './modules/home/home.staff.routes.ts';
import { homeworkRoutes } from './modules/homework/homework.routes.ts';
import { importsRoutes } from './modules/imports/imports.routes.ts';
import { deliveryReportRoutes, mailRoutes, unsubscribeRoutes } from './modules/mail/mail.routes.ts';
import { messagingRoutes } from './modules/messaging/messaging.routes.ts';
import { newsRoutes } from './modules/news/news.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { questionnaireRoutes } from './modules/questionnaires/questionnaires.routes.ts';
import { reportCardRoutes } from './modules/reportcards/reportcards.routes.ts';
import { resourceRoutes } from './modules/resources/resources.routes.ts';
import { ssoRoutes } from './modules/sso/sso.routes.ts';
import { supportRoutes } from './modules/support/support.routes.ts';
import { icalRoutes, timetableRoutes } from './modules/timetable/timetable.routes.ts';
import { familyOfRoute } from './modules/usage/usage.families.ts';
import { type Activity, UsageRecorder } from './modules/usage/usage.recorder.ts';
import { usageRoutes } from './modules/usage/usage.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    sessionTouches: SessionTouches;
    usage: UsageRecorder;
    storage: FileStorage;
    overload: OverloadCounters;
  }
  interface FastifyRequest {
    activity: Activity | null;
  }
}

export interface BuildOptions {
  db: Db;
  config: Config;
  /** A pino logger config or false; defaults from config.logLevel. */
  logger?: boolean | object;
  /** Where uploaded files are kept (the caller closes it); defaults to the configured one (STORAGE_BACKEND). */
  storage?: FileStorage;
}

/**
 * Fastify's own hop count trusts nothing (it cannot check the peer), so hops are counted here as proxy-addr does:
 * the `hops` addresses nearest to Préau are proxies. The peer is not checked: Préau must then be reachable only
 * through the proxy (HOST=127.0.0.1 or a firewall); a list of proxy addresses has no such condition.
 */
export function trustProxyOption(
  trust: Config['trustProxy'],
): boolean | string[] | ((addr: string, hop: number) => boolean) {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_addr, hop) => hop < trust;
  return trust;
}

/** Builds the Préau server without listening: tests inject, main.ts listens. */
export async function buildApp({ db, config, logger, storage }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? (config.logLevel === 'silent' ? false : { level: config.logLevel }),
    bodyLimit: config.bodyLimit,
    trustProxy: trustProxyOption(config.trustProxy),
    genReqId: () => newId(),
    requestIdHeader: false,
    // The router's refusals (bad percent-encoding, over-long parameters) and the HTTP parser's get Préau's shape.
    frameworkErrors: (err, req, reply) => sendError(err, req, reply),
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', db);
  app.decorate('config', config);
  const ownStorage = storage ? null : storageFromConfig(config);
  app.decorate('storage', storage ?? (ownStorage as FileStorage));
  if (ownStorage) app.addHook('onClose', async () => ownStorage.close());
  app.decorateRequest('actor', null);
  app.decorateRequest('activity', null);

  // The contract: src/server/lib/openapi.ts adds names, operationIds, security and errors to every route.
  await nameExportedSchemas();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Préau API', version: '0.1.0', description: "Préau, l'ENT des collèges" },
    },
    transform: openApiTransform,
    transformObject: openApiTransformObject,
  });
  await app.register(cookie);
  // Security headers on every response. The API's CSP allows nothing (JSON is never a document); the web app's
  // pages and downloads replace it with their own (lib/web.ts, downloads). HSTS only when served over https.
  // helmet's middleware is built once here: @fastify/helmet built it again on every request (parsing the CSP
  // directives each time: 7 % of GET /api/me's CPU in the benchmark).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    hsts: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined));
  });
  registerErrorHandler(app);
  // Survival mode: what can wait is refused fast past saturation (lib/overload.ts, docs/scale.md).
  app.decorate('overload', await registerOverload(app, config.overload));

  const touches = new SessionTouches(db);
  app.decorate('sessionTouches', touches);
  app.addHook('onClose', () => touches.close());
  const publicHost = config.publicUrl ? new URL(config.publicUrl).host : undefined;
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (!req.url.startsWith('/api/')) return;
    reply.header('cache-control', 'no-store');
    const token = rawSessionToken(req, config);
    req.actor = token
      ? await loadActor(db, config, token, touches, (a) => {
          req.activity = a;
        })
      : null;
    checkCrossSite(req, req.actor && token ? csrfTokenFor(token) : null, publicHost);
    // A session opened only to set up the second sign-in step reaches nothing else (auth.mfa.ts).
    if (req.actor?.mfaEnrolmentPending && !MFA_ENROLMENT_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) {
      throw new AppError('MFA_ENROLMENT_REQUIRED', 'Set up two-step sign-in first');
    }
  });

  // Usage measure (docs/pilotage.md): counted after the response has gone, added to the database in batches.
  const usage = new UsageRecorder(db);
  app.decorate('usage', usage);
  app.addHook('onClose', () => usage.close());
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url;
    if (!req.actor || !route?.startsWith('/api/') || reply.statusCode >= 400) return;
    await usage.recordRequest({ actor: req.actor, ip: req.ip, family: familyOfRoute(route), activity: req.activity });
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await ping(db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true, response: { 200: z.unknown() } } }, async () => app.swagger());

  await app.register(authRoutes);
  await app.register(directoryRoutes);
  await app.register(adminRoutes);
  await app.register(notificationRoutes);
  await app.register(homeworkRoutes);
  await app.register(handInRoutes);
  await app.register(documentRoutes);
  await app.register(timetableRoutes);
  await app.register(icalRoutes);
  await app.register(importsRoutes);
  await app.register(exportRoutes);
  await app.register(attendanceRoutes);
  await app.register(gradesRoutes);
  await app.register(homeStaffRoutes);
  await app.register(reportCardRoutes);
  await app.register(homeFamilyRoutes);
  await app.register(messagingRoutes);
  await app.register(usageRoutes);
  await app.register(newsRoutes);
  await app.register(questionnaireRoutes);
  await app.register(mailRoutes);
  await app.register(unsubscribeRoutes);
  await app.register(deliveryReportRoutes);
  await app.register(disciplineRoutes);
  await app.register(supportRoutes);
  await app.register(followupRoutes);
  await app.register(appointmentRoutes);
  await app.register(receptionRoutes);
  // Visitor-log purge and appointment reminders, hourly (the services take the clock, tests call them directly).
  // With several processes, worker 1 runs them (docs/scale.md).
  if (config.workerId === 1) {
    const receptionJobs = setInterval(() => void runReceptionJobs(db).catch((e) => app.log.error(e)), 3_600_000);
    receptionJobs.unref();
    app.addHook('onClose', async () => clearInterval(receptionJobs));
  }
  await app.register(resourceRoutes);
  await app.register(eveningRoutes);
  await app.register(ssoRoutes);
  await registerWebApp(app);
  return app;
}
