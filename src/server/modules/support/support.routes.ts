import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/session.ts';
import {
  AccommodationListSchema,
  AccommodationsQuerySchema,
  OkSchema,
  PlanInputSchema,
  PlanListSchema,
  PlanParamsSchema,
  PlanSchema,
  PlanUpdateSchema,
  PupilParamsSchema,
  SchoolParamsSchema,
} from './support.schema.ts';
import * as service from './support.service.ts';

const tags = ['support'];
const base = '/api/schools/:schoolId';

/** Support plans (PAP, PPS, PAI, PPRE) and the accommodations teachers see where they work. */
export const supportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    `${base}/support-plans`,
    { schema: { tags, params: SchoolParamsSchema, response: { 200: PlanListSchema } } },
    async (req) => service.listPlans(app.db, requireActor(req), req.params.schoolId),
  );
  app.post(
    `${base}/support-plans`,
    { schema: { tags, params: SchoolParamsSchema, body: PlanInputSchema, response: { 201: PlanSchema } } },
    async (req, reply) =>
      reply.code(201).send(await service.createPlan(app.db, requireActor(req), req.params.schoolId, req.body)),
  );
  app.put(
    `${base}/support-plans/:id`,
    { schema: { tags, params: PlanParamsSchema, body: PlanUpdateSchema, response: { 200: PlanSchema } } },
    async (req) => service.updatePlan(app.db, requireActor(req), req.params.schoolId, req.params.id, req.body),
  );
  app.delete(
    `${base}/support-plans/:id`,
    { schema: { tags, params: PlanParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.deletePlan(app.db, requireActor(req), req.params.schoolId, req.params.id),
  );
  app.get(
    `${base}/pupils/:pupilId/support-plans`,
    { schema: { tags, params: PupilParamsSchema, response: { 200: PlanListSchema } } },
    async (req) => service.listPupilPlans(app.db, requireActor(req), req.params.schoolId, req.params.pupilId),
  );
  app.get(
    `${base}/accommodations`,
    {
      schema: {
        tags,
        params: SchoolParamsSchema,
        querystring: AccommodationsQuerySchema,
        response: { 200: AccommodationListSchema },
      },
    },
    async (req) => service.listAccommodations(app.db, requireActor(req), req.params.schoolId, req.query),
  );
};
