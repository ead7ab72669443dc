import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendDownload } from '../../lib/download.ts';
import { AppError } from '../../lib/errors.ts';
import { requireActor } from '../../lib/session.ts';
import { scannerFor } from '../../lib/virus-scan.ts';
import {
  FileSchema,
  HandInFileParamsSchema,
  HandInListSchema,
  HandInParamsSchema,
  HandInQuerySchema,
  HandInSchema,
  HomeworkParamsSchema,
  MAX_HAND_IN_FILE_BYTES,
  MAX_HAND_IN_FILES,
  MyHandInSchema,
  ReturnInputSchema,
} from './handin.schema.ts';
import * as service from './handin.service.ts';

const tags = ['hand-ins'];

/** The file parts of the form (field `files`, repeated); other fields are ignored. */
async function uploadedFiles(req: FastifyRequest): Promise<service.UploadedFile[]> {
  if (!req.isMultipart()) {
    throw new AppError('VALIDATION_FAILED', 'Send the files as multipart/form-data (field "files")', {
      fields: [{ path: 'files', code: 'required' }],
    });
  }
  const files: service.UploadedFile[] = [];
  for await (const part of req.parts()) {
    if (part.type !== 'file' || part.fieldname !== 'files') continue;
    const data = await part.toBuffer();
    files.push({ fileName: part.filename, data });
  }
  return files;
}

/** Hand-ins (dépôt de devoirs, docs/handin.md): pupils hand in, teachers list, download and return. */
export const handInRoutes: FastifyPluginAsyncZod = async (app) => {
  const scanner = scannerFor(app.config);
  // Scoped to this plugin: a file larger than the limit is a 413, one more file than allowed too.
  await app.register(multipart, {
    limits: { fileSize: MAX_HAND_IN_FILE_BYTES, files: MAX_HAND_IN_FILES, fields: 10, parts: MAX_HAND_IN_FILES + 10 },
  });

  app.get(
    '/api/homework/:id/hand-in',
    {
      schema: {
        tags,
        description: 'A pupil’s hand-in: their own, or (guardians, with pupilId) a child’s status and feedback.',
        params: HomeworkParamsSchema,
        querystring: HandInQuerySchema,
        response: { 200: MyHandInSchema },
      },
    },
    async (req) => service.getMyHandIn(app.db, requireActor(req), req.params.id, req.query.pupilId),
  );

  app.put(
    '/api/homework/:id/hand-in',
    {
      schema: {
        tags,
        description:
          `Hands in (or replaces) the pupil’s work: multipart/form-data, the field "files" once per file, at most ` +
          `${MAX_HAND_IN_FILES} files of ${MAX_HAND_IN_FILE_BYTES / 1024 / 1024} MB; types are read from the bytes.`,
        consumes: ['multipart/form-data'],
        params: HomeworkParamsSchema,
        response: { 200: MyHandInSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const files = await uploadedFiles(req);
      return service.submitHandIn(app.db, app.storage, scanner, actor, req.params.id, files);
    },
  );

  app.get(
    '/api/homework/:id/hand-ins',
    { schema: { tags, params: HomeworkParamsSchema, response: { 200: HandInListSchema } } },
    async (req) => service.listHandIns(app.db, requireActor(req), req.params.id),
  );

  app.get(
    '/api/homework/:id/hand-ins/archive',
    {
      schema: {
        tags,
        description: 'Every handed-in file of the homework as one zip, named "<Nom Prénom> - <file name>".',
        produces: ['application/zip'],
        params: HomeworkParamsSchema,
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      const archive = await service.archiveHandIns(app.db, app.storage, requireActor(req), req.params.id);
      return sendDownload(reply, archive);
    },
  );

  app.post(
    '/api/homework/:id/hand-ins/:handInId/return',
    {
      bodyLimit: 64 * 1024,
      schema: { tags, params: HandInParamsSchema, body: ReturnInputSchema, response: { 200: HandInSchema } },
    },
    async (req) => service.returnHandIn(app.db, requireActor(req), req.params.id, req.params.handInId, req.body),
  );

  app.get(
    '/api/homework/:id/hand-ins/:handInId/files/:fileId',
    {
      schema: {
        tags,
        produces: ['application/octet-stream'],
        params: HandInFileParamsSchema,
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      const file = await service.getHandInFile(app.db, app.storage, requireActor(req), {
        homeworkId: req.params.id,
        handInId: req.params.handInId,
        fileId: req.params.fileId,
      });
      return sendDownload(reply, file);
    },
  );
};
