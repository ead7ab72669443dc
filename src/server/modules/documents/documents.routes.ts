import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendDownload } from '../../lib/download.ts';
import { AppError } from '../../lib/errors.ts';
import { requireActor } from '../../lib/session.ts';
import { scannerFor } from '../../lib/virus-scan.ts';
import {
  ContentQuerySchema,
  DocumentDetailSchema,
  DocumentParamsSchema,
  DocumentPatchSchema,
  DocumentSchema,
  FileSchema,
  FolderCreateSchema,
  FolderParamsSchema,
  FolderPatchSchema,
  FolderSchema,
  MAX_DOCUMENT_FILE_BYTES,
  MAX_DOCUMENT_FILES,
  MoveSchema,
  SchoolParamsSchema,
  SpaceContentSchema,
  SpaceFilesSchema,
  SpaceListSchema,
  SpaceParamsSchema,
  SpacePatchSchema,
  SpaceQuerySchema,
  SpaceSchema,
  UploadResultSchema,
  UsageSchema,
  VersionParamsSchema,
} from './documents.schema.ts';
import * as service from './documents.service.ts';

const tags = ['documents'];
const Id = /^[A-Za-z0-9-]{1,64}$/;

/** The form: an optional `folderId` field (before the files), then `files` once per file. */
async function uploadForm(req: FastifyRequest) {
  if (!req.isMultipart()) {
    throw new AppError('VALIDATION_FAILED', 'Send the files as multipart/form-data (field "files")', {
      fields: [{ path: 'files', code: 'required' }],
    });
  }
  const files: service.UploadedFile[] = [];
  let folderId: string | null = null;
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === 'folderId' && typeof part.value === 'string' && part.value !== '') {
        if (!Id.test(part.value)) {
          throw new AppError('VALIDATION_FAILED', 'folderId is not an id', {
            fields: [{ path: 'folderId', code: 'invalid' }],
          });
        }
        folderId = part.value;
      }
      continue;
    }
    if (part.fieldname !== 'files') continue;
    files.push({ fileName: part.filename, data: await part.toBuffer() });
  }
  return { files, folderId };
}

/** Document spaces (docs/documents.md): personal, class and group, team spaces; folders, files and versions. */
export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  const scanner = scannerFor(app.config);
  const quotas = app.config.documentQuotas;
  await app.register(multipart, {
    limits: {
      fileSize: MAX_DOCUMENT_FILE_BYTES,
      files: MAX_DOCUMENT_FILES,
      fields: 5,
      parts: MAX_DOCUMENT_FILES + 5,
    },
  });

  app.get(
    '/api/schools/:schoolId/documents/spaces',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: SpaceListSchema } } },
    async (req) => service.listSpaces(app.db, requireActor(req), req.params.schoolId),
  );

  app.get(
    '/api/schools/:schoolId/documents/usage',
    { schema: { tags, params: SchoolParamsSchema, response: { 200: UsageSchema } } },
    async (req) => service.getUsage(app.db, requireActor(req), quotas, req.params.schoolId),
  );

  app.get(
    '/api/documents/spaces/:spaceId',
    {
      schema: { tags, params: SpaceParamsSchema, querystring: SpaceQuerySchema, response: { 200: SpaceContentSchema } },
    },
    async (req) => service.getSpaceContent(app.db, requireActor(req), quotas, req.params.spaceId, req.query.folderId),
  );

  app.patch(
    '/api/documents/spaces/:spaceId',
    { schema: { tags, params: SpaceParamsSchema, body: SpacePatchSchema, response: { 200: SpaceSchema } } },
    async (req) => service.setSpaceVisibility(app.db, requireActor(req), req.params.spaceId, req.body.familyVisible),
  );

  app.get(
    '/api/documents/spaces/:spaceId/files',
    { schema: { tags, params: SpaceParamsSchema, response: { 200: SpaceFilesSchema } } },
    async (req) => service.listSpaceFiles(app.db, requireActor(req), req.params.spaceId),
  );

  app.post(
    '/api/documents/spaces/:spaceId/files',
    {
      schema: {
        tags,
        description:
          `Uploads files: multipart/form-data, an optional field "folderId" first, then "files" once per file (at ` +
          `most ${MAX_DOCUMENT_FILES} of ${MAX_DOCUMENT_FILE_BYTES / 1024 / 1024} MB; types read from the bytes). ` +
          'A file named like a document of the folder becomes its next version.',
        consumes: ['multipart/form-data'],
        params: SpaceParamsSchema,
        response: { 201: UploadResultSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      // Who may write is settled before a byte of the upload is read.
      await service.assertWritableSpace(app.db, actor, req.params.spaceId);
      const form = await uploadForm(req);
      const result = await service.uploadDocuments(
        app.db,
        app.storage,
        scanner,
        actor,
        quotas,
        req.params.spaceId,
        form.folderId,
        form.files,
      );
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/api/documents/spaces/:spaceId/folders',
    { schema: { tags, params: SpaceParamsSchema, body: FolderCreateSchema, response: { 201: FolderSchema } } },
    async (req, reply) =>
      reply.code(201).send(await service.createFolder(app.db, requireActor(req), req.params.spaceId, req.body)),
  );

  app.patch(
    '/api/documents/folders/:folderId',
    { schema: { tags, params: FolderParamsSchema, body: FolderPatchSchema, response: { 200: FolderSchema } } },
    async (req) => service.updateFolder(app.db, requireActor(req), req.params.folderId, req.body),
  );

  app.delete(
    '/api/documents/folders/:folderId',
    { schema: { tags, params: FolderParamsSchema, response: { 204: FileSchema } } },
    async (req, reply) => {
      await service.deleteFolder(app.db, app.storage, requireActor(req), req.params.folderId);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/documents/folders/:folderId/move',
    { schema: { tags, params: FolderParamsSchema, body: MoveSchema, response: { 200: FolderSchema } } },
    async (req) => service.moveFolder(app.db, requireActor(req), quotas, req.params.folderId, req.body),
  );

  app.get(
    '/api/documents/files/:documentId',
    { schema: { tags, params: DocumentParamsSchema, response: { 200: DocumentDetailSchema } } },
    async (req) => service.getDocumentDetail(app.db, requireActor(req), req.params.documentId),
  );

  app.patch(
    '/api/documents/files/:documentId',
    { schema: { tags, params: DocumentParamsSchema, body: DocumentPatchSchema, response: { 200: DocumentSchema } } },
    async (req) => service.renameDocument(app.db, requireActor(req), req.params.documentId, req.body.name),
  );

  app.delete(
    '/api/documents/files/:documentId',
    { schema: { tags, params: DocumentParamsSchema, response: { 204: FileSchema } } },
    async (req, reply) => {
      await service.deleteDocument(app.db, app.storage, requireActor(req), req.params.documentId);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/documents/files/:documentId/move',
    { schema: { tags, params: DocumentParamsSchema, body: MoveSchema, response: { 200: DocumentSchema } } },
    async (req) => service.moveDocument(app.db, requireActor(req), quotas, req.params.documentId, req.body),
  );

  app.post(
    '/api/documents/files/:documentId/versions',
    {
      schema: {
        tags,
        description: '« Remplacer »: one file (field "files") becomes the next version; the older ones are kept.',
        consumes: ['multipart/form-data'],
        params: DocumentParamsSchema,
        response: { 201: DocumentSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await service.assertWritableDocument(app.db, actor, req.params.documentId);
      const form = await uploadForm(req);
      const doc = await service.replaceDocument(
        app.db,
        app.storage,
        scanner,
        actor,
        quotas,
        req.params.documentId,
        form.files,
      );
      return reply.code(201).send(doc);
    },
  );

  app.get(
    '/api/documents/files/:documentId/content',
    {
      schema: {
        tags,
        description: 'The current version; `inline=1` shows a PDF or an image in the browser (sandboxed).',
        produces: ['application/octet-stream'],
        params: DocumentParamsSchema,
        querystring: ContentQuerySchema,
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      const file = await service.getDocumentContent(app.db, app.storage, requireActor(req), req.params.documentId);
      return sendDownload(reply, file, { inline: req.query.inline === '1' });
    },
  );

  app.get(
    '/api/documents/files/:documentId/versions/:versionId/content',
    {
      schema: {
        tags,
        produces: ['application/octet-stream'],
        params: VersionParamsSchema,
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      const file = await service.getDocumentContent(
        app.db,
        app.storage,
        requireActor(req),
        req.params.documentId,
        req.params.versionId,
      );
      return sendDownload(reply, file);
    },
  );
};
