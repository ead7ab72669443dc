import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contentDisposition } from '../../lib/file-names.ts';
import { requireActor } from '../../lib/session.ts';
import { issuePersonalLetter } from '../admin/admin.letters.ts';
import {
  ClassListSchema,
  LetterPdfSchema,
  OkSchema,
  PeopleQuerySchema,
  PersonDetailSchema,
  PersonListSchema,
  PupilParamsSchema,
  PupilSchema,
  SchoolParamsSchema,
  SchoolPersonParamsSchema,
} from './directory.schema.ts';
import * as service from './directory.service.ts';

const tags = ['directory'];

export const directoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/schools/:schoolId/people',
    {
      schema: { tags, params: SchoolParamsSchema, querystring: PeopleQuerySchema, response: { 200: PersonListSchema } },
    },
    async (req) => service.searchPeople(app.db, requireActor(req), req.params.schoolId, req.query),
  );

  app.get(
    '/api/schools/:schoolId/people/:personId',
    { schema: { tags, params: SchoolPersonParamsSchema, response: { 200: PersonDetailSchema } } },
    async (req) => service.getPersonDetail(app.db, requireActor(req), req.params.schoolId, req.params.personId),
  );

  app.post(
    '/api/schools/:schoolId/people/:personId/activation-letter',
    {
      schema: {
        tags,
        produces: ['application/pdf'],
        params: SchoolPersonParamsSchema,
        response: { 201: LetterPdfSchema },
      },
    },
    async (req, reply) => {
      const address = (app.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
      const { pdf, fileName } = await issuePersonalLetter(
        app.db,
        requireActor(req),
        req.params.schoolId,
        req.params.personId,
        { address },
      );
      return reply
        .code(201)
        .header('content-type', 'application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', contentDisposition(fileName))
        .send(pdf);
    },
  );

  app.post(
    '/api/schools/:schoolId/people/:personId/disable',
    { schema: { tags, params: SchoolPersonParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      await service.setDisabled(app.db, requireActor(req), req.params.schoolId, req.params.personId, true);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/schools/:schoolId/people/:personId/enable',
    { schema: { tags, params: SchoolPersonParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      await service.setDisabled(app.db, requireActor(req), req.params.schoolId, req.params.personId, false);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/schools/:schoolId/classes',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: ClassListSchema } } },
    async (req) => service.listClasses(app.db, requireActor(req), req.params.schoolId),
  );

  app.get(
    '/api/pupils/:pupilId',
    { schema: { tags, params: PupilParamsSchema, response: { 200: PupilSchema } } },
    async (req) => service.getPupil(app.db, requireActor(req), req.params.pupilId),
  );
};
