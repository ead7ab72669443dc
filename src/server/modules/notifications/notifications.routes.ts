import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/session.ts';
import {
  NotificationListQuerySchema,
  NotificationListSchema,
  NotificationParamsSchema,
  NotificationSchema,
  ReadAllResultSchema,
  UnreadCountSchema,
} from './notifications.schema.ts';
import * as service from './notifications.service.ts';

const tags = ['notifications'];

/** The notification centre: each person sees and marks only their own notifications. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/notifications',
    { schema: { tags, querystring: NotificationListQuerySchema, response: { 200: NotificationListSchema } } },
    async (req) => service.listOwn(app.db, requireActor(req), req.query),
  );

  app.get('/api/notifications/unread-count', { schema: { tags, response: { 200: UnreadCountSchema } } }, async (req) =>
    service.countOwnUnread(app.db, requireActor(req)),
  );

  app.post(
    '/api/notifications/:id/read',
    { schema: { tags, params: NotificationParamsSchema, response: { 200: NotificationSchema } } },
    async (req) => service.markOwnRead(app.db, requireActor(req), req.params.id),
  );

  app.post('/api/notifications/read-all', { schema: { tags, response: { 200: ReadAllResultSchema } } }, async (req) =>
    service.markAllOwnRead(app.db, requireActor(req)),
  );
};
