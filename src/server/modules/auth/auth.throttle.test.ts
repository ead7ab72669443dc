import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestApp } from '../../../../test/app.ts';
import { makePerson, makeSchool } from '../../../../test/factories.ts';
import {
  afterFailure,
  type Counter,
  countersFor,
  LOCK_MS,
  liveFailures,
  NetworkRanges,
  RULES,
  ruleFor,
  SCHOOL_RULES,
  type ThrottleKind,
  throttleKey,
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
function failRepeatedly(kind: ThrottleKind, n: number, school = false): { c: Counter; now: number } {
  const rule = ruleFor(kind, school);
  let c: Counter | undefined;
  let now = T0;
  for (let i = 0; i < n; i++) {
    now += waitMs(rule, c, now);
    c = afterFailure(rule, c, now);
  }
  return { c: c!, now };
}

describe('waitMs: growing delay', () => {
  const cases: Array<[ThrottleKind, number, number, number]> = [
    // kind, failures, ms since the last failure, expected wait
    ['pair', 0, 0, 0],
    ['pair', 2, 0, 0],
    ['pair', 3, 0, 1000],
    ['pair', 4, 0, 2000],
    ['pair', 6, 0, 8000],
    ['pair', 9, 0, 64_000],
    ['pair', 30, 0, 15 * MIN], // capped
    ['pair', 5, 1500, 2500], // part of the delay has already passed
    ['pair', 5, 4000, 0],
    ['login', 9, 0, 0],
    ['login', 10, 0, 1000],
    ['login', 50, 0, 30_000], // capped at 30 s
    ['address', 29, 0, 0],
    ['address', 30, 0, 1000],
    ['address', 1000, 0, 5 * MIN],
    ['device', 3, 0, 1000],
    ['device', 40, 0, MIN],
    ['activation', 4, 0, 0],
    ['activation', 5, 0, 1000],
  ];
  for (const [kind, failures, ago, expected] of cases) {
    test(`${kind}: ${failures} failures, last ${ago} ms ago → wait ${expected} ms`, () => {
      const c = failures === 0 ? undefined : counter(failures, ago);
      assert.equal(waitMs(RULES[kind], c, T0), expected);
    });
  }

  test('school networks: the address waits only after 300 failures, and 10 s at most', () => {
    assert.equal(waitMs(ruleFor('address', true), counter(299), T0), 0);
    assert.equal(waitMs(ruleFor('address', true), counter(300), T0), 1000);
    assert.equal(waitMs(ruleFor('address', true), counter(5000), T0), 10_000);
    assert.equal(waitMs(ruleFor('pair', true), counter(100), T0), MIN);
    assert.equal(waitMs(ruleFor('activation', true), counter(59), T0), 0);
    assert.deepEqual(ruleFor('login', true), RULES.login, 'no school rule: the ordinary one');
    assert.ok(SCHOOL_RULES.address);
  });
});

describe("no lock anywhere but on a signed-in person's own password", () => {
  for (const kind of ['device', 'pair', 'login', 'address', 'activation'] as const) {
    for (const school of [false, true]) {
      test(`${kind}${school ? ' (school network)' : ''}: 1000 failures as fast as allowed, never locked`, () => {
        const rule = ruleFor(kind, school);
        let c: Counter | undefined;
        let now = T0;
        for (let i = 0; i < 1000; i++) {
          const w = waitMs(rule, c, now);
          assert.ok(w <= rule.maxDelayMs, `wait ${w} after ${i} failures`);
          now += w;
          c = afterFailure(rule, c, now);
          assert.equal(c.lockedUntil, null);
        }
      });
    }
  }

  test('the current-password check locks its own person for 15 minutes at the 10th failure', () => {
    for (let n = 1; n <= 9; n++) assert.equal(failRepeatedly('password', n).c.lockedUntil, null, `after ${n}`);
    const { c, now } = failRepeatedly('password', 10);
    assert.equal(c.lockedUntil, now + LOCK_MS);
    assert.equal(waitMs(RULES.password, c, now + 10 * MIN), 5 * MIN);
  });
});

describe('window and lock expiry', () => {
  test('failures older than the 15-minute window are forgotten', () => {
    assert.equal(WINDOW_MS, 15 * MIN);
    assert.equal(liveFailures(counter(5, 15 * MIN), T0), 5, 'exactly 15 minutes: still counts');
    assert.equal(liveFailures(counter(5, 15 * MIN + 1), T0), 0);
    assert.equal(waitMs(RULES.pair, counter(9, 15 * MIN + 1), T0), 0);
    assert.deepEqual(afterFailure(RULES.pair, counter(9, 15 * MIN + 1), T0), {
      failures: 1,
      lastFailureAt: T0,
      lockedUntil: null,
    });
    assert.equal(liveFailures(undefined, T0), 0);
  });

  test('when a lock ends one may try again, and the count starts over', () => {
    const { c } = failRepeatedly('password', 10);
    const end = c.lockedUntil!;
    assert.ok(waitMs(RULES.password, c, end - 1) > 0);
    assert.equal(waitMs(RULES.password, c, end), 0);
    assert.deepEqual(afterFailure(RULES.password, c, end), { failures: 1, lastFailureAt: end, lockedUntil: null });
  });

  test('keys are case-insensitive on the login', () => {
    assert.equal(throttleKey.pair('Jean.Dupont', '192.0.2.1'), 'pair:jean.dupont|192.0.2.1');
    assert.equal(throttleKey.login('Jean.Dupont'), 'acct:jean.dupont');
    assert.equal(throttleKey.address('192.0.2.1'), 'ip:192.0.2.1');
  });
});

describe('which counters apply', () => {
  test('a trusted device answers only to its own counter', () => {
    assert.deepEqual(countersFor({ trustedDevice: true, knownAddress: false, onSchoolNetwork: true }), {
      check: ['device'],
      record: ['device'],
    });
  });
  test('a known address is never refused by the per-login counters', () => {
    const plan = countersFor({ trustedDevice: false, knownAddress: true, onSchoolNetwork: false });
    assert.deepEqual(plan.check, ['address']);
    assert.deepEqual(plan.record, ['login', 'pair', 'address']);
  });
  test('anyone else meets every counter', () => {
    assert.deepEqual(countersFor({ trustedDevice: false, knownAddress: false, onSchoolNetwork: false }).check, [
      'login',
      'pair',
      'address',
    ]);
  });
});

describe('NetworkRanges', () => {
  test('matches IPv4, IPv4-mapped IPv6 and IPv6 addresses; ignores malformed ranges', () => {
    const r = new NetworkRanges(['10.93.1.0/24', '2001:db8:1::/48', 'nonsense', '10.0.0.0/40', '192.0.2.7']);
    assert.equal(r.size, 2);
    assert.ok(r.has('10.93.1.200'));
    assert.ok(r.has('::ffff:10.93.1.3'));
    assert.ok(r.has('2001:db8:1::42'));
    assert.ok(!r.has('10.93.2.1'));
    assert.ok(!r.has('192.0.2.7'));
    assert.ok(!r.has('not an ip'));
  });
});

type Ctx = Awaited<ReturnType<typeof createTestApp>>;

const login = (ctx: Ctx, person: { login: string }, password: string, ip: string, device?: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login: person.login, password },
    remoteAddress: ip,
    ...(device ? { cookies: { preau_device: device } } : {}),
  });

/** Moves every recorded failure `ms` into the past, as if time had passed. */
async function rewind(ctx: Ctx, ms: number) {
  const rows = await ctx.db.selectFrom('auth_throttle').selectAll().execute();
  for (const r of rows) {
    await ctx.db
      .updateTable('auth_throttle')
      .set({ last_failure_at: new Date(Date.parse(r.last_failure_at) - ms).toISOString() })
      .where('key', '=', r.key)
      .execute();
  }
}

const deviceOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
  res.cookies.find((c) => c.name === 'preau_device')?.value;

const withApp = async (fn: (ctx: Ctx) => Promise<void>) => {
  const ctx = await createTestApp();
  try {
    await fn(ctx);
  } finally {
    await ctx.close();
  }
};

describe('sign-in throttling through the API', () => {
  test('a delay from the 3rd failure, refusing even the right password from that address meanwhile', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      for (let i = 0; i < 3; i++) assert.equal((await login(ctx, p, 'wrong password!', '192.0.2.1')).statusCode, 401);
      const res = await login(ctx, p, p.password, '192.0.2.1');
      assert.equal(res.statusCode, 429);
      assert.equal(res.json().error, 'RATE_LIMITED');
      assert.equal(res.headers['retry-after'], '1');
      assert.equal((await ctx.db.selectFrom('sessions').selectAll().execute()).length, 0);
      await rewind(ctx, 1000);
      assert.equal((await login(ctx, p, p.password, '192.0.2.1')).statusCode, 200);
    }));

  test('a success sets a device cookie (HttpOnly, SameSite=Lax) and clears the login and pair counters', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const ip = '203.0.113.9';
      for (let i = 0; i < 2; i++) assert.equal((await login(ctx, p, 'wrong password!', ip)).statusCode, 401);
      const ok = await login(ctx, p, p.password, ip);
      assert.equal(ok.statusCode, 200);
      const cookie = ok.cookies.find((c) => c.name === 'preau_device');
      assert.ok(cookie && /^[A-Za-z0-9_-]{43}$/.test(cookie.value));
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.ok((cookie.maxAge ?? 0) >= 90 * 24 * 3600);
      const left = await ctx.db
        .selectFrom('auth_throttle')
        .select('key')
        .where('key', 'in', [`pair:${p.login}|${ip}`, `acct:${p.login}`])
        .execute();
      assert.deepEqual(left, []);
      // Signing in again from that device keeps its cookie.
      assert.equal(deviceOf(await login(ctx, p, p.password, '198.51.100.1', cookie.value)), cookie.value);
    }));

  test('the login is throttled whatever its case', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      for (let i = 0; i < 3; i++) {
        const who = { login: i % 2 ? p.login.toUpperCase() : p.login };
        assert.equal((await login(ctx, who, 'wrong password!', '192.0.2.3')).statusCode, 401);
      }
      assert.equal((await login(ctx, { login: p.login.toUpperCase() }, p.password, '192.0.2.3')).statusCode, 429);
    }));
});

describe('nobody can keep an owner out (issue: lock-out through the per-login counters)', () => {
  /** Failures on the owner's login from `n` addresses, as fast as the rules allow. */
  async function attack(ctx: Ctx, victim: { login: string }, n: number, prefix = '198.18') {
    for (let i = 0; i < n; i++) {
      let res = await login(ctx, victim, `guess ${i}`, `${prefix}.${i >> 8}.${i & 255}`);
      if (res.statusCode === 429) {
        await rewind(ctx, Number(res.headers['retry-after']) * 1000);
        res = await login(ctx, victim, `guess ${i}`, `${prefix}.${i >> 8}.${i & 255}`);
      }
      assert.equal(res.statusCode, 401, res.body);
    }
  }

  test('failures from many addresses: the owner still signs in from their device and from a known address', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const first = await login(ctx, p, p.password, '203.0.113.50');
      assert.equal(first.statusCode, 200);
      const device = deviceOf(first)!;
      await attack(ctx, p, 40);

      // The attack is slowed: an unknown device at an unknown address waits (a delay, not a lock).
      const stranger = await login(ctx, p, p.password, '192.0.2.200');
      assert.equal(stranger.statusCode, 429);
      assert.ok(Number(stranger.headers['retry-after']) <= 30);

      // The owner's device, from a new address: in at once.
      const fromDevice = await login(ctx, p, p.password, '192.0.2.201', device);
      assert.equal(fromDevice.statusCode, 200, fromDevice.body);
      await attack(ctx, p, 20, '198.19');
      // The owner's known address, without the cookie (another browser at home): in at once.
      const fromHome = await login(ctx, p, p.password, '203.0.113.50');
      assert.equal(fromHome.statusCode, 200, fromHome.body);
    }));

  test("the attacker's guesses from the owner's device cookie count against that device, which then loses its trust", () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const device = deviceOf(await login(ctx, p, p.password, '203.0.113.60'))!;
      await attack(ctx, p, 15);
      for (let i = 0; i < 10; i++) {
        let res = await login(ctx, p, `guess ${i}`, '192.0.2.77', device);
        if (res.statusCode === 429) {
          await rewind(ctx, Number(res.headers['retry-after']) * 1000);
          res = await login(ctx, p, `guess ${i}`, '192.0.2.77', device);
        }
        assert.equal(res.statusCode, 401);
      }
      // 10 failures of its own: the device is an ordinary client again, under the per-login delay.
      await attack(ctx, p, 1, '198.20');
      assert.equal((await login(ctx, p, p.password, '192.0.2.78', device)).statusCode, 429);
    }));

  test('a device cookie trusted for one person gives nothing for another login', () =>
    withApp(async (ctx) => {
      const owner = await makePerson(ctx.db);
      const other = await makePerson(ctx.db);
      const device = deviceOf(await login(ctx, owner, owner.password, '203.0.113.70'))!;
      await attack(ctx, other, 12);
      assert.equal((await login(ctx, other, other.password, '192.0.2.90', device)).statusCode, 429);
    }));
});

describe('a school behind one NAT address is not locked out by one pupil', () => {
  test('150 failures from the school network: another person of the school signs in at once', () =>
    withApp(async (ctx) => {
      const school = await makeSchool(ctx.db);
      await ctx.db
        .updateTable('sites')
        .set({ network_ranges: JSON.stringify(['10.93.1.0/24']) })
        .where('id', '=', school.siteId)
        .execute();
      const teacher = await makePerson(ctx.db, { schoolId: school.id, profiles: ['teacher'] });
      const pupils = await Promise.all([0, 1, 2, 3, 4].map(() => makePerson(ctx.db, { schoolId: school.id })));
      for (let i = 0; i < 150; i++) {
        const res = await login(ctx, pupils[i % 5]!, `guess ${i}`, '10.93.1.1');
        assert.ok([401, 429].includes(res.statusCode), res.body);
        if (res.statusCode === 429) await rewind(ctx, Number(res.headers['retry-after']) * 1000);
      }
      const res = await login(ctx, teacher, teacher.password, '10.93.1.1');
      assert.equal(res.statusCode, 200, res.body);
      // The school address is never remembered as anyone's: a pupil behind it gains no trust from it.
      const trust = await ctx.db.selectFrom('auth_trust').select('kind').execute();
      assert.deepEqual(
        trust.map((t) => t.kind),
        ['device'],
      );
    }));

  test('the same failures from an ordinary address delay it, without a lock', () =>
    withApp(async (ctx) => {
      const teacher = await makePerson(ctx.db);
      const pupils = await Promise.all([0, 1, 2, 3, 4].map(() => makePerson(ctx.db)));
      for (let i = 0; i < 40; i++) {
        let res = await login(ctx, pupils[i % 5]!, `guess ${i}`, '192.0.2.33');
        if (res.statusCode === 429) {
          await rewind(ctx, Number(res.headers['retry-after']) * 1000);
          res = await login(ctx, pupils[i % 5]!, `guess ${i}`, '192.0.2.33');
        }
        assert.equal(res.statusCode, 401);
      }
      const res = await login(ctx, teacher, teacher.password, '192.0.2.33');
      assert.equal(res.statusCode, 429);
      const wait = Number(res.headers['retry-after']);
      assert.ok(wait >= 1 && wait <= 5 * 60, `Retry-After ${wait}`);
      const row = await ctx.db
        .selectFrom('auth_throttle')
        .select('locked_until')
        .where('key', '=', 'ip:192.0.2.33')
        .executeTakeFirstOrThrow();
      assert.equal(row.locked_until, null);
    }));
});
