import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeAttendanceEvent,
  makeClass,
  makeCourse,
  makeGuardian,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { addDays } from '../timetable/timetable.calendar.ts';
import { ensureReasons } from './attendance.reasons.ts';

const PDF = Buffer.from('%PDF-1.4\n% un certificat\n').toString('base64');

describe('attendance: events, justifications, follow-up', () => {
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
    const cls = await makeClass(t.db, school);
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const classmate = await makePupil(t.db, school, { classId: cls.id });
    const mother = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const father = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      responsibility: 'legal2',
    });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const otherPupil = await makePupil(t.db, school);
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const otherTeacher = await makeTeacher(t.db, school);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const ae = await makeStaff(t.db, school, ['assistant_education']);
    const social = await makeStaff(t.db, school, ['assistante_sociale']);
    const nurse = await makeStaff(t.db, school, ['infirmiere']);
    const psy = await makeStaff(t.db, school, ['psyen']);
    const secretariat = await makeStaff(t.db, school, ['secretariat']);
    const otherCpe = await makeStaff(t.db, other, ['cpe']);
    const reasons = await ensureReasons(t.db, school.id);
    const reason = (code: string) => reasons.find((r) => r.code === code)!.id;
    return {
      school,
      other,
      cls,
      pupil,
      classmate,
      mother,
      father,
      restricted,
      otherPupil,
      otherGuardian,
      teacher,
      otherTeacher,
      cpe,
      ae,
      social,
      nurse,
      psy,
      secretariat,
      otherCpe,
      reason,
    };
  }

  const notificationsOf = (personId: string) =>
    t.db.selectFrom('notifications').select(['kind', 'title']).where('person_id', '=', personId).execute();

  test('vie scolaire enters absences, lateness and early departures; families are told of unexplained absences', async () => {
    const f = await setup();
    const cpe = await signIn(t.app, f.cpe);
    const today = todayInParis();
    const absence = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      headers: cpe.headers,
      payload: {
        kind: 'absence',
        pupilId: f.pupil.id,
        from: today,
        fromHalf: 'am',
        to: addDays(today, 1),
        toHalf: 'pm',
      },
    });
    assert.equal(absence.statusCode, 201, absence.body);
    assert.equal(absence.json().justificationStatus, 'none');
    assert.deepEqual(
      (await notificationsOf(f.mother.id)).map((n) => n.kind),
      ['absence.unexplained'],
    );
    assert.equal((await notificationsOf(f.father.id)).length, 1);
    assert.equal((await notificationsOf(f.restricted.id)).length, 0);

    const late = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      headers: cpe.headers,
      payload: { kind: 'lateness', pupilId: f.classmate.id, date: today, arrivedAt: '08:20', minutes: 20 },
    });
    assert.equal(late.statusCode, 201, late.body);

    const collected = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      headers: cpe.headers,
      payload: {
        kind: 'early_departure',
        pupilId: f.pupil.id,
        date: today,
        leftAt: '15:00',
        collectedBy: { guardianId: f.mother.id },
        reasonId: f.reason('rendez_vous_medical'),
      },
    });
    assert.equal(collected.statusCode, 201, collected.body);
    assert.equal(collected.json().collectedBy.guardianId, f.mother.id);
    const named = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      headers: cpe.headers,
      payload: {
        kind: 'early_departure',
        pupilId: f.pupil.id,
        date: today,
        leftAt: '16:00',
        collectedBy: { name: 'Mme Durand (tante, autorisation écrite)' },
      },
    });
    assert.equal(named.statusCode, 201, named.body);

    const count = async () =>
      (await t.db.selectFrom('attendance_events').select('id').where('school_id', '=', f.school.id).execute()).length;
    const before = await count();
    // A court-restricted guardian may not collect; an unknown pupil; another school's pupil; an unknown reason.
    const bad = [
      {
        kind: 'early_departure',
        pupilId: f.pupil.id,
        date: today,
        leftAt: '15:00',
        collectedBy: { guardianId: f.restricted.id },
      },
      { kind: 'lateness', pupilId: 'no-such-pupil', date: today, arrivedAt: '08:10', minutes: 10 },
      { kind: 'absence', pupilId: f.pupil.id, from: today, fromHalf: 'pm', to: today, toHalf: 'am' },
      { kind: 'lateness', pupilId: f.pupil.id, date: today, arrivedAt: '08:10', minutes: 10, reasonId: 'nope' },
    ];
    const codes = [];
    for (const payload of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/api/attendance/events', headers: cpe.headers, payload });
      codes.push(res.statusCode);
    }
    assert.deepEqual(codes, [400, 404, 400, 400]);
    assert.equal(await count(), before);

    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: '/api/attendance/events',
        payload: { kind: 'lateness', pupilId: f.pupil.id, date: today, arrivedAt: '08:10', minutes: 10 },
      },
      {
        otherSchool: await signIn(t.app, f.otherCpe),
        otherFamily: await signIn(t.app, f.otherGuardian),
        wrongProfile: await signIn(t.app, f.teacher),
      },
      async () => assert.equal(await count(), before),
    );
  });

  test('two staff correcting the same event at once: one gets 409 with the current state', async () => {
    const f = await setup();
    const ev = await makeAttendanceEvent(t.db, f.school, {
      pupilId: f.pupil.id,
      date: todayInParis(),
      source: 'vie_scolaire',
    });
    const cpe = await signIn(t.app, f.cpe);
    const ae = await signIn(t.app, f.ae);
    const url = `/api/attendance/events/${ev.id}`;
    const [a, b] = await Promise.all([
      t.app.inject({
        method: 'PATCH',
        url,
        headers: cpe.headers,
        payload: { version: 1, comment: 'Appel de la mère' },
      }),
      t.app.inject({
        method: 'PATCH',
        url,
        headers: ae.headers,
        payload: { version: 1, reasonId: f.reason('maladie'), justificationStatus: 'accepted' },
      }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    const lost = a.statusCode === 409 ? a : b;
    assert.equal(lost.json().details.current.version, 2);
    const row = await t.db
      .selectFrom('attendance_events')
      .selectAll()
      .where('id', '=', ev.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.version, 2);
    // A roll-call event is corrected in its roll call, not deleted here.
    const rc = await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: todayInParis() });
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/attendance/events/${rc.id}?version=1`,
      headers: cpe.headers,
    });
    assert.equal(del.statusCode, 400);
    const stale = await t.app.inject({ method: 'DELETE', url: `${url}?version=1`, headers: cpe.headers });
    assert.equal(stale.statusCode, 409);
    const ok = await t.app.inject({ method: 'DELETE', url: `${url}?version=2`, headers: cpe.headers });
    assert.equal(ok.statusCode, 200);
    await assertRefusals(
      t.app,
      { method: 'PATCH', url: `/api/attendance/events/${rc.id}`, payload: { version: 1, comment: 'x' } },
      {
        otherSchool: await signIn(t.app, f.otherCpe),
        otherFamily: await signIn(t.app, f.otherGuardian),
        wrongProfile: await signIn(t.app, f.teacher),
      },
    );
  });

  test('a justification document named with a right-to-left override is stored and sent without it', async () => {
    const f = await setup();
    const yesterday = addDays(todayInParis(), -1);
    const e1 = await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: yesterday, half: 'am' });
    const mother = await signIn(t.app, f.mother);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/justifications',
      headers: mother.headers,
      payload: {
        pupilId: f.pupil.id,
        eventIds: [e1.id],
        reasonId: f.reason('maladie'),
        comment: '',
        document: { fileName: 'certificat\u202Efdp.exe', contentType: 'application/pdf', base64: PDF },
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().documentName, 'certificatfdp.exe');
    const dl = await t.app.inject({
      method: 'GET',
      url: `/api/attendance/documents/${res.json().documentId}`,
      headers: mother.headers,
    });
    assert.equal(dl.statusCode, 200);
    assert.doesNotMatch(String(dl.headers['content-disposition']), /\u202e|%E2%80%AE/i);
  });

  test('a guardian justifies, both legal guardians see it, vie scolaire accepts and the family is told', async () => {
    const f = await setup();
    const yesterday = addDays(todayInParis(), -1);
    const e1 = await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: yesterday, half: 'am' });
    const e2 = await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: yesterday, half: 'pm' });
    const mother = await signIn(t.app, f.mother);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/justifications',
      headers: mother.headers,
      payload: {
        pupilId: f.pupil.id,
        eventIds: [e1.id, e2.id],
        reasonId: f.reason('maladie'),
        comment: 'Grippe, certificat joint',
        document: { fileName: 'certificat.pdf', contentType: 'application/pdf', base64: PDF },
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const j = res.json();
    assert.equal(j.status, 'pending');
    assert.deepEqual(j.eventIds.sort(), [e1.id, e2.id].sort());

    // Both legal guardians see the same record; the court-restricted one does not see the pupil at all.
    const father = await signIn(t.app, f.father);
    const recordUrl = `/api/attendance/pupils/${f.pupil.id}`;
    const a = (await t.app.inject({ method: 'GET', url: recordUrl, headers: mother.headers })).json();
    const b = (await t.app.inject({ method: 'GET', url: recordUrl, headers: father.headers })).json();
    assert.equal(a.view, 'family');
    assert.deepEqual(a, b);
    assert.equal(a.justifications[0].status, 'pending');
    // The attached file's name, for the family's card; the morning and the afternoon are two half-days.
    assert.equal(a.justifications[0].documentName, 'certificat.pdf');
    assert.equal(j.documentName, 'certificat.pdf');
    assert.equal(a.counts.absences, 2);
    assert.equal(a.counts.absenceHalfDays, 2);
    assert.equal(
      a.events.every((e: { justificationStatus: string }) => e.justificationStatus === 'pending'),
      true,
    );
    const restricted = await signIn(t.app, f.restricted);
    assert.equal((await t.app.inject({ method: 'GET', url: recordUrl, headers: restricted.headers })).statusCode, 404);
    const pupil = await signIn(t.app, f.pupil);
    const own = await t.app.inject({ method: 'GET', url: recordUrl, headers: pupil.headers });
    assert.equal(own.statusCode, 200);
    assert.equal(own.json().view, 'family');
    // The guardians may justify, the pupil only reads.
    assert.deepEqual(a.abilities, { justify: true });
    assert.deepEqual(own.json().abilities, { justify: false });

    // The document: the family and vie scolaire, nobody else.
    const docUrl = `/api/attendance/documents/${j.documentId}`;
    const dl = await t.app.inject({ method: 'GET', url: docUrl, headers: father.headers });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    const teacher = await signIn(t.app, f.teacher);
    assert.equal((await t.app.inject({ method: 'GET', url: docUrl, headers: teacher.headers })).statusCode, 404);

    // Vie scolaire sees it pending, accepts it; the events follow; the guardians are told.
    const cpe = await signIn(t.app, f.cpe);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/attendance/justifications?status=pending`,
      headers: cpe.headers,
    });
    assert.equal(list.json().items.length, 1);
    // The school's list says the pupil's class and which half-days the justification covers.
    const item = list.json().items[0];
    assert.equal(item.class, f.cls.code);
    assert.deepEqual(
      item.events.map((e: { id: string; dateFrom: string; halfFrom: string }) => [e.id, e.dateFrom, e.halfFrom]).sort(),
      [
        [e1.id, yesterday, 'am'],
        [e2.id, yesterday, 'pm'],
      ].sort(),
    );
    const decide = await t.app.inject({
      method: 'POST',
      url: `/api/attendance/justifications/${j.id}/decision`,
      headers: cpe.headers,
      payload: { version: 1, decision: 'accepted' },
    });
    assert.equal(decide.statusCode, 200, decide.body);
    assert.equal(decide.json().decidedBy, f.cpe.id);
    const events = await t.db
      .selectFrom('attendance_events')
      .select('justification_status')
      .where('pupil_id', '=', f.pupil.id)
      .execute();
    assert.ok(events.every((e) => e.justification_status === 'accepted'));
    assert.ok((await notificationsOf(f.father.id)).some((n) => n.kind === 'absence.decision'));
    assert.ok(!(await notificationsOf(f.restricted.id)).some((n) => n.kind === 'absence.decision'));
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/attendance/justifications/${j.id}/decision`,
      headers: cpe.headers,
      payload: { version: 2, decision: 'refused' },
    });
    assert.equal(again.statusCode, 409);

    // Refusals: justifying another family's child, deciding without being vie scolaire.
    const e3 = await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: yesterday, half: 'am' });
    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: '/api/attendance/justifications',
        payload: { pupilId: f.pupil.id, eventIds: [e3.id], reasonId: f.reason('maladie') },
      },
      {
        otherSchool: await signIn(t.app, f.otherCpe),
        otherFamily: await signIn(t.app, f.otherGuardian),
        wrongProfile: teacher,
      },
    );
    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: `/api/attendance/justifications/${j.id}/decision`,
        payload: { version: 2, decision: 'refused' },
      },
      { otherSchool: await signIn(t.app, f.otherCpe), otherFamily: mother, wrongProfile: teacher },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/schools/${f.school.id}/attendance/justifications` },
      { otherSchool: await signIn(t.app, f.otherCpe), otherFamily: mother, wrongProfile: teacher },
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: docUrl },
      {
        otherSchool: await signIn(t.app, f.otherCpe),
        otherFamily: await signIn(t.app, f.otherGuardian),
        wrongProfile: teacher,
      },
    );
  });

  test('bad justifications change nothing: locked period, another pupil, already justified, past announcement', async () => {
    const f = await setup();
    const old = await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: addDays(todayInParis(), -45) });
    const sibling = await makeAttendanceEvent(t.db, f.school, { pupilId: f.otherPupil.id, date: todayInParis() });
    const done = await makeAttendanceEvent(t.db, f.school, {
      pupilId: f.pupil.id,
      date: todayInParis(),
      status: 'accepted',
      reasonCode: 'maladie',
    });
    const mother = await signIn(t.app, f.mother);
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/attendance/justifications', headers: mother.headers, payload });
    const locked = await post({ pupilId: f.pupil.id, eventIds: [old.id], reasonId: f.reason('maladie') });
    assert.equal(locked.statusCode, 409);
    assert.equal(locked.json().error, 'PERIOD_LOCKED');
    assert.deepEqual(locked.json().details.eventIds, [old.id]);
    const notMine = await post({ pupilId: f.pupil.id, eventIds: [sibling.id], reasonId: f.reason('maladie') });
    assert.equal(notMine.statusCode, 404);
    const twice = await post({ pupilId: f.pupil.id, eventIds: [done.id], reasonId: f.reason('maladie') });
    assert.equal(twice.statusCode, 409);
    const past = await post({
      pupilId: f.pupil.id,
      announcement: { from: addDays(todayInParis(), -1), fromHalf: 'am', to: todayInParis(), toHalf: 'pm' },
      reasonId: f.reason('raison_familiale'),
    });
    assert.equal(past.statusCode, 400);
    const both = await post({
      pupilId: f.pupil.id,
      eventIds: [old.id],
      announcement: { from: todayInParis(), fromHalf: 'am', to: todayInParis(), toHalf: 'pm' },
      reasonId: f.reason('maladie'),
    });
    assert.equal(both.statusCode, 400);
    const tooBig = await post({
      pupilId: f.pupil.id,
      eventIds: [old.id],
      reasonId: f.reason('maladie'),
      document: {
        fileName: 'x.pdf',
        contentType: 'application/pdf',
        base64: Buffer.alloc(5 * 1024 * 1024 + 10).toString('base64'),
      },
    });
    assert.ok([400, 413].includes(tooBig.statusCode), tooBig.body);
    const stored = await t.db.selectFrom('justifications').select('id').where('pupil_id', '=', f.pupil.id).execute();
    assert.equal(stored.length, 0);
    const oldRow = await t.db
      .selectFrom('attendance_events')
      .selectAll()
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow();
    assert.equal(oldRow.justification_status, 'none');
    assert.equal(oldRow.version, 1);
    // A phone photo of 4 MB (as a browser without compression would send it) is accepted and stored whole.
    const photo = Buffer.alloc(4 * 1024 * 1024, 7);
    const accepted = await post({
      pupilId: f.pupil.id,
      announcement: { from: todayInParis(), fromHalf: 'am', to: todayInParis(), toHalf: 'pm' },
      reasonId: f.reason('maladie'),
      document: { fileName: 'photo.jpg', contentType: 'image/jpeg', base64: photo.toString('base64') },
    });
    assert.ok([200, 201].includes(accepted.statusCode), accepted.body);
    const doc = await t.db
      .selectFrom('attendance_documents')
      .select('data')
      .where('pupil_id', '=', f.pupil.id)
      .executeTakeFirstOrThrow();
    assert.equal(Buffer.from(doc.data).length, photo.length);
  });

  test('an announced absence: the roll call marks it pending with its reason and sends no unexplained notice', async () => {
    const f = await setup();
    const today = todayInParis();
    const course = await makeCourse(t.db, f.school, { teacherIds: [f.teacher.id], classId: f.cls.id });
    const extraId = newId();
    await t.db
      .insertInto('extra_sessions')
      .values({
        id: extraId,
        school_id: f.school.id,
        course_id: course.id,
        date: today,
        starts_at: '00:00',
        ends_at: '00:30',
        room_id: null,
        teacher_id: null,
        cancelled: 0,
        reason: 'Rattrapage',
        created_by: null,
        created_at: nowIso(),
      })
      .execute();
    const mother = await signIn(t.app, f.mother);
    const announce = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/justifications',
      headers: mother.headers,
      payload: {
        pupilId: f.pupil.id,
        announcement: { from: today, fromHalf: 'am', to: today, toHalf: 'pm' },
        reasonId: f.reason('rendez_vous_medical'),
        comment: 'Orthodontiste',
      },
    });
    assert.equal(announce.statusCode, 201, announce.body);
    await t.db
      .insertInto('exemptions')
      .values({
        id: newId(),
        school_id: f.school.id,
        pupil_id: f.classmate.id,
        subject_id: null,
        starts_on: today,
        ends_on: today,
        weekdays: null,
        presence_required: 1,
        comment: '',
        document_id: null,
        created_by: null,
        created_at: nowIso(),
      })
      .execute();
    const teacher = await signIn(t.app, f.teacher);
    const url = `/api/attendance/extra-sessions/${extraId}`;
    const get = (await t.app.inject({ method: 'GET', url, headers: teacher.headers })).json();
    const known = get.pupils.find((p: { id: string }) => p.id === f.pupil.id).knownAbsence;
    assert.deepEqual(known, { source: 'announcement', justificationStatus: 'pending' });
    const mate = get.pupils.find((p: { id: string }) => p.id === f.classmate.id);
    assert.deepEqual(mate.exemption, { presenceRequired: true, subjectId: null });
    const put = await t.app.inject({
      method: 'PUT',
      url,
      headers: teacher.headers,
      payload: { version: null, absent: [f.pupil.id, f.classmate.id], late: [] },
    });
    assert.equal(put.statusCode, 200, put.body);
    const ev = await t.db
      .selectFrom('attendance_events')
      .selectAll()
      .where('pupil_id', '=', f.pupil.id)
      .executeTakeFirstOrThrow();
    assert.equal(ev.justification_status, 'pending');
    assert.equal(ev.reason_id, f.reason('rendez_vous_medical'));
    assert.equal((await notificationsOf(f.mother.id)).filter((n) => n.kind === 'absence.unexplained').length, 0);
    // Accepting the announcement accepts the absence recorded in the roll call.
    const cpe = await signIn(t.app, f.cpe);
    await t.app.inject({
      method: 'POST',
      url: `/api/attendance/justifications/${announce.json().id}/decision`,
      headers: cpe.headers,
      payload: { version: 1, decision: 'accepted' },
    });
    const after = await t.db
      .selectFrom('attendance_events')
      .select('justification_status')
      .where('id', '=', ev.id)
      .executeTakeFirstOrThrow();
    assert.equal(after.justification_status, 'accepted');
  });

  test('who sees what in a pupil record: vie scolaire, teacher, social worker, nurse, psyEN, others', async () => {
    const f = await setup();
    const d = addDays(todayInParis(), -2);
    await makeAttendanceEvent(t.db, f.school, {
      pupilId: f.pupil.id,
      date: d,
      status: 'accepted',
      reasonCode: 'maladie',
      comment: 'Hospitalisé, voir infirmière',
    });
    await makeAttendanceEvent(t.db, f.school, {
      pupilId: f.pupil.id,
      date: d,
      half: 'pm',
      status: 'refused',
      reasonCode: 'panne_reveil',
    });
    await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: d, kind: 'lateness', minutesLate: 12 });
    const url = `/api/attendance/pupils/${f.pupil.id}?from=${addDays(d, -1)}&to=${todayInParis()}`;
    const as = async (who: { login: string; password: string }) =>
      t.app.inject({ method: 'GET', url, headers: (await signIn(t.app, who)).headers });

    const full = (await as(f.cpe)).json();
    assert.equal(full.view, 'full');
    assert.deepEqual(full.counts, {
      absences: 2,
      lateness: 1,
      earlyDepartures: 0,
      unjustifiedHalfDays: 1,
      absenceHalfDays: 2,
    });
    assert.ok(full.events.some((e: { comment?: string }) => e.comment === 'Hospitalisé, voir infirmière'));
    assert.ok(full.events.some((e: { reason?: { label: string } }) => e.reason?.label === 'Maladie'));

    const teacher = (await as(f.teacher)).json();
    assert.equal(teacher.view, 'teacher');
    assert.equal(teacher.events.length, 3);
    for (const e of teacher.events) {
      assert.equal('reason' in e, false);
      assert.equal('comment' in e, false);
    }
    assert.equal('justifications' in teacher, false);

    const social = (await as(f.social)).json();
    assert.equal(social.view, 'social');
    assert.equal('events' in social, false);
    assert.deepEqual(social.unjustifiedByMonth, [{ month: d.slice(0, 7), halfDays: [`${d}:pm`] }]);

    const nurse = (await as(f.nurse)).json();
    assert.equal(nurse.view, 'health');
    assert.deepEqual(nurse.healthAbsences, { maladie: 1, rendez_vous_medical: 0 });
    assert.equal('events' in nurse, false);
    assert.equal('unjustifiedByMonth' in nurse, false);

    const psy = (await as(f.psy)).json();
    assert.equal(psy.view, 'counts');
    assert.deepEqual(Object.keys(psy).sort(), ['counts', 'from', 'pupil', 'to', 'view']);

    assert.equal((await as(f.otherTeacher)).statusCode, 403);
    assert.equal((await as(f.secretariat)).statusCode, 403);
    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: await signIn(t.app, f.otherCpe),
        otherFamily: await signIn(t.app, f.otherGuardian),
        wrongProfile: await signIn(t.app, f.secretariat),
      },
    );
  });

  test('a pupil record counts half-days of absence once, as the report card does', async () => {
    const f = await setup();
    const day = addDays(todayInParis(), -1);
    // A full day missed in the roll calls: four sessions in the morning, three in the afternoon.
    for (const half of ['am', 'am', 'am', 'am', 'pm', 'pm', 'pm'] as const) {
      await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: day, half });
    }
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/attendance/pupils/${f.pupil.id}`,
      headers: (await signIn(t.app, f.mother)).headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    const { counts } = res.json();
    assert.equal(counts.absences, 7);
    assert.equal(counts.absenceHalfDays, 2);
    assert.equal(counts.unjustifiedHalfDays, 2);
  });

  test('à signaler: 4 unjustified half-days in a month; the social worker sees it, the nurse and psyEN do not', async () => {
    const f = await setup();
    const month = todayInParis().slice(0, 7);
    for (const day of ['01', '02', '03']) {
      await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: `${month}-${day}` });
      await makeAttendanceEvent(t.db, f.school, { pupilId: f.classmate.id, date: `${month}-${day}` });
    }
    // Two sessions of one morning: still one half-day for the classmate (3 in all); a fourth for the pupil.
    await makeAttendanceEvent(t.db, f.school, { pupilId: f.classmate.id, date: `${month}-03` });
    await makeAttendanceEvent(t.db, f.school, { pupilId: f.pupil.id, date: `${month}-03`, half: 'pm' });
    const url = `/api/schools/${f.school.id}/attendance/to-report?month=${month}`;
    const social = await signIn(t.app, f.social);
    const res = await t.app.inject({ method: 'GET', url, headers: social.headers });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items;
    assert.equal(items.length, 1);
    assert.equal(items[0].pupil.id, f.pupil.id);
    assert.equal(items[0].class, f.cls.code);
    assert.deepEqual(items[0].halfDays, [`${month}-01:am`, `${month}-02:am`, `${month}-03:am`, `${month}-03:pm`]);
    for (const who of [f.nurse, f.psy, f.teacher]) {
      const s = await signIn(t.app, who);
      assert.equal((await t.app.inject({ method: 'GET', url, headers: s.headers })).statusCode, 403);
    }
    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: await signIn(t.app, f.otherCpe),
        otherFamily: await signIn(t.app, f.mother),
        wrongProfile: await signIn(t.app, f.nurse),
      },
    );
  });

  test('rates per class and site, and the CSV export for Excel', async () => {
    const f = await setup();
    const d = addDays(todayInParis(), -3);
    const course = await makeCourse(t.db, f.school, { teacherIds: [f.teacher.id], classId: f.cls.id });
    const now = nowIso();
    await t.db
      .insertInto('roll_calls')
      .values({
        id: newId(),
        school_id: f.school.id,
        session_key: `${course.id}:${d}`,
        course_id: course.id,
        session_date: d,
        extra_session_id: null,
        date: d,
        starts_at: '08:00',
        ends_at: '09:00',
        class_id: f.cls.id,
        site_id: f.school.siteId,
        pupil_count: 2,
        absent_count: 1,
        late_count: 1,
        taken_by: f.teacher.id,
        taken_at: now,
        updated_by: f.teacher.id,
        updated_at: now,
        version: 1,
      })
      .execute();
    await makeAttendanceEvent(t.db, f.school, {
      pupilId: f.pupil.id,
      date: d,
      comment: '=HYPERLINK("x"); "cité"',
    });
    const cpe = await signIn(t.app, f.cpe);
    const rates = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/attendance/rates?from=${d}&to=${d}&by=month&per=class`,
      headers: cpe.headers,
    });
    assert.equal(rates.statusCode, 200, rates.body);
    assert.deepEqual(rates.json().items, [
      {
        period: d.slice(0, 7),
        id: f.cls.id,
        label: f.cls.code,
        pupilSessions: 2,
        absentPupilSessions: 1,
        absenceRate: 0.5,
        lateness: 1,
      },
    ]);
    const bySite = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/attendance/rates?from=${d}&to=${d}&by=week&per=site`,
      headers: cpe.headers,
    });
    assert.equal(bySite.json().items[0].label, 'Site principal');

    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/attendance/export.csv?from=${d}&to=${d}`,
      headers: cpe.headers,
    });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const raw = csv.rawPayload;
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    assert.equal(lines.length, 2);
    assert.ok(lines[0]!.startsWith('Nom;Prénom;Classe;Type;Du'));
    assert.ok(lines[1]!.includes(`;${f.cls.code};Absence;${d};matin;`));
    assert.ok(lines[1]!.endsWith(`;Non justifiée;"'=HYPERLINK(""x""); ""cité"""`));

    for (const url of [
      `/api/schools/${f.school.id}/attendance/rates`,
      `/api/schools/${f.school.id}/attendance/export.csv`,
    ]) {
      await assertRefusals(
        t.app,
        { method: 'GET', url },
        {
          otherSchool: await signIn(t.app, f.otherCpe),
          otherFamily: await signIn(t.app, f.mother),
          wrongProfile: await signIn(t.app, f.social),
        },
      );
    }
  });

  test('reasons: seeded with the usual list, edited by the CPE, read by the school; settings by vie scolaire', async () => {
    const f = await setup();
    const url = `/api/schools/${f.school.id}/attendance/reasons`;
    const mother = await signIn(t.app, f.mother);
    const list = await t.app.inject({ method: 'GET', url, headers: mother.headers });
    assert.equal(list.statusCode, 200);
    const codes = list.json().items.map((r: { code: string }) => r.code);
    for (const c of [
      'maladie',
      'rendez_vous_medical',
      'raison_familiale',
      'transport',
      'convocation_administrative',
      'fete_religieuse',
      'deces',
      'sans_motif',
    ]) {
      assert.ok(codes.includes(c), c);
    }
    const cpe = await signIn(t.app, f.cpe);
    const created = await t.app.inject({
      method: 'POST',
      url,
      headers: cpe.headers,
      payload: { code: 'sortie_scolaire', label: 'Sortie scolaire', isValid: true },
    });
    assert.equal(created.statusCode, 201, created.body);
    const dup = await t.app.inject({
      method: 'POST',
      url,
      headers: cpe.headers,
      payload: { code: 'sortie_scolaire', label: 'Encore', isValid: true },
    });
    assert.equal(dup.statusCode, 409);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/attendance/reasons/${created.json().id}`,
      headers: cpe.headers,
      payload: { archived: true },
    });
    assert.equal(patched.json().archived, true);
    const who = {
      otherSchool: await signIn(t.app, f.otherCpe),
      otherFamily: mother,
      wrongProfile: await signIn(t.app, f.teacher),
    };
    await assertRefusals(t.app, { method: 'POST', url, payload: { code: 'x_y', label: 'Xy', isValid: false } }, who);
    await assertRefusals(
      t.app,
      { method: 'PATCH', url: `/api/attendance/reasons/${created.json().id}`, payload: { label: 'Autre' } },
      who,
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url },
      { otherSchool: who.otherSchool, wrongProfile: who.otherSchool },
    );

    const settingsUrl = `/api/schools/${f.school.id}/settings/attendance`;
    const put = await t.app.inject({
      method: 'PUT',
      url: settingsUrl,
      headers: cpe.headers,
      payload: { lockMode: 'after_session', lockHours: 2, justificationDays: 15 },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: settingsUrl, headers: cpe.headers })).json().justificationDays,
      15,
    );
    await assertRefusals(
      t.app,
      { method: 'PUT', url: settingsUrl, payload: { lockMode: 'end_of_day', lockHours: 0, justificationDays: 30 } },
      { ...who, wrongProfile: await signIn(t.app, f.ae) },
    );
    await assertRefusals(t.app, { method: 'GET', url: settingsUrl }, who);
  });

  test('exemptions: vie scolaire records a dispense with a certificate; it shows in the pupil record', async () => {
    const f = await setup();
    const cpe = await signIn(t.app, f.cpe);
    const today = todayInParis();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/exemptions',
      headers: cpe.headers,
      payload: {
        pupilId: f.pupil.id,
        subjectId: f.teacher.subjectId,
        from: addDays(today, -30),
        to: addDays(today, 30),
        presenceRequired: true,
        comment: 'Entorse',
        document: { fileName: 'certificat.pdf', contentType: 'application/pdf', base64: PDF },
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.ok(res.json().documentId);
    const record = await t.app.inject({
      method: 'GET',
      url: `/api/attendance/pupils/${f.pupil.id}`,
      headers: cpe.headers,
    });
    assert.equal(record.json().exemptions.length, 1);
    const otherSubject = await t.app.inject({
      method: 'POST',
      url: '/api/attendance/exemptions',
      headers: cpe.headers,
      payload: { pupilId: f.pupil.id, subjectId: 'nope', from: today, to: today },
    });
    assert.equal(otherSubject.statusCode, 400);
    await assertRefusals(
      t.app,
      { method: 'POST', url: '/api/attendance/exemptions', payload: { pupilId: f.pupil.id, from: today, to: today } },
      {
        otherSchool: await signIn(t.app, f.otherCpe),
        otherFamily: await signIn(t.app, f.otherGuardian),
        wrongProfile: await signIn(t.app, f.teacher),
      },
    );
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `/api/attendance/exemptions/${res.json().id}` },
      {
        otherSchool: await signIn(t.app, f.otherCpe),
        otherFamily: await signIn(t.app, f.otherGuardian),
        wrongProfile: await signIn(t.app, f.teacher),
      },
    );
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/attendance/exemptions/${res.json().id}`,
      headers: cpe.headers,
    });
    assert.equal(del.statusCode, 200);
  });
});
