import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, signIn, type TestContext } from '../../../../test/app.ts';
import { makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { notify } from './notifications.service.ts';

describe('notifications', () => {
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
    const pupil = await makePupil(t.db, school);
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const otherPupil = await makePupil(t.db, school);
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const otherAdmin = await makeStaff(t.db, other, ['school_admin']);
    return { school, pupil, guardian, otherGuardian, teacher, cpe, otherAdmin };
  }

  const readAts = async (personId: string) =>
    (await t.db.selectFrom('notifications').select('read_at').where('person_id', '=', personId).execute()).map(
      (r) => r.read_at,
    );

  test('notify() then list, count, read one, read all', async () => {
    const { school, guardian, teacher } = await setup();
    const n = await notify(t.db, {
      personIds: [guardian.id, teacher.id, guardian.id],
      schoolId: school.id,
      kind: 'absence.unexplained',
      title: 'Absence à justifier',
      body: 'Votre enfant était absent ce matin.',
      link: '/absences',
    });
    assert.equal(n, 2, 'duplicates are notified once');
    await notify(t.db, {
      personIds: [guardian.id],
      schoolId: school.id,
      kind: 'report_card.published',
      title: 'Bulletin disponible',
      body: 'Le bulletin du 1er trimestre est en ligne.',
      link: null,
    });
    const s = await signIn(t.app, guardian);

    const count = await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: s.headers });
    assert.equal(count.statusCode, 200);
    assert.deepEqual(count.json(), { count: 2 });

    const list = await t.app.inject({ method: 'GET', url: '/api/notifications', headers: s.headers });
    assert.equal(list.statusCode, 200);
    const items = list.json().items as Array<{ id: string; title: string; readAt: string | null; link: string | null }>;
    assert.equal(items.length, 2);
    assert.ok(items.every((i) => i.readAt === null));
    assert.deepEqual(Object.keys(list.json().items[0]).sort(), [
      'body',
      'createdAt',
      'id',
      'kind',
      'link',
      'message',
      'readAt',
      'schoolId',
      'title',
    ]);

    const first = items[0]!;
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/notifications/${first.id}/read`,
      headers: s.headers,
    });
    assert.equal(read.statusCode, 200, read.body);
    assert.ok(read.json().readAt);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/notifications/${first.id}/read`,
      headers: s.headers,
    });
    assert.equal(again.json().readAt, read.json().readAt, 'reading twice keeps the first read time');

    const unread = await t.app.inject({
      method: 'GET',
      url: '/api/notifications?unreadOnly=true',
      headers: s.headers,
    });
    assert.deepEqual(
      unread.json().items.map((i: { id: string }) => i.id),
      [items[1]!.id],
    );

    const all = await t.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: s.headers });
    assert.equal(all.statusCode, 200);
    assert.deepEqual(all.json(), { updated: 1 });
    const after = await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: s.headers });
    assert.deepEqual(after.json(), { count: 0 });
    // The teacher's copy is untouched.
    assert.deepEqual(await readAts(teacher.id), [null]);
  });

  test('pagination with a cursor, newest first', async () => {
    const { school, pupil } = await setup();
    for (let i = 1; i <= 5; i++) {
      await notify(t.db, {
        personIds: [pupil.id],
        schoolId: school.id,
        kind: 'timetable.change',
        title: `Changement ${i}`,
        body: 'Cours déplacé.',
        link: '/timetable',
      });
      await new Promise((r) => setTimeout(r, 3));
    }
    const s = await signIn(t.app, pupil);
    const titles: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5 && (page === 0 || cursor); page++) {
      const res: {
        statusCode: number;
        body: string;
        json(): { items: Array<{ title: string }>; nextCursor: string | null };
      } = await t.app.inject({
        method: 'GET',
        url: '/api/notifications',
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
        headers: s.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      titles.push(...res.json().items.map((i) => i.title));
      cursor = res.json().nextCursor;
    }
    assert.deepEqual(titles, ['Changement 5', 'Changement 4', 'Changement 3', 'Changement 2', 'Changement 1']);
    const bad = await t.app.inject({ method: 'GET', url: '/api/notifications?cursor=zzz', headers: s.headers });
    assert.equal(bad.statusCode, 400);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/notifications?foo=1', headers: s.headers });
    assert.equal(unknown.statusCode, 400);
  });

  test('a message key and its parameters reach the reader; older rows keep their French text and get live links', async () => {
    const { school, pupil } = await setup();
    await notify(t.db, {
      personIds: [pupil.id],
      schoolId: school.id,
      kind: 'homework.published',
      title: 'Travail à faire en Mathématiques',
      body: 'Pour le lundi 7 décembre : exercice 3',
      link: '/travail-a-faire',
      message: { key: 'homework.published', params: { subject: 'Mathématiques', dueDate: '2026-12-07', n: 3 } },
    });
    // A row written before keys existed, with a link to a page the web app no longer has.
    await notify(t.db, {
      personIds: [pupil.id],
      schoolId: school.id,
      kind: 'timetable.change',
      title: 'Emploi du temps modifié',
      body: 'Cours annulé.',
      link: '/timetable?date=2026-12-07',
    });
    const s = await signIn(t.app, pupil);
    const res = await t.app.inject({ method: 'GET', url: '/api/notifications', headers: s.headers });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as Array<{ message: unknown; link: string; title: string }>;
    const fresh = items.find((i) => i.title.startsWith('Travail'));
    const old = items.find((i) => i.title.startsWith('Emploi'));
    assert.deepEqual(fresh!.message, {
      key: 'homework.published',
      params: { subject: 'Mathématiques', dueDate: '2026-12-07', n: 3 },
    });
    assert.equal(old!.message, null);
    assert.equal(old!.title, 'Emploi du temps modifié');
    assert.equal(old!.link, '/emploi-du-temps?date=2026-12-07');
  });

  test('notify() refuses a link that is not a path, and writes nothing', async () => {
    const { school, pupil } = await setup();
    await assert.rejects(
      notify(t.db, {
        personIds: [pupil.id],
        schoolId: school.id,
        kind: 'timetable.change',
        title: 'x',
        body: 'y',
        link: '//evil.example/phish',
      }),
      /link/,
    );
    assert.deepEqual(await readAts(pupil.id), []);
  });

  test('notify() inside a caller transaction rolls back with it', async () => {
    const { school, pupil } = await setup();
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        await notify(trx, {
          personIds: [pupil.id],
          schoolId: school.id,
          kind: 'timetable.change',
          title: 'a',
          body: 'b',
        });
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await readAts(pupil.id), []);
  });

  test('nobody else sees, reads or marks them', async () => {
    const { school, guardian, otherGuardian, teacher, cpe, otherAdmin } = await setup();
    await notify(t.db, {
      personIds: [guardian.id],
      schoolId: school.id,
      kind: 'absence.unexplained',
      title: 'Absence à justifier',
      body: '...',
    });
    const own = await t.db.selectFrom('notifications').select('id').where('person_id', '=', guardian.id).execute();
    const id = own[0]!.id;
    const who = {
      otherSchool: await signIn(t.app, otherAdmin),
      otherFamily: await signIn(t.app, otherGuardian),
      wrongProfile: await signIn(t.app, cpe),
    };
    const unchanged = async () => assert.deepEqual(await readAts(guardian.id), [null]);
    await assertRefusals(t.app, { method: 'POST', url: `/api/notifications/${id}/read` }, who, unchanged);

    // Lists, counts and read-all only ever concern the caller's own notifications.
    for (const s of [who.otherFamily, who.wrongProfile, await signIn(t.app, teacher)]) {
      const list = await t.app.inject({ method: 'GET', url: '/api/notifications', headers: s.headers });
      assert.deepEqual(list.json().items, []);
      const count = await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: s.headers });
      assert.deepEqual(count.json(), { count: 0 });
      const all = await t.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: s.headers });
      assert.deepEqual(all.json(), { updated: 0 });
    }
    for (const req of [
      { method: 'GET' as const, url: '/api/notifications' },
      { method: 'GET' as const, url: '/api/notifications/unread-count' },
      { method: 'POST' as const, url: '/api/notifications/read-all' },
    ]) {
      const anon = await t.app.inject(req);
      assert.equal(anon.statusCode, 401);
    }
    await unchanged();
  });
});
