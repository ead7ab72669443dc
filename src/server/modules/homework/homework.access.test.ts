import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';

/** Who reads a pupil's homework list: the pupil, guardians, their teachers, vie scolaire and direction — nobody else. */
describe('homework: the audience of a pupil’s list', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const get = (who: Session, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers });

  test('secretariat, the school administrator and a deployment administrator do not read it', async () => {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const cls = await makeClass(t.db, school);
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const otherPupil = await makePupil(t.db, school);
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const s = (p: { login: string; password: string }) => signIn(t.app, p);
    const url = `/api/homework/pupils/${pupil.id}`;

    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: await s(await makeStaff(t.db, other, ['principal'])),
        otherFamily: await s(otherGuardian),
        wrongProfile: await s(await makeStaff(t.db, school, ['secretariat'])),
      },
    );
    const refused = [
      await s(await makeStaff(t.db, school, ['secretariat'])),
      await s(await makeStaff(t.db, school, ['school_admin'])),
      await s(await makeStaff(t.db, school, ['accueil'])),
      // a deployment administrator with a profile in another school, and one with none
      await s(await makePerson(t.db, { schoolId: other.id, profiles: ['staff'], deploymentAdmin: true })),
      await s(await makePerson(t.db, { deploymentAdmin: true })),
    ];
    for (const who of refused) assert.equal((await get(who, url)).statusCode, 404);

    const allowed = [
      await s(pupil),
      await s(guardian),
      await s(teacher),
      await s(await makeStaff(t.db, school, ['cpe'])),
      await s(await makeStaff(t.db, school, ['assistant_education'])),
      await s(await makeStaff(t.db, school, ['principal'])),
      await s(await makeStaff(t.db, school, ['deputy'])),
    ];
    for (const who of allowed) assert.equal((await get(who, url)).statusCode, 200);
  });
});
