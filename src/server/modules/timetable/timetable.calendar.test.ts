import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  defaultDaysOff,
  easterSunday,
  mondayOf,
  publicHolidays,
  SchoolCalendar,
  weekdayOf,
} from './timetable.calendar.ts';

const year2026 = () => new SchoolCalendar({ yearStart: '2026-09-01', yearEnd: '2027-08-31', zone: 'C' });

/** Plain reference: walk every day, count the Monday-to-Friday weeks that have a school day. */
function referenceWeekLabel(isOff: (d: string) => boolean, yearStart: string, yearEnd: string, date: string) {
  let n = 0;
  let label: 'A' | 'B' | null = null;
  let monday = mondayOf(yearStart);
  while (monday <= mondayOf(date)) {
    let school = false;
    for (let i = 0; i < 5; i++) {
      const d = addDays(monday, i);
      if (d >= yearStart && d <= yearEnd && !isOff(d)) school = true;
    }
    label = school ? (n++ % 2 === 0 ? 'A' : 'B') : null;
    monday = addDays(monday, 7);
  }
  return label;
}

describe('timetable calendar', () => {
  test('Easter and public holidays', () => {
    assert.deepEqual([2025, 2026, 2027].map(easterSunday), ['2025-04-20', '2026-04-05', '2027-03-28']);
    const h2026 = publicHolidays(2026).map((h) => h.date);
    assert.deepEqual(h2026, [
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  test('date helpers', () => {
    for (const [d, w, m] of [
      ['2026-11-30', 1, '2026-11-30'],
      ['2026-12-06', 7, '2026-11-30'],
      ['2027-01-01', 5, '2026-12-28'],
      ['2026-03-29', 7, '2026-03-23'], // the day clocks change: whole days only
    ] as const) {
      assert.equal(weekdayOf(d), w, d);
      assert.equal(mondayOf(d), m, d);
    }
  });

  test('days off: zone C holidays, public holidays, school edits', () => {
    const cal = year2026();
    const table: Array<[string, string | null]> = [
      ['2026-09-01', null],
      ['2026-10-16', null],
      ['2026-10-19', 'Vacances de la Toussaint'],
      ['2026-11-02', null],
      ['2026-11-11', 'Armistice 1918'],
      ['2026-12-21', 'Vacances de Noël'],
      ['2027-01-04', null],
      ['2027-02-08', "Vacances d'hiver"],
      ['2027-03-29', 'Lundi de Pâques'],
      ['2027-04-12', 'Vacances de printemps'],
      ['2027-05-07', "Pont de l'Ascension"],
      ['2027-05-17', 'Lundi de Pentecôte'],
      ['2027-07-05', "Vacances d'été"],
      ['2026-08-31', 'Hors année scolaire'],
    ];
    for (const [d, label] of table) assert.equal(cal.dayOffLabel(d), label, d);

    const edited = new SchoolCalendar({
      yearStart: '2026-09-01',
      yearEnd: '2027-08-31',
      zone: 'C',
      entries: [
        { startsOn: '2027-05-17', endsOn: '2027-05-17', label: 'Journée de solidarité travaillée', isDayOff: false },
        { startsOn: '2026-12-18', endsOn: '2026-12-18', label: 'Fermeture (travaux)', isDayOff: true },
      ],
    });
    assert.equal(edited.dayOffLabel('2027-05-17'), null);
    assert.equal(edited.dayOffLabel('2026-12-18'), 'Fermeture (travaux)');
    assert.equal(
      new SchoolCalendar({ yearStart: '2026-09-01', yearEnd: '2027-08-31', zone: 'B' }).dayOffLabel('2026-10-19'),
      null,
    );
    assert.ok(defaultDaysOff('C', '2025-09-01', '2026-08-31').some((r) => r.startsOn === '2026-02-21'));
  });

  test('week A / week B skips holiday weeks', () => {
    const cal = year2026();
    const table: Array<[string, 'A' | 'B' | null]> = [
      ['2026-09-01', 'A'], // rentrée on a Tuesday: its week is the first A
      ['2026-09-07', 'B'],
      ['2026-10-12', 'A'], // 7th week
      ['2026-10-19', null], // Toussaint
      ['2026-10-26', null],
      ['2026-11-02', 'B'], // alternation resumes after the holidays
      ['2026-11-30', 'B'],
      ['2026-12-07', 'A'],
      ['2026-12-28', null],
      ['2026-12-14', 'B'],
      ['2027-01-04', 'A'],
    ];
    for (const [d, label] of table) assert.equal(cal.weekLabel(d), label, d);
  });

  test('week labels agree with a plain reference on random calendars', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: fc.integer({ min: 0, max: 360 }), len: fc.integer({ min: 0, max: 20 }) }), {
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 364 }),
        (ranges, probe) => {
          const entries = ranges.map((r) => ({
            startsOn: addDays('2026-09-01', r.start),
            endsOn: addDays('2026-09-01', r.start + r.len),
            label: 'x',
            isDayOff: true,
          }));
          const cal = new SchoolCalendar({ yearStart: '2026-09-01', yearEnd: '2027-08-31', zone: 'Z', entries });
          const date = addDays('2026-09-01', probe);
          const ref = referenceWeekLabel((d) => cal.dayOffLabel(d) !== null, '2026-09-01', '2027-08-31', date);
          assert.equal(cal.weekLabel(date), ref);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('dates a course runs on', () => {
    const cal = year2026();
    const base = { weekday: 1, validFrom: '2026-09-01', validTo: '2027-08-31' };
    assert.deepEqual(cal.datesOf({ ...base, weeks: 'all' }, '2026-10-05', '2026-11-15'), [
      '2026-10-05',
      '2026-10-12',
      '2026-11-02',
      '2026-11-09',
    ]);
    assert.deepEqual(cal.datesOf({ ...base, weeks: 'A' }, '2026-10-05', '2026-11-15'), ['2026-10-12', '2026-11-09']);
    assert.deepEqual(cal.datesOf({ ...base, weeks: 'B' }, '2026-10-05', '2026-11-15'), ['2026-10-05', '2026-11-02']);
    assert.deepEqual(
      cal.datesOf({ ...base, weekday: 3, weeks: 'all', validFrom: '2026-11-11' }, '2026-11-01', '2026-11-30'),
      ['2026-11-18', '2026-11-25'],
      'Armistice and before valid_from are skipped',
    );
    assert.equal(cal.runsOn({ ...base, weeks: 'all' }, '2026-11-03'), false, 'a Tuesday is not a Monday');
    assert.deepEqual(cal.daysOffBetween('2026-10-16', '2026-11-03'), [
      { startsOn: '2026-10-17', endsOn: '2026-11-01', label: 'Vacances de la Toussaint' },
    ]);
  });
});
