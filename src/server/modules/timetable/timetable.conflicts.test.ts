import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  audienceIndexOf,
  clashesBetween,
  coursesMeet,
  emptyAudience,
  findAllCourseConflicts,
  findCourseConflicts,
  findSessionConflicts,
  findTravelFlags,
  type WeeklyCourse,
} from './timetable.conflicts.ts';

const course = (o: Partial<WeeklyCourse> & { id: string }): WeeklyCourse => ({
  classId: null,
  groupIds: [],
  teacherIds: [],
  roomId: null,
  weekday: 1,
  startsAt: '08:00',
  endsAt: '09:00',
  weeks: 'all',
  validFrom: '2026-09-01',
  validTo: '2027-08-31',
  ...o,
});

// Pupils: p1, p2 in class 6A; p3 in 6B. Group LAT has p1 and p3; ESP has p2; ALL has p1.
const audience = audienceIndexOf(
  [
    { groupId: 'LAT', pupilId: 'p1' },
    { groupId: 'LAT', pupilId: 'p3' },
    { groupId: 'ESP', pupilId: 'p2' },
    { groupId: 'ALL', pupilId: 'p1' },
  ],
  new Map([
    ['p1', '6A'],
    ['p2', '6A'],
    ['p3', '6B'],
  ]),
);

describe('timetable conflicts', () => {
  test('what clashes', () => {
    const table: Array<[string, Partial<WeeklyCourse>, Partial<WeeklyCourse>, string[]]> = [
      ['same teacher', { teacherIds: ['t1'] }, { teacherIds: ['t2', 't1'] }, ['teacher:t1']],
      ['same room', { roomId: 'r1' }, { roomId: 'r1' }, ['room:r1']],
      ['different rooms', { roomId: 'r1' }, { roomId: 'r2' }, []],
      ['class vs class', { classId: '6A' }, { classId: '6A' }, ['class:6A']],
      ['two classes', { classId: '6A' }, { classId: '6B' }, []],
      ['group vs group', { groupIds: ['ESP'] }, { groupIds: ['ESP'] }, ['group:ESP']],
      ['class vs a group of its pupils', { classId: '6A' }, { groupIds: ['ESP'] }, ['class:6A']],
      ['group vs the class of its pupils', { groupIds: ['LAT'] }, { classId: '6B' }, ['class:6B']],
      ['class vs a group of other pupils', { classId: '6B' }, { groupIds: ['ESP'] }, []],
      ['two groups sharing a pupil', { groupIds: ['LAT'] }, { groupIds: ['ALL'] }, ['group:LAT']],
      ['two disjoint groups', { groupIds: ['LAT'] }, { groupIds: ['ESP'] }, []],
    ];
    for (const [label, a, b, expected] of table) {
      const got = clashesBetween(course({ id: 'a', ...a }), course({ id: 'b', ...b }), audience).map(
        (c) => `${c.kind}:${c.resourceId}`,
      );
      assert.deepEqual(got, expected, label);
    }
  });

  test('when courses meet', () => {
    const table: Array<[string, Partial<WeeklyCourse>, Partial<WeeklyCourse>, boolean]> = [
      ['same hour', {}, {}, true],
      ['back to back', { startsAt: '08:00', endsAt: '09:00' }, { startsAt: '09:00', endsAt: '10:00' }, false],
      ['overlap', { startsAt: '08:00', endsAt: '09:30' }, { startsAt: '09:00', endsAt: '10:00' }, true],
      ['other weekday', { weekday: 1 }, { weekday: 2 }, false],
      ['week A vs B', { weeks: 'A' }, { weeks: 'B' }, false],
      ['week A vs all', { weeks: 'A' }, { weeks: 'all' }, true],
      ['validity apart', { validTo: '2026-12-31' }, { validFrom: '2027-01-01' }, false],
    ];
    for (const [label, a, b, expected] of table) {
      assert.equal(coursesMeet(course({ id: 'a', ...a }), course({ id: 'b', ...b })), expected, label);
    }
  });

  test('findCourseConflicts names the other course; itself is ignored', () => {
    const a = course({ id: 'a', teacherIds: ['t1'], classId: '6A' });
    const others = [a, course({ id: 'b', teacherIds: ['t1'] }), course({ id: 'c', classId: '6B' })];
    assert.deepEqual(findCourseConflicts(a, others, audience), [
      { otherId: 'b', clashes: [{ kind: 'teacher', resourceId: 't1' }] },
    ]);
  });

  test('findAllCourseConflicts agrees with the pairwise reference', () => {
    const arb = fc.record({
      weekday: fc.integer({ min: 1, max: 2 }),
      start: fc.integer({ min: 8, max: 12 }),
      len: fc.integer({ min: 1, max: 2 }),
      weeks: fc.constantFrom('all' as const, 'A' as const, 'B' as const),
      teacher: fc.constantFrom('t1', 't2', 't3'),
      room: fc.constantFrom('r1', 'r2', null),
      cls: fc.constantFrom('6A', '6B', null),
      group: fc.constantFrom('LAT', 'ESP', 'ALL', null),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 14 }), (specs) => {
        const courses = specs.map((s, i) =>
          course({
            id: `c${i}`,
            weekday: s.weekday,
            startsAt: `${String(s.start).padStart(2, '0')}:00`,
            endsAt: `${String(s.start + s.len).padStart(2, '0')}:00`,
            weeks: s.weeks,
            teacherIds: [s.teacher],
            roomId: s.room,
            classId: s.cls,
            groupIds: s.group ? [s.group] : [],
          }),
        );
        const ref = new Set<string>();
        for (let i = 0; i < courses.length; i++) {
          for (let j = i + 1; j < courses.length; j++) {
            const a = courses[i]!;
            const b = courses[j]!;
            if (coursesMeet(a, b) && clashesBetween(a, b, audience).length > 0) ref.add([a.id, b.id].sort().join('|'));
          }
        }
        const got = new Set(findAllCourseConflicts(courses, audience).map((c) => [c.aId, c.bId].sort().join('|')));
        assert.deepEqual([...got].sort(), [...ref].sort());
      }),
      { numRuns: 300 },
    );
  });

  test('dated sessions', () => {
    const s = (id: string, date: string, startsAt: string, endsAt: string, roomId: string) => ({
      id,
      date,
      startsAt,
      endsAt,
      roomId,
      classId: null,
      groupIds: [],
      teacherIds: [],
    });
    const cand = s('x', '2026-12-01', '10:00', '11:00', 'r1');
    const got = findSessionConflicts(
      cand,
      [s('a', '2026-12-01', '10:30', '11:30', 'r1'), s('b', '2026-12-02', '10:00', '11:00', 'r1')],
      emptyAudience,
    );
    assert.deepEqual(
      got.map((c) => c.otherId),
      ['a'],
    );
  });

  test('travel flags between sites', () => {
    const travel = (a: string, b: string) => ((a === 'S1' && b === 'S2') || (a === 'S2' && b === 'S1') ? 20 : null);
    const item = (id: string, startsAt: string, endsAt: string, siteId: string, day = 1) => ({
      id,
      day,
      startsAt,
      endsAt,
      siteId,
      teacherIds: ['t1'],
    });
    const flags = findTravelFlags(
      [
        item('a', '08:00', '09:00', 'S1'),
        item('b', '09:10', '10:00', 'S2'), // 10 min < 20: flagged
        item('c', '10:30', '11:30', 'S1'), // 30 min ≥ 20: fine
        item('d', '11:35', '12:30', 'S3'), // no travel time set, 5 min: flagged as unknown
        item('e', '14:00', '15:00', 'S1'), // unknown but 90 min: fine
        item('f', '08:00', '09:00', 'S2', 2),
      ],
      travel,
    );
    assert.deepEqual(
      flags.map((f) => [f.fromId, f.toId, f.gapMinutes, f.requiredMinutes]),
      [
        ['a', 'b', 10, 20],
        ['c', 'd', 5, null],
      ],
    );
  });
});
