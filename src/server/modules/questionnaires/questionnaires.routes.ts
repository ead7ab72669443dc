import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../lib/file-names.ts';
import { requireActor } from '../../lib/session.ts';
import { AudienceOptionsSchema } from '../news/news.schema.ts';
import {
  AnswersSchema,
  FileSchema,
  IdParamsSchema,
  QuestionnaireCreateSchema,
  QuestionnaireListSchema,
  QuestionnaireSchema,
  QuestionnaireUpdateSchema,
  ReminderSchema,
  ResultsSchema,
  SchoolQuerySchema,
  TemplateListSchema,
} from './questionnaires.schema.ts';
import * as service from './questionnaires.service.ts';

const tags = ['questionnaires'];
const MineSchema = QuestionnaireListSchema.extend({ toAnswer: z.number().int() });
const OkSchema = z.object({ ok: z.literal(true) });

/** Questionnaires: the direction creates, publishes, closes and reads results; the audience answers once. */
export const questionnaireRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/questionnaires/templates',
    {
      schema: {
        tags,
        summary: 'The questionnaires ready to create from',
        querystring: SchoolQuerySchema,
        response: { 200: TemplateListSchema },
      },
    },
    async (req) => service.listTemplates(requireActor(req), req.query.schoolId),
  );
  app.get(
    '/api/questionnaires/audience-options',
    {
      schema: {
        tags,
        summary: "The school's sites, levels and classes to address a questionnaire to",
        querystring: SchoolQuerySchema,
        response: { 200: AudienceOptionsSchema },
      },
    },
    async (req) => service.getAudienceOptions(app.db, requireActor(req), req.query.schoolId),
  );
  app.get(
    '/api/questionnaires',
    {
      schema: {
        tags,
        summary: "The school's questionnaires, for its direction",
        querystring: SchoolQuerySchema,
        response: { 200: QuestionnaireListSchema },
      },
    },
    async (req) => service.listForSchool(app.db, requireActor(req), req.query.schoolId),
  );
  app.get(
    '/api/questionnaires/mine',
    { schema: { tags, summary: 'Open questionnaires addressed to me', response: { 200: MineSchema } } },
    async (req) => service.listMine(app.db, requireActor(req)),
  );
  app.post(
    '/api/questionnaires',
    {
      schema: {
        tags,
        summary: 'Create a questionnaire (a draft)',
        body: QuestionnaireCreateSchema,
        response: { 201: QuestionnaireSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createQuestionnaire(app.db, requireActor(req), req.body)),
  );
  app.get(
    '/api/questionnaires/:id',
    { schema: { tags, summary: 'A questionnaire', params: IdParamsSchema, response: { 200: QuestionnaireSchema } } },
    async (req) => service.getQuestionnaire(app.db, requireActor(req), req.params.id),
  );
  app.patch(
    '/api/questionnaires/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft; once published, only extend its closing date',
        params: IdParamsSchema,
        body: QuestionnaireUpdateSchema,
        response: { 200: QuestionnaireSchema },
      },
    },
    async (req) => service.updateQuestionnaire(app.db, requireActor(req), req.params.id, req.body),
  );
  app.delete(
    '/api/questionnaires/:id',
    { schema: { tags, summary: 'Delete a draft', params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.deleteQuestionnaire(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/api/questionnaires/:id/reminders',
    {
      schema: {
        tags,
        summary: 'Remind those who have not answered (once per 24 hours)',
        params: IdParamsSchema,
        response: { 201: ReminderSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await service.sendReminder(app.db, requireActor(req), req.params.id)),
  );
  app.post(
    '/api/questionnaires/:id/publish',
    { schema: { tags, summary: 'Publish a draft', params: IdParamsSchema, response: { 200: QuestionnaireSchema } } },
    async (req) => service.setStatus(app.db, requireActor(req), req.params.id, 'published'),
  );
  app.post(
    '/api/questionnaires/:id/close',
    {
      schema: {
        tags,
        summary: 'Close before its date',
        params: IdParamsSchema,
        response: { 200: QuestionnaireSchema },
      },
    },
    async (req) => service.setStatus(app.db, requireActor(req), req.params.id, 'closed'),
  );
  app.post(
    '/api/questionnaires/:id/answers',
    {
      schema: {
        tags,
        summary: 'Answer, once',
        params: IdParamsSchema,
        body: AnswersSchema,
        response: { 201: OkSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await service.answer(app.db, requireActor(req), req.params.id, req.body.answers)),
  );
  app.get(
    '/api/questionnaires/:id/results',
    {
      schema: {
        tags,
        summary: 'Results (counts under 5 hidden)',
        params: IdParamsSchema,
        response: { 200: ResultsSchema },
      },
    },
    async (req) => service.getResults(app.db, requireActor(req), req.params.id),
  );
  app.get(
    '/api/questionnaires/:id/results.csv',
    { schema: { tags, produces: ['text/csv'], params: IdParamsSchema, response: { 200: FileSchema } } },
    async (req, reply) => {
      const csv = await service.getResultsCsv(app.db, requireActor(req), req.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(csv.fileName))
        .send(csv.body);
    },
  );
  app.get(
    '/api/questionnaires/:id/results.pdf',
    { schema: { tags, produces: ['application/pdf'], params: IdParamsSchema, response: { 200: FileSchema } } },
    async (req, reply) => {
      const pdf = await service.getResultsPdf(app.db, requireActor(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(pdf.fileName))
        .send(pdf.body);
    },
  );
};
