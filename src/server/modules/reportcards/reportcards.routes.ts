import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendDownload } from '../../lib/download.ts';
import { requireActor } from '../../lib/session.ts';
import { renderReportCard, renderReportCardBundle } from './reportcards.pdf.ts';
import {
  AppreciationInputSchema,
  AppreciationSchema,
  ClassOverviewSchema,
  ClassPeriodParamsSchema,
  CouncilInputSchema,
  CouncilSchema,
  FileSchema,
  IdParamsSchema,
  PdfQuerySchema,
  PublishInputSchema,
  PublishResultSchema,
  PupilParamsSchema,
  ReadsSchema,
  ReportCardListSchema,
  ReportCardSchema,
  SchoolParamsSchema,
  StaffClassListSchema,
} from './reportcards.schema.ts';
import * as service from './reportcards.service.ts';

const tags = ['bulletins'];
const fileSafe = (s: string) => s.replace(/[^\p{L}\p{N}._-]+/gu, '-');

/** Report cards: appreciations, class council, publication, reading by families, PDFs. */
export const reportCardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/report-cards/classes/:classId/periods/:periodId',
    { schema: { tags, params: ClassPeriodParamsSchema, response: { 200: ClassOverviewSchema } } },
    async (req) => service.getClassOverview(app.db, requireActor(req), req.params.classId, req.params.periodId),
  );

  app.put(
    '/api/report-cards/appreciations',
    { schema: { tags, body: AppreciationInputSchema, response: { 200: AppreciationSchema } } },
    async (req) => service.putAppreciation(app.db, requireActor(req), req.body),
  );

  app.put(
    '/api/report-cards/council',
    { schema: { tags, body: CouncilInputSchema, response: { 200: CouncilSchema } } },
    async (req) => service.putCouncil(app.db, requireActor(req), req.body),
  );

  app.post(
    '/api/report-cards/classes/:classId/periods/:periodId/publish',
    {
      schema: {
        tags,
        params: ClassPeriodParamsSchema,
        body: PublishInputSchema,
        response: { 200: PublishResultSchema },
      },
    },
    async (req) =>
      service.publishClass(app.db, requireActor(req), req.params.classId, req.params.periodId, req.body.publishAt),
  );

  app.get(
    '/api/report-cards/classes/:classId/periods/:periodId/reads',
    { schema: { tags, params: ClassPeriodParamsSchema, response: { 200: ReadsSchema } } },
    async (req) => service.getReads(app.db, requireActor(req), req.params.classId, req.params.periodId),
  );

  // A preview, as it would be published now: one pupil, or the whole class in one PDF (streamed).
  app.get(
    '/api/report-cards/classes/:classId/periods/:periodId/pdf',
    {
      schema: {
        tags,
        produces: ['application/pdf'],
        params: ClassPeriodParamsSchema,
        querystring: PdfQuerySchema,
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      const { snapshots, period, classCode } = await service.previewSnapshots(
        app.db,
        requireActor(req),
        req.params.classId,
        req.params.periodId,
        req.query.pupilId,
      );
      const first = snapshots[0];
      if (req.query.pupilId && first) {
        return sendDownload(reply, {
          fileName: fileSafe(`bulletin-${first.pupil.lastName}-${first.pupil.firstName}-${period.label}.pdf`),
          contentType: 'application/pdf',
          data: await renderReportCard(first, { preview: true }),
        });
      }
      const out = new PassThrough();
      renderReportCardBundle(snapshots, out, { preview: true }).catch((err: unknown) => out.destroy(err as Error));
      return sendDownload(reply, {
        fileName: fileSafe(`bulletins-${classCode}-${period.label}.pdf`),
        contentType: 'application/pdf',
        data: out,
      });
    },
  );

  app.get(
    '/api/report-cards/pupils/:pupilId',
    { schema: { tags, params: PupilParamsSchema, response: { 200: ReportCardListSchema } } },
    async (req) => service.listOfPupil(app.db, requireActor(req), req.params.pupilId),
  );

  app.get(
    '/api/report-cards/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: ReportCardSchema } } },
    async (req) => service.openReportCard(app.db, requireActor(req), req.params.id),
  );

  app.get(
    '/api/report-cards/:id/pdf',
    { schema: { tags, produces: ['application/pdf'], params: IdParamsSchema, response: { 200: FileSchema } } },
    async (req, reply) => {
      const card = await service.openReportCard(app.db, requireActor(req), req.params.id);
      const s = card.snapshot;
      return sendDownload(reply, {
        fileName: fileSafe(`bulletin-${s.pupil.lastName}-${s.pupil.firstName}-${s.period.label}.pdf`),
        contentType: 'application/pdf',
        // A report card scheduled for later is not published yet: staff see it marked as a preview.
        data: await renderReportCard(s, { preview: card.publishAt > new Date().toISOString() }),
      });
    },
  );

  app.get(
    '/api/schools/:schoolId/report-cards/classes',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: StaffClassListSchema } } },
    async (req) => service.listStaffClasses(app.db, requireActor(req), req.params.schoolId),
  );
};
