import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeCourse,
  makeGroup,
  makeGuardian,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';

describe('support plans', () => {
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
    const classA = await makeClass(t.db, school, { code: '5A', level: '5e' });
    const classB = await makeClass(t.db, school, { code: '5B', level: '5e' });
    const pupil = await makePupil(t.db, school, { classId: classA.id, firstName: 'Noé' });
    const pupil2 = await makePupil(t.db, school, { classId: classA.id });
    const pupilB = await makePupil(t.db, school, { classId: classB.id });
    const group = await makeGroup(t.db, school, { pupilIds: [pupil.id, pupilB.id] });
    const teacher = await makeTeacher(t.db, school, { classIds: [classA.id] });
    const pp = await makeTeacher(t.db, school, { classIds: [classA.id], principalOf: [classA.id] });
    const teacherB = await makeTeacher(t.db, school, { classIds: [classB.id] });
    const course = await makeCourse(t.db, school, { teacherIds: [teacher.id], classId: classA.id });
    const g1 = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const s = {
      teacher: await signIn(t.app, teacher),
      pp: await signIn(t.app, pp),
      teacherB: await signIn(t.app, teacherB),
      principal: await signIn(t.app, await makeStaff(t.db, school, ['principal'])),
      cpe: await signIn(t.app, await makeStaff(t.db, school, ['cpe'])),
      nurse: await signIn(t.app, await makeStaff(t.db, school, ['infirmiere'])),
      secretary: await signIn(t.app, await makeStaff(t.db, school, ['secretariat'])),
      g1: await signIn(t.app, g1),
      pupil: await signIn(t.app, pupil),
      otherPrincipal: await signIn(t.app, await makeStaff(t.db, other, ['principal'])),
      otherNurse: await signIn(t.app, await makeStaff(t.db, other, ['infirmiere'])),
    };
    return { school, classA, classB, pupil, pupil2, pupilB, group, course, s, base: `/api/schools/${school.id}` };
  }

  const req = (s: Session | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: s?.headers, ...(payload ? { payload } : {}) });

  test('each plan by its people; teachers see the accommodations, never the details', async () => {
    const w = await world();
    const pap = {
      pupilId: w.pupil.id,
      kind: 'pap',
      startsOn: '2026-09-01',
      accommodations: ['tiers_temps', 'documents_agrandis'],
      details: 'Dyslexie sévère (bilan orthophonique).',
    };
    const pai = {
      pupilId: w.pupil.id,
      kind: 'pai',
      startsOn: '2026-09-01',
      accommodations: ['trousse_urgence'],
      details: 'Allergie à l’arachide : stylo d’adrénaline.',
    };
    // Who creates what.
    assert.equal((await req(w.s.nurse, 'POST', `${w.base}/support-plans`, pap)).statusCode, 403);
    assert.equal((await req(w.s.principal, 'POST', `${w.base}/support-plans`, pai)).statusCode, 403);
    assert.equal((await req(w.s.teacher, 'POST', `${w.base}/support-plans`, pap)).statusCode, 403);
    assert.equal((await req(w.s.pp, 'POST', `${w.base}/support-plans`, { ...pap, kind: 'pps' })).statusCode, 403);
    const papRes = await req(w.s.pp, 'POST', `${w.base}/support-plans`, pap);
    assert.equal(papRes.statusCode, 201, papRes.body);
    const paiRes = await req(w.s.nurse, 'POST', `${w.base}/support-plans`, pai);
    assert.equal(paiRes.statusCode, 201, paiRes.body);
    // A PP only for their class.
    assert.equal(
      (await req(w.s.pp, 'POST', `${w.base}/support-plans`, { ...pap, pupilId: w.pupilB.id })).statusCode,
      403,
    );

    // The PAI's medical details stay with the nurse.
    const direction = (await req(w.s.principal, 'GET', `${w.base}/support-plans`)).json();
    const paiSeen = direction.items.find((p: { kind: string }) => p.kind === 'pai');
    assert.equal(paiSeen.details, null);
    assert.deepEqual(paiSeen.accommodations, ['trousse_urgence']);
    const nurse = (await req(w.s.nurse, 'GET', `${w.base}/support-plans`)).json();
    assert.match(nurse.items.find((p: { kind: string }) => p.kind === 'pai').details, /arachide/);
    assert.equal(nurse.items.find((p: { kind: string }) => p.kind === 'pap').details, null);

    // The teacher of the class: accommodations by class, course and group; no details anywhere.
    for (const q of [`classId=${w.classA.id}`, `courseId=${w.course.id}`]) {
      const res = await req(w.s.teacher, 'GET', `${w.base}/accommodations?${q}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().items.length, 1);
      assert.deepEqual(res.json().items[0].accommodations.sort(), [
        'documents_agrandis',
        'tiers_temps',
        'trousse_urgence',
      ]);
      assert.doesNotMatch(res.body, /Dyslexie|arachide/);
    }
    const own = (await req(w.s.teacher, 'GET', `${w.base}/pupils/${w.pupil.id}/support-plans`)).json();
    assert.equal(own.items.length, 2);
    assert.ok(own.items.every((p: { details: string | null }) => p.details === null));
    // A teacher who does not teach the pupil sees nothing.
    assert.equal((await req(w.s.teacherB, 'GET', `${w.base}/accommodations?classId=${w.classA.id}`)).statusCode, 403);
    assert.equal((await req(w.s.teacherB, 'GET', `${w.base}/accommodations?courseId=${w.course.id}`)).statusCode, 403);
    assert.equal((await req(w.s.teacherB, 'GET', `${w.base}/pupils/${w.pupil.id}/support-plans`)).statusCode, 403);
    assert.equal((await req(w.s.teacherB, 'GET', `${w.base}/accommodations?groupId=${w.group.id}`)).statusCode, 403);
    // One target at a time.
    assert.equal(
      (await req(w.s.teacher, 'GET', `${w.base}/accommodations?classId=${w.classA.id}&courseId=${w.course.id}`))
        .statusCode,
      400,
    );

    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/accommodations?classId=${w.classA.id}` },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g1, wrongProfile: w.s.secretary },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/support-plans` },
      { otherSchool: w.s.otherNurse, otherFamily: w.s.g1, wrongProfile: w.s.teacher },
    );
    await assertRefusals(
      t.app,
      { method: 'POST', url: `${w.base}/support-plans`, payload: { ...pap, pupilId: w.pupil2.id } },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g1, wrongProfile: w.s.cpe },
      async () => {
        const n = await t.db.selectFrom('support_plans').select('id').where('pupil_id', '=', w.pupil2.id).execute();
        assert.equal(n.length, 0);
      },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/pupils/${w.pupil.id}/support-plans` },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.pupil, wrongProfile: w.s.secretary },
    );
    const paiId = paiRes.json().id as string;
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `${w.base}/support-plans/${paiId}` },
      { otherSchool: w.s.otherNurse, otherFamily: w.s.g1, wrongProfile: w.s.principal },
      async () =>
        assert.ok(await t.db.selectFrom('support_plans').select('id').where('id', '=', paiId).executeTakeFirst()),
    );
    assert.equal((await req(w.s.nurse, 'DELETE', `${w.base}/support-plans/${paiId}`)).statusCode, 200);
  });

  async function withPlans(w: Awaited<ReturnType<typeof world>>) {
    const pap = await req(w.s.pp, 'POST', `${w.base}/support-plans`, {
      pupilId: w.pupil.id,
      kind: 'pap',
      startsOn: '2026-09-01',
      accommodations: ['tiers_temps'],
      otherAccommodation: 'Cahier à grands carreaux',
      details: 'Dyslexie sévère (bilan orthophonique).',
    });
    assert.equal(pap.statusCode, 201, pap.body);
    const pai = await req(w.s.nurse, 'POST', `${w.base}/support-plans`, {
      pupilId: w.pupil.id,
      kind: 'pai',
      startsOn: '2026-09-01',
      accommodations: ['trousse_urgence'],
      details: 'Allergie à l’arachide : stylo d’adrénaline.',
    });
    assert.equal(pai.statusCode, 201, pai.body);
    return { papId: pap.json().id as string, paiId: pai.json().id as string };
  }

  test('guardians see their own child’s plans (kind, dates, accommodations), never the details', async () => {
    const w = await world();
    await withPlans(w);
    const sibling = await makePupil(t.db, w.school, { classId: w.classB.id });
    const twoChildren = await makeGuardian(t.db, {
      children: [
        { id: w.pupil.id, schoolId: w.school.id },
        { id: sibling.id, schoolId: w.school.id },
      ],
      responsibility: 'legal2',
    });
    const parent = await signIn(t.app, twoChildren);
    const res = await req(parent, 'GET', `${w.base}/pupils/${w.pupil.id}/support-plans`);
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as Array<{
      kind: string;
      accommodations: string[];
      otherAccommodation: string;
      details: string | null;
      abilities: { edit: boolean };
    }>;
    assert.deepEqual(items.map((p) => p.kind).sort(), ['pai', 'pap']);
    const pap = items.find((p) => p.kind === 'pap')!;
    assert.deepEqual(pap.accommodations, ['tiers_temps']);
    assert.equal(pap.otherAccommodation, 'Cahier à grands carreaux');
    assert.ok(items.every((p) => p.details === null && !p.abilities.edit));
    assert.doesNotMatch(res.body, /Dyslexie|arachide/);
    // Per child: the sibling has no plan.
    const none = await req(parent, 'GET', `${w.base}/pupils/${sibling.id}/support-plans`);
    assert.equal(none.statusCode, 200, none.body);
    assert.deepEqual(none.json().items, []);
    // The first guardian too.
    assert.equal((await req(w.s.g1, 'GET', `${w.base}/pupils/${w.pupil.id}/support-plans`)).statusCode, 200);

    // A court-restricted link, an other contact without school access, the pupil, another family: nothing, 404.
    const restricted = await signIn(
      t.app,
      await makeGuardian(t.db, { children: [{ id: w.pupil.id, schoolId: w.school.id }], courtRestricted: true }),
    );
    const contact = await signIn(
      t.app,
      await makeGuardian(t.db, { children: [{ id: w.pupil.id, schoolId: w.school.id }], responsibility: 'contact' }),
    );
    const otherParent = await signIn(
      t.app,
      await makeGuardian(t.db, { children: [{ id: w.pupilB.id, schoolId: w.school.id }] }),
    );
    for (const s of [restricted, contact, w.s.pupil, otherParent]) {
      const r = await req(s, 'GET', `${w.base}/pupils/${w.pupil.id}/support-plans`);
      assert.equal(r.statusCode, 404, r.body);
      assert.doesNotMatch(r.body, /tiers_temps|trousse/);
    }
    // The school-wide list stays closed to families.
    assert.equal((await req(parent, 'GET', `${w.base}/support-plans`)).statusCode, 403);
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${w.base}/pupils/${w.pupil.id}/support-plans` },
      { otherSchool: w.s.otherPrincipal, otherFamily: otherParent, wrongProfile: w.s.pupil },
    );
  });

  test('editing a plan in place: its managers only, audited, bad input changes nothing', async () => {
    const w = await world();
    const { papId, paiId } = await withPlans(w);
    const url = `${w.base}/support-plans/${papId}`;
    const edit = {
      startsOn: '2026-09-15',
      endsOn: '2027-07-04',
      accommodations: ['tiers_temps', 'ordinateur'],
      otherAccommodation: '',
    };
    const stored = () => t.db.selectFrom('support_plans').selectAll().where('id', '=', papId).executeTakeFirstOrThrow();
    const before = await stored();

    // Bad input: 400 and nothing changed.
    for (const bad of [
      { ...edit, endsOn: '2026-09-01' },
      { ...edit, accommodations: [], otherAccommodation: '' },
      { ...edit, accommodations: ['teleportation'] },
      { ...edit, kind: 'pps' },
      { ...edit, startsOn: '15/09/2026' },
    ]) {
      const r = await req(w.s.pp, 'PUT', url, bad);
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error, 'VALIDATION_FAILED');
    }
    assert.deepEqual(await stored(), before);

    // Refusals: the teacher sees the plan but may not edit it; the nurse may not edit a PAP; families, other schools.
    await assertRefusals(
      t.app,
      { method: 'PUT', url, payload: edit },
      { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g1, wrongProfile: w.s.teacher },
      async () => assert.deepEqual(await stored(), before),
    );
    assert.equal((await req(w.s.nurse, 'PUT', url, edit)).statusCode, 403);
    assert.equal((await req(w.s.cpe, 'PUT', url, edit)).statusCode, 403);
    assert.equal((await req(w.s.pupil, 'PUT', url, edit)).statusCode, 404);
    assert.equal((await req(w.s.principal, 'PUT', `${w.base}/support-plans/${paiId}`, edit)).statusCode, 403);
    assert.equal((await req(w.s.pp, 'PUT', `${w.base}/support-plans/nope`, edit)).statusCode, 404);
    assert.deepEqual(await stored(), before);

    // The professeur principal edits; the details stay when not sent.
    const res = await req(w.s.pp, 'PUT', url, edit);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().startsOn, '2026-09-15');
    assert.equal(res.json().endsOn, '2027-07-04');
    assert.deepEqual(res.json().accommodations, ['tiers_temps', 'ordinateur']);
    assert.match(res.json().details, /Dyslexie/);
    const after = await stored();
    assert.equal(after.kind, 'pap');
    assert.equal(after.pupil_id, w.pupil.id);
    assert.equal(after.other_accommodation, '');
    // Direction changes the details.
    const d = await req(w.s.principal, 'PUT', url, { ...edit, details: 'Dyslexie, bilan de juin.' });
    assert.equal(d.statusCode, 200, d.body);
    assert.equal((await stored()).details, 'Dyslexie, bilan de juin.');
    // The same content again writes nothing more.
    assert.equal((await req(w.s.principal, 'PUT', url, edit)).statusCode, 200);

    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'details', 'target_person_id'])
      .where('action', '=', 'support.plan.update')
      .where('target_person_id', '=', w.pupil.id)
      .orderBy('created_at')
      .execute();
    assert.equal(audit.length, 2);
    assert.deepEqual(JSON.parse(audit[0]!.details).fields, [
      'startsOn',
      'endsOn',
      'accommodations',
      'otherAccommodation',
    ]);
    assert.deepEqual(JSON.parse(audit[1]!.details).fields, ['details']);
    assert.doesNotMatch(audit.map((a) => a.details).join(), /Dyslexie/);

    // Teachers see the new accommodations where they work.
    const acc = await req(w.s.teacher, 'GET', `${w.base}/accommodations?classId=${w.classA.id}`);
    assert.ok(acc.json().items[0].accommodations.includes('ordinateur'));
  });
});
