import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, readLetter, signIn, type TestContext } from '../../../../test/app.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { newId } from '../../lib/ids.ts';
import { addDays } from '../timetable/timetable.calendar.ts';

describe('parent–teacher evenings', () => {
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
    const annexe = newId();
    await t.db
      .insertInto('sites')
      .values({ id: annexe, school_id: school.id, name: 'Annexe', address: '2 rue', network_ranges: '[]' })
      .execute();
    await t.db
      .insertInto('travel_times')
      .values([
        { id: newId(), school_id: school.id, from_site_id: school.siteId, to_site_id: annexe, minutes: 15 },
        { id: newId(), school_id: school.id, from_site_id: annexe, to_site_id: school.siteId, minutes: 15 },
      ])
      .execute();
    const c6 = await makeClass(t.db, school, { level: '6e' });
    await t.db.updateTable('classes').set({ site_id: annexe }).where('id', '=', c6.id).execute();
    const c3 = await makeClass(t.db, school, { level: '3e' });
    await t.db.updateTable('classes').set({ site_id: school.siteId }).where('id', '=', c3.id).execute();
    const t6a = await makeTeacher(t.db, school, { classIds: [c6.id] });
    const t6b = await makeTeacher(t.db, school, { classIds: [c6.id] });
    const t3 = await makeTeacher(t.db, school, { classIds: [c3.id] });
    const young = await makePupil(t.db, school, { classId: c6.id, firstName: 'Inès' });
    const elder = await makePupil(t.db, school, { classId: c3.id, firstName: 'Yanis' });
    const neighbour = await makePupil(t.db, school, { classId: c6.id, firstName: 'Lou' });
    const parent = await makeGuardian(t.db, {
      children: [
        { id: young.id, schoolId: school.id },
        { id: elder.id, schoolId: school.id },
      ],
    });
    const otherParent = await makeGuardian(t.db, { children: [{ id: neighbour.id, schoolId: school.id }] });
    const principal = await makeStaff(t.db, school, ['principal']);
    const otherPrincipal = await makeStaff(t.db, other, ['principal']);
    const s = {
      principal: await signIn(t.app, principal),
      otherPrincipal: await signIn(t.app, otherPrincipal),
      parent: await signIn(t.app, parent),
      otherParent: await signIn(t.app, otherParent),
      t6a: await signIn(t.app, t6a),
      t3: await signIn(t.app, t3),
    };
    return { school, annexe, c6, c3, t6a, t6b, t3, young, elder, neighbour, parent, otherParent, s };
  }

  async function open(f: Awaited<ReturnType<typeof setup>>) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${f.school.id}/evenings`,
      headers: f.s.principal.headers,
      payload: {
        title: 'Réunion 6e et 3e',
        date: '2027-01-14',
        startsAt: '16:30',
        endsAt: '18:00',
        slotMinutes: 10,
        classIds: [f.c6.id, f.c3.id],
        teachers: [{ teacherId: f.t3.id, siteId: f.school.siteId, breaks: [{ startsAt: '17:00', endsAt: '17:20' }] }],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  }

  test('direction opens an evening; a guardian of two children on two sites gets a schedule', async () => {
    const f = await setup();
    const id = await open(f);
    const seen = await t.app.inject({ method: 'GET', url: `/api/evenings/${id}`, headers: f.s.parent.headers });
    assert.equal(seen.statusCode, 200, seen.body);
    const g = seen.json().guardian;
    assert.deepEqual(
      g.children.map((c: { pupil: { id: string }; teachers: unknown[] }) => [c.pupil.id, c.teachers.length]).sort(),
      [
        [f.elder.id, 1],
        [f.young.id, 2],
      ].sort(),
    );
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/evenings/${id}/requests`,
      headers: f.s.parent.headers,
      payload: {
        arrivesAt: '16:40',
        leavesBy: null,
        requests: [
          { pupilId: f.young.id, teacherId: f.t6a.id, priority: true },
          { pupilId: f.young.id, teacherId: f.t6b.id },
          { pupilId: f.elder.id, teacherId: f.t3.id, priority: true },
        ],
      },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const neighbour = await t.app.inject({
      method: 'PUT',
      url: `/api/evenings/${id}/requests`,
      headers: f.s.otherParent.headers,
      payload: { requests: [{ pupilId: f.neighbour.id, teacherId: f.t6a.id, priority: true }] },
    });
    assert.equal(neighbour.statusCode, 200, neighbour.body);
    const run = await t.app.inject({
      method: 'POST',
      url: `/api/evenings/${id}/schedule`,
      headers: f.s.principal.headers,
    });
    assert.equal(run.statusCode, 200, run.body);
    assert.deepEqual([run.json().requested, run.json().met, run.json().priorityMet], [4, 4, 3]);
    const mine = (
      await t.app.inject({ method: 'GET', url: `/api/evenings/${id}`, headers: f.s.parent.headers })
    ).json();
    const sched = mine.guardian.schedule as Array<{
      startsAt: string;
      endsAt: string;
      site: { id: string };
      teacher: { id: string };
    }>;
    assert.equal(sched.length, 3);
    // Own schedule only, not the neighbour's.
    assert.ok(sched.every((m) => m.teacher.id !== f.neighbour.id));
    assert.ok(sched.every((m) => m.startsAt >= '16:40'));
    // No overlap, and 15 minutes between the two sites.
    const sorted = [...sched].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const min = (h: string) => Number(h.slice(0, 2)) * 60 + Number(h.slice(3));
    for (let i = 1; i < sorted.length; i++) {
      const gap = min(sorted[i]!.startsAt) - min(sorted[i - 1]!.endsAt);
      assert.ok(gap >= (sorted[i]!.site.id === sorted[i - 1]!.site.id ? 0 : 15), JSON.stringify(sorted));
    }
    // The teacher's break is kept.
    const withT3 = sched.find((m) => m.teacher.id === f.t3.id)!;
    assert.ok(withT3.endsAt <= '17:00' || withT3.startsAt >= '17:20');
    // The teacher sees their list, with both families for t6a.
    const list = (await t.app.inject({ method: 'GET', url: `/api/evenings/${id}`, headers: f.s.t6a.headers })).json();
    assert.equal(list.teacher.meetings.length, 2);
    assert.equal(list.guardian, null);
    assert.equal(list.direction, null);
    const other = (
      await t.app.inject({ method: 'GET', url: `/api/evenings/${id}`, headers: f.s.otherParent.headers })
    ).json();
    assert.equal(other.guardian.schedule.length, 1);
    const notes = await t.db
      .selectFrom('notifications')
      .select('id')
      .where('person_id', '=', f.parent.id)
      .where('kind', '=', 'evening.schedule')
      .execute();
    assert.equal(notes.length, 1);
  });

  test('a guardian asks only for their own child’s teachers, while requests are open', async () => {
    const f = await setup();
    const id = await open(f);
    const put = (payload: object, headers = f.s.parent.headers) =>
      t.app.inject({ method: 'PUT', url: `/api/evenings/${id}/requests`, headers, payload });
    // t3 does not teach the younger child.
    assert.equal((await put({ requests: [{ pupilId: f.young.id, teacherId: f.t3.id }] })).statusCode, 400);
    // Another family's child.
    assert.equal((await put({ requests: [{ pupilId: f.neighbour.id, teacherId: f.t6a.id }] })).statusCode, 400);
    await t.app.inject({ method: 'POST', url: `/api/evenings/${id}/schedule`, headers: f.s.principal.headers });
    const late = await put({ requests: [{ pupilId: f.young.id, teacherId: f.t6a.id }] });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error, 'EVENING_CLOSED');
  });

  test('four refusals on every route', async () => {
    const f = await setup();
    const id = await open(f);
    const base = `/api/schools/${f.school.id}`;
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${base}/evenings` },
      {
        otherSchool: f.s.otherPrincipal,
        wrongProfile: f.s.otherPrincipal,
      },
    );
    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: `${base}/evenings`,
        payload: {
          title: 'X',
          date: '2027-01-14',
          startsAt: '16:30',
          endsAt: '18:00',
          slotMinutes: 10,
          classIds: [f.c6.id],
        },
      },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.parent, wrongProfile: f.s.t6a },
    );
    // A guardian with no child in the evening's classes, a teacher not in it: not found.
    const outsider = await makeGuardian(t.db, {
      children: [{ id: (await makePupil(t.db, f.school)).id, schoolId: f.school.id }],
    });
    const outsiderS = await signIn(t.app, outsider);
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/evenings/${id}` },
      {
        otherSchool: f.s.otherPrincipal,
        otherFamily: outsiderS,
        wrongProfile: outsiderS,
      },
    );
    await assertRefusals(
      t.app,
      { method: 'PUT', url: `/api/evenings/${id}/requests`, payload: { requests: [] } },
      { otherSchool: f.s.otherPrincipal, otherFamily: outsiderS, wrongProfile: f.s.t6a },
    );
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/evenings/${id}/schedule` },
      {
        otherSchool: f.s.otherPrincipal,
        otherFamily: f.s.parent,
        wrongProfile: f.s.t6a,
      },
    );
    const e = await t.db
      .selectFrom('parent_evenings')
      .select(['status', 'title'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([e.status, e.title], ['open', 'Réunion 6e et 3e'], 'nothing changed, nothing deleted');
  });

  test('direction reads the options of the form, then opens an evening for chosen teachers with a request window', async () => {
    const f = await setup();
    const opts = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/evenings/options`,
      headers: f.s.principal.headers,
    });
    assert.equal(opts.statusCode, 200, opts.body);
    const o = opts.json();
    assert.deepEqual(o.classes.map((c: { id: string }) => c.id).sort(), [f.c6.id, f.c3.id].sort());
    const t6aOpt = o.teachers.find((x: { id: string }) => x.id === f.t6a.id);
    assert.deepEqual(t6aOpt.classIds, [f.c6.id]);
    assert.deepEqual(o.sites.map((x: { id: string }) => x.id).sort(), [f.school.siteId, f.annexe].sort());

    const today = todayInParis();
    const payload = {
      title: 'Réunion des 6e',
      date: addDays(today, 20),
      startsAt: '17:00',
      endsAt: '19:00',
      slotMinutes: 10,
      classIds: [f.c6.id],
      teacherIds: [f.t6a.id],
      requestsFrom: addDays(today, 1),
      requestsUntil: addDays(today, 10),
    };
    const post = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/schools/${f.school.id}/evenings`,
        headers: f.s.principal.headers,
        payload: body,
      });
    // A window that closes after the evening, a teacher of another school: refused.
    assert.equal((await post({ ...payload, requestsUntil: addDays(today, 21) })).statusCode, 400);
    const stranger = await makeTeacher(t.db, await makeSchool(t.db));
    assert.equal((await post({ ...payload, teacherIds: [stranger.id] })).statusCode, 400);
    // A room is given with its own site only.
    const room = newId();
    await t.db
      .insertInto('rooms')
      .values({
        id: room,
        school_id: f.school.id,
        site_id: f.school.siteId,
        code: 'S1',
        label: 'Salle 1',
        capacity: null,
      })
      .execute();
    const misplaced = await post({ ...payload, teachers: [{ teacherId: f.t6a.id, siteId: f.annexe, roomId: room }] });
    assert.equal(misplaced.statusCode, 400, misplaced.body);
    const placed = await post({
      ...payload,
      teachers: [{ teacherId: f.t6a.id, siteId: f.school.siteId, roomId: room }],
    });
    assert.equal(placed.statusCode, 201, placed.body);
    assert.deepEqual(
      placed.json().direction.teachers.map((x: { site: { id: string }; room: string | null }) => [x.site.id, x.room]),
      [[f.school.siteId, 'Salle 1']],
    );
    const res = await post(payload);
    assert.equal(res.statusCode, 201, res.body);
    const e = res.json();
    assert.equal(e.requestsFrom, payload.requestsFrom);
    assert.equal(e.requestsUntil, payload.requestsUntil);
    // Only the chosen teacher takes part, at the site of the class.
    assert.deepEqual(
      e.direction.teachers.map((x: { teacher: { id: string }; site: { id: string } }) => [x.teacher.id, x.site.id]),
      [[f.t6a.id, f.annexe]],
    );
    // Before the window opens, a guardian's choices are refused with a code of their own.
    const early = await t.app.inject({
      method: 'PUT',
      url: `/api/evenings/${e.id}/requests`,
      headers: f.s.parent.headers,
      payload: { requests: [{ pupilId: f.young.id, teacherId: f.t6a.id }] },
    });
    assert.equal(early.statusCode, 409, early.body);
    assert.equal(early.json().error, 'EVENING_NOT_YET_OPEN');
    // A window that has ended: closed.
    await t.db
      .updateTable('parent_evenings')
      .set({ requests_from: addDays(today, -5), requests_until: addDays(today, -1) })
      .where('id', '=', e.id)
      .execute();
    const late = await t.app.inject({
      method: 'PUT',
      url: `/api/evenings/${e.id}/requests`,
      headers: f.s.parent.headers,
      payload: { requests: [{ pupilId: f.young.id, teacherId: f.t6a.id }] },
    });
    assert.equal(late.json().error, 'EVENING_CLOSED');
  });

  test('direction closes and reopens the choices; a published schedule stays published', async () => {
    const f = await setup();
    const id = await open(f);
    const act = (what: string, headers = f.s.principal.headers) =>
      t.app.inject({ method: 'POST', url: `/api/evenings/${id}/${what}`, headers });
    const put = () =>
      t.app.inject({
        method: 'PUT',
        url: `/api/evenings/${id}/requests`,
        headers: f.s.parent.headers,
        payload: { requests: [{ pupilId: f.young.id, teacherId: f.t6a.id }] },
      });
    const closed = await act('close');
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().status, 'closed');
    assert.equal((await put()).json().error, 'EVENING_CLOSED');
    const reopened = await act('reopen');
    assert.equal(reopened.json().status, 'open');
    assert.equal((await put()).statusCode, 200);
    await act('close');
    // The scheduler runs on closed requests.
    const run = await act('schedule');
    assert.equal(run.statusCode, 200, run.body);
    assert.equal(run.json().met, 1);
    const again = await act('reopen');
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error, 'CONFLICT');
    const row = await t.db
      .selectFrom('parent_evenings')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'scheduled');
  });

  test('direction prints every teacher’s list and every family’s schedule', async () => {
    const f = await setup();
    const id = await open(f);
    const lists = () =>
      t.app.inject({ method: 'GET', url: `/api/evenings/${id}/lists`, headers: f.s.principal.headers });
    // Before the scheduler runs: the families who asked, no times yet.
    await t.app.inject({
      method: 'PUT',
      url: `/api/evenings/${id}/requests`,
      headers: f.s.parent.headers,
      payload: {
        requests: [
          { pupilId: f.young.id, teacherId: f.t6a.id },
          { pupilId: f.elder.id, teacherId: f.t3.id },
        ],
      },
    });
    await t.app.inject({
      method: 'PUT',
      url: `/api/evenings/${id}/requests`,
      headers: f.s.otherParent.headers,
      payload: { requests: [{ pupilId: f.neighbour.id, teacherId: f.t6a.id }] },
    });
    const before = await lists();
    assert.equal(before.statusCode, 200, before.body);
    assert.equal(before.json().families.length, 2);
    assert.ok(before.json().families.every((x: { meetings: unknown[] }) => x.meetings.length === 0));
    await t.app.inject({ method: 'POST', url: `/api/evenings/${id}/schedule`, headers: f.s.principal.headers });
    const after = (await lists()).json();
    const t6a = after.teachers.find((x: { teacher: { id: string } }) => x.teacher.id === f.t6a.id);
    assert.equal(t6a.meetings.length, 2);
    assert.equal(t6a.site.id, f.annexe);
    const times = t6a.meetings.map((m: { startsAt: string }) => m.startsAt);
    assert.deepEqual(times, [...times].sort(), 'in time order');
    const mine = after.families.find((x: { guardian: { id: string } }) => x.guardian.id === f.parent.id);
    assert.equal(mine.meetings.length, 2);
    assert.deepEqual(mine.unmet, []);
    assert.deepEqual(
      mine.meetings.map((m: { site: { id: string } }) => m.site.id).sort(),
      [f.annexe, f.school.siteId].sort(),
    );
    assert.equal(t6a.meetings.find((m: { pupil: { id: string } }) => m.pupil.id === f.young.id).pupilClass, f.c6.code);

    // The same lists as a PDF download: every teacher's, one teacher's, every family's.
    await t.db.updateTable('people').set({ last_name: 'Lefèvre-Nguyễn' }).where('id', '=', f.parent.id).execute();
    const pdf = (query: string) =>
      t.app.inject({ method: 'GET', url: `/api/evenings/${id}/lists/pdf${query}`, headers: f.s.principal.headers });
    const all = await pdf('');
    assert.equal(all.statusCode, 200, all.body);
    assert.equal(all.headers['content-type'], 'application/pdf');
    assert.match(all.headers['content-disposition'] as string, /^attachment; filename=.*\.pdf/);
    const read = await readLetter(all.rawPayload);
    const nameOf = async (id: string) => {
      const p = await t.db
        .selectFrom('people')
        .select(['first_name', 'last_name'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return `${p.first_name} ${p.last_name}`;
    };
    assert.equal(read.pages.length, 3, 'one page per teacher');
    const name6a = await nameOf(f.t6a.id);
    const page6a = read.pages.find((p) => p.includes(`Liste de ${name6a}`));
    assert.ok(page6a, read.text);
    assert.match(page6a, /Annexe/);
    assert.match(page6a, /Lefèvre-Nguyễn/);
    assert.match(page6a, new RegExp(`Inès ${(await nameOf(f.young.id)).split(' ')[1]}`));
    assert.match(page6a, new RegExp(f.c6.code));
    for (const m of t6a.meetings as Array<{ startsAt: string; endsAt: string }>)
      assert.match(page6a, new RegExp(`${m.startsAt}–${m.endsAt}`));
    const one = await pdf(`?kind=teachers&personId=${f.t3.id}`);
    assert.equal(one.statusCode, 200, one.body);
    const oneRead = await readLetter(one.rawPayload);
    assert.equal(oneRead.pages.length, 1);
    assert.match(oneRead.text, new RegExp(`Liste de ${await nameOf(f.t3.id)}`));
    assert.match(
      decodeURIComponent(one.headers['content-disposition'] as string),
      new RegExp((await nameOf(f.t3.id)).split(' ')[1]!),
    );
    const families = await readLetter((await pdf('?kind=families')).rawPayload);
    assert.equal(families.pages.length, 2);
    const ours = families.pages.find((p) => p.includes('Lefèvre-Nguyễn'));
    assert.ok(ours, families.text);
    assert.match(ours, /Horaire de/);
    assert.match(ours, new RegExp(await nameOf(f.t3.id)));
    // Someone who is not in the lists, or a teacher's id asked as a family: NOT_FOUND.
    assert.equal((await pdf(`?kind=families&personId=${f.t3.id}`)).statusCode, 404);
    assert.equal((await pdf('?kind=everyone')).statusCode, 400);
  });

  test('a teacher’s own hours and breaks must lie within the evening', async () => {
    const f = await setup();
    const body = (teacher: object) => ({
      title: 'Réunion',
      date: '2027-01-14',
      startsAt: '16:30',
      endsAt: '18:00',
      slotMinutes: 10,
      classIds: [f.c6.id],
      teachers: [{ teacherId: f.t6a.id, siteId: f.annexe, ...teacher }],
    });
    const post = (teacher: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/schools/${f.school.id}/evenings`,
        headers: f.s.principal.headers,
        payload: body(teacher),
      });
    for (const wrong of [
      { startsAt: '16:00' },
      { endsAt: '18:30' },
      { startsAt: '17:30', endsAt: '17:00' },
      { breaks: [{ startsAt: '17:10', endsAt: '17:00' }] },
      { startsAt: '17:00', breaks: [{ startsAt: '16:40', endsAt: '17:10' }] },
    ]) {
      const res = await post(wrong);
      assert.equal(res.statusCode, 400, JSON.stringify(wrong));
      assert.equal(res.json().error, 'VALIDATION_FAILED');
    }
    const ok = await post({ startsAt: '17:00', endsAt: '18:00', breaks: [{ startsAt: '17:20', endsAt: '17:30' }] });
    assert.equal(ok.statusCode, 201, ok.body);
    const row = await t.db
      .selectFrom('parent_evening_teachers')
      .select(['starts_at', 'ends_at', 'breaks'])
      .where('evening_id', '=', ok.json().id)
      .where('teacher_id', '=', f.t6a.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.starts_at, row.ends_at, JSON.parse(row.breaks)],
      ['17:00', '18:00', [{ startsAt: '17:20', endsAt: '17:30' }]],
    );
  });

  test('direction edits an opened evening; changes that would orphan choices or meetings are refused', async () => {
    const f = await setup();
    const id = await open(f);
    const patch = (payload: object, headers = f.s.principal.headers) =>
      t.app.inject({ method: 'PATCH', url: `/api/evenings/${id}`, headers, payload });
    const c5 = await makeClass(t.db, f.school, { level: '5e' });
    const t5 = await makeTeacher(t.db, f.school, { classIds: [c5.id] });
    const p5 = await makePupil(t.db, f.school, { classId: c5.id });
    const g5 = await makeGuardian(t.db, { children: [{ id: p5.id, schoolId: f.school.id }] });

    const edited = await patch({ title: 'Réunion du second trimestre', classIds: [f.c6.id, f.c3.id, c5.id] });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().title, 'Réunion du second trimestre');
    assert.deepEqual(
      edited
        .json()
        .classes.map((c: { id: string }) => c.id)
        .sort(),
      [f.c6.id, f.c3.id, c5.id].sort(),
    );
    const invited = await t.db
      .selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'evening.open')
      .where('person_id', '=', g5.id)
      .execute();
    assert.equal(invited.length, 1, 'the families of the added class are invited');
    const teachers = await t.db
      .selectFrom('parent_evening_teachers')
      .select('teacher_id')
      .where('evening_id', '=', id)
      .execute();
    assert.ok(
      teachers.some((x) => x.teacher_id === t5.id),
      'the added class’s teacher takes part',
    );

    // A family of 6e made requests: 6e can no longer be removed; 5e (no request) can.
    await t.app.inject({
      method: 'PUT',
      url: `/api/evenings/${id}/requests`,
      headers: f.s.parent.headers,
      payload: { requests: [{ pupilId: f.young.id, teacherId: f.t6a.id, priority: true }] },
    });
    const orphan = await patch({ classIds: [f.c3.id] });
    assert.equal(orphan.statusCode, 409);
    assert.equal(orphan.json().error, 'EVENING_HAS_REQUESTS');
    assert.deepEqual(orphan.json().details.classIds, [f.c6.id]);
    assert.equal((await patch({ classIds: [f.c6.id, f.c3.id] })).statusCode, 200);

    // Once scheduled: hours that leave a meeting outside, or another slot length, are refused; a new date is told.
    await t.app.inject({ method: 'POST', url: `/api/evenings/${id}/schedule`, headers: f.s.principal.headers });
    const [meeting] = await t.db
      .selectFrom('parent_evening_requests')
      .select(['starts_at', 'ends_at'])
      .where('evening_id', '=', id)
      .execute();
    assert.ok(meeting?.starts_at);
    const shrink = await patch({ startsAt: meeting.ends_at });
    assert.equal(shrink.json().error, 'EVENING_HAS_SCHEDULE');
    assert.equal((await patch({ slotMinutes: 15 })).json().error, 'EVENING_HAS_SCHEDULE');
    assert.equal((await patch({ endsAt: '16:00' })).json().error, 'VALIDATION_FAILED');
    const moved = await patch({ date: '2027-01-21', endsAt: '18:30' });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual(
      [moved.json().date, moved.json().endsAt, moved.json().status],
      ['2027-01-21', '18:30', 'scheduled'],
    );
    const told = await t.db
      .selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'evening.changed')
      .where('school_id', '=', f.school.id)
      .execute();
    const toldIds = told.map((n) => n.person_id);
    assert.ok(toldIds.includes(f.parent.id) && toldIds.includes(f.otherParent.id) && toldIds.includes(f.t6a.id));
    const audit = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'evening.update')
      .where('school_id', '=', f.school.id)
      .execute();
    assert.equal(audit.length, 3, 'one per change made, none for the refused ones');
  });

  test('direction deletes an evening: choices and meetings go, the families are told, the deletion is audited', async () => {
    const f = await setup();
    const id = await open(f);
    await t.app.inject({
      method: 'PUT',
      url: `/api/evenings/${id}/requests`,
      headers: f.s.parent.headers,
      payload: { requests: [{ pupilId: f.young.id, teacherId: f.t6a.id, priority: true }] },
    });
    await t.app.inject({ method: 'POST', url: `/api/evenings/${id}/schedule`, headers: f.s.principal.headers });
    const del = await t.app.inject({ method: 'DELETE', url: `/api/evenings/${id}`, headers: f.s.principal.headers });
    assert.equal(del.statusCode, 200, del.body);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/api/evenings/${id}`, headers: f.s.principal.headers })).statusCode,
      404,
    );
    const left = await t.db.selectFrom('parent_evening_requests').select('id').where('evening_id', '=', id).execute();
    assert.equal(left.length, 0);
    const told = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'message_key'])
      .where('kind', '=', 'evening.cancelled')
      .where('school_id', '=', f.school.id)
      .execute();
    assert.deepEqual(told.map((n) => n.person_id).sort(), [f.parent.id, f.t6a.id].sort());
    assert.ok(told.every((n) => n.message_key === 'evening.cancelled'));
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['actor_person_id', 'details'])
      .where('action', '=', 'evening.delete')
      .where('school_id', '=', f.school.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0]!.details).eveningId, id);
    assert.equal(
      (await t.app.inject({ method: 'DELETE', url: `/api/evenings/${id}`, headers: f.s.principal.headers })).statusCode,
      404,
    );
  });

  test('four refusals on the direction routes', async () => {
    const f = await setup();
    const id = await open(f);
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/schools/${f.school.id}/evenings/options` },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.parent, wrongProfile: f.s.t6a },
    );
    for (const what of ['close', 'reopen']) {
      await assertRefusals(
        t.app,
        { method: 'POST', url: `/api/evenings/${id}/${what}` },
        { otherSchool: f.s.otherPrincipal, otherFamily: f.s.parent, wrongProfile: f.s.t6a },
      );
    }
    await assertRefusals(
      t.app,
      { method: 'PATCH', url: `/api/evenings/${id}`, payload: { title: 'Autre titre' } },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.parent, wrongProfile: f.s.t6a },
    );
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `/api/evenings/${id}` },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.parent, wrongProfile: f.s.t6a },
    );
    for (const url of [`/api/evenings/${id}/lists`, `/api/evenings/${id}/lists/pdf`]) {
      await assertRefusals(
        t.app,
        { method: 'GET', url },
        { otherSchool: f.s.otherPrincipal, otherFamily: f.s.parent, wrongProfile: f.s.t6a },
      );
    }
    const e = await t.db
      .selectFrom('parent_evenings')
      .select(['status', 'title'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([e.status, e.title], ['open', 'Réunion 6e et 3e'], 'nothing changed, nothing deleted');
  });

  test('changing the teachers: adding is allowed, removing one families asked for is refused, breaks and rooms', async () => {
    const f = await setup();
    const id = await open(f);
    const url = `/api/evenings/${id}/teachers`;
    const put = (s: { headers: Record<string, string> }, payload: object) =>
      t.app.inject({ method: 'PUT', url, headers: s.headers, payload });
    const stored = () =>
      t.db
        .selectFrom('parent_evening_teachers')
        .select(['teacher_id', 'site_id', 'room_id', 'starts_at', 'ends_at', 'breaks'])
        .where('evening_id', '=', id)
        .orderBy('teacher_id')
        .execute();
    const room = newId();
    await t.db
      .insertInto('rooms')
      .values({ id: room, school_id: f.school.id, site_id: f.annexe, code: 'B12', label: 'B12', capacity: 30 })
      .execute();
    const newcomer = await makeTeacher(t.db, f.school, { classIds: [] });
    const before = await stored();
    assert.equal(before.length, 3);
    const keep = (o: Record<string, unknown> = {}) => [
      { teacherId: f.t6a.id, siteId: f.annexe, ...o },
      { teacherId: f.t6b.id, siteId: f.annexe },
      { teacherId: f.t3.id, siteId: f.school.siteId, breaks: [{ startsAt: '17:00', endsAt: '17:20' }] },
    ];

    // Bad input: 400 and nothing changed.
    for (const bad of [
      { teachers: [] },
      { teachers: [...keep(), { teacherId: f.t6a.id, siteId: f.annexe }] },
      { teachers: [...keep(), { teacherId: 'nobody', siteId: f.annexe }] },
      { teachers: keep({ siteId: 'nowhere' }) },
      { teachers: keep({ roomId: room, siteId: f.school.siteId }) },
      { teachers: keep({ startsAt: '16:00' }) },
      { teachers: keep({ breaks: [{ startsAt: '17:30', endsAt: '17:10' }] }) },
      {
        teachers: keep({
          breaks: [
            { startsAt: '17:00', endsAt: '17:30' },
            { startsAt: '17:20', endsAt: '17:40' },
          ],
        }),
      },
    ]) {
      const r = await put(f.s.principal, bad);
      assert.equal(r.statusCode, 400, `${JSON.stringify(bad)}: ${r.body}`);
      assert.equal(r.json().error, 'VALIDATION_FAILED');
    }
    assert.deepEqual(await stored(), before);

    // The four refusals, and a teacher of the evening may not change it either.
    await assertRefusals(
      t.app,
      { method: 'PUT', url, payload: { teachers: keep() } },
      { otherSchool: f.s.otherPrincipal, otherFamily: f.s.parent, wrongProfile: f.s.t6a },
      async () => assert.deepEqual(await stored(), before),
    );

    // A newcomer (no class in the evening) is added; t6a gets a room and two breaks; the teacher is told.
    const added = await put(f.s.principal, {
      teachers: [
        ...keep({
          roomId: room,
          breaks: [
            { startsAt: '17:30', endsAt: '17:40' },
            { startsAt: '16:50', endsAt: '17:00' },
          ],
        }),
        { teacherId: newcomer.id, siteId: f.school.siteId, startsAt: '17:00' },
      ],
    });
    assert.equal(added.statusCode, 200, added.body);
    const d = added.json().direction.teachers as Array<{
      teacher: { id: string };
      room: string | null;
      roomId: string | null;
      startsAt: string;
      endsAt: string;
      breaks: Array<{ startsAt: string; endsAt: string }>;
    }>;
    assert.equal(d.length, 4);
    const a = d.find((x) => x.teacher.id === f.t6a.id)!;
    assert.equal(a.room, 'B12');
    assert.equal(a.roomId, room);
    assert.deepEqual(a.breaks, [
      { startsAt: '16:50', endsAt: '17:00' },
      { startsAt: '17:30', endsAt: '17:40' },
    ]);
    const n = d.find((x) => x.teacher.id === newcomer.id)!;
    assert.deepEqual([n.startsAt, n.endsAt], ['17:00', '18:00']);
    const told = await t.db
      .selectFrom('notifications')
      .select('person_id')
      .where('message_key', '=', 'evening.teacher')
      .execute();
    assert.deepEqual(
      told.map((x) => x.person_id),
      [newcomer.id],
    );

    // Families ask for t6a and t6b; removing t6b is refused with the code, and nothing changes.
    const asked = await t.app.inject({
      method: 'PUT',
      url: `/api/evenings/${id}/requests`,
      headers: f.s.parent.headers,
      payload: {
        requests: [
          { pupilId: f.young.id, teacherId: f.t6a.id, priority: true },
          { pupilId: f.young.id, teacherId: f.t6b.id },
        ],
      },
    });
    assert.equal(asked.statusCode, 200, asked.body);
    const withNewcomer = await stored();
    const current = [
      ...keep({ roomId: room, breaks: a.breaks }),
      { teacherId: newcomer.id, siteId: f.school.siteId, startsAt: '17:00' },
    ];
    const removing = await put(f.s.principal, { teachers: current.filter((x) => x.teacherId !== f.t6b.id) });
    assert.equal(removing.statusCode, 409, removing.body);
    assert.equal(removing.json().error, 'EVENING_TEACHER_HAS_REQUESTS');
    assert.deepEqual(removing.json().details.teacherIds, [f.t6b.id]);
    assert.deepEqual(await stored(), withNewcomer);
    // The newcomer, whom nobody asked for, may leave.
    const left = await put(f.s.principal, { teachers: current.filter((x) => x.teacherId !== newcomer.id) });
    assert.equal(left.statusCode, 200, left.body);
    assert.equal((await stored()).length, 3);

    // Once scheduled: t6a's meeting keeps its site and its time; another room is told to the family.
    const run = await t.app.inject({
      method: 'POST',
      url: `/api/evenings/${id}/schedule`,
      headers: f.s.principal.headers,
    });
    assert.equal(run.statusCode, 200, run.body);
    const meeting = await t.db
      .selectFrom('parent_evening_requests')
      .select(['starts_at', 'ends_at'])
      .where('evening_id', '=', id)
      .where('teacher_id', '=', f.t6a.id)
      .executeTakeFirstOrThrow();
    assert.ok(meeting.starts_at);
    const scheduled = await stored();
    const moved = await put(f.s.principal, {
      teachers: keep({ siteId: f.school.siteId }),
    });
    assert.equal(moved.statusCode, 409, moved.body);
    assert.equal(moved.json().error, 'EVENING_HAS_SCHEDULE');
    assert.equal(moved.json().details.field, 'teachers');
    const onBreak = await put(f.s.principal, {
      teachers: keep({ roomId: room, breaks: [{ startsAt: meeting.starts_at!, endsAt: meeting.ends_at! }] }),
    });
    assert.equal(onBreak.statusCode, 409, onBreak.body);
    assert.equal(onBreak.json().details.field, 'teachers');
    assert.deepEqual(await stored(), scheduled);
    const noRoom = await put(f.s.principal, { teachers: keep({ roomId: null, breaks: a.breaks }) });
    assert.equal(noRoom.statusCode, 200, noRoom.body);
    const roomNotes = await t.db
      .selectFrom('notifications')
      .select('person_id')
      .where('message_key', '=', 'evening.roomUnknown')
      .execute();
    assert.deepEqual(
      roomNotes.map((x) => x.person_id),
      [f.parent.id],
      'no room any more: the family is told the room is still to be announced',
    );
    const audit = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'evening.teachers')
      .execute();
    assert.equal(audit.length, 3);
  });
});
