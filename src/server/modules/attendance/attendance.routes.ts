import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendDownload } from '../../lib/download.ts';
import { contentDisposition } from '../../lib/file-names.ts';
import { requireActor } from '../../lib/session.ts';
import * as events from './attendance.events.ts';
import * as followup from './attendance.followup.ts';
import * as justifications from './attendance.justifications.ts';
import * as reasons from './attendance.reasons.ts';
import {
  DecisionInputSchema,
  DOCUMENT_TYPES,
  EventDeleteQuerySchema,
  EventInputSchema,
  EventPatchSchema,
  EventSchema,
  ExemptionInputSchema,
  ExemptionSchema,
  ExtraSessionParamsSchema,
  FileSchema,
  IdParamsSchema,
  JustificationInputSchema,
  JustificationListQuerySchema,
  JustificationListSchema,
  JustificationSchema,
  MissingListSchema,
  MissingQuerySchema,
  OkSchema,
  PupilParamsSchema,
  PupilRecordSchema,
  RangeQuerySchema,
  RatesQuerySchema,
  RatesSchema,
  ReasonInputSchema,
  ReasonListSchema,
  ReasonPatchSchema,
  ReasonSchema,
  RemindInputSchema,
  RemindResultSchema,
  RollCallInputSchema,
  RollCallSchema,
  SchoolParamsSchema,
  SessionParamsSchema,
  ToReportQuerySchema,
  ToReportSchema,
} from './attendance.schema.ts';
import * as service from './attendance.service.ts';
import { AttendanceSettingsSchema } from './attendance.service.ts';

const tags = ['vie scolaire'];
/**
 * Bodies that may carry a document (5 MB, base64 in JSON: 4/3 of it, and the rest of the body); every other route
 * keeps the default limit.
 */
const documentBodyLimit = 7 * 1024 * 1024 + 512 * 1024;

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
  // ------------------------------------------------------------------------------------------ events

  app.post(
    '/api/attendance/events',
    { schema: { tags, body: EventInputSchema, response: { 201: EventSchema } } },
    async (req, reply) => reply.code(201).send(await events.createEvent(app.db, requireActor(req), req.body)),
  );

  app.patch(
    '/api/attendance/events/:id',
    { schema: { tags, params: IdParamsSchema, body: EventPatchSchema, response: { 200: EventSchema } } },
    async (req) => events.updateEvent(app.db, requireActor(req), req.params.id, req.body),
  );

  app.delete(
    '/api/attendance/events/:id',
    { schema: { tags, params: IdParamsSchema, querystring: EventDeleteQuerySchema, response: { 200: OkSchema } } },
    async (req) => {
      await events.deleteEvent(app.db, requireActor(req), req.params.id, req.query.version);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/attendance/exemptions',
    {
      bodyLimit: documentBodyLimit,
      schema: { tags, body: ExemptionInputSchema, response: { 201: ExemptionSchema } },
    },
    async (req, reply) => reply.code(201).send(await events.createExemption(app.db, requireActor(req), req.body)),
  );

  app.delete(
    '/api/attendance/exemptions/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      await events.deleteExemption(app.db, requireActor(req), req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/attendance/documents/:id',
    { schema: { tags, produces: DOCUMENT_TYPES, params: IdParamsSchema, response: { 200: FileSchema } } },
    async (req, reply) => {
      const file = await events.getDocumentFile(app.db, requireActor(req), req.params.id);
      return sendDownload(reply, file);
    },
  );

  // ------------------------------------------------------------------------------------------ reasons, settings

  app.get(
    '/api/schools/:schoolId/attendance/reasons',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: ReasonListSchema } } },
    async (req) => reasons.listReasons(app.db, requireActor(req), req.params.schoolId),
  );

  app.post(
    '/api/schools/:schoolId/attendance/reasons',
    { schema: { tags, params: SchoolParamsSchema, body: ReasonInputSchema, response: { 201: ReasonSchema } } },
    async (req, reply) =>
      reply.code(201).send(await reasons.createReason(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.patch(
    '/api/attendance/reasons/:id',
    { schema: { tags, params: IdParamsSchema, body: ReasonPatchSchema, response: { 200: ReasonSchema } } },
    async (req) => reasons.updateReason(app.db, requireActor(req), req.params.id, req.body),
  );

  app.get(
    '/api/schools/:schoolId/settings/attendance',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: AttendanceSettingsSchema } } },
    async (req) => reasons.readSettings(app.db, requireActor(req), req.params.schoolId),
  );

  app.put(
    '/api/schools/:schoolId/settings/attendance',
    {
      schema: {
        tags,
        params: SchoolParamsSchema,
        body: AttendanceSettingsSchema,
        response: { 200: AttendanceSettingsSchema },
      },
    },
    async (req) => reasons.writeSettings(app.db, requireActor(req), req.params.schoolId, req.body),
  );

  // ------------------------------------------------------------------------------------------ justifications

  app.post(
    '/api/attendance/justifications',
    {
      bodyLimit: documentBodyLimit,
      schema: { tags, body: JustificationInputSchema, response: { 201: JustificationSchema } },
    },
    async (req, reply) =>
      reply.code(201).send(await justifications.createJustification(app.db, requireActor(req), req.body)),
  );

  app.post(
    '/api/attendance/justifications/:id/decision',
    { schema: { tags, params: IdParamsSchema, body: DecisionInputSchema, response: { 200: JustificationSchema } } },
    async (req) => justifications.decideJustification(app.db, requireActor(req), req.params.id, req.body),
  );

  app.get(
    '/api/schools/:schoolId/attendance/justifications',
    {
      schema: {
        tags,
        params: SchoolParamsSchema,
        querystring: JustificationListQuerySchema,
        response: { 200: JustificationListSchema },
      },
    },
    async (req) => justifications.listJustifications(app.db, requireActor(req), req.params.schoolId, req.query.status),
  );

  // ------------------------------------------------------------------------------------------ follow-up

  app.get(
    '/api/attendance/pupils/:pupilId',
    {
      schema: { tags, params: PupilParamsSchema, querystring: RangeQuerySchema, response: { 200: PupilRecordSchema } },
    },
    async (req) => followup.getPupilRecord(app.db, requireActor(req), req.params.pupilId, req.query),
  );

  app.get(
    '/api/schools/:schoolId/attendance/to-report',
    {
      schema: { tags, params: SchoolParamsSchema, querystring: ToReportQuerySchema, response: { 200: ToReportSchema } },
    },
    async (req) => followup.listToReport(app.db, requireActor(req), req.params.schoolId, req.query.month),
  );

  app.get(
    '/api/schools/:schoolId/attendance/rates',
    { schema: { tags, params: SchoolParamsSchema, querystring: RatesQuerySchema, response: { 200: RatesSchema } } },
    async (req) => followup.getRates(app.db, requireActor(req), req.params.schoolId, req.query),
  );

  app.get(
    '/api/schools/:schoolId/attendance/export.csv',
    {
      schema: {
        tags,
        produces: ['text/csv'],
        params: SchoolParamsSchema,
        querystring: RangeQuerySchema,
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      const csv = await followup.exportCsv(app.db, requireActor(req), req.params.schoolId, req.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(csv.fileName))
        .send(csv.body);
    },
  );
};
