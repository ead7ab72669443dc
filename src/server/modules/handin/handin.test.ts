import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGuardian,
  makePeriod,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { startLocalS3 } from '../../../../test/s3.ts';
import { buildApp } from '../../app.ts';
import { testConfig } from '../../lib/config.ts';
import { todayInParis } from '../../lib/dates.ts';
import { type FileStorage, localFolderStorage, s3Storage } from '../../lib/storage.ts';
import { addDays } from '../timetable/timetable.calendar.ts';
import { archiveEntryNames } from './handin.archive.ts';
import { deadlineOf, dueAtOf } from './handin.service.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const HTML = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

/** A multipart/form-data body with one `files` part per file, as the web app's FormData sends it. */
function form(files: Array<[name: string, data: Buffer]>) {
  const boundary = '----PreauHandInBoundary';
  const parts = files.flatMap(([name, data]) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    data,
    Buffer.from('\r\n'),
  ]);
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('hand-ins', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await rm(t.app.config.storageDir, { recursive: true, force: true });
    await t.close();
  });

  const storedFiles = async () => {
    try {
      return await readdir(join(t.app.config.storageDir, 'hand-ins'));
    } catch {
      return [];
    }
  };

  /** A class with two pupils, a guardian each, their teacher and a homework asking for a hand-in. */
  async function setup(handIn: { latePolicy?: 'accept' | 'refuse'; dueTime?: string; dueDate?: string } = {}) {
    const school = await makeSchool(t.db);
    await makePeriod(t.db, school);
    const cls = await makeClass(t.db, school);
    const pupil = await makePupil(t.db, school, { classId: cls.id });
    const classmate = await makePupil(t.db, school, { classId: cls.id });
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const classmateGuardian = await makeGuardian(t.db, { children: [{ id: classmate.id, schoolId: school.id }] });
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const as = {
      pupil: await signIn(t.app, pupil),
      classmate: await signIn(t.app, classmate),
      guardian: await signIn(t.app, guardian),
      classmateGuardian: await signIn(t.app, classmateGuardian),
      teacher: await signIn(t.app, teacher),
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/homework',
      headers: as.teacher.headers,
      payload: {
        classId: cls.id,
        subjectId: teacher.subjectId,
        dueDate: handIn.dueDate ?? addDays(todayInParis(), 3),
        instructions: 'Rédiger le paragraphe argumenté',
        estimatedMinutes: 30,
        status: 'published',
        handIn: { required: true, latePolicy: handIn.latePolicy ?? 'accept', dueTime: handIn.dueTime ?? '08:00' },
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const homeworkId = res.json().homework.id as string;
    return { school, cls, pupil, classmate, guardian, teacher, as, homeworkId };
  }

  const submit = (who: Session, homeworkId: string, files: Array<[string, Buffer]>) =>
    t.app.inject({ method: 'PUT', url: `/api/homework/${homeworkId}/hand-in`, ...withHeaders(who, form(files)) });
  const withHeaders = (who: Session, f: ReturnType<typeof form>) => ({
    payload: f.payload,
    headers: { ...who.headers, ...f.headers },
  });
  const get = (who: Session, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers });

  test('a pupil hands in, the teacher lists, downloads and returns; pupil and guardian see the feedback', async () => {
    const s = await setup();
    const hw = await get(s.as.pupil, `/api/homework/${s.homeworkId}`);
    assert.equal(hw.json().handIn.latePolicy, 'accept');

    const before = await get(s.as.pupil, `/api/homework/${s.homeworkId}/hand-in`);
    assert.equal(before.statusCode, 200, before.body);
    assert.equal(before.json().handIn.status, 'not_handed_in');
    assert.equal(before.json().abilities.submit, true);

    const res = await submit(s.as.pupil, s.homeworkId, [
      ['../../copie\u202Efdp.exe', PDF],
      ['photo.png', PNG],
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const mine = res.json();
    assert.equal(mine.handIn.status, 'handed_in');
    assert.equal(mine.handIn.late, false);
    assert.deepEqual(
      mine.handIn.files.map((f: { fileName: string; contentType: string }) => [f.fileName, f.contentType]),
      [
        ['copiefdp.exe', 'application/pdf'],
        ['photo.png', 'image/png'],
      ],
    );
    assert.equal((await storedFiles()).length, 2);

    const list = await get(s.as.teacher, `/api/homework/${s.homeworkId}/hand-ins`);
    assert.equal(list.statusCode, 200, list.body);
    const byPupil = new Map(list.json().items.map((i: { pupil: { id: string } }) => [i.pupil.id, i]));
    assert.equal((byPupil.get(s.pupil.id) as { status: string }).status, 'handed_in');
    assert.equal((byPupil.get(s.classmate.id) as { status: string }).status, 'not_handed_in');
    assert.deepEqual(list.json().counts, { not_handed_in: 1, handed_in: 1, late: 0, returned: 0 }, list.body);

    const handInId = mine.handIn.id as string;
    const fileUrl = `/api/homework/${s.homeworkId}/hand-ins/${handInId}/files/${mine.handIn.files[0].id}`;
    const dl = await get(s.as.teacher, fileUrl);
    assert.equal(dl.statusCode, 200);
    assert.ok(Buffer.from(dl.rawPayload).equals(PDF));
    assert.match(String(dl.headers['content-disposition']), /^attachment;/);
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.equal((await get(s.as.pupil, fileUrl)).statusCode, 200);

    const ret = await t.app.inject({
      method: 'POST',
      url: `/api/homework/${s.homeworkId}/hand-ins/${handInId}/return`,
      headers: s.as.teacher.headers,
      payload: { comment: 'Bon travail, soigne la conclusion.', mark: 15.5, markOutOf: 20 },
    });
    assert.equal(ret.statusCode, 200, ret.body);
    assert.equal(ret.json().status, 'returned');

    const seen = (await get(s.as.pupil, `/api/homework/${s.homeworkId}/hand-in`)).json();
    assert.equal(seen.handIn.status, 'returned');
    assert.equal(seen.handIn.feedback.comment, 'Bon travail, soigne la conclusion.');
    assert.equal(seen.handIn.feedback.mark, 15.5);
    assert.equal(seen.abilities.submit, false);

    const family = await get(s.as.guardian, `/api/homework/${s.homeworkId}/hand-in?pupilId=${s.pupil.id}`);
    assert.equal(family.statusCode, 200, family.body);
    assert.equal(family.json().handIn.status, 'returned');
    assert.equal(family.json().handIn.feedback.markOutOf, 20);
    assert.equal(family.json().handIn.files, null, 'guardians see the status and the feedback, not the work');
    assert.equal((await get(s.as.guardian, fileUrl)).statusCode, 404);

    // Returned: closed to replacement.
    const again = await submit(s.as.pupil, s.homeworkId, [['v2.pdf', PDF]]);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error, 'HAND_IN_CLOSED');
  });

  test('a pupil replaces their hand-in until it is returned; the replaced files leave the storage', async () => {
    const s = await setup();
    const first = (
      await submit(s.as.pupil, s.homeworkId, [
        ['a.pdf', PDF],
        ['b.png', PNG],
      ])
    ).json();
    const keysBefore = await t.db
      .selectFrom('hand_in_files')
      .select('storage_key')
      .where('hand_in_id', '=', first.handIn.id)
      .execute();
    assert.equal(keysBefore.length, 2);
    const second = await submit(s.as.pupil, s.homeworkId, [['c.png', PNG]]);
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().handIn.id, first.handIn.id);
    assert.deepEqual(
      second.json().handIn.files.map((f: { fileName: string }) => f.fileName),
      ['c.png'],
    );
    const names = await storedFiles();
    for (const k of keysBefore) assert.ok(!names.includes(k.storage_key.split('/')[1]!));
    const rows = await t.db.selectFrom('hand_ins').selectAll().where('homework_id', '=', s.homeworkId).execute();
    assert.equal(rows.length, 1);
  });

  test('after the deadline: accepted and marked late, or refused, by the homework’s policy', async () => {
    const late = await setup({ latePolicy: 'accept', dueDate: todayInParis(), dueTime: '00:00' });
    const res = await submit(late.as.pupil, late.homeworkId, [['copie.pdf', PDF]]);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().handIn.status, 'late');
    assert.equal(res.json().handIn.late, true);
    const list = (await get(late.as.teacher, `/api/homework/${late.homeworkId}/hand-ins`)).json();
    assert.equal(list.counts.late, 1);

    const closed = await setup({ latePolicy: 'refuse', dueDate: todayInParis(), dueTime: '00:00' });
    const filesBefore = (await storedFiles()).length;
    const refused = await submit(closed.as.pupil, closed.homeworkId, [['copie.pdf', PDF]]);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error, 'HAND_IN_CLOSED');
    assert.equal(refused.json().details.reason, 'deadline_passed');
    assert.equal(
      (await get(closed.as.pupil, `/api/homework/${closed.homeworkId}/hand-in`)).json().abilities.submit,
      false,
    );
    const rows = await t.db.selectFrom('hand_ins').select('id').where('homework_id', '=', closed.homeworkId).execute();
    assert.equal(rows.length, 0);
    assert.equal((await storedFiles()).length, filesBefore);
  });

  test('types are read from the bytes: HTML or SVG named .pdf is refused, and a bad file leaves the hand-in as it was', async () => {
    const s = await setup();
    const ok = (await submit(s.as.pupil, s.homeworkId, [['copie.pdf', PDF]])).json();
    const filesBefore = (await storedFiles()).length;
    for (const bad of [HTML, SVG, Buffer.from([0, 1, 2, 3, 0xff, 0xfe])]) {
      const res = await submit(s.as.pupil, s.homeworkId, [
        ['nouvelle.png', PNG],
        ['devoir.pdf', bad],
      ]);
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().error, 'FILE_REJECTED');
      assert.equal(res.json().details.reason, 'type');
    }
    const now = (await get(s.as.pupil, `/api/homework/${s.homeworkId}/hand-in`)).json();
    assert.deepEqual(now.handIn, ok.handIn);
    assert.equal((await storedFiles()).length, filesBefore);

    const none = await submit(s.as.pupil, s.homeworkId, []);
    assert.equal(none.statusCode, 400);
  });

  test('a storage failure in the middle of a hand-in removes what was written and stores no row', async () => {
    const s = await setup();
    const real = localFolderStorage(t.app.config.storageDir);
    let puts = 0;
    const failing: FileStorage = {
      ...real,
      put: async (key, data) => {
        if (++puts === 2) throw new Error('disk full');
        await real.put(key, data);
      },
    };
    const app = await buildApp({
      db: t.db,
      config: testConfig({ storageDir: t.app.config.storageDir }),
      logger: false,
      storage: failing,
    });
    try {
      const filesBefore = (await storedFiles()).length;
      const f = form([
        ['a.pdf', PDF],
        ['b.png', PNG],
      ]);
      const res = await app.inject({
        method: 'PUT',
        url: `/api/homework/${s.homeworkId}/hand-in`,
        payload: f.payload,
        headers: { ...s.as.pupil.headers, ...f.headers },
      });
      assert.equal(res.statusCode, 500);
      assert.equal((await storedFiles()).length, filesBefore);
      const rows = await t.db.selectFrom('hand_ins').select('id').where('homework_id', '=', s.homeworkId).execute();
      assert.equal(rows.length, 0);
    } finally {
      await app.close();
    }
  });

  test('on S3-compatible storage: hand in, download, zip, replace; the files are objects in the bucket', async () => {
    const s = await setup();
    const s3 = await startLocalS3();
    const storage = s3Storage(s3.settings);
    const app = await buildApp({ db: t.db, config: testConfig(), logger: false, storage });
    const objects = () => s3.keys('hand-ins/');
    try {
      const localBefore = (await storedFiles()).length;
      const send = (files: Array<[string, Buffer]>) =>
        app.inject({
          method: 'PUT',
          url: `/api/homework/${s.homeworkId}/hand-in`,
          ...withHeaders(s.as.pupil, form(files)),
        });
      const res = await send([
        ['copie.pdf', PDF],
        ['photo.png', PNG],
      ]);
      assert.equal(res.statusCode, 200, res.body);
      const handIn = res.json().handIn;
      const keys = await t.db
        .selectFrom('hand_in_files')
        .select('storage_key')
        .where('hand_in_id', '=', handIn.id)
        .execute();
      assert.deepEqual(await objects(), keys.map((k) => k.storage_key).sort(), 'one object per file, under its key');
      assert.equal((await storedFiles()).length, localBefore, 'nothing in the local folder');

      const fileUrl = `/api/homework/${s.homeworkId}/hand-ins/${handIn.id}/files/${handIn.files[1].id}`;
      const dl = await app.inject({ method: 'GET', url: fileUrl, headers: s.as.teacher.headers });
      assert.equal(dl.statusCode, 200, dl.body);
      assert.equal(dl.headers['content-type'], 'image/png');
      assert.match(String(dl.headers['content-disposition']), /^attachment;/);
      assert.ok(Buffer.from(dl.rawPayload).equals(PNG));

      const zip = await app.inject({
        method: 'GET',
        url: `/api/homework/${s.homeworkId}/hand-ins/archive`,
        headers: s.as.teacher.headers,
      });
      assert.equal(zip.statusCode, 200, zip.body);
      const entries = unzipSync(new Uint8Array(zip.rawPayload));
      const names = Object.keys(entries).sort();
      assert.equal(names.length, 2);
      assert.ok(names[0]!.endsWith(' - copie.pdf') && names[1]!.endsWith(' - photo.png'), names.join());
      assert.ok(Buffer.from(entries[names[0]!]!).equals(PDF));
      assert.ok(Buffer.from(entries[names[1]!]!).equals(PNG));

      // A replacement removes the replaced objects from the bucket once committed.
      const again = await send([['v2.pdf', PDF]]);
      assert.equal(again.statusCode, 200, again.body);
      assert.equal((await objects()).length, 1);
      const v2 = again.json().handIn.files[0].id as string;
      const dl2 = await app.inject({
        method: 'GET',
        url: `/api/homework/${s.homeworkId}/hand-ins/${handIn.id}/files/${v2}`,
        headers: s.as.pupil.headers,
      });
      assert.equal(dl2.statusCode, 200);
      assert.ok(Buffer.from(dl2.rawPayload).equals(PDF));
    } finally {
      await app.close();
      storage.close();
      await s3.stop();
    }
  });

  test('homework without a hand-in has none; the author turns it on and off; too large a file is a 413', async () => {
    const s = await setup();
    const patch = (handIn: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/homework/${s.homeworkId}`,
        headers: s.as.teacher.headers,
        payload: { handIn },
      });
    const off = await patch({ required: false });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().homework.handIn, null);
    assert.equal((await get(s.as.pupil, `/api/homework/${s.homeworkId}/hand-in`)).statusCode, 404);
    assert.equal((await submit(s.as.pupil, s.homeworkId, [['copie.pdf', PDF]])).statusCode, 404);

    const on = await patch({ required: true, latePolicy: 'refuse', dueTime: '18:30' });
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(on.json().homework.handIn.latePolicy, 'refuse');
    assert.equal(on.json().homework.handIn.dueTime, '18:30');
    assert.equal((await patch({ required: true, dueTime: '25:00' })).statusCode, 400);

    const filesBefore = (await storedFiles()).length;
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await submit(s.as.pupil, s.homeworkId, [['gros.pdf', big]]);
    assert.equal(res.statusCode, 413, res.body);
    assert.equal((await storedFiles()).length, filesBefore);
    const rows = await t.db.selectFrom('hand_ins').select('id').where('homework_id', '=', s.homeworkId).execute();
    assert.equal(rows.length, 0);
  });

  test('return: a mark needs its scale, and bad input changes nothing', async () => {
    const s = await setup();
    const handInId = (await submit(s.as.pupil, s.homeworkId, [['copie.pdf', PDF]])).json().handIn.id;
    const url = `/api/homework/${s.homeworkId}/hand-ins/${handInId}/return`;
    for (const payload of [{ mark: 12 }, { mark: 25, markOutOf: 20 }, { comment: 'x', extra: true }]) {
      const res = await t.app.inject({ method: 'POST', url, headers: s.as.teacher.headers, payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
    }
    const row = await t.db.selectFrom('hand_ins').selectAll().where('id', '=', handInId).executeTakeFirstOrThrow();
    assert.equal(row.returned_at, null);
    assert.equal(row.mark, null);
  });

  test('the four refusals on every route; a pupil never gets another pupil’s work', async () => {
    const s = await setup();
    const other = await makeSchool(t.db);
    const otherCls = await makeClass(t.db, other);
    const otherPupil = await signIn(t.app, await makePupil(t.db, other, { classId: otherCls.id }));
    const otherTeacher = await signIn(t.app, await makeTeacher(t.db, other, { classIds: [otherCls.id] }));
    const secretariat = await signIn(t.app, await makeStaff(t.db, s.school, ['secretariat']));
    const outsider = await signIn(t.app, await makePupil(t.db, s.school)); // same school, another class
    const submitted = (await submit(s.as.pupil, s.homeworkId, [['copie.pdf', PDF]])).json();
    const handInId = submitted.handIn.id as string;
    const fileId = submitted.handIn.files[0].id as string;
    const stored = async () =>
      (await t.db.selectFrom('hand_ins').select(['id', 'returned_at', 'handed_in_at']).execute()).filter(
        (r) => r.id === handInId,
      );
    const snapshot = await stored();
    const unchanged = async () => assert.deepEqual(await stored(), snapshot);

    const hw = `/api/homework/${s.homeworkId}`;
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${hw}/hand-in?pupilId=${s.pupil.id}` },
      { otherSchool: otherPupil, otherFamily: s.as.classmateGuardian, wrongProfile: secretariat },
    );
    // A classmate asking for the pupil's hand-in.
    assert.equal((await get(s.as.classmate, `${hw}/hand-in?pupilId=${s.pupil.id}`)).statusCode, 404);

    // assertRefusals sends no Content-Type of our choosing: the multipart PUT is checked the same way here.
    const f = form([['copie.pdf', PDF]]);
    const anon = await t.app.inject({ method: 'PUT', url: `${hw}/hand-in`, payload: f.payload, headers: f.headers });
    assert.equal(anon.statusCode, 401);
    for (const who of [otherPupil, outsider, s.as.guardian, s.as.classmateGuardian, secretariat]) {
      const res = await submit(who, s.homeworkId, [['copie.pdf', PDF]]);
      // Guardians of the class may see the homework (403); the others may not learn of it (404).
      const family = who === s.as.guardian || who === s.as.classmateGuardian;
      assert.equal(res.statusCode, family ? 403 : 404, res.body);
    }
    await unchanged();
    const asTeacher = await submit(s.as.teacher, s.homeworkId, [['copie.pdf', PDF]]);
    assert.equal(asTeacher.statusCode, 403);

    await assertRefusals(
      t.app,
      { method: 'GET', url: `${hw}/hand-ins` },
      { otherSchool: otherTeacher, otherFamily: s.as.guardian, wrongProfile: s.as.pupil },
    );
    await assertRefusals(
      t.app,
      { method: 'POST', url: `${hw}/hand-ins/${handInId}/return`, payload: { comment: 'Vu' } },
      { otherSchool: otherTeacher, otherFamily: s.as.guardian, wrongProfile: s.as.pupil },
      unchanged,
    );
    await assertRefusals(
      t.app,
      { method: 'GET', url: `${hw}/hand-ins/${handInId}/files/${fileId}` },
      { otherSchool: otherTeacher, otherFamily: s.as.classmate, wrongProfile: s.as.guardian },
    );
    assert.equal((await get(s.as.classmateGuardian, `${hw}/hand-ins/${handInId}/files/${fileId}`)).statusCode, 404);
    assert.equal((await get(secretariat, `${hw}/hand-ins/${handInId}/files/${fileId}`)).statusCode, 404);
  });

  test('a returned mark goes into the grade book: one assessment per homework, updated on each return', async () => {
    const s = await setup();
    const handInId = (await submit(s.as.pupil, s.homeworkId, [['copie.pdf', PDF]])).json().handIn.id as string;
    const mateHandIn = (await submit(s.as.classmate, s.homeworkId, [['copie.pdf', PDF]])).json().handIn.id as string;
    const returnAs = (who: Session, id: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/homework/${s.homeworkId}/hand-ins/${id}/return`,
        headers: who.headers,
        payload,
      });
    const assessments = () =>
      t.db
        .selectFrom('assessments')
        .selectAll()
        .where('class_id', '=', s.cls.id)
        .where('subject_id', '=', s.teacher.subjectId)
        .execute();
    const gradesOf = async (assessmentId: string) =>
      (await t.db.selectFrom('grades').selectAll().where('assessment_id', '=', assessmentId).execute())
        .map((g) => [g.pupil_id, g.value_centi])
        .sort();

    // Without a mark: feedback only, nothing in the grade book.
    assert.equal((await returnAs(s.as.teacher, handInId, { comment: 'Relis la consigne' })).statusCode, 200);
    assert.equal((await assessments()).length, 0);

    const first = await returnAs(s.as.teacher, handInId, { comment: 'Bien', mark: 15.5, markOutOf: 20 });
    assert.equal(first.statusCode, 200, first.body);
    let [a] = await assessments();
    assert.ok(a);
    assert.equal(a.title, 'Rédiger le paragraphe argumenté');
    assert.equal(a.kind, 'devoir_maison');
    assert.equal(a.scale, 20);
    assert.equal(a.teacher_id, s.teacher.id);
    const hw = await t.db.selectFrom('homework').selectAll().where('id', '=', s.homeworkId).executeTakeFirstOrThrow();
    assert.equal(a.date, hw.due_date);
    assert.equal(hw.hand_in_assessment_id, a.id);
    assert.deepEqual(await gradesOf(a.id), [[s.pupil.id, 1550]]);

    // Returning again updates the grade; another pupil's mark joins the same assessment.
    assert.equal((await returnAs(s.as.teacher, handInId, { mark: 16, markOutOf: 20 })).statusCode, 200);
    assert.equal((await returnAs(s.as.teacher, mateHandIn, { mark: 9.25, markOutOf: 20 })).statusCode, 200);
    [a] = await assessments();
    assert.equal((await assessments()).length, 1);
    assert.deepEqual(
      await gradesOf(a!.id),
      [
        [s.pupil.id, 1600],
        [s.classmate.id, 925],
      ].sort(),
    );
    // Another scale once other pupils are marked: refused, nothing changed.
    const scale = await returnAs(s.as.teacher, handInId, { mark: 8, markOutOf: 10 });
    assert.equal(scale.statusCode, 409, scale.body);
    assert.equal(scale.json().details.scale, 20);
    assert.equal(
      (await t.db.selectFrom('hand_ins').select('mark').where('id', '=', handInId).executeTakeFirstOrThrow()).mark,
      16,
    );

    // The pupil and the guardian see it in their grades, like any other mark, once published.
    const published = new Date(a!.pupils_publish_at) <= new Date();
    for (const who of [s.as.pupil, s.as.guardian]) {
      const res = await get(who, `/api/grades/pupils/${s.pupil.id}?periodId=${a!.period_id}`);
      assert.equal(res.statusCode, 200, res.body);
      const marks = JSON.stringify(res.json());
      if (published) assert.ok(marks.includes(a!.id), 'the assessment is among the pupil’s grades');
    }

    // Returned without a mark: the grade leaves the grade book.
    assert.equal((await returnAs(s.as.teacher, mateHandIn, { comment: 'Refais-le' })).statusCode, 200);
    assert.deepEqual(await gradesOf(a!.id), [[s.pupil.id, 1600]]);
  });

  test('grade-book marks: only a teacher of the subject; others, other schools, families and anonymous refused', async () => {
    const s = await setup();
    const handInId = (await submit(s.as.pupil, s.homeworkId, [['copie.pdf', PDF]])).json().handIn.id as string;
    const url = `/api/homework/${s.homeworkId}/hand-ins/${handInId}/return`;
    const payload = { comment: 'Bien', mark: 12, markOutOf: 20 };
    // Teaches the class, another subject: may return it, not mark it.
    const colleague = await signIn(t.app, await makeTeacher(t.db, s.school, { classIds: [s.cls.id] }));
    const other = await makeSchool(t.db);
    const otherTeacher = await signIn(
      t.app,
      await makeTeacher(t.db, other, { classIds: [(await makeClass(t.db, other)).id] }),
    );
    const noGrades = async () =>
      assert.equal(
        (await t.db.selectFrom('grades').select('pupil_id').where('pupil_id', '=', s.pupil.id).execute()).length,
        0,
      );
    await assertRefusals(
      t.app,
      { method: 'POST', url, payload },
      { otherSchool: otherTeacher, otherFamily: s.as.guardian, wrongProfile: s.as.pupil },
      noGrades,
    );
    const res = await t.app.inject({ method: 'POST', url, headers: colleague.headers, payload });
    assert.equal(res.statusCode, 403, res.body);
    await noGrades();
    const row = await t.db.selectFrom('hand_ins').selectAll().where('id', '=', handInId).executeTakeFirstOrThrow();
    assert.equal(row.returned_at, null, 'a refused mark leaves the hand-in as it was');
    assert.equal(
      (await t.db.selectFrom('assessments').select('id').where('class_id', '=', s.cls.id).execute()).length,
      0,
    );
  });

  test('the teacher downloads every copy as one zip; nobody else does', async () => {
    const s = await setup();
    await submit(s.as.pupil, s.homeworkId, [
      ['copie.pdf', PDF],
      ['COPIE.pdf', PDF],
      ['photo.png', PNG],
    ]);
    await submit(s.as.classmate, s.homeworkId, [['../../etc/passwd.pdf', PDF]]);
    const url = `/api/homework/${s.homeworkId}/hand-ins/archive`;
    const res = await get(s.as.teacher, url);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.match(String(res.headers['content-disposition']), /^attachment;/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const entries = unzipSync(new Uint8Array(res.rawPayload));
    const name = (p: { first_name: string; last_name: string }) => `${p.last_name} ${p.first_name}`;
    const [pupil, mate] = await Promise.all(
      [s.pupil.id, s.classmate.id].map((id) =>
        t.db.selectFrom('people').select(['first_name', 'last_name']).where('id', '=', id).executeTakeFirstOrThrow(),
      ),
    );
    const expected = [
      `${name(pupil!)} - copie.pdf`,
      `${name(pupil!)} - COPIE (2).pdf`,
      `${name(pupil!)} - photo.png`,
      `${name(mate!)} - passwd.pdf`,
    ];
    assert.deepEqual(Object.keys(entries).sort(), expected.sort());
    assert.ok(Buffer.from(entries[`${name(pupil!)} - photo.png`]!).equals(PNG));
    assert.ok(Buffer.from(entries[`${name(mate!)} - passwd.pdf`]!).equals(PDF));

    const other = await makeSchool(t.db);
    const otherTeacher = await signIn(
      t.app,
      await makeTeacher(t.db, other, { classIds: [(await makeClass(t.db, other)).id] }),
    );
    const stranger = await signIn(t.app, await makeTeacher(t.db, s.school)); // same school, not this class
    await assertRefusals(
      t.app,
      { method: 'GET', url },
      { otherSchool: otherTeacher, otherFamily: s.as.guardian, wrongProfile: s.as.pupil },
    );
    assert.equal((await get(stranger, url)).statusCode, 404);
  });

  test('zip entry names: no path, no reserved characters, duplicates numbered', () => {
    assert.deepEqual(
      archiveEntryNames([
        { pupilName: 'Dupont Léa', fileName: 'a/b\\c:d?.pdf' },
        { pupilName: 'Dupont Léa', fileName: 'c_d_.pdf' },
        { pupilName: 'Dupont Léa', fileName: 'C_D_.PDF' },
        { pupilName: 'Ça/va', fileName: '' },
      ]),
      ['Dupont Léa - a_b_c_d_.pdf', 'Dupont Léa - c_d_.pdf', 'Dupont Léa - C_D_ (2).PDF', 'Ça_va - copie'],
    );
  });

  test('returned work is announced to the pupil and the guardians once; the teacher’s home counts copies to mark', async () => {
    const s = await setup();
    const handInId = (await submit(s.as.pupil, s.homeworkId, [['copie.pdf', PDF]])).json().handIn.id as string;
    await submit(s.as.classmate, s.homeworkId, [['copie.pdf', PDF]]);
    const home = async () => {
      const res = await get(s.as.teacher, `/api/schools/${s.school.id}/home/staff`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().handIns;
    };
    const before = await home();
    assert.equal(before.count, 2);
    assert.deepEqual(
      before.homework.map((h: { id: string; count: number }) => [h.id, h.count]),
      [[s.homeworkId, 2]],
    );
    // A colleague of the school who does not teach this class counts none of them.
    const stranger = await signIn(t.app, await makeTeacher(t.db, s.school));
    assert.equal((await get(stranger, `/api/schools/${s.school.id}/home/staff`)).json().handIns.count, 0);

    const url = `/api/homework/${s.homeworkId}/hand-ins/${handInId}/return`;
    for (const payload of [
      { comment: 'Bien', mark: 14, markOutOf: 20 },
      { comment: 'Bien vu', mark: 15, markOutOf: 20 },
    ]) {
      const res = await t.app.inject({ method: 'POST', url, headers: s.as.teacher.headers, payload });
      assert.equal(res.statusCode, 200, res.body);
    }
    const notes = await t.db
      .selectFrom('notifications')
      .select(['person_id', 'message_key', 'message_params', 'link', 'body'])
      .where('kind', '=', 'handin.returned')
      .where('person_id', 'in', [s.pupil.id, s.guardian.id, s.classmate.id])
      .execute();
    assert.deepEqual(notes.map((n) => n.person_id).sort(), [s.pupil.id, s.guardian.id].sort(), 'once each');
    for (const n of notes) {
      assert.equal(n.message_key, 'handin.returned');
      const keys = Object.keys(JSON.parse(String(n.message_params))).sort();
      assert.deepEqual(keys, n.person_id === s.pupil.id ? ['dueDate', 'subject'] : ['child', 'dueDate', 'subject']);
      assert.ok(!n.body.includes('/ 20'), 'the mark is not in it');
    }
    assert.equal(notes.find((n) => n.person_id === s.pupil.id)?.link, '/travail-a-faire');
    assert.equal(notes.find((n) => n.person_id === s.guardian.id)?.link, `/travail-a-faire/${s.pupil.id}`);
    assert.equal((await home()).count, 1);
  });

  test('hand-ins are announced to the homework’s author as one running summary per homework, not one per pupil', async () => {
    const s = await setup({ latePolicy: 'accept' });
    const third = await makePupil(t.db, s.school, { classId: s.cls.id });
    const summaries = () =>
      t.db
        .selectFrom('notifications')
        .select(['id', 'person_id', 'message_key', 'message_params', 'link', 'read_at', 'title', 'created_at'])
        .where('kind', '=', 'handin.submitted')
        .where('person_id', 'in', [s.teacher.id, s.pupil.id, s.classmate.id, s.guardian.id])
        .orderBy('created_at')
        .execute();
    const paramsOf = (n: { message_params: string | null }) => JSON.parse(String(n.message_params));

    assert.equal((await submit(s.as.pupil, s.homeworkId, [['copie.pdf', PDF]])).statusCode, 200);
    let notes = await summaries();
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.person_id, s.teacher.id, 'the author only: never the pupils or their families');
    assert.equal(notes[0]!.link, `/copies/${s.homeworkId}`);
    assert.equal(notes[0]!.message_key, 'handin.submitted');
    assert.deepEqual({ count: paramsOf(notes[0]!).count, late: paramsOf(notes[0]!).late }, { count: 1, late: 0 });
    assert.equal(notes[0]!.title, `1 copie rendue en ${paramsOf(notes[0]!).subject} (${paramsOf(notes[0]!).audience})`);
    const firstId = notes[0]!.id;

    // A second pupil, and the first one replacing their work: the same unread notification, updated.
    await submit(s.as.classmate, s.homeworkId, [['copie.pdf', PDF]]);
    await submit(s.as.pupil, s.homeworkId, [['v2.pdf', PDF]]);
    notes = await summaries();
    assert.equal(notes.length, 1, 'collapsed while unread');
    assert.equal(notes[0]!.id, firstId);
    assert.equal(paramsOf(notes[0]!).count, 2);
    assert.match(notes[0]!.title, /^2 copies rendues en /);
    // The teacher sees it through the notification centre, rendered from the key.
    const list = await get(s.as.teacher, '/api/notifications');
    assert.equal(list.statusCode, 200, list.body);
    const item = list.json().items.find((n: { id: string }) => n.id === firstId);
    assert.deepEqual(item.message, { key: 'handin.submitted', params: paramsOf(notes[0]!) });
    assert.equal(item.link, `/copies/${s.homeworkId}`);

    // Once read, the next hand-in starts a new notification; a late one is counted as late.
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/notifications/${firstId}/read`,
      headers: s.as.teacher.headers,
    });
    assert.ok([200, 204].includes(read.statusCode), read.body);
    await t.db
      .updateTable('homework')
      .set({ due_date: addDays(todayInParis(), -1) })
      .where('id', '=', s.homeworkId)
      .execute();
    const late = await submit(await signIn(t.app, third), s.homeworkId, [['copie.pdf', PDF]]);
    assert.equal(late.statusCode, 200, late.body);
    assert.equal(late.json().handIn.late, true);
    notes = await summaries();
    assert.equal(notes.length, 2);
    const fresh = notes.find((n) => n.id !== firstId)!;
    assert.equal(fresh.read_at, null);
    assert.deepEqual({ count: paramsOf(fresh).count, late: paramsOf(fresh).late }, { count: 3, late: 1 });
    // It goes by mail with the homework category (digest by default), like the rest of the cahier de textes.
    const mails = await t.db
      .selectFrom('mail_queue')
      .select(['category', 'notification_id'])
      .where('notification_id', 'in', [firstId, fresh.id])
      .execute();
    for (const m of mails) assert.equal(m.category, 'homework');
  });

  test('extra time (tiers-temps): a third more of the time given before a hand-in counts as late', async () => {
    const s = await setup({ latePolicy: 'refuse', dueDate: todayInParis(), dueTime: '00:00' });
    const hw = await t.db.selectFrom('homework').selectAll().where('id', '=', s.homeworkId).executeTakeFirstOrThrow();
    const due = Date.parse(dueAtOf(hw));
    // The deadline (midnight) has passed; published long enough before it that a third more reaches an hour from now.
    const extra = Date.now() - due + 3_600_000;
    const publishedAt = new Date(due - 3 * extra).toISOString();
    await t.db.updateTable('homework').set({ published_at: publishedAt }).where('id', '=', s.homeworkId).execute();
    const plan = (pupilId: string, accommodations: string[]) =>
      t.db
        .insertInto('support_plans')
        .values({
          id: `plan-${pupilId}`,
          school_id: s.school.id,
          pupil_id: pupilId,
          kind: 'pap',
          starts_on: addDays(todayInParis(), -30),
          ends_on: null,
          accommodations: JSON.stringify(accommodations),
          other_accommodation: '',
          details: '',
          created_by: null,
          created_at: publishedAt,
          updated_at: publishedAt,
        })
        .execute();
    await plan(s.pupil.id, ['tiers_temps']);
    await plan(s.classmate.id, ['ordinateur']);
    const extended = new Date(due + extra).toISOString();
    assert.equal(deadlineOf(hw, false), dueAtOf(hw));
    assert.equal(deadlineOf({ ...hw, published_at: publishedAt }, true), extended);

    const mine = (await get(s.as.pupil, `/api/homework/${s.homeworkId}/hand-in`)).json();
    assert.equal(mine.homework.extraTime, true);
    assert.equal(mine.homework.dueAt, extended);
    assert.equal(mine.abilities.submit, true);
    const mate = (await get(s.as.classmate, `/api/homework/${s.homeworkId}/hand-in`)).json();
    assert.equal(mate.homework.extraTime, false);
    assert.equal(mate.homework.dueAt, dueAtOf(hw));
    assert.equal(mate.abilities.submit, false);
    const family = (await get(s.as.guardian, `/api/homework/${s.homeworkId}/hand-in?pupilId=${s.pupil.id}`)).json();
    assert.equal(family.homework.extraTime, true);

    const res = await submit(s.as.pupil, s.homeworkId, [['copie.pdf', PDF]]);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().handIn.late, false);
    const refused = await submit(s.as.classmate, s.homeworkId, [['copie.pdf', PDF]]);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().details.reason, 'deadline_passed');
  });
});
