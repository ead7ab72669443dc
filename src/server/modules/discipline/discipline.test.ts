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
import { defenceEndsAt, removalDueOn } from './discipline.dates.ts';
import { removeExpiredSanctions } from './discipline.service.ts';

describe('discipline: legal delays', () => {
  test('the defence delay counts jours ouvrables (Sundays and public holidays out) from the next day', () => {
    const at = (d: string) => new Date(`${d}T10:00:00+01:00`);
    // Told on Monday: Tuesday and Wednesday; pronounced from Thursday 00:00 in Paris.
    assert.equal(defenceEndsAt(at('2026-12-07'), 2).toISOString(), '2026-12-09T23:00:00.000Z');
    // Told on Friday: Saturday and Monday (Sunday does not count).
    assert.equal(defenceEndsAt(at('2026-12-04'), 2).toISOString(), '2026-12-07T23:00:00.000Z');
    // Told on Thursday 24 December: Saturday 26 and Monday 28 (Christmas and Sunday do not count).
    assert.equal(defenceEndsAt(at('2026-12-24'), 2).toISOString(), '2026-12-28T23:00:00.000Z');
    // A longer delay given by the principal.
    assert.equal(defenceEndsAt(at('2026-12-07'), 3).toISOString(), '2026-12-10T23:00:00.000Z');
  });

  test('how long a sanction stays in the file', () => {
    assert.equal(removalDueOn('avertissement', '2026-12-07', '2027-07-04'), '2027-07-05');
    assert.equal(removalDueOn('avertissement', '2026-12-07', null), '2027-09-01');
    assert.equal(removalDueOn('blame', '2026-12-07', '2027-07-04'), '2027-12-07');
    assert.equal(removalDueOn('mesure_responsabilisation', '2028-02-29', null), '2029-03-01');
    assert.equal(removalDueOn('exclusion_classe', '2026-12-07', null), '2028-12-07');
    assert.equal(removalDueOn('exclusion_etablissement', '2026-12-07', null), '2028-12-07');
  });
});

describe('discipline routes', () => {
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
    const classA = await makeClass(t.db, school, { code: '4A', level: '4e' });
    const classB = await makeClass(t.db, school, { code: '4B', level: '4e' });
    const pupil = await makePupil(t.db, school, { classId: classA.id, firstName: 'Léa' });
    const pupil2 = await makePupil(t.db, school, { classId: classB.id });
    const g1 = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const h = await makeGuardian(t.db, { children: [{ id: pupil2.id, schoolId: school.id }] });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const teacher = await makeTeacher(t.db, school, { classIds: [classA.id] });
    const s = {
      pupil: await signIn(t.app, pupil),
      g1: await signIn(t.app, g1),
      h: await signIn(t.app, h),
      restricted: await signIn(t.app, restricted),
      teacher: await signIn(t.app, teacher),
      principal: await signIn(t.app, await makeStaff(t.db, school, ['principal'])),
      deputy: await signIn(t.app, await makeStaff(t.db, school, ['deputy'])),
      cpe: await signIn(t.app, await makeStaff(t.db, school, ['cpe'])),
      aed: await signIn(t.app, await makeStaff(t.db, school, ['assistant_education'])),
      secretary: await signIn(t.app, await makeStaff(t.db, school, ['secretariat'])),
      otherPrincipal: await signIn(t.app, await makeStaff(t.db, other, ['principal'])),
      otherCpe: await signIn(t.app, await makeStaff(t.db, other, ['cpe'])),
    };
    return { school, pupil, pupil2, s, base: `/api/schools/${school.id}` };
  }

  const req = (s: Session | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: s?.headers, ...(payload ? { payload } : {}) });

  const incident = (pupilId: string) => ({
    occurredAt: '2026-11-20T10:15:00+01:00',
    place: 'Cour de récréation',
    description: 'Bousculade suivie d’insultes.',
    witnesses: 'M. Durand, surveillant',
    pupils: [{ pupilId, role: 'author' }],
  });

  test('incidents: any staff reports; vie scolaire sees all, the author their own, families nothing', async () => {
    const w = await world();
    const byTeacher = await req(w.s.teacher, 'POST', `${w.base}/incidents`, incident(w.pupil.id));
    assert.equal(byTeacher.statusCode, 201, byTeacher.body);
    assert.equal(byTeacher.json().pupils[0].role, 'author');
    const bySecretary = await req(w.s.secretary, 'POST', `${w.base}/incidents`, incident(w.pupil2.id));
    assert.equal(bySecretary.statusCode, 201);
    assert.equal((await req(w.s.cpe, 'GET', `${w.base}/incidents`)).json().items.length, 2);
    assert.equal((await req(w.s.teacher, 'GET', `${w.base}/incidents`)).json().items.length, 1);
    // A pupil of another school cannot be named.
    const stranger = await makePupil(t.db, await makeSchool(t.db));
    assert.equal((await req(w.s.cpe, 'POST', `${w.base}/incidents`, incident(stranger.id))).statusCode, 404);
    // The guardian's view of the child has no incident reports; vie scolaire's has.
    const family = (await req(w.s.g1, 'GET', `${w.base}/pupils/${w.pupil.id}/discipline`)).json();
    assert.equal(family.incidents, null);
    const staff = (await req(w.s.cpe, 'GET', `${w.base}/pupils/${w.pupil.id}/discipline`)).json();
    assert.equal(staff.incidents.length, 1);

    // Whom one may name: the teacher their pupils, vie scolaire every pupil.
    const mine = (await req(w.s.teacher, 'GET', `${w.base}/discipline/pupils`)).json();
    assert.deepEqual(
      mine.items.map((p: { id: string }) => p.id),
      [w.pupil.id],
    );
    assert.equal((await req(w.s.cpe, 'GET', `${w.base}/discipline/pupils`)).json().items.length, 2);
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/discipline/pupils` },
      { otherSchool: w.s.otherCpe, otherFamily: w.s.h, wrongProfile: w.s.pupil },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/incidents` },
      { otherSchool: w.s.otherCpe, otherFamily: w.s.h, wrongProfile: w.s.pupil },
    );
    await assertRefusals(
      t.app,
      { method: 'POST', url: `${w.base}/incidents`, payload: incident(w.pupil.id) },
      { otherSchool: w.s.otherCpe, otherFamily: w.s.h, wrongProfile: w.s.g1 },
      async () => assert.equal((await req(w.s.cpe, 'GET', `${w.base}/incidents`)).json().items.length, 2),
    );
  });

  test('punishments: a teacher for the pupils they teach, vie scolaire for all; the family is told', async () => {
    const w = await world();
    const given = await req(w.s.teacher, 'POST', `${w.base}/punishments`, {
      pupilId: w.pupil.id,
      kind: 'devoir_supplementaire',
      reason: 'Travail non fait trois fois',
    });
    assert.equal(given.statusCode, 201, given.body);
    // Not a pupil the teacher teaches.
    const refused = await req(w.s.teacher, 'POST', `${w.base}/punishments`, {
      pupilId: w.pupil2.id,
      kind: 'observation',
      reason: 'Bavardages',
    });
    assert.equal(refused.statusCode, 403);
    // A retenue needs a time and place, and only a retenue has one.
    const noPlace = await req(w.s.cpe, 'POST', `${w.base}/punishments`, {
      pupilId: w.pupil2.id,
      kind: 'retenue',
      reason: 'Retards répétés',
    });
    assert.equal(noPlace.statusCode, 400);
    const retenue = await req(w.s.cpe, 'POST', `${w.base}/punishments`, {
      pupilId: w.pupil.id,
      kind: 'retenue',
      reason: 'Retards répétés',
      detention: { date: '2026-12-09', startsAt: '13:00', endsAt: '15:00', room: 'Salle 102' },
    });
    assert.equal(retenue.statusCode, 201, retenue.body);
    const note = await t.db
      .selectFrom('notifications')
      .selectAll()
      .where('kind', '=', 'discipline.punishment')
      .where('message_key', '=', 'discipline.retenue')
      .execute();
    assert.deepEqual(
      note.map((n) => n.person_id),
      [w.s.g1.personId],
      'the guardian with access is told, not the court-restricted one',
    );
    // The retenue's roll call by vie scolaire.
    const day = (await req(w.s.aed, 'GET', `${w.base}/detentions?date=2026-12-09`)).json();
    assert.equal(day.items.length, 1);
    const id = retenue.json().id;
    const checked = await req(w.s.aed, 'PUT', `${w.base}/detentions/${id}/attendance`, { status: 'absent' });
    assert.equal(checked.json().detention.status, 'absent');
    // The family sees both punishments.
    const family = (await req(w.s.g1, 'GET', `${w.base}/pupils/${w.pupil.id}/discipline`)).json();
    assert.equal(family.punishments.length, 2);
    assert.equal((await req(w.s.teacher, 'GET', `${w.base}/punishments`)).json().items.length, 1);

    const body = { pupilId: w.pupil.id, kind: 'observation', reason: 'x' };
    await assertRefusals(
      t.app,
      { method: 'POST', url: `${w.base}/punishments`, payload: body },
      { otherSchool: w.s.otherCpe, otherFamily: w.s.h, wrongProfile: w.s.pupil },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/punishments` },
      { otherSchool: w.s.otherCpe, otherFamily: w.s.h, wrongProfile: w.s.g1 },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/detentions?date=2026-12-09` },
      { otherSchool: w.s.otherCpe, otherFamily: w.s.h, wrongProfile: w.s.teacher },
    );
    await assertRefusals(
      t.app,
      { method: 'PUT', url: `${w.base}/detentions/${id}/attendance`, payload: { status: 'present' } },
      { otherSchool: w.s.otherCpe, otherFamily: w.s.g1, wrongProfile: w.s.teacher },
      async () => {
        const row = await t.db
          .selectFrom('punishments')
          .select('detention_status')
          .where('id', '=', id)
          .executeTakeFirst();
        assert.equal(row?.detention_status, 'absent');
      },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/pupils/${w.pupil.id}/discipline` },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.h, wrongProfile: w.s.teacher },
    );
    // A court-restricted guardian reads nothing.
    assert.equal((await req(w.s.restricted, 'GET', `${w.base}/pupils/${w.pupil.id}/discipline`)).statusCode, 404);
  });

  test('procedure: only the principal opens and pronounces, never before the defence delay; the family reads the letter', async () => {
    const w = await world();
    const facts = { pupilId: w.pupil.id, facts: 'Insultes envers un surveillant le 20 novembre.' };
    for (const s of [w.s.deputy, w.s.cpe, w.s.teacher]) {
      assert.equal((await req(s, 'POST', `${w.base}/procedures`, facts)).statusCode, 403);
    }
    const opened = await req(w.s.principal, 'POST', `${w.base}/procedures`, facts);
    assert.equal(opened.statusCode, 201, opened.body);
    const id = opened.json().id as string;
    assert.equal(opened.json().defenceDays, 2);
    assert.equal(opened.json().abilities.pronounce, false);
    // The family was told in writing: the opening letter.
    const told = await t.db
      .selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'discipline.procedure')
      .execute();
    assert.deepEqual(told.map((n) => n.person_id).sort(), [w.pupil.id, w.s.g1.personId].sort());
    const opening = await req(w.s.g1, 'GET', `${w.base}/procedures/${id}/opening-letter.pdf`);
    assert.equal(opening.statusCode, 200);
    const openingText = (await readLetter(opening.rawPayload)).text;
    assert.match(openingText, /R\.\s421-10-1/);
    assert.match(openingText, /2 jours ouvrables/);
    assert.match(openingText, /assister/);

    const sanction = { sanction: 'blame', reasons: 'Faits établis, reconnus par l’élève.' };
    const early = await req(w.s.principal, 'POST', `${w.base}/procedures/${id}/pronounce`, sanction);
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().error, 'DEFENCE_DELAY_RUNNING');
    // The delay runs out (the clock moves: the procedure was opened three working days ago).
    await t.db
      .updateTable('disciplinary_procedures')
      .set({ defence_ends_at: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', id)
      .execute();
    assert.equal(
      (await req(w.s.deputy, 'POST', `${w.base}/procedures/${id}/pronounce`, sanction)).statusCode,
      403,
      'the deputy does not pronounce',
    );
    const bad = await req(w.s.principal, 'POST', `${w.base}/procedures/${id}/pronounce`, { ...sanction, sursis: true });
    assert.equal(bad.statusCode, 400, 'no sursis for a blâme');
    const done = await req(w.s.principal, 'POST', `${w.base}/procedures/${id}/pronounce`, sanction);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'pronounced');
    assert.equal(
      (await req(w.s.principal, 'POST', `${w.base}/procedures/${id}/pronounce`, sanction)).statusCode,
      409,
      'pronounced once',
    );

    const letter = await req(w.s.g1, 'GET', `${w.base}/procedures/${id}/sanction-letter.pdf`);
    assert.equal(letter.statusCode, 200);
    assert.equal(letter.headers['content-type'], 'application/pdf');
    const text = (await readLetter(letter.rawPayload)).text;
    assert.match(text, /Blâme/);
    assert.match(text, /Léa/);
    const family = (await req(w.s.g1, 'GET', `${w.base}/pupils/${w.pupil.id}/discipline`)).json();
    assert.equal(family.sanctions.length, 1);
    assert.equal(family.sanctions[0].sanction, 'blame');

    // Another family, a court-restricted guardian, another school: no letter.
    for (const s of [w.s.h, w.s.restricted, w.s.otherPrincipal, w.s.teacher, w.s.secretary]) {
      const r = await req(s, 'GET', `${w.base}/procedures/${id}/sanction-letter.pdf`);
      assert.equal(r.statusCode, 404, `letter read by the wrong person: ${r.statusCode}`);
    }
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/procedures/${id}/sanction-letter.pdf` },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.h, wrongProfile: w.s.teacher },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/procedures/${id}/opening-letter.pdf` },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.h, wrongProfile: w.s.secretary },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/procedures` },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g1, wrongProfile: w.s.aed },
    );
    await assertRefusals(
      t.app,
      { method: 'POST', url: `${w.base}/procedures`, payload: facts },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g1, wrongProfile: w.s.deputy },
    );
    const second = (await req(w.s.principal, 'POST', `${w.base}/procedures`, facts)).json().id as string;
    await assertRefusals(
      t.app,
      { method: 'POST', url: `${w.base}/procedures/${second}/pronounce`, payload: sanction },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g1, wrongProfile: w.s.cpe },
    );
    await assertRefusals(
      t.app,
      { method: 'POST', url: `${w.base}/procedures/${second}/close`, payload: {} },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g1, wrongProfile: w.s.deputy },
      async () => {
        const row = await t.db
          .selectFrom('disciplinary_procedures')
          .select('status')
          .where('id', '=', second)
          .executeTakeFirst();
        assert.equal(row?.status, 'open');
      },
    );
    const closed = await req(w.s.principal, 'POST', `${w.base}/procedures/${second}/close`, {});
    assert.equal(closed.json().status, 'closed');
  });

  test('sanctions leave the file after their legal time (the clock moves)', async () => {
    const w = await world();
    const now = new Date('2026-12-07T09:00:00Z');
    const ids: Record<string, string> = {};
    for (const sanction of ['avertissement', 'blame', 'exclusion_etablissement'] as const) {
      const opened = await req(w.s.principal, 'POST', `${w.base}/procedures`, { pupilId: w.pupil.id, facts: sanction });
      const id = opened.json().id as string;
      ids[sanction] = id;
      await t.db
        .updateTable('disciplinary_procedures')
        .set({ defence_ends_at: '2026-01-01T00:00:00.000Z' })
        .where('id', '=', id)
        .execute();
      const { pronounce } = await import('./discipline.service.ts');
      const actor = {
        personId: w.s.principal.personId,
        login: '',
        firstName: '',
        lastName: '',
        locale: 'fr',
        isDeploymentAdmin: false,
        profiles: [{ schoolId: w.school.id, kind: 'staff' as const }],
        functions: [{ schoolId: w.school.id, fn: 'principal' as const }],
        currentSchoolId: w.school.id,
        sessionHash: '',
      };
      await pronounce(
        t.db,
        actor,
        w.school.id,
        id,
        {
          sanction,
          sursis: sanction === 'exclusion_etablissement',
          duration: sanction === 'exclusion_etablissement' ? 3 : undefined,
          reasons: 'Motifs',
        },
        now,
      );
    }
    const rows = await t.db
      .selectFrom('disciplinary_procedures')
      .select(['id', 'removal_due_on'])
      .where('pupil_id', '=', w.pupil.id)
      .execute();
    const due = new Map(rows.map((r) => [r.id, r.removal_due_on]));
    const yearEnd = await t.db
      .selectFrom('school_years')
      .select('ends_on')
      .where('id', '=', w.school.yearId)
      .executeTakeFirstOrThrow();
    // The test school year runs around today; on 2026-12-07 the avertissement goes at the end of its year.
    assert.equal(due.get(ids.blame!), '2027-12-07');
    assert.equal(due.get(ids.exclusion_etablissement!), '2028-12-07');
    assert.ok(due.get(ids.avertissement!));

    const inFile = async () =>
      (
        await t.db
          .selectFrom('disciplinary_procedures')
          .select('sanction')
          .where('pupil_id', '=', w.pupil.id)
          .where('removed_at', 'is', null)
          .execute()
      )
        .map((r) => r.sanction)
        .sort();
    assert.equal(await removeExpiredSanctions(t.db, new Date('2026-12-08T12:00:00Z')), 0);
    // After the avertissement's date, only it goes.
    await removeExpiredSanctions(t.db, new Date(`${due.get(ids.avertissement!)}T12:00:00Z`));
    assert.deepEqual(await inFile(), ['blame', 'exclusion_etablissement']);
    // One year on: the blâme; the day before, nothing more.
    await removeExpiredSanctions(t.db, new Date('2027-12-06T12:00:00Z'));
    assert.deepEqual(await inFile(), ['blame', 'exclusion_etablissement']);
    await removeExpiredSanctions(t.db, new Date('2027-12-07T12:00:00Z'));
    assert.deepEqual(await inFile(), ['exclusion_etablissement']);
    // Two years on: the exclusion.
    await removeExpiredSanctions(t.db, new Date('2028-12-07T12:00:00Z'));
    assert.deepEqual(await inFile(), []);
    // Removed: the facts are gone and the letter is no longer served.
    const gone = await t.db
      .selectFrom('disciplinary_procedures')
      .select(['facts', 'removed_at'])
      .where('id', '=', ids.blame!)
      .executeTakeFirstOrThrow();
    assert.equal(gone.facts, '');
    assert.ok(gone.removed_at);
    assert.equal((await req(w.s.g1, 'GET', `${w.base}/procedures/${ids.blame}/sanction-letter.pdf`)).statusCode, 404);
    assert.ok(yearEnd.ends_on);
  });
});
