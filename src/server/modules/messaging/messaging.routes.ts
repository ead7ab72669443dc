import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendDownload } from '../../lib/download.ts';
import { requireActor } from '../../lib/session.ts';
import { scannerFor } from '../../lib/virus-scan.ts';
import * as attachments from './messaging.attachments.ts';
import * as freezes from './messaging.freeze.ts';
import {
  AttachmentParamsSchema,
  AttachmentQuerySchema,
  AttachmentSchema,
  BlockListSchema,
  BlockSchema,
  ConversationSchema,
  DraftOutSchema,
  DraftSchema,
  FileSchema,
  FolderQuerySchema,
  FolderSchema,
  FreezeListSchema,
  FreezeSchema,
  IdParamsSchema,
  MessageSchema,
  OkSchema,
  PersonParamsSchema,
  ReadStatusSchema,
  RecallOutSchema,
  RecallSchema,
  RecipientSearchQuerySchema,
  RecipientSearchSchema,
  ReportListSchema,
  ReportOutSchema,
  ReportSchema,
  RulesInSchema,
  RulesOutSchema,
  SendSchema,
  SentListSchema,
  UnreadCountSchema,
  WindowQuerySchema,
} from './messaging.schema.ts';
import * as service from './messaging.service.ts';

const tags = ['messaging'];

/** Messagerie: each person's mailbox, sending under the school's rules, reports, blocks and the rules table. */
export const messagingRoutes: FastifyPluginAsyncZod = async (app) => {
  const scanner = scannerFor(app.config);
  // Attachments arrive as the raw file, always application/octet-stream: the type is read from the bytes, never
  // from what the client announces. This parser only applies to this plugin's routes.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: attachments.ATTACHMENT_HARD_LIMIT_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.get(
    '/api/messages',
    { schema: { tags, querystring: FolderQuerySchema, response: { 200: FolderSchema } } },
    async (req) => service.listFolder(app.db, requireActor(req), req.query),
  );
  app.get('/api/messages/unread-count', { schema: { tags, response: { 200: UnreadCountSchema } } }, async (req) =>
    service.countUnread(app.db, requireActor(req)),
  );
  app.post(
    '/api/messages',
    { schema: { tags, body: SendSchema, response: { 201: MessageSchema } } },
    async (req, reply) => reply.code(201).send(await service.send(app.db, requireActor(req), req.body)),
  );
  app.get(
    '/api/messages/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: ConversationSchema } } },
    async (req) => service.getConversation(app.db, requireActor(req), req.params.id),
  );
  app.get(
    '/api/messages/:id/read-status',
    { schema: { tags, params: IdParamsSchema, response: { 200: ReadStatusSchema } } },
    async (req) => service.readStatus(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/api/messages/:id/read',
    { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.markRead(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/api/messages/:id/unread',
    { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.markUnread(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/api/messages/:id/trash',
    { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.trash(app.db, requireActor(req), req.params.id, true),
  );
  app.post(
    '/api/messages/:id/restore',
    { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.trash(app.db, requireActor(req), req.params.id, false),
  );
  app.delete(
    '/api/messages/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.purge(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/api/messages/:id/report',
    { schema: { tags, params: IdParamsSchema, body: ReportSchema, response: { 201: ReportOutSchema } } },
    async (req, reply) =>
      reply.code(201).send(await service.report(app.db, requireActor(req), req.params.id, req.body.reason)),
  );

  app.post(
    '/api/messages/drafts',
    { schema: { tags, body: DraftSchema, response: { 201: DraftOutSchema } } },
    async (req, reply) => reply.code(201).send(await service.createDraft(app.db, requireActor(req), req.body)),
  );
  app.get(
    '/api/messages/drafts/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: DraftOutSchema } } },
    async (req) => service.getDraft(app.db, requireActor(req), req.params.id),
  );
  app.put(
    '/api/messages/drafts/:id',
    { schema: { tags, params: IdParamsSchema, body: DraftSchema, response: { 200: DraftOutSchema } } },
    async (req) => service.updateDraft(app.db, requireActor(req), req.params.id, req.body),
  );
  app.delete(
    '/api/messages/drafts/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.deleteDraft(app.db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/messages/drafts/:id/attachments',
    {
      bodyLimit: attachments.ATTACHMENT_HARD_LIMIT_BYTES,
      schema: {
        tags,
        description:
          'The file as the raw body (application/octet-stream); its type is read from its bytes. At most the ' +
          "school's limit (messaging setting attachmentMaxMb, 5 MB by default), 10 files per message.",
        consumes: ['application/octet-stream'],
        params: IdParamsSchema,
        querystring: AttachmentQuerySchema,
        response: { 201: AttachmentSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await attachments.addAttachment(
            app.db,
            requireActor(req),
            req.params.id,
            { fileName: req.query.fileName, data: req.body },
            scanner,
          ),
        ),
  );
  app.delete(
    '/api/messages/drafts/:id/attachments/:attachmentId',
    { schema: { tags, params: AttachmentParamsSchema, response: { 200: OkSchema } } },
    async (req) => attachments.deleteAttachment(app.db, requireActor(req), req.params.id, req.params.attachmentId),
  );
  app.get(
    '/api/messages/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        produces: ['application/octet-stream'],
        params: AttachmentParamsSchema,
        response: { 200: FileSchema },
      },
    },
    async (req, reply) =>
      sendDownload(
        reply,
        await attachments.getAttachmentFile(app.db, requireActor(req), req.params.id, req.params.attachmentId),
      ),
  );

  app.get('/api/messaging/freezes', { schema: { tags, response: { 200: FreezeListSchema } } }, async (req) =>
    freezes.listFreezes(app.db, requireActor(req)),
  );
  app.post(
    '/api/messaging/freezes',
    { schema: { tags, body: FreezeSchema, response: { 201: OkSchema } } },
    async (req, reply) =>
      reply.code(201).send(await freezes.freeze(app.db, requireActor(req), req.body.personId, req.body.reason)),
  );
  app.delete(
    '/api/messaging/freezes/:personId',
    { schema: { tags, params: PersonParamsSchema, response: { 200: OkSchema } } },
    async (req) => freezes.unfreeze(app.db, requireActor(req), req.params.personId),
  );
  app.get(
    '/api/messaging/people/:personId/sent',
    { schema: { tags, params: PersonParamsSchema, querystring: WindowQuerySchema, response: { 200: SentListSchema } } },
    async (req) => freezes.listSent(app.db, requireActor(req), req.params.personId, req.query),
  );
  app.post(
    '/api/messaging/people/:personId/recall',
    { schema: { tags, params: PersonParamsSchema, body: RecallSchema, response: { 200: RecallOutSchema } } },
    async (req) => freezes.recall(app.db, requireActor(req), req.params.personId, req.body),
  );

  app.get(
    '/api/messaging/recipients',
    { schema: { tags, querystring: RecipientSearchQuerySchema, response: { 200: RecipientSearchSchema } } },
    async (req) => service.searchRecipients(app.db, requireActor(req), req.query.q),
  );
  app.get('/api/messaging/reports', { schema: { tags, response: { 200: ReportListSchema } } }, async (req) =>
    service.listReports(app.db, requireActor(req)),
  );
  app.post(
    '/api/messaging/reports/:id/close',
    { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.closeReport(app.db, requireActor(req), req.params.id),
  );
  app.get('/api/messaging/blocks', { schema: { tags, response: { 200: BlockListSchema } } }, async (req) =>
    service.listBlocks(app.db, requireActor(req)),
  );
  app.post(
    '/api/messaging/blocks',
    { schema: { tags, body: BlockSchema, response: { 201: OkSchema } } },
    async (req, reply) =>
      reply.code(201).send(await service.block(app.db, requireActor(req), req.body.personId, req.body.reason)),
  );
  app.delete(
    '/api/messaging/blocks/:personId',
    { schema: { tags, params: PersonParamsSchema, response: { 200: OkSchema } } },
    async (req) => service.unblock(app.db, requireActor(req), req.params.personId),
  );
  app.get('/api/messaging/rules', { schema: { tags, response: { 200: RulesOutSchema } } }, async (req) =>
    service.getRules(app.db, requireActor(req)),
  );
  app.put(
    '/api/messaging/rules',
    { schema: { tags, body: RulesInSchema, response: { 200: RulesOutSchema } } },
    async (req) => service.putRules(app.db, requireActor(req), req.body),
  );
};
