import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import type { Question } from './questionnaires.schema.ts';
import { aggregate, checkAnswers } from './questionnaires.service.ts';
import { TEMPLATES } from './questionnaires.templates.ts';

const day = (offset: number) => todayInParis(new Date(Date.now() + offset * 86_400_000));

describe('questionnaires routes', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function world() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const c6 = await makeClass(t.db, school, { code: '6A', level: '6e' });
    const c4 = await makeClass(t.db, school, { code: '4B', level: '4e' });
    const pupil6 = await makePupil(t.db, school, { classId: c6.id });
    const pupil4 = await makePupil(t.db, school, { classId: c4.id });
    const g6 = await makeGuardian(t.db, { children: [{ id: pupil6.id, schoolId: school.id }] });
    const g4 = await makeGuardian(t.db, { children: [{ id: pupil4.id, schoolId: school.id }] });
    const otherPupil = await makePupil(t.db, other);
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: other.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [c6.id] });
    const principal = await makeStaff(t.db, school, ['principal']);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const otherPrincipal = await makeStaff(t.db, other, ['principal']);
    const s = {
      pupil6: await signIn(t.app, pupil6),
      g6: await signIn(t.app, g6),
      g4: await signIn(t.app, g4),
      otherGuardian: await signIn(t.app, otherGuardian),
      teacher: await signIn(t.app, teacher),
      principal: await signIn(t.app, principal),
      cpe: await signIn(t.app, cpe),
      otherPrincipal: await signIn(t.app, otherPrincipal),
    };
    return { school, other, c6, c4, s, g6 };
  }

  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const post = (s: Session, url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, ...(payload ? { payload } : {}) });

  const equipment = TEMPLATES.find((x) => x.key === 'equipment');
  const satisfaction = TEMPLATES.find((x) => x.key === 'satisfaction');
  assert.ok(equipment && satisfaction);

  async function create(w: Awaited<ReturnType<typeof world>>, extra: object = {}) {
    const res = await post(w.s.principal, '/api/questionnaires', {
      schoolId: w.school.id,
      title: equipment?.title,
      intro: equipment?.intro,
      questions: equipment?.questions,
      audience: { publics: ['guardians'], levels: ['6e'] },
      anonymous: false,
      opensOn: day(0),
      closesOn: day(10),
      ...extra,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; status: string };
  }
  const equipmentAnswers = { internet: 'o1', devices: ['o1', 'o3'], email: 'o1', comment: 'Merci' };

  test('the direction creates from a template, publishes; the 6e family answers once; others never see it', async () => {
    const w = await world();
    const templates = await get(w.s.principal, `/api/questionnaires/templates?schoolId=${w.school.id}`);
    assert.equal(templates.statusCode, 200);
    assert.deepEqual(
      templates.json().items.map((x: { key: string }) => x.key),
      ['satisfaction', 'equipment'],
    );
    const q = await create(w);
    assert.equal(q.status, 'draft');
    // A draft reaches nobody.
    assert.equal((await get(w.s.g6, '/api/questionnaires/mine')).json().items.length, 0);
    assert.equal(
      (await post(w.s.g6, `/api/questionnaires/${q.id}/answers`, { answers: equipmentAnswers })).statusCode,
      404,
    );

    const published = await post(w.s.principal, `/api/questionnaires/${q.id}/publish`);
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().status, 'published');
    assert.equal((await post(w.s.principal, `/api/questionnaires/${q.id}/publish`)).statusCode, 409);
    // The audience is told once, at publication (the 6e family only, not the publishing principal).
    const told = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'message_key'])
      .where('link', '=', `/questionnaires/${q.id}`)
      .execute();
    assert.deepEqual(told, [{ person_id: w.g6.id, message_key: 'questionnaire.published' }]);

    const mine = (await get(w.s.g6, '/api/questionnaires/mine')).json();
    assert.equal(mine.toAnswer, 1);
    assert.equal(mine.items[0].abilities.answer, true);
    assert.equal((await get(w.s.g4, '/api/questionnaires/mine')).json().items.length, 0, 'a 4e family');
    assert.equal((await get(w.s.pupil6, '/api/questionnaires/mine')).json().items.length, 0, 'families only');
    assert.equal((await get(w.s.otherGuardian, '/api/questionnaires/mine')).json().items.length, 0);

    // A required question left out; a hidden (conditional) question's answer is dropped.
    const missing = await post(w.s.g6, `/api/questionnaires/${q.id}/answers`, { answers: { internet: 'o1' } });
    assert.equal(missing.statusCode, 400);
    const ok = await post(w.s.g6, `/api/questionnaires/${q.id}/answers`, {
      answers: { ...equipmentAnswers, emailHelp: 'o1' },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const twice = await post(w.s.g6, `/api/questionnaires/${q.id}/answers`, { answers: equipmentAnswers });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error, 'ALREADY_ANSWERED');
    const stored = await t.db
      .selectFrom('questionnaire_named_answers')
      .selectAll()
      .where('questionnaire_id', '=', q.id)
      .execute();
    assert.equal(stored.length, 1);
    assert.equal(JSON.parse(stored[0]?.answers ?? '{}').emailHelp, undefined, 'the condition did not hold');
    const after = (await get(w.s.g6, '/api/questionnaires/mine')).json();
    assert.equal(after.toAnswer, 0);
    assert.equal(after.items[0].answered, true);

    // Named: the CSV has one line per person.
    const csv = await get(w.s.principal, `/api/questionnaires/${q.id}/results.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.ok(csv.body.startsWith('\uFEFFNom;Prénom;'));
    assert.ok(csv.body.includes('Oui, une box'));

    // Closed: no more answers.
    assert.equal((await post(w.s.principal, `/api/questionnaires/${q.id}/close`)).statusCode, 200);
    const late = await post(w.s.g6, `/api/questionnaires/${q.id}/answers`, { answers: equipmentAnswers });
    assert.equal(late.json().error, 'QUESTIONNAIRE_CLOSED');
    const list = (await get(w.s.principal, `/api/questionnaires?schoolId=${w.school.id}`)).json();
    assert.equal(list.items[0].status, 'closed');
    assert.equal(list.items[0].respondents, 1);
  });

  test('a closed or not yet open questionnaire refuses answers', async () => {
    const w = await world();
    const later = await create(w, { opensOn: day(3), closesOn: day(10) });
    await post(w.s.principal, `/api/questionnaires/${later.id}/publish`);
    const res = await post(w.s.g6, `/api/questionnaires/${later.id}/answers`, { answers: equipmentAnswers });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error, 'QUESTIONNAIRE_CLOSED');
    const closed = await create(w);
    await post(w.s.principal, `/api/questionnaires/${closed.id}/publish`);
    await post(w.s.principal, `/api/questionnaires/${closed.id}/close`);
    const res2 = await post(w.s.g6, `/api/questionnaires/${closed.id}/answers`, { answers: equipmentAnswers });
    assert.equal(res2.json().error, 'QUESTIONNAIRE_CLOSED');
    const marks = await t.db
      .selectFrom('questionnaire_marks')
      .selectAll()
      .where('questionnaire_id', 'in', [later.id, closed.id])
      .execute();
    assert.equal(marks.length, 0);
  });

  test('anonymous: answers are stored apart from the mark; small cells hidden; free texts in no time order', async () => {
    const w = await world();
    // Five families of 6e, plus the existing one.
    const sessions: Session[] = [w.s.g6];
    for (let i = 0; i < 5; i++) {
      const p = await makePupil(t.db, w.school, { classId: w.c6.id });
      sessions.push(await signIn(t.app, await makeGuardian(t.db, { children: [{ id: p.id, schoolId: w.school.id }] })));
    }
    const q = await create(w, {
      title: satisfaction?.title,
      questions: satisfaction?.questions,
      anonymous: true,
      audience: { publics: ['guardians', 'staff'], levels: ['6e'] },
    });
    await post(w.s.principal, `/api/questionnaires/${q.id}/publish`);
    const texts = ['Zèbre', 'Abricot', 'Mangue', 'Citron', 'Banane', 'Kiwi'];
    for (const [i, s] of sessions.entries()) {
      const res = await post(s, `/api/questionnaires/${q.id}/answers`, {
        answers: { freq: i < 5 ? 'o1' : 'o2', overall: i < 3 ? 5 : 4, improve: texts[i] },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const stored = await t.db
      .selectFrom('questionnaire_anonymous_answers')
      .selectAll()
      .where('questionnaire_id', '=', q.id)
      .execute();
    assert.equal(stored.length, 6);
    const named = await t.db
      .selectFrom('questionnaire_named_answers')
      .selectAll()
      .where('questionnaire_id', '=', q.id)
      .execute();
    assert.equal(named.length, 0);

    const res = await get(w.s.principal, `/api/questionnaires/${q.id}/results`);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.equal(r.respondents, 6);
    const freq = r.questions.find((x: { questionId: string }) => x.questionId === 'freq');
    assert.equal(freq.answered, 6);
    assert.equal(freq.options[0].count, 5, '5 is shown');
    assert.equal(freq.options[1].count, null, '1 is hidden');
    const overall = r.questions.find((x: { questionId: string }) => x.questionId === 'overall');
    assert.equal(overall.average, 4.5);
    assert.ok(
      overall.options.every((o: { count: number | null }) => o.count === null),
      '3 and 3: both hidden',
    );
    const ease = r.questions.find((x: { questionId: string }) => x.questionId === 'ease');
    assert.equal(ease.answered, null);
    assert.equal(ease.average, null);
    const improve = r.questions.find((x: { questionId: string }) => x.questionId === 'improve');
    assert.deepEqual(
      improve.texts,
      [...texts].sort((a, b) => a.localeCompare(b, 'fr')),
    );
    const csv = await get(w.s.principal, `/api/questionnaires/${q.id}/results.csv`);
    assert.ok(csv.body.includes('moins de 5'));
    assert.ok(!csv.body.includes(sessions[0]?.personId ?? 'x'));
  });

  test('anonymity on the schema: no column of the anonymous answers leads to a person, a mark or a time', async () => {
    const cols = await t.db.introspection.getTables();
    const table = cols.find((x) => x.name === 'questionnaire_anonymous_answers');
    assert.ok(table);
    assert.deepEqual(table.columns.map((c) => c.name).sort(), ['answers', 'id', 'questionnaire_id']);
    // Its only foreign key is to the questionnaire.
    const isPg = (await sql<{ v: string }>`select version() as v`.execute(t.db).catch(() => null)) !== null;
    const fks = isPg
      ? (
          await sql<{ target: string }>`
            select ccu.table_name as target from information_schema.table_constraints tc
            join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
            where tc.table_name = 'questionnaire_anonymous_answers' and tc.constraint_type = 'FOREIGN KEY'`.execute(
            t.db,
          )
        ).rows.map((x) => x.target)
      : (
          await sql<{
            table: string;
          }>`select "table" from pragma_foreign_key_list('questionnaire_anonymous_answers')`.execute(t.db)
        ).rows.map((x) => x.table);
    assert.deepEqual([...new Set(fks)], ['questionnaires']);
    // And the questionnaires table holds nothing per respondent.
    const q = cols.find((x) => x.name === 'questionnaires');
    assert.ok(q && !q.columns.some((c) => /person|respondent|mark/.test(c.name)));
  });

  test('refusals on every route', async () => {
    const w = await world();
    const q = await create(w);
    await post(w.s.principal, `/api/questionnaires/${q.id}/publish`);
    const count = async () => (await t.db.selectFrom('questionnaires').select('id').execute()).length;
    const before = await count();
    const manager = { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g6, wrongProfile: w.s.cpe };
    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: '/api/questionnaires',
        payload: {
          schoolId: w.school.id,
          title: 'x',
          questions: [{ id: 'a', kind: 'text', label: 'x' }],
          audience: { publics: ['guardians'] },
          anonymous: true,
          opensOn: day(0),
          closesOn: day(1),
        },
      },
      manager,
      async () => assert.equal(await count(), before),
    );
    for (const url of [
      `/api/questionnaires?schoolId=${w.school.id}`,
      `/api/questionnaires/templates?schoolId=${w.school.id}`,
      `/api/questionnaires/${q.id}/results`,
      `/api/questionnaires/${q.id}/results.csv`,
    ]) {
      await assertRefusals(t.app, { method: 'GET', url }, manager);
    }
    for (const url of [`/api/questionnaires/${q.id}/publish`, `/api/questionnaires/${q.id}/close`]) {
      await assertRefusals(t.app, { method: 'POST', url }, manager, async () => {
        const row = await t.db.selectFrom('questionnaires').select('status').where('id', '=', q.id).executeTakeFirst();
        assert.equal(row?.status, 'published');
      });
    }
    // Respondents: another school, another family (4e), the wrong profile (a teacher; families only).
    const respondent = { otherSchool: w.s.otherGuardian, otherFamily: w.s.g4, wrongProfile: w.s.teacher };
    await assertRefusals(t.app, { method: 'GET', url: `/api/questionnaires/${q.id}` }, respondent);
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/questionnaires/${q.id}/answers`, payload: { answers: equipmentAnswers } },
      respondent,
      async () => {
        const marks = await t.db
          .selectFrom('questionnaire_marks')
          .selectAll()
          .where('questionnaire_id', '=', q.id)
          .execute();
        assert.equal(marks.length, 0);
      },
    );
    // The list of one's own: anonymous only is refused (everyone signed in has one, maybe empty).
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/questionnaires/mine' })).statusCode, 401);
    assert.equal((await get(w.s.otherGuardian, '/api/questionnaires/mine')).json().items.length, 0);
  });

  test('abilities: the direction manages questionnaires, the CPE does not', async () => {
    const w = await world();
    const me = async (s: Session) => (await get(s, '/api/me')).json().schools[0].abilities as string[];
    assert.ok((await me(w.s.principal)).includes('questionnaires.manage'));
    assert.ok(!(await me(w.s.cpe)).includes('questionnaires.manage'));
  });
});

describe('questionnaire rules', () => {
  const questions: Question[] = [
    {
      id: 'a',
      kind: 'single',
      label: 'A',
      required: true,
      options: [
        { id: 'y', label: 'Y' },
        { id: 'n', label: 'N' },
      ],
      showIf: null,
    },
    { id: 'b', kind: 'text', label: 'B', required: true, options: [], showIf: { questionId: 'a', optionId: 'n' } },
    { id: 'c', kind: 'scale', label: 'C', required: false, options: [], showIf: null },
  ];

  test('conditions: a required question is required only when shown', () => {
    assert.deepEqual(checkAnswers(questions, { a: 'y', b: 'ignored' }), { a: 'y' });
    assert.throws(() => checkAnswers(questions, { a: 'n' }), /required/);
    assert.deepEqual(checkAnswers(questions, { a: 'n', b: ' ok ', c: 3 }), { a: 'n', b: 'ok', c: 3 });
    assert.throws(() => checkAnswers(questions, { a: 'maybe' }), /options/);
    assert.throws(() => checkAnswers(questions, { a: 'y', zz: 'x' }), /Unknown/);
  });

  test('minimum count, against a plain reference', () => {
    const table: Array<[number, number, Array<number | null>]> = [
      // [answers 'y', answers 'n', expected counts]
      [0, 0, [null, null]],
      [4, 0, [null, null]],
      [5, 0, [null, null]], // one hidden (0) would give the other away: both hidden
      [5, 5, [5, 5]],
      [7, 2, [null, null]],
      [9, 6, [9, 6]],
    ];
    for (const [y, n, expected] of table) {
      const rows = [...Array(y).fill({ a: 'y' }), ...Array(n).fill({ a: 'n' })];
      const [a] = aggregate(questions, rows, true);
      assert.deepEqual(
        a?.options.map((o) => o.count),
        expected,
        `${y}/${n}`,
      );
      assert.equal(a?.answered, y + n >= 5 ? y + n : null);
    }
  });
});

describe('questionnaire conditions through the routes', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const yesNo = [
    { id: 'y', label: 'Oui' },
    { id: 'n', label: 'Non' },
  ];
  // a (choice) → b shown when a = n; c shown when b = n (a chain); d free text.
  const chained = [
    { id: 'a', kind: 'single', label: 'A', required: true, options: yesNo },
    {
      id: 'b',
      kind: 'multiple',
      label: 'B',
      required: true,
      options: yesNo,
      showIf: { questionId: 'a', optionId: 'n' },
    },
    { id: 'c', kind: 'text', label: 'C', required: true, showIf: { questionId: 'b', optionId: 'n' } },
    { id: 'd', kind: 'text', label: 'D' },
  ];

  test('a condition must name an earlier choice question and one of its options; nothing is stored otherwise', async () => {
    const school = await makeSchool(t.db);
    const principal = await signIn(t.app, await makeStaff(t.db, school, ['principal']));
    const body = (questions: object[]) => ({
      schoolId: school.id,
      title: 'Conditions',
      questions,
      audience: { publics: ['guardians'] },
      anonymous: false,
      opensOn: day(0),
      closesOn: day(5),
    });
    const bad: Array<[string, object[], string]> = [
      [
        'a later question',
        [
          { id: 'a', kind: 'text', label: 'A', showIf: { questionId: 'b', optionId: 'y' } },
          { id: 'b', kind: 'single', label: 'B', options: yesNo },
        ],
        'questions.0.showIf',
      ],
      [
        'itself',
        [{ id: 'a', kind: 'single', label: 'A', options: yesNo, showIf: { questionId: 'a', optionId: 'y' } }],
        'questions.0.showIf',
      ],
      [
        'a free-text question',
        [
          { id: 'a', kind: 'text', label: 'A' },
          { id: 'b', kind: 'text', label: 'B', showIf: { questionId: 'a', optionId: 'y' } },
        ],
        'questions.1.showIf',
      ],
      [
        'a scale',
        [
          { id: 'a', kind: 'scale', label: 'A' },
          { id: 'b', kind: 'text', label: 'B', showIf: { questionId: 'a', optionId: '3' } },
        ],
        'questions.1.showIf',
      ],
      [
        'an option the question does not have',
        [
          { id: 'a', kind: 'single', label: 'A', options: yesNo },
          { id: 'b', kind: 'text', label: 'B', showIf: { questionId: 'a', optionId: 'maybe' } },
        ],
        'questions.1.showIf',
      ],
      [
        'an unknown question',
        [
          { id: 'a', kind: 'single', label: 'A', options: yesNo },
          { id: 'b', kind: 'text', label: 'B', showIf: { questionId: 'zz', optionId: 'y' } },
        ],
        'questions.1.showIf',
      ],
    ];
    for (const [what, questions, path] of bad) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/questionnaires',
        headers: principal.headers,
        payload: body(questions),
      });
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
      assert.equal(res.json().error, 'VALIDATION_FAILED');
      assert.equal(res.json().details.fields[0].path, path, what);
    }
    const stored = await t.db.selectFrom('questionnaires').select('id').where('school_id', '=', school.id).execute();
    assert.equal(stored.length, 0);

    // A draft changed to a bad condition is refused and stays as it was.
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/questionnaires',
      headers: principal.headers,
      payload: body(chained),
    });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(ok.json().questions[2].showIf, { questionId: 'b', optionId: 'n' });
    const before = await t.db
      .selectFrom('questionnaires')
      .select('questions')
      .where('id', '=', ok.json().id)
      .executeTakeFirstOrThrow();
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/questionnaires/${ok.json().id}`,
      headers: principal.headers,
      payload: { questions: [chained[2], chained[0], chained[1]] },
    });
    assert.equal(patch.statusCode, 400, patch.body);
    const afterPatch = await t.db
      .selectFrom('questionnaires')
      .select('questions')
      .where('id', '=', ok.json().id)
      .executeTakeFirstOrThrow();
    assert.equal(afterPatch.questions, before.questions);
  });

  test('answering: hidden questions are neither shown nor required, and their answers are not kept (chained)', async () => {
    const school = await makeSchool(t.db);
    const principal = await signIn(t.app, await makeStaff(t.db, school, ['principal']));
    const pupils = await Promise.all([1, 2, 3].map(() => makePupil(t.db, school)));
    const guardians = await Promise.all(
      pupils.map(async (p) =>
        signIn(t.app, await makeGuardian(t.db, { children: [{ id: p.id, schoolId: school.id }] })),
      ),
    );
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/questionnaires',
      headers: principal.headers,
      payload: {
        schoolId: school.id,
        title: 'Chaîne',
        questions: chained,
        audience: { publics: ['guardians'] },
        anonymous: false,
        opensOn: day(0),
        closesOn: day(5),
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    assert.equal(
      (await t.app.inject({ method: 'POST', url: `/api/questionnaires/${id}/publish`, headers: principal.headers }))
        .statusCode,
      200,
    );
    const answer = (s: Session, answers: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/questionnaires/${id}/answers`,
        headers: s.headers,
        payload: { answers },
      });
    const [g1, g2, g3] = guardians as [Session, Session, Session];

    // a = y: b and c hidden, their (stale) answers dropped, their « required » does not apply.
    assert.equal((await answer(g1, { a: 'y', b: ['n'], c: 'caché', d: 'visible' })).statusCode, 201);
    // a = n: b shown and required.
    const missing = await answer(g2, { a: 'n' });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().details.fields[0].path, 'answers.b');
    // a = n, b = n: c shown and required.
    const missingC = await answer(g2, { a: 'n', b: ['n'] });
    assert.equal(missingC.statusCode, 400);
    assert.equal(missingC.json().details.fields[0].path, 'answers.c');
    assert.equal((await answer(g2, { a: 'n', b: ['n'], c: 'montré' })).statusCode, 201);
    // a = n, b = y: c hidden.
    assert.equal((await answer(g3, { a: 'n', b: ['y'], c: 'caché' })).statusCode, 201);

    const rows = await t.db
      .selectFrom('questionnaire_named_answers')
      .select('answers')
      .where('questionnaire_id', '=', id)
      .execute();
    const stored = rows
      .map((r) => JSON.parse(r.answers))
      .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    assert.deepEqual(
      stored,
      [
        { a: 'n', b: ['n'], c: 'montré' },
        { a: 'n', b: ['y'] },
        { a: 'y', d: 'visible' },
      ].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    );
  });
});
