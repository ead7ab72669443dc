import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import {
  assertRefusals,
  createTestApp,
  readLetter,
  type Session,
  signIn,
  type TestContext,
} from '../../../../test/app.ts';
import {
  makeClass,
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
  type SchoolFixture,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { isCidr } from './admin.schema.ts';
import { dayBefore, loginBase, pickLogin } from './admin.service.ts';
import { checkPeriod } from './admin.structure.service.ts';

const TABLES = [
  'people',
  'profiles',
  'staff_functions',
  'guardianships',
  'class_memberships',
  'group_memberships',
  'sites',
  'classes',
  'groups',
  'periods',
] as const;

const STRONG_PASSWORD = 'une phrase de passe solide 42';

describe('admin', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  /** Everything directory administration may write, to prove a refused request wrote nothing. */
  async function snapshot() {
    const out: Record<string, unknown[]> = {};
    for (const name of TABLES) {
      out[name] = await t.db
        .selectFrom(name as 'sites')
        .selectAll()
        .orderBy('id')
        .execute();
    }
    return out;
  }

  interface World {
    school: SchoolFixture;
    admin: Session;
    adminId: string;
    classId: string;
    pupil: { id: string; classId: string };
    guardianId: string;
    teacherId: string;
    refusals: Array<Parameters<typeof assertRefusals>[2]>;
  }

  async function world(): Promise<World> {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const admin = await makeStaff(t.db, school, ['school_admin']);
    const klass = await makeClass(t.db, school, { code: `6A${Math.random().toString(36).slice(2, 6)}` });
    const pupil = await makePupil(t.db, school, { classId: klass.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [klass.id] });
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const otherAdmin = await makeStaff(t.db, other, ['school_admin']);
    const [otherSchool, otherFamily, cpeS, teacherS] = await Promise.all([
      signIn(t.app, otherAdmin),
      signIn(t.app, guardian),
      signIn(t.app, cpe),
      signIn(t.app, teacher),
    ]);
    return {
      school,
      admin: await signIn(t.app, admin),
      adminId: admin.id,
      classId: klass.id,
      pupil,
      guardianId: guardian.id,
      teacherId: teacher.id,
      refusals: [
        { otherSchool, otherFamily, wrongProfile: cpeS },
        { otherSchool, wrongProfile: teacherS },
      ],
    };
  }

  /** The four refusals (with a CPE, then a teacher, as the wrong profile), and nothing written. */
  async function refused(w: World, req: Pick<InjectOptions, 'method' | 'url' | 'payload'>) {
    const before = await snapshot();
    for (const who of w.refusals) await assertRefusals(t.app, req, who);
    assert.deepEqual(await snapshot(), before, `${req.method} ${req.url}: something was written after a refusal`);
  }

  /** A 4xx with `error`, and nothing written. */
  async function rejected(
    w: World,
    req: Pick<InjectOptions, 'method' | 'url' | 'payload'>,
    status: number,
    error: string,
  ) {
    const before = await snapshot();
    const res = await t.app.inject({ ...req, headers: w.admin.headers } as InjectOptions);
    assert.equal(res.statusCode, status, `${req.method} ${req.url}: ${res.body}`);
    assert.equal(res.json().error, error);
    assert.deepEqual(await snapshot(), before, `${req.method} ${req.url}: something was written after an error`);
    return res;
  }

  const as = (s: Session, req: Pick<InjectOptions, 'method' | 'url' | 'payload'>) =>
    t.app.inject({ ...req, headers: s.headers } as InjectOptions);

  async function activates(code: string) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/activate',
      payload: { code, password: STRONG_PASSWORD },
      remoteAddress: `192.168.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    });
    return res;
  }

  // ---- pure helpers ---------------------------------------------------------------------------------------

  test('logins: ASCII, lower case, first.last, numbered when taken', () => {
    const cases: Array<[string, string, string]> = [
      ['Zoé', 'Lefèvre', 'zoe.lefevre'],
      ['Jean Pierre', "N'Diaye", 'jean-pierre.n-diaye'],
      ['Æsa', 'Œuvrard', 'aesa.oeuvrard'],
      ['Ğül', 'Çelik', 'gul.celik'],
      ['李', '王', 'utilisateur'],
    ];
    for (const [f, l, expected] of cases) assert.equal(loginBase(f, l), expected, `${f} ${l}`);
    assert.equal(pickLogin('zoe.lefevre', []), 'zoe.lefevre');
    assert.equal(pickLogin('zoe.lefevre', ['zoe.lefevre', 'zoe.lefevre2', 'zoe.lefevre-x']), 'zoe.lefevre3');
    assert.equal(dayBefore('2027-03-01'), '2027-02-28');
  });

  test('CIDR ranges', () => {
    for (const ok of ['10.93.1.0/24', '0.0.0.0/0', '192.168.1.7/32', '2001:db8::/32', '::1/128'])
      assert.ok(isCidr(ok), ok);
    for (const ko of ['10.93.1.0', '10.93.1.0/33', '300.1.1.1/8', '10.0.0.0/-1', 'abc/8', '2001:db8::/129', '']) {
      assert.ok(!isCidr(ko), ko);
    }
  });

  test('period rules: inside the year, one kind, unique numbers, no overlap', () => {
    const year = { starts_on: '2026-09-01', ends_on: '2027-08-31' };
    const t1 = { id: 'a', kind: 'trimestre' as const, number: 1, starts_on: '2026-09-01', ends_on: '2026-11-30' };
    const table: Array<[string, Parameters<typeof checkPeriod>[1], string | null]> = [
      ['fine', { kind: 'trimestre', number: 2, starts_on: '2026-12-01', ends_on: '2027-02-28' }, null],
      ['overlap', { kind: 'trimestre', number: 2, starts_on: '2026-11-30', ends_on: '2027-02-28' }, 'CONFLICT'],
      ['same number', { kind: 'trimestre', number: 1, starts_on: '2026-12-01', ends_on: '2027-02-28' }, 'CONFLICT'],
      ['other kind', { kind: 'semestre', number: 2, starts_on: '2027-01-01', ends_on: '2027-06-30' }, 'CONFLICT'],
      [
        'before year',
        { kind: 'trimestre', number: 2, starts_on: '2026-08-01', ends_on: '2026-08-30' },
        'VALIDATION_FAILED',
      ],
      [
        'after year',
        { kind: 'trimestre', number: 3, starts_on: '2027-06-01', ends_on: '2027-09-30' },
        'VALIDATION_FAILED',
      ],
      [
        'reversed',
        { kind: 'trimestre', number: 3, starts_on: '2027-06-01', ends_on: '2027-05-01' },
        'VALIDATION_FAILED',
      ],
    ];
    for (const [label, p, expected] of table) assert.equal(checkPeriod(year, p, [t1])?.code ?? null, expected, label);
  });

  test('a deployment administrator administers any school; an unknown school is NOT_FOUND', async () => {
    const school = await makeSchool(t.db);
    const root = await makePerson(t.db, { deploymentAdmin: true });
    const s = await signIn(t.app, root);
    const sites = await as(s, { method: 'GET', url: `/api/schools/${school.id}/admin/sites` });
    assert.equal(sites.statusCode, 200, sites.body);
    assert.equal(sites.json().items.length, 1);
    const missing = await as(s, { method: 'GET', url: '/api/schools/no-such-school/admin/sites' });
    assert.equal(missing.statusCode, 404);
    const created = await as(s, {
      method: 'POST',
      url: '/api/schools/no-such-school/admin/sites',
      payload: { name: 'X', address: 'Y' },
    });
    assert.equal(created.statusCode, 404);
    assert.equal((await t.db.selectFrom('sites').select('id').where('name', '=', 'X').execute()).length, 0);
  });

  // ---- people ---------------------------------------------------------------------------------------------

  test('POST people: a pupil in a class, linked to a guardian; no code on screen, the letter’s code works', async () => {
    const w = await world();
    const url = `/api/schools/${w.school.id}/admin/people`;
    const payload = {
      profile: 'pupil',
      firstName: 'Zoé',
      lastName: 'Lefèvre',
      birthDate: '2014-03-02',
      classId: w.classId,
      guardians: [{ guardianId: w.guardianId, responsibility: 'legal2', livesWith: false }],
    };
    await refused(w, { method: 'POST', url, payload });

    const res = await as(w.admin, { method: 'POST', url, payload });
    assert.equal(res.statusCode, 201, res.body);
    const { person, activation } = res.json();
    assert.equal(person.login, 'zoe.lefevre');
    assert.equal(activation, undefined, 'no activation code is answered as data');
    assert.deepEqual(person.profiles, ['pupil']);
    assert.equal(person.class.id, w.classId);
    assert.equal(person.activated, false);
    assert.equal(person.birthDate, '2014-03-02');
    const link = await t.db
      .selectFrom('guardianships')
      .selectAll()
      .where('pupil_id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.equal(link.guardian_id, w.guardianId);
    assert.equal(link.responsibility, 'legal2');
    assert.equal(link.lives_with, 0);
    assert.equal(link.receives_mail, 1);
    const stored = await t.db.selectFrom('people').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    assert.equal(stored.activation_code_hash, null, 'no code before the letter is printed');

    const again = await as(w.admin, { method: 'POST', url, payload: { ...payload, guardians: [] } });
    assert.equal(again.statusCode, 201);
    assert.equal(again.json().person.login, 'zoe.lefevre2', 'homonyms get a number');

    const letter = await as(w.admin, {
      method: 'POST',
      url: `/api/schools/${w.school.id}/people/${person.id}/activation-letter`,
    });
    assert.equal(letter.statusCode, 201, letter.body);
    const { codes } = await readLetter(letter.rawPayload);
    const act = await activates(codes[0]!);
    assert.equal(act.statusCode, 200, act.body);
    assert.equal(act.json().login, 'zoe.lefevre');
  });

  test('POST people: staff with functions, a guardian with children, a teacher', async () => {
    const w = await world();
    const url = `/api/schools/${w.school.id}/admin/people`;
    const staff = await as(w.admin, {
      method: 'POST',
      url,
      payload: {
        profile: 'staff',
        firstName: 'Karim',
        lastName: 'Benali',
        functions: ['accueil', 'accueil', 'secretariat'],
      },
    });
    assert.equal(staff.statusCode, 201, staff.body);
    assert.deepEqual(staff.json().person.functions.sort(), ['accueil', 'secretariat']);
    const guardian = await as(w.admin, {
      method: 'POST',
      url,
      payload: {
        profile: 'guardian',
        firstName: 'Aïcha',
        lastName: 'Benali',
        email: 'aicha@example.fr',
        children: [{ pupilId: w.pupil.id, responsibility: 'legal1', courtRestricted: true }],
      },
    });
    assert.equal(guardian.statusCode, 201, guardian.body);
    assert.equal(guardian.json().person.login, 'aicha.benali');
    const link = await t.db
      .selectFrom('guardianships')
      .selectAll()
      .where('guardian_id', '=', guardian.json().person.id)
      .executeTakeFirstOrThrow();
    assert.equal(link.court_restricted, 1);
    const teacher = await as(w.admin, {
      method: 'POST',
      url,
      payload: { profile: 'teacher', firstName: 'Léa', lastName: 'Roux' },
    });
    assert.equal(teacher.statusCode, 201);
    assert.deepEqual(teacher.json().person.functions, []);
  });

  test('POST people: invalid input is refused and writes nothing', async () => {
    const w = await world();
    const otherSchool = await makeSchool(t.db);
    const foreignGuardian = await makePerson(t.db, { schoolId: otherSchool.id, profiles: ['guardian'] });
    const foreignClass = await makeClass(t.db, otherSchool);
    const url = `/api/schools/${w.school.id}/admin/people`;
    const base = { profile: 'pupil', firstName: 'Zoé', lastName: 'Petit' };
    for (const payload of [
      { ...base, unknown: 1 },
      { ...base, functions: ['cpe'] },
      { ...base, profile: 'alien' },
      { ...base, firstName: '' },
      { ...base, birthDate: '2014-13-45' },
      { ...base, email: 'pas-un-courriel' },
      { ...base, classId: foreignClass.id },
      { ...base, guardians: [{ guardianId: foreignGuardian.id, responsibility: 'legal1' }] },
      { ...base, guardians: [{ guardianId: w.guardianId, responsibility: 'legal1', extra: true }] },
      {
        profile: 'guardian',
        firstName: 'A',
        lastName: 'B',
        children: [{ pupilId: w.guardianId, responsibility: 'legal1' }],
      },
    ]) {
      await rejected(w, { method: 'POST', url, payload }, 400, 'VALIDATION_FAILED');
    }
  });

  test('PATCH people: names, email, functions, and a class change from today', async () => {
    const w = await world();
    const newClass = await makeClass(t.db, w.school, { code: `6B${Math.random().toString(36).slice(2, 6)}` });
    const url = `/api/schools/${w.school.id}/admin/people/${w.pupil.id}`;
    await refused(w, { method: 'PATCH', url, payload: { firstName: 'Nouveau' } });
    await refused(w, { method: 'PATCH', url, payload: { classId: newClass.id } });

    const res = await as(w.admin, {
      method: 'PATCH',
      url,
      payload: { firstName: 'Inès', email: 'ines@example.fr', classId: newClass.id },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().firstName, 'Inès');
    assert.equal(res.json().email, 'ines@example.fr');
    assert.equal(res.json().class.id, newClass.id);
    const memberships = await t.db
      .selectFrom('class_memberships')
      .selectAll()
      .where('pupil_id', '=', w.pupil.id)
      .orderBy('starts_on')
      .execute();
    const today = todayInParis();
    assert.deepEqual(
      memberships.map((m) => [m.class_id, m.starts_on, m.ends_on]),
      [
        [w.classId, '2000-01-01', dayBefore(today)],
        [newClass.id, today, null],
      ],
    );
    // Moving again the same day corrects today's membership instead of stacking a one-day one.
    const back = await as(w.admin, { method: 'PATCH', url, payload: { classId: w.classId } });
    assert.equal(back.json().class.id, w.classId);
    const after = await t.db.selectFrom('class_memberships').selectAll().where('pupil_id', '=', w.pupil.id).execute();
    assert.equal(after.length, 2);
    assert.ok(after.some((m) => m.class_id === w.classId && m.starts_on === today && m.ends_on === null));

    const staffId = (await makeStaff(t.db, w.school, ['documentaliste'])).id;
    const fns = await as(w.admin, {
      method: 'PATCH',
      url: `/api/schools/${w.school.id}/admin/people/${staffId}`,
      payload: { functions: ['secretariat', 'accueil'] },
    });
    assert.equal(fns.statusCode, 200, fns.body);
    assert.deepEqual(fns.json().functions.sort(), ['accueil', 'secretariat']);

    await rejected(w, { method: 'PATCH', url, payload: { functions: ['cpe'] } }, 400, 'VALIDATION_FAILED');
    await rejected(w, { method: 'PATCH', url, payload: { nickname: 'x' } }, 400, 'VALIDATION_FAILED');
    await rejected(w, { method: 'PATCH', url, payload: {} }, 400, 'VALIDATION_FAILED');
    await rejected(
      w,
      {
        method: 'PATCH',
        url: `/api/schools/${w.school.id}/admin/people/${w.teacherId}`,
        payload: { classId: w.classId },
      },
      400,
      'VALIDATION_FAILED',
    );
    await rejected(
      w,
      {
        method: 'PATCH',
        url: `/api/schools/${w.school.id}/admin/people/${w.adminId}`,
        payload: { functions: ['cpe'] },
      },
      409,
      'CONFLICT',
    );
    const stranger = await makePerson(t.db, { schoolId: (await makeSchool(t.db)).id, profiles: ['pupil'] });
    await rejected(
      w,
      { method: 'PATCH', url: `/api/schools/${w.school.id}/admin/people/${stranger.id}`, payload: { firstName: 'X' } },
      404,
      'NOT_FOUND',
    );
  });

  // ---- guardianships --------------------------------------------------------------------------------------

  test('guardianships: create, update, delete', async () => {
    const w = await world();
    const sibling = await makePupil(t.db, w.school, { classId: w.classId });
    const url = `/api/schools/${w.school.id}/admin/guardianships`;
    const payload = { guardianId: w.guardianId, pupilId: sibling.id, responsibility: 'legal1', mayCollect: false };
    await refused(w, { method: 'POST', url, payload });
    const res = await as(w.admin, { method: 'POST', url, payload });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json(), {
      id: res.json().id,
      guardianId: w.guardianId,
      pupilId: sibling.id,
      responsibility: 'legal1',
      livesWith: true,
      receivesMail: true,
      mayCollect: false,
      courtRestricted: false,
      schoolAccess: true,
    });
    const id = res.json().id as string;
    await rejected(w, { method: 'POST', url, payload }, 409, 'CONFLICT');
    await rejected(
      w,
      { method: 'POST', url, payload: { ...payload, responsibility: 'tuteur' } },
      400,
      'VALIDATION_FAILED',
    );
    await rejected(w, { method: 'POST', url, payload: { ...payload, pupilId: w.guardianId } }, 404, 'NOT_FOUND');

    const one = `${url}/${id}`;
    await refused(w, { method: 'PATCH', url: one, payload: { courtRestricted: true } });
    const upd = await as(w.admin, {
      method: 'PATCH',
      url: one,
      payload: { courtRestricted: true, responsibility: 'legal2' },
    });
    assert.equal(upd.statusCode, 200, upd.body);
    assert.equal(upd.json().courtRestricted, true);
    assert.equal(upd.json().responsibility, 'legal2');
    const row = await t.db.selectFrom('guardianships').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.court_restricted, 1);
    await rejected(w, { method: 'PATCH', url: one, payload: { guardianId: w.teacherId } }, 400, 'VALIDATION_FAILED');

    await refused(w, { method: 'DELETE', url: one });
    const del = await as(w.admin, { method: 'DELETE', url: one });
    assert.equal(del.statusCode, 200);
    assert.equal(
      await t.db.selectFrom('guardianships').select('id').where('id', '=', id).executeTakeFirst(),
      undefined,
    );
    await rejected(w, { method: 'DELETE', url: one }, 404, 'NOT_FOUND');
  });

  // ---- sites ------------------------------------------------------------------------------------------------

  test('sites: list, create, update, CIDR ranges validated', async () => {
    const w = await world();
    const url = `/api/schools/${w.school.id}/admin/sites`;
    await refused(w, { method: 'GET', url });
    const payload = { name: 'Annexe Jaurès', address: '12 avenue Jean Jaurès', networkRanges: ['10.93.2.0/24'] };
    await refused(w, { method: 'POST', url, payload });
    const res = await as(w.admin, { method: 'POST', url, payload });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().networkRanges, ['10.93.2.0/24']);
    const list = await as(w.admin, { method: 'GET', url });
    assert.deepEqual(
      list.json().items.map((s: { name: string }) => s.name),
      ['Annexe Jaurès', 'Site principal'],
    );
    const one = `${url}/${res.json().id}`;
    await refused(w, { method: 'PATCH', url: one, payload: { name: 'X' } });
    const upd = await as(w.admin, {
      method: 'PATCH',
      url: one,
      payload: { networkRanges: ['10.93.2.0/24', '2001:db8::/48'] },
    });
    assert.equal(upd.statusCode, 200, upd.body);
    assert.deepEqual(upd.json().networkRanges, ['10.93.2.0/24', '2001:db8::/48']);
    await rejected(
      w,
      { method: 'POST', url, payload: { ...payload, networkRanges: ['10.93.2.0/40'] } },
      400,
      'VALIDATION_FAILED',
    );
    await rejected(
      w,
      { method: 'PATCH', url: one, payload: { networkRanges: ['pas une plage'] } },
      400,
      'VALIDATION_FAILED',
    );
    await rejected(w, { method: 'PATCH', url: one, payload: { name: 'Y', id: 'z' } }, 400, 'VALIDATION_FAILED');
  });

  // ---- classes ----------------------------------------------------------------------------------------------

  test('classes: list, create, update; codes unique per year', async () => {
    const w = await world();
    const url = `/api/schools/${w.school.id}/admin/classes`;
    await refused(w, { method: 'GET', url });
    const payload = { code: '5C', label: '5e C', level: '5e', siteId: w.school.siteId };
    await refused(w, { method: 'POST', url, payload });
    const res = await as(w.admin, { method: 'POST', url, payload });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json(), {
      id: res.json().id,
      code: '5C',
      label: '5e C',
      level: '5e',
      siteId: w.school.siteId,
      pupilCount: 0,
    });
    const list = await as(w.admin, { method: 'GET', url });
    const listed = list.json().items as Array<{ id: string; pupilCount: number }>;
    assert.equal(listed.length, 2);
    assert.equal(listed.find((c) => c.id === w.classId)?.pupilCount, 1);
    await rejected(w, { method: 'POST', url, payload }, 409, 'CONFLICT');
    await rejected(
      w,
      { method: 'POST', url, payload: { ...payload, code: '5D', level: '2nde' } },
      400,
      'VALIDATION_FAILED',
    );
    const foreignSite = (await makeSchool(t.db)).siteId;
    await rejected(
      w,
      { method: 'POST', url, payload: { ...payload, code: '5D', siteId: foreignSite } },
      400,
      'VALIDATION_FAILED',
    );

    const one = `${url}/${res.json().id}`;
    await refused(w, { method: 'PATCH', url: one, payload: { label: 'X' } });
    const upd = await as(w.admin, { method: 'PATCH', url: one, payload: { label: 'Cinquième C', siteId: null } });
    assert.equal(upd.statusCode, 200, upd.body);
    assert.equal(upd.json().label, 'Cinquième C');
    assert.equal(upd.json().siteId, null);
    const taken = (
      await t.db.selectFrom('classes').select('code').where('id', '=', w.classId).executeTakeFirstOrThrow()
    ).code;
    await rejected(w, { method: 'PATCH', url: one, payload: { code: taken } }, 409, 'CONFLICT');
  });

  // ---- groups -----------------------------------------------------------------------------------------------

  test('groups: list, create, update, members added and removed', async () => {
    const w = await world();
    const url = `/api/schools/${w.school.id}/admin/groups`;
    await refused(w, { method: 'GET', url });
    const payload = { code: 'ESP-5', label: 'Espagnol 5e', kind: 'language' };
    await refused(w, { method: 'POST', url, payload });
    const res = await as(w.admin, { method: 'POST', url, payload });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().memberCount, 0);
    await rejected(w, { method: 'POST', url, payload }, 409, 'CONFLICT');
    await rejected(
      w,
      { method: 'POST', url, payload: { ...payload, code: 'X', kind: 'club' } },
      400,
      'VALIDATION_FAILED',
    );

    const one = `${url}/${res.json().id}`;
    await refused(w, { method: 'PATCH', url: one, payload: { label: 'X' } });
    const upd = await as(w.admin, { method: 'PATCH', url: one, payload: { label: 'Espagnol LV2', kind: 'option' } });
    assert.equal(upd.statusCode, 200, upd.body);
    assert.equal(upd.json().kind, 'option');

    const members = `${one}/members`;
    await refused(w, { method: 'GET', url: members });
    await refused(w, { method: 'POST', url: members, payload: { pupilIds: [w.pupil.id] } });
    await rejected(
      w,
      { method: 'POST', url: members, payload: { pupilIds: [w.guardianId] } },
      400,
      'VALIDATION_FAILED',
    );
    const add = await as(w.admin, { method: 'POST', url: members, payload: { pupilIds: [w.pupil.id] } });
    assert.equal(add.statusCode, 200, add.body);
    assert.deepEqual(
      add.json().items.map((m: { pupilId: string }) => m.pupilId),
      [w.pupil.id],
    );
    const twice = await as(w.admin, { method: 'POST', url: members, payload: { pupilIds: [w.pupil.id] } });
    assert.equal(twice.json().items.length, 1, 'adding twice is harmless');
    const listed = await as(w.admin, { method: 'GET', url });
    assert.equal(listed.json().items[0].memberCount, 1);

    const member = `${members}/${w.pupil.id}`;
    await refused(w, { method: 'DELETE', url: member });
    const del = await as(w.admin, { method: 'DELETE', url: member });
    assert.equal(del.statusCode, 200, del.body);
    const left = await as(w.admin, { method: 'GET', url: members });
    assert.deepEqual(left.json().items, []);
    await rejected(w, { method: 'DELETE', url: member }, 404, 'NOT_FOUND');
  });

  // ---- periods ----------------------------------------------------------------------------------------------

  test('periods: trimestres of the current year; overlaps and dates outside the year refused', async () => {
    const w = await world();
    const url = `/api/schools/${w.school.id}/admin/periods`;
    await refused(w, { method: 'GET', url });
    const list0 = await as(w.admin, { method: 'GET', url });
    assert.equal(list0.statusCode, 200);
    const year = list0.json().schoolYear as { startsOn: string; endsOn: string };
    const y = Number(year.startsOn.slice(0, 4));
    const t1 = { kind: 'trimestre', number: 1, startsOn: `${y}-09-01`, endsOn: `${y}-11-30` };
    await refused(w, { method: 'POST', url, payload: t1 });
    const r1 = await as(w.admin, { method: 'POST', url, payload: t1 });
    assert.equal(r1.statusCode, 201, r1.body);
    assert.equal(r1.json().label, '1er trimestre');
    const r2 = await as(w.admin, {
      method: 'POST',
      url,
      payload: { kind: 'trimestre', number: 2, startsOn: `${y}-12-01`, endsOn: `${y + 1}-02-28` },
    });
    assert.equal(r2.statusCode, 201, r2.body);

    await rejected(
      w,
      {
        method: 'POST',
        url,
        payload: { kind: 'trimestre', number: 3, startsOn: `${y + 1}-02-15`, endsOn: `${y + 1}-06-30` },
      },
      409,
      'CONFLICT',
    );
    await rejected(
      w,
      {
        method: 'POST',
        url,
        payload: { kind: 'trimestre', number: 3, startsOn: `${y + 1}-03-01`, endsOn: `${y + 1}-09-30` },
      },
      400,
      'VALIDATION_FAILED',
    );
    await rejected(
      w,
      {
        method: 'POST',
        url,
        payload: { kind: 'semestre', number: 2, startsOn: `${y + 1}-03-01`, endsOn: `${y + 1}-06-30` },
      },
      409,
      'CONFLICT',
    );
    await rejected(
      w,
      {
        method: 'POST',
        url,
        payload: { kind: 'trimestre', number: 3, startsOn: `${y + 1}-06-30`, endsOn: `${y + 1}-03-01` },
      },
      400,
      'VALIDATION_FAILED',
    );

    const one = `${url}/${r2.json().id}`;
    await refused(w, { method: 'PATCH', url: one, payload: { endsOn: `${y + 1}-03-07` } });
    const upd = await as(w.admin, { method: 'PATCH', url: one, payload: { endsOn: `${y + 1}-03-07` } });
    assert.equal(upd.statusCode, 200, upd.body);
    assert.equal(upd.json().endsOn, `${y + 1}-03-07`);
    await rejected(w, { method: 'PATCH', url: one, payload: { startsOn: `${y}-11-15` } }, 409, 'CONFLICT');
    await rejected(w, { method: 'PATCH', url: one, payload: { kind: 'semestre' } }, 400, 'VALIDATION_FAILED');

    const list = await as(w.admin, { method: 'GET', url });
    assert.deepEqual(
      list.json().items.map((p: { number: number }) => p.number),
      [1, 2],
    );
  });

  // ---- activation letters -------------------------------------------------------------------------------------

  test('activation letters: one letter per guardian, every printed code activates', async () => {
    const w = await world();
    const school = w.school;
    const klass = await makeClass(t.db, school, { code: `3B${Math.random().toString(36).slice(2, 5)}` });
    const a1 = await makePupil(t.db, school, { classId: klass.id, firstName: 'Adam' });
    const a2 = await makePupil(t.db, school, { classId: klass.id, firstName: 'Alice' });
    const b = await makePupil(t.db, school, { classId: klass.id, firstName: 'Bilal' });
    const c = await makePupil(t.db, school, { classId: klass.id, firstName: 'Chloé' });
    const elsewhere = await makePupil(t.db, school, { firstName: 'Hors' });
    const ga = await makeGuardian(t.db, {
      children: [
        { id: a1.id, schoolId: school.id },
        { id: a2.id, schoolId: school.id },
        { id: elsewhere.id, schoolId: school.id },
      ],
    });
    const ga2 = await makeGuardian(t.db, { children: [{ id: a2.id, schoolId: school.id }], responsibility: 'legal2' });
    const gb = await makeGuardian(t.db, { children: [{ id: b.id, schoolId: school.id }] });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: b.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const url = `/api/schools/${school.id}/admin/classes/${klass.id}/activation-letters.pdf`;
    // Accounts not activated yet: the class letters are for them.
    await t.db
      .updateTable('people')
      .set({ password_hash: null })
      .where(
        'id',
        'in',
        [a1, a2, b, c, ga, ga2, gb, restricted].map((p) => p.id),
      )
      .execute();

    await refused(w, { method: 'GET', url });
    const hashes = async () =>
      (await t.db.selectFrom('people').select(['id', 'activation_code_hash']).orderBy('id').execute()).map(
        (p) => `${p.id}:${p.activation_code_hash}`,
      );
    const before = await hashes();
    for (const who of w.refusals) await assertRefusals(t.app, { method: 'GET', url }, who);
    assert.deepEqual(await hashes(), before, 'no code issued after a refusal');

    const res = await t.app.inject({ method: 'GET', url, headers: { ...w.admin.headers, host: 'ent.example.fr' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="lettres-activation-${klass.code}.pdf"; filename*=UTF-8''lettres-activation-${klass.code}.pdf`,
    );
    const pdf = res.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

    const { text, pages } = await readLetter(pdf);

    // Letters: GA (with Adam's and Alice's codes), GA2 (own code only), GB (with Bilal's), Chloé (no guardian).
    assert.equal(text.match(/Madame, Monsieur,/g)?.length, 4, 'one letter per guardian, one for a pupil alone');
    assert.equal(pages.length, 4, 'one page per letter here');
    const pageOf = (login: string) => pages.filter((p) => p.includes(`Identifiant : ${login}`));
    assert.equal(pageOf(ga2.login).length, 1);
    assert.ok(!pageOf(ga2.login)[0]!.includes(a1.login), 'the second parent’s envelope has no child’s code');
    assert.ok(pageOf(ga.login)[0]!.includes(`Identifiant : ${a1.login}`));
    assert.match(text, /Espace numérique de travail du Collège Test/);
    assert.match(text, /Adresse de connexion : http:\/\/ent\.example\.fr/);
    for (const p of [a1, a2, b, c, ga, ga2, gb]) assert.ok(text.includes(p.login), `${p.login} is printed`);
    assert.ok(!text.includes(restricted.login), 'the court-restricted guardian is absent');
    assert.ok(!text.includes(elsewhere.login), 'a sibling in another class is absent');
    assert.equal(text.split(`Identifiant : ${ga.login}`).length - 1, 1, 'a guardian of two pupils gets one letter');

    const codes = [...new Set(text.match(/[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/g) ?? [])];
    assert.equal(codes.length, 7, 'one code per member');
    const activated = new Set<string>();
    for (const code of codes) {
      const act = await activates(code);
      assert.equal(act.statusCode, 200, `${code}: ${act.body}`);
      activated.add(act.json().login);
    }
    assert.deepEqual(activated, new Set([a1, a2, b, c, ga, ga2, gb].map((p) => p.login)));
    const restrictedRow = await t.db
      .selectFrom('people')
      .select('activation_code_hash')
      .where('id', '=', restricted.id)
      .executeTakeFirstOrThrow();
    assert.equal(restrictedRow.activation_code_hash, null);

    // Printing again issues nothing new: the letters handed out still work.
    const before2 = await hashes();
    const again = await t.app.inject({ method: 'GET', url, headers: w.admin.headers });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().details.reason, 'NOTHING_TO_ISSUE');
    assert.deepEqual(await hashes(), before2, 'no code changed');

    const crossSite = await t.app.inject({
      method: 'GET',
      url,
      headers: { ...w.admin.headers, 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(crossSite.statusCode, 403);
    const unknownClass = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${school.id}/admin/classes/${(await makeClass(t.db, await makeSchool(t.db))).id}/activation-letters.pdf`,
      headers: w.admin.headers,
    });
    assert.equal(unknownClass.statusCode, 404);
  });

  test('activation letters: a guardian restricted from one sibling never gets that sibling on a letter', async () => {
    const w = await world();
    const klass = await makeClass(t.db, w.school, { code: `4C${Math.random().toString(36).slice(2, 5)}` });
    const p1 = await makePupil(t.db, w.school, { classId: klass.id });
    const p2 = await makePupil(t.db, w.school, { classId: klass.id });
    const mother = await makeGuardian(t.db, {
      children: [
        { id: p1.id, schoolId: w.school.id },
        { id: p2.id, schoolId: w.school.id },
      ],
    });
    const father = await makeGuardian(t.db, {
      children: [{ id: p1.id, schoolId: w.school.id }],
      responsibility: 'legal2',
    });
    await t.db
      .insertInto('guardianships')
      .values({
        id: `r-${p2.id}`,
        guardian_id: father.id,
        pupil_id: p2.id,
        responsibility: 'legal2',
        lives_with: 0,
        receives_mail: 0,
        may_collect: 0,
        court_restricted: 1,
      })
      .execute();
    await t.db
      .updateTable('people')
      .set({ password_hash: null })
      .where('id', 'in', [p1.id, p2.id, mother.id, father.id])
      .execute();
    const res = await as(w.admin, {
      method: 'GET',
      url: `/api/schools/${w.school.id}/admin/classes/${klass.id}/activation-letters.pdf`,
    });
    assert.equal(res.statusCode, 200, res.body);
    const { pages: letters } = await readLetter(res.rawPayload);
    assert.equal(letters.length, 2, 'one letter per parent');
    for (const letter of letters) {
      assert.ok(!(letter.includes(father.login) && letter.includes(p2.login)), 'father never next to p2');
      assert.ok(!(letter.includes(father.login) && letter.includes(mother.login)), 'never both parents’ codes');
    }
    assert.ok(letters.some((l) => l.includes(mother.login) && l.includes(p1.login) && l.includes(p2.login)));
  });

  test('a pupil’s own letter goes to the guardian who receives mail, at their address, in their language', async () => {
    const w = await world();
    const klass = await makeClass(t.db, w.school, { code: `5D${Math.random().toString(36).slice(2, 5)}` });
    const pupil = await makePupil(t.db, w.school, { classId: klass.id });
    const father = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: w.school.id }] });
    const mother = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: w.school.id }],
      responsibility: 'legal2',
    });
    // Separated parents: the child lives with the mother, who receives the mail.
    await t.db
      .updateTable('guardianships')
      .set({ receives_mail: 0, lives_with: 0 })
      .where('guardian_id', '=', father.id)
      .execute();
    const edit = await as(w.admin, {
      method: 'PATCH',
      url: `/api/schools/${w.school.id}/admin/people/${mother.id}`,
      payload: { postalAddress: '12 rue des Lilas\n93200 Saint-Denis', phone: '06 12 34 56 78', locale: 'en' },
    });
    assert.equal(edit.statusCode, 200, edit.body);
    assert.equal(edit.json().phone, '06 12 34 56 78');
    const res = await as(w.admin, {
      method: 'POST',
      url: `/api/schools/${w.school.id}/people/${pupil.id}/activation-letter`,
    });
    assert.equal(res.statusCode, 201, res.body);
    const { text, codes } = await readLetter(res.rawPayload);
    assert.equal(codes.length, 1);
    assert.match(text, /12 rue des Lilas\n93200 Saint-Denis/);
    assert.ok(text.includes(`${edit.json().firstName} ${edit.json().lastName}`), 'addressed to the mother');
    assert.match(text, /Login: /, 'in the language of the guardian who receives it');
    assert.ok(!text.includes(father.login) && !text.includes(mother.login), 'only the pupil’s code');

    // The class letters: the pupil's code was just printed (still valid), so only the parents get one...
    await t.db
      .updateTable('people')
      .set({ password_hash: null })
      .where('id', 'in', [pupil.id, father.id, mother.id])
      .execute();
    const url = `/api/schools/${w.school.id}/admin/classes/${klass.id}/activation-letters.pdf`;
    const firstRes = await as(w.admin, { method: 'GET', url });
    assert.equal(firstRes.statusCode, 200, firstRes.body);
    const first = await readLetter(firstRes.rawPayload);
    assert.equal(first.pages.length, 2);
    assert.ok(!first.text.includes(pupil.login), 'a code already handed out is not replaced');
    assert.ok(first.pages.every((p) => !(p.includes(father.login) && p.includes(mother.login))));
    // ...unless the administrator asks for every code not used yet.
    const again = await as(w.admin, { method: 'GET', url: `${url}?reissue=pending` });
    assert.equal(again.statusCode, 200, again.body);
    const second = await readLetter(again.rawPayload);
    assert.equal(second.codes.length, 3);
    assert.ok(second.pages.some((p) => p.includes(mother.login) && p.includes(pupil.login)));
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'target_person_id'])
      .where('school_id', '=', w.school.id)
      .orderBy('created_at')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['activation.letter', 'activation.class_letters', 'activation.class_letters'],
    );
  });

  test('GET admin person: contact details and family links; links are created and audited', async () => {
    const w = await world();
    const url = `/api/schools/${w.school.id}/admin/people/${w.pupil.id}`;
    await refused(w, { method: 'GET', url });
    const other = await makeGuardian(t.db, { children: [] });
    await t.db
      .insertInto('profiles')
      .values({ id: `g-${other.id}`, person_id: other.id, school_id: w.school.id, kind: 'guardian' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const link = await as(w.admin, {
      method: 'POST',
      url: `/api/schools/${w.school.id}/admin/guardianships`,
      payload: { guardianId: other.id, pupilId: w.pupil.id, responsibility: 'contact', receivesMail: false },
    });
    assert.equal(link.statusCode, 201, link.body);
    const res = await as(w.admin, { method: 'GET', url });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.links.length, 2);
    const contact = body.links.find((l: { guardianId: string }) => l.guardianId === other.id);
    assert.equal(contact.responsibility, 'contact');
    assert.equal(contact.receivesMail, false);
    assert.equal(contact.guardian.id, other.id);
    const bad = await as(w.admin, { method: 'PATCH', url, payload: { phone: 'not a phone' } });
    assert.equal(bad.statusCode, 400);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'guardianship.create')
      .where('target_person_id', '=', w.pupil.id)
      .execute();
    assert.equal(audit.length, 1);
  });

  test('activation letters use PUBLIC_URL when it is set', async () => {
    const ctx = await createTestApp({ publicUrl: 'https://ent.college-exemple.fr/' });
    try {
      const school = await makeSchool(ctx.db);
      const admin = await signIn(ctx.app, await makeStaff(ctx.db, school, ['school_admin']));
      const klass = await makeClass(ctx.db, school, { code: '6A' });
      const pupil = await makePupil(ctx.db, school, { classId: klass.id });
      await ctx.db.updateTable('people').set({ password_hash: null }).where('id', '=', pupil.id).execute();
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/schools/${school.id}/admin/classes/${klass.id}/activation-letters.pdf`,
        headers: { ...admin.headers, host: 'evil.example' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(
        res.headers['content-disposition'],
        `attachment; filename="lettres-activation-6A.pdf"; filename*=UTF-8''lettres-activation-6A.pdf`,
      );
      const { text } = await readLetter(res.rawPayload);
      assert.match(text, /Adresse de connexion : https:\/\/ent\.college-exemple\.fr\n/);
      assert.ok(!text.includes('evil.example'));
    } finally {
      await ctx.close();
    }
  });
});

describe('activation letters and staff accounts', () => {
  test('a guardian who also works at a school gets no new code from a family letter', async () => {
    const ctx = await createTestApp();
    try {
      const school = await makeSchool(ctx.db);
      const elsewhere = await makeSchool(ctx.db);
      const admin = await signIn(ctx.app, await makeStaff(ctx.db, school, ['school_admin']));
      const klass = await makeClass(ctx.db, school, { code: '6A' });
      const pupil = await makePupil(ctx.db, school, { classId: klass.id });
      const parent = await makeGuardian(ctx.db, { children: [{ id: pupil.id, schoolId: school.id }] });
      await ctx.db
        .insertInto('profiles')
        .values({ id: `t-${parent.id}`, person_id: parent.id, school_id: elsewhere.id, kind: 'teacher' })
        .execute();
      await ctx.db
        .updateTable('people')
        .set({ password_hash: null })
        .where('id', 'in', [pupil.id, parent.id])
        .execute();
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/schools/${school.id}/admin/classes/${klass.id}/activation-letters.pdf`,
        headers: admin.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      const row = (id: string) =>
        ctx.db.selectFrom('people').select('activation_code_hash').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal((await row(parent.id)).activation_code_hash, null);
      assert.notEqual((await row(pupil.id)).activation_code_hash, null);
    } finally {
      await ctx.close();
    }
  });
});
