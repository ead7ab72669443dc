import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/session.ts';
import {
  AssessmentDetailSchema,
  AssessmentInputSchema,
  AssessmentPatchSchema,
  GradebookQuerySchema,
  GradebookSchema,
  GradeSettingsSchema,
  GradesInputSchema,
  IdParamsSchema,
  OkSchema,
  PeriodQuerySchema,
  PupilGradesSchema,
  PupilParamsSchema,
  SchoolParamsSchema,
  ServicesSchema,
  SkillResultsInputSchema,
  SubjectListSchema,
} from './grades.schema.ts';
import * as service from './grades.service.ts';

const tags = ['notes'];

/** Assessments, grades, skills, a pupil's grades, and the school's grade rules. */
export const gradesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/schools/:schoolId/settings/grades',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: GradeSettingsSchema } } },
    async (req) => service.getSettings(app.db, requireActor(req), req.params.schoolId),
  );

  app.put(
    '/api/schools/:schoolId/settings/grades',
    { schema: { tags, params: SchoolParamsSchema, body: GradeSettingsSchema, response: { 200: GradeSettingsSchema } } },
    async (req) => service.putSettings(app.db, requireActor(req), req.params.schoolId, req.body),
  );

  app.get(
    '/api/schools/:schoolId/grades/subjects',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: SubjectListSchema } } },
    async (req) => service.listSubjects(app.db, requireActor(req), req.params.schoolId),
  );

  app.get(
    '/api/schools/:schoolId/grades/services',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: ServicesSchema } } },
    async (req) => service.listServices(app.db, requireActor(req), req.params.schoolId),
  );

  app.get(
    '/api/grades/gradebook',
    { schema: { tags, querystring: GradebookQuerySchema, response: { 200: GradebookSchema } } },
    async (req) => service.getGradebook(app.db, requireActor(req), req.query),
  );

  app.post(
    '/api/grades/assessments',
    { schema: { tags, body: AssessmentInputSchema, response: { 201: AssessmentDetailSchema } } },
    async (req, reply) => reply.code(201).send(await service.createAssessment(app.db, requireActor(req), req.body)),
  );

  app.get(
    '/api/grades/assessments/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: AssessmentDetailSchema } } },
    async (req) => service.getAssessmentDetail(app.db, requireActor(req), req.params.id),
  );

  app.patch(
    '/api/grades/assessments/:id',
    {
      schema: { tags, params: IdParamsSchema, body: AssessmentPatchSchema, response: { 200: AssessmentDetailSchema } },
    },
    async (req) => service.patchAssessment(app.db, requireActor(req), req.params.id, req.body),
  );

  app.delete(
    '/api/grades/assessments/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.deleteAssessment(app.db, requireActor(req), req.params.id),
  );

  app.put(
    '/api/grades/assessments/:id/grades',
    { schema: { tags, params: IdParamsSchema, body: GradesInputSchema, response: { 200: AssessmentDetailSchema } } },
    async (req) => service.putGrades(app.db, requireActor(req), req.params.id, req.body),
  );

  app.put(
    '/api/grades/assessments/:id/skills',
    {
      schema: {
        tags,
        params: IdParamsSchema,
        body: SkillResultsInputSchema,
        response: { 200: AssessmentDetailSchema },
      },
    },
    async (req) => service.putSkillResults(app.db, requireActor(req), req.params.id, req.body),
  );

  app.get(
    '/api/grades/pupils/:pupilId',
    {
      schema: { tags, params: PupilParamsSchema, querystring: PeriodQuerySchema, response: { 200: PupilGradesSchema } },
    },
    async (req) => service.getPupilGrades(app.db, requireActor(req), req.params.pupilId, req.query.periodId),
  );
};
