import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../lib/errors.ts';
import { contentDisposition } from '../../lib/file-names.ts';
import { requireActor } from '../../lib/session.ts';
import { issueActivationLetters } from './admin.letters.ts';
import { resetTwoStep } from './admin.mfa.ts';
import {
  AdminClassListSchema,
  AdminClassSchema,
  AdminGroupListSchema,
  AdminGroupSchema,
  AdminPersonDetailSchema,
  AdminPersonSchema,
  ClassCreateSchema,
  ClassParamsSchema,
  ClassUpdateSchema,
  GroupCreateSchema,
  GroupMemberParamsSchema,
  GroupMembersAddSchema,
  GroupMembersSchema,
  GroupParamsSchema,
  GroupUpdateSchema,
  GuardianshipCreateSchema,
  GuardianshipParamsSchema,
  GuardianshipSchema,
  GuardianshipUpdateSchema,
  LettersQuerySchema,
  OkSchema,
  PdfSchema,
  PeriodCreateSchema,
  PeriodListSchema,
  PeriodParamsSchema,
  PeriodSchema,
  PeriodUpdateSchema,
  PersonCreatedSchema,
  PersonCreateSchema,
  PersonParamsSchema,
  PersonUpdateSchema,
  SchoolParamsSchema,
  SiteCreateSchema,
  SiteListSchema,
  SiteParamsSchema,
  SiteSchema,
  SiteUpdateSchema,
} from './admin.schema.ts';
import * as service from './admin.service.ts';
import * as structure from './admin.structure.service.ts';

const tags = ['admin'];
const base = '/api/schools/:schoolId/admin';

/** Directory administration, for the school's administrators: people, links, sites, classes, groups, periods. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- people and guardianships
  app.post(
    `${base}/people`,
    { schema: { tags, params: SchoolParamsSchema, body: PersonCreateSchema, response: { 201: PersonCreatedSchema } } },
    async (req, reply) => {
      const created = await service.createPerson(app.db, requireActor(req), req.params.schoolId, req.body);
      return reply.code(201).send(created);
    },
  );

  app.get(
    `${base}/people/:personId`,
    { schema: { tags, params: PersonParamsSchema, response: { 200: AdminPersonDetailSchema } } },
    async (req) => service.getAdminPerson(app.db, requireActor(req), req.params.schoolId, req.params.personId),
  );

  app.patch(
    `${base}/people/:personId`,
    { schema: { tags, params: PersonParamsSchema, body: PersonUpdateSchema, response: { 200: AdminPersonSchema } } },
    async (req) => service.updatePerson(app.db, requireActor(req), req.params.schoolId, req.params.personId, req.body),
  );

  // A lost phone: the person's two-step sign-in is removed, their sessions end (docs/security.md).
  app.post(
    `${base}/people/:personId/two-step-reset`,
    { schema: { tags, params: PersonParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      await resetTwoStep(app.db, requireActor(req), req.params.schoolId, req.params.personId);
      return { ok: true as const };
    },
  );

  app.post(
    `${base}/guardianships`,
    {
      schema: {
        tags,
        params: SchoolParamsSchema,
        body: GuardianshipCreateSchema,
        response: { 201: GuardianshipSchema },
      },
    },
    async (req, reply) => {
      const link = await service.createGuardianship(app.db, requireActor(req), req.params.schoolId, req.body);
      return reply.code(201).send(link);
    },
  );

  app.patch(
    `${base}/guardianships/:guardianshipId`,
    {
      schema: {
        tags,
        params: GuardianshipParamsSchema,
        body: GuardianshipUpdateSchema,
        response: { 200: GuardianshipSchema },
      },
    },
    async (req) =>
      service.updateGuardianship(app.db, requireActor(req), req.params.schoolId, req.params.guardianshipId, req.body),
  );

  app.delete(
    `${base}/guardianships/:guardianshipId`,
    { schema: { tags, params: GuardianshipParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      await service.deleteGuardianship(app.db, requireActor(req), req.params.schoolId, req.params.guardianshipId);
      return { ok: true as const };
    },
  );

  // ---- sites
  app.get(
    `${base}/sites`,
    { schema: { tags, params: SchoolParamsSchema, response: { 200: SiteListSchema } } },
    async (req) => structure.listSites(app.db, requireActor(req), req.params.schoolId),
  );

  app.post(
    `${base}/sites`,
    { schema: { tags, params: SchoolParamsSchema, body: SiteCreateSchema, response: { 201: SiteSchema } } },
    async (req, reply) =>
      reply.code(201).send(await structure.createSite(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.patch(
    `${base}/sites/:siteId`,
    { schema: { tags, params: SiteParamsSchema, body: SiteUpdateSchema, response: { 200: SiteSchema } } },
    async (req) => structure.updateSite(app.db, requireActor(req), req.params.schoolId, req.params.siteId, req.body),
  );

  // ---- classes
  app.get(
    `${base}/classes`,
    { schema: { tags, params: SchoolParamsSchema, response: { 200: AdminClassListSchema } } },
    async (req) => structure.listClasses(app.db, requireActor(req), req.params.schoolId),
  );

  app.post(
    `${base}/classes`,
    { schema: { tags, params: SchoolParamsSchema, body: ClassCreateSchema, response: { 201: AdminClassSchema } } },
    async (req, reply) =>
      reply.code(201).send(await structure.createClass(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.patch(
    `${base}/classes/:classId`,
    { schema: { tags, params: ClassParamsSchema, body: ClassUpdateSchema, response: { 200: AdminClassSchema } } },
    async (req) => structure.updateClass(app.db, requireActor(req), req.params.schoolId, req.params.classId, req.body),
  );

  app.get(
    `${base}/classes/:classId/activation-letters.pdf`,
    {
      schema: {
        tags,
        produces: ['application/pdf'],
        params: ClassParamsSchema,
        querystring: LettersQuerySchema,
        response: { 200: PdfSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      // A GET that issues codes: refuse it when a browser says another site triggered it.
      if (req.headers['sec-fetch-site'] === 'cross-site') {
        throw new AppError('CSRF_REJECTED', 'Cross-site request refused');
      }
      const address = (app.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
      const { pdf, fileName } = await issueActivationLetters(app.db, actor, req.params.schoolId, req.params.classId, {
        address,
        mode: req.query.reissue,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', contentDisposition(fileName))
        .send(pdf);
    },
  );

  // ---- groups
  app.get(
    `${base}/groups`,
    { schema: { tags, params: SchoolParamsSchema, response: { 200: AdminGroupListSchema } } },
    async (req) => structure.listGroups(app.db, requireActor(req), req.params.schoolId),
  );

  app.post(
    `${base}/groups`,
    { schema: { tags, params: SchoolParamsSchema, body: GroupCreateSchema, response: { 201: AdminGroupSchema } } },
    async (req, reply) =>
      reply.code(201).send(await structure.createGroup(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.patch(
    `${base}/groups/:groupId`,
    { schema: { tags, params: GroupParamsSchema, body: GroupUpdateSchema, response: { 200: AdminGroupSchema } } },
    async (req) => structure.updateGroup(app.db, requireActor(req), req.params.schoolId, req.params.groupId, req.body),
  );

  app.get(
    `${base}/groups/:groupId/members`,
    { schema: { tags, params: GroupParamsSchema, response: { 200: GroupMembersSchema } } },
    async (req) => structure.listGroupMembers(app.db, requireActor(req), req.params.schoolId, req.params.groupId),
  );

  app.post(
    `${base}/groups/:groupId/members`,
    { schema: { tags, params: GroupParamsSchema, body: GroupMembersAddSchema, response: { 200: GroupMembersSchema } } },
    async (req) =>
      structure.addGroupMembers(app.db, requireActor(req), req.params.schoolId, req.params.groupId, req.body.pupilIds),
  );

  app.delete(
    `${base}/groups/:groupId/members/:pupilId`,
    { schema: { tags, params: GroupMemberParamsSchema, response: { 200: OkSchema } } },
    async (req) => {
      const { schoolId, groupId, pupilId } = req.params;
      await structure.removeGroupMember(app.db, requireActor(req), schoolId, groupId, pupilId);
      return { ok: true as const };
    },
  );

  // ---- periods
  app.get(
    `${base}/periods`,
    { schema: { tags, params: SchoolParamsSchema, response: { 200: PeriodListSchema } } },
    async (req) => structure.listPeriods(app.db, requireActor(req), req.params.schoolId),
  );

  app.post(
    `${base}/periods`,
    { schema: { tags, params: SchoolParamsSchema, body: PeriodCreateSchema, response: { 201: PeriodSchema } } },
    async (req, reply) =>
      reply.code(201).send(await structure.createPeriod(app.db, requireActor(req), req.params.schoolId, req.body)),
  );

  app.patch(
    `${base}/periods/:periodId`,
    { schema: { tags, params: PeriodParamsSchema, body: PeriodUpdateSchema, response: { 200: PeriodSchema } } },
    async (req) =>
      structure.updatePeriod(app.db, requireActor(req), req.params.schoolId, req.params.periodId, req.body),
  );
};
