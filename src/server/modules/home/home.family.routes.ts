import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/session.ts';
import { FamilyHomeQuerySchema, FamilyHomeSchema } from './home.family.schema.ts';
import * as service from './home.family.service.ts';

const tags = ['home'];

/** The pupil's and the guardian's home page: what matters today, per pupil, in one request. */
export const homeFamilyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/home/family',
    { schema: { tags, querystring: FamilyHomeQuerySchema, response: { 200: FamilyHomeSchema } } },
    async (req) => service.getFamilyHome(app.db, requireActor(req), req.query),
  );
};
