import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeAttendanceEvent,
  makeClass,
  makeGroup,
  makeGuardian,
  makePeriod,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeSubject,
  makeTeacher,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { newId } from '../../lib/ids.ts';
import { setSchoolSetting } from '../../lib/school-settings.ts';
import { GRADE_SETTINGS } from '../grades/grades.service.ts';

async function pdfTextOf(pdf: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('report cards: appreciations, council, publication, reading', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function setup() {
    const school = await makeSchool(t.db, { name: 'Collège Le Parc' });
    const other = await makeSchool(t.db);
    const period = await makePeriod(t.db, school, { label: '1er trimestre' });
    const cls = await makeClass(t.db, school, { code: '4B' });
    const p1 = await makePupil(t.db, school, { classId: cls.id, firstName: 'Inès' });
    const p2 = await makePupil(t.db, school, { classId: cls.id, firstName: 'Léo' });
    const mother = await makeGuardian(t.db, { children: [{ id: p1.id, schoolId: school.id }] });
    const father = await makeGuardian(t.db, {
      children: [{ id: p1.id, schoolId: school.id }],
      responsibility: 'legal2',
    });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: p1.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: p2.id, schoolId: school.id }] });
    const maths = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const french = await makeTeacher(t.db, school, { classIds: [cls.id], principalOf: [cls.id] });
    const unrelated = await makeTeacher(t.db, school);
    const principal = await makeStaff(t.db, school, ['principal']);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const secretariat = await makeStaff(t.db, school, ['secretariat']);
    const otherPrincipal = await makeStaff(t.db, other, ['principal']);
    const otherCls = await makeClass(t.db, other);
    const otherTeacher = await makeTeacher(t.db, other, { classIds: [otherCls.id] });
    const s = (p: { login: string; password: string }) => signIn(t.app, p);
    // No quiet hours: grades entered now count on a report card published now, whatever the hour of the run.
    await setSchoolSetting(t.db, school.id, GRADE_SETTINGS, { ...GRADE_SETTINGS.defaults, quietHours: null }, null);
    return {
      school,
      period,
      cls,
      p1,
      p2,
      mother,
      father,
      maths,
      french,
      as: {
        p1: await s(p1),
        p2: await s(p2),
        mother: await s(mother),
        father: await s(father),
        restricted: await s(restricted),
        otherGuardian: await s(otherGuardian),
        maths: await s(maths),
        french: await s(french),
        unrelated: await s(unrelated),
        principal: await s(principal),
        cpe: await s(cpe),
        secretariat: await s(secretariat),
        otherPrincipal: await s(otherPrincipal),
        otherTeacher: await s(otherTeacher),
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

  /** Maths: p1 15/20 and 9/10 coef 2 → (15 + 18×2)/3 = 17 ; p2 11/20 and 4/10 → (11 + 8×2)/3 = 9. */
  async function grade(x: Setup) {
    const mk = async (o: object) => {
      const res = await inject(x.as.maths, 'POST', '/api/grades/assessments', {
        classId: x.cls.id,
        subjectId: x.maths.subjectId,
        periodId: x.period.id,
        title: 'Contrôle',
        date: todayInParis(),
        ...o,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().assessment.id as string;
    };
    const a = await mk({});
    const b = await mk({ scale: 10, coefficient: 2 });
    await inject(x.as.maths, 'PUT', `/api/grades/assessments/${a}/grades`, {
      grades: [
        { pupilId: x.p1.id, value: 15 },
        { pupilId: x.p2.id, value: 11 },
      ],
    });
    await inject(x.as.maths, 'PUT', `/api/grades/assessments/${b}/grades`, {
      grades: [
        { pupilId: x.p1.id, value: 9 },
        { pupilId: x.p2.id, value: 4 },
      ],
    });
  }

  const overviewUrl = (x: Setup) => `/api/report-cards/classes/${x.cls.id}/periods/${x.period.id}`;
  const appreciation = (x: Setup, pupilId: string, subjectId: string, text: string, version: number | null = null) => ({
    periodId: x.period.id,
    pupilId,
    subjectId,
    text,
    version,
  });

  test('teachers write their appreciations; the professeur principal sees what is missing', async () => {
    const x = await setup();
    await grade(x);
    let res = await inject(
      x.as.maths,
      'PUT',
      '/api/report-cards/appreciations',
      appreciation(x, x.p1.id, x.maths.subjectId, 'Très bon trimestre, élève sérieuse.'),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().version, 1);
    // Another teacher cannot write in maths; the maths teacher cannot write in French.
    res = await inject(
      x.as.french,
      'PUT',
      '/api/report-cards/appreciations',
      appreciation(x, x.p2.id, x.maths.subjectId, 'X'),
    );
    assert.equal(res.statusCode, 403);
    res = await inject(
      x.as.maths,
      'PUT',
      '/api/report-cards/appreciations',
      appreciation(x, x.p2.id, x.french.subjectId, 'X'),
    );
    assert.equal(res.statusCode, 403);
    // Two writers on the same version: the second gets 409 and the first text stays.
    res = await inject(
      x.as.maths,
      'PUT',
      '/api/report-cards/appreciations',
      appreciation(x, x.p1.id, x.maths.subjectId, 'Corrigé', 1),
    );
    assert.equal(res.statusCode, 200);
    res = await inject(
      x.as.maths,
      'PUT',
      '/api/report-cards/appreciations',
      appreciation(x, x.p1.id, x.maths.subjectId, 'Perdu ?', 1),
    );
    assert.equal(res.statusCode, 409);

    // The professeur principal (French teacher) sees every subject and what is missing.
    res = await inject(x.as.french, 'GET', overviewUrl(x));
    assert.equal(res.statusCode, 200, res.body);
    const o = res.json();
    assert.deepEqual(o.can, { council: true, publish: false, seeAll: true });
    const bySubject = Object.fromEntries(o.subjects.map((s: { subjectId: string }) => [s.subjectId, s]));
    assert.equal(bySubject[x.maths.subjectId].missing, 1);
    assert.equal(bySubject[x.maths.subjectId].expected, 2);
    assert.equal(bySubject[x.french.subjectId].missing, 2);
    assert.equal(
      o.cells.find(
        (c: { pupilId: string; subjectId: string }) => c.pupilId === x.p1.id && c.subjectId === x.maths.subjectId,
      ).average,
      '17.00',
    );
    // The maths teacher sees only maths.
    res = await inject(x.as.maths, 'GET', overviewUrl(x));
    assert.deepEqual(
      res.json().subjects.map((s: { subjectId: string }) => s.subjectId),
      [x.maths.subjectId],
    );
    assert.equal(res.json().can.seeAll, false);
    // Too long a text is refused and changes nothing.
    res = await inject(
      x.as.maths,
      'PUT',
      '/api/report-cards/appreciations',
      appreciation(x, x.p2.id, x.maths.subjectId, 'x'.repeat(1001)),
    );
    assert.equal(res.statusCode, 400);
    assert.equal((await t.db.selectFrom('appreciations').select('id').execute()).length, 1);
  });

  test('the class council: professeur principal and direction record it; published report cards reach both guardians', async () => {
    const x = await setup();
    await grade(x);
    await inject(
      x.as.maths,
      'PUT',
      '/api/report-cards/appreciations',
      appreciation(x, x.p1.id, x.maths.subjectId, 'Excellent travail, bravo à Inès.'),
    );
    await makeAttendanceEvent(t.db, x.school, {
      pupilId: x.p1.id,
      date: todayInParis(),
      kind: 'lateness',
      minutesLate: 10,
    });

    let res = await inject(x.as.french, 'PUT', '/api/report-cards/council', {
      periodId: x.period.id,
      pupilId: x.p1.id,
      generalAppreciation: 'Un trimestre remarquable. Félicitations du conseil.',
      decision: 'felicitations',
      version: null,
    });
    assert.equal(res.statusCode, 200, res.body);
    res = await inject(x.as.maths, 'PUT', '/api/report-cards/council', {
      periodId: x.period.id,
      pupilId: x.p2.id,
      generalAppreciation: 'X',
      decision: null,
      version: null,
    });
    assert.equal(res.statusCode, 403);
    res = await inject(x.as.principal, 'PUT', '/api/report-cards/council', {
      periodId: x.period.id,
      pupilId: x.p1.id,
      generalAppreciation: 'X',
      decision: 'bravo',
      version: 1,
    });
    assert.equal(res.statusCode, 400); // unknown decision

    // Only direction publishes; publication a day ahead: families wait, staff see it.
    res = await inject(x.as.french, 'POST', `${overviewUrl(x)}/publish`, {});
    assert.equal(res.statusCode, 403);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    res = await inject(x.as.principal, 'POST', `${overviewUrl(x)}/publish`, { publishAt: tomorrow });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().count, 2);
    res = await inject(x.as.mother, 'GET', `/api/report-cards/pupils/${x.p1.id}`);
    assert.deepEqual(res.json().reportCards, []);
    res = await inject(x.as.principal, 'GET', `/api/report-cards/pupils/${x.p1.id}`);
    assert.equal(res.json().reportCards.length, 1);
    const id = res.json().reportCards[0].id;
    res = await inject(x.as.mother, 'GET', `/api/report-cards/${id}`);
    assert.equal(res.statusCode, 404);

    // Published now: both legal guardians and the pupil read it; the court-restricted parent does not.
    res = await inject(x.as.principal, 'POST', `${overviewUrl(x)}/publish`, {});
    assert.equal(res.statusCode, 200);
    // Each family is told about its own child, by name; a second publication says it is a correction.
    const titles = async (personId: string) =>
      (
        await t.db
          .selectFrom('notifications')
          .select('title')
          .where('person_id', '=', personId)
          .where('kind', '=', 'report_card.published')
          .orderBy('created_at')
          .execute()
      ).map((n) => n.title);
    let motherTitles = await titles(x.mother.id);
    assert.ok(
      motherTitles.every((title) => title.includes('Inès')),
      JSON.stringify(motherTitles),
    );
    // The first publication was not visible yet (tomorrow): this one is not a correction; the next one is.
    assert.ok(!motherTitles.some((title) => title.startsWith('Bulletin corrigé')), JSON.stringify(motherTitles));
    assert.equal((await inject(x.as.principal, 'POST', `${overviewUrl(x)}/publish`, {})).statusCode, 200);
    motherTitles = await titles(x.mother.id);
    assert.ok(
      motherTitles.at(-1)?.startsWith('Bulletin corrigé du 1er trimestre : Inès'),
      JSON.stringify(motherTitles),
    );
    assert.ok((await titles(x.p2.id)).every((title) => title.includes('Léo') && !title.includes('Inès')));
    assert.deepEqual(await titles(x.as.restricted.personId), []);
    res = await inject(x.as.mother, 'GET', `/api/report-cards/pupils/${x.p1.id}`);
    assert.equal(res.json().reportCards.length, 1);
    assert.equal(res.json().reportCards[0].id, id, 'republishing keeps the report card');
    // The class as people say it, next to its code.
    await t.db.updateTable('classes').set({ label: '4e B' }).where('id', '=', x.cls.id).execute();
    res = await inject(x.as.mother, 'GET', `/api/report-cards/pupils/${x.p1.id}`);
    assert.equal(res.json().reportCards[0].className, '4B');
    assert.equal(res.json().reportCards[0].classLabel, '4e B');
    assert.equal(res.json().reportCards[0].readAt, null);
    res = await inject(x.as.mother, 'GET', `/api/report-cards/${id}`);
    assert.equal(res.statusCode, 200, res.body);
    const snap = res.json().snapshot;
    assert.equal(snap.pupil.firstName, 'Inès');
    assert.equal(snap.subjects.find((s: { subjectId: string }) => s.subjectId === x.maths.subjectId).average, '17,00');
    assert.equal(
      snap.subjects.find((s: { subjectId: string }) => s.subjectId === x.maths.subjectId).classAverage,
      '13,00',
    );
    assert.equal(snap.general.average, '17,00');
    assert.equal(snap.attendance.lateness, 1);
    assert.equal(snap.council.decision, 'felicitations');
    assert.equal((await inject(x.as.restricted, 'GET', `/api/report-cards/${id}`)).statusCode, 404);
    assert.equal((await inject(x.as.otherGuardian, 'GET', `/api/report-cards/${id}`)).statusCode, 404);
    assert.equal((await inject(x.as.p1, 'GET', `/api/report-cards/${id}`)).statusCode, 200);

    // Read status per guardian: the mother read it, the father did not (yet).
    res = await inject(x.as.french, 'GET', `${overviewUrl(x)}/reads`);
    assert.equal(res.statusCode, 200, res.body);
    const row = res.json().pupils.find((p: { id: string }) => p.id === x.p1.id);
    const readOf = (gid: string) => row.guardians.find((g: { id: string }) => g.id === gid).readAt;
    assert.ok(readOf(x.mother.id));
    assert.equal(readOf(x.father.id), null);
    assert.equal(row.guardians.length, 2, 'the restricted parent is not listed');

    // The PDF the father downloads holds the figures; opening it marks it read.
    res = await inject(x.as.father, 'GET', `/api/report-cards/${id}/pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const text = await pdfTextOf(res.rawPayload);
    for (const expected of [
      'Collège Le Parc',
      'Inès',
      '4B',
      '17,00',
      '13,00',
      'Excellent travail, bravo à Inès.',
      'Félicitations',
      'Le principal / La principale',
      'Publié le',
    ]) {
      assert.ok(text.includes(expected), `PDF lacks ${expected}:\n${text.slice(0, 800)}`);
    }
    assert.ok(!text.includes('Aperçu'), 'a published report card is not marked as a preview');
    res = await inject(x.as.french, 'GET', `${overviewUrl(x)}/reads`);
    assert.ok(
      res
        .json()
        .pupils.find((p: { id: string }) => p.id === x.p1.id)
        .guardians.every((g: { readAt: string | null }) => g.readAt),
    );
    // The class overview counts report cards read by a guardian.
    res = await inject(x.as.principal, 'GET', overviewUrl(x));
    assert.equal(res.json().publication.count, 2);
    assert.equal(res.json().publication.readByGuardians, 1);
  });

  test('preview PDFs: one pupil and the class bundle', async () => {
    const x = await setup();
    await grade(x);
    let res = await inject(x.as.principal, 'GET', `${overviewUrl(x)}/pdf?pupilId=${x.p2.id}`);
    assert.equal(res.statusCode, 200, res.body);
    let text = await pdfTextOf(res.rawPayload);
    assert.ok(text.includes('Léo'));
    assert.ok(text.includes('9,00'), text.slice(0, 600));
    // Unpublished: said on the page; signed by the school's principal, as the directory names them.
    assert.ok(text.includes('Aperçu — non publié'), 'the preview says it is one');
    assert.ok(!text.includes('Publié le'));
    const head = await t.db
      .selectFrom('staff_functions as f')
      .innerJoin('people as p', 'p.id', 'f.person_id')
      .select(['p.first_name', 'p.last_name'])
      .where('f.school_id', '=', x.school.id)
      .where('f.function', '=', 'principal')
      .executeTakeFirstOrThrow();
    assert.ok(text.includes('Le principal / La principale'), 'the signature block');
    assert.ok(text.includes(`${head.first_name} ${head.last_name}`), "the principal's name");
    res = await inject(x.as.french, 'GET', `${overviewUrl(x)}/pdf`);
    assert.equal(res.statusCode, 200);
    text = await pdfTextOf(res.rawPayload);
    assert.ok(text.indexOf('Inès') >= 0 && text.indexOf('Léo') >= 0);
    res = await inject(x.as.maths, 'GET', `${overviewUrl(x)}/pdf`);
    assert.equal(res.statusCode, 403);
  });

  test('every route refuses anonymous callers, another school, another family and the wrong profile', async () => {
    const x = await setup();
    await grade(x);
    await inject(x.as.principal, 'POST', `${overviewUrl(x)}/publish`, {});
    const id = (await inject(x.as.principal, 'GET', `/api/report-cards/pupils/${x.p1.id}`)).json().reportCards[0].id;
    const snapshot = async () => ({
      a: await t.db.selectFrom('appreciations').selectAll().execute(),
      c: await t.db.selectFrom('council_decisions').selectAll().execute(),
      r: await t.db.selectFrom('report_cards').select(['id', 'publish_at', 'updated_at']).execute(),
    });
    const before = await snapshot();
    const unchanged = async () => assert.deepEqual(await snapshot(), before);
    const staffRoutes = [
      { method: 'GET', url: overviewUrl(x), wrong: x.as.unrelated },
      {
        method: 'PUT',
        url: '/api/report-cards/appreciations',
        payload: appreciation(x, x.p1.id, x.maths.subjectId, 'X'),
        wrong: x.as.french,
      },
      {
        method: 'PUT',
        url: '/api/report-cards/council',
        payload: { periodId: x.period.id, pupilId: x.p1.id, generalAppreciation: 'X', decision: null, version: null },
        wrong: x.as.maths,
      },
      { method: 'POST', url: `${overviewUrl(x)}/publish`, payload: {}, wrong: x.as.french },
      { method: 'GET', url: `${overviewUrl(x)}/reads`, wrong: x.as.maths },
      { method: 'GET', url: `${overviewUrl(x)}/pdf`, wrong: x.as.maths },
    ] as const;
    for (const r of staffRoutes) {
      await assertRefusals(
        t.app,
        { method: r.method, url: r.url, ...('payload' in r ? { payload: r.payload } : {}) },
        { otherSchool: x.as.otherPrincipal, otherFamily: x.as.mother, wrongProfile: r.wrong },
        unchanged,
      );
      for (const who of [x.as.p1, x.as.secretariat, x.as.otherTeacher]) {
        const res = await inject(who, r.method, r.url, 'payload' in r ? r.payload : undefined);
        assert.ok([403, 404].includes(res.statusCode), `${r.method} ${r.url}: ${res.statusCode}`);
      }
    }
    for (const url of [
      `/api/report-cards/pupils/${x.p1.id}`,
      `/api/report-cards/${id}`,
      `/api/report-cards/${id}/pdf`,
    ]) {
      await assertRefusals(
        t.app,
        { method: 'GET', url },
        { otherSchool: x.as.otherPrincipal, otherFamily: x.as.otherGuardian, wrongProfile: x.as.secretariat },
      );
      for (const who of [x.as.p2, x.as.restricted, x.as.maths]) {
        const res = await inject(who, 'GET', url);
        assert.equal(res.statusCode, 404, `${url}: ${res.statusCode}`);
      }
    }
    // The CPE reads a class's report cards but neither publishes nor records the council.
    assert.equal((await inject(x.as.cpe, 'GET', overviewUrl(x))).statusCode, 200);
    assert.equal((await inject(x.as.cpe, 'POST', `${overviewUrl(x)}/publish`, {})).statusCode, 403);
    // Nor does the CPE see who read what, or unpublished previews (professeur principal and direction only).
    assert.equal((await inject(x.as.cpe, 'GET', `${overviewUrl(x)}/reads`)).statusCode, 403);
    assert.equal((await inject(x.as.cpe, 'GET', `${overviewUrl(x)}/pdf`)).statusCode, 403);
  });

  test('a grade not yet published to guardians never shows through a report card', async () => {
    const x = await setup();
    await grade(x);
    const res = await inject(x.as.maths, 'POST', '/api/grades/assessments', {
      classId: x.cls.id,
      subjectId: x.maths.subjectId,
      periodId: x.period.id,
      title: 'Pas encore publié',
      date: todayInParis(),
      publishAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    });
    await inject(x.as.maths, 'PUT', `/api/grades/assessments/${res.json().assessment.id}/grades`, {
      grades: [{ pupilId: x.p1.id, value: 2 }],
    });
    await inject(x.as.principal, 'POST', `${overviewUrl(x)}/publish`, {});
    const id = (await inject(x.as.mother, 'GET', `/api/report-cards/pupils/${x.p1.id}`)).json().reportCards[0].id;
    const snap = (await inject(x.as.mother, 'GET', `/api/report-cards/${id}`)).json().snapshot;
    const maths = snap.subjects.find((s: { subjectId: string }) => s.subjectId === x.maths.subjectId);
    assert.equal(maths.average, '17,00'); // the 2/20 due in ten days is not counted
    assert.equal(maths.classMin, '9,00');
  });

  test('republishing a correction keeps a report card visible from its first publication', async () => {
    const x = await setup();
    await grade(x);
    await inject(x.as.principal, 'POST', `${overviewUrl(x)}/publish`, {});
    const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const res = await inject(x.as.principal, 'POST', `${overviewUrl(x)}/publish`, { publishAt: later });
    assert.equal(res.statusCode, 200);
    assert.equal(
      (await inject(x.as.mother, 'GET', `/api/report-cards/pupils/${x.p1.id}`)).json().reportCards.length,
      1,
    );
  });

  test("teachers see and write only their own pupils' lines: not a colleague's group, not last year's", async () => {
    const x = await setup();
    // Spanish in two groups of the class, two teachers.
    const spanish = await makeSubject(t.db, x.school, { label: 'Espagnol' });
    const g1 = await makeGroup(t.db, x.school, { pupilIds: [x.p1.id] });
    const g2 = await makeGroup(t.db, x.school, { pupilIds: [x.p2.id] });
    const ta = await makePerson(t.db, { schoolId: x.school.id, profiles: ['teacher'] });
    const tb = await makePerson(t.db, { schoolId: x.school.id, profiles: ['teacher'] });
    for (const [teacherId, groupId] of [
      [ta.id, g1.id],
      [tb.id, g2.id],
    ] as const) {
      await t.db
        .insertInto('teaching_assignments')
        .values({
          id: newId(),
          school_id: x.school.id,
          school_year_id: x.school.yearId,
          teacher_id: teacherId,
          class_id: null,
          group_id: groupId,
          subject_id: spanish.id,
        })
        .execute();
    }
    const asA = await signIn(t.app, ta);
    const asB = await signIn(t.app, tb);
    let res = await inject(
      asB,
      'PUT',
      '/api/report-cards/appreciations',
      appreciation(x, x.p2.id, spanish.id, 'Confidentiel.'),
    );
    assert.equal(res.statusCode, 200, res.body);
    res = await inject(asA, 'GET', overviewUrl(x));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().cells.map((c: { pupilId: string }) => c.pupilId),
      [x.p1.id],
    );
    res = await inject(asA, 'PUT', '/api/report-cards/appreciations', appreciation(x, x.p2.id, spanish.id, 'X'));
    assert.equal(res.statusCode, 403);

    // Last year's Latin group, never closed, and its teacher: no access to this year's lines.
    const lastYear = newId();
    await t.db
      .insertInto('school_years')
      .values({
        id: lastYear,
        school_id: x.school.id,
        label: '2001-2002',
        starts_on: '2001-09-01',
        ends_on: '2002-08-31',
      })
      .execute();
    const oldGroup = newId();
    await t.db
      .insertInto('groups')
      .values({
        id: oldGroup,
        school_id: x.school.id,
        school_year_id: lastYear,
        code: 'LAT-01',
        label: 'Latin',
        kind: 'option',
      })
      .execute();
    await t.db
      .insertInto('group_memberships')
      .values({ id: newId(), group_id: oldGroup, pupil_id: x.p1.id, starts_on: '2001-09-01', ends_on: null })
      .execute();
    const latin = await makeSubject(t.db, x.school, { label: 'Latin' });
    const oldTeacher = await makePerson(t.db, { schoolId: x.school.id, profiles: ['teacher'] });
    await t.db
      .insertInto('teaching_assignments')
      .values({
        id: newId(),
        school_id: x.school.id,
        school_year_id: lastYear,
        teacher_id: oldTeacher.id,
        class_id: null,
        group_id: oldGroup,
        subject_id: latin.id,
      })
      .execute();
    const asOld = await signIn(t.app, oldTeacher);
    assert.equal((await inject(asOld, 'GET', overviewUrl(x))).statusCode, 404);
    res = await inject(asOld, 'PUT', '/api/report-cards/appreciations', appreciation(x, x.p1.id, latin.id, 'X'));
    assert.equal(res.statusCode, 403);
    // Nor does Latin appear as a subject of this year's class.
    const subjects = (await inject(x.as.principal, 'GET', overviewUrl(x))).json().subjects;
    assert.ok(!subjects.some((s: { subjectId: string }) => s.subjectId === latin.id));
  });
});

describe('report cards: the classes a staff member may open', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  test('the list opens on the period just ended while nothing is assessed in the one that has just started', async () => {
    const school = await makeSchool(t.db);
    const shift = (days: number) => {
      const d = new Date(`${todayInParis()}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() + days);
      return d.toISOString().slice(0, 10);
    };
    const first = await makePeriod(t.db, school, { number: 1, startsOn: shift(-100), endsOn: shift(-3) });
    const second = await makePeriod(t.db, school, { number: 2, startsOn: shift(-2), endsOn: shift(80) });
    const c4b = await makeClass(t.db, school, { code: '4B' });
    const subject = await makeSubject(t.db, school);
    const teacher = await makeTeacher(t.db, school, { classIds: [c4b.id] });
    const principal = await makeStaff(t.db, school, ['principal']);
    const url = `/api/schools/${school.id}/report-cards/classes`;
    const get = async () =>
      (await t.app.inject({ method: 'GET', url, headers: (await signIn(t.app, principal)).headers })).json();
    assert.equal(
      (await get()).currentPeriodId,
      first.id,
      'a period with nothing assessed yet is not the one to work on',
    );
    const now = new Date().toISOString();
    await t.db
      .insertInto('assessments')
      .values({
        id: newId(),
        school_id: school.id,
        period_id: second.id,
        subject_id: subject.id,
        class_id: c4b.id,
        group_id: null,
        teacher_id: teacher.id,
        title: 'Interrogation',
        kind: 'devoir_surveille',
        date: shift(-1),
        scale: 20,
        coefficient_centi: 100,
        description: null,
        pupils_publish_at: now,
        guardians_publish_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    assert.equal((await get()).currentPeriodId, second.id, 'once assessed, the current period is the one');
  });

  test('direction sees every class, a teacher their classes (and the principal one), with the periods', async () => {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const period = await makePeriod(t.db, school);
    const c4b = await makeClass(t.db, school, { code: '4B' });
    const c3a = await makeClass(t.db, school, { code: '3A' });
    const c5c = await makeClass(t.db, school, { code: '5C' });
    const pupil = await makePupil(t.db, school, { classId: c4b.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [c4b.id], principalOf: [c3a.id] });
    const principal = await makeStaff(t.db, school, ['principal']);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const secretariat = await makeStaff(t.db, school, ['secretariat']);
    const otherPrincipal = await makeStaff(t.db, other, ['principal']);
    const url = `/api/schools/${school.id}/report-cards/classes`;
    const get = async (who: { login: string; password: string }) =>
      t.app.inject({ method: 'GET', url, headers: (await signIn(t.app, who)).headers });

    let res = await get(principal);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().classes.map((c: { code: string; role: string }) => `${c.code}:${c.role}`),
      ['3A:direction', '4B:direction', '5C:direction'],
    );
    assert.equal(res.json().currentPeriodId, period.id);
    assert.equal(res.json().periods.length, 1);
    res = await get(cpe);
    assert.deepEqual(
      res.json().classes.map((c: { role: string }) => c.role),
      ['staff', 'staff', 'staff'],
    );
    res = await get(teacher);
    assert.deepEqual(
      res.json().classes.map((c: { code: string; role: string }) => `${c.code}:${c.role}`),
      ['3A:principal', '4B:teacher'],
    );
    assert.ok(!res.json().classes.some((c: { id: string }) => c.id === c5c.id));
    // Standing in the current period: missing appreciations for the class they lead only, publication for all.
    type Standing = { id: string; level: string; publishedAt: string | null; missingAppreciations: number | null };
    const standing = (body: { classes: Standing[] }, id: string) => body.classes.find((c) => c.id === id);
    assert.equal(standing(res.json(), c3a.id)?.missingAppreciations, 0);
    assert.equal(standing(res.json(), c4b.id)?.missingAppreciations, null);
    res = await get(principal);
    assert.equal(standing(res.json(), c4b.id)?.missingAppreciations, 1, 'one pupil × one subject, not written');
    assert.equal(standing(res.json(), c4b.id)?.level, '6e');
    assert.equal(standing(res.json(), c4b.id)?.publishedAt, null);
    const direction = await signIn(t.app, principal);
    const publish = await t.app.inject({
      method: 'POST',
      url: `/api/report-cards/classes/${c4b.id}/periods/${period.id}/publish`,
      headers: direction.headers,
      payload: {},
    });
    assert.equal(publish.statusCode, 200, publish.body);
    res = await get(principal);
    assert.equal(standing(res.json(), c4b.id)?.publishedAt, publish.json().publishAt);
    assert.equal(standing(res.json(), c5c.id)?.publishedAt, null);
    res = await get(teacher);

    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: await signIn(t.app, otherPrincipal),
        otherFamily: await signIn(t.app, guardian),
        wrongProfile: await signIn(t.app, secretariat),
      },
    );
    assert.equal((await get(pupil)).statusCode, 403);
  });
});
