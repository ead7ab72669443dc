import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ping } from './db/database.ts';
import type { Db } from './db/types.ts';
import type { Config } from './lib/config.ts';
import { checkCrossSite } from './lib/csrf.ts';
import { registerErrorHandler } from './lib/error-handler.ts';
import { newId } from './lib/ids.ts';
import { csrfTokenFor, loadActor, rawSessionToken, SessionTouches } from './lib/session.ts';
import { registerWebApp } from './lib/web.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { attendanceRoutes } from './modules/attendance/attendance.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { directoryRoutes } from './modules/directory/directory.routes.ts';
import { gradesRoutes } from './modules/grades/grades.routes.ts';
import { homeworkRoutes } from './modules/homework/homework.routes.ts';
import { messagingRoutes } from './modules/messaging/messaging.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { reportCardRoutes } from './modules/reportcards/reportcards.routes.ts';
import { icalRoutes, timetableRoutes } from './modules/timetable/timetable.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    sessionTouches: SessionTouches;
  }
}

export interface BuildOptions {
  db: Db;
  config: Config;
  /** A pino logger config or false; defaults from config.logLevel. */
  logger?: boolean | object;
}

/** Builds the Préau server without listening: tests inject, main.ts listens. */
export async function buildApp({ db, config, logger }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? (config.logLevel === 'silent' ? false : { level: config.logLevel }),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: () => newId(),
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', db);
  app.decorate('config', config);
  app.decorateRequest('actor', null);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Préau API', version: '0.1.0', description: "Préau, l'ENT des collèges" },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'preau_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(cookie);
  registerErrorHandler(app);

  const touches = new SessionTouches(db);
  app.decorate('sessionTouches', touches);
  app.addHook('onClose', () => touches.close());
  const publicHost = config.publicUrl ? new URL(config.publicUrl).host : undefined;
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (!req.url.startsWith('/api/')) return;
    reply.header('cache-control', 'no-store');
    const token = rawSessionToken(req, config);
    req.actor = token ? await loadActor(db, config, token, touches) : null;
    checkCrossSite(req, req.actor && token ? csrfTokenFor(token) : null, publicHost);
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
  await app.register(timetableRoutes);
  await app.register(icalRoutes);
  await app.register(attendanceRoutes);
  await app.register(gradesRoutes);
  await app.register(reportCardRoutes);
  await app.register(messagingRoutes);
  await registerWebApp(app);
  return app;
}
