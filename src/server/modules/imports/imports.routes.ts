import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../lib/errors.ts';
import { requireActor } from '../../lib/session.ts';
import { IMPORT_BODY_LIMIT, IMPORT_TYPES, importedFile } from '../timetable/timetable.routes.ts';
import { rollover } from './imports.rollover.ts';
import {
  type DirectoryImportQuery,
  DirectoryImportQuerySchema,
  DirectoryImportReportSchema,
  ImportSchoolParamsSchema,
  RolloverQuerySchema,
  RolloverReportSchema,
} from './imports.schema.ts';
import { importSiecle } from './imports.siecle.ts';
import { importStsEmp } from './imports.sts.ts';

const tags = ['imports'];
const yes = (v: string) => v === 'true' || v === '1';
const options = (q: DirectoryImportQuery) => ({
  dryRun: yes(q.dryRun),
  createClasses: yes(q.createClasses),
  allowMassLeave: yes(q.allowMassLeave),
});

/** Directory imports: SIECLE/BEE exports and STS-Web sts_emp files (docs/imports.md). */
export const importsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to this plugin, as for the timetable import: files as multipart forms or raw bodies.
  await app.register(multipart, { limits: { fileSize: IMPORT_BODY_LIMIT, files: 1, fields: 10, parts: 11 } });
  for (const type of [...IMPORT_TYPES.filter((t) => t !== 'multipart/form-data'), '*']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
  }
  const schema = {
    tags,
    params: ImportSchoolParamsSchema,
    consumes: IMPORT_TYPES,
    querystring: DirectoryImportQuerySchema,
    response: { 200: DirectoryImportReportSchema },
  };

  app.post('/api/schools/:schoolId/imports/siecle', { bodyLimit: IMPORT_BODY_LIMIT, schema }, async (req) => {
    const actor = requireActor(req);
    return importSiecle(app.db, actor, req.params.schoolId, { body: await importedFile(req), ...options(req.query) });
  });

  app.post('/api/schools/:schoolId/imports/sts-emp', { bodyLimit: IMPORT_BODY_LIMIT, schema }, async (req) => {
    const actor = requireActor(req);
    return importStsEmp(app.db, actor, req.params.schoolId, { body: await importedFile(req), ...options(req.query) });
  });

  // The year's rollover (« bascule d'année »): next year's SIECLE file is optional (promotion otherwise).
  app.post(
    '/api/schools/:schoolId/imports/rollover',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        params: ImportSchoolParamsSchema,
        consumes: IMPORT_TYPES,
        querystring: RolloverQuerySchema,
        response: { 200: RolloverReportSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      return rollover(app.db, actor, req.params.schoolId, {
        body: await optionalFile(req),
        dryRun: yes(q.dryRun),
        allowMassLeave: yes(q.allowMassLeave),
        fromYear: q.fromYear,
        startsOn: q.startsOn,
        endsOn: q.endsOn,
      });
    },
  );
};

/** The file when one was sent (a form without it, or an empty body: none). */
async function optionalFile(req: FastifyRequest): Promise<Buffer | null> {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) return null;
    const file = await part.toBuffer();
    if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'The file is too large');
    return file.length > 0 ? file : null;
  }
  return Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : null;
}
