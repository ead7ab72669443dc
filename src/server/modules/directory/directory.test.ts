import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { assertRefusals, createTestApp, readLetter, type Session, signIn } from '../../../../test/app.ts';
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
import { type Actor, abilitiesFor, type StaffFunction } from '../../lib/policy.ts';

type Ctx = Awaited<ReturnType<typeof createTestApp>>;

async function withApp(fn: (ctx: Ctx) => Promise<void>) {
  const ctx = await createTestApp();
  try {
    await fn(ctx);
  } finally {
    await ctx.close();
  }
}

const call = (ctx: Ctx, s: Session | null, method: InjectOptions['method'], url: string) =>
  ctx.app.inject({ method, url, headers: s?.headers ?? {} });

const personRow = (ctx: Ctx, id: string) =>
  ctx.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Two schools; in A two classes, two families, teachers and staff; in B the same functions. */
async function makeWorld(ctx: Ctx) {
  const db = ctx.db;
  const a = await makeSchool(db, { name: 'Collège A' });
  const b = await makeSchool(db, { name: 'Collège B' });
  const classA1 = await makeClass(db, a, { code: '6A', level: '6e' });
  const classA2 = await makeClass(db, a, { code: '6B', level: '6e' });
  const classB1 = await makeClass(db, b, { code: '6A', level: '6e' });
  const pupil = await makePupil(db, a, { classId: classA1.id, firstName: 'Inès' });
  const otherPupil = await makePupil(db, a, { classId: classA2.id });
  const pupilB = await makePupil(db, b, { classId: classB1.id });
  const guardian = await makeGuardian(db, { children: [{ id: pupil.id, schoolId: a.id }] });
  const otherGuardian = await makeGuardian(db, { children: [{ id: otherPupil.id, schoolId: a.id }] });
  const restricted = await makeGuardian(db, {
    children: [{ id: pupil.id, schoolId: a.id }],
    responsibility: 'legal2',
    courtRestricted: true,
  });
  const teacher = await makeTeacher(db, a, { classIds: [classA1.id] });
  const otherTeacher = await makeTeacher(db, a, { classIds: [classA2.id] });
  const staffA = async (fns: StaffFunction[]) => makeStaff(db, a, fns);
  const staffB = async (fns: StaffFunction[]) => makeStaff(db, b, fns);
  return {
    a,
    b,
    classA1,
    classA2,
    pupil,
    otherPupil,
    pupilB,
    guardian,
    otherGuardian,
    restricted,
    teacher,
    otherTeacher,
    cpe: await staffA(['cpe']),
    secretariat: await staffA(['secretariat']),
    accueil: await staffA(['accueil']),
    admin: await staffA(['school_admin']),
    psyen: await staffA(['psyen']),
    cpeB: await staffB(['cpe']),
    secretariatB: await staffB(['secretariat']),
    adminB: await staffB(['school_admin']),
  };
}

describe('GET /api/schools/:schoolId/people', () => {
  test('staff search by name and profile', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      await ctx.db.updateTable('people').set({ last_name: 'Benali' }).where('id', '=', w.pupil.id).execute();
      const cpe = await signIn(ctx.app, w.cpe);

      const all = await call(ctx, cpe, 'GET', `/api/schools/${w.a.id}/people?limit=200`);
      assert.equal(all.statusCode, 200, all.body);
      const ids = all.json().items.map((i: { id: string }) => i.id);
      assert.ok(ids.includes(w.pupil.id) && ids.includes(w.teacher.id) && ids.includes(w.cpe.id));
      assert.ok(!ids.includes(w.pupilB.id), 'another school’s pupil is not listed');
      assert.ok(!all.body.includes('password_hash') && !all.body.includes('$argon2'));

      const byName = await call(ctx, cpe, 'GET', `/api/schools/${w.a.id}/people?q=BENA`);
      assert.deepEqual(byName.json().items, [
        {
          id: w.pupil.id,
          login: w.pupil.login,
          firstName: 'Inès',
          lastName: 'Benali',
          profile: 'pupil',
          disabled: false,
          class: { id: w.classA1.id, code: '6A', label: '6A', level: '6e' },
          functions: [],
        },
      ]);
      const teachers = await call(ctx, cpe, 'GET', `/api/schools/${w.a.id}/people?profile=teacher`);
      assert.deepEqual(
        teachers
          .json()
          .items.map((i: { id: string }) => i.id)
          .sort(),
        [w.teacher.id, w.otherTeacher.id].sort(),
      );
      const bad = await call(ctx, cpe, 'GET', `/api/schools/${w.a.id}/people?profile=admin`);
      assert.equal(bad.statusCode, 400);

      // Reception staff may search too.
      const accueil = await signIn(ctx.app, w.accueil);
      assert.equal((await call(ctx, accueil, 'GET', `/api/schools/${w.a.id}/people?q=bena`)).json().items.length, 1);
    }));

  test('search is case-insensitive beyond ASCII, and % and _ are taken literally', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      await ctx.db.updateTable('people').set({ first_name: 'Éloïse' }).where('id', '=', w.pupil.id).execute();
      await ctx.db.updateTable('people').set({ login: 'jean_dupont' }).where('id', '=', w.otherPupil.id).execute();
      const cpe = await signIn(ctx.app, w.cpe);
      const find = async (q: string) =>
        (await call(ctx, cpe, 'GET', `/api/schools/${w.a.id}/people?q=${encodeURIComponent(q)}`))
          .json()
          .items.map((i: { id: string }) => i.id);
      assert.deepEqual(await find('éloïse'), [w.pupil.id]);
      assert.deepEqual(await find('ÉLOÏSE'), [w.pupil.id]);
      assert.deepEqual(await find('_'), [w.otherPupil.id]);
      assert.deepEqual(await find('%'), []);
    }));

  test('first and last names in any order, without accents or case; class and functions beside each result', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const rename = (id: string, first: string, last: string) =>
        ctx.db.updateTable('people').set({ first_name: first, last_name: last }).where('id', '=', id).execute();
      await rename(w.pupil.id, 'Axel', 'Garnier');
      await rename(w.otherPupil.id, 'Axel', 'Garnier');
      await rename(w.guardian.id, 'Hélène', 'Garnier');
      await rename(w.otherGuardian.id, 'Zoé', 'N’Diaye-Lefèvre');
      await rename(w.cpe.id, 'Axelle', 'Marchand');
      const accueil = await signIn(ctx.app, w.accueil);
      const find = async (q: string) =>
        (await call(ctx, accueil, 'GET', `/api/schools/${w.a.id}/people?q=${encodeURIComponent(q)}`)).json()
          .items as Array<{ id: string; class: { code: string } | null; functions: string[] }>;
      const ids = async (q: string) => (await find(q)).map((i) => i.id).sort();
      const axels = [w.pupil.id, w.otherPupil.id].sort();
      assert.deepEqual(await ids('Axel Garnier'), axels);
      assert.deepEqual(await ids('Garnier Axel'), axels);
      assert.deepEqual(await ids('  garnier   AXEL '), axels);
      assert.deepEqual(await ids('helene garnier'), [w.guardian.id]);
      assert.deepEqual(await ids('HÉLÈNE'), [w.guardian.id]);
      assert.deepEqual(await ids('ndiaye lefevre'), [w.otherGuardian.id]);
      assert.deepEqual(await ids('zoe n’diaye'), [w.otherGuardian.id]);
      assert.deepEqual(await ids('garnier zoé'), []);
      // The two Axel Garnier are told apart by their class; the CPE by her function.
      const classes = (await find('axel garnier')).map((i) => i.class?.code).sort();
      assert.deepEqual(classes, ['6A', '6B']);
      const cpe = (await find('axelle'))[0];
      assert.deepEqual(cpe?.functions, ['cpe']);
      assert.equal(cpe?.class, null);
    }));

  test('refusals', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      await assertRefusals(
        ctx.app,
        { method: 'GET', url: `/api/schools/${w.a.id}/people` },
        {
          otherSchool: await signIn(ctx.app, w.cpeB),
          otherFamily: await signIn(ctx.app, w.otherGuardian),
          wrongProfile: await signIn(ctx.app, w.teacher),
        },
      );
      for (const who of [w.guardian, w.pupil]) {
        const res = await call(ctx, await signIn(ctx.app, who), 'GET', `/api/schools/${w.a.id}/people`);
        assert.ok([403, 404].includes(res.statusCode));
      }
    }));
});

describe('GET /api/schools/:schoolId/people/:personId', () => {
  test('the CPE sees a pupil with class and guardians; the school admin sees a teacher', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const cpe = await signIn(ctx.app, w.cpe);
      const res = await call(ctx, cpe, 'GET', `/api/schools/${w.a.id}/people/${w.pupil.id}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.id, w.pupil.id);
      assert.deepEqual(body.profiles, ['pupil']);
      assert.deepEqual(body.class, { id: w.classA1.id, code: '6A', label: '6A', level: '6e' });
      assert.equal(body.site.id, w.a.siteId);
      const guardians = new Map(body.guardians.map((g: { id: string }) => [g.id, g]));
      assert.equal(guardians.size, 2);
      assert.equal((guardians.get(w.guardian.id) as { courtRestricted: boolean }).courtRestricted, false);
      assert.equal((guardians.get(w.restricted.id) as { courtRestricted: boolean }).courtRestricted, true);
      assert.deepEqual(body.abilities, { resetAccess: true, disable: false, attendance: true, grades: true });

      const g = await call(ctx, cpe, 'GET', `/api/schools/${w.a.id}/people/${w.guardian.id}`);
      assert.deepEqual(
        g.json().children.map((c: { id: string }) => c.id),
        [w.pupil.id],
      );

      const admin = await signIn(ctx.app, w.admin);
      const t = await call(ctx, admin, 'GET', `/api/schools/${w.a.id}/people/${w.teacher.id}`);
      assert.equal(t.statusCode, 200);
      assert.deepEqual(t.json().profiles, ['teacher']);
      assert.deepEqual(t.json().abilities, { resetAccess: true, disable: true, attendance: false, grades: false });
      // Someone of another school, asked for through this school: not found.
      const other = await call(ctx, admin, 'GET', `/api/schools/${w.a.id}/people/${w.pupilB.id}`);
      assert.equal(other.statusCode, 404);
    }));

  test('refusals', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const url = `/api/schools/${w.a.id}/people/${w.pupil.id}`;
      const who = {
        otherSchool: await signIn(ctx.app, w.cpeB),
        otherFamily: await signIn(ctx.app, w.otherGuardian),
      };
      await assertRefusals(ctx.app, { method: 'GET', url }, { ...who, wrongProfile: await signIn(ctx.app, w.teacher) });
      await assertRefusals(
        ctx.app,
        { method: 'GET', url },
        { ...who, wrongProfile: await signIn(ctx.app, w.guardian) },
      );
    }));
});

describe('GET /api/schools/:schoolId/people/:personId — reception, psyEN, social worker, nurse', () => {
  test('they open what they find: the pupil’s class, the guardians and how to reach them; nothing more', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      await ctx.db
        .updateTable('people')
        .set({ email: 'h.parent@example.org' })
        .where('id', '=', w.guardian.id)
        .execute();
      const nurse = await makeStaff(ctx.db, w.a, ['infirmiere']);
      const social = await makeStaff(ctx.db, w.a, ['assistante_sociale']);
      for (const who of [w.accueil, w.psyen, nurse, social]) {
        const s = await signIn(ctx.app, who);
        const res = await call(ctx, s, 'GET', `/api/schools/${w.a.id}/people/${w.pupil.id}`);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.equal(body.class.code, '6A');
        const g = body.guardians.find((x: { id: string }) => x.id === w.guardian.id);
        assert.equal(g.email, 'h.parent@example.org');
        assert.equal(
          body.guardians.find((x: { id: string }) => x.id === w.restricted.id).courtRestricted,
          true,
          'reception must know who may not collect the child',
        );
        assert.deepEqual(body.abilities, { resetAccess: false, disable: false, attendance: false, grades: false });
        // A guardian's record, opened from the pupil's, is no dead end either.
        const guardian = await call(ctx, s, 'GET', `/api/schools/${w.a.id}/people/${w.guardian.id}`);
        assert.equal(guardian.statusCode, 200, guardian.body);
        assert.deepEqual(
          guardian.json().children.map((c: { id: string }) => c.id),
          [w.pupil.id],
        );
        // Another school's pupil, asked for through this school: not found.
        const other = await call(ctx, s, 'GET', `/api/schools/${w.a.id}/people/${w.pupilB.id}`);
        assert.equal(other.statusCode, 404);
      }
    }));
});

describe('POST /api/schools/:schoolId/people/:personId/activation-letter', () => {
  const issue = (ctx: Ctx, s: Session, schoolId: string, personId: string) =>
    call(ctx, s, 'POST', `/api/schools/${schoolId}/people/${personId}/activation-letter`);

  test('a reset answers a letter to print: staff never receive the code as data, and the reset is audited', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const secretariat = await signIn(ctx.app, w.secretariat);
      const old = await call(ctx, secretariat, 'POST', `/api/schools/${w.a.id}/people/${w.pupil.id}/activation-code`);
      assert.equal(old.statusCode, 404, 'the route that answered the code as JSON is gone');
      assert.equal((await personRow(ctx, w.pupil.id)).activation_code_hash, null);

      const res = await issue(ctx, secretariat, w.a.id, w.guardian.id);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.match(String(res.headers['cache-control']), /no-store/);
      assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
      assert.doesNotMatch(res.body.slice(0, 200), /"code"/);
      const letter = await readLetter(res.rawPayload);
      assert.equal(letter.codes.length, 1, 'one code: the guardian’s own');
      assert.ok(letter.text.includes(w.guardian.login));
      const row = await personRow(ctx, w.guardian.id);
      assert.ok(row.activation_code_hash && !letter.text.includes(row.activation_code_hash));

      const audit = await ctx.db.selectFrom('audit_events').selectAll().execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'activation.letter');
      assert.equal(audit[0]!.actor_person_id, w.secretariat.id);
      assert.equal(audit[0]!.target_person_id, w.guardian.id);
      assert.equal(audit[0]!.school_id, w.a.id);
      assert.ok(!audit[0]!.details.includes(letter.codes[0]!), 'the code is not in the audit trail');
    }));

  test('the secretariat resets a family’s access; the school admin resets a teacher’s', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const secretariat = await signIn(ctx.app, w.secretariat);
      for (const target of [w.pupil, w.guardian]) {
        const res = await issue(ctx, secretariat, w.a.id, target.id);
        assert.equal(res.statusCode, 201, res.body);
        const letter = await readLetter(res.rawPayload);
        assert.ok(letter.text.includes(target.login));
        const row = await personRow(ctx, target.id);
        assert.ok(row.activation_code_hash && row.activation_code_hash !== letter.codes[0]);
        assert.ok(row.password_hash, 'the old password stays until the code is used');
        assert.ok(Date.parse(row.activation_expires_at!) > Date.now() + 59 * 86_400_000);
      }
      const refused = await issue(ctx, secretariat, w.a.id, w.teacher.id);
      assert.equal(refused.statusCode, 403);
      assert.equal((await personRow(ctx, w.teacher.id)).activation_code_hash, null);

      const admin = await signIn(ctx.app, w.admin);
      assert.equal((await issue(ctx, admin, w.a.id, w.teacher.id)).statusCode, 201);
      assert.ok((await personRow(ctx, w.teacher.id)).activation_code_hash);
    }));

  test('refusals, and nothing written', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const url = `/api/schools/${w.a.id}/people/${w.pupil.id}/activation-letter`;
      const unchanged = async () => assert.equal((await personRow(ctx, w.pupil.id)).activation_code_hash, null);
      const who = {
        otherSchool: await signIn(ctx.app, w.secretariatB),
        otherFamily: await signIn(ctx.app, w.otherGuardian),
      };
      for (const wrong of [w.accueil, w.teacher, w.guardian, w.psyen]) {
        await assertRefusals(
          ctx.app,
          { method: 'POST', url },
          { ...who, wrongProfile: await signIn(ctx.app, wrong) },
          unchanged,
        );
      }
      // A school admin of another school cannot either.
      const adminB = await signIn(ctx.app, w.adminB);
      assert.equal((await call(ctx, adminB, 'POST', url)).statusCode, 404);
      await unchanged();
    }));

  test('no reset through a school for someone who is more than a family elsewhere', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      // A teacher of school B whose child is at school A: a guardian in A only.
      const teacherB = await makeTeacher(ctx.db, w.b);
      await linkGuardian(ctx.db, teacherB.id, { id: w.otherPupil.id, schoolId: w.a.id });
      const secretariat = await signIn(ctx.app, w.secretariat);
      const res = await issue(ctx, secretariat, w.a.id, teacherB.id);
      assert.equal(res.statusCode, 403, res.body);
      assert.equal((await personRow(ctx, teacherB.id)).activation_code_hash, null);
      // Nor may school A's admin take over an account that administers school B.
      const adminBAlsoParent = w.adminB;
      await linkGuardian(ctx.db, adminBAlsoParent.id, { id: w.pupil.id, schoolId: w.a.id });
      const admin = await signIn(ctx.app, w.admin);
      assert.equal((await issue(ctx, admin, w.a.id, adminBAlsoParent.id)).statusCode, 403);
      assert.equal((await personRow(ctx, adminBAlsoParent.id)).activation_code_hash, null);
      // Nor a deployment administrator's.
      const root = await makePerson(ctx.db, { schoolId: w.a.id, profiles: ['staff'], deploymentAdmin: true });
      assert.equal((await issue(ctx, admin, w.a.id, root.id)).statusCode, 403);
      assert.equal((await personRow(ctx, root.id)).activation_code_hash, null);
      // A family in two schools is still a family.
      const twoSchools = await makeGuardian(ctx.db, {
        children: [
          { id: w.otherPupil.id, schoolId: w.a.id },
          { id: w.pupilB.id, schoolId: w.b.id },
        ],
      });
      assert.equal((await issue(ctx, secretariat, w.a.id, twoSchools.id)).statusCode, 201);
    }));
});

describe('POST .../disable and .../enable', () => {
  test('disabling ends every session at once; enabling lets the person back in', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const phone = await signIn(ctx.app, w.guardian);
      const laptop = await signIn(ctx.app, w.guardian);
      const admin = await signIn(ctx.app, w.admin);
      const res = await call(ctx, admin, 'POST', `/api/schools/${w.a.id}/people/${w.guardian.id}/disable`);
      assert.equal(res.statusCode, 200, res.body);
      assert.ok((await personRow(ctx, w.guardian.id)).disabled_at);
      const sessions = await ctx.db.selectFrom('sessions').selectAll().where('person_id', '=', w.guardian.id).execute();
      assert.equal(sessions.length, 0);
      for (const s of [phone, laptop]) {
        assert.equal((await call(ctx, s, 'GET', '/api/me')).statusCode, 401);
      }
      const login = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: w.guardian.login, password: w.guardian.password },
      });
      assert.equal(login.json().error, 'INVALID_CREDENTIALS');
      const listed = await call(ctx, admin, 'GET', `/api/schools/${w.a.id}/people?profile=guardian`);
      assert.equal(listed.json().items.find((i: { id: string }) => i.id === w.guardian.id).disabled, true);

      const enable = await call(ctx, admin, 'POST', `/api/schools/${w.a.id}/people/${w.guardian.id}/enable`);
      assert.equal(enable.statusCode, 200);
      assert.equal((await personRow(ctx, w.guardian.id)).disabled_at, null);
      assert.equal((await signIn(ctx.app, w.guardian)).personId, w.guardian.id);
    }));

  test('an admin cannot disable their own account', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const admin = await signIn(ctx.app, w.admin);
      const res = await call(ctx, admin, 'POST', `/api/schools/${w.a.id}/people/${w.admin.id}/disable`);
      assert.equal(res.statusCode, 409);
      assert.equal((await personRow(ctx, w.admin.id)).disabled_at, null);
    }));

  test('refusals, and nothing written', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const who = {
        otherSchool: await signIn(ctx.app, w.adminB),
        otherFamily: await signIn(ctx.app, w.otherGuardian),
      };
      for (const action of ['disable', 'enable']) {
        if (action === 'enable') {
          await ctx.db
            .updateTable('people')
            .set({ disabled_at: '2026-01-01T00:00:00.000Z' })
            .where('id', '=', w.pupil.id)
            .execute();
        }
        const before = (await personRow(ctx, w.pupil.id)).disabled_at;
        for (const wrong of [w.cpe, w.secretariat, w.teacher]) {
          await assertRefusals(
            ctx.app,
            { method: 'POST', url: `/api/schools/${w.a.id}/people/${w.pupil.id}/${action}` },
            { ...who, wrongProfile: await signIn(ctx.app, wrong) },
            async () => assert.equal((await personRow(ctx, w.pupil.id)).disabled_at, before),
          );
        }
      }
    }));
});

describe('GET /api/schools/:schoolId/classes', () => {
  test('staff and teachers list the classes with their pupil counts', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      await makePupil(ctx.db, w.a, { classId: w.classA1.id });
      for (const who of [w.cpe, w.teacher, w.accueil]) {
        const res = await call(ctx, await signIn(ctx.app, who), 'GET', `/api/schools/${w.a.id}/classes`);
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(
          res
            .json()
            .map((k: { code: string; pupilCount: number; site: { id: string } }) => [k.code, k.pupilCount, k.site.id]),
          [
            ['6A', 2, w.a.siteId],
            ['6B', 1, w.a.siteId],
          ],
        );
      }
    }));

  test('refusals', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      for (const wrong of [w.guardian, w.pupil]) {
        await assertRefusals(
          ctx.app,
          { method: 'GET', url: `/api/schools/${w.a.id}/classes` },
          {
            otherSchool: await signIn(ctx.app, w.cpeB),
            otherFamily: await signIn(ctx.app, w.otherGuardian),
            wrongProfile: await signIn(ctx.app, wrong),
          },
        );
      }
    }));
});

describe('GET /api/pupils/:pupilId', () => {
  test('the pupil, a guardian, the CPE and a teacher of the class see the pupil', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const url = `/api/pupils/${w.pupil.id}`;
      for (const who of [w.pupil, w.guardian, w.teacher]) {
        const res = await call(ctx, await signIn(ctx.app, who), 'GET', url);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.equal(body.id, w.pupil.id);
        assert.deepEqual(body.school, { id: w.a.id, name: 'Collège A' });
        assert.deepEqual(body.class, { id: w.classA1.id, code: '6A', label: '6A', level: '6e' });
        assert.deepEqual(body.guardians, [], 'families and teachers do not get the guardians');
      }
      const cpe = await call(ctx, await signIn(ctx.app, w.cpe), 'GET', url);
      assert.equal(cpe.statusCode, 200);
      assert.deepEqual(
        cpe
          .json()
          .guardians.map((g: { id: string }) => g.id)
          .sort(),
        [w.guardian.id, w.restricted.id].sort(),
      );
    }));

  test('refused (404) to a teacher who does not teach the pupil, another family, a court-restricted guardian', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      const url = `/api/pupils/${w.pupil.id}`;
      const who = {
        otherSchool: await signIn(ctx.app, w.cpeB),
        otherFamily: await signIn(ctx.app, w.otherGuardian),
      };
      for (const wrong of [w.otherTeacher, w.restricted, w.otherPupil, w.psyen, w.accueil]) {
        await assertRefusals(ctx.app, { method: 'GET', url }, { ...who, wrongProfile: await signIn(ctx.app, wrong) });
        const res = await call(ctx, await signIn(ctx.app, wrong), 'GET', url);
        assert.equal(res.statusCode, 404, `${res.statusCode} ${res.body}`);
      }
      const unknown = await call(ctx, await signIn(ctx.app, w.cpe), 'GET', '/api/pupils/no-such-pupil');
      assert.equal(unknown.statusCode, 404);
      // A teacher is not a pupil: not found through this route even for the CPE.
      assert.equal(
        (await call(ctx, await signIn(ctx.app, w.cpe), 'GET', `/api/pupils/${w.teacher.id}`)).statusCode,
        404,
      );
    }));
});

describe('abilitiesFor', () => {
  const actor = (functions: StaffFunction[], schoolId = 's1'): Actor => ({
    personId: 'p',
    login: 'p',
    firstName: 'P',
    lastName: 'P',
    locale: 'fr',
    isDeploymentAdmin: false,
    profiles: [{ schoolId, kind: 'staff' }],
    functions: functions.map((fn) => ({ schoolId, fn })),
    currentSchoolId: schoolId,
    sessionHash: 'h',
  });
  const cases: Array<[StaffFunction, string[]]> = [
    ['psyen', ['directory.search', 'news.read', 'account.manage']],
    ['assistante_sociale', ['directory.search', 'news.read', 'account.manage']],
    ['infirmiere', ['directory.search', 'news.read', 'account.manage']],
    ['accueil', ['directory.search', 'news.read', 'news.publish', 'account.manage']],
    ['documentaliste', ['directory.search', 'news.read', 'account.manage']],
    ['assistant_education', ['directory.search', 'pupils.viewAll', 'news.read', 'news.publish', 'account.manage']],
    ['cpe', ['directory.search', 'pupils.viewAll', 'access.reset', 'news.read', 'news.publish', 'account.manage']],
    [
      'secretariat',
      ['directory.search', 'pupils.viewAll', 'access.reset', 'news.read', 'news.publish', 'account.manage'],
    ],
    [
      'principal',
      ['directory.search', 'pupils.viewAll', 'access.reset', 'news.read', 'news.publish', 'account.manage'],
    ],
    [
      'school_admin',
      [
        'directory.search',
        'pupils.viewAll',
        'access.reset',
        'directory.admin',
        'news.read',
        'news.publish',
        'account.manage',
      ],
    ],
  ];
  for (const [fn, expected] of cases) {
    test(`${fn} → ${expected.join(', ')}`, () => {
      assert.deepEqual(abilitiesFor(actor([fn]), 's1'), expected);
      assert.deepEqual(abilitiesFor(actor([fn]), 'other-school'), ['account.manage']);
    });
  }
});

describe('disabling an account that works in another school', () => {
  test('a school admin cannot disable someone who also works elsewhere, nor a deployment admin', () =>
    withApp(async (ctx) => {
      const w = await makeWorld(ctx);
      // A guardian here who teaches at school B.
      await ctx.db
        .insertInto('profiles')
        .values({ id: `p-${w.guardian.id}`, person_id: w.guardian.id, school_id: w.b.id, kind: 'teacher' })
        .execute();
      const deploymentAdmin = await makeStaff(ctx.db, w.a, ['principal']);
      await ctx.db.updateTable('people').set({ is_deployment_admin: 1 }).where('id', '=', deploymentAdmin.id).execute();
      const admin = await signIn(ctx.app, w.admin);
      for (const target of [w.guardian.id, deploymentAdmin.id]) {
        const detail = await call(ctx, admin, 'GET', `/api/schools/${w.a.id}/people/${target}`);
        assert.equal(detail.json().abilities.disable, false);
        const res = await call(ctx, admin, 'POST', `/api/schools/${w.a.id}/people/${target}/disable`);
        assert.equal(res.statusCode, 403, res.body);
        assert.equal((await personRow(ctx, target)).disabled_at, null);
      }
      // Someone whose roles are all here can be disabled.
      const ok = await call(ctx, admin, 'POST', `/api/schools/${w.a.id}/people/${w.otherGuardian.id}/disable`);
      assert.equal(ok.statusCode, 200);
    }));
});
