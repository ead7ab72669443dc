import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './errors.ts';

interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
  requestId: string;
}

/** Turns any error into Préau's `{ error, message, details, requestId }` and its status. */
function renderError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): { status: number; body: ErrorBody } {
  const requestId = String(req.id);
  if (err instanceof AppError) {
    if (err.code === 'RATE_LIMITED') {
      const after = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (after) reply.header('retry-after', String(after));
    }
    return { status: err.status, body: { error: err.code, message: err.message, details: err.details, requestId } };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    return {
      status: 400,
      body: {
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
      },
    };
  }
  // The router's own refusals, before any route runs (see `frameworkErrors` in app.ts).
  if (err.code === 'FST_ERR_BAD_URL') {
    return {
      status: 400,
      body: {
        error: 'VALIDATION_FAILED',
        message: 'The address is not valid (bad percent-encoding)',
        details: { in: 'url' },
        requestId,
      },
    };
  }
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return {
      status: 400,
      body: {
        error: 'VALIDATION_FAILED',
        message: 'A path parameter is too long',
        details: { in: 'params' },
        requestId,
      },
    };
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
    return { status: 413, body: { error: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large', requestId } };
  }
  if (isResponseSerializationError(err) || !err.statusCode || err.statusCode >= 500) {
    req.log.error({ err }, 'request failed');
    return { status: 500, body: { error: 'INTERNAL', message: 'Something went wrong on our side', requestId } };
  }
  // Fastify's own 4xx: malformed JSON, unsupported media type, empty body, bad content-length...
  const status = err.statusCode;
  if (status === 415) {
    return {
      status,
      body: { error: 'UNSUPPORTED_MEDIA_TYPE', message: 'This content type is not accepted', requestId },
    };
  }
  if (status === 404) return { status, body: { error: 'NOT_FOUND', message: 'Not found', requestId } };
  if (status === 401 || status === 403) {
    return { status, body: { error: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', message: 'Refused', requestId } };
  }
  // Fastify's messages name no internals (no FST_ code, no stack); they help a client fix its request.
  return {
    status: 400,
    body: { error: 'VALIDATION_FAILED', message: err.message.replace(/FST_\w+:?\s*/g, ''), requestId },
  };
}

/** The one place errors become responses: `{ error, message, details, requestId }`. */
export function sendError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const { status, body } = renderError(err, req, reply);
  if (status >= 400 && status < 500) req.log.info({ code: body.error, status }, 'request refused');
  return reply.code(status).header('x-request-id', String(req.id)).send(body);
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: 'NOT_FOUND', message: 'Not found', requestId: String(req.id) }),
  );
}

/**
 * Requests Node's HTTP parser refuses (malformed request line or headers, header overflow, timeout) never reach
 * Fastify: answered in the same shape, without a request id of ours since no request was made.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, error, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', 'The request took too long']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'VALIDATION_FAILED', 'The request headers are too large']
        : [400, 'VALIDATION_FAILED', 'The request is malformed'];
  const body = JSON.stringify({ error, message, requestId: '' });
  const reason =
    status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
