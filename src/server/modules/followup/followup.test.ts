import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGuardian,
  makePeriod,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { newId } from '../../lib/ids.ts';
import type { StaffFunction } from '../../lib/policy.ts';
import { COMPARTMENTS, type Compartment } from './followup.policy.ts';
import { purgeExpiredEntries } from './followup.service.ts';

const BLOCKS = [
  'identity',
  'schooling',
  'guardians',
  'timetable',
  'attendance',
  'grades',
  'reportCards',
  'supportPlans',
  'discipline',
  'followup',
];

/** Who sees which block and which compartment (docs/followup.md, "Who sees what"). null: no file at all (404). */
const MATRIX: Record<
  string,
  { blocks: string[]; compartments: Compartment[]; guardians?: 'names' | 'contacts'; attendance?: string } | null
> = {
  principal: {
    blocks: BLOCKS,
    compartments: ['vie_scolaire', 'direction', 'equipe'],
    guardians: 'contacts',
    attendance: 'full',
  },
  deputy: { blocks: BLOCKS, compartments: ['vie_scolaire', 'direction', 'equipe'], guardians: 'contacts' },
  cpe: { blocks: BLOCKS, compartments: ['vie_scolaire', 'equipe'], guardians: 'contacts', attendance: 'full' },
  assistant_education: {
    blocks: ['identity', 'schooling', 'guardians', 'timetable', 'attendance', 'supportPlans', 'discipline', 'followup'],
    compartments: ['vie_scolaire'],
    attendance: 'full',
  },
  psyen: {
    blocks: ['identity', 'schooling', 'guardians', 'timetable', 'attendance', 'ownDiscipline', 'followup'],
    compartments: ['psyen', 'equipe'],
    attendance: 'counts',
  },
  assistante_sociale: {
    blocks: ['identity', 'schooling', 'guardians', 'timetable', 'attendance', 'ownDiscipline', 'followup'],
    compartments: ['service_social', 'equipe'],
    attendance: 'social',
  },
  infirmiere: {
    blocks: [
      'identity',
      'schooling',
      'guardians',
      'timetable',
      'attendance',
      'supportPlans',
      'ownDiscipline',
      'followup',
    ],
    compartments: ['infirmerie', 'equipe'],
    guardians: 'contacts',
    attendance: 'health',
  },
  professeurPrincipal: {
    // Their own incident reports and punishments instead of the whole record.
    blocks: BLOCKS.map((b) => (b === 'discipline' ? 'ownDiscipline' : b)),
    compartments: ['equipe'],
    guardians: 'contacts',
    attendance: 'teacher',
  },
  teacher: {
    blocks: ['identity', 'schooling', 'guardians', 'timetable', 'attendance', 'supportPlans', 'ownDiscipline'],
    compartments: [],
    guardians: 'names',
    attendance: 'teacher',
  },
  otherTeacher: null,
  secretariat: null,
  accueil: null,
  documentaliste: null,
  school_admin: null,
  dpo: null,
  deploymentAdmin: null,
  guardian: null,
  pupil: null,
  otherSchoolCpe: null,
};

const WRITERS: Record<Compartment, string> = {
  infirmerie: 'infirmiere',
  service_social: 'assistante_sociale',
  psyen: 'psyen',
  vie_scolaire: 'cpe',
  direction: 'principal',
  equipe: 'professeurPrincipal',
};

describe('pupil file and follow-up', () => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    t = await createTestApp();
    s = await setup();
  });
  after(async () => {
    await t.close();
  });

  async function setup() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const k = await makeClass(t.db, school);
    const otherClass = await makeClass(t.db, school);
    const pupil = await makePupil(t.db, school, { classId: k.id });
    const sibling = await makePupil(t.db, school, { classId: k.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: sibling.id, schoolId: school.id }] });
    await makePeriod(t.db, school);
    const people: Record<string, { id: string; login: string; password: string }> = {};
    for (const fn of [
      'principal',
      'deputy',
      'cpe',
      'assistant_education',
      'psyen',
      'assistante_sociale',
      'infirmiere',
      'secretariat',
      'accueil',
      'documentaliste',
      'school_admin',
      'dpo',
    ] as StaffFunction[]) {
      people[fn] = await makeStaff(t.db, school, [fn]);
    }
    people.professeurPrincipal = await makeTeacher(t.db, school, { classIds: [k.id], principalOf: [k.id] });
    people.teacher = await makeTeacher(t.db, school, { classIds: [k.id] });
    people.otherTeacher = await makeTeacher(t.db, school, { classIds: [otherClass.id] });
    people.deploymentAdmin = await makePerson(t.db, {
      schoolId: school.id,
      profiles: ['staff'],
      functions: ['school_admin'],
      deploymentAdmin: true,
    });
    people.guardian = guardian;
    people.otherGuardian = otherGuardian;
    people.pupil = pupil;
    people.otherSchoolCpe = await makeStaff(t.db, other, ['cpe']);
    const sessions: Record<string, Session> = {};
    for (const [name, p] of Object.entries(people)) sessions[name] = await signIn(t.app, p);
    return { school, other, k, pupil, sibling, people, sessions };
  }

  const fileUrl = (pupilId = s.pupil.id) => `/api/schools/${s.school.id}/pupils/${pupilId}/file`;
  const entriesUrl = (pupilId = s.pupil.id) => `/api/schools/${s.school.id}/pupils/${pupilId}/followup/entries`;

  async function write(who: string, compartment: Compartment, body = `Note ${compartment}`, pupilId = s.pupil.id) {
    return t.app.inject({
      method: 'POST',
      url: entriesUrl(pupilId),
      headers: s.sessions[who]!.headers,
      payload: { compartment, kind: 'entretien', occurredOn: todayInParis(), body },
    });
  }

  test('who-sees-what: every profile × every block of the file and every compartment', async () => {
    const ids: Partial<Record<Compartment, string>> = {};
    for (const c of COMPARTMENTS) {
      const res = await write(WRITERS[c], c, `Confidentiel ${c}`);
      assert.equal(res.statusCode, 201, res.body);
      ids[c] = res.json().id;
    }
    for (const [who, expected] of Object.entries(MATRIX)) {
      const res = await t.app.inject({ method: 'GET', url: fileUrl(), headers: s.sessions[who]!.headers });
      if (expected === null) {
        assert.equal(res.statusCode, 404, `${who} must not open the file: ${res.body}`);
        assert.doesNotMatch(res.body, /Confidentiel/);
        const list = await t.app.inject({ method: 'GET', url: entriesUrl(), headers: s.sessions[who]!.headers });
        assert.equal(list.statusCode, 404, `${who} must not list entries`);
        continue;
      }
      assert.equal(res.statusCode, 200, `${who}: ${res.body}`);
      const file = res.json();
      assert.deepEqual(Object.keys(file.blocks).sort(), [...expected.blocks].sort(), `${who}: blocks`);
      if (expected.guardians) assert.equal(file.blocks.guardians.detail, expected.guardians, `${who}: guardians`);
      if (expected.guardians === 'names') {
        assert.equal(file.blocks.guardians.items[0].email, undefined);
        assert.equal(file.blocks.guardians.items[0].mayCollect, undefined);
      }
      if (expected.attendance) assert.equal(file.blocks.attendance.view, expected.attendance, `${who}: attendance`);
      const seen = new Set<string>(
        (file.blocks.followup?.entries ?? []).map((e: { compartment: string }) => e.compartment),
      );
      assert.deepEqual([...seen].sort(), [...expected.compartments].sort(), `${who}: compartments read`);
      assert.deepEqual(
        [...(file.blocks.followup?.compartments ?? [])].sort(),
        [...expected.compartments].sort(),
        `${who}: compartments written`,
      );
      // Writing: exactly the compartments read.
      for (const c of COMPARTMENTS) {
        const w = await write(who, c);
        const allowed = expected.compartments.includes(c);
        assert.equal(w.statusCode, allowed ? 201 : 403, `${who} writing ${c}: ${w.body}`);
      }
    }
    // Nobody outside the matrix wrote anything.
    const rows = await t.db.selectFrom('followup_entries').select(['compartment', 'author_id']).execute();
    const writers = new Set(rows.map((r) => r.author_id));
    for (const who of Object.keys(MATRIX).filter((w) => MATRIX[w] === null)) {
      assert.ok(!writers.has(s.people[who]!.id), `${who} wrote an entry`);
    }
    assert.ok(ids.infirmerie);
  });

  test('the four refusals on every route', async () => {
    const entry = (await write('infirmiere', 'infirmerie')).json();
    const meeting = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${s.school.id}/followup/meetings`,
      headers: s.sessions.principal!.headers,
      payload: {
        kind: 'gpds',
        heldOn: todayInParis(),
        title: 'GPDS',
        memberIds: [s.people.cpe!.id],
        pupilIds: [s.pupil.id],
      },
    });
    assert.equal(meeting.statusCode, 201, meeting.body);
    const meetingId = meeting.json().id;
    const action = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${s.school.id}/followup/meetings/${meetingId}/actions`,
      headers: s.sessions.principal!.headers,
      payload: { pupilId: s.pupil.id, title: 'Appeler la famille', ownerId: s.people.cpe!.id, dueOn: todayInParis() },
    });
    assert.equal(action.statusCode, 201, action.body);
    const who = {
      otherSchool: s.sessions.otherSchoolCpe!,
      otherFamily: s.sessions.otherGuardian!,
      wrongProfile: s.sessions.secretariat!,
    };
    const base = `/api/schools/${s.school.id}`;
    const routes = [
      { method: 'GET' as const, url: fileUrl() },
      { method: 'GET' as const, url: entriesUrl() },
      {
        method: 'POST' as const,
        url: entriesUrl(),
        payload: { compartment: 'vie_scolaire', kind: 'appel', occurredOn: todayInParis(), body: 'x' },
      },
      { method: 'POST' as const, url: `${entriesUrl()}/${entry.id}/shares`, payload: { team: true } },
      { method: 'GET' as const, url: `${entriesUrl()}/${entry.id}/reads` },
      { method: 'GET' as const, url: `${base}/followup/reads` },
      { method: 'GET' as const, url: `${base}/followup/meetings` },
      {
        method: 'POST' as const,
        url: `${base}/followup/meetings`,
        payload: { kind: 'gpds', heldOn: todayInParis(), title: 'x', memberIds: [s.people.cpe!.id] },
      },
      { method: 'GET' as const, url: `${base}/followup/meetings/${meetingId}` },
      {
        method: 'POST' as const,
        url: `${base}/followup/meetings/${meetingId}/minutes`,
        payload: { pupilId: s.pupil.id, body: 'x' },
      },
      {
        method: 'POST' as const,
        url: `${base}/followup/meetings/${meetingId}/actions`,
        payload: { title: 'x', ownerId: s.people.cpe!.id, dueOn: todayInParis() },
      },
      { method: 'PUT' as const, url: `${base}/followup/actions/${action.json().id}/done`, payload: { done: true } },
    ];
    const before = await t.db.selectFrom('followup_entries').select('id').execute();
    for (const r of routes) await assertRefusals(t.app, r, who);
    const after = await t.db.selectFrom('followup_entries').select('id').execute();
    assert.equal(after.length, before.length, 'no refused call wrote an entry');
  });

  test('a teacher who no longer teaches the pupil sees nothing', async () => {
    const k2 = await makeClass(t.db, s.school);
    const moved = await makePupil(t.db, s.school, { classId: k2.id });
    const former = await makeTeacher(t.db, s.school, { classIds: [s.k.id] });
    const session = await signIn(t.app, former);
    // The pupil was in the teacher's class until yesterday.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await t.db
      .updateTable('class_memberships')
      .set({ starts_on: todayInParis() })
      .where('pupil_id', '=', moved.id)
      .execute();
    await t.db
      .insertInto('class_memberships')
      .values({ id: newId(), pupil_id: moved.id, class_id: s.k.id, starts_on: '2000-01-01', ends_on: yesterday })
      .execute();
    const res = await t.app.inject({ method: 'GET', url: fileUrl(moved.id), headers: session.headers });
    assert.equal(res.statusCode, 404);
    // Today's pupil of the class: the file opens.
    const now = await t.app.inject({ method: 'GET', url: fileUrl(), headers: session.headers });
    assert.equal(now.statusCode, 200);
  });

  test('administrators cannot read a compartment, not even through the log', async () => {
    const entry = (await write('infirmiere', 'infirmerie', 'Suivi santé')).json();
    for (const who of ['school_admin', 'deploymentAdmin']) {
      const h = s.sessions[who]!.headers;
      for (const url of [fileUrl(), entriesUrl(), `${entriesUrl()}/${entry.id}/reads`]) {
        const res = await t.app.inject({ method: 'GET', url, headers: h });
        assert.ok([403, 404].includes(res.statusCode), `${who} ${url}: ${res.statusCode}`);
        assert.doesNotMatch(res.body, /Suivi santé/);
      }
      const log = await t.app.inject({ method: 'GET', url: `/api/schools/${s.school.id}/followup/reads`, headers: h });
      assert.equal(log.statusCode, 403);
      // The directory record they may open says nothing of the follow-up.
      const person = await t.app.inject({
        method: 'GET',
        url: `/api/schools/${s.school.id}/people/${s.pupil.id}`,
        headers: h,
      });
      assert.doesNotMatch(person.body, /Suivi santé/);
    }
    // Nor may an administrator give themselves, or a colleague, the nurse's function or the DPO's.
    for (const target of [s.people.school_admin!, s.people.secretariat!]) {
      for (const fn of ['infirmiere', 'dpo']) {
        const res = await t.app.inject({
          method: 'PATCH',
          url: `/api/schools/${s.school.id}/admin/people/${target.id}`,
          headers: s.sessions.school_admin!.headers,
          payload: { functions: target === s.people.school_admin ? ['school_admin', fn] : ['secretariat', fn] },
        });
        assert.equal(res.statusCode, 403, `admin granted ${fn}: ${res.statusCode} ${res.body}`);
      }
    }
    const fns = await t.db
      .selectFrom('staff_functions')
      .select('function')
      .where('person_id', '=', s.people.school_admin!.id)
      .execute();
    assert.deepEqual(
      fns.map((f) => f.function),
      ['school_admin'],
    );
  });

  test('every read of an entry is logged; the log is for the profession and the DPO, and cannot be changed', async () => {
    const entry = (await write('infirmiere', 'infirmerie', 'Passage à l’infirmerie')).json();
    const count = async () =>
      (await t.db.selectFrom('followup_reads').selectAll().where('entry_id', '=', entry.id).execute()).length;
    const n0 = await count();
    assert.equal(n0, 1, 'the author reading back what they wrote is logged too');
    await t.app.inject({ method: 'GET', url: fileUrl(), headers: s.sessions.infirmiere!.headers });
    await t.app.inject({ method: 'GET', url: entriesUrl(), headers: s.sessions.infirmiere!.headers });
    assert.equal(await count(), 3);
    // Someone who may not read it leaves no trace (nothing read).
    await t.app.inject({ method: 'GET', url: fileUrl(), headers: s.sessions.cpe!.headers });
    assert.equal(await count(), 3);
    const rows = await t.db.selectFrom('followup_reads').selectAll().where('entry_id', '=', entry.id).execute();
    for (const r of rows) {
      assert.equal(r.reader_id, s.people.infirmiere!.id);
      assert.equal(r.pupil_id, s.pupil.id);
      assert.equal(r.compartment, 'infirmerie');
      assert.ok(r.read_at);
    }
    // The log: the nurse and the DPO read it; the CPE, the administrator do not.
    const logUrl = `${entriesUrl()}/${entry.id}/reads`;
    for (const [who, code] of [
      ['infirmiere', 200],
      ['dpo', 200],
      ['cpe', 404],
      ['school_admin', 404],
      ['principal', 404],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: logUrl, headers: s.sessions[who]!.headers });
      assert.equal(res.statusCode, code, `${who}: ${res.body}`);
      if (code === 200) {
        assert.equal(res.json().reads.length, 3);
        assert.doesNotMatch(res.body, /Passage/, 'the log never carries the content');
      }
    }
    const dpoLog = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${s.school.id}/followup/reads?pupilId=${s.pupil.id}`,
      headers: s.sessions.dpo!.headers,
    });
    assert.equal(dpoLog.statusCode, 200);
    assert.ok(dpoLog.json().reads.some((r: { entryId: string }) => r.entryId === entry.id));
    // The DPO reads the log, never the entries.
    const dpoFile = await t.app.inject({ method: 'GET', url: fileUrl(), headers: s.sessions.dpo!.headers });
    assert.equal(dpoFile.statusCode, 404);
    // Append-only, on the engine itself.
    await assert.rejects(
      t.db
        .updateTable('followup_reads')
        .set({ reader_id: s.people.cpe!.id })
        .where('entry_id', '=', entry.id)
        .execute(),
    );
    await assert.rejects(t.db.deleteFrom('followup_reads').where('entry_id', '=', entry.id).execute());
    assert.equal(await count(), 3);
  });

  test('an author shares one entry with a named colleague or the team, by a recorded act', async () => {
    const entry = (await write('infirmiere', 'infirmerie', 'À partager avec la CPE')).json();
    const sees = async (who: string) =>
      (await t.app.inject({ method: 'GET', url: entriesUrl(), headers: s.sessions[who]!.headers }))
        .json()
        .entries.some((e: { id: string }) => e.id === entry.id);
    assert.equal(await sees('cpe'), false);
    // Only the author shares; only with the pupil's team.
    const notAuthor = await t.app.inject({
      method: 'POST',
      url: `${entriesUrl()}/${entry.id}/shares`,
      headers: s.sessions.cpe!.headers,
      payload: { personIds: [s.people.cpe!.id] },
    });
    assert.equal(notAuthor.statusCode, 404);
    const outsider = await t.app.inject({
      method: 'POST',
      url: `${entriesUrl()}/${entry.id}/shares`,
      headers: s.sessions.infirmiere!.headers,
      payload: { personIds: [s.people.secretariat!.id] },
    });
    assert.equal(outsider.statusCode, 400);
    const shared = await t.app.inject({
      method: 'POST',
      url: `${entriesUrl()}/${entry.id}/shares`,
      headers: s.sessions.infirmiere!.headers,
      payload: { personIds: [s.people.cpe!.id] },
    });
    assert.equal(shared.statusCode, 200, shared.body);
    assert.deepEqual(
      shared.json().sharedWith.map((p: { id: string }) => p.id),
      [s.people.cpe!.id],
    );
    assert.equal(await sees('cpe'), true);
    assert.equal(await sees('professeurPrincipal'), false);
    assert.equal(await sees('psyen'), false);
    await t.app.inject({
      method: 'POST',
      url: `${entriesUrl()}/${entry.id}/shares`,
      headers: s.sessions.infirmiere!.headers,
      payload: { team: true },
    });
    assert.equal(await sees('professeurPrincipal'), true);
    assert.equal(await sees('psyen'), true);
    assert.equal(await sees('teacher'), false);
    assert.equal(await sees('assistant_education'), false);
    const audit = await t.db.selectFrom('audit_events').selectAll().where('action', '=', 'followup.share').execute();
    assert.equal(audit.length, 2);
    const shares = await t.db
      .selectFrom('followup_entry_shares')
      .selectAll()
      .where('entry_id', '=', entry.id)
      .execute();
    assert.equal(shares.length, 2);
    assert.ok(shares.every((x) => x.shared_by === s.people.infirmiere!.id));
  });

  test('team meetings: members, minutes in the team compartment, actions on the owner’s home', async () => {
    const base = `/api/schools/${s.school.id}/followup/meetings`;
    const bad = await t.app.inject({
      method: 'POST',
      url: base,
      headers: s.sessions.cpe!.headers,
      payload: { kind: 'gpds', heldOn: todayInParis(), title: 'x', memberIds: [s.people.teacher!.id] },
    });
    assert.equal(bad.statusCode, 400, 'a plain teacher does not sit on the team');
    const created = await t.app.inject({
      method: 'POST',
      url: base,
      headers: s.sessions.cpe!.headers,
      payload: {
        kind: 'cellule_veille',
        heldOn: todayInParis(),
        title: 'Cellule de veille',
        memberIds: [s.people.infirmiere!.id, s.people.professeurPrincipal!.id],
        pupilIds: [s.pupil.id],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    const minutes = await t.app.inject({
      method: 'POST',
      url: `${base}/${id}/minutes`,
      headers: s.sessions.infirmiere!.headers,
      payload: { pupilId: s.pupil.id, body: 'Décrochage : entretien famille à prévoir' },
    });
    assert.equal(minutes.statusCode, 201, minutes.body);
    assert.equal(minutes.json().compartment, 'equipe');
    const action = await t.app.inject({
      method: 'POST',
      url: `${base}/${id}/actions`,
      headers: s.sessions.cpe!.headers,
      payload: {
        pupilId: s.pupil.id,
        title: 'Recevoir la famille',
        ownerId: s.people.professeurPrincipal!.id,
        dueOn: todayInParis(),
      },
    });
    assert.equal(action.statusCode, 201, action.body);
    const outsiderOwner = await t.app.inject({
      method: 'POST',
      url: `${base}/${id}/actions`,
      headers: s.sessions.cpe!.headers,
      payload: { title: 'x', ownerId: s.people.psyen!.id, dueOn: todayInParis() },
    });
    assert.equal(outsiderOwner.statusCode, 400);
    // Members read the meeting; the psyEN, not a member, does not learn it exists.
    const detail = await t.app.inject({
      method: 'GET',
      url: `${base}/${id}`,
      headers: s.sessions.professeurPrincipal!.headers,
    });
    assert.equal(detail.statusCode, 200, detail.body);
    assert.match(detail.json().pupils[0].minutes[0].body, /Décrochage/);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `${base}/${id}`, headers: s.sessions.psyen!.headers })).statusCode,
      404,
    );
    // The owner's home shows the action; another member's does not.
    const home = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${s.school.id}/home/staff`,
      headers: s.sessions.professeurPrincipal!.headers,
    });
    assert.equal(home.statusCode, 200, home.body);
    assert.deepEqual(
      home.json().followup.actions.map((a: { title: string }) => a.title),
      ['Recevoir la famille'],
    );
    assert.ok(home.json().followup.meetings.some((m: { id: string }) => m.id === id));
    const nurseHome = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${s.school.id}/home/staff`,
      headers: s.sessions.infirmiere!.headers,
    });
    assert.equal(nurseHome.json().followup.actions.length, 0);
    // Only the owner ticks it done; then it leaves the home.
    const notOwner = await t.app.inject({
      method: 'PUT',
      url: `/api/schools/${s.school.id}/followup/actions/${action.json().id}/done`,
      headers: s.sessions.cpe!.headers,
      payload: { done: true },
    });
    assert.equal(notOwner.statusCode, 404);
    const done = await t.app.inject({
      method: 'PUT',
      url: `/api/schools/${s.school.id}/followup/actions/${action.json().id}/done`,
      headers: s.sessions.professeurPrincipal!.headers,
      payload: { done: true },
    });
    assert.equal(done.statusCode, 200);
    const after = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${s.school.id}/home/staff`,
      headers: s.sessions.professeurPrincipal!.headers,
    });
    assert.equal(after.json().followup.actions.length, 0);
  });

  test('retention: entries are purged a delay after the pupil left, per compartment; the read log stays', async () => {
    const leaver = await makePupil(t.db, s.school, { classId: s.k.id });
    for (const c of COMPARTMENTS) assert.equal((await write(WRITERS[c], c, 'à purger', leaver.id)).statusCode, 201);
    const leftOn = todayInParis();
    await t.db.updateTable('class_memberships').set({ ends_on: leftOn }).where('pupil_id', '=', leaver.id).execute();
    const remaining = async () =>
      (await t.db.selectFrom('followup_entries').select('compartment').where('pupil_id', '=', leaver.id).execute())
        .map((r) => r.compartment)
        .sort();
    const at = (days: number) => new Date(Date.parse(`${leftOn}T12:00:00Z`) + days * 86_400_000);
    assert.equal(await purgeExpiredEntries(t.db, at(0)), 0);
    assert.equal(await purgeExpiredEntries(t.db, at(300)), 0);
    assert.equal((await remaining()).length, 6);
    // A pupil still at school keeps everything, whatever the clock says.
    const stays = (await t.db.selectFrom('followup_entries').select('id').where('pupil_id', '=', s.pupil.id).execute())
      .length;
    assert.equal(await purgeExpiredEntries(t.db, at(400)), 5);
    assert.deepEqual(await remaining(), ['direction']);
    assert.equal(await purgeExpiredEntries(t.db, at(800)), 1);
    assert.deepEqual(await remaining(), []);
    assert.equal(
      (await t.db.selectFrom('followup_entries').select('id').where('pupil_id', '=', s.pupil.id).execute()).length,
      stays,
    );
    const log = await t.db.selectFrom('followup_reads').select('id').where('pupil_id', '=', leaver.id).execute();
    assert.equal(log.length, 6, 'the read log outlives the entries');
  });
});
