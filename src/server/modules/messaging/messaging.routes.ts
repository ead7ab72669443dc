import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/session.ts';
import {
  BlockListSchema,
  BlockSchema,
  ConversationSchema,
  DraftOutSchema,
  DraftSchema,
  FolderQuerySchema,
  FolderSchema,
  IdParamsSchema,
  MessageSchema,
  OkSchema,
  PersonParamsSchema,
  ReadStatusSchema,
  RecipientSearchQuerySchema,
  RecipientSearchSchema,
  ReportListSchema,
  ReportOutSchema,
  ReportSchema,
  RulesInSchema,
  RulesOutSchema,
  SendSchema,
  UnreadCountSchema,
} from './messaging.schema.ts';
import * as service from './messaging.service.ts';

const tags = ['messaging'];

/** Messagerie: each person's mailbox, sending under the school's rules, reports, blocks and the rules table. */
export const messagingRoutes: FastifyPluginAsyncZod = async (app) => {
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
