import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestContext } from '../../../../test/app.ts';
import { makeClass, makeGroup, makePupil, makeSchool, makeSubject, makeTeacher } from '../../../../test/factories.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { addDays } from '../timetable/timetable.calendar.ts';
import { computeWorkload } from './homework.service.ts';
import { DEFAULT_THRESHOLDS, isoWeekOf, sumWorkload } from './homework.workload.ts';

/** The reference: add up by brute force, one day at a time. */
function reference(items: Array<{ id: string; dueDate: string; estimatedMinutes: number }>, dueDate: string) {
  const { from, to } = isoWeekOf(dueDate);
  let week = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    for (const i of items) if (i.dueDate === d) week += i.estimatedMinutes;
  }
  return { day: items.filter((i) => i.dueDate === dueDate).reduce((n, i) => n + i.estimatedMinutes, 0), week };
}

describe('workload sums (pure)', () => {
  test('ISO weeks run Monday to Sunday', () => {
    for (const [date, from, to] of [
      ['2026-11-30', '2026-11-30', '2026-12-06'], // Monday
      ['2026-12-06', '2026-11-30', '2026-12-06'], // Sunday
      ['2026-12-31', '2026-12-28', '2027-01-03'], // across the new year
      ['2027-03-01', '2027-03-01', '2027-03-07'],
    ] as const) {
      assert.deepEqual(isoWeekOf(date), { from, to }, date);
    }
  });

  const h = (id: string, dueDate: string, estimatedMinutes: number) => ({ id, dueDate, estimatedMinutes });
  const cases = [
    { name: 'nothing due', items: [], due: '2026-12-02', minutes: 30, day: 0, week: 0, warn: false },
    {
      name: 'same day and same week',
      items: [h('a', '2026-12-02', 20), h('b', '2026-12-02', 15), h('c', '2026-12-04', 40)],
      due: '2026-12-02',
      minutes: 30,
      day: 35,
      week: 75,
      warn: true, // 35 + 30 > 60
    },
    {
      name: 'the Sunday before and the Monday after are other weeks',
      items: [h('a', '2026-11-29', 100), h('b', '2026-11-30', 10), h('c', '2026-12-06', 10), h('d', '2026-12-07', 100)],
      due: '2026-12-01',
      minutes: 0,
      day: 0,
      week: 20,
      warn: false,
    },
    {
      name: 'exactly at the threshold is not over it',
      items: [h('a', '2026-12-03', 30)],
      due: '2026-12-03',
      minutes: 30,
      day: 30,
      week: 30,
      warn: false,
    },
    {
      name: 'over the week only',
      items: [h('a', '2026-11-30', 60), h('b', '2026-12-01', 60), h('c', '2026-12-02', 60), h('d', '2026-12-03', 50)],
      due: '2026-12-04',
      minutes: 20,
      day: 0,
      week: 230,
      warn: true,
    },
    {
      name: 'the same homework listed twice counts once',
      items: [h('a', '2026-12-02', 20), h('a', '2026-12-02', 20)],
      due: '2026-12-02',
      minutes: 0,
      day: 20,
      week: 20,
      warn: false,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const w = sumWorkload(c.items, c.due, c.minutes, DEFAULT_THRESHOLDS);
      assert.equal(w.day.minutes, c.day);
      assert.equal(w.week.minutes, c.week);
      assert.equal(w.totals.day, c.day + c.minutes);
      assert.equal(w.totals.week, c.week + c.minutes);
      assert.equal(w.warning, c.warn);
      const unique = [...new Map(c.items.map((i) => [i.id, i])).values()];
      assert.deepEqual({ day: w.day.minutes, week: w.week.minutes }, reference(unique, c.due));
    });
  }
});

describe('workload from the database', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  /**
   * Two classes A and B; a group G with one pupil of A and one of B; a group H with only B's pupils.
   * Each case adds homework and asks for one audience's load on Wednesday 2026-12-02 (week 11-30 → 12-06).
   */
  async function world() {
    const school = await makeSchool(t.db);
    const A = await makeClass(t.db, school);
    const B = await makeClass(t.db, school);
    const a1 = await makePupil(t.db, school, { classId: A.id });
    const b1 = await makePupil(t.db, school, { classId: B.id });
    const b2 = await makePupil(t.db, school, { classId: B.id });
    const G = await makeGroup(t.db, school, { pupilIds: [a1.id, b1.id] });
    const H = await makeGroup(t.db, school, { pupilIds: [b2.id] });
    const teacher = await makeTeacher(t.db, school);
    const subject = await makeSubject(t.db, school);
    return { school, A, B, G, H, teacher, subject };
  }
  type World = Awaited<ReturnType<typeof world>>;
  interface Hw {
    for: { classOf?: 'A' | 'B'; groupOf?: 'G' | 'H' };
    due: string;
    minutes: number;
    status?: 'draft' | 'published';
  }

  async function insert(w: World, x: Hw) {
    const now = nowIso();
    await t.db
      .insertInto('homework')
      .values({
        id: newId(),
        school_id: w.school.id,
        school_year_id: w.school.yearId,
        session_key: null,
        course_id: null,
        session_date: null,
        extra_session_id: null,
        class_id: x.for.classOf ? w[x.for.classOf].id : null,
        group_id: x.for.groupOf ? w[x.for.groupOf].id : null,
        subject_id: w.subject.id,
        due_date: x.due,
        instructions: 'Exercices 3 et 4 p. 112',
        estimated_minutes: x.minutes,
        links: '[]',
        status: x.status ?? 'published',
        author_id: w.teacher.id,
        created_at: now,
        updated_at: now,
        published_at: now,
      })
      .execute();
  }

  const WED = '2026-12-02';
  const cases: Array<{ name: string; homework: Hw[]; ask: Hw['for']; day: number; week: number }> = [
    {
      name: 'a class: the day and its ISO week',
      homework: [
        { for: { classOf: 'A' }, due: WED, minutes: 20 },
        { for: { classOf: 'A' }, due: '2026-12-04', minutes: 30 },
        { for: { classOf: 'A' }, due: '2026-12-06', minutes: 5 }, // Sunday: same week
        { for: { classOf: 'A' }, due: '2026-11-29', minutes: 99 }, // Sunday before
        { for: { classOf: 'A' }, due: '2026-12-07', minutes: 99 }, // Monday after
      ],
      ask: { classOf: 'A' },
      day: 20,
      week: 55,
    },
    {
      name: 'drafts are excluded',
      homework: [
        { for: { classOf: 'A' }, due: WED, minutes: 20 },
        { for: { classOf: 'A' }, due: WED, minutes: 45, status: 'draft' },
      ],
      ask: { classOf: 'A' },
      day: 20,
      week: 20,
    },
    {
      name: 'other classes are excluded',
      homework: [
        { for: { classOf: 'A' }, due: WED, minutes: 20 },
        { for: { classOf: 'B' }, due: WED, minutes: 45 },
      ],
      ask: { classOf: 'A' },
      day: 20,
      week: 20,
    },
    {
      name: 'a group’s homework counts for its members’ classes',
      homework: [
        { for: { groupOf: 'G' }, due: WED, minutes: 25 },
        { for: { groupOf: 'H' }, due: WED, minutes: 40 }, // only B's pupils
      ],
      ask: { classOf: 'A' },
      day: 25,
      week: 25,
    },
    {
      name: 'the other class of the group sees it too, and its own groups',
      homework: [
        { for: { groupOf: 'G' }, due: WED, minutes: 25 },
        { for: { groupOf: 'H' }, due: '2026-12-03', minutes: 40 },
      ],
      ask: { classOf: 'B' },
      day: 25,
      week: 65,
    },
    {
      name: 'a group: its own homework and its members’ classes’',
      homework: [
        { for: { groupOf: 'G' }, due: WED, minutes: 10 },
        { for: { classOf: 'A' }, due: WED, minutes: 20 },
        { for: { classOf: 'B' }, due: '2026-12-01', minutes: 30 },
        { for: { groupOf: 'H' }, due: WED, minutes: 40 }, // H shares B with G: counts for B's pupils
      ],
      ask: { groupOf: 'G' },
      day: 70,
      week: 100,
    },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const w = await world();
      for (const hw of c.homework) await insert(w, hw);
      const load = await computeWorkload(t.db, w.school.id, {
        classId: c.ask.classOf ? w[c.ask.classOf].id : null,
        groupId: c.ask.groupOf ? w[c.ask.groupOf].id : null,
        dueDate: WED,
        minutes: 15,
      });
      assert.equal(load.day.minutes, c.day, 'day');
      assert.equal(load.week.minutes, c.week, 'week');
      assert.deepEqual(load.week, { ...load.week, from: '2026-11-30', to: '2026-12-06' });
      assert.equal(load.warning, c.day + 15 > 60 || c.week + 15 > 240);
    });
  }
});
