import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contentDisposition } from '../../lib/file-names.ts';
import { requireActor } from '../../lib/session.ts';
import {
  ClassUsageParamsSchema,
  DepartmentUsageSchema,
  FileSchema,
  InactivePeopleSchema,
  SchoolUsageParamsSchema,
  SchoolUsageSchema,
  TeacherUsageSchema,
  UsageRangeQuerySchema,
} from './usage.schema.ts';
import * as service from './usage.service.ts';

const tags = ['usage'];

export const usageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/schools/:schoolId/usage',
    {
      schema: {
        tags,
        summary: "The school's usage indicators (visits, hours, places, profiles, services, activation)",
        params: SchoolUsageParamsSchema,
        querystring: UsageRangeQuerySchema,
        response: { 200: SchoolUsageSchema },
      },
    },
    async (req) => service.getSchoolUsage(app.db, requireActor(req), req.params.schoolId, req.query),
  );

  app.get(
    '/api/schools/:schoolId/usage/report.pdf',
    {
      schema: {
        tags,
        summary: "The usage indicators for a period on one A4 page, for the conseil d'administration",
        produces: ['application/pdf'],
        params: SchoolUsageParamsSchema,
        querystring: UsageRangeQuerySchema,
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      const pdf = await service.getSchoolUsagePdf(app.db, requireActor(req), req.params.schoolId, req.query);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(pdf.fileName))
        .send(pdf.body);
    },
  );

  app.get(
    '/api/schools/:schoolId/usage/teacher',
    {
      schema: {
        tags,
        summary: "A teacher's classes: their homework ticked, report cards read",
        params: SchoolUsageParamsSchema,
        querystring: UsageRangeQuerySchema,
        response: { 200: TeacherUsageSchema },
      },
    },
    async (req) => service.getTeacherUsage(app.db, requireActor(req), req.params.schoolId, req.query),
  );

  app.get(
    '/api/schools/:schoolId/usage/classes/:classId/inactive',
    {
      schema: {
        tags,
        summary: 'Pupils and guardians of a class who never activated their account',
        params: ClassUsageParamsSchema,
        response: { 200: InactivePeopleSchema },
      },
    },
    async (req) => service.getInactiveOfClass(app.db, requireActor(req), req.params.schoolId, req.params.classId),
  );

  app.get(
    '/api/usage/department',
    {
      schema: {
        tags,
        summary: 'Every school of the deployment side by side',
        querystring: UsageRangeQuerySchema,
        response: { 200: DepartmentUsageSchema },
      },
    },
    async (req) => service.getDepartmentUsage(app.db, requireActor(req), req.query),
  );
};
