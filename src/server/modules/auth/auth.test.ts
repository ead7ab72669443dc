import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { createTestApp, readLetter, type Session, signIn } from '../../../../test/app.ts';
import { createTestDatabase } from '../../../../test/db.ts';
import {
  linkGuardian,
  makeClass,
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { buildApp } from '../../app.ts';
import type { Config } from '../../lib/config.ts';
import { testConfig } from '../../lib/config.ts';
import { sha256 } from '../../lib/ids.ts';

type Ctx = Awaited<ReturnType<typeof createTestApp>>;

async function withApp(fn: (ctx: Ctx) => Promise<void>, overrides: Partial<Config> = {}) {
  const ctx = await createTestApp(overrides);
  try {
    await fn(ctx);
  } finally {
    await ctx.close();
  }
}

let ip = 0;
const nextIp = () => `192.0.2.${(++ip % 250) + 1}`;

const login = (ctx: Ctx, body: unknown, extra: Partial<InjectOptions> = {}) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: body as object,
    remoteAddress: nextIp(),
    ...extra,
  });

const as = (ctx: Ctx, s: Session | null, method: InjectOptions['method'], url: string, payload?: unknown) =>
  ctx.app.inject({
    method,
    url,
    headers: s?.headers ?? {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const me = (ctx: Ctx, s: Session) => as(ctx, s, 'GET', '/api/me');

const sessionsOf = (ctx: Ctx, personId: string) =>
  ctx.db.selectFrom('sessions').selectAll().where('person_id', '=', personId).execute();

const personRow = (ctx: Ctx, id: string) =>
  ctx.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('POST /api/auth/login', () => {
  test('success: an HttpOnly SameSite=Lax session cookie, a CSRF token, a hashed session id', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const res = await login(ctx, { login: p.login, password: p.password });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(Object.keys(body).sort(), ['csrfToken', 'login', 'personId']);
      assert.equal(body.personId, p.id);
      assert.equal(body.login, p.login);
      const c = res.cookies.find((x) => x.name === 'preau_session');
      assert.ok(c, 'cookie preau_session');
      assert.equal(c.httpOnly, true);
      assert.equal(c.sameSite, 'Lax');
      assert.equal(c.path, '/');
      assert.ok(!c.secure, 'not Secure over http');
      assert.ok(c.value.length >= 43, 'a 256-bit token');

      const rows = await sessionsOf(ctx, p.id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.id_hash, sha256(c.value));
      assert.ok(!JSON.stringify(rows).includes(c.value), 'the cookie value is not stored');
      assert.notEqual(body.csrfToken, c.value);

      const m = await ctx.app.inject({ method: 'GET', url: '/api/me', cookies: { preau_session: c.value } });
      assert.equal(m.statusCode, 200);
      assert.equal(m.json().person.id, p.id);
    }));

  test('with secure cookies: __Host-preau_session, Secure', () =>
    withApp(
      async (ctx) => {
        const p = await makePerson(ctx.db);
        const res = await login(ctx, { login: p.login, password: p.password });
        assert.equal(res.statusCode, 200);
        assert.equal(
          res.cookies.find((x) => x.name === 'preau_session'),
          undefined,
        );
        const c = res.cookies.find((x) => x.name === '__Host-preau_session');
        assert.ok(c);
        assert.equal(c.secure, true);
        assert.equal(c.httpOnly, true);
        assert.equal(c.sameSite, 'Lax');
        assert.equal(c.path, '/');
        assert.equal(c.domain, undefined, '__Host- cookies carry no Domain');
        const s = await signIn(ctx.app, p);
        assert.equal((await me(ctx, s)).statusCode, 200);
        // The unprefixed name is not read when cookies are secure.
        const plain = await ctx.app.inject({ method: 'GET', url: '/api/me', cookies: { preau_session: c.value } });
        assert.equal(plain.statusCode, 401);
      },
      { secureCookies: true },
    ));

  test('login is case-insensitive and trimmed', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const res = await login(ctx, { login: ` ${p.login.toUpperCase()} `, password: p.password });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().personId, p.id);
    }));

  test('a wrong password and an unknown login get the same 401 INVALID_CREDENTIALS', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const wrong = await login(ctx, { login: p.login, password: 'not the password' });
      const unknown = await login(ctx, { login: 'nobody.here', password: 'not the password' });
      for (const res of [wrong, unknown]) {
        assert.equal(res.statusCode, 401);
        assert.equal(res.cookies.length, 0);
      }
      const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
      assert.deepEqual(strip(wrong.json()), strip(unknown.json()));
      assert.equal(wrong.json().error, 'INVALID_CREDENTIALS');
      assert.equal((await ctx.db.selectFrom('sessions').selectAll().execute()).length, 0);
    }));

  test('an account without a password yet cannot sign in', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db, { password: false });
      const res = await login(ctx, { login: p.login, password: p.password });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error, 'INVALID_CREDENTIALS');
    }));

  test('a disabled account with the right password answers exactly as a wrong password (no oracle)', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db, { disabled: true });
      const right = await login(ctx, { login: p.login, password: p.password });
      const wrong = await login(ctx, { login: p.login, password: 'not the password' });
      for (const res of [right, wrong]) {
        assert.equal(res.statusCode, 401);
        assert.equal(res.cookies.length, 0);
      }
      const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
      assert.deepEqual(strip(right.json()), strip(wrong.json()));
      assert.deepEqual(Object.keys(right.headers).sort(), Object.keys(wrong.headers).sort());
      assert.equal((await sessionsOf(ctx, p.id)).length, 0);
      // It counts as a failure too, so the throttle cannot tell them apart either.
      const acct = await ctx.db
        .selectFrom('auth_throttle')
        .select('failures')
        .where('key', '=', `acct:${p.login}`)
        .executeTakeFirst();
      assert.equal(acct?.failures, 2);
    }));

  test('sign-in announced as cross-site is refused before anything', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const cross = await login(
        ctx,
        { login: p.login, password: p.password },
        { headers: { 'sec-fetch-site': 'cross-site' } },
      );
      assert.equal(cross.statusCode, 403);
      assert.equal(cross.json().error, 'CSRF_REJECTED');
      const evil = await login(
        ctx,
        { login: p.login, password: p.password },
        { headers: { host: 'ent.example.fr', origin: 'https://evil.example.com' } },
      );
      assert.equal(evil.statusCode, 403);
      assert.equal(evil.json().error, 'CSRF_REJECTED');
      const nullOrigin = await login(ctx, { login: p.login, password: p.password }, { headers: { origin: 'null' } });
      assert.equal(nullOrigin.statusCode, 403);
      assert.equal((await sessionsOf(ctx, p.id)).length, 0);
      const same = await login(
        ctx,
        { login: p.login, password: p.password },
        { headers: { host: 'ent.example.fr', origin: 'https://ent.example.fr', 'sec-fetch-site': 'same-origin' } },
      );
      assert.equal(same.statusCode, 200, same.body);
    }));
});

describe('bad input', () => {
  test('malformed JSON → 400 VALIDATION_FAILED, nothing written', () =>
    withApp(async (ctx) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"login": "a", "password": ',
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'VALIDATION_FAILED');
      assert.ok(res.json().requestId);
      assert.equal((await ctx.db.selectFrom('auth_throttle').selectAll().execute()).length, 0);
    }));

  test('unknown fields → 400 naming the field', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const res = await login(ctx, { login: p.login, password: p.password, isDeploymentAdmin: true });
      assert.equal(res.statusCode, 400);
      const body = res.json();
      assert.equal(body.error, 'VALIDATION_FAILED');
      assert.equal(body.details.in, 'body');
      assert.deepEqual(
        body.details.fields.map((f: { path: string; code: string }) => [f.path, f.code]),
        [['isDeploymentAdmin', 'unrecognized_keys']],
      );
      assert.equal((await sessionsOf(ctx, p.id)).length, 0);
    }));

  test('wrong types, missing fields and a too-long login → 400 with field details, nothing written', () =>
    withApp(async (ctx) => {
      const cases: Array<[unknown, string]> = [
        [{ login: 42, password: 'x' }, 'login'],
        [{ login: 'a', password: ['x'] }, 'password'],
        [{ login: 'a' }, 'password'],
        [{ login: 'x'.repeat(101), password: 'un cheval blanc' }, 'login'],
        [{ login: '   ', password: 'un cheval blanc' }, 'login'],
        [{ login: 'a', password: 'x'.repeat(129) }, 'password'],
      ];
      for (const [payload, field] of cases) {
        const res = await login(ctx, payload);
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        const body = res.json();
        assert.equal(body.error, 'VALIDATION_FAILED');
        assert.ok(
          body.details.fields.some((f: { path: string }) => f.path === field),
          `${JSON.stringify(payload)}: ${JSON.stringify(body.details)}`,
        );
      }
      assert.equal((await ctx.db.selectFrom('auth_throttle').selectAll().execute()).length, 0);
      assert.equal((await ctx.db.selectFrom('sessions').selectAll().execute()).length, 0);
    }));

  test('a body above the limit → 413 PAYLOAD_TOO_LARGE, nothing written', () =>
    withApp(
      async (ctx) => {
        const p = await makePerson(ctx.db);
        const s = await signIn(ctx.app, p);
        const res = await as(ctx, s, 'PUT', '/api/me/password', {
          currentPassword: p.password,
          newPassword: 'un cheval blanc '.repeat(200),
        });
        assert.equal(res.statusCode, 413);
        assert.equal(res.json().error, 'PAYLOAD_TOO_LARGE');
        const big = await login(ctx, { login: p.login, password: 'x'.repeat(3000) });
        assert.equal(big.statusCode, 413);
        assert.equal((await sessionsOf(ctx, p.id)).length, 1);
        assert.equal((await ctx.db.selectFrom('auth_throttle').selectAll().execute()).length, 0);
        assert.equal((await signIn(ctx.app, p)).personId, p.id, 'the password did not change');
      },
      { bodyLimit: 2048 },
    ));

  test('an unexpected error → 500 INTERNAL with a request id and no internals', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ db: database.db, config: testConfig(), logger: false });
    app.get('/api/test-boom', async () => {
      throw new Error('secret internals: password_hash column');
    });
    await app.ready();
    try {
      const res = await app.inject({ method: 'GET', url: '/api/test-boom' });
      assert.equal(res.statusCode, 500);
      const body = res.json();
      assert.equal(body.error, 'INTERNAL');
      assert.ok(body.requestId);
      assert.equal(res.headers['x-request-id'], body.requestId);
      assert.ok(!res.body.includes('secret'), res.body);
      assert.ok(!res.body.includes('stack'));
      assert.ok(!res.body.includes('.ts'));
    } finally {
      await app.close();
      await database.close();
    }
  });

  test('a database failure → 500 INTERNAL without internals', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      await ctx.db.schema.dropTable('auth_throttle').execute();
      const res = await login(ctx, { login: p.login, password: p.password });
      assert.equal(res.statusCode, 500);
      assert.deepEqual(Object.keys(res.json()).sort(), ['error', 'message', 'requestId']);
      assert.ok(!res.body.includes('auth_throttle'));
    }));
});

describe('sessions', () => {
  test('logout ends the session on the server', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const s = await signIn(ctx.app, p);
      const res = await as(ctx, s, 'POST', '/api/auth/logout');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { ok: true });
      const cleared = res.cookies.find((c) => c.name === 'preau_session');
      assert.equal(cleared?.value, '');
      assert.equal((await sessionsOf(ctx, p.id)).length, 0);
      const after = await me(ctx, s);
      assert.equal(after.statusCode, 401);
      assert.equal(after.json().error, 'UNAUTHENTICATED');
    }));

  test('idle timeout: a session unused for longer than sessionIdleMs ends', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const s = await signIn(ctx.app, p);
      const idleMs = 120 * 60_000;
      // Used 2 minutes ago: still alive, and last_seen_at moves forward.
      const recent = new Date(Date.now() - 2 * 60_000).toISOString();
      await ctx.db.updateTable('sessions').set({ last_seen_at: recent }).where('person_id', '=', p.id).execute();
      assert.equal((await me(ctx, s)).statusCode, 200);
      // Touches are written in batches; flush the pending one.
      await ctx.app.sessionTouches.flush();
      const [row] = await sessionsOf(ctx, p.id);
      assert.ok(row && row.last_seen_at > recent, 'last_seen_at touched');
      // Unused for longer than the idle timeout: gone.
      const old = new Date(Date.now() - idleMs - 1000).toISOString();
      await ctx.db.updateTable('sessions').set({ last_seen_at: old }).where('person_id', '=', p.id).execute();
      assert.equal((await me(ctx, s)).statusCode, 401);
      assert.equal((await sessionsOf(ctx, p.id)).length, 0);
    }));

  test('idle timeout with a small sessionIdleMs', () =>
    withApp(
      async (ctx) => {
        const p = await makePerson(ctx.db);
        const s = await signIn(ctx.app, p);
        assert.equal((await me(ctx, s)).statusCode, 200);
        await new Promise((r) => setTimeout(r, 400));
        assert.equal((await me(ctx, s)).statusCode, 401);
      },
      { sessionIdleMs: 300 },
    ));

  test('absolute lifetime: a session past expires_at ends even if used recently', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const s = await signIn(ctx.app, p);
      const [row] = await sessionsOf(ctx, p.id);
      assert.ok(row);
      const lifetime = Date.parse(row.expires_at) - Date.parse(row.created_at);
      assert.equal(lifetime, 12 * 3_600_000);
      await ctx.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString(), last_seen_at: new Date().toISOString() })
        .where('person_id', '=', p.id)
        .execute();
      assert.equal((await me(ctx, s)).statusCode, 401);
      assert.equal((await sessionsOf(ctx, p.id)).length, 0);
    }));

  test('list own sessions, end another one', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const phone = await signIn(ctx.app, p);
      const laptop = await signIn(ctx.app, p);
      const other = await signIn(ctx.app, await makePerson(ctx.db));

      const res = await as(ctx, laptop, 'GET', '/api/me/sessions');
      assert.equal(res.statusCode, 200);
      const list = res.json() as Array<{ id: string; current: boolean; ip: string }>;
      assert.equal(list.length, 2);
      assert.equal(list.filter((x) => x.current).length, 1);
      const phoneEntry = list.find((x) => !x.current);
      assert.ok(phoneEntry);
      assert.ok(!JSON.stringify(list).includes(phone.cookie.split('=')[1]!));

      // Someone else's session is not ours to end.
      const [otherRow] = await sessionsOf(ctx, other.personId);
      const foreign = await as(ctx, laptop, 'DELETE', `/api/me/sessions/${otherRow!.id_hash}`);
      assert.equal(foreign.statusCode, 404);
      assert.equal((await me(ctx, other)).statusCode, 200);

      const del = await as(ctx, laptop, 'DELETE', `/api/me/sessions/${phoneEntry.id}`);
      assert.equal(del.statusCode, 200);
      assert.equal((await me(ctx, phone)).statusCode, 401);
      assert.equal((await me(ctx, laptop)).statusCode, 200);
      assert.equal((await as(ctx, laptop, 'DELETE', `/api/me/sessions/${phoneEntry.id}`)).statusCode, 404);
    }));

  test('expired sessions are not listed', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const a = await signIn(ctx.app, p);
      const b = await signIn(ctx.app, p);
      const [rowB] = (await sessionsOf(ctx, p.id)).filter((r) => r.id_hash === sha256(b.cookie.split('=')[1]!));
      await ctx.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - 3 * 3_600_000).toISOString() })
        .where('id_hash', '=', rowB!.id_hash)
        .execute();
      const list = (await as(ctx, a, 'GET', '/api/me/sessions')).json() as unknown[];
      assert.equal(list.length, 1);
    }));
});

describe('CSRF', () => {
  test('a write with the session cookie but no x-csrf-token → 403 CSRF_REJECTED', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const s = await signIn(ctx.app, p);
      const noToken = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
      assert.equal(noToken.statusCode, 403);
      assert.equal(noToken.json().error, 'CSRF_REJECTED');
      const wrong = await ctx.app.inject({
        method: 'PUT',
        url: '/api/me/locale',
        headers: { cookie: s.cookie, 'x-csrf-token': `${s.csrfToken.slice(0, -1)}x` },
        payload: { locale: 'en' },
      });
      assert.equal(wrong.statusCode, 403);
      assert.equal(wrong.json().error, 'CSRF_REJECTED');
      // Another session's token does not fit this one.
      const s2 = await signIn(ctx.app, p);
      const mixed = await ctx.app.inject({
        method: 'PUT',
        url: '/api/me/locale',
        headers: { cookie: s.cookie, 'x-csrf-token': s2.csrfToken },
        payload: { locale: 'en' },
      });
      assert.equal(mixed.statusCode, 403);
      assert.equal((await personRow(ctx, p.id)).locale, 'fr');
      assert.equal((await me(ctx, s)).statusCode, 200, 'the session is still alive');
    }));

  test('the CSRF token from GET /api/me is the one from sign-in', () =>
    withApp(async (ctx) => {
      const s = await signIn(ctx.app, await makePerson(ctx.db));
      assert.equal((await me(ctx, s)).json().csrfToken, s.csrfToken);
    }));

  test('an Origin of another host, or Sec-Fetch-Site: cross-site → 403 even with the token', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const s = await signIn(ctx.app, p);
      const put = (headers: Record<string, string>) =>
        ctx.app.inject({
          method: 'PUT',
          url: '/api/me/locale',
          headers: { ...s.headers, host: 'ent.example.fr', ...headers },
          payload: { locale: 'en' },
        });
      const refused: Array<Record<string, string>> = [
        { origin: 'https://evil.example.com' },
        { origin: 'https://ent.example.fr.evil.com' },
        { origin: 'not a url' },
        { 'sec-fetch-site': 'cross-site' },
        { origin: 'https://ent.example.fr', 'sec-fetch-site': 'cross-site' },
      ];
      for (const h of refused) {
        const res = await put(h);
        assert.equal(res.statusCode, 403, JSON.stringify(h));
        assert.equal(res.json().error, 'CSRF_REJECTED');
      }
      assert.equal((await personRow(ctx, p.id)).locale, 'fr');
      const ok = await put({ origin: 'https://ent.example.fr', 'sec-fetch-site': 'same-origin' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await personRow(ctx, p.id)).locale, 'en');
    }));

  test('reads need no token', () =>
    withApp(async (ctx) => {
      const s = await signIn(ctx.app, await makePerson(ctx.db));
      const res = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } });
      assert.equal(res.statusCode, 200);
    }));
});

describe('GET /api/me', () => {
  test('a pupil: their school, class and site', () =>
    withApp(async (ctx) => {
      const school = await makeSchool(ctx.db, { name: 'Collège Le Parc' });
      const k = await makeClass(ctx.db, school, { code: '5B', level: '5e' });
      const pupil = await makePupil(ctx.db, school, { classId: k.id, firstName: 'Inès' });
      const s = await signIn(ctx.app, pupil);
      const res = await me(ctx, s);
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.person.id, pupil.id);
      assert.equal(body.person.firstName, 'Inès');
      assert.equal(body.person.locale, 'fr');
      assert.equal(body.person.isDeploymentAdmin, false);
      assert.equal(body.currentSchoolId, school.id);
      assert.equal(body.schools.length, 1);
      assert.equal(body.schools[0].name, 'Collège Le Parc');
      assert.deepEqual(body.schools[0].profiles, ['pupil']);
      assert.deepEqual(body.schools[0].functions, []);
      assert.deepEqual(body.schools[0].abilities, [
        'self.view',
        'news.read',
        'account.manage',
        'messages.use',
        'info.read',
        'documents.use',
      ]);
      assert.deepEqual(body.enrolments, [
        {
          schoolId: school.id,
          class: { id: k.id, code: '5B', label: '5B', level: '5e' },
          site: { id: school.siteId, name: 'Site principal' },
        },
      ]);
      assert.deepEqual(body.children, []);
      assert.deepEqual(body.teaching, []);
      assert.ok(!res.body.includes('password_hash') && !res.body.includes('$argon2'));
    }));

  test('a guardian of two children in two schools sees both side by side', () =>
    withApp(async (ctx) => {
      const a = await makeSchool(ctx.db, { name: 'Collège A' });
      const b = await makeSchool(ctx.db, { name: 'Collège B' });
      const ka = await makeClass(ctx.db, a, { code: '6A', level: '6e' });
      const kb = await makeClass(ctx.db, b, { code: '3C', level: '3e' });
      const c1 = await makePupil(ctx.db, a, { classId: ka.id, firstName: 'Léa' });
      const c2 = await makePupil(ctx.db, b, { classId: kb.id, firstName: 'Noé' });
      const g = await makeGuardian(ctx.db, {
        children: [
          { id: c1.id, schoolId: a.id },
          { id: c2.id, schoolId: b.id },
        ],
      });
      const body = (await me(ctx, await signIn(ctx.app, g))).json();
      assert.deepEqual(body.schools.map((s: { name: string }) => s.name).sort(), ['Collège A', 'Collège B']);
      for (const s of body.schools) {
        assert.deepEqual(s.profiles, ['guardian']);
        assert.ok(s.abilities.includes('children.view'));
        assert.ok(!s.abilities.includes('directory.search'));
      }
      const byId = new Map(body.children.map((c: { id: string }) => [c.id, c]));
      assert.equal(body.children.length, 2);
      assert.deepEqual(byId.get(c1.id), {
        id: c1.id,
        firstName: 'Léa',
        lastName: (await personRow(ctx, c1.id)).last_name,
        schoolId: a.id,
        schoolName: 'Collège A',
        class: { id: ka.id, code: '6A', label: '6A', level: '6e' },
        site: { id: a.siteId, name: 'Site principal' },
        responsibility: 'legal1',
      });
      assert.deepEqual(byId.get(c2.id), {
        id: c2.id,
        firstName: 'Noé',
        lastName: (await personRow(ctx, c2.id)).last_name,
        schoolId: b.id,
        schoolName: 'Collège B',
        class: { id: kb.id, code: '3C', label: '3C', level: '3e' },
        site: { id: b.siteId, name: 'Site principal' },
        responsibility: 'legal1',
      });
      assert.deepEqual(body.enrolments, []);
    }));

  test('a guardian with a court-restricted link does not see that child', () =>
    withApp(async (ctx) => {
      const school = await makeSchool(ctx.db);
      const open = await makePupil(ctx.db, school);
      const restricted = await makePupil(ctx.db, school);
      const g = await makeGuardian(ctx.db, { children: [{ id: open.id, schoolId: school.id }] });
      await linkGuardian(ctx.db, g.id, { id: restricted.id, schoolId: school.id }, { courtRestricted: true });
      const body = (await me(ctx, await signIn(ctx.app, g))).json();
      assert.deepEqual(
        body.children.map((c: { id: string }) => c.id),
        [open.id],
      );
      assert.ok(!JSON.stringify(body).includes(restricted.id));

      const onlyRestricted = await makeGuardian(ctx.db, {
        children: [{ id: restricted.id, schoolId: school.id }],
        courtRestricted: true,
      });
      assert.deepEqual((await me(ctx, await signIn(ctx.app, onlyRestricted))).json().children, []);
    }));

  test('a teacher: classes taught, subjects, and isPrincipal', () =>
    withApp(async (ctx) => {
      const school = await makeSchool(ctx.db);
      const k1 = await makeClass(ctx.db, school, { code: '4A', level: '4e' });
      const k2 = await makeClass(ctx.db, school, { code: '4B', level: '4e' });
      const t = await makeTeacher(ctx.db, school, { classIds: [k1.id, k2.id], principalOf: [k2.id] });
      const body = (await me(ctx, await signIn(ctx.app, t))).json();
      assert.deepEqual(body.schools[0].profiles, ['teacher']);
      assert.ok(body.schools[0].abilities.includes('classes.view'));
      assert.ok(!body.schools[0].abilities.includes('pupils.viewAll'));
      assert.ok(body.schools[0].abilities.includes('grades.teach'));
      assert.ok(body.schools[0].abilities.includes('reportCards.staff'));
      assert.equal(body.teaching.length, 2);
      const [first, second] = body.teaching;
      assert.equal(first.code, '4A');
      assert.equal(first.kind, 'class');
      assert.equal(first.id, k1.id);
      assert.equal(first.schoolId, school.id);
      assert.equal(first.isPrincipal, false);
      assert.deepEqual(
        first.subjects.map((s: { id: string }) => s.id),
        [t.subjectId],
      );
      assert.equal(second.code, '4B');
      assert.equal(second.isPrincipal, true);
    }));

  test('staff: functions and abilities', () =>
    withApp(async (ctx) => {
      const school = await makeSchool(ctx.db);
      const cpe = await makeStaff(ctx.db, school, ['cpe']);
      let body = (await me(ctx, await signIn(ctx.app, cpe))).json();
      assert.deepEqual(body.schools[0].profiles, ['staff']);
      assert.deepEqual(body.schools[0].functions, ['cpe']);
      assert.deepEqual(body.schools[0].abilities, [
        'directory.search',
        'pupils.viewAll',
        'access.reset',
        'news.read',
        'news.publish',
        'account.manage',
        'timetable.cancel',
        'attendance.watch',
        'attendance.justifications',
        'reportCards.staff',
        'grades.readAll',
        'attendance.toReport',
        'messages.use',
        'messages.block',
        'discipline.incidents',
        'discipline.procedures',
        'support.plans',
        'pupils.file',
        'followup.meetings',
        'followup.reads',
        'appointments.receive',
        'info.read',
        'resources.book',
        'documents.use',
      ]);
      // The assistante sociale follows the pupils "à signaler", and nothing else of vie scolaire.
      const social = await makeStaff(ctx.db, school, ['assistante_sociale']);
      const socialAbilities = (await me(ctx, await signIn(ctx.app, social))).json().schools[0].abilities;
      assert.ok(socialAbilities.includes('attendance.toReport'));
      assert.ok(!socialAbilities.includes('attendance.watch') && !socialAbilities.includes('grades.readAll'));
      const admin = await makeStaff(ctx.db, school, ['school_admin', 'secretariat']);
      body = (await me(ctx, await signIn(ctx.app, admin))).json();
      assert.deepEqual([...body.schools[0].functions].sort(), ['school_admin', 'secretariat']);
      assert.ok(body.schools[0].abilities.includes('directory.admin'));
      const principal = await makeStaff(ctx.db, school, ['principal']);
      body = (await me(ctx, await signIn(ctx.app, principal))).json();
      assert.ok(body.schools[0].abilities.includes('grades.settings'));
      assert.ok(!body.schools[0].abilities.includes('grades.teach'));
      // Direction opens parent–teacher evenings (docs/evenings.md).
      assert.ok(body.schools[0].abilities.includes('evenings.organise'));
      const accueil = await makeStaff(ctx.db, school, ['accueil']);
      body = (await me(ctx, await signIn(ctx.app, accueil))).json();
      // Any staff member may write an incident report (docs/discipline.md).
      assert.deepEqual(body.schools[0].abilities, [
        'directory.search',
        'news.read',
        'news.publish',
        'account.manage',
        'messages.use',
        'discipline.incidents',
        'reception.desk',
        'info.edit',
        'info.read',
        'resources.book',
        'documents.use',
      ]);
    }));

  test('anonymous → 401; a bogus cookie → 401', () =>
    withApp(async (ctx) => {
      const anon = await ctx.app.inject({ method: 'GET', url: '/api/me' });
      assert.equal(anon.statusCode, 401);
      assert.equal(anon.json().error, 'UNAUTHENTICATED');
      assert.equal(anon.headers['cache-control'], 'no-store');
      const bogus = await ctx.app.inject({ method: 'GET', url: '/api/me', cookies: { preau_session: 'forged' } });
      assert.equal(bogus.statusCode, 401);
    }));
});

describe('activation', () => {
  async function issueCode(ctx: Ctx, o: { password?: boolean } = {}) {
    const school = await makeSchool(ctx.db);
    const pupil = await makePupil(ctx.db, school);
    if (o.password === false) {
      await ctx.db.updateTable('people').set({ password_hash: null }).where('id', '=', pupil.id).execute();
    }
    const secretariat = await signIn(ctx.app, await makeStaff(ctx.db, school, ['secretariat']));
    const res = await as(ctx, secretariat, 'POST', `/api/schools/${school.id}/people/${pupil.id}/activation-letter`);
    assert.equal(res.statusCode, 201, res.body);
    const letter = await readLetter(res.rawPayload);
    assert.ok(letter.text.includes(pupil.login));
    assert.equal(letter.codes.length, 1);
    return { school, pupil, code: letter.codes[0]! };
  }
  const activate = (ctx: Ctx, payload: unknown) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/activate', payload: payload as object, remoteAddress: nextIp() });

  test('a code issued by staff lets the person choose a password and opens a session; it works once', () =>
    withApp(async (ctx) => {
      const { pupil, code } = await issueCode(ctx, { password: false });
      const stored = await personRow(ctx, pupil.id);
      assert.ok(stored.activation_code_hash);
      assert.notEqual(stored.activation_code_hash, code, 'the code is stored hashed');

      const res = await activate(ctx, {
        code: ` ${code.toLowerCase().replaceAll('-', ' ')} `,
        password: 'un cheval blanc',
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().personId, pupil.id);
      const cookie = res.cookies.find((c) => c.name === 'preau_session');
      assert.ok(cookie?.httpOnly);
      const m = await ctx.app.inject({ method: 'GET', url: '/api/me', cookies: { preau_session: cookie.value } });
      assert.equal(m.statusCode, 200);
      assert.equal(m.json().csrfToken, res.json().csrfToken);

      const after = await personRow(ctx, pupil.id);
      assert.match(after.password_hash ?? '', /^\$argon2id\$/);
      assert.equal(after.activation_code_hash, null);
      assert.equal(after.activation_expires_at, null);
      assert.equal((await signIn(ctx.app, { login: pupil.login, password: 'un cheval blanc' })).personId, pupil.id);

      const again = await activate(ctx, { code, password: 'une autre phrase de passe' });
      assert.equal(again.statusCode, 400);
      assert.equal(again.json().error, 'ACTIVATION_INVALID');
      assert.equal((await personRow(ctx, pupil.id)).password_hash, after.password_hash);
    }));

  test('using a code ends the sessions opened with the old password', () =>
    withApp(async (ctx) => {
      const school = await makeSchool(ctx.db);
      const pupil = await makePupil(ctx.db, school);
      const old = await signIn(ctx.app, pupil);
      const cpe = await signIn(ctx.app, await makeStaff(ctx.db, school, ['cpe']));
      const letter = await as(ctx, cpe, 'POST', `/api/schools/${school.id}/people/${pupil.id}/activation-letter`);
      const code = (await readLetter(letter.rawPayload)).codes[0]!;
      assert.equal((await me(ctx, old)).statusCode, 200, 'issuing a code alone does not sign anyone out');
      assert.equal((await activate(ctx, { code, password: 'un cheval blanc' })).statusCode, 200);
      assert.equal((await me(ctx, old)).statusCode, 401);
    }));

  test('a code used twice at the same moment opens one session only', () =>
    withApp(async (ctx) => {
      const { pupil, code } = await issueCode(ctx, { password: false });
      const results = await Promise.all([
        activate(ctx, { code, password: 'une première phrase' }),
        activate(ctx, { code, password: 'une seconde phrase' }),
      ]);
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 400]);
      assert.equal((await sessionsOf(ctx, pupil.id)).length, 1);
      const winner = results.findIndex((r) => r.statusCode === 200);
      const password = winner === 0 ? 'une première phrase' : 'une seconde phrase';
      assert.equal((await signIn(ctx.app, { login: pupil.login, password })).personId, pupil.id);
    }));

  test('an expired code is refused and changes nothing', () =>
    withApp(async (ctx) => {
      const { pupil, code } = await issueCode(ctx, { password: false });
      await ctx.db
        .updateTable('people')
        .set({ activation_expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', pupil.id)
        .execute();
      const before = await personRow(ctx, pupil.id);
      const res = await activate(ctx, { code, password: 'un cheval blanc' });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'ACTIVATION_INVALID');
      assert.equal(res.cookies.length, 0);
      assert.deepEqual(await personRow(ctx, pupil.id), before);
      assert.equal((await sessionsOf(ctx, pupil.id)).length, 0);
    }));

  test('a wrong code is refused', () =>
    withApp(async (ctx) => {
      await issueCode(ctx);
      const res = await activate(ctx, { code: 'AAAA-BBBB-CCCC', password: 'un cheval blanc' });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'ACTIVATION_INVALID');
    }));

  test('a disabled account cannot be activated', () =>
    withApp(async (ctx) => {
      const { pupil, code } = await issueCode(ctx, { password: false });
      await ctx.db
        .updateTable('people')
        .set({ disabled_at: new Date().toISOString() })
        .where('id', '=', pupil.id)
        .execute();
      const res = await activate(ctx, { code, password: 'un cheval blanc' });
      assert.equal(res.statusCode, 400);
      assert.equal((await personRow(ctx, pupil.id)).password_hash, null);
    }));

  const rejected: Array<[string, string, string]> = [
    ['too short', 'court123', 'TOO_SHORT'],
    ['11 characters', 'onze carac.', 'TOO_SHORT'],
    ['common', 'azertyuiop123', 'TOO_COMMON'],
    ['common', 'qwerty123456', 'TOO_COMMON'],
  ];
  for (const [label, password, problem] of rejected) {
    test(`a ${label} password (${password}) → PASSWORD_REJECTED with ${problem}, nothing changed`, () =>
      withApp(async (ctx) => {
        const { pupil, code } = await issueCode(ctx, { password: false });
        const before = await personRow(ctx, pupil.id);
        const res = await activate(ctx, { code, password });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().error, 'PASSWORD_REJECTED');
        assert.ok(res.json().details.problems.includes(problem), res.body);
        assert.equal(res.cookies.length, 0);
        assert.deepEqual(await personRow(ctx, pupil.id), before);
        assert.equal((await sessionsOf(ctx, pupil.id)).length, 0);
        // The code still works with a good password.
        assert.equal((await activate(ctx, { code, password: 'un cheval blanc' })).statusCode, 200);
      }));
  }

  test('a password containing the login is refused', () =>
    withApp(async (ctx) => {
      const { pupil, code } = await issueCode(ctx, { password: false });
      const res = await activate(ctx, { code, password: `mon login ${pupil.login}` });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().details.problems, ['CONTAINS_LOGIN']);
    }));
});

describe('account settings', () => {
  test('PUT /api/me/password requires the current password and ends the other sessions', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const here = await signIn(ctx.app, p);
      const elsewhere = await signIn(ctx.app, p);
      const before = await personRow(ctx, p.id);

      const wrong = await as(ctx, here, 'PUT', '/api/me/password', {
        currentPassword: 'not my password',
        newPassword: 'une nouvelle phrase',
      });
      assert.equal(wrong.json().error, 'INVALID_CREDENTIALS');
      assert.equal((await personRow(ctx, p.id)).password_hash, before.password_hash);
      assert.equal((await me(ctx, elsewhere)).statusCode, 200);

      const weak = await as(ctx, here, 'PUT', '/api/me/password', {
        currentPassword: p.password,
        newPassword: 'motdepasse123',
      });
      assert.equal(weak.statusCode, 400);
      assert.equal(weak.json().error, 'PASSWORD_REJECTED');
      assert.deepEqual(weak.json().details.problems, ['TOO_COMMON']);
      assert.equal((await personRow(ctx, p.id)).password_hash, before.password_hash);

      const ok = await as(ctx, here, 'PUT', '/api/me/password', {
        currentPassword: p.password,
        newPassword: 'une nouvelle phrase',
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await me(ctx, here)).statusCode, 200, 'this session stays');
      assert.equal((await me(ctx, elsewhere)).statusCode, 401, 'the others end');
      assert.equal((await sessionsOf(ctx, p.id)).length, 1);
      const old = await login(ctx, { login: p.login, password: p.password });
      assert.equal(old.statusCode, 401);
      assert.equal((await signIn(ctx.app, { login: p.login, password: 'une nouvelle phrase' })).personId, p.id);
    }));

  test('PUT /api/me/locale stores the locale; an unknown one is refused', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const s = await signIn(ctx.app, p);
      assert.equal((await as(ctx, s, 'PUT', '/api/me/locale', { locale: 'ar' })).statusCode, 200);
      assert.equal((await personRow(ctx, p.id)).locale, 'ar');
      assert.equal((await me(ctx, s)).json().person.locale, 'ar');
      const bad = await as(ctx, s, 'PUT', '/api/me/locale', { locale: 'de' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().details.fields[0].path, 'locale');
      assert.equal((await personRow(ctx, p.id)).locale, 'ar');
    }));

  test('PUT /api/me/school switches between own schools; another school → 404', () =>
    withApp(async (ctx) => {
      const a = await makeSchool(ctx.db);
      const b = await makeSchool(ctx.db);
      const other = await makeSchool(ctx.db);
      const ca = await makePupil(ctx.db, a);
      const cb = await makePupil(ctx.db, b);
      const g = await makeGuardian(ctx.db, {
        children: [
          { id: ca.id, schoolId: a.id },
          { id: cb.id, schoolId: b.id },
        ],
      });
      const s = await signIn(ctx.app, g);
      const res = await as(ctx, s, 'PUT', '/api/me/school', { schoolId: b.id });
      assert.equal(res.statusCode, 200);
      assert.equal((await me(ctx, s)).json().currentSchoolId, b.id);
      assert.equal((await sessionsOf(ctx, g.id))[0]?.school_id, b.id);

      for (const schoolId of [other.id, 'no-such-school']) {
        const refused = await as(ctx, s, 'PUT', '/api/me/school', { schoolId });
        assert.equal(refused.statusCode, 404);
        assert.equal(refused.json().error, 'NOT_FOUND');
      }
      assert.equal((await sessionsOf(ctx, g.id))[0]?.school_id, b.id);
    }));
});

describe('refusals: every authenticated route refuses the anonymous', () => {
  const routes: Array<[InjectOptions['method'], string, unknown]> = [
    ['POST', '/api/auth/logout', undefined],
    ['GET', '/api/me', undefined],
    ['PUT', '/api/me/password', { currentPassword: 'x', newPassword: 'un cheval blanc' }],
    ['PUT', '/api/me/locale', { locale: 'en' }],
    ['PUT', '/api/me/school', { schoolId: 'x' }],
    ['GET', '/api/me/sessions', undefined],
    ['DELETE', '/api/me/sessions/abc', undefined],
  ];
  for (const [method, url, payload] of routes) {
    test(`${method} ${url}`, () =>
      withApp(async (ctx) => {
        const res = await as(ctx, null, method, url, payload);
        assert.equal(res.statusCode, 401, res.body);
        assert.equal(res.json().error, 'UNAUTHENTICATED');
        // A session that ended is as good as none.
        const p = await makePerson(ctx.db);
        const s = await signIn(ctx.app, p);
        await ctx.db.deleteFrom('sessions').where('person_id', '=', p.id).execute();
        const ended = await as(ctx, s, method, url, payload);
        assert.equal(ended.statusCode, 401, ended.body);
      }));
  }

  test('a disabled account loses its sessions at once', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const s = await signIn(ctx.app, p);
      await ctx.db
        .updateTable('people')
        .set({ disabled_at: new Date().toISOString() })
        .where('id', '=', p.id)
        .execute();
      assert.equal((await me(ctx, s)).statusCode, 401);
      assert.equal((await sessionsOf(ctx, p.id)).length, 0);
    }));
});

describe('hardening', () => {
  test('wrong current passwords on PUT /api/me/password are throttled like sign-ins', () =>
    withApp(async (ctx) => {
      const p = await makePerson(ctx.db);
      const s = await signIn(ctx.app, p);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await as(ctx, s, 'PUT', '/api/me/password', {
          currentPassword: `wrong guess ${i}`,
          newPassword: 'une nouvelle phrase de passe',
        });
        statuses.push(res.statusCode);
      }
      // The 3rd failure starts the growing delay: the 4th attempt, made at once, is refused unchecked.
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      const row = await ctx.db
        .selectFrom('auth_throttle')
        .selectAll()
        .where('key', '=', `pw:${p.id}`)
        .executeTakeFirst();
      assert.equal(row?.failures, 3);
    }));

  test('behind a proxy, an Origin equal to PUBLIC_URL is accepted and another is refused', () =>
    withApp(
      async (ctx) => {
        const p = await makePerson(ctx.db);
        const s = await signIn(ctx.app, p);
        const put = (origin: string) =>
          ctx.app.inject({
            method: 'PUT',
            url: '/api/me/locale',
            headers: { ...s.headers, origin, host: 'internal:3000' },
            payload: { locale: 'en' },
          });
        assert.equal((await put('https://ent.example.fr')).statusCode, 200);
        assert.equal((await put('https://evil.example')).statusCode, 403);
      },
      { publicUrl: 'https://ent.example.fr' },
    ));
});
