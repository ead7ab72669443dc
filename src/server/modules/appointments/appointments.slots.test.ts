import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SchoolCalendar } from '../timetable/timetable.calendar.ts';
import type { ChangeRow, CourseRow, ExtraRow } from '../timetable/timetable.repo.ts';
import { expandSessions } from '../timetable/timetable.sessions.ts';
import { courseTimesOf, openSlots, usualSlotMinutes, type WeeklyOpening } from './appointments.slots.ts';

const opening = (o: Partial<WeeklyOpening> = {}): WeeklyOpening => ({
  siteId: 's1',
  siteName: 'Site Parc',
  roomLabel: null,
  weekday: 2,
  startsAt: '16:00',
  endsAt: '17:00',
  slotMinutes: 20,
  ...o,
});

// 2026-12-01 is a Tuesday, 2026-12-08 the next one.
const base = {
  from: '2026-11-30',
  to: '2026-12-13',
  now: { date: '2026-11-30', time: '08:00' },
  isSchoolDay: (_d: string) => true,
  exceptions: new Set<string>(),
  taken: new Set<string>(),
};
const keys = (s: ReturnType<typeof openSlots>) => s.map((x) => `${x.date}T${x.startsAt}`);

describe('openSlots', () => {
  test('cuts each opening into slots of its length, on its weekday only', () => {
    assert.deepEqual(keys(openSlots({ ...base, openings: [opening()] })), [
      '2026-12-01T16:00',
      '2026-12-01T16:20',
      '2026-12-01T16:40',
      '2026-12-08T16:00',
      '2026-12-08T16:20',
      '2026-12-08T16:40',
    ]);
  });
  test('drops a last slot that would overrun the opening', () => {
    const s = openSlots({ ...base, to: '2026-12-01', openings: [opening({ slotMinutes: 45 })] });
    assert.deepEqual(keys(s), ['2026-12-01T16:00']);
    assert.equal(s[0]?.endsAt, '16:45');
  });
  test('holidays, exception days, the past and taken slots are left out', () => {
    const cases: Array<[Partial<typeof base>, string[]]> = [
      [
        { isSchoolDay: (d: string) => d !== '2026-12-01' },
        ['2026-12-08T16:00', '2026-12-08T16:20', '2026-12-08T16:40'],
      ],
      [{ exceptions: new Set(['2026-12-08']) }, ['2026-12-01T16:00', '2026-12-01T16:20', '2026-12-01T16:40']],
      [{ now: { date: '2026-12-08', time: '16:20' } }, ['2026-12-08T16:40']],
      [{ taken: new Set(['2026-12-01T16:20']), to: '2026-12-07' }, ['2026-12-01T16:00', '2026-12-01T16:40']],
    ];
    for (const [o, expected] of cases)
      assert.deepEqual(keys(openSlots({ ...base, ...o, openings: [opening()] })), expected);
  });
  test('two openings giving the same start keep one slot, in time order', () => {
    const s = openSlots({
      ...base,
      to: '2026-12-01',
      openings: [opening({ startsAt: '16:30', endsAt: '17:00', slotMinutes: 30 }), opening({ slotMinutes: 30 })],
    });
    assert.deepEqual(keys(s), ['2026-12-01T16:00', '2026-12-01T16:30']);
  });
});

// ------------------------------------------------------------------------------------ courses and openings

const T = { id: 't', firstName: 'Anne', lastName: 'Martin' };
const U = { id: 'u', firstName: 'Paul', lastName: 'Roux' };
const TUESDAY = '2026-12-01';

const course: CourseRow = {
  id: 'c1',
  school_id: 'school',
  school_year_id: 'y',
  weekday: 2,
  starts_at: '10:00',
  ends_at: '11:00',
  weeks: 'all',
  valid_from: '2026-09-01',
  valid_to: '2027-07-03',
  class_id: 'k',
  room_id: 'r1',
  source: 'manual',
  external_key: null,
  subject_id: 'sub',
  subject_code: 'MATH',
  subject_label: 'Mathématiques',
  room_code: 'B12',
  room_label: 'Salle B12',
  room_site_id: 's2',
  room_site_name: 'Annexe Barrault',
  class_code: '5A',
  class_label: '5e A',
  class_site_id: 's2',
  class_site_name: 'Annexe Barrault',
};

const change = (o: Partial<ChangeRow>): ChangeRow => ({
  id: 'x1',
  course_id: 'c1',
  session_date: TUESDAY,
  cancelled: 0,
  new_date: null,
  new_starts_at: null,
  new_ends_at: null,
  room_id: null,
  replacement_teacher_id: null,
  reason: 'Test',
  changed_at: '2026-11-20T10:00:00.000Z',
  room_code: null,
  room_label: null,
  room_site_id: null,
  room_site_name: null,
  teacher_first_name: null,
  teacher_last_name: null,
  ...o,
});

const extra = (o: Partial<ExtraRow>): ExtraRow => ({
  id: 'e1',
  course_id: 'c1',
  date: TUESDAY,
  starts_at: '11:00',
  ends_at: '12:00',
  room_id: null,
  teacher_id: null,
  cancelled: 0,
  reason: 'Test',
  room_code: null,
  room_label: null,
  room_site_id: null,
  room_site_name: null,
  teacher_first_name: null,
  teacher_last_name: null,
  ...o,
});

const calendar = new SchoolCalendar({ yearStart: '2026-09-01', yearEnd: '2027-07-03', zone: 'C' });

/** The staff member's slots on Tuesday 1 December: changes → sessions → busy/freed → slots; freed ones marked *. */
function tuesday(o: { changes?: ChangeRow[]; extras?: ExtraRow[]; offer: boolean; staff?: string }) {
  const sessions = expandSessions({
    courses: [{ row: course, teachers: [T], groups: [] }],
    changes: o.changes ?? [],
    extras: o.extras ?? [],
    calendarOf: () => calendar,
    from: TUESDAY,
    to: TUESDAY,
  });
  const times = courseTimesOf(sessions, o.staff ?? T.id);
  const openings = [opening({ startsAt: '09:00', endsAt: '10:30', slotMinutes: 30 })];
  return openSlots({
    ...base,
    from: TUESDAY,
    to: TUESDAY,
    openings,
    busy: times.busy,
    freed: o.offer ? times.freed : [],
    freedMinutes: o.offer ? usualSlotMinutes(openings) : null,
  }).map((s) => (s.freed ? `${s.startsAt}*` : s.startsAt));
}

describe('openSlots with the staff member’s courses', () => {
  // Opening Tuesday 09:00–10:30 in 30-minute slots; the course (Annexe Barrault, B12) Tuesday 10:00–11:00.
  const cases: Array<[string, Parameters<typeof tuesday>[0], string[]]> = [
    ['a course that runs removes the slots it overlaps', { offer: true }, ['09:00', '09:30']],
    [
      'cancelled, not offered: the opening is whole again, nothing more',
      { offer: false, changes: [change({ cancelled: 1 })] },
      ['09:00', '09:30', '10:00'],
    ],
    [
      'cancelled, offered: the course’s hour is cut in slots of the usual length where no opening slot is',
      { offer: true, changes: [change({ cancelled: 1 })] },
      ['09:00', '09:30', '10:00', '10:30*'],
    ],
    ['cancelled then restored (the change removed): busy again', { offer: true, changes: [] }, ['09:00', '09:30']],
    [
      'moved earlier the same day: the new time is busy, the old one freed',
      { offer: true, changes: [change({ new_starts_at: '09:00', new_ends_at: '10:00' })] },
      ['10:00', '10:30*'],
    ],
    [
      'moved to another day: freed here',
      { offer: true, changes: [change({ new_date: '2026-12-03' })] },
      ['09:00', '09:30', '10:00', '10:30*'],
    ],
    [
      'given to another teacher: the replaced teacher is free',
      {
        offer: true,
        changes: [change({ replacement_teacher_id: U.id, teacher_first_name: U.firstName, teacher_last_name: 'R' })],
      },
      ['09:00', '09:30', '10:00', '10:30*'],
    ],
    [
      'given to another teacher: the replacement is busy',
      {
        offer: true,
        staff: U.id,
        changes: [change({ replacement_teacher_id: U.id, teacher_first_name: U.firstName, teacher_last_name: 'R' })],
      },
      ['09:00', '09:30'],
    ],
    [
      'an extra session cancelled frees its time too',
      { offer: true, extras: [extra({ teacher_id: T.id, teacher_first_name: 'Anne', cancelled: 1 })] },
      ['09:00', '09:30', '11:00*', '11:30*'],
    ],
    [
      'an extra session whose cancellation was undone is busy',
      { offer: true, extras: [extra({ teacher_id: T.id, teacher_first_name: 'Anne', starts_at: '09:00' })] },
      [],
    ],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.deepEqual(tuesday(input), expected));

  test('a freed slot is at the course’s site and room', () => {
    const sessions = expandSessions({
      courses: [{ row: course, teachers: [T], groups: [] }],
      changes: [change({ cancelled: 1 })],
      extras: [],
      calendarOf: () => calendar,
      from: TUESDAY,
      to: TUESDAY,
    });
    const s = openSlots({
      ...base,
      from: TUESDAY,
      to: TUESDAY,
      openings: [],
      freed: courseTimesOf(sessions, T.id).freed,
      freedMinutes: 20,
    });
    assert.deepEqual(
      s.map((x) => [x.startsAt, x.endsAt, x.site.name, x.roomId, x.room]),
      [
        ['10:00', '10:20', 'Annexe Barrault', 'r1', 'Salle B12'],
        ['10:20', '10:40', 'Annexe Barrault', 'r1', 'Salle B12'],
        ['10:40', '11:00', 'Annexe Barrault', 'r1', 'Salle B12'],
      ],
    );
  });

  test('freed slots are still left out when taken, past, or on an exception day', () => {
    const freed = [{ date: TUESDAY, startsAt: '10:00', endsAt: '11:00', site: { id: 's', name: 'S' }, room: null }];
    const run = (o: Partial<typeof base>) =>
      keys(openSlots({ ...base, ...o, from: TUESDAY, to: TUESDAY, openings: [], freed, freedMinutes: 30 }));
    assert.deepEqual(run({}), ['2026-12-01T10:00', '2026-12-01T10:30']);
    assert.deepEqual(run({ taken: new Set(['2026-12-01T10:00']) }), ['2026-12-01T10:30']);
    assert.deepEqual(run({ now: { date: TUESDAY, time: '10:10' } }), ['2026-12-01T10:30']);
    assert.deepEqual(run({ exceptions: new Set([TUESDAY]) }), []);
  });

  test('the usual length is the openings’ most frequent, ties to the shortest', () => {
    assert.equal(usualSlotMinutes([]), null);
    assert.equal(usualSlotMinutes([opening({ slotMinutes: 30 }), opening({ slotMinutes: 20 })]), 20);
    assert.equal(
      usualSlotMinutes([opening({ slotMinutes: 30 }), opening({ slotMinutes: 30 }), opening({ slotMinutes: 20 })]),
      30,
    );
  });
});
