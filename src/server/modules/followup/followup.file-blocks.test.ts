import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import type { StaffFunction } from '../../lib/policy.ts';

/**
 * The discipline and support-plan blocks of the pupil's file: each follows its own module's policy
 * (docs/followup.md "Who sees what", docs/discipline.md "Who does what").
 */

const PAP_DETAILS = 'Dyslexie sévère (bilan orthophonique).';
const PAI_DETAILS = 'Allergie à l’arachide : stylo d’adrénaline.';
const INCIDENT = 'Bousculade violente dans l’escalier B.';
const PUNISHMENT = 'Travail non rendu trois fois.';
const FACTS = 'Insultes envers un surveillant.';

type Plans = 'managerPap' | 'managerPai' | 'accommodations';

/**
 * What each profile gets. discipline: the incident reports with the rest (direction and vie scolaire);
 * plans: which plan's details the caller reads (the plan's managers). null: no file at all (404).
 */
const EXPECTED: Record<string, { discipline: boolean; plans: Plans | null } | null> = {
  principal: { discipline: true, plans: 'managerPap' },
  deputy: { discipline: true, plans: 'managerPap' },
  cpe: { discipline: true, plans: 'accommodations' },
  assistant_education: { discipline: true, plans: 'accommodations' },
  infirmiere: { discipline: false, plans: 'managerPai' },
  psyen: { discipline: false, plans: null },
  assistante_sociale: { discipline: false, plans: null },
  professeurPrincipal: { discipline: false, plans: 'managerPap' },
  teacher: { discipline: false, plans: 'accommodations' },
  otherTeacher: null,
  guardian: null,
  pupil: null,
  otherSchoolCpe: null,
};

describe('pupil file: discipline and support-plan blocks', () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof world>>;
  before(async () => {
    t = await createTestApp();
    w = await world();
  });
  after(async () => {
    await t.close();
  });

  const req = (s: Session | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: s?.headers, ...(payload ? { payload } : {}) });

  async function world() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const k = await makeClass(t.db, school);
    const otherClass = await makeClass(t.db, school);
    const pupil = await makePupil(t.db, school, { classId: k.id, firstName: 'Noé' });
    const sibling = await makePupil(t.db, school, { classId: k.id });
    const people: Record<string, { id: string; login: string; password: string }> = {};
    for (const fn of [
      'principal',
      'deputy',
      'cpe',
      'assistant_education',
      'infirmiere',
      'psyen',
      'assistante_sociale',
    ] as StaffFunction[]) {
      people[fn] = await makeStaff(t.db, school, [fn]);
    }
    people.professeurPrincipal = await makeTeacher(t.db, school, { classIds: [k.id], principalOf: [k.id] });
    people.teacher = await makeTeacher(t.db, school, { classIds: [k.id] });
    people.otherTeacher = await makeTeacher(t.db, school, { classIds: [otherClass.id] });
    people.guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    people.otherGuardian = await makeGuardian(t.db, { children: [{ id: sibling.id, schoolId: school.id }] });
    people.pupil = pupil;
    people.otherSchoolCpe = await makeStaff(t.db, other, ['cpe']);
    const s: Record<string, Session> = {};
    for (const [name, p] of Object.entries(people)) s[name] = await signIn(t.app, p);
    const base = `/api/schools/${school.id}`;

    // A PAP by the professeur principal, a PAI by the nurse, each with confidential details.
    const pap = await req(s.professeurPrincipal!, 'POST', `${base}/support-plans`, {
      pupilId: pupil.id,
      kind: 'pap',
      startsOn: '2026-09-01',
      accommodations: ['tiers_temps', 'documents_agrandis'],
      details: PAP_DETAILS,
    });
    assert.equal(pap.statusCode, 201, pap.body);
    const pai = await req(s.infirmiere!, 'POST', `${base}/support-plans`, {
      pupilId: pupil.id,
      kind: 'pai',
      startsOn: '2026-09-01',
      accommodations: ['trousse_urgence'],
      details: PAI_DETAILS,
    });
    assert.equal(pai.statusCode, 201, pai.body);
    // An incident report and a punishment by the teacher, a procedure opened by the principal.
    const incident = await req(s.teacher!, 'POST', `${base}/incidents`, {
      occurredAt: new Date().toISOString(),
      place: 'Escalier B',
      description: INCIDENT,
      pupils: [{ pupilId: pupil.id, role: 'author' }],
    });
    assert.equal(incident.statusCode, 201, incident.body);
    const punishment = await req(s.teacher!, 'POST', `${base}/punishments`, {
      pupilId: pupil.id,
      kind: 'devoir_supplementaire',
      reason: PUNISHMENT,
    });
    assert.equal(punishment.statusCode, 201, punishment.body);
    const procedure = await req(s.principal!, 'POST', `${base}/procedures`, { pupilId: pupil.id, facts: FACTS });
    assert.equal(procedure.statusCode, 201, procedure.body);
    return { school, pupil, sibling, s, base, papId: pap.json().id as string, paiId: pai.json().id as string };
  }

  const fileUrl = (pupilId = w.pupil.id) => `${w.base}/pupils/${pupilId}/file`;

  test('who sees the discipline and support-plan blocks, and what is in them', async () => {
    for (const [who, expected] of Object.entries(EXPECTED)) {
      const res = await req(w.s[who]!, 'GET', fileUrl());
      if (expected === null) {
        assert.equal(res.statusCode, 404, `${who} must not open the file: ${res.body}`);
        for (const secret of [PAP_DETAILS, PAI_DETAILS, INCIDENT, PUNISHMENT, FACTS]) {
          assert.ok(!res.body.includes(secret), `${who}: ${secret}`);
        }
        continue;
      }
      assert.equal(res.statusCode, 200, `${who}: ${res.body}`);
      const blocks = res.json().blocks;

      // Discipline: the whole record, incident reports included, for direction and vie scolaire only.
      if (expected.discipline) {
        const d = blocks.discipline;
        assert.ok(d, `${who}: discipline block`);
        assert.equal(d.punishments.length, 1, `${who}: punishments`);
        assert.equal(d.punishments[0].reason, PUNISHMENT);
        assert.equal(d.openProcedures.length, 1, `${who}: open procedures`);
        assert.equal(d.openProcedures[0].facts, FACTS);
        assert.equal(d.incidents?.length, 1, `${who}: incident reports`);
        assert.equal(d.incidents[0].description, INCIDENT);
        assert.equal(d.pupil, undefined, 'the file names the pupil once');
        assert.equal(blocks.ownDiscipline, undefined, `${who}: reads the whole record`);
      } else {
        assert.equal(blocks.discipline, undefined, `${who}: no discipline block`);
        // Their own writings only: the teacher reported the incident and gave the punishment; nobody else here did.
        const own = blocks.ownDiscipline;
        assert.ok(own, `${who}: their own reports and punishments`);
        const wrote = who === 'teacher';
        assert.deepEqual(
          own.incidents.map((i: { description: string }) => i.description),
          wrote ? [INCIDENT] : [],
          `${who}: own incidents`,
        );
        assert.deepEqual(
          own.punishments.map((p: { reason: string }) => p.reason),
          wrote ? [PUNISHMENT] : [],
          `${who}: own punishments`,
        );
        const secrets = wrote ? [FACTS] : [INCIDENT, PUNISHMENT, FACTS];
        for (const secret of secrets) assert.ok(!res.body.includes(secret), `${who}: ${secret}`);
      }

      // Plans: the accommodations for every reader, each plan's details for its managers only.
      if (expected.plans === null) {
        assert.equal(blocks.supportPlans, undefined, `${who}: no support-plan block`);
        for (const secret of [PAP_DETAILS, PAI_DETAILS]) assert.ok(!res.body.includes(secret), `${who}: ${secret}`);
        continue;
      }
      const items = blocks.supportPlans?.items as Array<{
        id: string;
        kind: string;
        accommodations: string[];
        details: string | null;
      }>;
      assert.ok(items, `${who}: support-plan block`);
      assert.deepEqual(items.map((p) => p.kind).sort(), ['pai', 'pap'], `${who}: plans`);
      const pap = items.find((p) => p.kind === 'pap')!;
      const pai = items.find((p) => p.kind === 'pai')!;
      assert.deepEqual(pap.accommodations, ['tiers_temps', 'documents_agrandis']);
      assert.deepEqual(pai.accommodations, ['trousse_urgence']);
      const readsPap = expected.plans === 'managerPap';
      const readsPai = expected.plans === 'managerPai';
      assert.equal(pap.details, readsPap ? PAP_DETAILS : null, `${who}: PAP details`);
      assert.equal(pai.details, readsPai ? PAI_DETAILS : null, `${who}: PAI details`);
    }
  });

  test('the blocks agree with the modules’ own routes', async () => {
    for (const [who, expected] of Object.entries(EXPECTED)) {
      if (expected === null) continue;
      const plans = await req(w.s[who]!, 'GET', `${w.base}/pupils/${w.pupil.id}/support-plans`);
      assert.equal(
        plans.statusCode === 200,
        expected.plans !== null,
        `${who}: support-plans route ${plans.statusCode}`,
      );
      const discipline = await req(w.s[who]!, 'GET', `${w.base}/pupils/${w.pupil.id}/discipline`);
      assert.equal(discipline.statusCode === 200, expected.discipline, `${who}: discipline route`);
    }
    // Families read the discipline record on their own page, never through the file.
    assert.equal((await req(w.s.guardian!, 'GET', `${w.base}/pupils/${w.pupil.id}/discipline`)).statusCode, 200);
    assert.equal((await req(w.s.pupil!, 'GET', `${w.base}/pupils/${w.pupil.id}/discipline`)).statusCode, 200);
  });

  test('a pupil without plan or record: the blocks are there, empty, for those allowed', async () => {
    const cpe = (await req(w.s.cpe!, 'GET', fileUrl(w.sibling.id))).json().blocks;
    assert.deepEqual(cpe.supportPlans, { items: [] });
    assert.deepEqual(cpe.discipline, { punishments: [], sanctions: [], openProcedures: [], incidents: [] });
    const teacher = (await req(w.s.teacher!, 'GET', fileUrl(w.sibling.id))).json().blocks;
    assert.deepEqual(teacher.supportPlans, { items: [] });
    assert.equal(teacher.discipline, undefined);
  });

  test('a plan that has ended leaves the block', async () => {
    await t.db.updateTable('support_plans').set({ ends_on: '2026-09-02' }).where('id', '=', w.paiId).execute();
    try {
      const items = (await req(w.s.teacher!, 'GET', fileUrl())).json().blocks.supportPlans.items as Array<{
        kind: string;
      }>;
      const expected = todayInParis() > '2026-09-02' ? ['pap'] : ['pai', 'pap'];
      assert.deepEqual(items.map((p) => p.kind).sort(), expected);
    } finally {
      await t.db.updateTable('support_plans').set({ ends_on: null }).where('id', '=', w.paiId).execute();
    }
  });

  test('the four refusals on the file', async () => {
    await assertRefusals(
      t.app,
      { method: 'GET', url: fileUrl() },
      { otherSchool: w.s.otherSchoolCpe!, otherFamily: w.s.otherGuardian!, wrongProfile: w.s.otherTeacher! },
    );
  });
});
