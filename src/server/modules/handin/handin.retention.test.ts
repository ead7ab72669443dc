import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, signIn, type TestContext } from '../../../../test/app.ts';
import { makeClass, makePeriod, makePupil, makeSchool, makeTeacher } from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { FileMissingError, type FileStorage } from '../../lib/storage.ts';
import { addDays } from '../timetable/timetable.calendar.ts';
import { deleteHandInsOfPupils, HAND_IN_RETENTION_DAYS, purgeHandInsOfLeavers } from './handin.retention.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

function form(name: string, data: Buffer) {
  const boundary = '----PreauRetentionBoundary';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('hand-ins of pupils who left: purged with rows and files', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  /** A class, its teacher's homework asking for a hand-in, and pupils who each hand in two files. */
  async function setup(pupils: number) {
    const school = await makeSchool(t.db);
    await makePeriod(t.db, school);
    const cls = await makeClass(t.db, school);
    const teacher = await makeTeacher(t.db, school, { classIds: [cls.id] });
    const people = [];
    for (let i = 0; i < pupils; i += 1) people.push(await makePupil(t.db, school, { classId: cls.id }));
    const asTeacher = await signIn(t.app, teacher);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/homework',
      headers: asTeacher.headers,
      payload: {
        classId: cls.id,
        subjectId: teacher.subjectId,
        dueDate: addDays(todayInParis(), 3),
        instructions: 'Rédiger le paragraphe',
        estimatedMinutes: 30,
        status: 'published',
        handIn: { required: true, latePolicy: 'accept', dueTime: '08:00' },
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const homeworkId = res.json().homework.id as string;
    for (const p of people) {
      const as = await signIn(t.app, p);
      const f = form('copie.pdf', PDF);
      const sent = await t.app.inject({
        method: 'PUT',
        url: `/api/homework/${homeworkId}/hand-in`,
        payload: f.payload,
        headers: { ...as.headers, 'content-type': f.contentType },
      });
      assert.equal(sent.statusCode, 200, sent.body);
    }
    return { school, cls, people, homeworkId };
  }

  const keysOf = async (pupilId: string) =>
    (
      await t.db
        .selectFrom('hand_in_files as f')
        .innerJoin('hand_ins as hi', 'hi.id', 'f.hand_in_id')
        .select('f.storage_key')
        .where('hi.pupil_id', '=', pupilId)
        .execute()
    ).map((r) => r.storage_key);
  const isStored = async (key: string) => {
    try {
      (await t.app.storage.get(key)).destroy();
      return true;
    } catch (e) {
      if (e instanceof FileMissingError) return false;
      throw e;
    }
  };
  const leave = (pupilId: string, classId: string, on: string) =>
    t.db
      .updateTable('class_memberships')
      .set({ ends_on: on })
      .where('pupil_id', '=', pupilId)
      .where('class_id', '=', classId)
      .execute();

  test(`after ${HAND_IN_RETENTION_DAYS} days out of the school, a pupil's hand-ins and files are gone; others stay`, async () => {
    const s = await setup(3);
    const [gone, recent, staying] = s.people as [
      (typeof s.people)[number],
      (typeof s.people)[number],
      (typeof s.people)[number],
    ];
    const today = todayInParis();
    await leave(gone.id, s.cls.id, addDays(today, -(HAND_IN_RETENTION_DAYS + 1)));
    await leave(recent.id, s.cls.id, addDays(today, -10));
    const goneKeys = await keysOf(gone.id);
    const keptKeys = [...(await keysOf(recent.id)), ...(await keysOf(staying.id))];
    assert.equal(goneKeys.length, 1);
    for (const k of [...goneKeys, ...keptKeys]) assert.ok(await isStored(k));

    const r = await purgeHandInsOfLeavers(t.db, t.app.storage);
    assert.deepEqual(r, { pupils: 1, handIns: 1, files: 1, filesNotRemoved: 0 });
    for (const k of goneKeys) assert.equal(await isStored(k), false, 'the file left the storage');
    for (const k of keptKeys) assert.ok(await isStored(k), 'other pupils keep theirs');
    const rows = await t.db.selectFrom('hand_ins').select('pupil_id').where('homework_id', '=', s.homeworkId).execute();
    assert.deepEqual(rows.map((x) => x.pupil_id).sort(), [recent.id, staying.id].sort());
    const orphanFiles = await t.db
      .selectFrom('hand_in_files')
      .select('id')
      .where('storage_key', 'in', goneKeys)
      .execute();
    assert.equal(orphanFiles.length, 0);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('target_person_id', '=', gone.id)
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, JSON.parse(String(a.details))]),
      [['handin.purge', { reason: 'retention', handIns: 1, files: 1 }]],
    );
    // Running the purge again finds nothing.
    assert.equal((await purgeHandInsOfLeavers(t.db, t.app.storage)).handIns, 0);

    // The recent leaver's turn comes when the clock passes their delay.
    const later = new Date(Date.now() + HAND_IN_RETENTION_DAYS * 24 * 3600 * 1000);
    const r2 = await purgeHandInsOfLeavers(t.db, t.app.storage, later);
    assert.equal(r2.handIns, 1);
    for (const k of await keysOf(recent.id)) assert.fail(`row left for ${k}`);
    assert.ok(await isStored((await keysOf(staying.id))[0]!));
  });

  test('a pupil who moved to another class of the school keeps their work', async () => {
    const s = await setup(1);
    const pupil = s.people[0]!;
    await leave(pupil.id, s.cls.id, addDays(todayInParis(), -(HAND_IN_RETENTION_DAYS + 30)));
    const other = await makeClass(t.db, s.school);
    await t.db
      .insertInto('class_memberships')
      .values({ id: `m-${pupil.id}`, pupil_id: pupil.id, class_id: other.id, starts_on: '2000-01-01', ends_on: null })
      .execute();
    assert.equal((await purgeHandInsOfLeavers(t.db, t.app.storage)).handIns, 0);
    assert.equal((await keysOf(pupil.id)).length, 1);
  });

  test('erasure of a pupil: files leave the storage only once the rows are committed; a failed delete is counted', async () => {
    const s = await setup(2);
    const [a, b] = s.people as [(typeof s.people)[number], (typeof s.people)[number]];
    const keysA = await keysOf(a.id);
    const keysB = await keysOf(b.id);
    const seenWithRows: string[] = [];
    const deleted: string[] = [];
    const watching: FileStorage = {
      ...t.app.storage,
      delete: async (key) => {
        // Read through the database, not the transaction: a row still visible here was not committed away yet.
        const row = await t.db
          .selectFrom('hand_in_files')
          .select('id')
          .where('storage_key', '=', key)
          .executeTakeFirst();
        if (row) seenWithRows.push(key);
        if (keysB.includes(key)) throw new Error('storage unavailable');
        deleted.push(key);
        await t.app.storage.delete(key);
      },
    };
    const r = await deleteHandInsOfPupils(
      t.db,
      watching,
      [
        { pupilId: a.id, schoolId: null },
        { pupilId: b.id, schoolId: s.school.id },
      ],
      'erasure',
    );
    assert.deepEqual(r, { pupils: 2, handIns: 2, files: 2, filesNotRemoved: 1 });
    assert.deepEqual(seenWithRows, [], 'every file was removed after the commit');
    assert.deepEqual(deleted, keysA);
    for (const k of keysA) assert.equal(await isStored(k), false);
    assert.equal(await isStored(keysB[0]!), true, 'the failed removal leaves the file, and it is reported');
    assert.equal((await keysOf(a.id)).length + (await keysOf(b.id)).length, 0, 'no row names them any more');
    const audit = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'handin.purge')
      .where('target_person_id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.equal(JSON.parse(String(audit.details)).reason, 'erasure');
  });
});
