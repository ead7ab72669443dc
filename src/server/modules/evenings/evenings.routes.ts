import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendDownload } from '../../lib/download.ts';
import { requireActor } from '../../lib/session.ts';
import {
  EveningDetailSchema,
  EveningInputSchema,
  EveningListSchema,
  EveningListsSchema,
  EveningOptionsSchema,
  EveningParamsSchema,
  EveningPatchSchema,
  EveningTeachersInputSchema,
  ListsPdfQuerySchema,
  RequestsInputSchema,
  ScheduleResultSchema,
  SchoolParamsSchema,
} from './evenings.schema.ts';
import * as service from './evenings.service.ts';

const tags = ['réunions parents-professeurs'];

/** Parent–teacher evenings (docs/evenings.md). */
export const eveningRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/schools/:schoolId/evenings',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: EveningListSchema } } },
    async (req) => service.listEvenings(app.db, requireActor(req), req.params.schoolId),
  );

  app.post(
    '/api/schools/:schoolId/evenings',
    { schema: { tags, params: SchoolParamsSchema, body: EveningInputSchema, response: { 201: EveningDetailSchema } } },
    async (req, reply) =>
      reply.code(201).send(await service.createEvening(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.get(
    '/api/schools/:schoolId/evenings/options',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: EveningOptionsSchema } } },
    async (req) => service.getOptions(app.db, requireActor(req), req.params.schoolId),
  );

  app.get(
    '/api/evenings/:eveningId',
    { schema: { tags, params: EveningParamsSchema, response: { 200: EveningDetailSchema } } },
    async (req) => service.getEvening(app.db, requireActor(req), req.params.eveningId),
  );

  app.patch(
    '/api/evenings/:eveningId',
    {
      schema: { tags, params: EveningParamsSchema, body: EveningPatchSchema, response: { 200: EveningDetailSchema } },
    },
    async (req) => service.updateEvening(app.db, requireActor(req), req.params.eveningId, req.body),
  );

  app.put(
    '/api/evenings/:eveningId/teachers',
    {
      schema: {
        tags,
        params: EveningParamsSchema,
        body: EveningTeachersInputSchema,
        response: { 200: EveningDetailSchema },
      },
    },
    async (req) => service.setEveningTeachers(app.db, requireActor(req), req.params.eveningId, req.body),
  );
  app.delete(
    '/api/evenings/:eveningId',
    { schema: { tags, params: EveningParamsSchema, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (req) => service.deleteEvening(app.db, requireActor(req), req.params.eveningId),
  );

  app.put(
    '/api/evenings/:eveningId/requests',
    {
      schema: { tags, params: EveningParamsSchema, body: RequestsInputSchema, response: { 200: EveningDetailSchema } },
    },
    async (req) => service.saveRequests(app.db, requireActor(req), req.params.eveningId, req.body),
  );

  app.post(
    '/api/evenings/:eveningId/schedule',
    { schema: { tags, params: EveningParamsSchema, response: { 200: ScheduleResultSchema } } },
    async (req) => service.runScheduler(app.db, requireActor(req), req.params.eveningId),
  );

  app.post(
    '/api/evenings/:eveningId/close',
    { schema: { tags, params: EveningParamsSchema, response: { 200: EveningDetailSchema } } },
    async (req) => service.setRequestsOpen(app.db, requireActor(req), req.params.eveningId, false),
  );

  app.post(
    '/api/evenings/:eveningId/reopen',
    { schema: { tags, params: EveningParamsSchema, response: { 200: EveningDetailSchema } } },
    async (req) => service.setRequestsOpen(app.db, requireActor(req), req.params.eveningId, true),
  );

  app.get(
    '/api/evenings/:eveningId/lists',
    { schema: { tags, params: EveningParamsSchema, response: { 200: EveningListsSchema } } },
    async (req) => service.getLists(app.db, requireActor(req), req.params.eveningId),
  );

  app.get(
    '/api/evenings/:eveningId/lists/pdf',
    {
      schema: {
        tags,
        produces: ['application/pdf'],
        params: EveningParamsSchema,
        querystring: ListsPdfQuerySchema,
        response: { 200: z.any() },
      },
    },
    async (req, reply) => {
      const file = await service.getListsPdf(app.db, requireActor(req), req.params.eveningId, req.query);
      return sendDownload(reply, {
        fileName: file.fileName.replace(/[^\p{L}\p{N}._-]+/gu, '-'),
        contentType: 'application/pdf',
        data: file.data,
      });
    },
  );
};
