import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../lib/errors.ts';
import { sha256 } from '../../lib/ids.ts';
import { requireActor } from '../../lib/session.ts';
import * as edit from './timetable.edit.ts';
import * as feeds from './timetable.ical.ts';
import { importTimetable } from './timetable.import.ts';
import {
  CalendarEntryInputSchema,
  CalendarEntryParamsSchema,
  CancelSchema,
  ClassParamsSchema,
  CourseInputSchema,
  CourseListSchema,
  CourseParamsSchema,
  CoursePatchSchema,
  CourseSchema,
  DateQuerySchema,
  ExtraSessionInputSchema,
  FamilyDaySchema,
  GroupParamsSchema,
  IcalFeedSchema,
  IcalParamsSchema,
  ImportQuerySchema,
  ImportReportSchema,
  MoveSchema,
  OkSchema,
  PupilParamsSchema,
  ReplacementSchema,
  RoomChangeSchema,
  RoomInputSchema,
  RoomParamsSchema,
  RoomSchema,
  SchoolParamsSchema,
  SessionParamsSchema,
  SessionSchema,
  SettingsSchema,
  SiteParamsSchema,
  SlotsInputSchema,
  TeacherParamsSchema,
  TeacherWeekSchema,
  TravelInputSchema,
  WeekSchema,
} from './timetable.schema.ts';
import * as service from './timetable.service.ts';
import * as settings from './timetable.settings.ts';

const tags = ['timetable'];

/** The uploaded file: the one file part of a multipart form, or the raw body. */
export async function importedFile(req: FastifyRequest): Promise<Buffer> {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) throw new AppError('VALIDATION_FAILED', 'The form has no file (field "file")');
    const data = await part.toBuffer();
    if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'The file is too large');
    return data;
  }
  if (!Buffer.isBuffer(req.body)) throw new AppError('VALIDATION_FAILED', 'The file is missing');
  return req.body;
}

/**
 * Timetable files (STS XML, CSV, zip) arrive as the `file` field of a multipart form (browsers, `curl -F`) or
 * as the raw body, at most this big.
 */
export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
export const IMPORT_TYPES = [
  'multipart/form-data',
  'application/xml',
  'text/xml',
  'text/csv',
  'text/plain',
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
];

export const timetableRoutes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to this plugin: the rest of the API only takes JSON. Files sent without a type are read raw
  // too (the import sniffs zips and checks the format itself); JSON routes then refuse a raw body.
  // Multipart forms: the file part is read in the handler, within the same limit (a larger file is a 413).
  await app.register(multipart, { limits: { fileSize: IMPORT_BODY_LIMIT, files: 1, fields: 10, parts: 11 } });
  for (const type of [...IMPORT_TYPES.filter((t) => t !== 'multipart/form-data'), '*']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
  }

  app.post(
    '/api/schools/:schoolId/timetable/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        params: SchoolParamsSchema,
        consumes: IMPORT_TYPES,
        querystring: ImportQuerySchema,
        response: { 200: ImportReportSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return importTimetable(app.db, actor, req.params.schoolId, {
        format: req.query.format,
        body: await importedFile(req),
        dryRun: req.query.dryRun === 'true' || req.query.dryRun === '1',
      });
    },
  );

  app.get(
    '/api/timetable/pupils/:pupilId/week',
    { schema: { tags, params: PupilParamsSchema, querystring: DateQuerySchema, response: { 200: WeekSchema } } },
    async (req) => service.getPupilWeek(app.db, requireActor(req), req.params.pupilId, req.query.date),
  );

  app.get(
    '/api/timetable/family/day',
    { schema: { tags, querystring: DateQuerySchema, response: { 200: FamilyDaySchema } } },
    async (req) => service.getFamilyDay(app.db, requireActor(req), req.query.date),
  );

  app.get(
    '/api/timetable/classes/:classId/week',
    { schema: { tags, params: ClassParamsSchema, querystring: DateQuerySchema, response: { 200: WeekSchema } } },
    async (req) => service.getClassWeek(app.db, requireActor(req), req.params.classId, req.query.date),
  );

  app.get(
    '/api/timetable/groups/:groupId/week',
    { schema: { tags, params: GroupParamsSchema, querystring: DateQuerySchema, response: { 200: WeekSchema } } },
    async (req) => service.getGroupWeek(app.db, requireActor(req), req.params.groupId, req.query.date),
  );

  app.get(
    '/api/timetable/teachers/:teacherId/week',
    {
      schema: { tags, params: TeacherParamsSchema, querystring: DateQuerySchema, response: { 200: TeacherWeekSchema } },
    },
    async (req) => service.getTeacherWeek(app.db, requireActor(req), req.params.teacherId, req.query.date),
  );

  app.get(
    '/api/timetable/rooms/:roomId/week',
    { schema: { tags, params: RoomParamsSchema, querystring: DateQuerySchema, response: { 200: WeekSchema } } },
    async (req) => service.getRoomWeek(app.db, requireActor(req), req.params.roomId, req.query.date),
  );

  app.get(
    '/api/timetable/sites/:siteId/week',
    { schema: { tags, params: SiteParamsSchema, querystring: DateQuerySchema, response: { 200: WeekSchema } } },
    async (req) => service.getSiteWeek(app.db, requireActor(req), req.params.siteId, req.query.date),
  );

  app.get(
    '/api/schools/:schoolId/timetable/courses',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: CourseListSchema } } },
    async (req) => edit.listCourses(app.db, requireActor(req), req.params.schoolId),
  );

  app.post(
    '/api/schools/:schoolId/timetable/courses',
    { schema: { tags, params: SchoolParamsSchema, body: CourseInputSchema, response: { 201: CourseSchema } } },
    async (req, reply) => {
      const course = await edit.createCourse(app.db, requireActor(req), req.params.schoolId, req.body);
      return reply.code(201).send(course);
    },
  );

  app.patch(
    '/api/timetable/courses/:courseId',
    { schema: { tags, params: CourseParamsSchema, body: CoursePatchSchema, response: { 200: CourseSchema } } },
    async (req) => edit.updateCourse(app.db, requireActor(req), req.params.courseId, req.body),
  );

  app.delete(
    '/api/timetable/courses/:courseId',
    { schema: { tags, params: CourseParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      await edit.deleteCourse(app.db, requireActor(req), req.params.courseId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/timetable/courses/:courseId/extra-sessions',
    { schema: { tags, params: CourseParamsSchema, body: ExtraSessionInputSchema, response: { 201: SessionSchema } } },
    async (req, reply) => {
      const s = await edit.createExtraSession(app.db, requireActor(req), req.params.courseId, req.body);
      return reply.code(201).send(s);
    },
  );

  app.post(
    '/api/timetable/sessions/:sessionKey/cancel',
    { schema: { tags, params: SessionParamsSchema, body: CancelSchema, response: { 200: SessionSchema } } },
    async (req) => {
      const actor = requireActor(req);
      const key = req.params.sessionKey;
      if (key.split(':').length === 3) return edit.cancelExtraSession(app.db, actor, key, req.body.reason);
      return edit.changeSession(app.db, actor, key, { kind: 'cancel', reason: req.body.reason });
    },
  );

  app.post(
    '/api/timetable/sessions/:sessionKey/move',
    { schema: { tags, params: SessionParamsSchema, body: MoveSchema, response: { 200: SessionSchema } } },
    async (req) => edit.changeSession(app.db, requireActor(req), req.params.sessionKey, { kind: 'move', ...req.body }),
  );

  app.post(
    '/api/timetable/sessions/:sessionKey/room',
    { schema: { tags, params: SessionParamsSchema, body: RoomChangeSchema, response: { 200: SessionSchema } } },
    async (req) => edit.changeSession(app.db, requireActor(req), req.params.sessionKey, { kind: 'room', ...req.body }),
  );

  app.post(
    '/api/timetable/sessions/:sessionKey/replacement',
    { schema: { tags, params: SessionParamsSchema, body: ReplacementSchema, response: { 200: SessionSchema } } },
    async (req) =>
      edit.changeSession(app.db, requireActor(req), req.params.sessionKey, { kind: 'replacement', ...req.body }),
  );

  app.delete(
    '/api/timetable/sessions/:sessionKey/changes',
    { schema: { tags, params: SessionParamsSchema, response: { 200: SessionSchema } } },
    async (req) => edit.restoreSession(app.db, requireActor(req), req.params.sessionKey),
  );

  app.get(
    '/api/schools/:schoolId/timetable/settings',
    { schema: { tags, params: SchoolParamsSchema, querystring: DateQuerySchema, response: { 200: SettingsSchema } } },
    async (req) => settings.getSettings(app.db, requireActor(req), req.params.schoolId, req.query.date),
  );

  app.put(
    '/api/schools/:schoolId/timetable/slots',
    { schema: { tags, params: SchoolParamsSchema, body: SlotsInputSchema, response: { 200: SettingsSchema } } },
    async (req) => settings.replaceSlots(app.db, requireActor(req), req.params.schoolId, req.body.slots),
  );

  app.post(
    '/api/schools/:schoolId/timetable/rooms',
    { schema: { tags, params: SchoolParamsSchema, body: RoomInputSchema, response: { 201: RoomSchema } } },
    async (req, reply) =>
      reply.code(201).send(await settings.createRoom(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.put(
    '/api/schools/:schoolId/timetable/travel-times',
    { schema: { tags, params: SchoolParamsSchema, body: TravelInputSchema, response: { 200: SettingsSchema } } },
    async (req) => settings.replaceTravelTimes(app.db, requireActor(req), req.params.schoolId, req.body.items),
  );

  app.post(
    '/api/schools/:schoolId/timetable/calendar-entries',
    { schema: { tags, params: SchoolParamsSchema, body: CalendarEntryInputSchema, response: { 201: SettingsSchema } } },
    async (req, reply) =>
      reply.code(201).send(await settings.addCalendarEntry(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.delete(
    '/api/schools/:schoolId/timetable/calendar-entries/:entryId',
    { schema: { tags, params: CalendarEntryParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      await settings.deleteCalendarEntry(app.db, requireActor(req), req.params.schoolId, req.params.entryId);
      return { ok: true as const };
    },
  );

  app.post('/api/timetable/ical-feed', { schema: { tags, response: { 201: IcalFeedSchema } } }, async (req, reply) => {
    return reply.code(201).send(await feeds.createFeed(app.db, requireActor(req), app.config.publicUrl));
  });

  app.delete('/api/timetable/ical-feed', { schema: { tags, response: { 200: OkSchema } } }, async (req) => {
    await feeds.revokeFeeds(app.db, requireActor(req));
    return { ok: true as const };
  });
};

/** The feed itself: no cookie, the token in the URL is the secret. */
export const icalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/ical/:token.ics',
    { schema: { tags, security: [], produces: ['text/calendar'], params: IcalParamsSchema } },
    async (req, reply) => {
      const text = await feeds.renderFeed(app.db, req.params.token);
      // The text only changes when a session does (DTSTAMP is its last revision), so it is its own validator.
      const etag = `"${sha256(text).slice(0, 32)}"`;
      reply
        .header('etag', etag)
        .header('cache-control', 'private, max-age=900')
        .header('referrer-policy', 'no-referrer');
      const match = req.headers['if-none-match'];
      if (match?.split(',').some((m) => m.trim().replace(/^W\//, '') === etag || m.trim() === '*')) {
        return reply.code(304).send();
      }
      return reply.header('content-type', 'text/calendar; charset=utf-8').send(text);
    },
  );
};
