import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeCourse,
  makeGuardian,
  makePeriod,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { ensureReasons } from '../attendance/attendance.reasons.ts';

/**
 * Legal guardians follow their child's schooling (unless a court restricts it); an "other contact" (a grandparent,
 * a neighbour who may collect) gets only what the school decides per link, nothing by default.
 */
describe('guardian links: rights per link', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const call = (who: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

  async function setup() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const cls = await makeClass(t.db, school);
    await makePeriod(t.db, school);
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const child = { id: pupil.id, schoolId: school.id };
    const legal = await makeGuardian(t.db, { children: [child], responsibility: 'legal2' });
    const contact = await makeGuardian(t.db, { children: [child], responsibility: 'contact' });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const course = await makeCourse(t.db, school, { teacherIds: [teacher.id], classId: cls.id, weekday: 1 });
    const admin = await makeStaff(t.db, school, ['school_admin']);
    const principal = await makeStaff(t.db, school, ['principal']);
    const link = await t.db
      .selectFrom('guardianships')
      .select('id')
      .where('guardian_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    return {
      school,
      other,
      pupil,
      legal,
      contact,
      course,
      linkId: link.id,
      as: {
        legal: await signIn(t.app, legal),
        contact: await signIn(t.app, contact),
        admin: await signIn(t.app, admin),
        principal: await signIn(t.app, principal),
      },
    };
  }

  const familyReads = (pupilId: string) => [
    `/api/grades/pupils/${pupilId}`,
    `/api/report-cards/pupils/${pupilId}`,
    `/api/attendance/pupils/${pupilId}`,
    `/api/homework/pupils/${pupilId}`,
    `/api/timetable/pupils/${pupilId}/week`,
    `/api/pupils/${pupilId}`,
  ];

  test('an other contact sees nothing of the child by default; a legal guardian sees everything', async () => {
    const x = await setup();
    for (const url of familyReads(x.pupil.id)) {
      assert.equal((await call(x.as.legal, 'GET', url)).statusCode, 200, `legal guardian ${url}`);
      const res = await call(x.as.contact, 'GET', url);
      assert.equal(res.statusCode, 404, `other contact ${url}: ${res.body}`);
    }
    const me = (await call(x.as.contact, 'GET', '/api/me')).json();
    assert.deepEqual(me.children, []);
    assert.ok(!me.schools[0].abilities.includes('children.view'));
    const legalMe = (await call(x.as.legal, 'GET', '/api/me')).json();
    assert.deepEqual(
      legalMe.children.map((c: { id: string }) => c.id),
      [x.pupil.id],
    );

    // staff see which link opens what on the pupil's record
    const record = await call(x.as.principal, 'GET', `/api/schools/${x.school.id}/people/${x.pupil.id}`);
    assert.equal(record.statusCode, 200, record.body);
    const links = record.json().guardians as Array<{ id: string; responsibility: string; schoolAccess: boolean }>;
    assert.deepEqual(links.map((l) => [l.responsibility, l.schoolAccess]).sort(), [
      ['contact', false],
      ['legal2', true],
    ]);

    // announcing an absence is a legal guardian's, not a contact's
    const [reason] = await ensureReasons(t.db, x.school.id);
    const announce = { pupilId: x.pupil.id, reasonId: reason!.id, announcement: nextWeek(), comment: 'Rendez-vous' };
    const refused = await call(x.as.contact, 'POST', '/api/attendance/justifications', announce);
    assert.equal(refused.statusCode, 404, refused.body);
    const count = await t.db.selectFrom('justifications').select('id').where('pupil_id', '=', x.pupil.id).execute();
    assert.equal(count.length, 0);

    // notifications about the child (a cancelled session) go to the legal guardian only
    const key = `${x.course.id}:${await firstMondayOfYear(x.school.yearId)}`;
    const cancelled = await call(x.as.principal, 'POST', `/api/timetable/sessions/${encodeURIComponent(key)}/cancel`, {
      reason: 'Professeur absent',
    });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const notified = async (personId: string) =>
      (await t.db.selectFrom('notifications').select('id').where('person_id', '=', personId).execute()).length;
    assert.equal(await notified(x.legal.id), 1);
    assert.equal(await notified(x.contact.id), 0);
  });

  test('the school gives an other contact access per link; a court restriction still closes everything', async () => {
    const x = await setup();
    const url = `/api/schools/${x.school.id}/admin/guardianships/${x.linkId}`;
    await assertRefusals(
      t.app,
      { method: 'PATCH', url, payload: { schoolAccess: true } },
      {
        otherSchool: await signIn(t.app, await makeStaff(t.db, x.other, ['school_admin'])),
        otherFamily: x.as.legal,
        wrongProfile: x.as.principal,
      },
    );
    const granted = await call(x.as.admin, 'PATCH', url, { schoolAccess: true });
    assert.equal(granted.statusCode, 200, granted.body);
    assert.equal(granted.json().schoolAccess, true);
    for (const u of familyReads(x.pupil.id)) {
      assert.equal((await call(x.as.contact, 'GET', u)).statusCode, 200, `contact with access ${u}`);
    }
    // made a legal guardian then back to a contact: access goes unless given again
    assert.equal((await call(x.as.admin, 'PATCH', url, { responsibility: 'contact' })).json().schoolAccess, false);
    assert.equal((await call(x.as.contact, 'GET', `/api/grades/pupils/${x.pupil.id}`)).statusCode, 404);

    // a legal guardian's access is the law's: refusing it is a validation error, and nothing changes
    const legalLink = await t.db
      .selectFrom('guardianships')
      .select('id')
      .where('guardian_id', '=', x.legal.id)
      .executeTakeFirstOrThrow();
    const legalUrl = `/api/schools/${x.school.id}/admin/guardianships/${legalLink.id}`;
    const bad = await call(x.as.admin, 'PATCH', legalUrl, { schoolAccess: false });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error, 'VALIDATION_FAILED');
    assert.equal((await call(x.as.legal, 'GET', `/api/grades/pupils/${x.pupil.id}`)).statusCode, 200);
    const restricted = await call(x.as.admin, 'PATCH', legalUrl, { courtRestricted: true });
    assert.equal(restricted.statusCode, 200, restricted.body);
    assert.equal((await call(x.as.legal, 'GET', `/api/grades/pupils/${x.pupil.id}`)).statusCode, 404);

    // created through the admin API: a contact has no access unless asked, a legal guardian has it
    const pupil2 = await makePupil(t.db, x.school);
    const created = await call(x.as.admin, 'POST', `/api/schools/${x.school.id}/admin/guardianships`, {
      guardianId: x.contact.id,
      pupilId: pupil2.id,
      responsibility: 'contact',
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().schoolAccess, false);
    assert.equal((await call(x.as.contact, 'GET', `/api/homework/pupils/${pupil2.id}`)).statusCode, 404);
  });

  function nextWeek() {
    const d = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    return { from: d, fromHalf: 'am', to: d, toHalf: 'pm' };
  }

  /** The first Monday of the school year that is a school day (after the back-to-school week). */
  async function firstMondayOfYear(yearId: string) {
    const y = await t.db
      .selectFrom('school_years')
      .select('starts_on')
      .where('id', '=', yearId)
      .executeTakeFirstOrThrow();
    const d = new Date(`${y.starts_on}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 7 + ((8 - d.getUTCDay()) % 7));
    return d.toISOString().slice(0, 10);
  }
});
