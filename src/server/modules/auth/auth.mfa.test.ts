import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import { createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import { makeSchool, makeStaff, makeTeacher, type PersonFixture } from '../../../../test/factories.ts';
import { prepareDatabase } from '../../startup.ts';
import { mfaKeys, openSecret, sealStoredSecrets } from './auth.mfa-secret.ts';

let ip = 0;
const from = () => `10.200.${(++ip >> 8) & 255}.${ip & 255}`;

/** What the person's authenticator app shows at `at`. */
const codeAt = (secret: string, at = Date.now()) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at,
  });

async function login(ctx: TestContext, p: PersonFixture) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login: p.login, password: p.password },
    remoteAddress: from(),
  });
}

async function answer(ctx: TestContext, challenge: string, code: string) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login/code',
    payload: { challenge, code },
    remoteAddress: from(),
  });
}

/** Turns the second step on for a signed-in session; returns the secret and the recovery codes. */
async function enrol(ctx: TestContext, s: Session) {
  const setup = await ctx.app.inject({ method: 'POST', url: '/api/me/mfa/setup', headers: s.headers });
  assert.equal(setup.statusCode, 200, setup.body);
  const { secret, uri, qrSvg } = setup.json() as { secret: string; uri: string; qrSvg: string };
  assert.match(uri, /^otpauth:\/\/totp\/Pr%C3%A9au:/);
  assert.match(qrSvg, /^<svg/);
  const confirm = await ctx.app.inject({
    method: 'POST',
    url: '/api/me/mfa/confirm',
    headers: s.headers,
    payload: { code: codeAt(secret) },
  });
  assert.equal(confirm.statusCode, 200, confirm.body);
  const { recoveryCodes } = confirm.json() as { recoveryCodes: string[] };
  assert.equal(recoveryCodes.length, 10);
  return { secret, recoveryCodes };
}

describe('two-step sign-in (TOTP and recovery codes)', () => {
  test('turned on, the password alone opens no session; the code does, once; a recovery code works once', async () => {
    const ctx = await createTestApp();
    try {
      const school = await makeSchool(ctx.db);
      const teacher = await makeTeacher(ctx.db, school);
      const s = await signIn(ctx.app, teacher);
      const before = await ctx.app.inject({ method: 'GET', url: '/api/me/mfa', headers: s.headers });
      assert.deepEqual(before.json(), {
        enabled: false,
        required: false,
        enrolmentPending: false,
        recoveryCodesLeft: 0,
      });

      // A wrong first code does not turn it on.
      await ctx.app.inject({ method: 'POST', url: '/api/me/mfa/setup', headers: s.headers });
      const wrong = await ctx.app.inject({
        method: 'POST',
        url: '/api/me/mfa/confirm',
        headers: s.headers,
        payload: { code: '000000' },
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error, 'MFA_CODE_INVALID');

      const { secret, recoveryCodes } = await enrol(ctx, s);
      const on = await ctx.app.inject({ method: 'GET', url: '/api/me/mfa', headers: s.headers });
      assert.equal(on.json().enabled, true);
      assert.equal(on.json().recoveryCodesLeft, 10);

      // The password is right: a challenge, no cookie.
      const first = await login(ctx, teacher);
      assert.equal(first.statusCode, 200);
      assert.equal(first.json().mfaRequired, true);
      assert.equal(first.cookies.length, 0, 'no session before the code');
      const challenge = first.json().challenge as string;

      const bad = await answer(ctx, challenge, '123456' === codeAt(secret) ? '654321' : '123456');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error, 'MFA_CODE_INVALID');

      // The next step's code (a clock a little ahead) opens the session.
      const code = codeAt(secret, Date.now() + 30_000);
      const ok = await answer(ctx, challenge, code);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.ok(ok.cookies.some((c) => c.name.endsWith('preau_session')));
      const cookie = ok.cookies.find((c) => c.name.endsWith('preau_session'))!;
      const me = await ctx.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { cookie: `${cookie.name}=${cookie.value}` },
      });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().person.login, teacher.login);
      assert.equal(me.json().mfaEnrolmentPending, false);

      // The challenge is used up; the same code again (a replay) on a new challenge is refused.
      assert.equal((await answer(ctx, challenge, code)).json().error, 'MFA_CHALLENGE_EXPIRED');
      const second = (await login(ctx, teacher)).json().challenge as string;
      assert.equal((await answer(ctx, second, code)).json().error, 'MFA_CODE_INVALID', 'a code is accepted once');

      // A recovery code (typed in lower case, with spaces), once.
      const typed = recoveryCodes[0]!.toLowerCase().replace(/-/g, ' ');
      assert.equal((await answer(ctx, second, typed)).statusCode, 200);
      const third = (await login(ctx, teacher)).json().challenge as string;
      assert.equal((await answer(ctx, third, typed)).json().error, 'MFA_CODE_INVALID', 'a recovery code is single-use');
      const left = await ctx.app.inject({ method: 'GET', url: '/api/me/mfa', headers: s.headers });
      assert.equal(left.json().recoveryCodesLeft, 9);
    } finally {
      await ctx.close();
    }
  });

  test('a challenge dies after five codes; a forged challenge opens nothing', async () => {
    const ctx = await createTestApp();
    try {
      const school = await makeSchool(ctx.db);
      const teacher = await makeTeacher(ctx.db, school);
      const { secret } = await enrol(ctx, await signIn(ctx.app, teacher));
      const challenge = (await login(ctx, teacher)).json().challenge as string;
      const wrong = codeAt(secret) === '111111' ? '222222' : '111111';
      for (let i = 0; i < 5; i++) {
        const r = await answer(ctx, challenge, wrong);
        assert.ok(['MFA_CODE_INVALID', 'RATE_LIMITED'].includes(r.json().error), r.body);
      }
      const sixth = await answer(ctx, challenge, codeAt(secret));
      assert.ok(['MFA_CHALLENGE_EXPIRED', 'RATE_LIMITED'].includes(sixth.json().error), sixth.body);
      assert.equal(sixth.cookies.length, 0);
      const forged = await answer(ctx, 'x'.repeat(43), codeAt(secret));
      assert.equal(forged.json().error, 'MFA_CHALLENGE_EXPIRED');
    } finally {
      await ctx.close();
    }
  });

  test('required of sensitive staff: a session that can only enrol until it is done; teachers are not required', async () => {
    const ctx = await createTestApp({ mfaRequired: 'sensitive' });
    try {
      const school = await makeSchool(ctx.db);
      const nurse = await makeStaff(ctx.db, school, ['infirmiere']);
      const teacher = await makeTeacher(ctx.db, school);

      const t = await signIn(ctx.app, teacher);
      assert.equal(
        (await ctx.app.inject({ method: 'GET', url: '/api/me', headers: t.headers })).json().mfaEnrolmentPending,
        false,
      );

      const s = await signIn(ctx.app, nurse);
      const me = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: s.headers });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().mfaEnrolmentPending, true);
      for (const url of ['/api/notifications', `/api/schools/${school.id}/people`, '/api/me/sessions']) {
        const r = await ctx.app.inject({ method: 'GET', url, headers: s.headers });
        assert.equal(r.statusCode, 403, url);
        assert.equal(r.json().error, 'MFA_ENROLMENT_REQUIRED', url);
      }
      const status = await ctx.app.inject({ method: 'GET', url: '/api/me/mfa', headers: s.headers });
      assert.equal(status.json().required, true);

      await enrol(ctx, s);
      const after = await ctx.app.inject({ method: 'GET', url: '/api/me/sessions', headers: s.headers });
      assert.equal(after.statusCode, 200, 'the session that enrolled is a full one now');

      // Required: cannot be turned off, even with the right password.
      const off = await ctx.app.inject({
        method: 'POST',
        url: '/api/me/mfa/disable',
        headers: s.headers,
        payload: { password: nurse.password },
      });
      assert.equal(off.statusCode, 403);
      assert.equal(
        (await ctx.app.inject({ method: 'GET', url: '/api/me/mfa', headers: s.headers })).json().enabled,
        true,
      );
    } finally {
      await ctx.close();
    }
  });

  test('turning it off takes the password; anonymous callers reach none of it', async () => {
    const ctx = await createTestApp();
    try {
      const school = await makeSchool(ctx.db);
      const teacher = await makeTeacher(ctx.db, school);
      const s = await signIn(ctx.app, teacher);
      await enrol(ctx, s);
      const wrong = await ctx.app.inject({
        method: 'POST',
        url: '/api/me/mfa/disable',
        headers: s.headers,
        payload: { password: 'pas le bon' },
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(
        (await ctx.app.inject({ method: 'GET', url: '/api/me/mfa', headers: s.headers })).json().enabled,
        true,
      );
      const right = await ctx.app.inject({
        method: 'POST',
        url: '/api/me/mfa/disable',
        headers: s.headers,
        payload: { password: teacher.password },
      });
      assert.equal(right.statusCode, 200);
      const plain = await login(ctx, teacher);
      assert.ok(plain.json().csrfToken, 'the password alone signs in again');

      for (const [method, url] of [
        ['GET', '/api/me/mfa'],
        ['POST', '/api/me/mfa/setup'],
        ['POST', '/api/me/mfa/confirm'],
        ['POST', '/api/me/mfa/recovery-codes'],
        ['POST', '/api/me/mfa/disable'],
      ] as const) {
        const payload =
          method === 'POST' ? (url.endsWith('disable') ? { password: 'x' } : { code: '123456' }) : undefined;
        const r = await ctx.app.inject({ method, url, payload });
        assert.equal(r.statusCode, 401, `${method} ${url}`);
      }
    } finally {
      await ctx.close();
    }
  });

  test('the secret is sealed at rest (AES-256-GCM): the column never holds it, sign-in with a code still works; clear secrets of an earlier version are read, then sealed at start-up', async () => {
    const ctx = await createTestApp();
    try {
      const school = await makeSchool(ctx.db);
      const teacher = await makeTeacher(ctx.db, school);
      const { secret } = await enrol(ctx, await signIn(ctx.app, teacher));
      const stored = async () =>
        (
          await ctx.db
            .selectFrom('mfa_totp')
            .select(['secret'])
            .where('person_id', '=', teacher.id)
            .executeTakeFirstOrThrow()
        ).secret;
      const sealed = await stored();
      assert.ok(sealed.startsWith('v1:'), sealed);
      assert.ok(!sealed.includes(secret), 'the column does not contain the secret');
      assert.ok(!sealed.toUpperCase().includes(secret.slice(0, 8)));
      const signInWithCode = async (at: number) => {
        await ctx.db.updateTable('mfa_totp').set({ last_step: null }).where('person_id', '=', teacher.id).execute();
        const first = await login(ctx, teacher);
        assert.equal(first.json().mfaRequired, true);
        return answer(ctx, first.json().challenge, codeAt(secret, at));
      };
      const ok = await signInWithCode(Date.now());
      assert.equal(ok.statusCode, 200, ok.body);

      // A sealed secret copied onto another person's row does not open (the person id is authenticated).
      const keys = await mfaKeys(ctx.db, undefined);
      assert.equal(openSecret(keys, teacher.id, sealed), secret);
      assert.throws(() => openSecret(keys, 'someone-else', sealed));

      // An earlier version stored it in clear: still read, and the start-up step seals it.
      await ctx.db.updateTable('mfa_totp').set({ secret }).where('person_id', '=', teacher.id).execute();
      assert.equal((await signInWithCode(Date.now())).statusCode, 200);
      const lines: string[] = [];
      await prepareDatabase(ctx.db, { ...ctx.app.config, seedDemo: false }, (l) => lines.push(l));
      assert.ok(
        lines.some((l) => l.includes('1 secret(s) sealed')),
        lines.join('\n'),
      );
      const resealed = await stored();
      assert.ok(resealed.startsWith('v1:') && !resealed.includes(secret));
      assert.equal((await signInWithCode(Date.now())).statusCode, 200);
      assert.deepEqual(await sealStoredSecrets(ctx.db, undefined), { sealed: 0, unreadable: 0 });
    } finally {
      await ctx.close();
    }
  });

  test('MFA_ENCRYPTION_KEY: secrets sealed with the stored key are re-sealed with the configured one; an unknown key is reported, not guessed', async () => {
    const database = await createTestApp();
    try {
      const school = await makeSchool(database.db);
      const teacher = await makeTeacher(database.db, school);
      const { secret } = await enrol(database, await signIn(database.app, teacher));
      const envKey = Buffer.alloc(32, 7).toString('base64');
      assert.deepEqual(await sealStoredSecrets(database.db, envKey), { sealed: 1, unreadable: 0 });
      const withEnv = await mfaKeys(database.db, envKey);
      const row = await database.db
        .selectFrom('mfa_totp')
        .select('secret')
        .where('person_id', '=', teacher.id)
        .executeTakeFirstOrThrow();
      assert.ok(row.secret.startsWith(`v1:${withEnv.current.id}:`));
      assert.equal(openSecret(withEnv, teacher.id, row.secret), secret);
      // Another database's sealed value (a key this deployment never had): reported, the row left as it is.
      const fresh = await createTestApp();
      try {
        await fresh.db
          .insertInto('mfa_totp')
          .values({
            person_id: (await makeTeacher(fresh.db, await makeSchool(fresh.db))).id,
            secret: row.secret,
            confirmed_at: null,
            last_step: null,
            created_at: new Date().toISOString(),
          })
          .execute();
        assert.deepEqual(await sealStoredSecrets(fresh.db, undefined), { sealed: 0, unreadable: 1 });
      } finally {
        await fresh.close();
      }
    } finally {
      await database.close();
    }
  });
});
