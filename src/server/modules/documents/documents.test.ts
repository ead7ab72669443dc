import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { loadConfig, testConfig } from '../../lib/config.ts';
import { todayInParis } from '../../lib/dates.ts';
import { seedDocuments } from '../../seed/documents.ts';
import { addDays } from '../timetable/timetable.calendar.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const HTML = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

/** A multipart body: an optional folderId field, then one `files` part per file. */
function form(files: Array<[name: string, data: Buffer]>, folderId?: string) {
  const boundary = '----PreauDocumentsBoundary';
  const head = folderId
    ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="folderId"\r\n\r\n${folderId}\r\n`)]
    : [];
  const parts = files.flatMap(([name, data]) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    data,
    Buffer.from('\r\n'),
  ]);
  return {
    payload: Buffer.concat([...head, ...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('documents', () => {
  let t: TestContext;
  before(async () => {
    // Small quotas so that the quota tests need only a few bytes.
    t = await createTestApp({ documentQuotas: { personalBytes: 4096, schoolBytes: 64 * 1024 } });
  });
  after(async () => {
    await rm(t.app.config.storageDir, { recursive: true, force: true });
    await t.close();
  });

  const storedFiles = async () => {
    try {
      return await readdir(join(t.app.config.storageDir, 'documents'));
    } catch {
      return [];
    }
  };
  const get = (who: Session, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers });
  const send = (who: Session, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  const upload = (who: Session, spaceId: string, files: Array<[string, Buffer]>, folderId?: string) => {
    const f = form(files, folderId);
    return t.app.inject({
      method: 'POST',
      url: `/api/documents/spaces/${spaceId}/files`,
      payload: f.payload,
      headers: { ...who.headers, ...f.headers },
    });
  };

  /** Two classes of one school, their teachers, pupils and guardians, staff, and another school. */
  async function setup() {
    const school = await makeSchool(t.db);
    const cls = await makeClass(t.db, school, { code: '4B' });
    const otherCls = await makeClass(t.db, school, { code: '4C' });
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const otherPupil = await makePupil(t.db, school, { classId: otherCls.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const restricted = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      courtRestricted: true,
    });
    const contact = await makeGuardian(t.db, {
      children: [{ id: pupil.id, schoolId: school.id }],
      responsibility: 'contact',
    });
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const otherTeacher = await makeTeacher(t.db, school, { classIds: [otherCls.id] });
    const principal = await makeStaff(t.db, school, ['principal']);
    const cpe = await makeStaff(t.db, school, ['cpe']);
    const secretary = await makeStaff(t.db, school, ['secretariat']);
    const admin = await makeStaff(t.db, school, ['school_admin']);
    const school2 = await makeSchool(t.db);
    const cls2 = await makeClass(t.db, school2);
    const farTeacher = await makeTeacher(t.db, school2, { classIds: [cls2.id] });
    const farAdmin = await makeStaff(t.db, school2, ['school_admin']);
    const deploymentAdmin = await makePerson(t.db, { deploymentAdmin: true });
    const as = {
      pupil: await signIn(t.app, pupil),
      otherPupil: await signIn(t.app, otherPupil),
      guardian: await signIn(t.app, guardian),
      restricted: await signIn(t.app, restricted),
      contact: await signIn(t.app, contact),
      otherGuardian: await signIn(t.app, otherGuardian),
      teacher: await signIn(t.app, teacher),
      otherTeacher: await signIn(t.app, otherTeacher),
      principal: await signIn(t.app, principal),
      cpe: await signIn(t.app, cpe),
      secretary: await signIn(t.app, secretary),
      admin: await signIn(t.app, admin),
      farTeacher: await signIn(t.app, farTeacher),
      farAdmin: await signIn(t.app, farAdmin),
      deploymentAdmin: await signIn(t.app, deploymentAdmin),
    };
    type Space = { id: string; kind: string; team: string | null; classId: string | null; label: string | null };
    const spacesOf = async (who: Session) => {
      const res = await get(who, `/api/schools/${school.id}/documents/spaces`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items as Space[];
    };
    const teacherSpaces = await spacesOf(as.teacher);
    const classSpace = teacherSpaces.find((s) => s.kind === 'class' && s.classId === cls.id)!;
    const personal = teacherSpaces.find((s) => s.kind === 'personal')!;
    const direction = teacherSpaces.find((s) => s.team === 'direction')!;
    const staffRoom = teacherSpaces.find((s) => s.team === 'salle_des_profs')!;
    const otherClassSpace = (await spacesOf(as.otherTeacher)).find((s) => s.classId === otherCls.id)!;
    return {
      school,
      cls,
      teacher,
      pupil,
      as,
      spacesOf,
      classSpace,
      otherClassSpace,
      personal,
      direction,
      staffRoom,
    };
  }

  test('spaces per profile: personal, class of the year, team spaces for staff only', async () => {
    const s = await setup();
    const kinds = (items: Array<{ kind: string; team: string | null; label: string | null }>) =>
      items.map((i) =>
        i.kind === 'team' ? `team:${i.team}` : i.kind === 'personal' ? 'personal' : `${i.kind}:${i.label}`,
      );
    assert.deepEqual(kinds(await s.spacesOf(s.as.teacher)), [
      'personal',
      'class:4B',
      'team:direction',
      'team:vie_scolaire',
      'team:salle_des_profs',
    ]);
    assert.deepEqual(kinds(await s.spacesOf(s.as.pupil)), ['personal', 'class:4B']);
    assert.deepEqual(kinds(await s.spacesOf(s.as.guardian)), ['personal', 'class:4B']);
    assert.deepEqual(kinds(await s.spacesOf(s.as.restricted)), ['personal']);
    assert.deepEqual(kinds(await s.spacesOf(s.as.contact)), ['personal']);
    assert.deepEqual(kinds(await s.spacesOf(s.as.secretary)), [
      'personal',
      'team:direction',
      'team:vie_scolaire',
      'team:salle_des_profs',
    ]);
    // The same space every time (created once).
    assert.equal((await s.spacesOf(s.as.teacher)).find((i) => i.kind === 'class')?.id, s.classSpace.id);
    const guardianSpace = (await s.spacesOf(s.as.guardian)).find((i) => i.kind === 'class') as unknown as {
      children: Array<{ id: string }>;
    };
    assert.deepEqual(
      guardianSpace.children.map((c) => c.id),
      [s.pupil.id],
    );
  });

  test('who reads what: class space, family toggle, team spaces', async () => {
    const s = await setup();
    const folder = await send(s.as.teacher, 'POST', `/api/documents/spaces/${s.classSpace.id}/folders`, {
      name: 'Séquence 1',
    });
    assert.equal(folder.statusCode, 201, folder.body);
    const folderId = folder.json().id as string;
    const up = await upload(s.as.teacher, s.classSpace.id, [['texte.pdf', PDF]], folderId);
    assert.equal(up.statusCode, 201, up.body);
    const docId = up.json().documents[0].id as string;
    const teamUp = await upload(s.as.principal, s.direction.id, [['note.pdf', PDF]]);
    assert.equal(teamUp.statusCode, 201, teamUp.body);
    const teamDocId = teamUp.json().documents[0].id as string;

    const reads = async (who: Session, id = docId) => (await get(who, `/api/documents/files/${id}/content`)).statusCode;
    // Class space.
    assert.equal(await reads(s.as.teacher), 200);
    assert.equal(await reads(s.as.pupil), 200);
    assert.equal(await reads(s.as.otherTeacher), 404);
    assert.equal(await reads(s.as.otherPupil), 404);
    assert.equal(await reads(s.as.guardian), 404, 'families see nothing until the teacher ticks the folder');
    assert.equal(await reads(s.as.secretary), 404);
    assert.equal(await reads(s.as.farTeacher), 404);
    // The guardian's view of the root: the folder is not listed yet.
    assert.equal((await get(s.as.guardian, `/api/documents/spaces/${s.classSpace.id}`)).json().folders.length, 0);

    // « Visible par les familles » on the folder.
    const tick = await send(s.as.teacher, 'PATCH', `/api/documents/folders/${folderId}`, { familyVisible: true });
    assert.equal(tick.statusCode, 200, tick.body);
    assert.equal(await reads(s.as.guardian), 200);
    assert.equal(await reads(s.as.restricted), 404, 'a court-restricted link opens nothing');
    assert.equal(await reads(s.as.contact), 404, 'an other contact without school access neither');
    assert.equal(await reads(s.as.otherGuardian), 404);
    const root = (await get(s.as.guardian, `/api/documents/spaces/${s.classSpace.id}`)).json();
    assert.deepEqual(
      root.folders.map((f: { name: string }) => f.name),
      ['Séquence 1'],
    );
    // The whole space ticked: a document at its root too.
    const rootDoc = (await upload(s.as.teacher, s.classSpace.id, [['racine.pdf', PDF]])).json().documents[0].id;
    assert.equal(await reads(s.as.guardian, rootDoc), 404);
    const space = await send(s.as.teacher, 'PATCH', `/api/documents/spaces/${s.classSpace.id}`, {
      familyVisible: true,
    });
    assert.equal(space.statusCode, 200, space.body);
    assert.equal(await reads(s.as.guardian, rootDoc), 200);
    assert.equal(await reads(s.as.restricted, rootDoc), 404);
    assert.equal(await reads(s.as.otherGuardian, rootDoc), 404);
    // Families read, never write.
    assert.equal((await upload(s.as.guardian, s.classSpace.id, [['x.pdf', PDF]])).statusCode, 403);
    // A pupil cannot tick it.
    assert.equal(
      (await send(s.as.pupil, 'PATCH', `/api/documents/spaces/${s.classSpace.id}`, { familyVisible: true })).statusCode,
      403,
    );

    // Team spaces: members write, staff and teachers read, families and pupils nothing.
    assert.equal(await reads(s.as.teacher, teamDocId), 200);
    assert.equal(await reads(s.as.secretary, teamDocId), 200);
    assert.equal(await reads(s.as.pupil, teamDocId), 404);
    assert.equal(await reads(s.as.guardian, teamDocId), 404);
    assert.equal((await upload(s.as.teacher, s.direction.id, [['x.pdf', PDF]])).statusCode, 403);
    assert.equal((await upload(s.as.cpe, s.direction.id, [['x.pdf', PDF]])).statusCode, 403);
    assert.equal((await upload(s.as.secretary, s.staffRoom.id, [['x.pdf', PDF]])).statusCode, 201);
    // Personal space: its owner only.
    const mine = await upload(s.as.teacher, s.personal.id, [['perso.pdf', PDF]]);
    assert.equal(mine.statusCode, 201);
    assert.equal(await reads(s.as.principal, mine.json().documents[0].id), 404);
  });

  test('versions: same name or « Remplacer » keep the previous one; downloads are safe', async () => {
    const s = await setup();
    const first = await upload(s.as.teacher, s.classSpace.id, [['cours.pdf', PDF]]);
    const id = first.json().documents[0].id as string;
    const again = await upload(s.as.teacher, s.classSpace.id, [['cours.pdf', Buffer.concat([PDF, PDF])]]);
    assert.equal(again.json().documents[0].id, id);
    assert.equal(again.json().documents[0].versionCount, 2);
    const r = form([['photo.png', PNG]]);
    const replaced = await t.app.inject({
      method: 'POST',
      url: `/api/documents/files/${id}/versions`,
      payload: r.payload,
      headers: { ...s.as.teacher.headers, ...r.headers },
    });
    assert.equal(replaced.statusCode, 201, replaced.body);
    assert.equal(replaced.json().contentType, 'image/png');
    const detail = (await get(s.as.pupil, `/api/documents/files/${id}`)).json();
    assert.deepEqual(
      detail.versions.map((v: { number: number }) => v.number),
      [3, 2, 1],
    );
    assert.equal(detail.abilities.write, false);
    const oldest = detail.versions[2].id as string;
    const old = await get(s.as.pupil, `/api/documents/files/${id}/versions/${oldest}/content`);
    assert.equal(old.statusCode, 200);
    assert.equal(old.headers['content-type'], 'application/pdf');
    assert.deepEqual(old.rawPayload, PDF);
    assert.match(String(old.headers['content-disposition']), /^attachment;/);
    const inline = await get(s.as.pupil, `/api/documents/files/${id}/content?inline=1`);
    assert.match(String(inline.headers['content-disposition']), /^inline;/);
    assert.equal(inline.headers['x-content-type-options'], 'nosniff');
    assert.equal(inline.headers['content-security-policy'], "default-src 'none'; sandbox");
    // A text file is never inline.
    const txt = await upload(s.as.teacher, s.classSpace.id, [['notes.txt', Buffer.from('bonjour')]]);
    const txtRes = await get(s.as.pupil, `/api/documents/files/${txt.json().documents[0].id}/content?inline=1`);
    assert.match(String(txtRes.headers['content-disposition']), /^attachment;/);
  });

  test('type by content, names cleaned; a refused upload stores nothing', async () => {
    const s = await setup();
    const before = (await storedFiles()).length;
    for (const [name, data] of [
      ['page.pdf', HTML],
      ['dessin.png', SVG],
    ] as const) {
      const res = await upload(s.as.teacher, s.classSpace.id, [
        ['ok.pdf', PDF],
        [name, data],
      ]);
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().error, 'FILE_REJECTED');
      assert.equal(res.json().details.reason, 'type');
    }
    assert.equal((await storedFiles()).length, before);
    assert.equal((await get(s.as.teacher, `/api/documents/spaces/${s.classSpace.id}`)).json().documents.length, 0);
    const named = await upload(s.as.teacher, s.classSpace.id, [['../../copie\u202Efdp.exe', PDF]]);
    assert.equal(named.json().documents[0].name, 'copiefdp.exe');
    assert.equal(named.json().documents[0].contentType, 'application/pdf');
  });

  test('quotas: personal and school, 413 QUOTA_EXCEEDED, nothing stored', async () => {
    const s = await setup();
    const big = Buffer.concat([PDF, Buffer.alloc(3000, 0x20)]);
    assert.equal((await upload(s.as.teacher, s.personal.id, [['a.pdf', big]])).statusCode, 201);
    const before = (await storedFiles()).length;
    const over = await upload(s.as.teacher, s.personal.id, [['b.pdf', big]]);
    assert.equal(over.statusCode, 413, over.body);
    assert.equal(over.json().error, 'QUOTA_EXCEEDED');
    assert.equal(over.json().details.scope, 'personal');
    assert.equal((await storedFiles()).length, before);
    // A new version counts too.
    assert.equal((await upload(s.as.teacher, s.personal.id, [['a.pdf', big]])).statusCode, 413);
    // The class space has no personal quota but the school's.
    const chunk = Buffer.concat([PDF, Buffer.alloc(15_000, 0x20)]);
    let res = await upload(s.as.teacher, s.classSpace.id, [['1.pdf', chunk]]);
    for (let i = 2; res.statusCode === 201 && i < 10; i++) {
      res = await upload(s.as.teacher, s.classSpace.id, [[`${i}.pdf`, chunk]]);
    }
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().details.scope, 'school');
    // Moving into a full personal space is refused as well.
    const inClass = (await get(s.as.teacher, `/api/documents/spaces/${s.classSpace.id}`)).json().documents[0];
    const move = await send(s.as.teacher, 'POST', `/api/documents/files/${inClass.id}/move`, {
      spaceId: s.personal.id,
    });
    assert.equal(move.statusCode, 413);
    // The administrator's view.
    const usage = await get(s.as.admin, `/api/schools/${s.school.id}/documents/usage`);
    assert.equal(usage.statusCode, 200, usage.body);
    assert.equal(usage.json().quotaBytes, 64 * 1024);
    assert.ok(usage.json().byKind.find((k: { kind: string }) => k.kind === 'class').usedBytes > 0);
    assert.equal(usage.json().topUsers[0].person.id, s.as.teacher.personId);
  });

  test('rename, move between spaces, delete; bad input leaves data unchanged', async () => {
    const s = await setup();
    const a = (await upload(s.as.teacher, s.classSpace.id, [['a.pdf', PDF]])).json().documents[0].id as string;
    await upload(s.as.teacher, s.classSpace.id, [['b.pdf', PDF]]);
    // A name taken in the folder: 409, nothing renamed.
    const taken = await send(s.as.teacher, 'PATCH', `/api/documents/files/${a}`, { name: 'b.pdf' });
    assert.equal(taken.statusCode, 409);
    const bad = await send(s.as.teacher, 'PATCH', `/api/documents/files/${a}`, { name: '', extra: 1 });
    assert.equal(bad.statusCode, 400);
    assert.equal((await get(s.as.teacher, `/api/documents/files/${a}`)).json().name, 'a.pdf');
    assert.equal(
      (await send(s.as.teacher, 'PATCH', `/api/documents/files/${a}`, { name: 'Cours 1.pdf' })).json().name,
      'Cours 1.pdf',
    );
    // Folders: nested, moved to the personal space with what they hold; not inside themselves.
    const f1 = (
      await send(s.as.teacher, 'POST', `/api/documents/spaces/${s.classSpace.id}/folders`, { name: 'F1' })
    ).json();
    const f2 = (
      await send(s.as.teacher, 'POST', `/api/documents/spaces/${s.classSpace.id}/folders`, {
        name: 'F2',
        parentId: f1.id,
      })
    ).json();
    const inF2 = (await upload(s.as.teacher, s.classSpace.id, [['c.pdf', PDF]], f2.id)).json().documents[0].id;
    const loop = await send(s.as.teacher, 'POST', `/api/documents/folders/${f1.id}/move`, {
      spaceId: s.classSpace.id,
      folderId: f2.id,
    });
    assert.equal(loop.statusCode, 400);
    const moved = await send(s.as.teacher, 'POST', `/api/documents/folders/${f1.id}/move`, { spaceId: s.personal.id });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal((await get(s.as.teacher, `/api/documents/files/${inF2}`)).json().spaceId, s.personal.id);
    assert.equal((await get(s.as.pupil, `/api/documents/files/${inF2}`)).statusCode, 404);
    // Not into a space the caller only reads, nor into another class's.
    assert.equal(
      (await send(s.as.teacher, 'POST', `/api/documents/files/${a}/move`, { spaceId: s.direction.id })).statusCode,
      403,
    );
    assert.equal(
      (await send(s.as.teacher, 'POST', `/api/documents/files/${a}/move`, { spaceId: s.otherClassSpace.id }))
        .statusCode,
      404,
    );
    // Delete the folder: its files leave the storage.
    const before = (await storedFiles()).length;
    assert.equal((await send(s.as.teacher, 'DELETE', `/api/documents/folders/${f1.id}`)).statusCode, 204);
    assert.equal((await storedFiles()).length, before - 1);
    assert.equal((await get(s.as.teacher, `/api/documents/files/${inF2}`)).statusCode, 404);
    assert.equal((await send(s.as.teacher, 'DELETE', `/api/documents/files/${a}`)).statusCode, 204);
    assert.equal((await storedFiles()).length, before - 2);
  });

  test('every route refuses anonymous, another school, another family and the wrong profile', async () => {
    const s = await setup();
    const folder = (
      await send(s.as.teacher, 'POST', `/api/documents/spaces/${s.classSpace.id}/folders`, { name: 'Dossier' })
    ).json().id as string;
    const up = await upload(s.as.teacher, s.classSpace.id, [['doc.pdf', PDF]], folder);
    const doc = up.json().documents[0].id as string;
    const version = (await get(s.as.teacher, `/api/documents/files/${doc}`)).json().versions[0].id as string;
    const read = { otherSchool: s.as.farTeacher, otherFamily: s.as.otherPupil, wrongProfile: s.as.secretary };
    // Writing: a pupil of the class (reads, never writes) is the wrong profile.
    const write = { otherSchool: s.as.farTeacher, otherFamily: s.as.otherGuardian, wrongProfile: s.as.pupil };
    const unchanged = async () => {
      const content = (await get(s.as.teacher, `/api/documents/spaces/${s.classSpace.id}?folderId=${folder}`)).json();
      assert.deepEqual(
        content.documents.map((d: { name: string; versionCount: number }) => [d.name, d.versionCount]),
        [['doc.pdf', 1]],
      );
      assert.equal(content.folder.name, 'Dossier');
      assert.equal(content.space.familyVisible, false);
    };
    const cases: Array<[Parameters<typeof assertRefusals>[1], Parameters<typeof assertRefusals>[2]]> = [
      [{ method: 'GET', url: `/api/documents/spaces/${s.classSpace.id}` }, read],
      [{ method: 'GET', url: `/api/documents/spaces/${s.classSpace.id}/files` }, read],
      [{ method: 'GET', url: `/api/documents/files/${doc}` }, read],
      [{ method: 'GET', url: `/api/documents/files/${doc}/content` }, read],
      [{ method: 'GET', url: `/api/documents/files/${doc}/versions/${version}/content` }, read],
      [{ method: 'PATCH', url: `/api/documents/spaces/${s.classSpace.id}`, payload: { familyVisible: true } }, write],
      [{ method: 'POST', url: `/api/documents/spaces/${s.classSpace.id}/files` }, write],
      [{ method: 'POST', url: `/api/documents/spaces/${s.classSpace.id}/folders`, payload: { name: 'X' } }, write],
      [{ method: 'PATCH', url: `/api/documents/folders/${folder}`, payload: { name: 'Y' } }, write],
      [{ method: 'POST', url: `/api/documents/folders/${folder}/move`, payload: { spaceId: s.classSpace.id } }, write],
      [{ method: 'PATCH', url: `/api/documents/files/${doc}`, payload: { name: 'z.pdf' } }, write],
      [{ method: 'POST', url: `/api/documents/files/${doc}/move`, payload: { spaceId: s.classSpace.id } }, write],
      [{ method: 'POST', url: `/api/documents/files/${doc}/versions` }, write],
      [{ method: 'DELETE', url: `/api/documents/files/${doc}` }, write],
      [{ method: 'DELETE', url: `/api/documents/folders/${folder}` }, write],
      // Usage: the school's administrators; a teacher is the wrong profile.
      [
        { method: 'GET', url: `/api/schools/${s.school.id}/documents/usage` },
        { otherSchool: s.as.farAdmin, otherFamily: s.as.guardian, wrongProfile: s.as.teacher },
      ],
      // Everybody of the school has spaces there: someone without a profile in it is refused.
      [
        { method: 'GET', url: `/api/schools/${s.school.id}/documents/spaces` },
        { otherSchool: s.as.farTeacher, wrongProfile: s.as.deploymentAdmin },
      ],
    ];
    for (const [req, who] of cases) await assertRefusals(t.app, req, who, unchanged);
  });

  test('cahier de textes: homework links a document of the class space; pupils of the class open it', async () => {
    const s = await setup();
    const doc = (await upload(s.as.teacher, s.classSpace.id, [['exercices.pdf', PDF]])).json().documents[0].id;
    const personalDoc = (await upload(s.as.teacher, s.personal.id, [['perso.pdf', PDF]])).json().documents[0].id;
    const otherDoc = (await upload(s.as.otherTeacher, s.otherClassSpace.id, [['x.pdf', PDF]])).json().documents[0].id;
    const payload = (documentId: string) => ({
      classId: s.cls.id,
      subjectId: s.teacher.subjectId,
      dueDate: addDays(todayInParis(), 3),
      instructions: 'Faire les exercices',
      estimatedMinutes: 20,
      status: 'published',
      documentId,
    });
    for (const bad of [personalDoc, otherDoc, 'nope']) {
      const res = await send(s.as.teacher, 'POST', '/api/homework', payload(bad));
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().details.fields[0].path, 'documentId');
    }
    const created = await send(s.as.teacher, 'POST', '/api/homework', payload(doc));
    assert.equal(created.statusCode, 201, created.body);
    const hw = created.json().homework;
    assert.deepEqual(hw.document, { id: doc, name: 'exercices.pdf' });
    // Changing the link to a document outside the class's space is refused and changes nothing.
    const patch = await send(s.as.teacher, 'PATCH', `/api/homework/${hw.id}`, { documentId: personalDoc });
    assert.equal(patch.statusCode, 400);
    const seen = await get(s.as.pupil, `/api/homework/${hw.id}`);
    assert.equal(seen.json().document.id, doc);
    // Families read the homework, not the class space: neither the link nor the document's name.
    const family = await get(s.as.guardian, `/api/homework/pupils/${s.pupil.id}`);
    assert.equal(family.statusCode, 200, family.body);
    const mine = family.json().items.find((i: { id: string }) => i.id === hw.id);
    assert.ok(mine, 'the guardian reads the homework');
    assert.equal(mine.document, null);
    assert.ok(!family.body.includes('exercices.pdf'));
    const open = await get(s.as.pupil, `/api/documents/files/${doc}/content?inline=1`);
    assert.equal(open.statusCode, 200);
    assert.equal(open.headers['content-type'], 'application/pdf');
    assert.equal((await get(s.as.otherPupil, `/api/documents/files/${doc}/content`)).statusCode, 404);
    // Unlinked.
    const unlink = await send(s.as.teacher, 'PATCH', `/api/homework/${hw.id}`, { documentId: null });
    assert.equal(unlink.statusCode, 200, unlink.body);
    assert.equal(unlink.json().homework.document, null);
  });

  test('the demo documents: the class space (a folder open to families), the staff room, the teacher’s own', async () => {
    const s = await setup();
    const principal = await makeStaff(t.db, s.school, ['principal']);
    const school = await makeSchool(t.db);
    const cls = await makeClass(t.db, school);
    const eleve = await makePupil(t.db, school, { classId: cls.id });
    const parent = await makeGuardian(t.db, { children: [{ id: eleve.id, schoolId: school.id }] });
    const professeur = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const counts = await t.db.transaction().execute((trx) =>
      seedDocuments(trx, t.app.storage, {
        schoolId: school.id,
        now: new Date().toISOString(),
        professeur: professeur.id,
        eleve: eleve.id,
        principal: principal.id,
      }),
    );
    assert.equal(counts.documents, 5);
    const asParent = await signIn(t.app, parent);
    const spaces = (await get(asParent, `/api/schools/${school.id}/documents/spaces`)).json().items;
    const classSpace = spaces.find((x: { kind: string }) => x.kind === 'class');
    const files = (await get(asParent, `/api/documents/spaces/${classSpace.id}/files`)).json().items;
    assert.deepEqual(
      files.map((f: { name: string }) => f.name),
      ['Fiche méthode — le schéma narratif.pdf'],
    );
    const pdf = await get(asParent, `/api/documents/files/${files[0].id}/content`);
    assert.equal(pdf.statusCode, 200);
    assert.match(pdf.body, /^%PDF-1\.4/);
    const asTeacher = await signIn(t.app, professeur);
    const mine = (await get(asTeacher, `/api/schools/${school.id}/documents/spaces`)).json().items;
    assert.equal(mine.filter((x: { kind: string }) => x.kind === 'personal').length, 1, 'the seeded space is reused');
  });

  test('the quotas come from the environment', () => {
    const c = testConfig();
    assert.equal(c.documentQuotas.personalBytes, 200 * 1024 * 1024);
    assert.equal(c.documentQuotas.schoolBytes, 20_480 * 1024 * 1024);
    const set = loadConfig({ DOCUMENTS_PERSONAL_QUOTA_MB: '50', DOCUMENTS_SCHOOL_QUOTA_MB: '1024' });
    assert.deepEqual(set.documentQuotas, { personalBytes: 50 * 1024 * 1024, schoolBytes: 1024 * 1024 * 1024 });
    assert.throws(() => loadConfig({ DOCUMENTS_PERSONAL_QUOTA_MB: '0' }), /DOCUMENTS_PERSONAL_QUOTA_MB/);
  });
});
