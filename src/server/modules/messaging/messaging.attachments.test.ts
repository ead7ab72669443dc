import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import { makeClass, makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { sniffFileType } from '../../lib/file-types.ts';
import { newId } from '../../lib/ids.ts';
import { clamdScanner } from '../../lib/virus-scan.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0x90)]);
const HTML = Buffer.from('<!doctype html><script>alert(1)</script>');
const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');

/** A stand-in clamd on a Unix socket: reads an INSTREAM and answers FOUND when the stream contains "EICAR". */
function fakeClamd(path: string): Promise<Server> {
  const server = createServer((socket) => {
    let got = Buffer.alloc(0);
    socket.on('data', (b: Buffer) => {
      got = Buffer.concat([got, b]);
      // The stream ends with a zero-length chunk.
      if (got.length >= 14 && got.subarray(-4).readUInt32BE(0) === 0) {
        socket.end(got.includes('EICAR') ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
      }
    });
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}

describe('messaging: sniffing and the clamd scanner', () => {
  test('the type comes from the bytes, never from the name', () => {
    const cases: Array<[Buffer, string | null]> = [
      [PDF, 'application/pdf'],
      [PNG, 'image/png'],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'image/jpeg'],
      [Buffer.from('Bonjour, voici la liste.\n'), 'text/plain'],
      [EXE, null],
      [HTML, null],
      [Buffer.from('<svg onload=alert(1)>'), null],
      [Buffer.from([0x00, 0x01, 0x02]), null],
      [Buffer.alloc(0), null],
    ];
    for (const [bytes, expected] of cases) assert.equal(sniffFileType(bytes), expected, bytes.toString('latin1'));
  });

  test('clamd INSTREAM: clean, infected, and unavailable (fails closed)', async () => {
    const path = join(tmpdir(), `clamd-${newId()}.sock`);
    const server = await fakeClamd(path);
    try {
      assert.deepEqual(await clamdScanner(path).scan(PDF), { status: 'clean' });
      assert.deepEqual(await clamdScanner(path).scan(EICAR), {
        status: 'infected',
        signature: 'Eicar-Test-Signature',
      });
    } finally {
      server.close();
    }
    await assert.rejects(clamdScanner(join(tmpdir(), 'no-such-clamd.sock')).scan(PDF));
  });
});

describe('messaging attachments, freeze and recall (routes)', () => {
  let t: TestContext;
  let clamd: Server;
  before(async () => {
    const socket = join(tmpdir(), `clamd-${newId()}.sock`);
    clamd = await fakeClamd(socket);
    t = await createTestApp({ clamdSocket: socket });
  });
  after(async () => {
    await t.close();
    clamd.close();
  });

  async function world() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const classA = await makeClass(t.db, school, { code: '5A', level: '5e' });
    const pupil = await makePupil(t.db, school, { classId: classA.id });
    const pupil2 = await makePupil(t.db, school, { classId: classA.id });
    const g1 = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const g2 = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      responsibility: 'legal2',
    });
    const h = await makeGuardian(t.db, { children: [{ id: pupil2.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [classA.id] });
    const principal = await makeStaff(t.db, school, ['principal']);
    const admin = await makeStaff(t.db, school, ['school_admin']);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const secretary = await makeStaff(t.db, school, ['secretariat']);
    const otherTeacher = await makeTeacher(t.db, other);
    const otherPrincipal = await makeStaff(t.db, other, ['principal']);
    const s = {
      pupil: await signIn(t.app, pupil),
      g1: await signIn(t.app, g1),
      g2: await signIn(t.app, g2),
      h: await signIn(t.app, h),
      teacher: await signIn(t.app, teacher),
      principal: await signIn(t.app, principal),
      admin: await signIn(t.app, admin),
      cpe: await signIn(t.app, cpe),
      secretary: await signIn(t.app, secretary),
      otherTeacher: await signIn(t.app, otherTeacher),
      otherPrincipal: await signIn(t.app, otherPrincipal),
    };
    return { school, classA, pupil, g1, g2, h, teacher, principal, s };
  }

  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const post = (s: Session, url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, ...(payload ? { payload } : {}) });
  const upload = (s: Session | null, draftId: string, fileName: string, data: Buffer) =>
    t.app.inject({
      method: 'POST',
      url: `/api/messages/drafts/${draftId}/attachments?fileName=${encodeURIComponent(fileName)}`,
      headers: { ...(s?.headers ?? {}), 'content-type': 'application/octet-stream' },
      payload: data,
    });
  const draft = async (s: Session, recipients: object[]) =>
    (await post(s, '/api/messages/drafts', { subject: 'Sortie', body: 'Voir le document joint.', recipients })).json()
      .id as string;
  const inbox = async (s: Session) =>
    (await get(s, '/api/messages')).json().items as Array<{ id: string; subject: string }>;
  const unread = async (s: Session) => (await get(s, '/api/messages/unread-count')).json().count as number;

  test('an attachment is checked, sent with the draft, downloaded by the recipients only', async () => {
    const w = await world();
    const to = [{ type: 'person', id: w.g1.id }];
    const id = await draft(w.s.teacher, to);

    // The name is cleaned (bidi override, path); the type is read from the bytes, not from ".txt".
    const up = await upload(w.s.teacher, id, '../autorisation\u202egpj.pdf', PDF);
    assert.equal(up.statusCode, 201, up.body);
    const file = up.json();
    assert.equal(file.contentType, 'application/pdf');
    assert.equal(file.fileName, 'autorisationgpj.pdf');
    assert.equal(file.scanned, true);
    const disguised = await upload(w.s.teacher, id, 'photo.png', EXE);
    assert.equal(disguised.statusCode, 422);
    assert.equal(disguised.json().error, 'FILE_REJECTED');
    assert.equal(disguised.json().details.reason, 'type');
    assert.equal((await upload(w.s.teacher, id, 'page.txt', HTML)).json().details.reason, 'type');
    const virus = await upload(w.s.teacher, id, 'eicar.txt', EICAR);
    assert.equal(virus.json().details.reason, 'virus');
    const audit = await t.db
      .selectFrom('messaging_audit')
      .select('action')
      .where('message_id', '=', id)
      .where('action', '=', 'attachment.infected')
      .execute();
    assert.equal(audit.length, 1);

    // The school's size limit (1 MB here) is per file.
    await t.app.inject({
      method: 'PUT',
      url: '/api/messaging/rules',
      headers: w.s.principal.headers,
      payload: { overrides: {}, readReceipts: true, attachmentMaxMb: 1 },
    });
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 1, 0x20)]);
    const tooBig = await upload(w.s.teacher, id, 'gros.pdf', big);
    assert.equal(tooBig.json().details.reason, 'too_large');
    assert.equal((await get(w.s.principal, '/api/messaging/rules')).json().attachmentMaxMb, 1);

    // The draft shows its file; the sender may download it before sending.
    assert.equal((await get(w.s.teacher, `/api/messages/drafts/${id}`)).json().attachments.length, 1);
    const sent = await post(w.s.teacher, '/api/messages', {
      subject: 'Sortie',
      body: 'Voir le document joint.',
      recipients: to,
      draftId: id,
    });
    assert.equal(sent.statusCode, 201, sent.body);
    assert.equal(sent.json().attachments[0].id, file.id);

    const url = `/api/messages/${id}/attachments/${file.id}`;
    const dl = await get(w.s.g1, url);
    assert.equal(dl.statusCode, 200);
    assert.deepEqual(dl.rawPayload, PDF);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.match(String(dl.headers['content-disposition']), /^attachment;/);
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    assert.equal((await get(w.s.teacher, url)).statusCode, 200);
    // The other parent of the same child did not receive this copy; another family neither.
    await assertRefusals(
      t.app,
      { method: 'GET', url },
      {
        otherSchool: w.s.otherTeacher,
        otherFamily: w.s.h,
        wrongProfile: w.s.g2,
      },
    );
    // Nothing can be added or removed once sent.
    assert.equal((await upload(w.s.teacher, id, 'b.pdf', PDF)).statusCode, 404);

    // A forward carries the files: g1 forwards to the teacher's colleague... the principal here.
    const fwd = await post(w.s.g1, '/api/messages', {
      subject: 'Tr : Sortie',
      body: 'Pour information.',
      recipients: [{ type: 'person', id: w.principal.id }],
      forwardOfId: id,
    });
    assert.equal(fwd.statusCode, 201, fwd.body);
    const fwdFile = fwd.json().attachments[0];
    assert.equal(fwdFile.fileName, 'autorisationgpj.pdf');
    const fwdDl = await get(w.s.principal, `/api/messages/${fwd.json().id}/attachments/${fwdFile.id}`);
    assert.deepEqual(fwdDl.rawPayload, PDF);
    // The forward's recipient has no access to the original message's copy.
    assert.equal((await get(w.s.principal, url)).statusCode, 404);
  });

  test('a school admin freezes a taken-over account and recalls what it sent', async () => {
    const w = await world();
    const before = new Date(Date.now() - 1000).toISOString();
    const id = await draft(w.s.teacher, [{ type: 'group', key: `class-guardians:${w.classA.id}` }]);
    const file = (await upload(w.s.teacher, id, 'lien.pdf', PDF)).json();
    const first = await post(w.s.teacher, '/api/messages', {
      subject: 'Cliquez ici',
      body: 'Lien douteux',
      recipients: [{ type: 'group', key: `class-guardians:${w.classA.id}` }],
      draftId: id,
    });
    assert.equal(first.statusCode, 201, first.body);
    const second = await post(w.s.teacher, '/api/messages', {
      subject: 'Encore',
      body: 'Lien douteux',
      recipients: [{ type: 'person', id: w.g1.id }],
    });
    assert.equal(second.statusCode, 201);
    assert.equal(await unread(w.s.g1), 2);
    assert.equal(await unread(w.s.h), 1);

    // Freeze: the account cannot send any more, but still reads its mailbox.
    assert.equal(
      (await post(w.s.admin, '/api/messaging/freezes', { personId: w.teacher.id, reason: 'Piraté' })).statusCode,
      201,
    );
    const refused = await post(w.s.teacher, '/api/messages', {
      subject: 'x',
      body: 'x',
      recipients: [{ type: 'person', id: w.g1.id }],
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error, 'MESSAGING_FROZEN');
    assert.equal((await get(w.s.teacher, '/api/messages?folder=sent')).statusCode, 200);
    const frozenList = (await get(w.s.principal, '/api/messaging/freezes')).json().items;
    assert.deepEqual(
      frozenList.map((f: { personId: string }) => f.personId),
      [w.teacher.id],
    );

    // What it sent in the window, then the recall.
    const window = { from: before, to: new Date(Date.now() + 1000).toISOString() };
    const q = `from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}`;
    const sent = (await get(w.s.admin, `/api/messaging/people/${w.teacher.id}/sent?${q}`)).json();
    assert.equal(sent.items.length, 2);
    assert.equal(sent.frozen, true);
    const recall = await post(w.s.admin, `/api/messaging/people/${w.teacher.id}/recall`, window);
    assert.equal(recall.statusCode, 200, recall.body);
    assert.deepEqual(recall.json(), { recalled: 2 });

    // Gone from the recipients' boxes, counts, conversations and downloads; the sender keeps them.
    for (const s of [w.s.g1, w.s.g2, w.s.h]) {
      assert.equal((await inbox(s)).length, 0);
      assert.equal(await unread(s), 0);
    }
    assert.equal((await get(w.s.g1, `/api/messages/${first.json().id}`)).statusCode, 404);
    assert.equal((await get(w.s.g1, `/api/messages/${id}/attachments/${file.id}`)).statusCode, 404);
    assert.equal((await get(w.s.teacher, '/api/messages?folder=sent')).json().items.length, 2);
    const again = (await get(w.s.admin, `/api/messaging/people/${w.teacher.id}/sent?${q}`)).json();
    assert.ok(again.items.every((i: { recalledAt: string | null }) => i.recalledAt !== null));

    const actions = (
      await t.db
        .selectFrom('messaging_audit')
        .select(['action', 'target_id'])
        .where('target_id', '=', w.teacher.id)
        .execute()
    ).map((a) => a.action);
    assert.deepEqual(actions.sort(), ['account.frozen', 'messages.recalled']);

    // Unfrozen: the account sends again.
    assert.equal(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/messaging/freezes/${w.teacher.id}`,
          headers: w.s.principal.headers,
        })
      ).statusCode,
      200,
    );
    const ok = await post(w.s.teacher, '/api/messages', {
      subject: 'Retour',
      body: 'Compte rétabli',
      recipients: [{ type: 'person', id: w.g1.id }],
    });
    assert.equal(ok.statusCode, 201);
    assert.equal(await unread(w.s.g1), 1);
  });

  test('the four refusals on every new route', async () => {
    const w = await world();
    const id = await draft(w.s.teacher, [{ type: 'person', id: w.g1.id }]);
    const file = (await upload(w.s.teacher, id, 'a.pdf', PDF)).json();
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('message_attachments')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await count();

    // Upload: raw body, so the refusals are written out (assertRefusals sends JSON).
    assert.equal((await upload(null, id, 'b.pdf', PDF)).statusCode, 401);
    for (const s of [w.s.otherTeacher, w.s.h, w.s.g1, w.s.secretary]) {
      const res = await upload(s, id, 'b.pdf', PDF);
      assert.equal(res.statusCode, 404, res.body);
    }
    assert.equal(await count(), n, 'nothing stored');

    const onDraft = { otherSchool: w.s.otherTeacher, otherFamily: w.s.h, wrongProfile: w.s.secretary };
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `/api/messages/drafts/${id}/attachments/${file.id}` },
      onDraft,
      async () => assert.equal(await count(), n),
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/messages/${id}/attachments/${file.id}` },
      {
        ...onDraft,
        wrongProfile: w.s.g1, // not sent yet: the future recipient sees nothing
      },
    );

    const admins = { otherSchool: w.s.otherPrincipal, otherFamily: w.s.g1, wrongProfile: w.s.teacher };
    const window = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() };
    const q = `from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}`;
    const freezes = async () =>
      Number(
        (
          await t.db
            .selectFrom('messaging_freezes')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const f = await freezes();
    // The list is the caller's own school's: the other school's principal sees theirs, never ours.
    await assertRefusals(
      t.app,
      { method: 'GET', url: '/api/messaging/freezes' },
      {
        ...admins,
        otherSchool: w.s.otherTeacher,
      },
    );
    await post(w.s.principal, '/api/messaging/freezes', { personId: w.g1.id, reason: '' });
    assert.deepEqual((await get(w.s.otherPrincipal, '/api/messaging/freezes')).json().items, []);
    await t.app.inject({ method: 'DELETE', url: `/api/messaging/freezes/${w.g1.id}`, headers: w.s.principal.headers });
    await assertRefusals(
      t.app,
      { method: 'POST', url: '/api/messaging/freezes', payload: { personId: w.teacher.id, reason: '' } },
      { ...admins, wrongProfile: w.s.cpe },
      async () => assert.equal(await freezes(), f),
    );
    await assertRefusals(t.app, { method: 'DELETE', url: `/api/messaging/freezes/${w.teacher.id}` }, admins);
    await assertRefusals(t.app, { method: 'GET', url: `/api/messaging/people/${w.teacher.id}/sent?${q}` }, admins);
    await assertRefusals(
      t.app,
      { method: 'POST', url: `/api/messaging/people/${w.teacher.id}/recall`, payload: window },
      { ...admins, wrongProfile: w.s.secretary },
    );
    // Someone of another school cannot be frozen from here.
    const otherPerson = await makeTeacher(t.db, await makeSchool(t.db));
    const res = await post(w.s.principal, '/api/messaging/freezes', { personId: otherPerson.id, reason: '' });
    assert.equal(res.statusCode, 404);
    assert.equal(await freezes(), f);
  });
});
