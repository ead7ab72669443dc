/**
 * Resetting a person's two-step sign-in (a lost phone): who may, what it removes, and that the person must enrol
 * again where their functions require it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
  type PersonFixture,
} from '../../../../test/factories.ts';

const codeAt = (secret: string, at = Date.now()) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at,
  });

async function enrol(ctx: TestContext, s: Session) {
  const setup = await ctx.app.inject({ method: 'POST', url: '/api/me/mfa/setup', headers: s.headers });
  assert.equal(setup.statusCode, 200, setup.body);
  const { secret } = setup.json() as { secret: string };
  const confirm = await ctx.app.inject({
    method: 'POST',
    url: '/api/me/mfa/confirm',
    headers: s.headers,
    payload: { code: codeAt(secret) },
  });
  assert.equal(confirm.statusCode, 200, confirm.body);
  return secret;
}

const mfaRows = async (ctx: TestContext, personId: string) => ({
  totp: (await ctx.db.selectFrom('mfa_totp').select('person_id').where('person_id', '=', personId).execute()).length,
  codes: (await ctx.db.selectFrom('mfa_recovery_codes').select('id').where('person_id', '=', personId).execute())
    .length,
  sessions: (await ctx.db.selectFrom('sessions').select('id_hash').where('person_id', '=', personId).execute()).length,
});

const login = (ctx: TestContext, p: PersonFixture) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login: p.login, password: p.password },
    remoteAddress: `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  });

describe('admin: resetting a person’s two-step sign-in', () => {
  test('refused to anonymous callers, another school, another family, the wrong profile, oneself, and for a deployment administrator unless by one; nothing removed', async () => {
    const ctx = await createTestApp();
    try {
      const school = await makeSchool(ctx.db);
      const other = await makeSchool(ctx.db);
      const admin = await makeStaff(ctx.db, school, ['school_admin']);
      const teacher = await makeTeacher(ctx.db, school);
      const pupil = await makePupil(ctx.db, school);
      const guardian = await makeGuardian(ctx.db, { children: [{ id: pupil.id, schoolId: school.id }] });
      const principal = await makeStaff(ctx.db, school, ['principal']);
      const deploymentAdmin = await makePerson(ctx.db, {
        schoolId: school.id,
        profiles: ['staff'],
        deploymentAdmin: true,
      });
      const adminS = await signIn(ctx.app, admin);
      const teacherS = await signIn(ctx.app, teacher);
      await enrol(ctx, teacherS);
      await enrol(ctx, adminS);
      const daS = await signIn(ctx.app, deploymentAdmin);
      await enrol(ctx, daS);
      const before = await mfaRows(ctx, teacher.id);
      const url = `/api/schools/${school.id}/admin/people/${teacher.id}/two-step-reset`;
      const otherAdmin = await signIn(ctx.app, await makeStaff(ctx.db, other, ['school_admin']));
      for (const wrongProfile of [
        await signIn(ctx.app, principal), // direction, not the school's administrator
        await signIn(ctx.app, await makeStaff(ctx.db, school, ['cpe'])),
        await signIn(ctx.app, await makeTeacher(ctx.db, school)),
      ]) {
        await assertRefusals(
          ctx.app,
          { method: 'POST', url },
          { otherSchool: otherAdmin, otherFamily: await signIn(ctx.app, guardian), wrongProfile },
        );
      }
      // The person themselves cannot use it, not even as an administrator.
      const self = await ctx.app.inject({
        method: 'POST',
        url: `/api/schools/${school.id}/admin/people/${admin.id}/two-step-reset`,
        headers: adminS.headers,
      });
      assert.equal(self.statusCode, 403, self.body);
      assert.equal((await mfaRows(ctx, admin.id)).totp, 1);
      // A school administrator cannot reset a deployment administrator's.
      const da = await ctx.app.inject({
        method: 'POST',
        url: `/api/schools/${school.id}/admin/people/${deploymentAdmin.id}/two-step-reset`,
        headers: adminS.headers,
      });
      assert.equal(da.statusCode, 403, da.body);
      assert.equal((await mfaRows(ctx, deploymentAdmin.id)).totp, 1);
      // Someone of another school, through this school's address: not found.
      const stranger = await makeTeacher(ctx.db, other);
      const nf = await ctx.app.inject({
        method: 'POST',
        url: `/api/schools/${school.id}/admin/people/${stranger.id}/two-step-reset`,
        headers: adminS.headers,
      });
      assert.equal(nf.statusCode, 404, nf.body);
      assert.deepEqual(await mfaRows(ctx, teacher.id), before);
      assert.equal(
        (await ctx.db.selectFrom('audit_events').select('id').where('action', '=', 'mfa.reset').execute()).length,
        0,
      );

      // A deployment administrator may, for anyone of the school (here the school's administrator).
      const byDa = await ctx.app.inject({
        method: 'POST',
        url: `/api/schools/${school.id}/admin/people/${admin.id}/two-step-reset`,
        headers: daS.headers,
      });
      assert.equal(byDa.statusCode, 200, byDa.body);
      assert.deepEqual(await mfaRows(ctx, admin.id), { totp: 0, codes: 0, sessions: 0 });
    } finally {
      await ctx.close();
    }
  });

  test('the school administrator resets a teacher’s: authenticator and recovery codes gone, sessions ended, audited, notified; the password alone signs in; twice is a conflict', async () => {
    const ctx = await createTestApp();
    try {
      const school = await makeSchool(ctx.db);
      const admin = await makeStaff(ctx.db, school, ['school_admin']);
      const teacher = await makeTeacher(ctx.db, school);
      const adminS = await signIn(ctx.app, admin);
      const teacherS = await signIn(ctx.app, teacher);
      await enrol(ctx, teacherS);
      const detailUrl = `/api/schools/${school.id}/admin/people/${teacher.id}`;
      const detail = await ctx.app.inject({ method: 'GET', url: detailUrl, headers: adminS.headers });
      assert.deepEqual(detail.json().twoStep, { enabled: true, canReset: true });
      assert.equal((await login(ctx, teacher)).json().mfaRequired, true);
      assert.deepEqual(await mfaRows(ctx, teacher.id), { totp: 1, codes: 10, sessions: 1 });

      const res = await ctx.app.inject({
        method: 'POST',
        url: `${detailUrl}/two-step-reset`,
        headers: adminS.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { ok: true });
      assert.deepEqual(await mfaRows(ctx, teacher.id), { totp: 0, codes: 0, sessions: 0 });
      const me = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: teacherS.headers });
      assert.equal(me.statusCode, 401, 'the old session is over');
      const audit = await ctx.db
        .selectFrom('audit_events')
        .select(['actor_person_id', 'target_person_id', 'school_id'])
        .where('action', '=', 'mfa.reset')
        .execute();
      assert.deepEqual(audit, [{ actor_person_id: admin.id, target_person_id: teacher.id, school_id: school.id }]);
      const notes = await ctx.db
        .selectFrom('notifications')
        .select(['kind', 'message_key'])
        .where('person_id', '=', teacher.id)
        .execute();
      assert.deepEqual(notes, [{ kind: 'account.security', message_key: 'account.mfaReset' }]);
      const again = await login(ctx, teacher);
      assert.equal(again.statusCode, 200, again.body);
      assert.notEqual(again.json().mfaRequired, true);
      assert.ok(again.cookies.some((c) => c.name.endsWith('preau_session')));
      const after = await ctx.app.inject({ method: 'GET', url: detailUrl, headers: adminS.headers });
      assert.deepEqual(after.json().twoStep, { enabled: false, canReset: false });
      const twice = await ctx.app.inject({
        method: 'POST',
        url: `${detailUrl}/two-step-reset`,
        headers: adminS.headers,
      });
      assert.equal(twice.statusCode, 409, twice.body);
    } finally {
      await ctx.close();
    }
  });

  test('where the functions require the second step, the next sign-in can only set it up again', async () => {
    const ctx = await createTestApp({ mfaRequired: 'sensitive' });
    try {
      const school = await makeSchool(ctx.db);
      const admin = await makeStaff(ctx.db, school, ['school_admin']);
      const cpe = await makeStaff(ctx.db, school, ['cpe']);
      const adminS = await signIn(ctx.app, admin);
      await enrol(ctx, adminS);
      await enrol(ctx, await signIn(ctx.app, cpe));
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/schools/${school.id}/admin/people/${cpe.id}/two-step-reset`,
        headers: adminS.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      const s = await signIn(ctx.app, cpe);
      const me = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: s.headers });
      assert.equal(me.json().mfaEnrolmentPending, true);
      const blocked = await ctx.app.inject({ method: 'GET', url: '/api/notifications', headers: s.headers });
      assert.equal(blocked.json().error, 'MFA_ENROLMENT_REQUIRED');
    } finally {
      await ctx.close();
    }
  });
});
