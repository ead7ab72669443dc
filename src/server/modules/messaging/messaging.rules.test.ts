import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../../test/app.ts';
import {
  linkGuardian,
  makeClass,
  makeGuardian,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { setSchoolSetting } from '../../lib/school-settings.ts';
import { loadReach } from './messaging.audience.ts';
import { MESSAGING_SETTING } from './messaging.rules.ts';

/**
 * The who-may-write-to-whom matrix, every ordered pair of profiles (so both directions), written out here by
 * hand from the defaults French collèges use — not derived from messaging.rules.ts, so that a change there that
 * nobody meant shows up. S: anyone of the school; R: only related people; N: nobody.
 */
const EXPECTED: Record<string, Record<string, 'S' | 'R' | 'N'>> = {
  principal: { principal: 'S', cpe: 'S', teacher: 'S', psyen: 'S', secretary: 'S', guardian: 'S', pupil: 'S' },
  cpe: { principal: 'S', cpe: 'S', teacher: 'S', psyen: 'S', secretary: 'S', guardian: 'S', pupil: 'S' },
  teacher: { principal: 'S', cpe: 'S', teacher: 'S', psyen: 'S', secretary: 'S', guardian: 'R', pupil: 'R' },
  psyen: { principal: 'S', cpe: 'S', teacher: 'S', psyen: 'S', secretary: 'S', guardian: 'S', pupil: 'S' },
  secretary: { principal: 'S', cpe: 'S', teacher: 'S', psyen: 'S', secretary: 'S', guardian: 'S', pupil: 'S' },
  guardian: { principal: 'S', cpe: 'S', teacher: 'S', psyen: 'S', secretary: 'S', guardian: 'N', pupil: 'N' },
  pupil: { principal: 'N', cpe: 'S', teacher: 'R', psyen: 'S', secretary: 'N', guardian: 'N', pupil: 'N' },
};
const PROFILES = Object.keys(EXPECTED);

describe('messaging rules: who may write to whom', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  /**
   * Two people of each profile in one school: `a` related to the other `a`s (pupil A in class 4A taught by
   * teacher A, guardian A and guardian A2 of pupil A), `b` unrelated to them (pupil B in 4B taught by teacher B,
   * guardian B of pupil B); pupil A2 is pupil A's classmate.
   */
  async function world() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const classA = await makeClass(t.db, school, { code: '4A', level: '4e' });
    const classB = await makeClass(t.db, school, { code: '4B', level: '4e' });
    const pupilA = await makePupil(t.db, school, { classId: classA.id });
    const pupilA2 = await makePupil(t.db, school, { classId: classA.id });
    const pupilB = await makePupil(t.db, school, { classId: classB.id });
    const guardianA = await makeGuardian(t.db, { children: [{ id: pupilA.id, schoolId: school.id }] });
    const guardianA2 = await makeGuardian(t.db, {
      children: [{ id: pupilA.id, schoolId: school.id }],
      responsibility: 'legal2',
    });
    const guardianB = await makeGuardian(t.db, { children: [{ id: pupilB.id, schoolId: school.id }] });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: pupilA.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const teacherA = await makeTeacher(t.db, school, { classIds: [classA.id] });
    const teacherB = await makeTeacher(t.db, school, { classIds: [classB.id] });
    const staff = {
      principal: [await makeStaff(t.db, school, ['principal']), await makeStaff(t.db, school, ['deputy'])],
      cpe: [await makeStaff(t.db, school, ['cpe']), await makeStaff(t.db, school, ['assistant_education'])],
      psyen: [await makeStaff(t.db, school, ['psyen']), await makeStaff(t.db, school, ['infirmiere'])],
      secretary: [await makeStaff(t.db, school, ['secretariat']), await makeStaff(t.db, school, ['accueil'])],
    };
    const outsider = await makeTeacher(t.db, other);
    const a: Record<string, string> = {
      principal: staff.principal[0]!.id,
      cpe: staff.cpe[0]!.id,
      teacher: teacherA.id,
      psyen: staff.psyen[0]!.id,
      secretary: staff.secretary[0]!.id,
      guardian: guardianA.id,
      pupil: pupilA.id,
    };
    const b: Record<string, string> = {
      principal: staff.principal[1]!.id,
      cpe: staff.cpe[1]!.id,
      teacher: teacherB.id,
      psyen: staff.psyen[1]!.id,
      secretary: staff.secretary[1]!.id,
      guardian: guardianB.id,
      pupil: pupilB.id,
    };
    return { school, a, b, pupilA2, guardianA2, restricted, outsider };
  }

  test('defaults: every profile pair, related and unrelated recipients', async () => {
    const w = await world();
    const failures: string[] = [];
    for (const from of PROFILES) {
      const reach = await loadReach(t.db, w.school.id, w.a[from]!);
      for (const to of PROFILES) {
        const rule = EXPECTED[from]![to]!;
        for (const [which, id] of [
          ['related', w.a[to]!],
          ['unrelated', w.b[to]!],
        ] as const) {
          if (id === w.a[from]) continue; // writing to oneself is not a case
          const expected = rule === 'S' || (rule === 'R' && which === 'related');
          if (reach.people.has(id) !== expected) failures.push(`${from} → ${which} ${to}: expected ${expected}`);
        }
      }
      assert.ok(!reach.people.has(w.outsider.id), `${from} never reaches another school`);
      assert.ok(!reach.people.has(w.restricted.id), `${from} never reaches a court-restricted guardian`);
      assert.ok(!reach.people.has(w.a[from]!), `${from} does not write to themselves`);
    }
    assert.deepEqual(failures, []);
  });

  test("related means: a classmate is not a teacher's pupil elsewhere; co-guardians; pupils of the class", async () => {
    const w = await world();
    const teacher = await loadReach(t.db, w.school.id, w.a.teacher!);
    assert.ok(teacher.people.has(w.pupilA2.id), 'the teacher reaches every pupil of the class');
    assert.ok(teacher.people.has(w.guardianA2.id), 'and both guardians of a pupil');
    const guardian = await loadReach(t.db, w.school.id, w.a.guardian!);
    assert.ok(!guardian.people.has(w.guardianA2.id), 'guardians do not write to other guardians by default');
    const pupil = await loadReach(t.db, w.school.id, w.a.pupil!);
    assert.ok(!pupil.people.has(w.pupilA2.id), 'pupil ↔ pupil is off by default');
  });

  test("an other contact without the school's access is not a guardian for messaging; with it, they are", async () => {
    const w = await world();
    const pupil = w.a.pupil as string;
    const contact = await makeGuardian(t.db, {
      children: [{ id: pupil, schoolId: w.school.id }],
      responsibility: 'contact',
    });
    const teacher = await loadReach(t.db, w.school.id, w.a.teacher!);
    assert.ok(!teacher.people.has(contact.id), 'a neighbour who may collect the child gets no message about them');
    const own = await loadReach(t.db, w.school.id, contact.id);
    assert.equal(own.people.size, 0, 'and writes to nobody as a guardian');
    await t.db.updateTable('guardianships').set({ school_access: 1 }).where('guardian_id', '=', contact.id).execute();
    const after = await loadReach(t.db, w.school.id, w.a.teacher!);
    assert.ok(after.people.has(contact.id), 'once the school gives access, the contact is one of the family');
  });

  test('a court-restricted guardian (and one with no other link) may write to nobody', async () => {
    const w = await world();
    const reach = await loadReach(t.db, w.school.id, w.restricted.id);
    assert.equal(reach.people.size, 0);
    assert.deepEqual(reach.senderCategories, []);
  });

  test('a guardian restricted for one child counts through the other', async () => {
    const w = await world();
    const other = await makePupil(t.db, w.school);
    await linkGuardian(t.db, w.restricted.id, { id: other.id, schoolId: w.school.id });
    const reach = await loadReach(t.db, w.school.id, w.restricted.id);
    assert.ok(reach.people.has(w.a.principal!));
    const teacherReach = await loadReach(t.db, w.school.id, w.a.teacher!);
    assert.ok(!teacherReach.people.has(w.restricted.id), 'not through the restricted child');
    const cpe = await loadReach(t.db, w.school.id, w.a.cpe!);
    assert.ok(cpe.people.has(w.restricted.id), 'but as a guardian of the school, through the other child');
  });

  test('the school tightens and loosens pairs', async () => {
    const w = await world();
    await setSchoolSetting(
      t.db,
      w.school.id,
      MESSAGING_SETTING,
      {
        overrides: { pupil: { pupil: 'related' }, teacher: { guardian: 'none' }, guardian: { teacher: 'related' } },
        readReceipts: true,
        attachmentMaxMb: 5,
      },
      null,
    );
    const pupil = await loadReach(t.db, w.school.id, w.a.pupil!);
    assert.ok(pupil.people.has(w.pupilA2.id), 'pupils of the class, once turned on');
    assert.ok(!pupil.people.has(w.b.pupil!), 'and only of the class');
    const teacher = await loadReach(t.db, w.school.id, w.a.teacher!);
    assert.ok(!teacher.people.has(w.a.guardian!));
    assert.ok(teacher.people.has(w.a.pupil!), 'other pairs unchanged');
    const guardian = await loadReach(t.db, w.school.id, w.a.guardian!);
    assert.ok(guardian.people.has(w.a.teacher!));
    assert.ok(!guardian.people.has(w.b.teacher!), "only the children's teachers");
  });
});
