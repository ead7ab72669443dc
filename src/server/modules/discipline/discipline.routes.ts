import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../lib/file-names.ts';
import { requireActor } from '../../lib/session.ts';
import { renderOpeningLetter, renderSanctionLetter } from './discipline.letters.ts';
import {
  DetentionCheckSchema,
  DetentionQuerySchema,
  IncidentInputSchema,
  IncidentListSchema,
  IncidentSchema,
  NameablePupilListSchema,
  ProcedureInputSchema,
  ProcedureListSchema,
  ProcedureSchema,
  PronounceInputSchema,
  PunishmentInputSchema,
  PunishmentListQuerySchema,
  PunishmentListSchema,
  PunishmentSchema,
  PupilDisciplineSchema,
  PupilParamsSchema,
  SchoolItemParamsSchema,
  SchoolParamsSchema,
} from './discipline.schema.ts';
import * as service from './discipline.service.ts';

const tags = ['discipline'];
const base = '/api/schools/:schoolId';
const PdfSchema = z.unknown().describe('application/pdf document');
const EmptySchema = z.strictObject({});

/** Incidents, punishments and retenues, disciplinary procedures and their letters, a pupil's record. */
export const disciplineRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    `${base}/discipline/pupils`,
    { schema: { tags, params: SchoolParamsSchema, response: { 200: NameablePupilListSchema } } },
    async (req) => service.listNameablePupils(app.db, requireActor(req), req.params.schoolId),
  );
  app.get(
    `${base}/incidents`,
    { schema: { tags, params: SchoolParamsSchema, response: { 200: IncidentListSchema } } },
    async (req) => service.listIncidents(app.db, requireActor(req), req.params.schoolId),
  );
  app.post(
    `${base}/incidents`,
    { schema: { tags, params: SchoolParamsSchema, body: IncidentInputSchema, response: { 201: IncidentSchema } } },
    async (req, reply) =>
      reply.code(201).send(await service.createIncident(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.get(
    `${base}/punishments`,
    {
      schema: {
        tags,
        params: SchoolParamsSchema,
        querystring: PunishmentListQuerySchema,
        response: { 200: PunishmentListSchema },
      },
    },
    async (req) => service.listPunishments(app.db, requireActor(req), req.params.schoolId, req.query),
  );
  app.post(
    `${base}/punishments`,
    {
      schema: { tags, params: SchoolParamsSchema, body: PunishmentInputSchema, response: { 201: PunishmentSchema } },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createPunishment(app.db, requireActor(req), req.params.schoolId, req.body)),
  );
  app.get(
    `${base}/detentions`,
    {
      schema: {
        tags,
        params: SchoolParamsSchema,
        querystring: DetentionQuerySchema,
        response: { 200: PunishmentListSchema },
      },
    },
    async (req) => service.listDetentions(app.db, requireActor(req), req.params.schoolId, req.query.date),
  );
  app.put(
    `${base}/detentions/:id/attendance`,
    {
      schema: { tags, params: SchoolItemParamsSchema, body: DetentionCheckSchema, response: { 200: PunishmentSchema } },
    },
    async (req) =>
      service.checkDetention(app.db, requireActor(req), req.params.schoolId, req.params.id, req.body.status),
  );

  app.get(
    `${base}/procedures`,
    { schema: { tags, params: SchoolParamsSchema, response: { 200: ProcedureListSchema } } },
    async (req) => service.listProcedures(app.db, requireActor(req), req.params.schoolId),
  );
  app.post(
    `${base}/procedures`,
    { schema: { tags, params: SchoolParamsSchema, body: ProcedureInputSchema, response: { 201: ProcedureSchema } } },
    async (req, reply) =>
      reply.code(201).send(await service.openProcedure(app.db, requireActor(req), req.params.schoolId, req.body)),
  );
  app.post(
    `${base}/procedures/:id/pronounce`,
    {
      schema: { tags, params: SchoolItemParamsSchema, body: PronounceInputSchema, response: { 200: ProcedureSchema } },
    },
    async (req) => service.pronounce(app.db, requireActor(req), req.params.schoolId, req.params.id, req.body),
  );
  app.post(
    `${base}/procedures/:id/close`,
    { schema: { tags, params: SchoolItemParamsSchema, body: EmptySchema, response: { 200: ProcedureSchema } } },
    async (req) => service.closeProcedure(app.db, requireActor(req), req.params.schoolId, req.params.id),
  );
  for (const which of ['opening', 'sanction'] as const) {
    app.get(
      `${base}/procedures/:id/${which}-letter.pdf`,
      { schema: { tags, produces: ['application/pdf'], params: SchoolItemParamsSchema, response: { 200: PdfSchema } } },
      async (req, reply) => {
        const ctx = await service.getProcedureForLetter(
          app.db,
          requireActor(req),
          req.params.schoolId,
          req.params.id,
          which,
        );
        const pdf = which === 'opening' ? await renderOpeningLetter(ctx) : await renderSanctionLetter(ctx);
        const name = `${which === 'opening' ? 'procedure' : 'sanction'}-${ctx.pupil.lastName}-${ctx.pupil.firstName}.pdf`;
        return reply
          .header('content-type', 'application/pdf')
          .header('cache-control', 'no-store')
          .header('content-disposition', contentDisposition(name))
          .send(pdf);
      },
    );
  }

  app.get(
    `${base}/pupils/:pupilId/discipline`,
    { schema: { tags, params: PupilParamsSchema, response: { 200: PupilDisciplineSchema } } },
    async (req) => service.getPupilDiscipline(app.db, requireActor(req), req.params.schoolId, req.params.pupilId),
  );
};
