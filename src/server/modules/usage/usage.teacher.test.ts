import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, type Session, signIn, type TestContext } from '../../../../test/app.ts';
import {
  makeClass,
  makeGroup,
  makeGuardian,
  makePeriod,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { newId, nowIso } from '../../lib/ids.ts';

describe("usage: a teacher's classes", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t?.close());

  test('homework they set ticked and report cards read, per class they teach, small counts hidden', async () => {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const c6 = await makeClass(t.db, school, { code: '6A', level: '6e' });
    const c4 = await makeClass(t.db, school, { code: '4B', level: '4e' });
    const c3 = await makeClass(t.db, school, { code: '3C', level: '3e' });
    const teacherRow = await makeTeacher(t.db, school, { classIds: [c6.id, c4.id] });
    const colleague = await makeTeacher(t.db, school, { classIds: [c6.id] });
    const pupils6 = [];
    for (let i = 0; i < 6; i++) pupils6.push(await makePupil(t.db, school, { classId: c6.id }));
    const pupils4 = [
      await makePupil(t.db, school, { classId: c4.id }),
      await makePupil(t.db, school, { classId: c4.id }),
    ];
    const guardians = [];
    for (const p of pupils6.slice(0, 5)) {
      guardians.push(await makeGuardian(t.db, { children: [{ id: p.id, schoolId: school.id }] }));
    }
    const today = todayInParis();
    const homework = async (classId: string, authorId: string, donePupils: readonly { id: string }[]) => {
      const id = newId();
      const at = nowIso();
      await t.db
        .insertInto('homework')
        .values({
          id,
          school_id: school.id,
          school_year_id: school.yearId,
          session_key: null,
          course_id: null,
          session_date: null,
          extra_session_id: null,
          class_id: classId,
          group_id: null,
          subject_id: teacherRow.subjectId,
          due_date: today,
          instructions: 'Exercices',
          estimated_minutes: 20,
          links: '[]',
          status: 'published',
          author_id: authorId,
          created_at: at,
          updated_at: at,
          published_at: at,
        })
        .execute();
      for (const p of donePupils) {
        await t.db.insertInto('homework_done').values({ homework_id: id, pupil_id: p.id, done_at: at }).execute();
      }
    };
    await homework(c6.id, teacherRow.id, pupils6.slice(0, 5));
    await homework(c6.id, colleague.id, pupils6); // a colleague's: not theirs
    await homework(c4.id, teacherRow.id, pupils4.slice(0, 1));
    await homework(c3.id, teacherRow.id, []); // a class they do not teach (set before a change of service)
    // Homework set for a group (Latin, six pupils of 6A): counted per group, against its members.
    const latin = await makeGroup(t.db, school, { code: 'LATIN', pupilIds: pupils6.map((p) => p.id) });
    const groupHomework = newId();
    await t.db
      .insertInto('homework')
      .values({
        id: groupHomework,
        school_id: school.id,
        school_year_id: school.yearId,
        session_key: null,
        course_id: null,
        session_date: null,
        extra_session_id: null,
        class_id: null,
        group_id: latin.id,
        subject_id: teacherRow.subjectId,
        due_date: today,
        instructions: 'Version',
        estimated_minutes: 30,
        links: '[]',
        status: 'published',
        author_id: teacherRow.id,
        created_at: nowIso(),
        updated_at: nowIso(),
        published_at: nowIso(),
      })
      .execute();
    for (const p of pupils6) {
      await t.db
        .insertInto('homework_done')
        .values({ homework_id: groupHomework, pupil_id: p.id, done_at: nowIso() })
        .execute();
    }
    const period = await makePeriod(t.db, school);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    for (const [i, p] of pupils6.entries()) {
      const id = newId();
      await t.db
        .insertInto('report_cards')
        .values({
          id,
          school_id: school.id,
          period_id: period.id,
          class_id: c6.id,
          pupil_id: p.id,
          snapshot: '{}',
          publish_at: yesterday,
          published_by: null,
          created_at: yesterday,
          updated_at: yesterday,
        })
        .execute();
      const g = guardians[i];
      if (g)
        await t.db
          .insertInto('report_card_reads')
          .values({ report_card_id: id, person_id: g.id, read_at: nowIso() })
          .execute();
    }

    const teacher = await signIn(t.app, teacherRow);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${school.id}/usage/teacher`,
      headers: teacher.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.minCount, 5);
    assert.deepEqual(
      body.classes.map((c: { label: string }) => c.label),
      ['4B', '6A'],
    );
    const of = (id: string) => body.classes.find((c: { classId: string }) => c.classId === id);
    assert.deepEqual(of(c6.id).homeworkTicked, { done: 5, possible: 6, rate: 0.833 });
    assert.deepEqual(of(c6.id).reportCardsRead, { read: 5, total: 6, rate: 0.833 });
    assert.deepEqual(of(c4.id).homeworkTicked, { done: null, possible: null, rate: null }, 'under five: hidden');
    assert.deepEqual(of(c4.id).reportCardsRead, { read: 0, total: 0, rate: null });
    assert.deepEqual(body.groups, [
      { groupId: latin.id, label: 'LATIN', homeworkTicked: { done: 6, possible: 6, rate: 1 } },
    ]);

    const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: teacher.headers })).json();
    assert.ok(me.schools[0].abilities.includes('usage.teacher'));

    // Refusals: another school's teacher, a family of the school, staff who do not teach.
    const otherTeacher = await signIn(t.app, await makeTeacher(t.db, other));
    const cpe = await signIn(t.app, await makeStaff(t.db, school, ['cpe']));
    const principal: Session = await signIn(t.app, await makeStaff(t.db, school, ['principal']));
    await assertRefusals(
      t.app,
      { method: 'GET', url: `/api/schools/${school.id}/usage/teacher` },
      { otherSchool: otherTeacher, otherFamily: await signIn(t.app, guardians[0] as never), wrongProfile: cpe },
    );
    const asPrincipal = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${school.id}/usage/teacher`,
      headers: principal.headers,
    });
    assert.equal(asPrincipal.statusCode, 403);
    const cpeMe = (await t.app.inject({ method: 'GET', url: '/api/me', headers: cpe.headers })).json();
    assert.ok(!cpeMe.schools[0].abilities.includes('usage.teacher'));
  });
});
