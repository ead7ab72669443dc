import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './errors.ts';

interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
  requestId: string;
}

/** The one place errors become responses: `{ error, message, details, requestId }`. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const requestId = String(req.id);
    let status: number;
    let body: ErrorBody;
    if (err instanceof AppError) {
      status = err.status;
      body = { error: err.code, message: err.message, details: err.details, requestId };
      if (err.code === 'RATE_LIMITED') {
        const after = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (after) reply.header('retry-after', String(after));
      }
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      status = 400;
      body = {
        error: 'VALIDATION_FAILED',
        message: 'The request is not valid',
        details: {
          in: err.validationContext,
          fields: err.validation.flatMap((v) => {
            const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
            const code = v.keyword;
            // One entry per unknown field, under its own path, so that forms can point at it.
            const keys = (v.params as { keys?: unknown } | undefined)?.keys;
            if (code === 'unrecognized_keys' && Array.isArray(keys) && keys.length > 0) {
              return keys.map((k) => ({
                path: path ? `${path}.${String(k)}` : String(k),
                message: 'Unknown field',
                code,
              }));
            }
            return [{ path, message: v.message, code }];
          }),
        },
        requestId,
      };
    } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      status = 413;
      body = { error: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large', requestId };
    } else if (isResponseSerializationError(err) || !err.statusCode || err.statusCode >= 500) {
      req.log.error({ err }, 'request failed');
      status = 500;
      body = { error: 'INTERNAL', message: 'Something went wrong on our side', requestId };
    } else {
      // Fastify's own 4xx: malformed JSON, unsupported media type, empty body...
      status = err.statusCode;
      const code = status === 415 ? 'VALIDATION_FAILED' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
      body = { error: code, message: err.message, requestId };
    }
    if (status >= 400 && status < 500) req.log.info({ code: body.error, status }, 'request refused');
    return reply.code(status).send(body);
  });

  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: 'NOT_FOUND', message: 'Not found', requestId: String(req.id) }),
  );
}
