import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { newId, nowIso } from '../../lib/ids.ts';

describe('messaging routes', () => {
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
    const pupil = await makePupil(t.db, school, { classId: classA.id, firstName: 'Léa' });
    const pupil2 = await makePupil(t.db, school, { classId: classA.id });
    const g1 = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const g2 = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      responsibility: 'legal2',
    });
    const h = await makeGuardian(t.db, { children: [{ id: pupil2.id, schoolId: school.id }] });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const teacher = await makeTeacher(t.db, school, { classIds: [classA.id] });
    const principal = await makeStaff(t.db, school, ['principal']);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const secretary = await makeStaff(t.db, school, ['secretariat']);
    const otherTeacher = await makeTeacher(t.db, other);
    const otherPrincipal = await makeStaff(t.db, other, ['principal']);
    const otherCpe = await makeStaff(t.db, other, ['cpe']);
    const s = {
      pupil: await signIn(t.app, pupil),
      pupil2: await signIn(t.app, pupil2),
      g1: await signIn(t.app, g1),
      g2: await signIn(t.app, g2),
      h: await signIn(t.app, h),
      restricted: await signIn(t.app, restricted),
      teacher: await signIn(t.app, teacher),
      principal: await signIn(t.app, principal),
      cpe: await signIn(t.app, cpe),
      secretary: await signIn(t.app, secretary),
      otherTeacher: await signIn(t.app, otherTeacher),
      otherPrincipal: await signIn(t.app, otherPrincipal),
      otherCpe: await signIn(t.app, otherCpe),
    };
    return { school, classA, pupil, pupil2, g1, g2, h, restricted, teacher, principal, cpe, secretary, s };
  }

  const send = (s: Session, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/messages', headers: s.headers, payload });
  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const post = (s: Session, url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, ...(payload ? { payload } : {}) });
  const inbox = async (s: Session, query = '') =>
    (await get(s, `/api/messages${query}`)).json().items as Array<{ id: string; subject: string; read: boolean }>;
  const countMessages = async () =>
    Number(
      (
        await t.db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test("a teacher writes to the guardians of a class: one copy each, never another family's", async () => {
    const w = await world();
    const res = await send(w.s.teacher, {
      subject: 'Sortie au musée',
      body: '<p>Bonjour, la sortie a lieu <b>jeudi</b>.</p><img src=x onerror=alert(1)>',
      recipients: [{ type: 'group', key: `class-guardians:${w.classA.id}` }],
    });
    assert.equal(res.statusCode, 201, res.body);
    const sent = res.json();
    assert.equal(sent.recipientCount, 3, 'g1, g2 and h; not the court-restricted guardian');
    assert.equal(sent.bodyHtml, '<p>Bonjour, la sortie a lieu <strong>jeudi</strong>.</p>');
    assert.deepEqual(sent.audience, [{ type: 'group', kind: 'class-guardians', name: '4A', count: 3 }]);
    const copies = await t.db
      .selectFrom('message_copies')
      .select('person_id')
      .where('message_id', '=', sent.id)
      .execute();
    assert.deepEqual(copies.map((c) => c.person_id).sort(), [w.g1.id, w.g2.id, w.h.id].sort());
    assert.equal((await inbox(w.s.restricted)).length, 0);

    for (const s of [w.s.g1, w.s.g2, w.s.h]) {
      assert.deepEqual((await get(s, '/api/messages/unread-count')).json(), { count: 1 });
    }
    // g1 and h answer; each sees their own answer only.
    const open = await get(w.s.g1, `/api/messages/${sent.id}`);
    assert.equal(open.statusCode, 200);
    assert.equal(open.json().messages[0].abilities.reply, true);
    assert.equal((await post(w.s.g1, `/api/messages/${sent.id}/read`)).statusCode, 200);
    assert.deepEqual((await get(w.s.g1, '/api/messages/unread-count')).json(), { count: 0 });
    const r1 = await send(w.s.g1, {
      subject: 'Re: Sortie au musée',
      body: 'Merci, Léa sera là.',
      recipients: [{ type: 'person', id: w.teacher.id }],
      replyToId: sent.id,
    });
    assert.equal(r1.statusCode, 201, r1.body);
    const r2 = await send(w.s.h, {
      subject: 'Re: Sortie au musée',
      body: 'Mon fils est malade.',
      recipients: [{ type: 'person', id: w.teacher.id }],
      replyToId: sent.id,
    });
    assert.equal(r2.statusCode, 201, r2.body);
    const g1Thread = (await get(w.s.g1, `/api/messages/${sent.id}`)).json().messages.map((m: { id: string }) => m.id);
    assert.deepEqual(g1Thread, [sent.id, r1.json().id]);
    assert.equal((await get(w.s.g1, `/api/messages/${r2.json().id}`)).statusCode, 404);
    assert.equal((await get(w.s.g2, `/api/messages/${r1.json().id}`)).statusCode, 404, 'not even the co-guardian');
    const teacherThread = (await get(w.s.teacher, `/api/messages/${sent.id}`)).json().messages;
    assert.equal(teacherThread.length, 3);

    // The sender sees who has read it.
    const status = (await get(w.s.teacher, `/api/messages/${sent.id}/read-status`)).json();
    assert.equal(status.total, 3);
    assert.equal(status.readCount, 1);
    assert.ok(status.recipients.find((r: { id: string }) => r.id === w.g1.id).readAt);
    assert.equal((await get(w.s.g1, `/api/messages/${sent.id}/read-status`)).statusCode, 404);

    // Folders, search.
    assert.deepEqual((await inbox(w.s.teacher)).map((m) => m.subject).sort(), [
      'Re: Sortie au musée',
      'Re: Sortie au musée',
    ]);
    assert.equal((await inbox(w.s.teacher, '?folder=sent')).length, 1);
    assert.equal((await inbox(w.s.teacher, '?q=malade')).length, 1);
    assert.equal((await inbox(w.s.teacher, '?q=inconnu')).length, 0);
  });

  test('replying is allowed where writing first is not; refused pairs write nothing', async () => {
    const w = await world();
    const before = await countMessages();
    const first = await send(w.s.pupil, {
      subject: 'Bonjour',
      body: 'x',
      recipients: [{ type: 'person', id: w.principal.id }],
    });
    assert.equal(first.statusCode, 403);
    const toGuardian = await send(w.s.pupil, {
      subject: 'x',
      body: 'x',
      recipients: [{ type: 'person', id: w.g1.id }],
    });
    assert.equal(toGuardian.statusCode, 403);
    const family = await send(w.s.g1, { subject: 'x', body: 'x', recipients: [{ type: 'person', id: w.h.id }] });
    assert.equal(family.statusCode, 403);
    assert.equal(await countMessages(), before);

    const m = await send(w.s.principal, {
      subject: 'Convocation',
      body: 'Passe me voir.',
      recipients: [{ type: 'person', id: w.pupil.id }],
    });
    assert.equal(m.statusCode, 201);
    const reply = await send(w.s.pupil, {
      subject: 'Re: Convocation',
      body: 'Oui madame.',
      recipients: [{ type: 'person', id: w.principal.id }],
      replyToId: m.json().id,
    });
    assert.equal(reply.statusCode, 201, reply.body);
    // The reply does not open the door to anyone else.
    const sneaky = await send(w.s.pupil, {
      subject: 'Re',
      body: 'x',
      recipients: [
        { type: 'person', id: w.principal.id },
        { type: 'person', id: w.g1.id },
      ],
      replyToId: m.json().id,
    });
    assert.equal(sneaky.statusCode, 403);
    // Families address people, not groups.
    const group = await send(w.s.g1, { subject: 'x', body: 'x', recipients: [{ type: 'group', key: 'school-staff' }] });
    assert.equal(group.statusCode, 403);
  });

  test('recipient search offers only whom one may write to', async () => {
    const w = await world();
    const g = (await get(w.s.g1, '/api/messaging/recipients?q=')).json();
    const ids = g.people.map((p: { id: string }) => p.id);
    assert.ok(!ids.includes(w.h.id) && !ids.includes(w.pupil2.id) && !ids.includes(w.g2.id));
    assert.deepEqual(g.groups, []);
    const pupilIds = (await get(w.s.pupil, '/api/messaging/recipients?q='))
      .json()
      .people.map((p: { id: string }) => p.id);
    assert.ok(pupilIds.includes(w.teacher.id) && pupilIds.includes(w.cpe.id));
    assert.ok(!pupilIds.includes(w.principal.id) && !pupilIds.includes(w.pupil2.id));
    const teacher = (await get(w.s.teacher, '/api/messaging/recipients?q=4A')).json();
    assert.deepEqual(
      teacher.groups.map((x: { kind: string }) => x.kind).sort(),
      ['class-guardians', 'class-pupils'],
      'class-teachers of 4A is the teacher alone: not offered to them',
    );
    const guardianHit = (await get(w.s.teacher, `/api/messaging/recipients?q=${encodeURIComponent('Nom')}`)).json();
    const g1Row = guardianHit.people.find((p: { id: string }) => p.id === w.g1.id);
    assert.deepEqual(g1Row?.children?.[0]?.className, '4A');
    const outsider = (await get(w.s.otherTeacher, '/api/messaging/recipients?q=')).json();
    assert.ok(!outsider.people.some((p: { id: string }) => p.id === w.teacher.id), 'another school sees no one here');
  });

  test('vie scolaire blocks a pupil; the rate limit stops a flood', async () => {
    const w = await world();
    const blocked = await post(w.s.cpe, '/api/messaging/blocks', {
      personId: w.pupil.id,
      reason: 'Messages insultants',
    });
    assert.equal(blocked.statusCode, 201, blocked.body);
    const tryIt = await send(w.s.pupil, {
      subject: 'x',
      body: 'x',
      recipients: [{ type: 'person', id: w.teacher.id }],
    });
    assert.equal(tryIt.statusCode, 403);
    assert.equal(tryIt.json().error, 'MESSAGING_BLOCKED');
    assert.equal((await get(w.s.cpe, '/api/messaging/blocks')).json().items[0].personId, w.pupil.id);
    const un = await t.app.inject({
      method: 'DELETE',
      url: `/api/messaging/blocks/${w.pupil.id}`,
      headers: w.s.cpe.headers,
    });
    assert.equal(un.statusCode, 200);
    const ok = await send(w.s.pupil, {
      subject: 'Devoir',
      body: 'Question',
      recipients: [{ type: 'person', id: w.teacher.id }],
    });
    assert.equal(ok.statusCode, 201, ok.body);

    // 19 more recipients this hour are fine for a pupil (limit 20), the 21st is not.
    const now = nowIso();
    await t.db
      .insertInto('messages')
      .values({
        id: newId(),
        school_id: w.school.id,
        sender_id: w.pupil.id,
        sender_role: 'pupil',
        thread_id: 'x',
        parent_id: null,
        forward_of_id: null,
        subject: 's',
        body_html: 'b',
        body_text: 'b',
        audience: '[]',
        draft_recipients: '[]',
        recipient_count: 19,
        created_at: now,
        updated_at: now,
        sent_at: now,
        sender_trashed_at: null,
        sender_purged_at: null,
      })
      .execute();
    const flood = await send(w.s.pupil, { subject: 'x', body: 'x', recipients: [{ type: 'person', id: w.cpe.id }] });
    assert.equal(flood.statusCode, 429);
    assert.equal(flood.json().error, 'RATE_LIMITED');
    const audit = await t.db
      .selectFrom('messaging_audit')
      .select('action')
      .where('school_id', '=', w.school.id)
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['message.sent', 'pupil.blocked', 'pupil.unblocked']);
  });

  test('a pupil reports a message: the principal is notified and reads it', async () => {
    const w = await world();
    const m = (
      await send(w.s.teacher, {
        subject: 'Hors sujet',
        body: 'Texte',
        recipients: [{ type: 'person', id: w.pupil.id }],
      })
    ).json();
    const r = await post(w.s.pupil, `/api/messages/${m.id}/report`, { reason: "Ce message me met mal à l'aise" });
    assert.equal(r.statusCode, 201, r.body);
    const again = await post(w.s.pupil, `/api/messages/${m.id}/report`, { reason: '' });
    assert.equal(again.json().id, r.json().id, 'reporting twice is one report');
    const notes = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'kind', 'link'])
      .where('kind', '=', 'message.reported')
      .execute();
    assert.deepEqual(notes, [
      { person_id: w.principal.id, kind: 'message.reported', link: '/messagerie/signalements' },
    ]);
    const list = (await get(w.s.principal, '/api/messaging/reports')).json();
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].message.subject, 'Hors sujet');
    assert.equal(list.items[0].canBlockSender, false, 'the sender is a teacher');
    assert.equal((await post(w.s.principal, `/api/messaging/reports/${r.json().id}/close`)).statusCode, 200);
    assert.ok((await get(w.s.principal, '/api/messaging/reports')).json().items[0].closedAt);
    assert.equal((await get(w.s.otherPrincipal, '/api/messaging/reports')).json().items.length, 0);
    assert.equal(
      (await post(w.s.teacher, `/api/messages/${m.id}/report`, {})).statusCode,
      403,
      "not one's own message",
    );
  });

  test('drafts, trash, restore and delete for good', async () => {
    const w = await world();
    const d = await post(w.s.teacher, '/api/messages/drafts', {
      subject: 'Brouillon',
      body: '<p>à finir</p>',
      recipients: [{ type: 'person', id: w.g1.id }],
    });
    assert.equal(d.statusCode, 201, d.body);
    const id = d.json().id;
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/messages/drafts/${id}`,
      headers: w.s.teacher.headers,
      payload: { subject: 'Brouillon fini', body: '<p>fini</p>', recipients: [{ type: 'person', id: w.g1.id }] },
    });
    assert.equal(put.json().subject, 'Brouillon fini');
    assert.deepEqual(
      (await inbox(w.s.teacher, '?folder=drafts')).map((m) => m.id),
      [id],
    );
    const sent = await send(w.s.teacher, {
      subject: 'Brouillon fini',
      body: '<p>fini</p>',
      recipients: [{ type: 'person', id: w.g1.id }],
      draftId: id,
    });
    assert.equal(sent.statusCode, 201, sent.body);
    assert.equal(sent.json().id, id);
    assert.equal((await inbox(w.s.teacher, '?folder=drafts')).length, 0);
    assert.equal((await post(w.s.g1, `/api/messages/${id}/trash`)).statusCode, 200);
    assert.equal((await inbox(w.s.g1)).length, 0);
    assert.equal((await inbox(w.s.g1, '?folder=trash')).length, 1);
    assert.equal((await inbox(w.s.teacher, '?folder=sent')).length, 1, "the sender's copy is untouched");
    assert.equal((await post(w.s.g1, `/api/messages/${id}/restore`)).statusCode, 200);
    const early = await t.app.inject({ method: 'DELETE', url: `/api/messages/${id}`, headers: w.s.g1.headers });
    assert.equal(early.statusCode, 409, 'only from the trash');
    await post(w.s.g1, `/api/messages/${id}/trash`);
    assert.equal(
      (await t.app.inject({ method: 'DELETE', url: `/api/messages/${id}`, headers: w.s.g1.headers })).statusCode,
      200,
    );
    assert.equal((await get(w.s.g1, `/api/messages/${id}`)).statusCode, 404);
    assert.equal((await get(w.s.teacher, `/api/messages/${id}`)).statusCode, 200);
  });

  test('a message to two families does not tell one family who the other is', async () => {
    const w = await world();
    const m = await send(w.s.teacher, {
      subject: 'Exposé en binôme',
      body: 'Vos enfants travailleront ensemble.',
      recipients: [
        { type: 'person', id: w.g1.id },
        { type: 'person', id: w.h.id },
        { type: 'person', id: w.cpe.id },
      ],
    });
    assert.equal(m.statusCode, 201, m.body);
    const id = m.json().id;
    assert.equal(m.json().audience.length, 3, 'the sender sees everyone');
    const seenByG1 = (await get(w.s.g1, `/api/messages/${id}`)).json().messages[0];
    assert.deepEqual(
      seenByG1.audience.map((a: { type: string; id?: string; kind?: string; count?: number }) =>
        a.type === 'person' ? a.id : `${a.kind}:${a.count}`,
      ),
      [w.g1.id, w.cpe.id, 'others:1'],
    );
    assert.deepEqual(seenByG1.replyAllIds, [w.cpe.id], 'reply-all: the staff named, never the other family');
    assert.ok(!JSON.stringify((await get(w.s.g1, '/api/messages')).json()).includes(w.h.id));
  });

  test('the direction changes the rules: pupils of a class, read receipts off', async () => {
    const w = await world();
    const before = (await get(w.s.principal, '/api/messaging/rules')).json();
    assert.equal(before.effective.pupil.pupil, 'none');
    assert.equal(before.canEdit, true);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/messaging/rules',
      headers: w.s.principal.headers,
      payload: { overrides: { pupil: { pupil: 'related' } }, readReceipts: false },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().effective.pupil.pupil, 'related');
    assert.equal(put.json().defaults.pupil.pupil, 'none');
    const m = await send(w.s.pupil, {
      subject: 'Exposé',
      body: 'On se voit ?',
      recipients: [{ type: 'person', id: w.pupil2.id }],
    });
    assert.equal(m.statusCode, 201, m.body);
    const status = (await get(w.s.pupil, `/api/messages/${m.json().id}/read-status`)).json();
    assert.equal(status.readReceipts, false);
    assert.equal(status.readCount, null);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/messaging/rules',
      headers: w.s.principal.headers,
      payload: { overrides: { pupil: { pupil: 'everyone' } }, readReceipts: true },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal((await get(w.s.principal, '/api/messaging/rules')).json().effective.pupil.pupil, 'related');
    const cpeView = await get(w.s.cpe, '/api/messaging/rules');
    assert.equal(cpeView.statusCode, 403);
  });

  test('the four refusals on every route', async () => {
    const w = await world();
    const m = (
      await send(w.s.teacher, { subject: 'Privé', body: 'Pour g1', recipients: [{ type: 'person', id: w.g1.id }] })
    ).json();
    const draft = (await post(w.s.teacher, '/api/messages/drafts', { subject: 'b', body: 'b', recipients: [] })).json();
    const rep = (await post(w.s.g1, `/api/messages/${m.id}/report`, { reason: 'x' })).json();
    const onMessage = { otherSchool: w.s.otherTeacher, otherFamily: w.s.h, wrongProfile: w.s.secretary };
    const unchanged =
      (table: 'messages' | 'message_copies' | 'message_reports' | 'messaging_blocks', n: number) => async () => {
        const row = await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(row.n), n, `${table} unchanged`);
      };
    const messagesNow = await countMessages();
    const routes: Array<
      [Parameters<typeof assertRefusals>[1], Parameters<typeof assertRefusals>[2], (() => Promise<void>)?]
    > = [
      [{ method: 'GET', url: `/api/messages/${m.id}` }, onMessage],
      [
        { method: 'GET', url: `/api/messages/${m.id}/read-status` },
        { ...onMessage, wrongProfile: w.s.g1 },
      ],
      [{ method: 'POST', url: `/api/messages/${m.id}/read` }, onMessage],
      [{ method: 'POST', url: `/api/messages/${m.id}/unread` }, onMessage],
      [{ method: 'POST', url: `/api/messages/${m.id}/trash` }, onMessage],
      [{ method: 'POST', url: `/api/messages/${m.id}/restore` }, onMessage],
      [{ method: 'DELETE', url: `/api/messages/${m.id}` }, onMessage],
      [{ method: 'POST', url: `/api/messages/${m.id}/report`, payload: { reason: 'x' } }, onMessage],
      [
        {
          method: 'POST',
          url: '/api/messages',
          payload: { subject: 's', body: 'b', recipients: [{ type: 'person', id: w.g1.id }] },
        },
        { otherSchool: w.s.otherTeacher, otherFamily: w.s.h, wrongProfile: w.s.pupil2 },
        unchanged('messages', messagesNow),
      ],
      [
        {
          method: 'POST',
          url: '/api/messages',
          payload: { subject: 's', body: 'b', recipients: [{ type: 'person', id: w.teacher.id }], replyToId: m.id },
        },
        onMessage,
      ],
      [
        {
          method: 'POST',
          url: '/api/messages/drafts',
          payload: { subject: 's', body: 'b', recipients: [], replyToId: m.id },
        },
        onMessage,
      ],
      [{ method: 'GET', url: `/api/messages/drafts/${draft.id}` }, onMessage],
      [
        {
          method: 'PUT',
          url: `/api/messages/drafts/${draft.id}`,
          payload: { subject: 'x', body: 'x', recipients: [] },
        },
        onMessage,
      ],
      [{ method: 'DELETE', url: `/api/messages/drafts/${draft.id}` }, onMessage],
      [
        { method: 'GET', url: '/api/messaging/reports' },
        { otherSchool: w.s.otherTeacher, otherFamily: w.s.g1, wrongProfile: w.s.teacher },
      ],
      [
        { method: 'POST', url: `/api/messaging/reports/${rep.id}/close` },
        { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g1, wrongProfile: w.s.teacher },
      ],
      [
        { method: 'GET', url: '/api/messaging/blocks' },
        { otherSchool: w.s.otherTeacher, otherFamily: w.s.g1, wrongProfile: w.s.teacher },
      ],
      [
        { method: 'POST', url: '/api/messaging/blocks', payload: { personId: w.pupil.id, reason: '' } },
        { otherSchool: w.s.otherCpe, otherFamily: w.s.g1, wrongProfile: w.s.teacher },
        unchanged('messaging_blocks', 0),
      ],
      [
        { method: 'DELETE', url: `/api/messaging/blocks/${w.pupil.id}` },
        { otherSchool: w.s.otherCpe, otherFamily: w.s.g1, wrongProfile: w.s.teacher },
      ],
      [
        { method: 'GET', url: '/api/messaging/rules' },
        { otherSchool: w.s.otherTeacher, otherFamily: w.s.g1, wrongProfile: w.s.teacher },
      ],
      [
        {
          method: 'PUT',
          url: '/api/messaging/rules',
          payload: { overrides: { pupil: { pupil: 'school' } }, readReceipts: true },
        },
        { otherSchool: w.s.otherTeacher, otherFamily: w.s.g1, wrongProfile: w.s.cpe },
      ],
    ];
    for (const [req, who, check] of routes) await assertRefusals(t.app, req, who, check);

    // Own-mailbox lists: anonymous is refused; anyone else simply sees their own (empty) mailbox.
    for (const url of ['/api/messages', '/api/messages/unread-count', '/api/messaging/recipients']) {
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401, url);
    }
    for (const s of [w.s.otherTeacher, w.s.h, w.s.secretary]) {
      assert.equal((await inbox(s)).length, 0);
      assert.deepEqual((await get(s, '/api/messages/unread-count')).json(), { count: 0 });
    }
    // And the message is as it was for g1.
    assert.equal((await inbox(w.s.g1))[0]?.read, false);
  });
});
