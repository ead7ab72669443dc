import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/session.ts';
import {
  BookingInputSchema,
  BookingListSchema,
  BookingParamsSchema,
  BookingSchema,
  DecisionInputSchema,
  MySessionsSchema,
  ResourceInputSchema,
  ResourceListSchema,
  ResourceSchema,
  SchoolParamsSchema,
  WeekQuerySchema,
  WeekSchema,
} from './resources.schema.ts';
import * as service from './resources.service.ts';

const tags = ['réservations'];

/** Resource booking: rooms, equipment and vehicles of each site (docs/booking.md). */
export const resourceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/schools/:schoolId/resources',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: ResourceListSchema } } },
    async (req) => service.listResources(app.db, requireActor(req), req.params.schoolId),
  );

  app.post(
    '/api/schools/:schoolId/resources',
    { schema: { tags, params: SchoolParamsSchema, body: ResourceInputSchema, response: { 201: ResourceSchema } } },
    async (req, reply) =>
      reply.code(201).send(await service.createResource(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.get(
    '/api/schools/:schoolId/resources/week',
    { schema: { tags, params: SchoolParamsSchema, querystring: WeekQuerySchema, response: { 200: WeekSchema } } },
    async (req) => service.getWeek(app.db, requireActor(req), req.params.schoolId, req.query),
  );

  app.get(
    '/api/schools/:schoolId/resources/my-sessions',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: MySessionsSchema } } },
    async (req) => service.findMySessions(app.db, requireActor(req), req.params.schoolId),
  );

  app.post(
    '/api/schools/:schoolId/bookings',
    { schema: { tags, params: SchoolParamsSchema, body: BookingInputSchema, response: { 201: BookingListSchema } } },
    async (req, reply) =>
      reply.code(201).send(await service.createBooking(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.get(
    '/api/schools/:schoolId/bookings/pending',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: BookingListSchema } } },
    async (req) => service.listPending(app.db, requireActor(req), req.params.schoolId),
  );

  app.get('/api/bookings/mine', { schema: { tags, response: { 200: BookingListSchema } } }, async (req) =>
    service.listMine(app.db, requireActor(req)),
  );

  app.post(
    '/api/bookings/:bookingId/decision',
    { schema: { tags, params: BookingParamsSchema, body: DecisionInputSchema, response: { 200: BookingSchema } } },
    async (req) => service.decideBooking(app.db, requireActor(req), req.params.bookingId, req.body.decision),
  );

  app.post(
    '/api/bookings/:bookingId/cancel',
    { schema: { tags, params: BookingParamsSchema, response: { 200: BookingSchema } } },
    async (req) => service.cancelBooking(app.db, requireActor(req), req.params.bookingId),
  );
};
