import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestContext } from '../../../test/app.ts';

/** Every error answer has Préau's shape, whoever raised it: our handlers, Fastify's router or Fastify itself. */
function assertErrorShape(res: { statusCode: number; json(): unknown; headers: Record<string, unknown> }) {
  const body = res.json() as Record<string, unknown>;
  assert.equal(typeof body.error, 'string');
  assert.match(body.error as string, /^[A-Z_]+$/, `error code ${String(body.error)}`);
  assert.equal(typeof body.message, 'string');
  assert.equal(typeof body.requestId, 'string');
  assert.equal(body.requestId, res.headers['x-request-id']);
  for (const k of Object.keys(body)) assert.ok(['error', 'message', 'details', 'requestId'].includes(k), k);
  assert.ok(!('statusCode' in body) && !('code' in body), 'no Fastify fields');
}

describe('error shape of errors raised by Fastify', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestApp({ bodyLimit: 2048 });
  });
  after(() => ctx.close());

  const cases: Array<[string, InjectOptions, number, string]> = [
    [
      'an over-long path parameter',
      { method: 'DELETE', url: `/api/me/sessions/${'a'.repeat(600)}` },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'malformed percent-encoding in the path',
      { method: 'GET', url: '/api/timetable/pupils/%E0%A4%A/week' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'malformed percent-encoding in a parameter',
      { method: 'DELETE', url: '/api/me/sessions/%zz' },
      400,
      'VALIDATION_FAILED',
    ],
    ['an unknown /api route', { method: 'GET', url: '/api/no-such-thing' }, 404, 'NOT_FOUND'],
    ['an unknown method on a known route', { method: 'PATCH', url: '/api/me' }, 404, 'NOT_FOUND'],
    [
      'malformed JSON',
      { method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"login":' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an empty JSON body',
      { method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unsupported media type',
      { method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/x-nonsense' }, payload: 'x' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a body too large',
      {
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ login: 'x'.repeat(5000), password: 'y' }),
      },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a JSON body with a prototype-polluting key',
      {
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"__proto__":{"x":1},"login":"a","password":"b"}',
      },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an invalid content-length',
      {
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json', 'content-length': '2' },
        payload: '{"login":"a","password":"b"}',
      },
      400,
      'VALIDATION_FAILED',
    ],
  ];
  for (const [what, req, status, code] of cases) {
    test(`${what} → ${status} ${code}, in Préau's shape`, async () => {
      const res = await ctx.app.inject(req);
      assert.equal(res.statusCode, status, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assertErrorShape(res);
      assert.equal((res.json() as { error: string }).error, code);
      assert.ok(!/FST_|Fastify|node_modules/.test(res.body), res.body);
    });
  }
});

describe("requests refused by Node's HTTP parser", () => {
  test('a malformed request line gets a 400 in the same shape', async () => {
    const ctx = await createTestApp();
    try {
      await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = ctx.app.server.address() as AddressInfo;
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () =>
          socket.write('GET /api/me HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
        );
        let data = '';
        socket.on('data', (d) => {
          data += d.toString();
        });
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      assert.match(raw, /^HTTP\/1\.1 400 /);
      const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
      assert.equal(body.error, 'VALIDATION_FAILED');
      assert.equal(typeof body.message, 'string');
      assert.ok('requestId' in body);
      assert.ok(!('statusCode' in body));
    } finally {
      await ctx.close();
    }
  });
});
