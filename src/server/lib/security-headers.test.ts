import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestApp } from '../../../test/app.ts';

describe('security headers on every response', () => {
  test('API answers (success and error) are nosniff, not framable, with a locked-down CSP', async () => {
    const ctx = await createTestApp();
    try {
      for (const url of ['/api/me', '/api/openapi.json', '/healthz', '/api/no-such-route']) {
        const res = await ctx.app.inject({ method: 'GET', url });
        assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
        assert.equal(res.headers['x-frame-options'], 'DENY', url);
        assert.equal(res.headers['referrer-policy'], 'same-origin', url);
        assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin', url);
        assert.match(String(res.headers['content-security-policy']), /default-src 'none'/, url);
        assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, url);
        assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain http');
        assert.equal(res.headers['x-powered-by'], undefined);
      }
    } finally {
      await ctx.close();
    }
  });

  test('over https (PUBLIC_URL https://…), HSTS for a year', async () => {
    const ctx = await createTestApp({ publicUrl: 'https://ent.example.fr', secureCookies: true });
    try {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/me' });
      assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    } finally {
      await ctx.close();
    }
  });
});
