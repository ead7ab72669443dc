import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendDownload } from '../../lib/download.ts';
import { contentDisposition } from '../../lib/file-names.ts';
import { requireActor } from '../../lib/session.ts';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../homework/homework.schema.ts';
import {
  AttachmentParamsSchema,
  AttachmentQuerySchema,
  AttachmentSchema,
  AudienceOptionsSchema,
  FileSchema,
  IdParamsSchema,
  NewsCreateSchema,
  NewsListSchema,
  NewsSchema,
  NewsUpdateSchema,
  OkSchema,
  ReadSchema,
  ReceiptsSchema,
  ReminderSchema,
  SchoolQuerySchema,
  UnreadCountSchema,
} from './news.schema.ts';
import * as service from './news.service.ts';

const tags = ['news'];
const bodyLimit = 128 * 1024;

/** Actualités: school news to an audience, read receipts and confirmations, attachments. */
export const newsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Attachments arrive as the raw file with its type, like the cahier de textes' (this plugin's routes only).
  app.addContentTypeParser(
    [...ATTACHMENT_TYPES],
    { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.get('/api/news', { schema: { tags, response: { 200: NewsListSchema } } }, async (req) =>
    service.listNews(app.db, requireActor(req)),
  );
  app.get('/api/news/unread-count', { schema: { tags, response: { 200: UnreadCountSchema } } }, async (req) =>
    service.countToRead(app.db, requireActor(req)),
  );
  app.get(
    '/api/news/audience-options',
    { schema: { tags, querystring: SchoolQuerySchema, response: { 200: AudienceOptionsSchema } } },
    async (req) => service.getAudienceOptions(app.db, requireActor(req), req.query.schoolId),
  );
  app.post(
    '/api/news',
    { bodyLimit, schema: { tags, body: NewsCreateSchema, response: { 201: NewsSchema } } },
    async (req, reply) => reply.code(201).send(await service.createNews(app.db, requireActor(req), req.body)),
  );
  app.get('/api/news/:id', { schema: { tags, params: IdParamsSchema, response: { 200: NewsSchema } } }, async (req) =>
    service.getNews(app.db, requireActor(req), req.params.id),
  );
  app.put(
    '/api/news/:id',
    {
      bodyLimit,
      schema: {
        tags,
        description:
          '« Modifier »: the whole news again. Once published its date stays; a wider audience is notified, and ' +
          '`notifyReaders` tells the others it changed.',
        params: IdParamsSchema,
        body: NewsUpdateSchema,
        response: { 200: NewsSchema },
      },
    },
    async (req) => service.updateNews(app.db, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/news/:id/remind',
    {
      schema: {
        tags,
        description:
          '« Relancer »: notifies those who have not opened (or confirmed) the news, at most once in 24 hours.',
        params: IdParamsSchema,
        response: { 200: ReminderSchema },
      },
    },
    async (req) => service.remindNews(app.db, requireActor(req), req.params.id),
  );
  app.delete('/api/news/:id', { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } }, async (req) =>
    service.deleteNews(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/api/news/:id/read',
    { schema: { tags, params: IdParamsSchema, response: { 200: ReadSchema } } },
    async (req) => service.markRead(app.db, requireActor(req), req.params.id, false),
  );
  app.post(
    '/api/news/:id/confirm',
    {
      schema: {
        tags,
        description: '« J’ai pris connaissance »: the reader confirms a news that asks for it.',
        params: IdParamsSchema,
        response: { 200: ReadSchema },
      },
    },
    async (req) => service.markRead(app.db, requireActor(req), req.params.id, true),
  );
  app.get(
    '/api/news/:id/receipts',
    { schema: { tags, params: IdParamsSchema, response: { 200: ReceiptsSchema } } },
    async (req) => service.getReceipts(app.db, requireActor(req), req.params.id),
  );
  app.get(
    '/api/news/:id/unreached.csv',
    { schema: { tags, produces: ['text/csv'], params: IdParamsSchema, response: { 200: FileSchema } } },
    async (req, reply) => {
      const csv = await service.getUnreachedCsv(app.db, requireActor(req), req.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(csv.fileName))
        .send(csv.body);
    },
  );
  app.post(
    '/api/news/:id/attachments',
    {
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: {
        tags,
        description: `The file as the raw body, with its Content-Type (${ATTACHMENT_TYPES.join(', ')}); at most 5 MB.`,
        consumes: ATTACHMENT_TYPES,
        params: IdParamsSchema,
        querystring: AttachmentQuerySchema,
        response: { 201: AttachmentSchema },
      },
    },
    async (req, reply) => {
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const created = await service.addAttachment(app.db, requireActor(req), req.params.id, {
        fileName: req.query.fileName,
        contentType,
        data: req.body,
      });
      return reply.code(201).send(created);
    },
  );
  app.get(
    '/api/news/:id/attachments/:attachmentId',
    { schema: { tags, produces: ATTACHMENT_TYPES, params: AttachmentParamsSchema, response: { 200: FileSchema } } },
    async (req, reply) =>
      sendDownload(
        reply,
        await service.getAttachmentFile(app.db, requireActor(req), req.params.id, req.params.attachmentId),
      ),
  );
  app.delete(
    '/api/news/:id/attachments/:attachmentId',
    { schema: { tags, params: AttachmentParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.deleteAttachment(app.db, requireActor(req), req.params.id, req.params.attachmentId),
  );
};
