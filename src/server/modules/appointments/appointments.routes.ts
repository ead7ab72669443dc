import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../lib/session.ts';
import {
  AppointmentListQuerySchema,
  AppointmentListSchema,
  AppointmentSchema,
  AvailabilityInSchema,
  AvailabilitySchema,
  BookSchema,
  CancelSchema,
  DepartureInSchema,
  IdParamsSchema,
  InfoPageInSchema,
  InfoSchema,
  PupilParamsSchema,
  PupilSearchQuerySchema,
  PupilSearchSchema,
  PupilStaffParamsSchema,
  ReceivingStaffListSchema,
  ReceptionDayQuerySchema,
  ReceptionDaySchema,
  ReceptionSettingsSchema,
  SchoolParamsSchema,
  SiteParamsSchema,
  SlotListSchema,
  VisitInSchema,
  VisitSchema,
} from './appointments.schema.ts';
import * as service from './appointments.service.ts';
import * as reception from './reception.service.ts';

const tags = ['appointments'];
const receptionTags = ['reception'];

/** Appointments with families: availability, booking, cancelling, calendar files. */
export const appointmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/schools/:schoolId/appointments/availability',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: AvailabilitySchema } } },
    async (req) => service.getAvailability(app.db, requireActor(req), req.params.schoolId),
  );
  app.put(
    '/api/schools/:schoolId/appointments/availability',
    { schema: { tags, params: SchoolParamsSchema, body: AvailabilityInSchema, response: { 200: AvailabilitySchema } } },
    async (req) => service.saveAvailability(app.db, requireActor(req), req.params.schoolId, req.body),
  );
  app.get(
    '/api/appointments/pupils/:pupilId/staff',
    { schema: { tags, params: PupilParamsSchema, response: { 200: ReceivingStaffListSchema } } },
    async (req) => service.listStaffForChild(app.db, requireActor(req), req.params.pupilId),
  );
  app.get(
    '/api/appointments/pupils/:pupilId/staff/:staffId/slots',
    { schema: { tags, params: PupilStaffParamsSchema, response: { 200: SlotListSchema } } },
    async (req) => service.listSlots(app.db, requireActor(req), req.params.pupilId, req.params.staffId),
  );
  app.get(
    '/api/appointments',
    { schema: { tags, querystring: AppointmentListQuerySchema, response: { 200: AppointmentListSchema } } },
    async (req) => service.listMine(app.db, requireActor(req), req.query),
  );
  app.post(
    '/api/appointments',
    { schema: { tags, body: BookSchema, response: { 201: AppointmentSchema } } },
    async (req, reply) => reply.code(201).send(await service.book(app.db, requireActor(req), req.body)),
  );
  app.get(
    '/api/appointments/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: AppointmentSchema } } },
    async (req) => service.getForActor(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/api/appointments/:id/cancel',
    { schema: { tags, params: IdParamsSchema, body: CancelSchema, response: { 200: AppointmentSchema } } },
    async (req) => service.cancel(app.db, requireActor(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/appointments/:id/arrived',
    { schema: { tags, params: IdParamsSchema, response: { 200: AppointmentSchema } } },
    async (req) => service.markArrived(app.db, requireActor(req), req.params.id),
  );
  app.get(
    '/api/appointments/:id/ics',
    { schema: { tags, params: IdParamsSchema, produces: ['text/calendar'] } },
    async (req, reply) => {
      const text = await service.icsOf(app.db, requireActor(req), req.params.id);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="rendez-vous.ics"')
        .send(text);
    },
  );
};

/** The reception desk and the information to families. */
export const receptionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/schools/:schoolId/reception/day',
    {
      schema: {
        tags: receptionTags,
        params: SchoolParamsSchema,
        querystring: ReceptionDayQuerySchema,
        response: { 200: ReceptionDaySchema },
      },
    },
    async (req) => reception.getDay(app.db, requireActor(req), req.params.schoolId, req.query),
  );
  app.get(
    '/api/schools/:schoolId/reception/pupils',
    {
      schema: {
        tags: receptionTags,
        params: SchoolParamsSchema,
        querystring: PupilSearchQuerySchema,
        response: { 200: PupilSearchSchema },
      },
    },
    async (req) => reception.searchPupils(app.db, requireActor(req), req.params.schoolId, req.query.q),
  );
  app.post(
    '/api/schools/:schoolId/reception/visits',
    {
      schema: { tags: receptionTags, params: SchoolParamsSchema, body: VisitInSchema, response: { 201: VisitSchema } },
    },
    async (req, reply) =>
      reply.code(201).send(await reception.addVisit(app.db, requireActor(req), req.params.schoolId, req.body)),
  );
  app.post(
    '/api/reception/visits/:id/left',
    { schema: { tags: receptionTags, params: IdParamsSchema, response: { 200: VisitSchema } } },
    async (req) => reception.markVisitLeft(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/api/schools/:schoolId/reception/early-departures',
    {
      schema: {
        tags: receptionTags,
        params: SchoolParamsSchema,
        body: DepartureInSchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await reception.recordDeparture(app.db, requireActor(req), req.params.schoolId, req.body)),
  );
  app.get(
    '/api/schools/:schoolId/reception/settings',
    { schema: { tags: receptionTags, params: SchoolParamsSchema, response: { 200: ReceptionSettingsSchema } } },
    async (req) => reception.getSettings(app.db, requireActor(req), req.params.schoolId),
  );
  app.put(
    '/api/schools/:schoolId/reception/settings',
    {
      schema: {
        tags: receptionTags,
        params: SchoolParamsSchema,
        body: ReceptionSettingsSchema,
        response: { 200: ReceptionSettingsSchema },
      },
    },
    async (req) => reception.saveSettings(app.db, requireActor(req), req.params.schoolId, req.body),
  );
  app.get(
    '/api/schools/:schoolId/info',
    { schema: { tags: receptionTags, params: SchoolParamsSchema, response: { 200: InfoSchema } } },
    async (req) => reception.getInfo(app.db, requireActor(req), req.params.schoolId),
  );
  app.put(
    '/api/schools/:schoolId/info/:siteId',
    {
      schema: { tags: receptionTags, params: SiteParamsSchema, body: InfoPageInSchema, response: { 200: InfoSchema } },
    },
    async (req) =>
      reception.saveInfoPage(app.db, requireActor(req), req.params.schoolId, req.params.siteId, req.body.bodyHtml),
  );
  /** Readable without signing in when the school chose so. */
  app.get(
    '/api/public/schools/:schoolId/info',
    { schema: { tags: receptionTags, security: [], params: SchoolParamsSchema, response: { 200: InfoSchema } } },
    async (req) => reception.getPublicInfo(app.db, req.params.schoolId),
  );
};
