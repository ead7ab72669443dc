import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/session.ts';
import { StaffHomeParamsSchema, StaffHomeSchema } from './home.staff.schema.ts';
import * as service from './home.staff.service.ts';

const tags = ['home'];

export const homeStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/schools/:schoolId/home/staff',
    { schema: { tags, params: StaffHomeParamsSchema, response: { 200: StaffHomeSchema } } },
    async (req) => service.getStaffHome(app.db, requireActor(req), req.params.schoolId),
  );
};
