import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendDownload } from '../../lib/download.ts';
import { requireActor } from '../../lib/session.ts';
import { RosterExportParamsSchema, RosterExportQuerySchema, RosterFileSchema } from './oneroster.schema.ts';
import { exportOneRoster } from './oneroster.service.ts';

const tags = ['exports'];

/** Exports of the school's data for other software (docs/imports.md, « Export OneRoster »). */
export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/schools/:schoolId/exports/oneroster',
    {
      schema: {
        tags,
        description:
          "The school's roster for the current school year as OneRoster 1.1 CSV files (bulk) in one zip: the school, " +
          'the year and its terms, classes and their sections per subject, pupils, teachers, direction and (unless ' +
          '`guardians=false`) guardians, and enrollments. School administrators only; audited.',
        produces: ['application/zip'],
        params: RosterExportParamsSchema,
        querystring: RosterExportQuerySchema,
        response: { 200: RosterFileSchema },
      },
    },
    async (req, reply) => {
      const guardians = req.query.guardians === 'true' || req.query.guardians === '1';
      const file = await exportOneRoster(app.db, requireActor(req), req.params.schoolId, { guardians });
      return sendDownload(reply, file);
    },
  );
};
