import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestApp } from '../../../../test/app.ts';
import { makePerson } from '../../../../test/factories.ts';
import {
  afterFailure,
  type Counter,
  LOCK_MS,
  liveFailures,
  type ThrottleKind,
  throttleKeys,
  WINDOW_MS,
  waitMs,
} from './auth.throttle.ts';

const T0 = Date.parse('2026-01-05T08:00:00Z');
const MIN = 60_000;

/** A counter with `failures` failures, the last one `agoMs` before T0. */
const counter = (failures: number, agoMs = 0, lockedUntil: number | null = null): Counter => ({
  failures,
  lastFailureAt: T0 - agoMs,
  lockedUntil,
});

/** `n` failures in a row, each one as soon as the rules allow it, starting at T0. */
function failRepeatedly(kind: ThrottleKind, n: number): { c: Counter; now: number } {
  let c: Counter | undefined;
  let now = T0;
  for (let i = 0; i < n; i++) {
    now += waitMs(kind, c, now);
    c = afterFailure(kind, c, now);
  }
  return { c: c!, now };
}

describe('waitMs: growing delay', () => {
  const cases: Array<[ThrottleKind, number, number, number]> = [
    // kind, failures, ms since the last failure, expected wait
    ['pair', 0, 0, 0],
    ['pair', 1, 0, 0],
    ['pair', 2, 0, 0],
    ['pair', 3, 0, 1000],
    ['pair', 4, 0, 2000],
    ['pair', 5, 0, 4000],
    ['pair', 6, 0, 8000],
    ['pair', 8, 0, 32_000],
    ['pair', 9, 0, 60_000], // 64 s capped at 60 s
    ['pair', 5, 1500, 2500], // part of the delay has already passed
    ['pair', 5, 4000, 0],
    ['pair', 5, 10_000, 0],
    ['account', 9, 0, 0],
    ['account', 10, 0, 1000],
    ['account', 12, 0, 4000],
    ['account', 50, 0, 30_000], // capped at 30 s
    ['address', 29, 0, 0],
    ['address', 30, 0, 1000],
    ['address', 99, 0, 10_000],
  ];
  for (const [kind, failures, ago, expected] of cases) {
    test(`${kind}: ${failures} failures, last ${ago} ms ago → wait ${expected} ms`, () => {
      const c = failures === 0 ? undefined : counter(failures, ago);
      assert.equal(waitMs(kind, c, T0), expected);
    });
  }
});

describe('afterFailure: locks', () => {
  test('the 10th pair failure locks the pair for 15 minutes', () => {
    const after9 = afterFailure('pair', counter(8, 2 * MIN), T0);
    assert.deepEqual(after9, { failures: 9, lastFailureAt: T0, lockedUntil: null });
    const after10 = afterFailure('pair', counter(9, 2 * MIN), T0);
    assert.deepEqual(after10, { failures: 10, lastFailureAt: T0, lockedUntil: T0 + 15 * MIN });
    assert.equal(LOCK_MS, 15 * MIN);
    assert.equal(waitMs('pair', after10, T0), 15 * MIN);
    assert.equal(waitMs('pair', after10, T0 + 10 * MIN), 5 * MIN);
  });

  test('pair failures as fast as allowed: locked at the 10th, never earlier', () => {
    for (let n = 1; n <= 9; n++) assert.equal(failRepeatedly('pair', n).c.lockedUntil, null, `after ${n}`);
    const { c, now } = failRepeatedly('pair', 10);
    assert.equal(c.failures, 10);
    assert.equal(c.lockedUntil, now + LOCK_MS);
  });

  test('the account counter never locks and never waits more than 30 s', () => {
    let c: Counter | undefined;
    let now = T0;
    for (let i = 0; i < 1000; i++) {
      const w = waitMs('account', c, now);
      assert.ok(w <= 30_000, `wait ${w} after ${i} failures`);
      now += w;
      c = afterFailure('account', c, now);
      assert.equal(c.lockedUntil, null);
    }
    assert.equal(c?.failures, 1000);
  });

  test('the address counter locks after 100 failures', () => {
    assert.equal(failRepeatedly('address', 99).c.lockedUntil, null);
    const { c, now } = failRepeatedly('address', 100);
    assert.equal(c.lockedUntil, now + LOCK_MS);
  });
});

describe('window and lock expiry', () => {
  test('failures older than the 15-minute window are forgotten', () => {
    assert.equal(WINDOW_MS, 15 * MIN);
    assert.equal(liveFailures(counter(5, 15 * MIN), T0), 5, 'exactly 15 minutes: still counts');
    assert.equal(liveFailures(counter(5, 15 * MIN + 1), T0), 0);
    assert.equal(waitMs('pair', counter(9, 15 * MIN + 1), T0), 0);
    assert.deepEqual(afterFailure('pair', counter(9, 15 * MIN + 1), T0), {
      failures: 1,
      lastFailureAt: T0,
      lockedUntil: null,
    });
    assert.equal(liveFailures(undefined, T0), 0);
  });

  test('a lock in force keeps its failures even past the window', () => {
    const locked = counter(10, 20 * MIN, T0 + MIN);
    assert.equal(liveFailures(locked, T0), 10);
    assert.equal(waitMs('pair', locked, T0), MIN);
  });

  test('when the lock ends one may try again, and the count starts over', () => {
    const { c, now } = failRepeatedly('pair', 10);
    const end = c.lockedUntil!;
    assert.ok(waitMs('pair', c, end - 1) > 0);
    assert.equal(waitMs('pair', c, end), 0);
    const next = afterFailure('pair', c, end);
    assert.deepEqual(next, { failures: 1, lastFailureAt: end, lockedUntil: null });
    assert.equal(waitMs('pair', next, end), 0);
    assert.ok(end - now === LOCK_MS);
  });

  test('keys are per login and address, and case-insensitive on the login', () => {
    assert.deepEqual(throttleKeys('Jean.Dupont', '192.0.2.1'), {
      pair: 'pair:jean.dupont|192.0.2.1',
      account: 'acct:jean.dupont',
      address: 'ip:192.0.2.1',
    });
  });
});

describe('sign-in throttling through the API', () => {
  const login = (
    ctx: Awaited<ReturnType<typeof createTestApp>>,
    person: { login: string },
    password: string,
    ip: string,
  ) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: person.login, password },
      remoteAddress: ip,
    });

  /** Moves every recorded failure `ms` into the past, as if time had passed. */
  async function rewind(ctx: Awaited<ReturnType<typeof createTestApp>>, ms: number) {
    const rows = await ctx.db.selectFrom('auth_throttle').selectAll().execute();
    for (const r of rows) {
      await ctx.db
        .updateTable('auth_throttle')
        .set({ last_failure_at: new Date(Date.parse(r.last_failure_at) - ms).toISOString() })
        .where('key', '=', r.key)
        .execute();
    }
  }

  test('a delay from the 3rd failure, refusing even the right password from that address meanwhile', async () => {
    const ctx = await createTestApp();
    try {
      const p = await makePerson(ctx.db);
      for (let i = 0; i < 3; i++) assert.equal((await login(ctx, p, 'wrong password!', '192.0.2.1')).statusCode, 401);
      const res = await login(ctx, p, p.password, '192.0.2.1');
      assert.equal(res.statusCode, 429);
      assert.equal(res.json().error, 'RATE_LIMITED');
      assert.equal(res.headers['retry-after'], '1');
      const sessions = await ctx.db.selectFrom('sessions').selectAll().execute();
      assert.equal(sessions.length, 0);
      await rewind(ctx, 1000);
      assert.equal((await login(ctx, p, p.password, '192.0.2.1')).statusCode, 200);
    } finally {
      await ctx.close();
    }
  });

  test('10 failures from one address → 429 with Retry-After; the owner still signs in from another address', async () => {
    const ctx = await createTestApp();
    try {
      const p = await makePerson(ctx.db);
      for (let i = 1; i <= 10; i++) {
        const res = await login(ctx, p, `wrong password ${i}`, '192.0.2.7');
        assert.equal(res.statusCode, 401, `attempt ${i}: ${res.body}`);
        assert.equal(res.json().error, 'INVALID_CREDENTIALS');
        if (i < 10) await rewind(ctx, 61_000); // wait out the growing delay
      }
      const pair = await ctx.db
        .selectFrom('auth_throttle')
        .selectAll()
        .where('key', '=', `pair:${p.login}|192.0.2.7`)
        .executeTakeFirstOrThrow();
      assert.equal(pair.failures, 10);
      assert.ok(pair.locked_until);

      const locked = await login(ctx, p, p.password, '192.0.2.7');
      assert.equal(locked.statusCode, 429);
      assert.equal(locked.json().error, 'RATE_LIMITED');
      const retryAfter = Number(locked.headers['retry-after']);
      assert.ok(retryAfter > 14 * 60 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);

      // From another address: at most the account's short delay (never a lock), then in.
      let other = await login(ctx, p, p.password, '198.51.100.4');
      if (other.statusCode === 429) {
        const wait = Number(other.headers['retry-after']);
        assert.ok(wait >= 1 && wait <= 30, `account delay ${wait} s`);
        await rewind(ctx, wait * 1000);
        other = await login(ctx, p, p.password, '198.51.100.4');
      }
      assert.equal(other.statusCode, 200, other.body);
      // The success clears the account counter; the locked pair stays locked until it ends by itself.
      const keys = (await ctx.db.selectFrom('auth_throttle').select('key').execute()).map((r) => r.key);
      assert.ok(!keys.includes(`acct:${p.login}`));
      assert.ok(keys.includes(`pair:${p.login}|192.0.2.7`));
      assert.equal((await login(ctx, p, p.password, '192.0.2.7')).statusCode, 429);
    } finally {
      await ctx.close();
    }
  });

  test('a successful sign-in clears the pair counter', async () => {
    const ctx = await createTestApp();
    try {
      const p = await makePerson(ctx.db);
      const ip = '203.0.113.9';
      for (let i = 0; i < 2; i++) assert.equal((await login(ctx, p, 'wrong password!', ip)).statusCode, 401);
      const before = await ctx.db
        .selectFrom('auth_throttle')
        .select('failures')
        .where('key', '=', `pair:${p.login}|${ip}`)
        .executeTakeFirst();
      assert.equal(before?.failures, 2);
      assert.equal((await login(ctx, p, p.password, ip)).statusCode, 200);
      const after = await ctx.db
        .selectFrom('auth_throttle')
        .select('key')
        .where('key', 'in', [`pair:${p.login}|${ip}`, `acct:${p.login}`])
        .execute();
      assert.deepEqual(after, []);
      // Two more failures do not reach the delay: the count started over.
      for (let i = 0; i < 2; i++) assert.equal((await login(ctx, p, 'wrong password!', ip)).statusCode, 401);
      assert.equal((await login(ctx, p, p.password, ip)).statusCode, 200);
    } finally {
      await ctx.close();
    }
  });

  test('the login is throttled whatever its case', async () => {
    const ctx = await createTestApp();
    try {
      const p = await makePerson(ctx.db);
      for (let i = 0; i < 3; i++) {
        const res = await login(
          ctx,
          { login: i % 2 ? p.login.toUpperCase() : p.login },
          'wrong password!',
          '192.0.2.3',
        );
        assert.equal(res.statusCode, 401);
      }
      assert.equal((await login(ctx, { login: p.login.toUpperCase() }, p.password, '192.0.2.3')).statusCode, 429);
    } finally {
      await ctx.close();
    }
  });
});
