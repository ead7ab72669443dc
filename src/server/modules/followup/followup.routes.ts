import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/session.ts';
import { getPupilFile } from './followup.file.ts';
import {
  ActionCreateSchema,
  ActionDoneSchema,
  ActionParamsSchema,
  ActionSchema,
  EntryCreateSchema,
  EntryListSchema,
  EntryParamsSchema,
  EntrySchema,
  EntryShareSchema,
  MeetingCreatedSchema,
  MeetingCreateSchema,
  MeetingDetailSchema,
  MeetingListSchema,
  MeetingParamsSchema,
  MinutesCreateSchema,
  OkSchema,
  PupilFileSchema,
  ReadListSchema,
  ReadsQuerySchema,
  SchoolParamsSchema,
  SchoolPupilParamsSchema,
} from './followup.schema.ts';
import * as service from './followup.service.ts';

const tags = ['followup'];

export const followupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/schools/:schoolId/pupils/:pupilId/file',
    { schema: { tags, params: SchoolPupilParamsSchema, response: { 200: PupilFileSchema } } },
    async (req) => getPupilFile(app.db, requireActor(req), req.params.schoolId, req.params.pupilId),
  );

  app.get(
    '/api/schools/:schoolId/pupils/:pupilId/followup/entries',
    { schema: { tags, params: SchoolPupilParamsSchema, response: { 200: EntryListSchema } } },
    async (req) => service.listEntries(app.db, requireActor(req), req.params.schoolId, req.params.pupilId),
  );

  app.post(
    '/api/schools/:schoolId/pupils/:pupilId/followup/entries',
    { schema: { tags, params: SchoolPupilParamsSchema, body: EntryCreateSchema, response: { 201: EntrySchema } } },
    async (req, reply) =>
      reply
        .code(201)
        .send(await service.createEntry(app.db, requireActor(req), req.params.schoolId, req.params.pupilId, req.body)),
  );

  app.post(
    '/api/schools/:schoolId/pupils/:pupilId/followup/entries/:entryId/shares',
    { schema: { tags, params: EntryParamsSchema, body: EntryShareSchema, response: { 200: EntrySchema } } },
    async (req) =>
      service.shareEntry(
        app.db,
        requireActor(req),
        req.params.schoolId,
        req.params.pupilId,
        req.params.entryId,
        req.body,
      ),
  );

  app.get(
    '/api/schools/:schoolId/pupils/:pupilId/followup/entries/:entryId/reads',
    { schema: { tags, params: EntryParamsSchema, response: { 200: ReadListSchema } } },
    async (req) =>
      service.listReadsOfEntry(app.db, requireActor(req), req.params.schoolId, req.params.pupilId, req.params.entryId),
  );

  app.get(
    '/api/schools/:schoolId/followup/reads',
    { schema: { tags, params: SchoolParamsSchema, querystring: ReadsQuerySchema, response: { 200: ReadListSchema } } },
    async (req) => service.listReads(app.db, requireActor(req), req.params.schoolId, req.query),
  );

  app.get(
    '/api/schools/:schoolId/followup/meetings',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: MeetingListSchema } } },
    async (req) => service.listMeetings(app.db, requireActor(req), req.params.schoolId),
  );

  app.post(
    '/api/schools/:schoolId/followup/meetings',
    {
      schema: { tags, params: SchoolParamsSchema, body: MeetingCreateSchema, response: { 201: MeetingCreatedSchema } },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createMeeting(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.get(
    '/api/schools/:schoolId/followup/meetings/:meetingId',
    { schema: { tags, params: MeetingParamsSchema, response: { 200: MeetingDetailSchema } } },
    async (req) => service.getMeetingDetail(app.db, requireActor(req), req.params.schoolId, req.params.meetingId),
  );

  app.post(
    '/api/schools/:schoolId/followup/meetings/:meetingId/minutes',
    { schema: { tags, params: MeetingParamsSchema, body: MinutesCreateSchema, response: { 201: EntrySchema } } },
    async (req, reply) =>
      reply
        .code(201)
        .send(await service.addMinutes(app.db, requireActor(req), req.params.schoolId, req.params.meetingId, req.body)),
  );

  app.post(
    '/api/schools/:schoolId/followup/meetings/:meetingId/actions',
    { schema: { tags, params: MeetingParamsSchema, body: ActionCreateSchema, response: { 201: ActionSchema } } },
    async (req, reply) =>
      reply
        .code(201)
        .send(await service.addAction(app.db, requireActor(req), req.params.schoolId, req.params.meetingId, req.body)),
  );

  app.put(
    '/api/schools/:schoolId/followup/actions/:actionId/done',
    { schema: { tags, params: ActionParamsSchema, body: ActionDoneSchema, response: { 200: OkSchema } } },
    async (req) =>
      service.setActionDone(app.db, requireActor(req), req.params.schoolId, req.params.actionId, req.body.done),
  );
};
