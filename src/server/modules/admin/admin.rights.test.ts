import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import { makeGuardian, makePerson, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';

/** Rights are not raised by their holder; sensitive functions are granted by direction and leave a trace. */
describe('admin: granting functions, people of several schools', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const send = (who: Session, method: 'PATCH' | 'POST', url: string, payload: object) =>
    t.app.inject({ method, url, headers: who.headers, payload });
  const functionsOf = async (personId: string, schoolId: string) =>
    (
      await t.db
        .selectFrom('staff_functions')
        .select('function')
        .where('person_id', '=', personId)
        .where('school_id', '=', schoolId)
        .execute()
    )
      .map((r) => r.function)
      .sort();
  const grantsOf = (personId: string) =>
    t.db
      .selectFrom('staff_function_grants')
      .select(['function', 'change', 'granted_by', 'school_id'])
      .where('person_id', '=', personId)
      .orderBy('function')
      .execute();

  test('a school administrator cannot give itself principal, nor grant or create direction functions', async () => {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const admin = await makeStaff(t.db, school, ['school_admin']);
    const colleague = await makeStaff(t.db, school, ['secretariat']);
    const asAdmin = await signIn(t.app, admin);
    const people = `/api/schools/${school.id}/admin/people`;

    const self = await send(asAdmin, 'PATCH', `${people}/${admin.id}`, { functions: ['school_admin', 'principal'] });
    assert.equal(self.statusCode, 403, self.body);
    assert.deepEqual(await functionsOf(admin.id, school.id), ['school_admin']);
    // ...and the grades it would then read stay closed (no principal function was stored)
    for (const fn of ['principal', 'deputy', 'cpe', 'psyen', 'assistante_sociale', 'infirmiere'] as const) {
      const res = await send(asAdmin, 'PATCH', `${people}/${colleague.id}`, { functions: ['secretariat', fn] });
      assert.equal(res.statusCode, 403, `${fn}: ${res.body}`);
      assert.equal(res.json().error, 'FORBIDDEN');
    }
    assert.deepEqual(await functionsOf(colleague.id, school.id), ['secretariat']);
    const created = await send(asAdmin, 'POST', people, {
      profile: 'staff',
      firstName: 'Faux',
      lastName: 'Principal',
      functions: ['principal'],
    });
    assert.equal(created.statusCode, 403, created.body);
    assert.equal(
      (await t.db.selectFrom('people').select('id').where('last_name', '=', 'Principal').execute()).length,
      0,
    );
    // the web app offers only what may be given: no sensitive function for a plain administrator
    const abilitiesOf = async (who: Session) =>
      ((await t.app.inject({ method: 'GET', url: '/api/me', headers: who.headers })).json().schools[0]?.abilities ??
        []) as string[];
    assert.ok(!(await abilitiesOf(asAdmin)).includes('functions.grantSensitive'));
    const head = await signIn(t.app, await makeStaff(t.db, school, ['school_admin', 'principal']));
    assert.ok((await abilitiesOf(head)).includes('functions.grantSensitive'));
    // non-sensitive functions stay the administrator's to give
    const ok = await send(asAdmin, 'PATCH', `${people}/${colleague.id}`, { functions: ['secretariat', 'accueil'] });
    assert.equal(ok.statusCode, 200, ok.body);

    await assertRefusals(
      t.app,
      { method: 'PATCH', url: `${people}/${colleague.id}`, payload: { functions: ['principal'] } },
      {
        otherSchool: await signIn(t.app, await makeStaff(t.db, other, ['school_admin', 'principal'])),
        wrongProfile: await signIn(t.app, await makeStaff(t.db, school, ['principal'])),
      },
      async () => assert.deepEqual(await functionsOf(colleague.id, school.id), ['accueil', 'secretariat']),
    );
  });

  test('nobody raises their own functions, not even direction or a deployment administrator', async () => {
    const school = await makeSchool(t.db);
    const head = await makeStaff(t.db, school, ['school_admin', 'principal']);
    const deployment = await makePerson(t.db, { schoolId: school.id, profiles: ['staff'], deploymentAdmin: true });
    const people = `/api/schools/${school.id}/admin/people`;
    for (const [who, fns] of [
      [head, ['school_admin', 'principal', 'cpe']],
      [deployment, ['principal']],
    ] as const) {
      const res = await send(await signIn(t.app, who), 'PATCH', `${people}/${who.id}`, { functions: [...fns] });
      assert.equal(res.statusCode, 403, res.body);
    }
    assert.deepEqual(await functionsOf(head.id, school.id), ['principal', 'school_admin']);
    assert.deepEqual(await functionsOf(deployment.id, school.id), []);
    // giving up one's own functions is allowed (but not one's administration of the school)
    const drop = await send(await signIn(t.app, head), 'PATCH', `${people}/${head.id}`, {
      functions: ['school_admin'],
    });
    assert.equal(drop.statusCode, 200, drop.body);
  });

  test('direction and deployment administrators grant direction functions, and each grant is recorded', async () => {
    const school = await makeSchool(t.db);
    const head = await makeStaff(t.db, school, ['school_admin', 'principal']);
    const deployment = await makePerson(t.db, { deploymentAdmin: true });
    const colleague = await makeStaff(t.db, school, ['secretariat']);
    const people = `/api/schools/${school.id}/admin/people`;
    const byHead = await send(await signIn(t.app, head), 'PATCH', `${people}/${colleague.id}`, {
      functions: ['secretariat', 'deputy'],
    });
    assert.equal(byHead.statusCode, 200, byHead.body);
    const byDeployment = await send(await signIn(t.app, deployment), 'PATCH', `${people}/${colleague.id}`, {
      functions: ['secretariat', 'cpe'],
    });
    assert.equal(byDeployment.statusCode, 200, byDeployment.body);
    assert.deepEqual(await grantsOf(colleague.id), [
      { function: 'cpe', change: 'granted', granted_by: deployment.id, school_id: school.id },
      { function: 'deputy', change: 'granted', granted_by: head.id, school_id: school.id },
      { function: 'deputy', change: 'withdrawn', granted_by: deployment.id, school_id: school.id },
    ]);
    const created = await send(await signIn(t.app, head), 'POST', people, {
      profile: 'staff',
      firstName: 'Nadia',
      lastName: 'Adjointe',
      functions: ['deputy'],
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(await grantsOf(created.json().person.id), [
      { function: 'deputy', change: 'granted', granted_by: head.id, school_id: school.id },
    ]);
  });

  test('a school administrator does not edit the name or e-mail of someone of another school, nor a deployment administrator', async () => {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const admin = await signIn(t.app, await makeStaff(t.db, school, ['school_admin']));
    // a teacher on two collèges
    const shared = await makeTeacher(t.db, school);
    await t.db
      .insertInto('profiles')
      .values({ id: crypto.randomUUID(), person_id: shared.id, school_id: other.id, kind: 'teacher' })
      .execute();
    const deployment = await makePerson(t.db, { schoolId: school.id, profiles: ['staff'], deploymentAdmin: true });
    const people = `/api/schools/${school.id}/admin/people`;
    for (const target of [shared, deployment]) {
      const res = await send(admin, 'PATCH', `${people}/${target.id}`, { firstName: 'Pirate', email: 'x@example.org' });
      assert.equal(res.statusCode, 403, res.body);
      const row = await t.db
        .selectFrom('people')
        .select(['first_name', 'email'])
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.first_name, 'Pirate');
    }
    // an administrator of both schools may; so may a deployment administrator
    const both = await makeStaff(t.db, school, ['school_admin']);
    await t.db
      .insertInto('staff_functions')
      .values({ id: crypto.randomUUID(), person_id: both.id, school_id: other.id, function: 'school_admin' })
      .execute();
    await t.db
      .insertInto('profiles')
      .values({ id: crypto.randomUUID(), person_id: both.id, school_id: other.id, kind: 'staff' })
      .execute();
    const res = await send(await signIn(t.app, both), 'PATCH', `${people}/${shared.id}`, { firstName: 'Inès' });
    assert.equal(res.statusCode, 200, res.body);
    // a family of this school only is still edited by the school's administrator
    const pupil = await makePupil(t.db, school);
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    assert.equal((await send(admin, 'PATCH', `${people}/${guardian.id}`, { firstName: 'Awa' })).statusCode, 200);
  });
});
