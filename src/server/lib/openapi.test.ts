import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { z } from 'zod';
import { createTestApp, type TestContext } from '../../../test/app.ts';
import { deriveOperationId, ERROR_SCHEMA, openApiTransform, openApiTransformObject } from './openapi.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is free-form JSON.
type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const CLIENT_FILE = new URL('../../web/api/schema.gen.ts', import.meta.url);

describe('the API contract (OpenAPI document)', () => {
  let ctx: TestContext;
  let doc: Json;
  const operations: { method: string; path: string; op: Json }[] = [];

  before(async () => {
    ctx = await createTestApp();
    const res = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    doc = res.json();
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const method of METHODS) if (item[method]) operations.push({ method, path, op: item[method] });
    }
  });
  after(() => ctx.close());

  const resolveResponse = (r: Json): Json => {
    if (!r.$ref) return r;
    const name = String(r.$ref).replace('#/components/responses/', '');
    assert.ok(doc.components.responses[name], `unknown response ${r.$ref}`);
    return doc.components.responses[name];
  };

  test('describes the routes, with a server and a licence', () => {
    assert.ok(operations.length > 100, `only ${operations.length} operations`);
    assert.ok(doc.servers?.length > 0);
    assert.equal(doc.info.license.identifier, 'AGPL-3.0-or-later');
  });

  test('every operation has a unique operationId, a summary and tags', () => {
    const ids = new Set<string>();
    for (const { method, path, op } of operations) {
      assert.match(op.operationId ?? '', /^[a-z][A-Za-z0-9]+$/, `${method} ${path}`);
      assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
      ids.add(op.operationId);
      assert.ok(op.summary, `${method} ${path}: no summary`);
      assert.ok(op.tags?.length, `${method} ${path}: no tags`);
    }
    assert.equal(doc.paths['/api/homework/{id}'].get.operationId, 'getHomeworkById');
  });

  test('every request body and JSON answer is a named component schema', () => {
    for (const { method, path, op } of operations) {
      const media: [string, Json][] = [
        ...Object.entries<Json>(op.requestBody?.content ?? {}),
        ...Object.entries<Json>(op.responses)
          .filter(([code]) => code.startsWith('2'))
          .flatMap(([, r]) => Object.entries<Json>(resolveResponse(r).content ?? {})),
      ];
      for (const [type, m] of media) {
        if (type !== 'application/json') continue;
        assert.match(m.schema?.$ref ?? '', /^#\/components\/schemas\/\w+$/, `${method} ${path} ${type}`);
        const name = m.schema.$ref.slice('#/components/schemas/'.length);
        assert.ok(doc.components.schemas[name], `${method} ${path}: ${name} is not in components`);
      }
    }
    // Exported schemas keep their names, shared by every route that answers them.
    assert.equal(
      doc.paths['/api/homework/{id}'].get.responses['200'].content['application/json'].schema.$ref,
      '#/components/schemas/Homework',
    );
    assert.equal(
      doc.paths['/api/me'].get.responses['200'].content['application/json'].schema.$ref,
      '#/components/schemas/Me',
    );
  });

  test('every error answer is the one error body, and every operation has its 4xx answers', () => {
    assert.deepEqual(doc.components.schemas.Error, ERROR_SCHEMA);
    for (const { method, path, op } of operations) {
      const codes = Object.keys(op.responses);
      for (const code of ['400', '403', '404', '500']) assert.ok(codes.includes(code), `${method} ${path}: no ${code}`);
      for (const code of codes.filter((c) => !c.startsWith('2'))) {
        const r = resolveResponse(op.responses[code]);
        assert.deepEqual(
          r.content,
          { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          `${method} ${path} ${code}`,
        );
      }
      if (op.requestBody) assert.ok(codes.includes('413'), `${method} ${path}: no 413`);
    }
  });

  test('the error body described is the one the server answers', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/me' });
    assert.equal(res.statusCode, 401);
    const body = res.json();
    for (const key of ERROR_SCHEMA.required) assert.equal(typeof body[key], 'string', key);
    for (const key of Object.keys(body)) assert.ok(key in ERROR_SCHEMA.properties, `undescribed ${key}`);
  });

  test('the session cookie and the CSRF header are required, except on the public routes', () => {
    assert.equal(doc.components.securitySchemes.session.in, 'cookie');
    assert.equal(doc.components.securitySchemes.csrfToken.in, 'header');
    assert.equal(doc.components.securitySchemes.csrfToken.name, 'x-csrf-token');
    const isPublic = (op: Json) => Array.isArray(op.security) && op.security.length === 0;
    assert.deepEqual(
      operations.filter(({ op }) => isPublic(op)).map(({ method, path }) => `${method} ${path}`),
      [
        'post /api/auth/login',
        'post /api/auth/login/code',
        'post /api/auth/activate',
        'get /ical/{token}.ics',
        'get /desabonnement/{token}',
        'post /desabonnement/{token}',
        'post /api/mail/dsn',
        'get /api/public/schools/{schoolId}/info',
      ],
    );
    for (const { method, path, op } of operations.filter(({ op }) => !isPublic(op))) {
      const expected = method === 'get' ? { session: [] } : { session: [], csrfToken: [] };
      assert.deepEqual(op.security, [expected], `${method} ${path}`);
      assert.ok(op.responses['401'], `${method} ${path}: no 401`);
    }
  });

  test('files are described with their own media types', () => {
    const okTypes = (path: string, method = 'get') =>
      Object.keys(resolveResponse(doc.paths[path][method].responses['200']).content);
    assert.deepEqual(okTypes('/api/schools/{schoolId}/admin/classes/{classId}/activation-letters.pdf'), [
      'application/pdf',
    ]);
    assert.deepEqual(okTypes('/api/report-cards/{id}/pdf'), ['application/pdf']);
    assert.deepEqual(okTypes('/api/report-cards/classes/{classId}/periods/{periodId}/pdf'), ['application/pdf']);
    assert.deepEqual(okTypes('/ical/{token}.ics'), ['text/calendar']);
    assert.deepEqual(okTypes('/api/schools/{schoolId}/attendance/export.csv'), ['text/csv']);
    assert.ok(okTypes('/api/attendance/documents/{id}').includes('application/pdf'));
    assert.ok(okTypes('/api/homework/{id}/attachments/{attachmentId}').includes('image/png'));
    const pdf = doc.paths['/api/report-cards/{id}/pdf'].get.responses['200'].content['application/pdf'].schema;
    assert.equal(pdf.format, 'binary');
    const upload = doc.paths['/api/homework/{id}/attachments'].post.requestBody.content;
    assert.ok(upload['application/pdf'] && !upload['application/json']);
    assert.equal(upload['application/pdf'].schema.format, 'binary');
    const timetable = doc.paths['/api/schools/{schoolId}/timetable/import'].post.requestBody.content;
    assert.ok(timetable['application/zip'] && timetable['text/csv'] && !timetable['application/json']);
  });

  test('the typed client of the web app is generated from this document (npm run api:client)', async () => {
    const current = `${COMMENT_HEADER}${astToString(await openapiTS(doc as Parameters<typeof openapiTS>[0]))}`;
    const checkedIn = readFileSync(CLIENT_FILE, 'utf8');
    assert.ok(
      current === checkedIn,
      'src/web/api/schema.gen.ts is not up to date with the routes: run `npm run api:client` and commit it',
    );
  });
});

test('operationIds come from the method and the path', () => {
  assert.equal(deriveOperationId('get', '/api/homework/{id}'), 'getHomeworkById');
  assert.equal(
    deriveOperationId('patch', '/api/schools/{schoolId}/admin/people/{personId}'),
    'patchSchoolsAdminPeopleByPersonId',
  );
  assert.equal(
    deriveOperationId('put', '/api/cahier/sessions/{courseId}/{date}'),
    'putCahierSessionsByCourseIdAndDate',
  );
  assert.equal(
    deriveOperationId('get', '/api/schools/{schoolId}/attendance/export.csv'),
    'getSchoolsAttendanceExportCsv',
  );
  assert.equal(deriveOperationId('get', '/ical/{token}.ics'), 'getIcalByTokenIcs');
});

test('a new route gets all of it from its Zod schemas alone', async () => {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: { openapi: '3.1.0', info: { title: 't', version: '1' } },
    transform: openApiTransform,
    transformObject: openApiTransformObject,
  });
  const Thing = z.object({ id: z.string(), label: z.string() });
  const params = z.object({ x: z.string().describe('the x') });
  app.post('/api/things/:x/items', { schema: { params, body: Thing, response: { 201: Thing } } }, async () => ({
    id: '1',
    label: 'a',
  }));
  app.post('/api/things/items', { schema: { body: Thing, response: { 201: Thing } } }, async () => ({
    id: '1',
    label: 'a',
  }));
  await app.ready();
  const doc = app.swagger() as Json;
  const a = doc.paths['/api/things/{x}/items'].post;
  const b = doc.paths['/api/things/items'].post;
  // Both would be postThingsItems: both get the long form.
  assert.equal(a.operationId, 'postThingsByXItems');
  assert.equal(b.operationId, 'postThingsItems');
  assert.deepEqual(a.requestBody.content['application/json'].schema, {
    $ref: '#/components/schemas/PostThingsByXItemsBody',
  });
  assert.deepEqual(a.responses['201'].content['application/json'].schema, {
    $ref: '#/components/schemas/PostThingsByXItemsResponse',
  });
  assert.equal(a.parameters[0].description ?? a.parameters[0].schema.description, 'the x');
  assert.deepEqual(a.security, [{ session: [], csrfToken: [] }]);
  for (const code of ['400', '401', '403', '404', '409', '413', '500']) assert.ok(a.responses[code], code);
  await app.close();
});
