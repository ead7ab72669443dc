import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestApp } from '../../../test/app.ts';
import { makePerson } from '../../../test/factories.ts';
import type { Config } from './config.ts';

/** Signs in through a forged or real X-Forwarded-For and returns the address Préau recorded for the session. */
async function recordedAddress(trustProxy: Config['trustProxy'], remoteAddress: string, xff: string) {
  const ctx = await createTestApp({ trustProxy });
  try {
    const p = await makePerson(ctx.db);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: p.login, password: p.password },
      remoteAddress,
      headers: { 'x-forwarded-for': xff },
    });
    assert.equal(res.statusCode, 200, res.body);
    const row = await ctx.db.selectFrom('sessions').select('ip').executeTakeFirstOrThrow();
    return row.ip;
  } finally {
    await ctx.close();
  }
}

describe('TRUST_PROXY: the client cannot choose its address', () => {
  // The client sends "X-Forwarded-For: 203.0.113.66"; the proxy at 127.0.0.1 appends the real peer 198.51.100.7.
  const forged = '203.0.113.66, 198.51.100.7';

  test('off: the socket address, X-Forwarded-For ignored', async () => {
    assert.equal(await recordedAddress(false, '198.51.100.7', '203.0.113.66'), '198.51.100.7');
  });

  test('one hop: the address the proxy saw, not the left-most one the client wrote', async () => {
    assert.equal(await recordedAddress(1, '127.0.0.1', forged), '198.51.100.7');
  });

  test('two hops: one more proxy is trusted, no more', async () => {
    assert.equal(await recordedAddress(2, '127.0.0.1', `192.0.2.1, ${forged}`), '203.0.113.66');
  });

  test('a list of proxies: X-Forwarded-For is read only from them, right to left', async () => {
    assert.equal(await recordedAddress(['127.0.0.1'], '127.0.0.1', forged), '198.51.100.7');
    assert.equal(await recordedAddress(['127.0.0.1', '198.51.100.0/24'], '127.0.0.1', forged), '203.0.113.66');
    // A client that reaches Préau directly is not a trusted proxy: its header counts for nothing.
    assert.equal(await recordedAddress(['127.0.0.1'], '198.51.100.9', forged), '198.51.100.9');
  });
});
