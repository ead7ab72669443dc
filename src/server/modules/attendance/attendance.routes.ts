import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/session.ts';
import {
  ExtraSessionParamsSchema,
  MissingListSchema,
  MissingQuerySchema,
  RemindInputSchema,
  RemindResultSchema,
  RollCallInputSchema,
  RollCallSchema,
  SchoolParamsSchema,
  SessionParamsSchema,
} from './attendance.schema.ts';
import * as service from './attendance.service.ts';

const tags = ['vie scolaire'];

/** Vie scolaire: roll calls, missing roll calls, events, exemptions, justifications and follow-up. */
export const attendanceRoutes: FastifyPluginAsyncZod = async (app) => {
  const ref = (p: { courseId: string; date: string }) => ({ courseId: p.courseId, date: p.date, extraSessionId: null });

  app.get(
    '/api/attendance/sessions/:courseId/:date',
    { schema: { tags, params: SessionParamsSchema, response: { 200: RollCallSchema } } },
    async (req) => service.getRollCall(app.db, requireActor(req), ref(req.params)),
  );

  app.put(
    '/api/attendance/sessions/:courseId/:date',
    { schema: { tags, params: SessionParamsSchema, body: RollCallInputSchema, response: { 200: RollCallSchema } } },
    async (req) => service.putRollCall(app.db, requireActor(req), ref(req.params), req.body),
  );

  app.get(
    '/api/attendance/extra-sessions/:extraSessionId',
    { schema: { tags, params: ExtraSessionParamsSchema, response: { 200: RollCallSchema } } },
    async (req) => {
      const actor = requireActor(req);
      return service.getRollCall(app.db, actor, await service.extraSessionRef(app.db, req.params.extraSessionId));
    },
  );

  app.put(
    '/api/attendance/extra-sessions/:extraSessionId',
    {
      schema: { tags, params: ExtraSessionParamsSchema, body: RollCallInputSchema, response: { 200: RollCallSchema } },
    },
    async (req) => {
      const actor = requireActor(req);
      const r = await service.extraSessionRef(app.db, req.params.extraSessionId);
      return service.putRollCall(app.db, actor, r, req.body);
    },
  );

  app.get(
    '/api/schools/:schoolId/attendance/missing',
    {
      schema: {
        tags,
        params: SchoolParamsSchema,
        querystring: MissingQuerySchema,
        response: { 200: MissingListSchema },
      },
    },
    async (req) => service.listMissing(app.db, requireActor(req), req.params.schoolId, req.query),
  );

  app.post(
    '/api/schools/:schoolId/attendance/missing/remind',
    {
      schema: { tags, params: SchoolParamsSchema, body: RemindInputSchema, response: { 200: RemindResultSchema } },
    },
    async (req) => service.remindMissing(app.db, requireActor(req), req.params.schoolId, req.body.sessionKeys),
  );
};
