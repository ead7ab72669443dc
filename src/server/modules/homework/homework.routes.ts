import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendDownload } from '../../lib/download.ts';
import { requireActor } from '../../lib/session.ts';
import {
  ATTACHMENT_TYPES,
  AttachmentParamsSchema,
  AttachmentQuerySchema,
  AttachmentSchema,
  CahierSessionSchema,
  ClassCahierSchema,
  ClassParamsSchema,
  DoneSchema,
  ExtraSessionParamsSchema,
  FileSchema,
  HomeworkCreateSchema,
  HomeworkParamsSchema,
  HomeworkPatchSchema,
  HomeworkSchema,
  HomeworkWithWorkloadSchema,
  MAX_ATTACHMENT_BYTES,
  OkSchema,
  PupilHomeworkListSchema,
  PupilParamsSchema,
  RangeQuerySchema,
  SchoolParamsSchema,
  SessionContentInputSchema,
  SessionParamsSchema,
  WorkloadQuerySchema,
  WorkloadSchema,
  WorkloadSettingsSchema,
} from './homework.schema.ts';
import * as service from './homework.service.ts';

const tags = ['cahier de textes'];
/** A cahier entry is text and a few links: 64 KB is generous, and anything larger is refused before parsing. */
const bodyLimit = 64 * 1024;

/** The cahier de textes: session contents, homework, done ticks, workload and its thresholds. */
export const homeworkRoutes: FastifyPluginAsyncZod = async (app) => {
  // Attachments are uploaded as the raw file (the web app sends the File as the body, with its type): no
  // multipart, and the bytes arrive as a Buffer. These parsers only apply to this plugin's routes.
  app.addContentTypeParser(
    [...ATTACHMENT_TYPES],
    { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
    (_req, body, done) => done(null, body),
  );

  const sessionRef = (p: { courseId: string; date: string }) => ({
    courseId: p.courseId,
    date: p.date,
    extraSessionId: null,
  });

  app.get(
    '/api/cahier/sessions/:courseId/:date',
    { schema: { tags, params: SessionParamsSchema, response: { 200: CahierSessionSchema } } },
    async (req) => service.getCahierSession(app.db, requireActor(req), sessionRef(req.params)),
  );

  app.put(
    '/api/cahier/sessions/:courseId/:date',
    {
      bodyLimit,
      schema: {
        tags,
        params: SessionParamsSchema,
        body: SessionContentInputSchema,
        response: { 200: CahierSessionSchema },
      },
    },
    async (req) => service.putSessionContent(app.db, requireActor(req), sessionRef(req.params), req.body),
  );

  app.get(
    '/api/cahier/extra-sessions/:extraSessionId',
    { schema: { tags, params: ExtraSessionParamsSchema, response: { 200: CahierSessionSchema } } },
    async (req) => {
      const actor = requireActor(req);
      return service.getCahierSession(app.db, actor, await service.extraSessionRef(app.db, req.params.extraSessionId));
    },
  );

  app.put(
    '/api/cahier/extra-sessions/:extraSessionId',
    {
      bodyLimit,
      schema: {
        tags,
        params: ExtraSessionParamsSchema,
        body: SessionContentInputSchema,
        response: { 200: CahierSessionSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const ref = await service.extraSessionRef(app.db, req.params.extraSessionId);
      return service.putSessionContent(app.db, actor, ref, req.body);
    },
  );

  app.get(
    '/api/cahier/classes/:classId',
    {
      schema: { tags, params: ClassParamsSchema, querystring: RangeQuerySchema, response: { 200: ClassCahierSchema } },
    },
    async (req) => service.getClassCahier(app.db, requireActor(req), req.params.classId, req.query),
  );

  app.get(
    '/api/homework/workload',
    { schema: { tags, querystring: WorkloadQuerySchema, response: { 200: WorkloadSchema } } },
    async (req) => service.previewWorkload(app.db, requireActor(req), req.query),
  );

  app.get(
    '/api/homework/pupils/:pupilId',
    {
      schema: {
        tags,
        params: PupilParamsSchema,
        querystring: RangeQuerySchema,
        response: { 200: PupilHomeworkListSchema },
      },
    },
    async (req) => service.listPupilHomework(app.db, requireActor(req), req.params.pupilId, req.query),
  );

  app.post(
    '/api/homework',
    { bodyLimit, schema: { tags, body: HomeworkCreateSchema, response: { 201: HomeworkWithWorkloadSchema } } },
    async (req, reply) => {
      const created = await service.createHomework(app.db, requireActor(req), req.body);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/homework/:id',
    { schema: { tags, params: HomeworkParamsSchema, response: { 200: HomeworkSchema } } },
    async (req) => service.getHomework(app.db, requireActor(req), req.params.id),
  );

  app.patch(
    '/api/homework/:id',
    {
      bodyLimit,
      schema: {
        tags,
        params: HomeworkParamsSchema,
        body: HomeworkPatchSchema,
        response: { 200: HomeworkWithWorkloadSchema },
      },
    },
    async (req) => service.updateHomework(app.db, requireActor(req), req.params.id, req.body),
  );

  app.delete(
    '/api/homework/:id',
    { schema: { tags, params: HomeworkParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      await service.deleteHomework(app.db, requireActor(req), req.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/homework/:id/done',
    { schema: { tags, params: HomeworkParamsSchema, response: { 200: DoneSchema } } },
    async (req) => service.setDone(app.db, requireActor(req), req.params.id, true),
  );

  app.delete(
    '/api/homework/:id/done',
    { schema: { tags, params: HomeworkParamsSchema, response: { 200: DoneSchema } } },
    async (req) => service.setDone(app.db, requireActor(req), req.params.id, false),
  );

  app.post(
    '/api/homework/:id/attachments',
    {
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: {
        tags,
        description: `The file as the raw body, with its Content-Type (${ATTACHMENT_TYPES.join(', ')}); at most 5 MB.`,
        consumes: ATTACHMENT_TYPES,
        params: HomeworkParamsSchema,
        querystring: AttachmentQuerySchema,
        response: { 201: AttachmentSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const created = await service.addAttachment(app.db, actor, req.params.id, {
        fileName: req.query.fileName,
        contentType,
        data: req.body,
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/homework/:id/attachments/:attachmentId',
    { schema: { tags, produces: ATTACHMENT_TYPES, params: AttachmentParamsSchema, response: { 200: FileSchema } } },
    async (req, reply) => {
      const file = await service.getAttachmentFile(app.db, requireActor(req), req.params.id, req.params.attachmentId);
      return sendDownload(reply, file);
    },
  );

  app.delete(
    '/api/homework/:id/attachments/:attachmentId',
    { schema: { tags, params: AttachmentParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      await service.deleteAttachment(app.db, requireActor(req), req.params.id, req.params.attachmentId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/schools/:schoolId/settings/workload',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: WorkloadSettingsSchema } } },
    async (req) => service.getWorkloadSettings(app.db, requireActor(req), req.params.schoolId),
  );

  app.put(
    '/api/schools/:schoolId/settings/workload',
    {
      bodyLimit,
      schema: {
        tags,
        params: SchoolParamsSchema,
        body: WorkloadSettingsSchema,
        response: { 200: WorkloadSettingsSchema },
      },
    },
    async (req) => service.putWorkloadSettings(app.db, requireActor(req), req.params.schoolId, req.body),
  );
};
