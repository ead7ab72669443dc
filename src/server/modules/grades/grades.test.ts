import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGroup,
  makeGuardian,
  makePeriod,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { newId } from '../../lib/ids.ts';
import { setSchoolSetting } from '../../lib/school-settings.ts';
import { GRADE_SETTINGS } from './grades.service.ts';

const addDaysIso = (iso: string, n: number) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

describe('grades: assessments, entry, visibility, figures', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function setup() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const period = await makePeriod(t.db, school);
    const otherPeriod = await makePeriod(t.db, other);
    const cls = await makeClass(t.db, school);
    const pupils = [];
    for (let i = 0; i < 4; i++) pupils.push(await makePupil(t.db, school, { classId: cls.id }));
    const [p1, p2, p3, p4] = pupils as [(typeof pupils)[0], (typeof pupils)[0], (typeof pupils)[0], (typeof pupils)[0]];
    const outsider = await makePupil(t.db, school);
    const guardian = await makeGuardian(t.db, { children: [{ id: p1.id, schoolId: school.id }] });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: p1.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: p2.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const colleague = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const principalTeacher = await makeTeacher(t.db, school, { principalOf: [cls.id] });
    const unrelatedTeacher = await makeTeacher(t.db, school);
    const principal = await makeStaff(t.db, school, ['principal']);
    const secretariat = await makeStaff(t.db, school, ['secretariat']);
    const nurse = await makeStaff(t.db, school, ['infirmiere']);
    const otherCls = await makeClass(t.db, other);
    const otherTeacher = await makeTeacher(t.db, other, { classIds: [otherCls.id] });
    const otherPrincipal = await makeStaff(t.db, other, ['principal']);
    const s = async (p: { login: string; password: string }) => signIn(t.app, p);
    // No quiet hours here, so that "published now" means now whatever the hour the tests run at (the quiet-hours
    // rule has its own tests in grades.publication.test.ts).
    await setSchoolSetting(t.db, school.id, GRADE_SETTINGS, { ...GRADE_SETTINGS.defaults, quietHours: null }, null);
    return {
      school,
      other,
      period,
      otherPeriod,
      cls,
      p1,
      p2,
      p3,
      p4,
      outsider,
      guardian,
      restricted,
      otherGuardian,
      teacher,
      colleague,
      principalTeacher,
      unrelatedTeacher,
      principal,
      secretariat,
      nurse,
      otherCls,
      otherTeacher,
      otherPrincipal,
      as: {
        teacher: await s(teacher),
        colleague: await s(colleague),
        principalTeacher: await s(principalTeacher),
        unrelatedTeacher: await s(unrelatedTeacher),
        principal: await s(principal),
        secretariat: await s(secretariat),
        nurse: await s(nurse),
        p1: await s(p1),
        p2: await s(p2),
        guardian: await s(guardian),
        restricted: await s(restricted),
        otherGuardian: await s(otherGuardian),
        otherTeacher: await s(otherTeacher),
        otherPrincipal: await s(otherPrincipal),
      },
    };
  }
  type Setup = Awaited<ReturnType<typeof setup>>;

  const inject = (session: Session | null, method: string, url: string, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      ...(payload !== undefined ? { payload: payload as object } : {}),
      ...(session ? { headers: session.headers } : {}),
    });

  async function createAssessment(x: Setup, o: Record<string, unknown> = {}) {
    const res = await inject(x.as.teacher, 'POST', '/api/grades/assessments', {
      classId: x.cls.id,
      subjectId: x.teacher.subjectId,
      periodId: x.period.id,
      title: 'Contrôle — fractions',
      date: todayInParis(),
      scale: 20,
      coefficient: 1,
      ...o,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().assessment as { id: string; scale: number; coefficient: number };
  }

  const gradesOf = async (assessmentId: string) =>
    t.db.selectFrom('grades').selectAll().where('assessment_id', '=', assessmentId).orderBy('pupil_id').execute();

  test('a teacher creates an assessment in a service they teach and enters grades; figures are exact', async () => {
    const x = await setup();
    const a1 = await createAssessment(x);
    const a2 = await createAssessment(x, { title: 'Interrogation', scale: 10, coefficient: 2 });
    let res = await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a1.id}/grades`, {
      grades: [
        { pupilId: x.p1.id, value: 15 },
        { pupilId: x.p2.id, value: 12.5, comment: 'Bon travail' },
        { pupilId: x.p3.id, code: 'ABS' },
        { pupilId: x.p4.id, code: 'NR' },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const detail = res.json();
    // NR counts as 0 by default, ABS is excluded: (15 + 12.5 + 0) / 3 = 9.1666… → 9.17.
    assert.deepEqual(detail.assessment.stats, { average: '9.17', min: '0.00', max: '15.00', count: 3 });
    res = await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a2.id}/grades`, {
      grades: [
        { pupilId: x.p1.id, value: 8 },
        { pupilId: x.p2.id, value: 3.25 },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);

    res = await inject(
      x.as.teacher,
      'GET',
      `/api/grades/gradebook?classId=${x.cls.id}&subjectId=${x.teacher.subjectId}&periodId=${x.period.id}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    const book = res.json();
    assert.equal(book.canCreate, true);
    assert.equal(book.pupils.length, 4);
    const avg = (id: string) => book.averages.find((a: { pupilId: string }) => a.pupilId === id).average;
    // p1: (15×1 + 16×2) / 3 = 15.666… ; p2: (12.5 + 6.5×2) / 3 = 8.5 ; p3: nothing counts ; p4: NR → 0.
    assert.equal(avg(x.p1.id), '15.67');
    assert.equal(avg(x.p2.id), '8.50');
    assert.equal(avg(x.p3.id), null);
    assert.equal(avg(x.p4.id), '0.00');
    // Class average of the exact averages: (47/3 + 17/2 + 0) / 3 = 145/18 = 8.0555…
    assert.deepEqual(book.classStats, { average: '8.06', min: '0.00', max: '15.67', count: 3 });

    // The school's rule can make ABS count as 0 (direction sets it).
    res = await inject(x.as.principal, 'GET', `/api/schools/${x.school.id}/settings/grades`);
    const settings = res.json();
    res = await inject(x.as.principal, 'PUT', `/api/schools/${x.school.id}/settings/grades`, {
      ...settings,
      codeRules: { ...settings.codeRules, ABS: 'zero' },
    });
    assert.equal(res.statusCode, 200, res.body);
    res = await inject(x.as.teacher, 'GET', `/api/grades/assessments/${a1.id}`);
    assert.equal(res.json().assessment.stats.average, '6.88'); // 27.5 / 4 = 6.875 → 6.88 (half up)
  });

  test('bad input gets a clear error and changes nothing', async () => {
    const x = await setup();
    const a = await createAssessment(x);
    const url = `/api/grades/assessments/${a.id}/grades`;
    await inject(x.as.teacher, 'PUT', url, { grades: [{ pupilId: x.p1.id, value: 11 }] });
    const before = await gradesOf(a.id);

    const cases: Array<[string, unknown, string | null]> = [
      [
        'above the scale',
        [
          { pupilId: x.p1.id, value: 21 },
          { pupilId: x.p2.id, value: 10 },
        ],
        'ABOVE_SCALE',
      ],
      ['too many decimals', [{ pupilId: x.p2.id, value: 10.125 }], 'TOO_MANY_DECIMALS'],
      ['value and code', [{ pupilId: x.p2.id, value: 10, code: 'ABS' }], 'VALUE_AND_CODE'],
      [
        'a pupil of another class',
        [
          { pupilId: x.p2.id, value: 10 },
          { pupilId: x.outsider.id, value: 10 },
        ],
        'NOT_A_PUPIL_OF_THIS_CLASS',
      ],
      ['an unknown pupil', [{ pupilId: newId(), value: 10 }], 'NOT_A_PUPIL_OF_THIS_CLASS'],
      ['an unknown code', [{ pupilId: x.p2.id, code: 'ABSENT' }], null],
      ['a negative grade', [{ pupilId: x.p2.id, value: -1 }], null],
      [
        'twice the same pupil',
        [
          { pupilId: x.p2.id, value: 1 },
          { pupilId: x.p2.id, value: 2 },
        ],
        'DUPLICATE',
      ],
    ];
    for (const [label, grades, problem] of cases) {
      const res = await inject(x.as.teacher, 'PUT', url, { grades });
      assert.equal(res.statusCode, 400, `${label}: ${res.body}`);
      assert.equal(res.json().error, 'VALIDATION_FAILED', label);
      if (problem) {
        const problems = (res.json().details as { problems: { problem: string }[] }).problems.map((p) => p.problem);
        assert.ok(problems.includes(problem), `${label}: ${JSON.stringify(problems)}`);
      }
      assert.deepEqual(await gradesOf(a.id), before, `${label}: nothing changed`);
    }

    // Assessments: coefficient zero or below, more than two decimals, a date outside the period, a bad scale.
    const base = {
      classId: x.cls.id,
      subjectId: x.teacher.subjectId,
      periodId: x.period.id,
      title: 'DS',
      date: todayInParis(),
    };
    const count = async () => (await t.db.selectFrom('assessments').select('id').execute()).length;
    const n = await count();
    for (const [label, body] of [
      ['coefficient 0', { ...base, coefficient: 0 }],
      ['coefficient −1', { ...base, coefficient: -1 }],
      ['coefficient 1.234', { ...base, coefficient: 1.234 }],
      ['scale 0', { ...base, scale: 0 }],
      ['scale 12.5', { ...base, scale: 12.5 }],
      ['date outside the period', { ...base, date: '2001-01-01' }],
      ['class and group', { ...base, groupId: newId() }],
      ['empty title', { ...base, title: '  ' }],
      ['unknown skill', { ...base, skills: ['D9'] }],
    ] as const) {
      const res = await inject(x.as.teacher, 'POST', '/api/grades/assessments', body);
      assert.equal(res.statusCode, 400, `${label}: ${res.body}`);
      assert.equal(res.json().error, 'VALIDATION_FAILED', label);
    }
    assert.equal(await count(), n);

    // Shrinking the scale below a grade already entered is refused.
    const res = await inject(x.as.teacher, 'PATCH', `/api/grades/assessments/${a.id}`, { scale: 10 });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(
      (await t.db.selectFrom('assessments').select('scale').where('id', '=', a.id).executeTakeFirstOrThrow()).scale,
      20,
    );
  });

  test('a teacher edits only their own assessments; services are checked', async () => {
    const x = await setup();
    const a = await createAssessment(x);
    // A colleague teaching the same class (another subject) may not touch it…
    for (const [method, url, body] of [
      ['PATCH', `/api/grades/assessments/${a.id}`, { title: 'Changé' }],
      ['DELETE', `/api/grades/assessments/${a.id}`, undefined],
      ['PUT', `/api/grades/assessments/${a.id}/grades`, { grades: [{ pupilId: x.p1.id, value: 20 }] }],
    ] as const) {
      for (const who of [x.as.colleague, x.as.principalTeacher, x.as.principal]) {
        const res = await inject(who, method, url, body);
        assert.ok([403, 404].includes(res.statusCode), `${method} ${url}: ${res.statusCode}`);
      }
    }
    assert.equal((await gradesOf(a.id)).length, 0);
    // …nor create one in a subject they do not teach to that class.
    const res = await inject(x.as.colleague, 'POST', '/api/grades/assessments', {
      classId: x.cls.id,
      subjectId: x.teacher.subjectId,
      periodId: x.period.id,
      title: 'DS',
      date: todayInParis(),
    });
    assert.equal(res.statusCode, 403, res.body);
    // The professeur principal and direction read the grade book; an unrelated teacher does not.
    const book = `/api/grades/gradebook?classId=${x.cls.id}&subjectId=${x.teacher.subjectId}&periodId=${x.period.id}`;
    assert.equal((await inject(x.as.principalTeacher, 'GET', book)).statusCode, 200);
    assert.equal((await inject(x.as.principal, 'GET', book)).json().canCreate, false);
    assert.equal((await inject(x.as.unrelatedTeacher, 'GET', book)).statusCode, 404);
    // The author may delete it.
    assert.equal((await inject(x.as.teacher, 'DELETE', `/api/grades/assessments/${a.id}`)).statusCode, 200);
  });

  test('pupils and guardians see only published grades of their own', async () => {
    const x = await setup();
    // Guardians one day after pupils; no quiet hours, to keep the times simple.
    const settings = (await inject(x.as.principal, 'GET', `/api/schools/${x.school.id}/settings/grades`)).json();
    await inject(x.as.principal, 'PUT', `/api/schools/${x.school.id}/settings/grades`, {
      ...settings,
      guardianDelayHours: 24,
      quietHours: null,
    });
    const published = await createAssessment(x, {
      title: 'Publiée',
      publishAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    const pupilsOnly = await createAssessment(x, {
      title: 'Élèves seulement',
      publishAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const later = await createAssessment(x, {
      title: 'Plus tard',
      publishAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    for (const a of [published, pupilsOnly, later]) {
      await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a.id}/grades`, {
        grades: [
          { pupilId: x.p1.id, value: 10 },
          { pupilId: x.p2.id, value: 14 },
        ],
      });
    }
    const titles = (body: { subjects: { assessments: { title: string }[] }[] }) =>
      body.subjects.flatMap((s) => s.assessments.map((a) => a.title)).sort();

    let res = await inject(x.as.p1, 'GET', `/api/grades/pupils/${x.p1.id}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(titles(res.json()), ['Publiée', 'Élèves seulement'].sort());
    // Class figures only use what the caller may see: (10 + 14) / 2 on the two published assessments.
    assert.equal(res.json().subjects[0].classAverage, '12.00');
    assert.equal(res.json().general.rank, null);

    res = await inject(x.as.guardian, 'GET', `/api/grades/pupils/${x.p1.id}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(titles(res.json()), ['Publiée']);

    res = await inject(x.as.principal, 'GET', `/api/grades/pupils/${x.p1.id}`);
    assert.deepEqual(titles(res.json()), ['Plus tard', 'Publiée', 'Élèves seulement'].sort());
    res = await inject(x.as.principalTeacher, 'GET', `/api/grades/pupils/${x.p1.id}`);
    assert.equal(res.statusCode, 200);

    // Another pupil, another family, a court-restricted guardian, a teacher who is not principal, the nurse.
    for (const who of [x.as.p2, x.as.otherGuardian, x.as.restricted, x.as.colleague, x.as.nurse, x.as.otherPrincipal]) {
      res = await inject(who, 'GET', `/api/grades/pupils/${x.p1.id}`);
      assert.equal(res.statusCode, 404, res.body);
    }
  });

  test("a pupil's grades open on the latest period with grades, not on one that has just started", async () => {
    const x = await setup();
    const yesterday = addDaysIso(todayInParis(), -1);
    await t.db.updateTable('periods').set({ ends_on: yesterday }).where('id', '=', x.period.id).execute();
    const next = await makePeriod(t.db, x.school, {
      number: 2,
      startsOn: todayInParis(),
      endsOn: addDaysIso(todayInParis(), 60),
    });
    const a = await createAssessment(x, {
      date: yesterday,
      publishAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a.id}/grades`, {
      grades: [{ pupilId: x.p1.id, value: 13 }],
    });
    for (const who of [x.as.p1, x.as.guardian]) {
      const res = await inject(who, 'GET', `/api/grades/pupils/${x.p1.id}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().period.id, x.period.id);
      assert.equal(res.json().subjects[0].assessments[0].value, 13);
    }
    // Asked for, the new period opens (empty); a pupil without any grade opens on the current one.
    const asked = await inject(x.as.p1, 'GET', `/api/grades/pupils/${x.p1.id}?periodId=${next.id}`);
    assert.equal(asked.json().period.id, next.id);
    assert.equal(asked.json().subjects.filter((s: { assessments: unknown[] }) => s.assessments.length).length, 0);
    const empty = await inject(x.as.otherGuardian, 'GET', `/api/grades/pupils/${x.p2.id}`);
    assert.equal(empty.json().period.id, next.id);
  });

  test('ranks appear only when the school turns them on', async () => {
    const x = await setup();
    const a = await createAssessment(x, { publishAt: new Date(Date.now() - 86_400_000).toISOString() });
    await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a.id}/grades`, {
      grades: [
        { pupilId: x.p1.id, value: 12 },
        { pupilId: x.p2.id, value: 15 },
        { pupilId: x.p3.id, value: 12 },
      ],
    });
    let body = (await inject(x.as.p1, 'GET', `/api/grades/pupils/${x.p1.id}`)).json();
    assert.equal(body.ranksEnabled, false);
    assert.equal(body.subjects[0].rank, null);
    const settings = (await inject(x.as.principal, 'GET', `/api/schools/${x.school.id}/settings/grades`)).json();
    await inject(x.as.principal, 'PUT', `/api/schools/${x.school.id}/settings/grades`, {
      ...settings,
      ranksEnabled: true,
    });
    body = (await inject(x.as.p1, 'GET', `/api/grades/pupils/${x.p1.id}`)).json();
    assert.equal(body.subjects[0].rank, 2); // 15 first, then 12 and 12 share the 2nd place
    assert.equal(body.general.rank, 2);
  });

  test('a pupil sees a new grade at once, and a grade due later when its time comes (cached figures)', async () => {
    const x = await setup();
    const a = await createAssessment(x, { publishAt: new Date(Date.now() - 60_000).toISOString() });
    const view = async () => (await inject(x.as.p1, 'GET', `/api/grades/pupils/${x.p1.id}`)).json();
    assert.equal((await view()).general.average, null);
    await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a.id}/grades`, {
      grades: [{ pupilId: x.p1.id, value: 13 }],
    });
    assert.equal((await view()).general.average, '13.00');
    await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a.id}/grades`, {
      grades: [{ pupilId: x.p1.id, value: 7 }],
    });
    assert.equal((await view()).general.average, '7.00');
    // Published in 1.5 s: not yet, then visible without any write in between.
    const later = await createAssessment(x, { publishAt: new Date(Date.now() + 1500).toISOString() });
    await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${later.id}/grades`, {
      grades: [{ pupilId: x.p1.id, value: 19 }],
    });
    assert.equal((await view()).general.average, '7.00');
    await new Promise((r) => setTimeout(r, 1700));
    assert.equal((await view()).general.average, '13.00');
  });

  test('review fixes: an unassigned teacher changes nothing; duplicate skill lines and odd coefficients refused', async () => {
    const x = await setup();
    const a = await createAssessment(x, { skills: ['D2'] });
    // Twice the same pupil and component: 400 on both engines (PostgreSQL would refuse the double upsert).
    let res = await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a.id}/skills`, {
      results: [
        { pupilId: x.p1.id, component: 'D2', level: 1 },
        { pupilId: x.p1.id, component: 'D2', level: 4 },
      ],
    });
    assert.equal(res.statusCode, 400, res.body);
    // A subject coefficient below 0.01 or with more than two decimals.
    const settings = (await inject(x.as.principal, 'GET', `/api/schools/${x.school.id}/settings/grades`)).json();
    for (const c of [0.004, 1.234, 0]) {
      res = await inject(x.as.principal, 'PUT', `/api/schools/${x.school.id}/settings/grades`, {
        ...settings,
        subjectCoefficients: { [x.teacher.subjectId]: c },
      });
      assert.equal(res.statusCode, 400, `coefficient ${c}: ${res.body}`);
    }
    // The secretariat and the nurse do not read the grade rules.
    for (const who of [x.as.secretariat, x.as.nurse]) {
      assert.equal((await inject(who, 'GET', `/api/schools/${x.school.id}/settings/grades`)).statusCode, 403);
    }
    // No longer assigned to the class: grades, the assessment and its deletion are refused, nothing changes.
    await t.db.deleteFrom('teaching_assignments').where('teacher_id', '=', x.teacher.id).execute();
    res = await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a.id}/grades`, {
      grades: [{ pupilId: x.p1.id, value: 3 }],
    });
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(
      (await inject(x.as.teacher, 'PATCH', `/api/grades/assessments/${a.id}`, { coefficient: 5 })).statusCode,
      404,
    );
    assert.equal((await inject(x.as.teacher, 'DELETE', `/api/grades/assessments/${a.id}`)).statusCode, 404);
    assert.equal((await gradesOf(a.id)).length, 0);
    const row = await t.db
      .selectFrom('assessments')
      .select('coefficient_centi')
      .where('id', '=', a.id)
      .executeTakeFirst();
    assert.equal(row?.coefficient_centi, 100);
  });

  test('skills: levels per assessment and a summary per period', async () => {
    const x = await setup();
    const a = await createAssessment(x, {
      skills: ['D1.3', 'D4'],
      publishAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    const b = await createAssessment(x, {
      skills: ['D1.3'],
      publishAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    let res = await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a.id}/skills`, {
      results: [
        { pupilId: x.p1.id, component: 'D1.3', level: 2 },
        { pupilId: x.p1.id, component: 'D4', level: 4 },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    res = await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${b.id}/skills`, {
      results: [{ pupilId: x.p1.id, component: 'D1.3', level: 3 }],
    });
    assert.equal(res.statusCode, 200, res.body);
    // A component the assessment does not evaluate is refused, all or nothing.
    res = await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${b.id}/skills`, {
      results: [
        { pupilId: x.p2.id, component: 'D1.3', level: 3 },
        { pupilId: x.p2.id, component: 'D5', level: 3 },
      ],
    });
    assert.equal(res.statusCode, 400);
    assert.equal(
      (await t.db.selectFrom('skill_results').select('level').where('pupil_id', '=', x.p2.id).execute()).length,
      0,
    );
    // A grade is needed for the subject to show, but skills are summarised anyway.
    await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a.id}/grades`, {
      grades: [{ pupilId: x.p1.id, value: 10 }],
    });
    const body = (await inject(x.as.p1, 'GET', `/api/grades/pupils/${x.p1.id}`)).json();
    const d13 = body.skills.find((s: { component: string }) => s.component === 'D1.3');
    assert.equal(d13.level, 3); // mean of 2 and 3 = 2.5, rounded half up
    assert.equal(d13.results.length, 2);
    assert.equal(body.skills.find((s: { component: string }) => s.component === 'D4').level, 4);
  });

  test('groups: an assessment given to a group counts for its pupils', async () => {
    const x = await setup();
    const group = await makeGroup(t.db, x.school, { pupilIds: [x.p1.id, x.p2.id] });
    const groupTeacher = await makeTeacher(t.db, x.school);
    await t.db
      .insertInto('teaching_assignments')
      .values({
        id: newId(),
        school_id: x.school.id,
        school_year_id: x.school.yearId,
        teacher_id: groupTeacher.id,
        class_id: null,
        group_id: group.id,
        subject_id: groupTeacher.subjectId,
      })
      .execute();
    const gt = await signIn(t.app, groupTeacher);
    let res = await inject(gt, 'POST', '/api/grades/assessments', {
      groupId: group.id,
      subjectId: groupTeacher.subjectId,
      periodId: x.period.id,
      title: 'Latin — déclinaisons',
      date: todayInParis(),
      publishAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().assessment.id;
    // p3 is not in the group.
    res = await inject(gt, 'PUT', `/api/grades/assessments/${id}/grades`, {
      grades: [{ pupilId: x.p3.id, value: 10 }],
    });
    assert.equal(res.statusCode, 400);
    res = await inject(gt, 'PUT', `/api/grades/assessments/${id}/grades`, {
      grades: [{ pupilId: x.p1.id, value: 17 }],
    });
    assert.equal(res.statusCode, 200);
    const body = (await inject(x.as.p1, 'GET', `/api/grades/pupils/${x.p1.id}`)).json();
    const latin = body.subjects.find((s: { subjectId: string }) => s.subjectId === groupTeacher.subjectId);
    assert.equal(latin.average, '17.00');
    assert.equal(body.general.average, '17.00');
  });

  test('every route refuses anonymous callers, another school, another family and the wrong profile', async () => {
    const x = await setup();
    const a = await createAssessment(x);
    await inject(x.as.teacher, 'PUT', `/api/grades/assessments/${a.id}/grades`, {
      grades: [{ pupilId: x.p1.id, value: 12 }],
    });
    const snapshot = async () => ({
      grades: await gradesOf(a.id),
      assessments: await t.db.selectFrom('assessments').selectAll().orderBy('id').execute(),
      settings: await t.db.selectFrom('school_settings').selectAll().orderBy('name').execute(),
    });
    const before = await snapshot();
    const unchanged = async () => assert.deepEqual(await snapshot(), before);
    const settings = (await inject(x.as.principal, 'GET', `/api/schools/${x.school.id}/settings/grades`)).json();
    const book = `/api/grades/gradebook?classId=${x.cls.id}&subjectId=${x.teacher.subjectId}&periodId=${x.period.id}`;
    const teacherRoutes = [
      { method: 'GET', url: book },
      { method: 'GET', url: `/api/grades/assessments/${a.id}` },
      { method: 'PATCH', url: `/api/grades/assessments/${a.id}`, payload: { title: 'X' } },
      { method: 'DELETE', url: `/api/grades/assessments/${a.id}` },
      {
        method: 'PUT',
        url: `/api/grades/assessments/${a.id}/grades`,
        payload: { grades: [{ pupilId: x.p1.id, value: 1 }] },
      },
      {
        method: 'PUT',
        url: `/api/grades/assessments/${a.id}/skills`,
        payload: { results: [{ pupilId: x.p1.id, component: 'D2', level: 1 }] },
      },
      {
        method: 'POST',
        url: '/api/grades/assessments',
        payload: {
          classId: x.cls.id,
          subjectId: x.teacher.subjectId,
          periodId: x.period.id,
          title: 'X',
          date: todayInParis(),
        },
      },
    ] as const;
    for (const req of teacherRoutes) {
      await assertRefusals(
        t.app,
        { method: req.method, url: req.url, ...('payload' in req ? { payload: req.payload } : {}) },
        { otherSchool: x.as.otherTeacher, otherFamily: x.as.guardian, wrongProfile: x.as.unrelatedTeacher },
        unchanged,
      );
      // Pupils and the secretariat get nothing either.
      for (const who of [x.as.p1, x.as.secretariat]) {
        const res = await inject(who, req.method, req.url, 'payload' in req ? req.payload : undefined);
        assert.ok([403, 404].includes(res.statusCode), `${req.method} ${req.url}: ${res.statusCode}`);
      }
    }
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/schools/${x.school.id}/grades/services` },
      { otherSchool: x.as.otherTeacher, otherFamily: x.as.guardian, wrongProfile: x.as.principal },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/schools/${x.school.id}/grades/subjects` },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.guardian, wrongProfile: x.as.teacher },
    );
    const subjects = (await inject(x.as.principal, 'GET', `/api/schools/${x.school.id}/grades/subjects`)).json();
    assert.ok(subjects.subjects.some((s: { id: string }) => s.id === x.teacher.subjectId));
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/schools/${x.school.id}/settings/grades` },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.guardian, wrongProfile: x.as.p1 },
    );
    await assertRefusals(
      t.app,
      {
        method: 'PUT',
        url: `/api/schools/${x.school.id}/settings/grades`,
        payload: { ...settings, ranksEnabled: true },
      },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.guardian, wrongProfile: x.as.teacher },
      unchanged,
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/grades/pupils/${x.p1.id}` },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.otherGuardian, wrongProfile: x.as.secretariat },
    );
    // The teacher's services list works for a teacher.
    const res = await inject(x.as.teacher, 'GET', `/api/schools/${x.school.id}/grades/services`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().services.length, 1);
    assert.equal(res.json().currentPeriodId, x.period.id);
  });
});
