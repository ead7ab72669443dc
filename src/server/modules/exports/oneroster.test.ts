import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGroup,
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { newId } from '../../lib/ids.ts';
import { unzipBounded } from '../../lib/unzip.ts';
import { csvLine, stableId } from './oneroster.csv.ts';
import { gradeOfLevel } from './oneroster.service.ts';

let t: TestContext;
let admin: Session;
let url: string;
const w = {} as {
  schoolId: string;
  classId: string;
  groupId: string;
  pupil1: string;
  pupil2: string;
  gone: string;
  guardian: string;
  restricted: string;
  contact: string;
  teacher: string;
  subjectId: string;
  other: string;
  leftTeacher: string;
};
let who: { otherSchool: Session; otherFamily: Session; wrongProfile: Session };

before(async () => {
  t = await createTestApp();
  const school = await makeSchool(t.db);
  const cls = await makeClass(t.db, school, { code: '4B', level: '4e' });
  const p1 = await makePupil(t.db, school, { classId: cls.id, firstName: 'Inès' });
  const p2 = await makePupil(t.db, school, { classId: cls.id, firstName: 'Yanis' });
  const gone = await makePerson(t.db, { schoolId: school.id, profiles: ['pupil'], disabled: true });
  await t.db
    .insertInto('class_memberships')
    .values({ id: newId(), pupil_id: gone.id, class_id: cls.id, starts_on: '2000-01-01', ends_on: null })
    .execute();
  const group = await makeGroup(t.db, school, { pupilIds: [p1.id], code: 'LAT4' });
  const guardian = await makeGuardian(t.db, { children: [{ id: p1.id, schoolId: school.id }] });
  const restricted = await makeGuardian(t.db, {
    children: [{ id: p2.id, schoolId: school.id }],
    courtRestricted: true,
  });
  const contact = await makeGuardian(t.db, {
    children: [{ id: p2.id, schoolId: school.id }],
    responsibility: 'contact',
  });
  const teacher = await makeTeacher(t.db, school, { classIds: [cls.id], principalOf: [cls.id] });
  await t.db
    .insertInto('teaching_assignments')
    .values({
      id: newId(),
      school_id: school.id,
      school_year_id: school.yearId,
      teacher_id: teacher.id,
      class_id: null,
      group_id: group.id,
      subject_id: teacher.subjectId,
    })
    .execute();
  // A teacher who left: the import removes the school's profile but keeps old assignments and principalships.
  const leftTeacher = await makeTeacher(t.db, school, { classIds: [cls.id], principalOf: [cls.id] });
  await t.db.deleteFrom('profiles').where('person_id', '=', leftTeacher.id).execute();
  const adminPerson = await makeStaff(t.db, school, ['school_admin']);
  const principal = await makeStaff(t.db, school, ['principal']);
  const other = await makeSchool(t.db);
  const otherAdmin = await makeStaff(t.db, other, ['school_admin']);
  Object.assign(w, {
    schoolId: school.id,
    classId: cls.id,
    groupId: group.id,
    pupil1: p1.id,
    pupil2: p2.id,
    gone: gone.id,
    guardian: guardian.id,
    restricted: restricted.id,
    contact: contact.id,
    teacher: teacher.id,
    subjectId: teacher.subjectId,
    other: other.id,
    leftTeacher: leftTeacher.id,
  });
  admin = await signIn(t.app, adminPerson);
  who = {
    otherSchool: await signIn(t.app, otherAdmin),
    otherFamily: await signIn(t.app, guardian),
    wrongProfile: await signIn(t.app, principal),
  };
  url = `/api/schools/${school.id}/exports/oneroster`;
});
after(async () => {
  await t?.close();
});

async function exportFiles(query = '') {
  const res = await t.app.inject({ method: 'GET', url: `${url}${query}`, headers: admin.headers });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/zip');
  assert.match(String(res.headers['content-disposition']), /attachment; .*oneroster-093\d{4}X-\d{4}-\d{4}\.zip/);
  const entries = await unzipBounded(res.rawPayload);
  const files = new Map(entries.map((e) => [e.name, e.data.toString('utf8')]));
  const csv = (name: string) =>
    parse(files.get(name) ?? assert.fail(`${name} missing`), { columns: true }) as Record<string, string>[];
  return { files, csv };
}

describe('OneRoster 1.1 export', () => {
  test('the zip holds the manifest and the six bulk files, with the binding’s headers', async () => {
    const { files, csv } = await exportFiles();
    assert.deepEqual(
      [...files.keys()].sort(),
      [
        'academicSessions.csv',
        'classes.csv',
        'courses.csv',
        'enrollments.csv',
        'manifest.csv',
        'orgs.csv',
        'users.csv',
      ].sort(),
    );
    const manifest = new Map(csv('manifest.csv').map((r) => [r.propertyName, r.value]));
    assert.equal(manifest.get('oneroster.version'), '1.1');
    assert.equal(manifest.get('file.users'), 'bulk');
    assert.equal(manifest.get('file.results'), 'absent');
    assert.ok(files.get('users.csv')!.startsWith('sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,'));
    const [org] = csv('orgs.csv');
    assert.equal(org!.type, 'school');
    assert.match(org!.identifier!, /^093\d{4}X$/);
    assert.equal(org!.status, '');
    const sessions = csv('academicSessions.csv');
    assert.equal(sessions[0]!.type, 'schoolYear');
  });

  test('pupils, their legal guardians, teachers; never a court-restricted guardian, a closed contact or a leaver', async () => {
    const { csv } = await exportFiles();
    const users = new Map(csv('users.csv').map((u) => [u.sourcedId, u]));
    assert.equal(users.get(w.pupil1)?.role, 'student');
    assert.equal(users.get(w.pupil1)?.grades, '08');
    assert.equal(users.get(w.pupil1)?.email, '', 'pupils’ addresses are not exported');
    assert.equal(users.get(w.pupil1)?.agentSourcedIds, w.guardian);
    assert.equal(users.get(w.guardian)?.role, 'guardian');
    assert.equal(users.get(w.guardian)?.agentSourcedIds, w.pupil1);
    assert.equal(users.get(w.pupil2)?.agentSourcedIds, '', 'no agent for a child whose only links are closed');
    assert.equal(users.has(w.restricted), false, 'court-restricted guardian exported');
    assert.equal(users.has(w.contact), false, 'a contact without school access exported');
    assert.equal(users.has(w.gone), false, 'a disabled pupil exported');
    assert.equal(users.get(w.teacher)?.role, 'teacher');
    assert.equal(users.has(w.leftTeacher), false, 'a teacher who left the school (assignments kept) exported');
    for (const u of users.values()) assert.equal(u.password, '');
  });

  test('a homeroom class per class, a section per class or group and subject, with their enrollments', async () => {
    const { csv } = await exportFiles();
    const classes = csv('classes.csv');
    const homeroom = classes.find((c) => c.sourcedId === w.classId);
    assert.equal(homeroom?.classType, 'homeroom');
    assert.equal(homeroom?.grades, '08');
    const sections = classes.filter((c) => c.classType === 'scheduled');
    assert.equal(sections.length, 2);
    const latin = sections.find((s) => s.classCode?.startsWith('LAT4-'));
    assert.ok(latin);
    assert.equal(latin.grades, '08');
    const courses = new Set(csv('courses.csv').map((c) => c.sourcedId));
    for (const c of classes) assert.ok(courses.has(c.courseSourcedId!), `class ${c.title} has no course`);
    const enr = csv('enrollments.csv');
    const inLatin = enr.filter((e) => e.classSourcedId === latin.sourcedId);
    assert.deepEqual(
      inLatin.map((e) => `${e.role}:${e.userSourcedId}`).sort(),
      [`student:${w.pupil1}`, `teacher:${w.teacher}`].sort(),
    );
    const users = new Set(csv('users.csv').map((u) => u.sourcedId));
    for (const e of enr) assert.ok(users.has(e.userSourcedId!), 'enrollment of a user not in users.csv');
    assert.equal(new Set(enr.map((e) => e.sourcedId)).size, enr.length, 'enrollment ids are unique');
    const again = (await exportFiles()).csv('enrollments.csv').map((e) => e.sourcedId);
    assert.deepEqual(
      again,
      enr.map((e) => e.sourcedId),
      'the same roster gives the same ids',
    );
  });

  test('guardians=false leaves guardians out; the export is audited', async () => {
    const { csv } = await exportFiles('?guardians=false');
    const users = csv('users.csv');
    assert.equal(users.filter((u) => u.role === 'guardian' || u.role === 'relative').length, 0);
    assert.equal(users.find((u) => u.sourcedId === w.pupil1)?.agentSourcedIds, '');
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'roster.export')
      .where('school_id', '=', w.schoolId)
      .execute();
    assert.ok(audit.length >= 1);
    assert.ok(audit.some((a) => JSON.parse(a.details).guardians === false));
  });

  test('anonymous, another school, a family and direction without the administrator function are refused', async () => {
    const count = async () =>
      (await t.db.selectFrom('audit_events').select('id').where('action', '=', 'roster.export').execute()).length;
    const before = await count();
    await assertRefusals(t.app, { method: 'GET', url }, who, async () => assert.equal(await count(), before));
    const pupil = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${w.other}/exports/oneroster`,
      headers: admin.headers,
    });
    assert.equal(pupil.statusCode, 404);
  });

  test('bad input is refused with a clear error', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${url}?guardians=peut-etre`, headers: admin.headers });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error, 'VALIDATION_FAILED');
  });
});

describe('OneRoster CSV helpers', () => {
  test('fields with commas, quotes or line breaks are quoted', () => {
    assert.equal(csvLine(['a', 'b,c', 'd"e', null, 'f\ng']), 'a,"b,c","d""e",,"f\ng"\r\n');
  });
  test('stable ids are UUIDs that depend on every part', () => {
    assert.match(stableId('x', 'y'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(stableId('x', 'y'), stableId('x', 'y'));
    assert.notEqual(stableId('x', 'y'), stableId('x|y'));
  });
  test('French levels map to CEDS grades', () => {
    assert.deepEqual(['6e', '5e', '4e', '3e', 'ULIS'].map(gradeOfLevel), ['06', '07', '08', '09', '']);
  });
});
