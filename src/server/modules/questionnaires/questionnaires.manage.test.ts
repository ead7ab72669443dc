import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertRefusals,
  createTestApp,
  readLetter,
  type Session,
  signIn,
  type TestContext,
} from '../../../../test/app.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { renderNotification } from '../mail/mail.render.ts';
import { TEMPLATES } from './questionnaires.templates.ts';

const day = (offset: number) => todayInParis(new Date(Date.now() + offset * 86_400_000));
const HOUR = 3_600_000;

describe('questionnaires: editing drafts, reminders, PDF', () => {
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
    const c6b = await makeClass(t.db, school, { code: '6B', level: '6e' });
    const c4 = await makeClass(t.db, school, { code: '4B', level: '4e' });
    const otherClass = await makeClass(t.db, other, { code: '6Z', level: '6e' });
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
      g6: await signIn(t.app, g6),
      g4: await signIn(t.app, g4),
      otherGuardian: await signIn(t.app, otherGuardian),
      teacher: await signIn(t.app, teacher),
      principal: await signIn(t.app, principal),
      cpe: await signIn(t.app, cpe),
      otherPrincipal: await signIn(t.app, otherPrincipal),
    };
    return { school, other, c6, c6b, c4, otherClass, g6, principal, s };
  }
  type World = Awaited<ReturnType<typeof world>>;

  const req = (s: Session, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: s.headers, ...(payload ? { payload } : {}) });

  const satisfaction = TEMPLATES.find((x) => x.key === 'satisfaction');
  assert.ok(satisfaction);
  const draft = (w: World, extra: object = {}) => ({
    schoolId: w.school.id,
    title: 'Avis sur la cantine',
    intro: '',
    questions: [
      {
        id: 'q1',
        kind: 'single',
        label: 'Le repas vous plaît ?',
        options: [
          { id: 'o1', label: 'Oui' },
          { id: 'o2', label: 'Non' },
        ],
      },
    ],
    audience: { publics: ['guardians'], levels: ['6e'] },
    anonymous: false,
    opensOn: day(0),
    closesOn: day(10),
    ...extra,
  });
  async function create(w: World, extra: object = {}) {
    const res = await req(w.s.principal, 'POST', '/api/questionnaires', draft(w, extra));
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string };
  }
  const row = (id: string) => t.db.selectFrom('questionnaires').selectAll().where('id', '=', id).executeTakeFirst();

  test('a draft is edited (title, questions, audience, anonymity, dates) and deleted', async () => {
    const w = await world();
    const q = await create(w);
    const first = (await req(w.s.principal, 'GET', `/api/questionnaires/${q.id}`)).json();
    assert.deepEqual(first.abilities, { manage: true, answer: false, edit: 'all', delete: true, remind: false });

    const res = await req(w.s.principal, 'PATCH', `/api/questionnaires/${q.id}`, {
      title: 'Avis sur la restauration',
      intro: 'Trois minutes.',
      questions: [
        { id: 'a', kind: 'scale', label: 'Note globale' },
        { id: 'b', kind: 'text', label: 'Une idée ?' },
      ],
      audience: { publics: ['guardians', 'pupils'], classIds: [w.c6.id, w.c6b.id] },
      anonymous: true,
      opensOn: day(1),
      closesOn: day(20),
    });
    assert.equal(res.statusCode, 200, res.body);
    const q2 = res.json();
    assert.equal(q2.title, 'Avis sur la restauration');
    assert.equal(q2.intro, 'Trois minutes.');
    assert.deepEqual(
      q2.questions.map((x: { id: string }) => x.id),
      ['a', 'b'],
    );
    assert.deepEqual(q2.audience.classes.map((c: { code: string }) => c.code).sort(), ['6A', '6B']);
    assert.deepEqual(q2.audience.publics, ['guardians', 'pupils']);
    assert.equal(q2.anonymous, true);
    assert.equal(q2.opensOn, day(1));
    assert.equal(q2.closesOn, day(20));
    const stored = await row(q.id);
    assert.equal(stored?.anonymous, 1);
    assert.equal(JSON.parse(stored?.audience ?? '{}').classIds.length, 2);

    // Checked as at creation: another school's class, a choice without options, dates the wrong way round.
    const bad = [
      { audience: { publics: ['guardians'], classIds: [w.otherClass.id] } },
      { questions: [{ id: 'x', kind: 'single', label: 'x', options: [{ id: 'o', label: 'o' }] }] },
      { closesOn: day(0) },
      {},
      { schoolId: w.other.id },
    ];
    for (const body of bad) {
      const r = await req(w.s.principal, 'PATCH', `/api/questionnaires/${q.id}`, body);
      assert.equal(r.statusCode, 400, `${JSON.stringify(body)}: ${r.body}`);
    }
    assert.equal((await row(q.id))?.title, 'Avis sur la restauration', 'nothing changed by the refused ones');

    // The audience options the form offers: this school's only.
    const options = await req(w.s.principal, 'GET', `/api/questionnaires/audience-options?schoolId=${w.school.id}`);
    assert.equal(options.statusCode, 200);
    assert.deepEqual(
      options
        .json()
        .classes.map((c: { code: string }) => c.code)
        .sort(),
      ['4B', '6A', '6B'],
    );
    assert.deepEqual(options.json().levels.sort(), ['4e', '6e']);

    const del = await req(w.s.principal, 'DELETE', `/api/questionnaires/${q.id}`);
    assert.equal(del.statusCode, 200, del.body);
    assert.equal(await row(q.id), undefined);
    assert.equal((await req(w.s.principal, 'DELETE', `/api/questionnaires/${q.id}`)).statusCode, 404);
  });

  test('published: questions, audience and anonymity frozen; the closing date moves later only; not deleted', async () => {
    const w = await world();
    const q = await create(w);
    assert.equal((await req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/publish`)).statusCode, 200);
    const one = (await req(w.s.principal, 'GET', `/api/questionnaires/${q.id}`)).json();
    assert.equal(one.abilities.edit, 'closesOn');
    assert.equal(one.abilities.delete, false);

    for (const body of [
      { title: 'Autre' },
      { questions: [{ id: 'a', kind: 'text', label: 'x' }] },
      { audience: { publics: ['staff'] } },
      { anonymous: true },
      { opensOn: day(1) },
      { closesOn: day(30), title: 'Autre' },
    ]) {
      const r = await req(w.s.principal, 'PATCH', `/api/questionnaires/${q.id}`, body);
      assert.equal(r.statusCode, 409, r.body);
      assert.equal(r.json().error, 'QUESTIONNAIRE_FROZEN');
    }
    const del = await req(w.s.principal, 'DELETE', `/api/questionnaires/${q.id}`);
    assert.equal(del.statusCode, 409);
    assert.equal(del.json().error, 'QUESTIONNAIRE_FROZEN');

    const earlier = await req(w.s.principal, 'PATCH', `/api/questionnaires/${q.id}`, { closesOn: day(5) });
    assert.equal(earlier.statusCode, 400);
    const later = await req(w.s.principal, 'PATCH', `/api/questionnaires/${q.id}`, { closesOn: day(30) });
    assert.equal(later.statusCode, 200, later.body);
    assert.equal(later.json().closesOn, day(30));
    const stored = await row(q.id);
    assert.equal(stored?.title, 'Avis sur la cantine');
    assert.equal(stored?.closes_on, day(30));

    // A published questionnaire whose date has passed opens again when its closing date is put back.
    await t.db
      .updateTable('questionnaires')
      .set({ closes_on: day(-1) })
      .where('id', '=', q.id)
      .execute();
    assert.equal((await req(w.s.principal, 'GET', `/api/questionnaires/${q.id}`)).json().open, false);
    const again = await req(w.s.principal, 'PATCH', `/api/questionnaires/${q.id}`, { closesOn: day(3) });
    assert.equal(again.json().open, true);

    // Closed: nothing changes any more.
    await req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/close`);
    const closed = await req(w.s.principal, 'PATCH', `/api/questionnaires/${q.id}`, { closesOn: day(40) });
    assert.equal(closed.json().error, 'QUESTIONNAIRE_FROZEN');
    assert.equal((await row(q.id))?.closes_on, day(3));
  });

  test('reminder of an anonymous questionnaire: only those without the mark, counts only, answers untouched', async () => {
    const w = await world();
    // Six families of 6e (the one of the world and five more), a 4e family outside the audience.
    const families: Array<{ id: string; s: Session }> = [{ id: w.g6.id, s: w.s.g6 }];
    for (let i = 0; i < 5; i++) {
      const p = await makePupil(t.db, w.school, { classId: i % 2 ? w.c6.id : w.c6b.id });
      const g = await makeGuardian(t.db, { children: [{ id: p.id, schoolId: w.school.id }] });
      families.push({ id: g.id, s: await signIn(t.app, g) });
    }
    const q = await create(w, {
      title: satisfaction?.title,
      questions: satisfaction?.questions,
      anonymous: true,
    });
    // A draft is not reminded.
    const early = await req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/reminders`);
    assert.equal(early.json().error, 'QUESTIONNAIRE_CLOSED');
    await req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/publish`);
    const answering = families.slice(0, 3);
    for (const f of answering) {
      const r = await req(f.s, 'POST', `/api/questionnaires/${q.id}/answers`, {
        answers: { freq: 'o1', overall: 4 },
      });
      assert.equal(r.statusCode, 201, r.body);
    }
    const answersBefore = await t.db
      .selectFrom('questionnaire_anonymous_answers')
      .select(['id', 'answers'])
      .where('questionnaire_id', '=', q.id)
      .orderBy('id')
      .execute();

    // Mail reaches people as they chose: by default, the daily digest.
    const mailed = families[4]?.id ?? '';
    await t.db.updateTable('people').set({ email: 'famille@example.org' }).where('id', '=', mailed).execute();
    const res = await req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/reminders`);
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    const queued = await t.db
      .selectFrom('mail_queue')
      .select(['person_id', 'status', 'category'])
      .where('person_id', '=', mailed)
      .execute();
    assert.deepEqual(queued, [{ person_id: mailed, status: 'waiting_digest', category: 'other' }]);
    // The mail speaks the reader's language, the closing day written out.
    const stored = await t.db
      .selectFrom('notifications')
      .selectAll()
      .where('person_id', '=', mailed)
      .where('kind', '=', 'questionnaire.reminder')
      .executeTakeFirstOrThrow();
    const fr = renderNotification(stored, 'fr');
    assert.equal(fr.title, `Questionnaire à remplir : ${satisfaction?.title}`);
    assert.match(fr.body, /^Vous n’avez pas encore répondu\. Vous pouvez le faire jusqu’au \D+/);
    assert.ok(!/\d{4}-\d{2}-\d{2}/.test(fr.body), fr.body);
    assert.match(renderNotification(stored, 'en').body, /^You have not answered yet/);
    assert.match(renderNotification(stored, 'ar').body, /لم تُجب بعد/);
    assert.deepEqual(Object.keys(body).sort(), ['nextReminderAt', 'reminded', 'remindedAt']);
    assert.equal(body.reminded, 3);
    for (const f of families) assert.ok(!res.body.includes(f.id), 'no person in the answer');

    const notified = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'message_key', 'link'])
      .where('kind', '=', 'questionnaire.reminder')
      .where('school_id', '=', w.school.id)
      .execute();
    assert.deepEqual(
      notified.map((n) => n.person_id).sort(),
      families
        .slice(3)
        .map((f) => f.id)
        .sort(),
      'exactly the families without a mark',
    );
    assert.ok(
      notified.every((n) => n.message_key === 'questionnaire.reminder' && n.link === `/questionnaires/${q.id}`),
    );
    // The reminded family reads it; a family that answered has nothing.
    const theirs = (await req(families[4]?.s as Session, 'GET', '/api/notifications')).json();
    assert.equal(theirs.items[0].message.key, 'questionnaire.reminder');
    assert.equal(theirs.items[0].message.params.title, satisfaction?.title);
    const answered = (await req(families[0]?.s as Session, 'GET', '/api/notifications')).json();
    assert.ok(!answered.items.some((n: { kind: string }) => n.kind === 'questionnaire.reminder'));
    assert.equal(
      (await req(w.s.g4, 'GET', '/api/notifications')).json().items.length,
      0,
      'outside the audience: nothing',
    );

    // The answers are as they were (nothing read, nothing written), and still name nobody.
    const answersAfter = await t.db
      .selectFrom('questionnaire_anonymous_answers')
      .select(['id', 'answers'])
      .where('questionnaire_id', '=', q.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(answersAfter, answersBefore);
    // What the direction can read of the questionnaire names nobody either.
    for (const url of [
      `/api/questionnaires/${q.id}`,
      `/api/questionnaires/${q.id}/results`,
      `/api/questionnaires/${q.id}/results.csv`,
      `/api/questionnaires?schoolId=${w.school.id}`,
    ]) {
      const r = await req(w.s.principal, 'GET', url);
      for (const f of families) assert.ok(!r.body.includes(f.id), url);
    }
    const after = (await req(w.s.principal, 'GET', `/api/questionnaires/${q.id}`)).json();
    assert.equal(after.respondents, 3);
    assert.equal(after.remindedAt, body.remindedAt);
    assert.equal(after.abilities.remind, false);
  });

  test('one reminder per 24 hours per questionnaire', async () => {
    const w = await world();
    const q = await create(w);
    const other = await create(w);
    await req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/publish`);
    await req(w.s.principal, 'POST', `/api/questionnaires/${other.id}/publish`);
    // Two at once: one is sent.
    const [a, b] = await Promise.all([
      req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/reminders`),
      req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/reminders`),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [201, 429]);
    const refused = a.statusCode === 429 ? a : b;
    assert.equal(refused.json().error, 'REMINDER_TOO_SOON');
    assert.ok(refused.json().details.retryAfterSeconds > 23 * 3600);
    const count = async () =>
      (
        await t.db
          .selectFrom('notifications')
          .select('id')
          .where('kind', '=', 'questionnaire.reminder')
          .where('school_id', '=', w.school.id)
          .execute()
      ).length;
    assert.equal(await count(), 1, 'the 6e family, once');
    // Another questionnaire has its own limit.
    assert.equal((await req(w.s.principal, 'POST', `/api/questionnaires/${other.id}/reminders`)).statusCode, 201);
    assert.equal(await count(), 2);

    // 23 hours later: still refused. 24 hours later: allowed.
    const setRemindedAt = (ms: number) =>
      t.db
        .updateTable('questionnaires')
        .set({ reminded_at: new Date(Date.now() - ms).toISOString() })
        .where('id', '=', q.id)
        .execute();
    await setRemindedAt(23 * HOUR);
    const soon = await req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/reminders`);
    assert.equal(soon.statusCode, 429);
    assert.ok(Math.abs(soon.json().details.retryAfterSeconds - 3600) < 60);
    await setRemindedAt(24 * HOUR + 1000);
    assert.equal((await req(w.s.principal, 'GET', `/api/questionnaires/${q.id}`)).json().abilities.remind, true);
    assert.equal((await req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/reminders`)).statusCode, 201);
    assert.equal(await count(), 3);

    // Closed: no reminder.
    await req(w.s.principal, 'POST', `/api/questionnaires/${other.id}/close`);
    await t.db.updateTable('questionnaires').set({ reminded_at: null }).where('id', '=', other.id).execute();
    const closed = await req(w.s.principal, 'POST', `/api/questionnaires/${other.id}/reminders`);
    assert.equal(closed.json().error, 'QUESTIONNAIRE_CLOSED');
  });

  test('PDF of the results: a table per question, small counts hidden as on the page', async () => {
    const w = await world();
    const sessions: Session[] = [w.s.g6];
    for (let i = 0; i < 5; i++) {
      const p = await makePupil(t.db, w.school, { classId: w.c6.id });
      sessions.push(await signIn(t.app, await makeGuardian(t.db, { children: [{ id: p.id, schoolId: w.school.id }] })));
    }
    const q = await create(w, {
      title: 'Équipement numérique — Łucja',
      anonymous: true,
      questions: [
        {
          id: 'q1',
          kind: 'single',
          label: 'Le repas vous plaît ?',
          options: [
            { id: 'o1', label: 'Oui' },
            { id: 'o2', label: 'Non' },
            { id: 'o3', label: 'Sans avis' },
          ],
        },
        { id: 'q2', kind: 'scale', label: 'Note sur 5' },
      ],
    });
    await req(w.s.principal, 'POST', `/api/questionnaires/${q.id}/publish`);
    for (const [i, s] of sessions.entries()) {
      await req(s, 'POST', `/api/questionnaires/${q.id}/answers`, {
        answers: { q1: i < 5 ? 'o1' : 'o2', ...(i < 3 ? { q2: 4 } : {}) },
      });
    }
    const res = await req(w.s.principal, 'GET', `/api/questionnaires/${q.id}/results.pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(res.headers['content-disposition'] as string, /attachment; filename="questionnaire-[\d-]+\.pdf"/);
    const { text } = await readLetter(res.rawPayload);
    assert.match(text, /Équipement numérique — Łucja/);
    assert.match(text, /Le repas vous plaît \?/);
    assert.match(text, /6 réponses/);
    assert.match(text, /Réponse\s+Nombre/);
    // 5 'Oui' shown; 1 'Non' and 0 'Sans avis' hidden, as on the page.
    const results = (await req(w.s.principal, 'GET', `/api/questionnaires/${q.id}/results`)).json();
    const counts = results.questions[0].options.map((o: { count: number | null }) => o.count);
    assert.deepEqual(counts, [5, null, null]);
    assert.match(text, /Oui\s+5/);
    assert.match(text, /Non\s+moins de 5/);
    assert.match(text, /Sans avis\s+moins de 5/);
    assert.ok(!/Non\s+1\b/.test(text), 'the hidden count is not printed');
    // The scale answered 3 times: nothing shown but the rule.
    assert.match(text, /Note sur 5\s+Moins de 5 réponses à cette question/);
    assert.ok(!/moyenne/.test(text));
  });

  test('refusals on the new routes', async () => {
    const w = await world();
    const q = await create(w);
    const published = await create(w);
    await req(w.s.principal, 'POST', `/api/questionnaires/${published.id}/publish`);
    const manager = { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g6, wrongProfile: w.s.cpe };
    const unchanged = async () => {
      const r = await row(q.id);
      assert.equal(r?.title, 'Avis sur la cantine');
      assert.equal(r?.status, 'draft');
    };
    await assertRefusals(
      t.app,
      { method: 'PATCH', url: `/api/questionnaires/${q.id}`, payload: { title: 'Piraté' } },
      manager,
      unchanged,
    );
    await assertRefusals(t.app, { method: 'DELETE', url: `/api/questionnaires/${q.id}` }, manager, unchanged);
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/questionnaires/${published.id}/reminders` },
      manager,
      async () => assert.equal((await row(published.id))?.reminded_at, null),
    );
    for (const url of [
      `/api/questionnaires/audience-options?schoolId=${w.school.id}`,
      `/api/questionnaires/${published.id}/results.pdf`,
    ]) {
      await assertRefusals(t.app, { method: 'GET', url }, manager);
    }
    // The teacher (in the school, not the direction) and an addressed family are refused too.
    assert.equal((await req(w.s.teacher, 'POST', `/api/questionnaires/${published.id}/reminders`)).statusCode, 403);
    assert.equal((await req(w.s.g6, 'GET', `/api/questionnaires/${published.id}/results.pdf`)).statusCode, 403);
  });
});

describe('questionnaire results PDF', () => {
  test('long results flow onto more pages; every question and every row printed once', async () => {
    const { renderResultsPdf } = await import('./questionnaires.pdf.ts');
    const questions = Array.from({ length: 24 }, (_, i) => ({
      questionId: `q${i}`,
      kind: 'single' as const,
      label: `Question numéro ${i + 1}`,
      answered: 40,
      average: null,
      texts: [],
      options: [
        { id: 'o1', label: `Réponse A${i + 1}`, count: 30 },
        { id: 'o2', label: `Réponse B${i + 1}`, count: 10 },
        { id: 'o3', label: `Réponse C${i + 1}`, count: null },
      ],
    }));
    const pdf = await renderResultsPdf({
      schoolName: 'Collège',
      title: 'Long',
      anonymous: true,
      opensOn: '2026-09-01',
      closesOn: '2026-09-30',
      respondents: 40,
      minimumCount: 5,
      questions,
      now: new Date('2026-10-01T10:00:00Z'),
    });
    const { text, pages } = await readLetter(pdf);
    assert.ok(pages.length >= 3, `${pages.length} pages`);
    for (let i = 1; i <= 24; i++) {
      assert.equal(text.split(`Question numéro ${i}\n`).length - 1, 1, `question ${i}`);
      assert.match(text, new RegExp(`Réponse C${i}\\s+moins de 5`));
    }
  });
});
