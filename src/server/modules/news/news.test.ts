import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { nowIso } from '../../lib/ids.ts';
import { concernsPupil } from './news.service.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('news routes', () => {
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
    const pupil6 = await makePupil(t.db, school, { classId: c6.id, firstName: 'Léa' });
    const pupil6b = await makePupil(t.db, school, { classId: c6.id, firstName: 'Noé' });
    const pupil4 = await makePupil(t.db, school, { classId: c4.id });
    const g6 = await makeGuardian(t.db, { children: [{ id: pupil6.id, schoolId: school.id }] });
    const g6b = await makeGuardian(t.db, { children: [{ id: pupil6b.id, schoolId: school.id }] });
    const g4 = await makeGuardian(t.db, { children: [{ id: pupil4.id, schoolId: school.id }] });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: pupil6.id, schoolId: school.id }],
      responsibility: 'legal2',
      courtRestricted: true,
    });
    const otherPupil = await makePupil(t.db, other);
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: other.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [c6.id] });
    const secretary = await makeStaff(t.db, school, ['secretariat']);
    const principal = await makeStaff(t.db, school, ['principal']);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const otherSecretary = await makeStaff(t.db, other, ['secretariat']);
    const s = {
      pupil6: await signIn(t.app, pupil6),
      g6: await signIn(t.app, g6),
      g6b: await signIn(t.app, g6b),
      g4: await signIn(t.app, g4),
      restricted: await signIn(t.app, restricted),
      otherGuardian: await signIn(t.app, otherGuardian),
      teacher: await signIn(t.app, teacher),
      secretary: await signIn(t.app, secretary),
      principal: await signIn(t.app, principal),
      cpe: await signIn(t.app, cpe),
      otherSecretary: await signIn(t.app, otherSecretary),
    };
    return { school, other, c6, c4, pupil6, pupil6b, pupil4, g6, g6b, g4, restricted, teacher, secretary, s };
  }

  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const post = (s: Session, url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, ...(payload ? { payload } : {}) });
  const publish = (s: Session, payload: object) => post(s, '/api/news', payload);
  const titles = async (s: Session) =>
    ((await get(s, '/api/news')).json().items as Array<{ title: string }>).map((n) => n.title);
  const upload = (s: Session | null, id: string, body: Buffer, type = 'application/pdf', name = 'circulaire.pdf') =>
    t.app.inject({
      method: 'POST',
      url: `/api/news/${id}/attachments?fileName=${encodeURIComponent(name)}`,
      headers: { ...(s?.headers ?? {}), 'content-type': type },
      payload: body,
    });

  async function strikeNotice(w: Awaited<ReturnType<typeof world>>, extra: object = {}) {
    const res = await publish(w.s.secretary, {
      schoolId: w.school.id,
      title: 'Grève du jeudi 10',
      body: '<p>Le collège accueillera les élèves <b>sans cours</b>.</p><script>alert(1)</script>',
      audience: { publics: ['guardians'], levels: ['6e'] },
      ackRequired: true,
      ...extra,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; bodyHtml: string; status: string };
  }

  test('audience: the guardian of a 6e pupil sees the 6e news, not the 4e one; a court-restricted guardian nothing', async () => {
    const w = await world();
    const n6 = await strikeNotice(w);
    assert.ok(!n6.bodyHtml.includes('script'), 'the body is sanitised');
    assert.ok(n6.bodyHtml.includes('<strong>sans cours</strong>'));
    const n4 = await publish(w.s.secretary, {
      schoolId: w.school.id,
      title: 'Sortie des 4e',
      body: 'Autorisation à signer',
      audience: { publics: ['guardians'], classIds: [w.c4.id] },
    });
    assert.equal(n4.statusCode, 201, n4.body);
    const staffOnly = await publish(w.s.principal, {
      schoolId: w.school.id,
      title: 'Conseil pédagogique',
      body: 'Salle des professeurs',
      audience: { publics: ['staff'] },
    });
    assert.equal(staffOnly.statusCode, 201, staffOnly.body);

    assert.deepEqual(await titles(w.s.g6), ['Grève du jeudi 10']);
    assert.deepEqual(await titles(w.s.g4), ['Sortie des 4e']);
    assert.deepEqual(await titles(w.s.restricted), []);
    assert.deepEqual(await titles(w.s.otherGuardian), []);
    assert.deepEqual(await titles(w.s.pupil6), [], 'addressed to guardians only');
    assert.deepEqual(await titles(w.s.teacher), ['Conseil pédagogique']);
    assert.deepEqual(await titles(w.s.otherSecretary), []);
    // Publishers of the school see every news of the school.
    assert.equal((await titles(w.s.cpe)).length, 3);
    assert.equal((await get(w.s.restricted, `/api/news/${n6.id}`)).statusCode, 404);
    assert.equal((await get(w.s.g4, `/api/news/${n6.id}`)).statusCode, 404);

    // Notifications: the 6e families, never the court-restricted guardian, with a message key.
    const notified = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'message_key', 'link', 'kind'])
      .where('link', '=', `/actualites/${n6.id}`)
      .execute();
    assert.deepEqual(notified.map((r) => r.person_id).sort(), [w.g6.id, w.g6b.id].sort());
    assert.ok(notified.every((r) => r.message_key === 'news.ackRequested' && r.kind === 'news.published'));

    // Unread first; the count drops once opened, then once confirmed.
    assert.equal((await get(w.s.g6, '/api/news/unread-count')).json().count, 1);
    const opened = await post(w.s.g6, `/api/news/${n6.id}/read`);
    assert.equal(opened.statusCode, 200);
    assert.equal(opened.json().confirmedAt, null);
    assert.equal((await get(w.s.g6, '/api/news/unread-count')).json().count, 1, 'still to confirm');
    const confirmed = await post(w.s.g6, `/api/news/${n6.id}/confirm`);
    assert.equal(confirmed.statusCode, 200);
    assert.ok(confirmed.json().confirmedAt);
    assert.equal((await get(w.s.g6, '/api/news/unread-count')).json().count, 0);
    // A news without confirmation cannot be confirmed.
    assert.equal((await post(w.s.g4, `/api/news/${n4.json().id}/confirm`)).statusCode, 409);
  });

  test('filters are a union of sites, levels and classes; no filter is the whole school', () => {
    const a = { publics: ['guardians' as const], siteIds: ['s1'], levels: ['6e'], classIds: ['c9'] };
    assert.equal(concernsPupil(a, { classId: 'c1', level: '6e', siteId: 's2' }), true);
    assert.equal(concernsPupil(a, { classId: 'c9', level: '3e', siteId: 's2' }), true);
    assert.equal(concernsPupil(a, { classId: 'c2', level: '3e', siteId: 's1' }), true);
    assert.equal(concernsPupil(a, { classId: 'c2', level: '3e', siteId: 's2' }), false);
    const all = { publics: ['guardians' as const], siteIds: [], levels: [], classIds: [] };
    assert.equal(concernsPupil(all, { classId: null, level: null, siteId: null }), true);
  });

  test('receipts per class: confirmed, opened, nothing; the families not reached with their phone, as CSV', async () => {
    const w = await world();
    const pupil6c = await makePupil(t.db, w.school, { classId: w.c6.id, firstName: 'Zoé' });
    const notActivated = await makeGuardian(t.db, { children: [{ id: pupil6c.id, schoolId: w.school.id }] });
    await t.db
      .updateTable('people')
      .set({ password_hash: null, phone: '06 12 34 56 78' })
      .where('id', '=', notActivated.id)
      .execute();
    // g6 and g6b have signed in (their sessions are on record) and have an e-mail address.
    await t.db
      .updateTable('people')
      .set({ email: 'famille@example.org' })
      .where('id', 'in', [w.g6.id, w.g6b.id])
      .execute();
    const n = await strikeNotice(w);
    await post(w.s.g6, `/api/news/${n.id}/confirm`);
    await post(w.s.g6b, `/api/news/${n.id}/read`);

    const res = await get(w.s.secretary, `/api/news/${n.id}/receipts`);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.deepEqual(r.totals, { families: 3, confirmed: 1, opened: 1, none: 1 });
    assert.equal(r.classes.length, 1);
    assert.equal(r.classes[0].code, '6A');
    const lea = r.classes[0].families.find((f: { pupil: { id: string } }) => f.pupil.id === w.pupil6.id);
    assert.equal(lea.guardians.length, 1, 'the court-restricted guardian is not listed');
    assert.equal(lea.guardians[0].status, 'confirmed');
    assert.equal(lea.guardians[0].phone, null, 'phones only in the list to call');
    assert.equal(r.unreached.length, 1);
    assert.equal(r.unreached[0].pupil.id, pupil6c.id);
    assert.deepEqual(r.unreached[0].guardians[0].issues, ['not_activated', 'no_email']);
    assert.equal(r.unreached[0].guardians[0].phone, '06 12 34 56 78');

    const csv = await get(w.s.secretary, `/api/news/${n.id}/unreached.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="familles-non-touchees-/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[1]!,
      /^6A;.*Zoé;.*;Responsable légal 1;06 12 34 56 78;compte non activé, pas d’adresse électronique$/,
    );

    // The direction sees them too; the author's colleague in vie scolaire does not.
    assert.equal((await get(w.s.principal, `/api/news/${n.id}/receipts`)).statusCode, 200);
    assert.equal((await get(w.s.cpe, `/api/news/${n.id}/receipts`)).statusCode, 403);
  });

  test('publication date and expiry: planned news are hidden then notified; expired news are hidden', async () => {
    const w = await world();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const n = await strikeNotice(w, { publishAt: later });
    assert.equal(n.status, 'scheduled');
    assert.deepEqual(await titles(w.s.g6), []);
    assert.equal((await get(w.s.g6, `/api/news/${n.id}`)).statusCode, 404);
    const notifications = () =>
      t.db.selectFrom('notifications').select('person_id').where('link', '=', `/actualites/${n.id}`).execute();
    assert.equal((await notifications()).length, 0, 'nobody notified before the publication');

    await t.db.updateTable('news').set({ publish_at: nowIso() }).where('id', '=', n.id).execute();
    assert.deepEqual(await titles(w.s.g6), ['Grève du jeudi 10']);
    assert.equal((await notifications()).length, 2, 'notified on the first read after the publication');
    await titles(w.s.g6b);
    assert.equal((await notifications()).length, 2, 'and only once');

    const yesterday = new Date(Date.now() - 86_400_000);
    await t.db
      .updateTable('news')
      .set({ expires_on: todayInParis(yesterday) })
      .where('id', '=', n.id)
      .execute();
    assert.deepEqual(await titles(w.s.g6), []);
    const mine = (await get(w.s.secretary, '/api/news')).json().items;
    assert.equal(mine[0].status, 'expired', 'the publisher still sees it, marked expired');

    // An expiry before the publication is refused.
    const bad = await publish(w.s.secretary, {
      schoolId: w.school.id,
      title: 'Trop tard',
      body: '',
      audience: { publics: ['guardians'] },
      publishAt: later,
      expiresOn: todayInParis(yesterday),
    });
    assert.equal(bad.statusCode, 400);
  });

  test('attachments: the type is checked against the bytes, names are cleaned, downloads are safe', async () => {
    const w = await world();
    const n = await strikeNotice(w);
    const fake = await upload(w.s.secretary, n.id, Buffer.from('MZ not a pdf'));
    assert.equal(fake.statusCode, 400);
    assert.equal(fake.json().details.fields[0].code, 'mismatch');
    assert.equal((await upload(w.s.secretary, n.id, Buffer.from('x'), 'application/x-msdownload')).statusCode, 415);
    const ok = await upload(w.s.secretary, n.id, PDF, 'application/pdf', 'grève\u202Efdp.exe');
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().fileName, 'grèvefdp.exe');
    const file = await get(w.s.g6, `/api/news/${n.id}/attachments/${ok.json().id}`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    assert.match(String(file.headers['content-disposition']), /^attachment; /);
    assert.ok(!String(file.headers['content-disposition']).includes('\u202E'));
    assert.deepEqual(file.rawPayload, PDF);
    assert.equal((await get(w.s.g6, `/api/news/${n.id}`)).json().attachments.length, 1);
    assert.equal((await get(w.s.g4, `/api/news/${n.id}/attachments/${ok.json().id}`)).statusCode, 404);
  });

  test('every route refuses anonymous callers, another school, another family and the wrong profile', async () => {
    const w = await world();
    const n = await strikeNotice(w);
    const att = (await upload(w.s.secretary, n.id, PDF)).json() as { id: string };
    const newsCount = async () => (await t.db.selectFrom('news').select('id').execute()).length;
    const before = await newsCount();

    // Lists: anonymous refused; others see nothing of it.
    for (const url of ['/api/news', '/api/news/unread-count']) {
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401);
    }
    for (const s of [w.s.otherSecretary, w.s.g4, w.s.teacher])
      assert.ok(!(await titles(s)).includes('Grève du jeudi 10'));
    assert.equal((await get(w.s.g4, '/api/news/unread-count')).json().count, 0);

    await assertRefusals(
      t.app,
      {
        method: 'POST',
        url: '/api/news',
        payload: { schoolId: w.school.id, title: 'x', body: 'x', audience: { publics: ['guardians'] } },
      },
      { otherSchool: w.s.otherSecretary, otherFamily: w.s.g6, wrongProfile: w.s.teacher },
      async () => assert.equal(await newsCount(), before),
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/news/audience-options?schoolId=${w.school.id}` },
      { otherSchool: w.s.otherSecretary, otherFamily: w.s.g6, wrongProfile: w.s.teacher },
    );
    for (const url of [`/api/news/${n.id}`, `/api/news/${n.id}/attachments/${att.id}`]) {
      await assertRefusals(
        t.app,
        { method: 'GET', url },
        { otherSchool: w.s.otherSecretary, otherFamily: w.s.g4, wrongProfile: w.s.teacher },
      );
    }
    for (const url of [`/api/news/${n.id}/read`, `/api/news/${n.id}/confirm`]) {
      await assertRefusals(
        t.app,
        { method: 'POST', url },
        { otherSchool: w.s.otherSecretary, otherFamily: w.s.g4, wrongProfile: w.s.restricted },
        async () => {
          const reads = await t.db.selectFrom('news_reads').select('person_id').where('news_id', '=', n.id).execute();
          assert.equal(reads.length, 0);
        },
      );
    }
    // Staff who publish but did not write it, and are not the direction, may only read it.
    assert.equal((await post(w.s.cpe, `/api/news/${n.id}/read`)).statusCode, 403);
    for (const url of [`/api/news/${n.id}/receipts`, `/api/news/${n.id}/unreached.csv`]) {
      await assertRefusals(
        t.app,
        { method: 'GET', url },
        { otherSchool: w.s.otherSecretary, otherFamily: w.s.g6, wrongProfile: w.s.cpe },
      );
    }
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `/api/news/${n.id}/attachments/${att.id}` },
      { otherSchool: w.s.otherSecretary, otherFamily: w.s.g6, wrongProfile: w.s.cpe },
      async () => assert.equal((await get(w.s.g6, `/api/news/${n.id}`)).json().attachments.length, 1),
    );
    const uploads: Array<[Session | null, number[]]> = [
      [null, [401]],
      [w.s.otherSecretary, [404]],
      [w.s.g6, [403]],
      [w.s.cpe, [403]],
    ];
    for (const [s, codes] of uploads) {
      const res = await upload(s, n.id, PDF);
      assert.ok(codes.includes(res.statusCode), `upload: ${res.statusCode} ${res.body}`);
    }
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `/api/news/${n.id}` },
      { otherSchool: w.s.otherSecretary, otherFamily: w.s.g6, wrongProfile: w.s.cpe },
      async () => assert.equal(await newsCount(), before),
    );
    // The author and the direction may withdraw it.
    assert.equal(
      (await t.app.inject({ method: 'DELETE', url: `/api/news/${n.id}`, headers: w.s.principal.headers })).statusCode,
      200,
    );
    assert.equal(await newsCount(), before - 1);
  });

  test('an audience with unknown classes or a filter for staff only is refused', async () => {
    const w = await world();
    const other = await makeClass(t.db, await makeSchool(t.db), { code: '6Z' });
    const res = await publish(w.s.secretary, {
      schoolId: w.school.id,
      title: 'x',
      body: '',
      audience: { publics: ['guardians'], classIds: [other.id] },
    });
    assert.equal(res.statusCode, 400);
    const staffFilter = await publish(w.s.secretary, {
      schoolId: w.school.id,
      title: 'x',
      body: '',
      audience: { publics: ['staff'], levels: ['6e'] },
    });
    assert.equal(staffFilter.statusCode, 400);
  });

  const put = (s: Session, url: string, payload: object) =>
    t.app.inject({ method: 'PUT', url, headers: s.headers, payload });
  const notificationsOf = (id: string) =>
    t.db
      .selectFrom('notifications')
      .select(['person_id', 'message_key'])
      .where('link', '=', `/actualites/${id}`)
      .execute();

  test('editing: a published news keeps its date; a wider audience is notified, the others only when asked', async () => {
    const w = await world();
    const n = await strikeNotice(w);
    // g6 confirms before the change: the confirmation is kept.
    assert.equal((await post(w.s.g6, `/api/news/${n.id}/confirm`)).statusCode, 200);
    const edit = {
      title: 'Grève du jeudi 10 (mise à jour)',
      body: '<p>Cantine fermée.</p><img src=x onerror=alert(1)>',
      audience: { publics: ['guardians'], levels: ['6e', '4e'] },
      ackRequired: true,
    };
    const res = await put(w.s.secretary, `/api/news/${n.id}`, edit);
    assert.equal(res.statusCode, 200, res.body);
    const after = res.json();
    assert.equal(after.title, 'Grève du jeudi 10 (mise à jour)');
    assert.ok(!after.bodyHtml.includes('onerror'), 'sanitised again');
    assert.ok(after.editedAt, 'marked as changed');
    assert.equal(after.publishAt, (await get(w.s.secretary, `/api/news/${n.id}`)).json().publishAt);
    assert.deepEqual(await titles(w.s.g4), ['Grève du jeudi 10 (mise à jour)']);
    assert.ok((await get(w.s.g6, `/api/news/${n.id}`)).json().confirmedAt, 'the confirmation stays');
    // Only the 4e family (new to the audience) got a notification from the edit.
    let rows = await notificationsOf(n.id);
    assert.deepEqual(
      rows.filter((r) => r.person_id === w.g4.id).map((r) => r.message_key),
      ['news.ackRequested'],
    );
    assert.equal(rows.filter((r) => r.person_id === w.g6.id).length, 1);
    // Asked to: the others are told it changed, never the court-restricted guardian.
    const again = await put(w.s.secretary, `/api/news/${n.id}`, { ...edit, notifyReaders: true });
    assert.equal(again.statusCode, 200, again.body);
    rows = await notificationsOf(n.id);
    const updated = rows.filter((r) => r.message_key === 'news.updated').map((r) => r.person_id);
    assert.deepEqual(updated.sort(), [w.g6.id, w.g6b.id, w.g4.id].sort());
    assert.ok(!rows.some((r) => r.person_id === w.restricted.id));
    // The publication date of a published news does not move.
    const moved = await put(w.s.secretary, `/api/news/${n.id}`, {
      ...edit,
      publishAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    assert.equal(moved.statusCode, 400);
    const audit = await t.db.selectFrom('audit_events').select('action').where('action', '=', 'news.edit').execute();
    assert.ok(audit.length >= 2);
  });

  test('editing a planned news: everything may change; brought forward to now, it is published and notified', async () => {
    const w = await world();
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const n = await strikeNotice(w, { publishAt: later });
    assert.equal(n.status, 'scheduled');
    assert.equal((await notificationsOf(n.id)).length, 0);
    const res = await put(w.s.secretary, `/api/news/${n.id}`, {
      title: 'Sortie au musée',
      body: 'Autorisation',
      audience: { publics: ['guardians'], classIds: [w.c4.id] },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'published');
    assert.equal(res.json().editedAt, null, 'not published before: not « modifiée »');
    assert.deepEqual(
      (await notificationsOf(n.id)).map((r) => r.person_id),
      [w.g4.id],
    );
    assert.deepEqual(await titles(w.s.g6), []);
  });

  test('editing is refused to anonymous callers, another school, another family and the wrong profile', async () => {
    const w = await world();
    const n = await strikeNotice(w);
    const payload = { title: 'Piraté', body: 'x', audience: { publics: ['guardians'] } };
    await assertRefusals(
      t.app,
      { method: 'PUT', url: `/api/news/${n.id}`, payload },
      { otherSchool: w.s.otherSecretary, otherFamily: w.s.g6, wrongProfile: w.s.cpe },
      async () => {
        const row = await t.db.selectFrom('news').select('title').where('id', '=', n.id).executeTakeFirstOrThrow();
        assert.equal(row.title, 'Grève du jeudi 10');
      },
    );
    assert.equal((await put(w.s.teacher, `/api/news/${n.id}`, payload)).statusCode, 404);
    // The direction may change it; bad input leaves it as it was.
    const bad = await put(w.s.principal, `/api/news/${n.id}`, { ...payload, audience: { publics: [] } });
    assert.equal(bad.statusCode, 400);
    assert.equal((await put(w.s.principal, `/api/news/${n.id}`, payload)).statusCode, 200);
  });

  test('« Relancer »: families with no confirmation are reminded, once a day; refusals', async () => {
    const w = await world();
    const n = await strikeNotice(w);
    // A second guardian for Léa's family: one confirmation is enough for the family.
    const g6second = await makeGuardian(t.db, {
      children: [{ id: w.pupil6.id, schoolId: w.school.id }],
      responsibility: 'legal2',
    });
    assert.equal((await post(w.s.g6, `/api/news/${n.id}/confirm`)).statusCode, 200);
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/news/${n.id}/remind` },
      { otherSchool: w.s.otherSecretary, otherFamily: w.s.g6, wrongProfile: w.s.cpe },
      async () => {
        const row = await t.db
          .selectFrom('news')
          .select('reminded_at')
          .where('id', '=', n.id)
          .executeTakeFirstOrThrow();
        assert.equal(row.reminded_at, null);
      },
    );
    const res = await post(w.s.secretary, `/api/news/${n.id}/remind`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().reminded, 1);
    const reminded = (await notificationsOf(n.id)).filter((r) => r.message_key === 'news.reminderAck');
    assert.deepEqual(
      reminded.map((r) => r.person_id),
      [w.g6b.id],
      'not the family that confirmed (either guardian), not the court-restricted guardian',
    );
    assert.ok(!reminded.some((r) => r.person_id === g6second.id));
    const twice = await post(w.s.principal, `/api/news/${n.id}/remind`);
    assert.equal(twice.statusCode, 429);
    assert.equal(twice.json().error, 'REMINDER_TOO_SOON');
    const receipts = (await get(w.s.secretary, `/api/news/${n.id}/receipts`)).json();
    assert.ok(receipts.news.remindedAt);
    assert.ok(receipts.news.nextReminderAt > receipts.news.remindedAt);
    // A day later it may be sent again.
    await t.db
      .updateTable('news')
      .set({ reminded_at: new Date(Date.now() - 25 * 3600 * 1000).toISOString() })
      .where('id', '=', n.id)
      .execute();
    assert.equal((await post(w.s.secretary, `/api/news/${n.id}/remind`)).statusCode, 200);
  });
});
