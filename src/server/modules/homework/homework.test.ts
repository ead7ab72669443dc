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
  makeSessionChange,
  makeStaff,
  makeTeacher,
  type SchoolFixture,
} from '../../../../test/factories.ts';
import { addDays, mondayOf, SchoolCalendar } from '../timetable/timetable.calendar.ts';

/** The Monday of the first week of the school year whose five days are all school days (zone C). */
async function firstFullWeek(t: TestContext, school: SchoolFixture) {
  const y = await t.db
    .selectFrom('school_years')
    .select(['starts_on', 'ends_on'])
    .where('id', '=', school.yearId)
    .executeTakeFirstOrThrow();
  const cal = new SchoolCalendar({ yearStart: y.starts_on, yearEnd: y.ends_on, zone: 'C' });
  for (let m = mondayOf(addDays(y.starts_on, 7)); m < y.ends_on; m = addDays(m, 7)) {
    if ([0, 1, 2, 3, 4, 7].every((i) => cal.isSchoolDay(addDays(m, i)))) return m;
  }
  throw new Error('no full school week');
}

describe('cahier de textes', () => {
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
    const cls = await makeClass(t.db, school, { level: '5e' });
    const cls2 = await makeClass(t.db, school, { level: '5e' });
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const classmate = await makePupil(t.db, school, { classId: cls.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const otherPupil = await makePupil(t.db, school, { classId: cls2.id });
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const teacher2 = await makeTeacher(t.db, school, { classIds: [cls2.id] });
    const principal = await makeStaff(t.db, school, ['principal']);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const admin = await makeStaff(t.db, school, ['school_admin']);
    const otherPrincipal = await makeStaff(t.db, other, ['principal']);
    const course = await makeCourse(t.db, school, {
      teacherIds: [teacher.id],
      classId: cls.id,
      subjectId: teacher.subjectId,
      weekday: 1,
      startsAt: '10:00',
      endsAt: '11:00',
    });
    const monday = await firstFullWeek(t, school);
    const s = async (p: { login: string; password: string }) => signIn(t.app, p);
    return {
      school,
      other,
      cls,
      cls2,
      pupil,
      classmate,
      otherPupil,
      teacher,
      teacher2,
      course,
      monday,
      principal,
      as: {
        teacher: await s(teacher),
        teacher2: await s(teacher2),
        pupil: await s(pupil),
        classmate: await s(classmate),
        guardian: await s(guardian),
        restricted: await s(restricted),
        otherPupil: await s(otherPupil),
        otherGuardian: await s(otherGuardian),
        principal: await s(principal),
        cpe: await s(cpe),
        admin: await s(admin),
        otherPrincipal: await s(otherPrincipal),
      },
    };
  }

  const req = (
    who: Session | undefined,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      ...(who ? { headers: who.headers } : {}),
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  /** Rows of one test's school: the tests share a database. */
  async function countRows(
    table: 'homework' | 'session_contents' | 'homework_done' | 'school_settings' | 'notifications',
    schoolId: string,
  ): Promise<number> {
    if (table === 'homework_done') {
      const rows = await t.db
        .selectFrom('homework_done as d')
        .innerJoin('homework as h', 'h.id', 'd.homework_id')
        .select('d.pupil_id')
        .where('h.school_id', '=', schoolId)
        .execute();
      return rows.length;
    }
    const rows = await t.db.selectFrom(table).select('school_id').where('school_id', '=', schoolId).execute();
    return rows.length;
  }

  const homeworkBody = (x: { course: { id: string }; monday: string }, more: Record<string, unknown> = {}) => ({
    courseId: x.course.id,
    sessionDate: x.monday,
    dueDate: addDays(x.monday, 3),
    instructions: 'Exercices 3 et 4 p. 112',
    estimatedMinutes: 30,
    links: [{ label: 'Manuel', url: 'https://example.org/manuel' }],
    status: 'published',
    ...more,
  });

  test('session content: the teacher writes a draft, then publishes; pupils and guardians read it once published', async () => {
    const x = await setup();
    const url = `/api/cahier/sessions/${x.course.id}/${x.monday}`;

    const draft = await req(x.as.teacher, 'PUT', url, { content: 'Chapitre 3 : les fractions', status: 'draft' });
    assert.equal(draft.statusCode, 200, draft.body);
    assert.equal(draft.json().content.status, 'draft');
    assert.equal(draft.json().session.key, `${x.course.id}:${x.monday}`);
    assert.equal(draft.json().abilities.write, true);

    const asPupil = await req(x.as.pupil, 'GET', url);
    assert.equal(asPupil.statusCode, 200, asPupil.body);
    assert.equal(asPupil.json().content, null, 'a draft is only its author’s');
    assert.equal(asPupil.json().abilities.write, false);

    const pub = await req(x.as.teacher, 'PUT', url, {
      content: 'Chapitre 3 : les fractions (suite)',
      status: 'published',
    });
    assert.equal(pub.statusCode, 200);
    for (const who of [x.as.pupil, x.as.guardian, x.as.principal]) {
      const r = await req(who, 'GET', url);
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().content.content, 'Chapitre 3 : les fractions (suite)');
      assert.equal(r.json().content.author.id, x.teacher.id);
    }
    assert.equal((await req(x.as.restricted, 'GET', url)).statusCode, 404, 'court-restricted guardian');
    assert.equal((await req(x.as.teacher2, 'GET', url)).statusCode, 403, 'teacher of another class');
  });

  test('session content: refusals, another teacher’s session, a day without the course, a cancelled session', async () => {
    const x = await setup();
    const url = `/api/cahier/sessions/${x.course.id}/${x.monday}`;
    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: x.as.otherPrincipal,
        otherFamily: x.as.otherGuardian,
        wrongProfile: x.as.cpe,
      },
    );
    await assertRefusals(
      t.app,
      { method: 'PUT', url, payload: { content: 'Rien', status: 'published' } },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.pupil, wrongProfile: x.as.principal },
      async () => assert.equal(await countRows('session_contents', x.school.id), 0),
    );
    const other = await req(x.as.teacher2, 'PUT', url, { content: 'Pas mon cours', status: 'published' });
    assert.equal(other.statusCode, 403);
    assert.equal(await countRows('session_contents', x.school.id), 0, 'nothing written on refusal');

    const tuesday = await req(x.as.teacher, 'GET', `/api/cahier/sessions/${x.course.id}/${addDays(x.monday, 1)}`);
    assert.equal(tuesday.statusCode, 404, 'the course does not run on Tuesdays');

    await makeSessionChange(t.db, x.school, {
      courseId: x.course.id,
      sessionDate: addDays(x.monday, 7),
      cancelled: true,
    });
    const cancelled = await req(x.as.teacher, 'PUT', `/api/cahier/sessions/${x.course.id}/${addDays(x.monday, 7)}`, {
      content: 'Cours annulé',
      status: 'published',
    });
    assert.equal(cancelled.statusCode, 409);

    const tooLong = await req(x.as.teacher, 'PUT', url, { content: 'x'.repeat(20_001), status: 'draft' });
    assert.equal(tooLong.statusCode, 400);
    const unknown = await req(x.as.teacher, 'PUT', url, { content: 'ok', status: 'draft', authorId: x.teacher2.id });
    assert.equal(unknown.statusCode, 400);
  });

  test('the replacement teacher writes the session; the co-teacher’s draft is theirs', async () => {
    const x = await setup();
    const date = addDays(x.monday, 7);
    await makeSessionChange(t.db, x.school, {
      courseId: x.course.id,
      sessionDate: date,
      replacementTeacherId: x.teacher2.id,
    });
    const url = `/api/cahier/sessions/${x.course.id}/${date}`;
    const draft = await req(x.as.teacher2, 'PUT', url, { content: 'Remplacement : révisions', status: 'draft' });
    assert.equal(draft.statusCode, 200, draft.body);
    const clash = await req(x.as.teacher, 'PUT', url, { content: 'Mon contenu', status: 'published' });
    assert.equal(clash.statusCode, 409, 'another teacher’s draft is not overwritten');
    const hw = await req(
      x.as.teacher2,
      'POST',
      '/api/homework',
      homeworkBody(x, { sessionDate: date, dueDate: addDays(date, 2) }),
    );
    assert.equal(hw.statusCode, 201, hw.body);
  });

  test('an extra session has its own cahier', async () => {
    const x = await setup();
    const extraId = `extra-${x.course.id}`;
    const date = addDays(x.monday, 3);
    await t.db
      .insertInto('extra_sessions')
      .values({
        id: extraId,
        school_id: x.school.id,
        course_id: x.course.id,
        date,
        starts_at: '14:00',
        ends_at: '15:00',
        room_id: null,
        teacher_id: null,
        cancelled: 0,
        reason: 'Rattrapage',
        created_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const url = `/api/cahier/extra-sessions/${extraId}`;
    const put = await req(x.as.teacher, 'PUT', url, { content: 'Rattrapage : contrôle', status: 'published' });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().session.key, `${x.course.id}:${date}:${extraId}`);
    const hw = await req(x.as.teacher, 'POST', '/api/homework', {
      extraSessionId: extraId,
      dueDate: addDays(date, 4),
      instructions: 'Corriger le contrôle',
      estimatedMinutes: 20,
      status: 'published',
    });
    assert.equal(hw.statusCode, 201, hw.body);
    const seen = await req(x.as.pupil, 'GET', url);
    assert.equal(seen.json().content.content, 'Rattrapage : contrôle');
    assert.equal(seen.json().homework.length, 1);
    const regular = await req(x.as.pupil, 'GET', `/api/cahier/sessions/${x.course.id}/${x.monday}`);
    assert.equal(regular.json().content, null, 'the regular session is another session');
    assert.equal((await req(x.as.teacher2, 'PUT', url, { content: 'Non', status: 'draft' })).statusCode, 403);
    assert.equal((await req(x.as.otherPrincipal, 'GET', url)).statusCode, 404);
    assert.equal((await req(x.as.teacher, 'GET', '/api/cahier/extra-sessions/nope')).statusCode, 404);
  });

  test('homework: a draft is invisible to pupils; publishing notifies the pupils; pupils tick it, guardians see it', async () => {
    const x = await setup();
    const created = await req(x.as.teacher, 'POST', '/api/homework', homeworkBody(x, { status: 'draft' }));
    assert.equal(created.statusCode, 201, created.body);
    const hw = created.json().homework;
    assert.equal(hw.class.id, x.cls.id);
    assert.equal(hw.subject.id, x.teacher.subjectId);
    assert.deepEqual(hw.session, {
      key: `${x.course.id}:${x.monday}`,
      courseId: x.course.id,
      date: x.monday,
      extraSessionId: null,
    });
    assert.deepEqual(hw.abilities, { edit: true, delete: true });
    assert.equal(typeof created.json().workload.warning, 'boolean');

    const range = `from=${x.monday}&to=${addDays(x.monday, 13)}`;
    const list = await req(x.as.pupil, 'GET', `/api/homework/pupils/${x.pupil.id}?${range}`);
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().items.length, 0, 'drafts are invisible to pupils');
    assert.equal((await req(x.as.pupil, 'GET', `/api/homework/${hw.id}`)).statusCode, 404);
    assert.equal((await req(x.as.principal, 'GET', `/api/homework/${hw.id}`)).statusCode, 404);
    assert.equal((await req(x.as.pupil, 'POST', `/api/homework/${hw.id}/done`)).statusCode, 404);
    assert.equal(await countRows('notifications', x.school.id), 0);

    const published = await req(x.as.teacher, 'PATCH', `/api/homework/${hw.id}`, { status: 'published' });
    assert.equal(published.statusCode, 200, published.body);
    const notified = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'kind', 'title'])
      .where('kind', '=', 'homework.published')
      .where('school_id', '=', x.school.id)
      .execute();
    assert.deepEqual(notified.map((n) => n.person_id).sort(), [x.pupil.id, x.classmate.id].sort());
    assert.match(notified[0]!.title, /^Travail à faire en /);

    const again = await req(x.as.teacher, 'PATCH', `/api/homework/${hw.id}`, {
      instructions: 'Exercices 3, 4 et 5 p. 112',
    });
    assert.equal(again.statusCode, 200);
    assert.equal(await countRows('notifications', x.school.id), 2, 'an edit does not notify again');

    const seen = await req(x.as.pupil, 'GET', `/api/homework/pupils/${x.pupil.id}?${range}`);
    assert.equal(seen.json().items.length, 1);
    assert.equal(seen.json().items[0].done, false);
    assert.equal(seen.json().items[0].abilities.tick, true);
    assert.deepEqual(seen.json().items[0].links, [{ label: 'Manuel', url: 'https://example.org/manuel' }]);

    const done = await req(x.as.pupil, 'POST', `/api/homework/${hw.id}/done`);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().done, true);
    const twice = await req(x.as.pupil, 'POST', `/api/homework/${hw.id}/done`);
    assert.equal(twice.json().doneAt, done.json().doneAt, 'idempotent');

    const byGuardian = await req(x.as.guardian, 'GET', `/api/homework/pupils/${x.pupil.id}?${range}`);
    assert.equal(byGuardian.statusCode, 200);
    assert.equal(byGuardian.json().items[0].done, true);
    assert.equal(byGuardian.json().items[0].abilities.tick, false);
    const classmateView = await req(x.as.classmate, 'GET', `/api/homework/pupils/${x.classmate.id}?${range}`);
    assert.equal(classmateView.json().items[0].done, false, 'ticks are per pupil');

    // Nobody ticks for someone else: the guardian and the teacher may read it, another class's pupil may not.
    assert.equal((await req(x.as.guardian, 'POST', `/api/homework/${hw.id}/done`)).statusCode, 403);
    assert.equal((await req(x.as.teacher, 'POST', `/api/homework/${hw.id}/done`)).statusCode, 403);
    assert.equal((await req(x.as.otherPupil, 'POST', `/api/homework/${hw.id}/done`)).statusCode, 404);
    assert.equal(await countRows('homework_done', x.school.id), 1);

    const undone = await req(x.as.pupil, 'DELETE', `/api/homework/${hw.id}/done`);
    assert.equal(undone.statusCode, 200);
    assert.equal(undone.json().done, false);
    assert.equal(await countRows('homework_done', x.school.id), 0);

    for (const who of [x.as.principal, x.as.teacher, x.as.guardian]) {
      assert.equal((await req(who, 'GET', `/api/homework/${hw.id}`)).statusCode, 200);
    }
    assert.equal((await req(x.as.restricted, 'GET', `/api/homework/${hw.id}`)).statusCode, 404);
    assert.equal((await req(x.as.teacher2, 'GET', `/api/homework/${hw.id}`)).statusCode, 404);
  });

  test('homework: validation (due date before the session, javascript: link, oversized body) writes nothing', async () => {
    const x = await setup();
    const before = await req(
      x.as.teacher,
      'POST',
      '/api/homework',
      homeworkBody(x, { dueDate: addDays(x.monday, -1) }),
    );
    assert.equal(before.statusCode, 400);
    assert.equal(before.json().details.fields[0].path, 'dueDate');
    const sameDay = await req(
      x.as.teacher,
      'POST',
      '/api/homework',
      homeworkBody(x, { dueDate: x.monday, status: 'draft' }),
    );
    assert.equal(sameDay.statusCode, 201, 'due the day of the session is allowed');
    await t.db.deleteFrom('homework').where('school_id', '=', x.school.id).execute();

    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,hi',
      'ftp://example.org/x',
      '//example.org',
    ]) {
      const bad = await req(
        x.as.teacher,
        'POST',
        '/api/homework',
        homeworkBody(x, { links: [{ label: 'Lien', url }] }),
      );
      assert.equal(bad.statusCode, 400, url);
    }
    const huge = await req(
      x.as.teacher,
      'POST',
      '/api/homework',
      homeworkBody(x, { instructions: 'x'.repeat(100_000) }),
    );
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().error, 'PAYLOAD_TOO_LARGE');
    const long = await req(
      x.as.teacher,
      'POST',
      '/api/homework',
      homeworkBody(x, { instructions: 'x'.repeat(10_001) }),
    );
    assert.equal(long.statusCode, 400);
    const minutes = await req(x.as.teacher, 'POST', '/api/homework', homeworkBody(x, { estimatedMinutes: -5 }));
    assert.equal(minutes.statusCode, 400);
    const halfSession = await req(x.as.teacher, 'POST', '/api/homework', homeworkBody(x, { sessionDate: undefined }));
    assert.equal(halfSession.statusCode, 400);
    const notADay = await req(
      x.as.teacher,
      'POST',
      '/api/homework',
      homeworkBody(x, { sessionDate: addDays(x.monday, 1) }),
    );
    assert.equal(notADay.statusCode, 404);
    assert.equal(await countRows('homework', x.school.id), 0);
    assert.equal(await countRows('notifications', x.school.id), 0);
  });

  test('homework: another teacher’s session, refusals on every write', async () => {
    const x = await setup();
    const stolen = await req(x.as.teacher2, 'POST', '/api/homework', homeworkBody(x));
    assert.equal(stolen.statusCode, 403);
    const notMyClass = await req(x.as.teacher2, 'POST', '/api/homework', {
      classId: x.cls.id,
      subjectId: x.teacher.subjectId,
      dueDate: addDays(x.monday, 2),
      instructions: 'Lire le chapitre 2',
      estimatedMinutes: 20,
      status: 'published',
    });
    assert.equal(notMyClass.statusCode, 403);
    const none = async () => assert.equal(await countRows('homework', x.school.id), 0);
    await assertRefusals(
      t.app,
      { method: 'POST', url: '/api/homework', payload: homeworkBody(x) },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.otherGuardian, wrongProfile: x.as.principal },
      none,
    );
    await none();

    const hw = (await req(x.as.teacher, 'POST', '/api/homework', homeworkBody(x))).json().homework;
    const patch = { method: 'PATCH' as const, url: `/api/homework/${hw.id}`, payload: { instructions: 'Changé' } };
    const unchanged = async () => {
      const row = await t.db
        .selectFrom('homework')
        .select('instructions')
        .where('id', '=', hw.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.instructions, 'Exercices 3 et 4 p. 112');
    };
    await assertRefusals(
      t.app,
      patch,
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.otherGuardian, wrongProfile: x.as.principal },
      unchanged,
    );
    assert.equal((await req(x.as.pupil, 'PATCH', patch.url, patch.payload)).statusCode, 403);
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `/api/homework/${hw.id}` },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.otherPupil, wrongProfile: x.as.teacher2 },
      async () => assert.equal(await countRows('homework', x.school.id), 1),
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/homework/${hw.id}` },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.otherGuardian, wrongProfile: x.as.cpe },
    );
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/homework/${hw.id}/done` },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.otherPupil, wrongProfile: x.as.guardian },
      async () => assert.equal(await countRows('homework_done', x.school.id), 0),
    );
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `/api/homework/${hw.id}/done` },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.otherPupil, wrongProfile: x.as.teacher },
    );
    const due = addDays(x.monday, 7);
    const moved = await req(x.as.teacher, 'PATCH', `/api/homework/${hw.id}`, { dueDate: addDays(x.monday, -3) });
    assert.equal(moved.statusCode, 400, 'a due date before the session, on edit too');
    const ok = await req(x.as.teacher, 'PATCH', `/api/homework/${hw.id}`, { dueDate: due });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().homework.dueDate, due);
    const del = await req(x.as.teacher, 'DELETE', `/api/homework/${hw.id}`);
    assert.equal(del.statusCode, 200);
    assert.equal(await countRows('homework', x.school.id), 0);
  });

  test('attachments: a right-to-left override cannot disguise a file name (stored and sent without it)', async () => {
    const x = await setup();
    const hw = (await req(x.as.teacher, 'POST', '/api/homework', homeworkBody(x))).json().homework;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 0x20)]);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/homework/${hw.id}/attachments?fileName=${encodeURIComponent('corrigé\u202Efdp.exe\u200b')}`,
      headers: { ...x.as.teacher.headers, 'content-type': 'application/pdf' },
      payload: pdf,
    });
    assert.equal(up.statusCode, 201, up.body);
    assert.equal(up.json().fileName, 'corrigéfdp.exe');
    const stored = await t.db
      .selectFrom('homework_attachments')
      .select('file_name')
      .where('id', '=', up.json().id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.file_name, 'corrigéfdp.exe');
    // A name stored before the rule is cleaned again on the way out.
    await t.db
      .updateTable('homework_attachments')
      .set({ file_name: 'old\u202Efdp.exe' })
      .where('id', '=', up.json().id)
      .execute();
    const down = await req(x.as.pupil, 'GET', `/api/homework/${hw.id}/attachments/${up.json().id}`);
    assert.equal(down.statusCode, 200);
    assert.equal(down.headers['content-disposition'], `attachment; filename="oldfdp.exe"; filename*=UTF-8''oldfdp.exe`);
  });

  test('attachments: the author uploads (5 MB at most), readers download, nobody else', async () => {
    const x = await setup();
    const hw = (await req(x.as.teacher, 'POST', '/api/homework', homeworkBody(x))).json().homework;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20)]);
    const upload = (who: Session, body: Buffer, type = 'application/pdf', name = 'Exercices p. 112.pdf') =>
      t.app.inject({
        method: 'POST',
        url: `/api/homework/${hw.id}/attachments?fileName=${encodeURIComponent(name)}`,
        headers: { ...who.headers, 'content-type': type },
        payload: body,
      });
    const files = async () =>
      (await t.db.selectFrom('homework_attachments').select('id').where('homework_id', '=', hw.id).execute()).length;

    const up = await upload(x.as.teacher, pdf, 'application/pdf', '../../Fiche d’exercices.pdf');
    assert.equal(up.statusCode, 201, up.body);
    assert.equal(up.json().fileName, 'Fiche d’exercices.pdf', 'no path in a file name');
    assert.equal(up.json().size, pdf.length);

    const listed = await req(x.as.pupil, 'GET', `/api/homework/${hw.id}`);
    assert.equal(listed.json().attachments.length, 1);
    const down = await req(x.as.pupil, 'GET', `/api/homework/${hw.id}/attachments/${up.json().id}`);
    assert.equal(down.statusCode, 200);
    assert.equal(down.headers['content-type'], 'application/pdf');
    assert.match(
      String(down.headers['content-disposition']),
      /^attachment; filename="Fiche d_exercices.pdf"; filename\*=UTF-8''/,
    );
    assert.equal(down.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(down.rawPayload, pdf);

    assert.equal((await upload(x.as.teacher, Buffer.from('<html>'), 'text/html')).statusCode, 415);
    assert.equal((await upload(x.as.teacher, Buffer.from('<html>'), 'application/pdf')).statusCode, 400, 'not a PDF');
    assert.equal((await upload(x.as.teacher, Buffer.alloc(0), 'text/plain')).statusCode, 400);
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await upload(x.as.teacher, big);
    assert.equal(tooBig.statusCode, 413);
    assert.equal(await files(), 1);

    const url = `/api/homework/${hw.id}/attachments/${up.json().id}`;
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/homework/${hw.id}/attachments?fileName=a.txt`, payload: {} },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.otherGuardian, wrongProfile: x.as.pupil },
      async () => assert.equal(await files(), 1),
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: x.as.otherPrincipal,
        otherFamily: x.as.otherGuardian,
        wrongProfile: x.as.teacher2,
      },
    );
    await assertRefusals(
      t.app,
      { method: 'DELETE', url },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.otherPupil, wrongProfile: x.as.principal },
      async () => assert.equal(await files(), 1),
    );
    assert.equal((await req(x.as.teacher, 'DELETE', url)).statusCode, 200);
    assert.equal(await files(), 0);
    assert.equal((await req(x.as.teacher, 'DELETE', url)).statusCode, 404);
  });

  test('homework outside a session, for a group: its members only', async () => {
    const x = await setup();
    const group = await makeGroup(t.db, x.school, { pupilIds: [x.pupil.id, x.otherPupil.id] });
    await t.db
      .insertInto('teaching_assignments')
      .values({
        id: `ta-${group.id}`,
        school_id: x.school.id,
        school_year_id: x.school.yearId,
        teacher_id: x.teacher2.id,
        class_id: null,
        group_id: group.id,
        subject_id: x.teacher2.subjectId,
      })
      .execute();
    const created = await req(x.as.teacher2, 'POST', '/api/homework', {
      groupId: group.id,
      subjectId: x.teacher2.subjectId,
      dueDate: addDays(x.monday, 2),
      instructions: 'Apprendre la leçon sur la Révolution française',
      estimatedMinutes: 20,
      status: 'published',
    });
    assert.equal(created.statusCode, 201, created.body);
    const range = `from=${x.monday}&to=${addDays(x.monday, 6)}`;
    const mine = await req(x.as.pupil, 'GET', `/api/homework/pupils/${x.pupil.id}?${range}`);
    assert.equal(mine.json().items.length, 1);
    const classmate = await req(x.as.classmate, 'GET', `/api/homework/pupils/${x.classmate.id}?${range}`);
    assert.equal(classmate.json().items.length, 0, 'not a member of the group');
    const notified = await t.db
      .selectFrom('notifications')
      .select('person_id')
      .where('school_id', '=', x.school.id)
      .execute();
    assert.deepEqual(notified.map((n) => n.person_id).sort(), [x.pupil.id, x.otherPupil.id].sort());
    const otherSchoolSubject = await req(x.as.teacher2, 'POST', '/api/homework', {
      groupId: group.id,
      dueDate: addDays(x.monday, 2),
      instructions: 'Sans matière',
      estimatedMinutes: 20,
      status: 'published',
    });
    assert.equal(otherSchoolSubject.statusCode, 400, 'a subject is required outside a session');
  });

  test('a pupil’s homework list: refusals and range', async () => {
    const x = await setup();
    const url = `/api/homework/pupils/${x.pupil.id}`;
    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: x.as.otherPrincipal,
        otherFamily: x.as.otherGuardian,
        wrongProfile: x.as.teacher2,
      },
    );
    assert.equal((await req(x.as.classmate, 'GET', url)).statusCode, 404);
    assert.equal((await req(x.as.restricted, 'GET', url)).statusCode, 404);
    for (const who of [x.as.pupil, x.as.guardian, x.as.teacher, x.as.cpe, x.as.principal]) {
      assert.equal((await req(who, 'GET', url)).statusCode, 200);
    }
    const reversed = await req(x.as.pupil, 'GET', `${url}?from=${x.monday}&to=${addDays(x.monday, -1)}`);
    assert.equal(reversed.statusCode, 400);
    const tooLong = await req(x.as.pupil, 'GET', `${url}?from=${x.monday}&to=${addDays(x.monday, 200)}`);
    assert.equal(tooLong.statusCode, 400);
  });

  test('a class’s cahier de textes: contents and homework by date, for its teachers and direction', async () => {
    const x = await setup();
    await req(x.as.teacher, 'PUT', `/api/cahier/sessions/${x.course.id}/${x.monday}`, {
      content: 'Les fractions : définition et exemples',
      status: 'published',
    });
    await req(x.as.teacher, 'POST', '/api/homework', homeworkBody(x));
    await req(x.as.teacher, 'POST', '/api/homework', homeworkBody(x, { status: 'draft', instructions: 'Brouillon' }));
    const url = `/api/cahier/classes/${x.cls.id}?from=${x.monday}&to=${addDays(x.monday, 6)}`;
    const byTeacher = await req(x.as.teacher, 'GET', url);
    assert.equal(byTeacher.statusCode, 200, byTeacher.body);
    const days = byTeacher.json().days as Array<{ date: string; contents: unknown[]; homeworkDue: unknown[] }>;
    assert.deepEqual(
      days.map((d) => [d.date, d.contents.length, d.homeworkDue.length]),
      [
        [x.monday, 1, 0],
        [addDays(x.monday, 3), 0, 2],
      ],
      'the author sees their own draft',
    );
    const byPrincipal = await req(x.as.principal, 'GET', url);
    assert.equal(byPrincipal.statusCode, 200);
    assert.equal(byPrincipal.json().days[1].homeworkDue.length, 1, 'drafts are not shown to direction');
    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: x.as.otherPrincipal,
        otherFamily: x.as.pupil,
        wrongProfile: x.as.teacher2,
      },
    );
    assert.equal((await req(x.as.cpe, 'GET', url)).statusCode, 403);
  });

  test('workload preview and settings', async () => {
    const x = await setup();
    const wurl = (q: string) => `/api/homework/workload?classId=${x.cls.id}&${q}`;
    const empty = await req(x.as.teacher, 'GET', wurl(`dueDate=${addDays(x.monday, 3)}&minutes=45`));
    assert.equal(empty.statusCode, 200, empty.body);
    assert.deepEqual(empty.json().thresholds, { minutesPerDay: 60, minutesPerWeek: 240 });
    assert.equal(empty.json().warning, false);
    await req(x.as.teacher, 'POST', '/api/homework', homeworkBody(x, { estimatedMinutes: 40 }));
    const loaded = await req(x.as.teacher, 'GET', wurl(`dueDate=${addDays(x.monday, 3)}&minutes=30`));
    assert.equal(loaded.json().day.minutes, 40);
    assert.equal(loaded.json().totals.day, 70);
    assert.deepEqual(loaded.json().exceeds, { day: true, week: false });
    assert.equal(loaded.json().warning, true);
    assert.equal(loaded.json().day.items[0].instructions, 'Exercices 3 et 4 p. 112');

    await assertRefusals(
      t.app,
      { method: 'GET', url: wurl(`dueDate=${x.monday}`) },
      {
        otherSchool: x.as.otherPrincipal,
        otherFamily: x.as.guardian,
        wrongProfile: x.as.teacher2,
      },
    );
    assert.equal((await req(x.as.teacher, 'GET', `/api/homework/workload?dueDate=${x.monday}`)).statusCode, 400);

    const surl = `/api/schools/${x.school.id}/settings/workload`;
    const body = { minutesPerDay: 90, minutesPerWeek: 300 };
    await assertRefusals(
      t.app,
      { method: 'PUT', url: surl, payload: body },
      { otherSchool: x.as.otherPrincipal, otherFamily: x.as.guardian, wrongProfile: x.as.teacher },
      async () => assert.equal(await countRows('school_settings', x.school.id), 0),
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: surl },
      {
        otherSchool: x.as.otherPrincipal,
        otherFamily: x.as.pupil,
        wrongProfile: x.as.cpe,
      },
    );
    const put = await req(x.as.principal, 'PUT', surl, body);
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual((await req(x.as.admin, 'GET', surl)).json(), body);
    assert.equal((await req(x.as.admin, 'PUT', surl, { minutesPerDay: -1, minutesPerWeek: 10 })).statusCode, 400);
    const relaxed = await req(x.as.teacher, 'GET', wurl(`dueDate=${addDays(x.monday, 3)}&minutes=30`));
    assert.equal(relaxed.json().warning, false, 'the school’s thresholds apply');
    const otherSchool = await req(x.as.otherPrincipal, 'GET', `/api/schools/${x.other.id}/settings/workload`);
    assert.deepEqual(otherSchool.json(), { minutesPerDay: 60, minutesPerWeek: 240 }, 'settings are per school');
  });
});
