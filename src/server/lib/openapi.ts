import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { $ZodRegistry, $ZodType } from 'zod/v4/core';

/**
 * The API contract (docs/api.md, "The contract"). Routes only declare Zod schemas; everything a client generator
 * needs is added here, for every route, including routes added later:
 *
 * - named component schemas: every `XxxSchema` exported by a `modules/<domain>/<domain>.schema.ts` file is the
 *   component `Xxx` (prefixed by its domain when two domains export the same name); a body or response that is not
 *   an exported schema gets `<OperationId>Body` / `<OperationId>Response`;
 * - an operationId from the method and the path (`GET /api/homework/{id}` → `getHomeworkById`), unless the route
 *   sets `schema.operationId`; a summary, unless the route sets `schema.summary`;
 * - the security requirement: the session cookie, plus the `x-csrf-token` header on unsafe methods; a public route
 *   says `schema: { security: [] }`;
 * - the error responses, all with the one error body `{ error, message, details, requestId }`;
 * - media types: a route that answers a file says `produces: ['application/pdf']` (its 2xx body is then binary);
 *   a route that takes a raw file says `consumes: [...]`; with `multipart/form-data` among them, the form's
 *   file is its field `file`.
 */

const SCHEMA_FILE = /^[a-z-]+\.schema\.ts$/;
const MODULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../modules');

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

let named: Promise<void> | undefined;

/**
 * Gives every exported Zod schema of the domains' schema files its component name in Zod's global registry
 * (used for the OpenAPI document only: validation is unchanged). Schemas that already carry an `id` keep it.
 */
export function nameExportedSchemas(modulesDir = MODULES_DIR): Promise<void> {
  named ??= (async () => {
    const found = new Map<string, { domain: string; schema: $ZodType }[]>();
    for (const domain of readdirSync(modulesDir).sort()) {
      let files: string[];
      try {
        files = readdirSync(join(modulesDir, domain)).filter((f) => SCHEMA_FILE.test(f));
      } catch {
        continue;
      }
      for (const file of files.sort()) {
        const path = join(modulesDir, domain, file);
        const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
        // `export const ActivateResultSchema = LoginResultSchema;` is another name for a schema: it keeps its own.
        const aliases = new Set(
          [...readFileSync(path, 'utf8').matchAll(/export const (\w+) = \w+Schema;/g)].map((m) => m[1]),
        );
        for (const [exportName, value] of Object.entries(mod)) {
          if (!exportName.endsWith('Schema') || !(value instanceof $ZodType) || aliases.has(exportName)) continue;
          const name = exportName.slice(0, -'Schema'.length);
          if (!name) continue;
          const list = found.get(name) ?? [];
          if (!list.some((e) => e.schema === value)) list.push({ domain: pascal(domain), schema: value });
          found.set(name, list);
        }
      }
    }
    const ids = new Map<string, $ZodType>();
    for (const [name, list] of found) {
      for (const { domain, schema } of list) ids.set(list.length > 1 ? `${domain}${name}` : name, schema);
    }
    for (const [id, schema] of [...ids].sort(([a], [b]) => a.localeCompare(b))) {
      // The type provider names a schema's input side `<id>Input`: a schema already named that way stays unnamed.
      if (id.endsWith('Input') && ids.has(id.slice(0, -'Input'.length))) continue;
      // A schema named by its author (`.meta({ id })`) keeps its name, and that name is not given twice.
      if (z.globalRegistry.get(schema)?.id || z.globalRegistry._idmap.has(id)) continue;
      z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id });
    }
  })();
  return named;
}

// biome-ignore lint/suspicious/noExplicitAny: the document is free-form JSON, checked by Redocly's linter.
type Json = Record<string, any>;

const BINARY = { type: 'string', format: 'binary' } as const;
const REF = '#/components/schemas/';
const SAFE_METHODS = new Set(['get', 'head', 'options']);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The one error body (src/server/lib/error-handler.ts). */
export const ERROR_SCHEMA = {
  type: 'object',
  description: 'Every error answer. `error` is a stable code the client translates (see docs/api.md).',
  properties: {
    error: { type: 'string', description: 'Stable code: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, VALIDATION_FAILED…' },
    message: { type: 'string', description: 'An English explanation for developers, not for display.' },
    details: {
      description:
        'More about the error when there is more to say, e.g. `{ in, fields: [{ path, message, code }] }` for VALIDATION_FAILED.',
    },
    requestId: { type: 'string', description: 'The request id, also in the `x-request-id` header.' },
  },
  required: ['error', 'message', 'requestId'],
} as const;

const ERROR_RESPONSES: Record<string, { name: string; description: string }> = {
  '400': { name: 'BadRequest', description: 'VALIDATION_FAILED or another input error; `details.fields` lists them.' },
  '401': { name: 'Unauthenticated', description: 'UNAUTHENTICATED: no valid session (or INVALID_CREDENTIALS).' },
  '403': { name: 'Forbidden', description: 'FORBIDDEN, or CSRF_REJECTED when `x-csrf-token` is missing or wrong.' },
  '404': { name: 'NotFound', description: 'NOT_FOUND, also when the caller may not know that the thing exists.' },
  '409': { name: 'Conflict', description: 'CONFLICT or a domain code (ROOM_TAKEN, PERIOD_LOCKED…).' },
  '413': { name: 'PayloadTooLarge', description: 'PAYLOAD_TOO_LARGE.' },
  '429': { name: 'TooManyRequests', description: 'RATE_LIMITED; `Retry-After` says when to try again.' },
  '500': { name: 'InternalError', description: 'INTERNAL: something went wrong on our side.' },
};

export const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'preau_session',
    description:
      'The session cookie set by `POST /api/auth/login` (or `/api/auth/activate`). Over https it is named `__Host-preau_session`.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'x-csrf-token',
    description:
      'Required with the session on every unsafe method (POST, PUT, PATCH, DELETE): the `csrfToken` answered by sign-in and by `GET /api/me`.',
  },
} as const;

/**
 * `GET /api/schools/{schoolId}/admin/people/{personId}` → `getSchoolsAdminPeopleByPersonId`; with `allParams`
 * (when two routes would otherwise get the same id), `getSchoolsBySchoolIdAdminPeopleByPersonId`.
 */
export function deriveOperationId(method: string, path: string, allParams = false): string {
  const segments = path.split('/').filter((s) => s && s !== 'api');
  let trailing = segments.length;
  while (trailing > 0 && /^\{[^}]+\}$/.test(segments[trailing - 1]!)) trailing--;
  if (allParams) {
    const words = segments.map((segment) =>
      pascal(segment.replace(/\{([^}]+)\}/g, (_, name: string) => ` By ${name[0]!.toUpperCase()}${name.slice(1)} `)),
    );
    return method.toLowerCase() + words.join('');
  }
  const words: string[] = [];
  for (const [i, segment] of segments.entries()) {
    const isParam = /^\{[^}]+\}$/.test(segment);
    if (isParam && i < trailing) continue; // a parameter in the middle of the path names nothing
    if (isParam) {
      words.push(`${i === trailing ? 'By' : 'And'}${pascal(segment)}`);
    } else {
      words.push(pascal(segment.replace(/\{[^}]+\}/g, (p) => `By ${p}`)));
    }
  }
  return method.toLowerCase() + words.join('');
}

// Two transforms: bodies and responses refer to named components; parameters stay inline (a parameter's schema
// must be written out for @fastify/swagger to list its properties).
// The parameters' registry has the global registry's metadata (descriptions, examples) without the ids.
class MetadataWithoutIds extends WeakMap<$ZodType, Json> {
  override get(schema: $ZodType) {
    const meta = z.globalRegistry.get(schema);
    if (!meta) return undefined;
    const { id: _id, ...rest } = meta;
    return rest;
  }
  override has(schema: $ZodType) {
    return z.globalRegistry.has(schema);
  }
}
const parameterRegistry = new $ZodRegistry<Json>();
parameterRegistry._map = new MetadataWithoutIds();
const withRefs = createJsonSchemaTransform({});
const inline = createJsonSchemaTransform({ schemaRegistry: parameterRegistry });

/** The per-route transform: Zod → JSON Schema, and raw file bodies and file answers. */
export const openApiTransform: SwaggerTransform = (input) => {
  const { schema } = input as { schema?: Json };
  if (!schema) return withRefs(input as never);
  const { params, querystring, headers, ...rest } = schema;
  const a = withRefs({ ...input, schema: rest } as never) as { schema: Json; url: string };
  if (a.schema.hide) return a;
  const b = inline({ ...input, schema: { params, querystring, headers } } as never) as { schema: Json };
  const out: Json = { ...a.schema };
  for (const k of ['params', 'querystring', 'headers'] as const) if (b.schema[k]) out[k] = b.schema[k];
  if (Array.isArray(schema.produces) && schema.produces.length > 0) {
    out.response = { ...out.response };
    const codes = Object.keys(out.response).filter((c) => c.startsWith('2'));
    const text = schema.produces.every((t: string) => t.startsWith('text/'));
    for (const code of codes.length ? codes : ['200']) {
      const description = schema.response?.[code]?.description ?? 'The file';
      out.response[code] = text ? { type: 'string', description } : { ...BINARY, description };
    }
  }
  if (Array.isArray(schema.consumes) && schema.consumes.length > 0 && !schema.body) {
    out.body = { ...BINARY, description: 'The file itself, as the raw body' };
  }
  return { schema: out, url: a.url };
};

/** The whole-document transform: components, operationIds, security, errors; see the comment at the top. */
export const openApiTransformObject: SwaggerTransformObject = (input) => {
  const doc = structuredClone(jsonSchemaTransformObject(input)) as Json;
  finishDocument(doc);
  return doc as ReturnType<SwaggerTransformObject>;
};

const isJson = (mediaType: string) => /[/+]json\b/.test(mediaType);

export function finishDocument(doc: Json): void {
  doc.info = {
    ...doc.info,
    license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
  };
  doc.servers ??= [{ url: '/', description: 'The Préau deployment that serves this document' }];
  doc.components ??= {};
  doc.components.schemas ??= {};
  const schemas: Json = doc.components.schemas;
  mergeInputOutputTwins(doc, schemas);
  schemas.Error = ERROR_SCHEMA;
  doc.components.securitySchemes = { ...doc.components.securitySchemes, ...SECURITY_SCHEMES };
  doc.components.responses = Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(({ name, description }) => [
      name,
      { description, content: { 'application/json': { schema: { $ref: `${REF}Error` } } } },
    ]),
  );

  // Derived ids that two routes share are replaced by the long form, for both: which one was first does not matter.
  const derived = new Map<string, number>();
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method] && !item[method].operationId) {
        const id = deriveOperationId(method, path);
        derived.set(id, (derived.get(id) ?? 0) + 1);
      }
    }
  }
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      if (!op.operationId) {
        const short = deriveOperationId(method, path);
        op.operationId = derived.get(short) === 1 ? short : deriveOperationId(method, path, true);
      }
      const where = `${method.toUpperCase()} ${path}`;
      const other = seen.get(op.operationId);
      if (other) {
        throw new Error(
          `OpenAPI: ${where} and ${other} both get the operationId "${op.operationId}"; give one of them schema.operationId`,
        );
      }
      seen.set(op.operationId, where);
      op.summary ??= where;
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      op.security ??= [SAFE_METHODS.has(method) ? { session: [] } : { session: [], csrfToken: [] }];

      const base = op.operationId[0].toUpperCase() + op.operationId.slice(1);
      for (const [mediaType, media] of Object.entries<Json>(op.requestBody?.content ?? {})) {
        if (isJson(mediaType)) media.schema = hoist(schemas, `${base}Body`, media.schema);
        // A file route that takes forms reads the file from the form's one field `file`.
        if (mediaType === 'multipart/form-data' && media.schema?.format === 'binary') {
          media.schema = {
            type: 'object',
            required: ['file'],
            properties: { file: { ...BINARY, description: 'The file' } },
          };
        }
      }
      op.responses ??= {};
      const responses: Json = op.responses;
      const ok = Object.keys(responses).filter((c) => c.startsWith('2'));
      for (const code of ok) {
        const r = responses[code];
        if (r.description === 'Default Response') r.description = code === '201' ? 'Created' : 'OK';
        for (const [mediaType, media] of Object.entries<Json>(r.content ?? {})) {
          if (isJson(mediaType)) {
            media.schema = hoist(schemas, ok.length > 1 ? `${base}Response${code}` : `${base}Response`, media.schema);
          }
        }
      }
      const codes = ['400', '403', '404', '409', '500'];
      if (!isPublic) codes.push('401');
      if (isPublic && !SAFE_METHODS.has(method)) codes.push('401', '429');
      if (op.requestBody) codes.push('413');
      for (const code of codes.sort()) {
        // A route's own answer for that code is replaced: every error has the one error body.
        responses[code] = { $ref: `#/components/responses/${ERROR_RESPONSES[code]!.name}` };
      }
    }
  }
  pruneUnusedSchemas(doc, schemas);
}

/** Moves an inline schema to components under `name` and answers the reference; a reference stays as it is. */
function hoist(schemas: Json, name: string, schema: Json | undefined): Json {
  if (!schema || typeof schema.$ref === 'string') return schema ?? {};
  schemas[name] = schema;
  return { $ref: `${REF}${name}` };
}

const refsIn = (value: unknown, out: Set<string>) => {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF)) out.add(v.slice(REF.length));
      else refsIn(v, out);
    }
  }
};

const rewriteRefs = (value: unknown, map: Map<string, string>): unknown => {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, map));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (k === '$ref' && typeof v === 'string' && v.startsWith(REF)) {
          const to = map.get(v.slice(REF.length));
          return [k, to ? `${REF}${to}` : v];
        }
        return [k, rewriteRefs(v, map)];
      }),
    );
  }
  return value;
};

/**
 * The type provider writes each named schema twice, `XInput` (what a client sends) and `X` (what the server
 * answers). Where both are the same, only `X` is kept.
 */
function mergeInputOutputTwins(doc: Json, schemas: Json) {
  const strip = (s: unknown) =>
    JSON.stringify(s, (k, v) => (k === '$ref' && typeof v === 'string' ? v.replace(/Input$/, '') : v));
  const twins = new Set(
    Object.keys(schemas).filter(
      (id) =>
        id.endsWith('Input') && schemas[id.slice(0, -5)] && strip(schemas[id]) === strip(schemas[id.slice(0, -5)]),
    ),
  );
  // A twin that refers to an input schema that is not itself a twin differs after all.
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of twins) {
      const refs = new Set<string>();
      refsIn(schemas[id], refs);
      if ([...refs].some((r) => r.endsWith('Input') && !twins.has(r))) {
        twins.delete(id);
        changed = true;
      }
    }
  }
  const map = new Map([...twins].map((id) => [id, id.slice(0, -5)]));
  for (const id of twins) delete schemas[id];
  for (const id of Object.keys(schemas)) schemas[id] = rewriteRefs(schemas[id], map);
  doc.paths = rewriteRefs(doc.paths, map);
}

/** Named schemas that no operation reaches are left out (every exported schema is named, few are answered). */
function pruneUnusedSchemas(doc: Json, schemas: Json) {
  const reached = new Set<string>();
  const queue = new Set<string>();
  refsIn(doc.paths, queue);
  refsIn(doc.components.responses, queue);
  while (queue.size) {
    const [id] = queue;
    queue.delete(id!);
    if (reached.has(id!)) continue;
    reached.add(id!);
    refsIn(schemas[id!], queue);
  }
  for (const id of Object.keys(schemas)) if (!reached.has(id)) delete schemas[id];
  // `DecisionInputSchema` is `DecisionInput` as answered and `DecisionInputInput` as sent: when only the second is
  // used, it is `DecisionInput`.
  const map = new Map<string, string>();
  for (const id of Object.keys(schemas)) {
    if (id.endsWith('InputInput') && !schemas[id.slice(0, -5)]) map.set(id, id.slice(0, -5));
  }
  const renamed: Json = {};
  for (const [id, schema] of Object.entries(schemas)) renamed[map.get(id) ?? id] = rewriteRefs(schema, map);
  doc.paths = rewriteRefs(doc.paths, map);
  doc.components.schemas = Object.fromEntries(Object.entries(renamed).sort(([a], [b]) => a.localeCompare(b)));
}
