import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { setTimeout as sleep, setImmediate as tick } from 'node:timers/promises';
import { createTestApp } from '../../../test/app.ts';
import { PRIORITY_ROUTES } from './overload.ts';

/** Blocks the event loop for `ms`, as a saturated process does between two callbacks. */
function busy(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('survival mode: past saturation, what can wait gets 503 + Retry-After, the rest is served', () => {
  test('every route served first exists (a renamed route would silently lose its priority)', async () => {
    const ctx = await createTestApp();
    try {
      for (const [method, url] of PRIORITY_ROUTES) {
        assert.ok(ctx.app.hasRoute({ method: method as 'GET', url }), `${method} ${url}`);
      }
    } finally {
      await ctx.close();
    }
  });

  test('too many requests in flight: a deferrable API call is refused fast; sign-in, /api/me, roll call and the web app are served', async () => {
    const ctx = await createTestApp({
      overload: { maxInFlight: 2, maxEventLoopDelayMs: 0, retryAfterSeconds: 45 },
    });
    const bodies = [new PassThrough(), new PassThrough()];
    try {
      // Two uploads whose bodies have not arrived yet: both are in flight until their bodies end.
      const slow = bodies.map((payload) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/messaging/conversations',
          headers: { 'content-type': 'application/json' },
          payload,
        }),
      );
      for (let i = 0; i < 200 && ctx.app.overload.inFlight() < 2; i++) await tick();
      assert.equal(ctx.app.overload.inFlight(), 2);

      const shed = await ctx.app.inject({ method: 'GET', url: '/api/news' });
      assert.equal(shed.statusCode, 503);
      assert.equal(shed.headers['retry-after'], '45');
      assert.equal(shed.json().error, 'OVERLOADED');
      assert.equal(shed.headers['x-content-type-options'], 'nosniff', 'security headers on the refusal too');
      assert.equal(ctx.app.overload.shed.inFlight, 1);

      // What cannot wait goes through (anonymous here: refused for that reason, never for load).
      const served = [
        await ctx.app.inject({ method: 'GET', url: '/api/me' }),
        await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'x', password: 'y' } }),
        await ctx.app.inject({ method: 'GET', url: '/api/attendance/sessions/c1/2026-12-07' }),
        await ctx.app.inject({ method: 'GET', url: '/healthz' }),
        await ctx.app.inject({ method: 'GET', url: '/' }),
      ];
      for (const res of served) assert.notEqual(res.statusCode, 503, res.body);

      for (const b of bodies) b.end('{}');
      await Promise.all(slow);
      assert.equal(ctx.app.overload.inFlight(), 0, 'every request released, answered or not');
      const after = await ctx.app.inject({ method: 'GET', url: '/api/news' });
      assert.notEqual(after.statusCode, 503);
    } finally {
      for (const b of bodies) b.end();
      await ctx.close();
    }
  });

  test('an event loop late past the limit: deferrable calls are refused until it recovers, /api/me is not', async () => {
    const ctx = await createTestApp({
      overload: { maxInFlight: 0, maxEventLoopDelayMs: 25, retryAfterSeconds: 30, sampleIntervalMs: 20 },
    });
    try {
      let refused = 0;
      const deadline = performance.now() + 5000;
      while (refused === 0 && performance.now() < deadline) {
        busy(80); // every tick late by ~80 ms: the measured mean delay passes 25 ms
        await sleep(25);
        busy(80);
        const [deferrable, me] = await Promise.all([
          ctx.app.inject({ method: 'GET', url: '/api/news' }),
          ctx.app.inject({ method: 'GET', url: '/api/me' }),
        ]);
        assert.notEqual(me.statusCode, 503, '/api/me is never shed');
        if (deferrable.statusCode === 503) {
          refused += 1;
          assert.equal(deferrable.json().error, 'OVERLOADED');
          assert.equal(deferrable.headers['retry-after'], '30');
        }
      }
      assert.equal(refused, 1, 'a late event loop sheds deferrable calls');
      assert.ok(ctx.app.overload.shed.eventLoop >= 1);

      // Idle again: served again within a few samples (longer on a loaded machine).
      let after = 503;
      for (let i = 0; i < 50 && after === 503; i++) {
        await sleep(100);
        after = (await ctx.app.inject({ method: 'GET', url: '/api/news' })).statusCode;
      }
      assert.notEqual(after, 503);
    } finally {
      await ctx.close();
    }
  });
});
