import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { HalfDay, JustificationStatus } from '../../db/types.ts';
import {
  type HalfDayEvent,
  halfOf,
  monthsToReport,
  parisInstant,
  parisWallClock,
  unjustifiedHalfDaysByMonth,
} from './attendance.halfdays.ts';

/** The plain reference: walk every half-day of the period and ask whether an unjustified absence covers it. */
function reference(events: readonly HalfDayEvent[], isSchoolDay: (d: string) => boolean, from: string, to: string) {
  const out = new Map<string, string[]>();
  const rank = (d: string, h: HalfDay) => `${d}${h === 'am' ? 0 : 1}`;
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    const weekday = new Date(t).getUTCDay(); // 0 = Sunday
    for (const h of ['am', 'pm'] as const) {
      const schoolHalfDay = weekday >= 1 && weekday <= 5 && !(weekday === 3 && h === 'pm') && isSchoolDay(d);
      const absent = events.some((e) => {
        if (e.kind !== 'absence') return false;
        if (e.justificationStatus === 'accepted' && e.reasonValid === true) return false;
        if (e.fromSession) return e.dateFrom === d && e.halfFrom === h;
        return schoolHalfDay && rank(e.dateFrom, e.halfFrom) <= rank(d, h) && rank(d, h) <= rank(e.dateTo, e.halfTo);
      });
      if (absent) out.set(d.slice(0, 7), [...(out.get(d.slice(0, 7)) ?? []), `${d}:${h}`]);
    }
  }
  return out;
}

const session = (date: string, half: HalfDay, status: JustificationStatus = 'none', valid: boolean | null = null) =>
  ({
    kind: 'absence',
    fromSession: true,
    dateFrom: date,
    halfFrom: half,
    dateTo: date,
    halfTo: half,
    justificationStatus: status,
    reasonValid: valid,
  }) satisfies HalfDayEvent;
const range = (from: string, fh: HalfDay, to: string, th: HalfDay, status: JustificationStatus = 'none') =>
  ({
    kind: 'absence',
    fromSession: false,
    dateFrom: from,
    halfFrom: fh,
    dateTo: to,
    halfTo: th,
    justificationStatus: status,
    reasonValid: status === 'accepted' ? true : null,
  }) satisfies HalfDayEvent;

const everyDay = () => true;
const toussaint = (d: string) => !(d >= '2026-10-17' && d <= '2026-11-01');

describe('unjustified half-days', () => {
  const cases: Array<{
    name: string;
    events: HalfDayEvent[];
    isSchoolDay?: (d: string) => boolean;
    expected: string[];
  }> = [
    { name: 'nothing', events: [], expected: [] },
    {
      name: 'two sessions of one morning count once',
      events: [session('2026-11-16', 'am'), session('2026-11-16', 'am')],
      expected: ['2026-11-16:am'],
    },
    {
      name: 'a morning and an afternoon session: two half-days',
      events: [session('2026-11-16', 'am'), session('2026-11-16', 'pm')],
      expected: ['2026-11-16:am', '2026-11-16:pm'],
    },
    {
      name: 'an accepted absence with a valid reason does not count',
      events: [session('2026-11-16', 'am', 'accepted', true)],
      expected: [],
    },
    {
      name: 'accepted with a reason that is not valid still counts',
      events: [session('2026-11-16', 'am', 'accepted', false)],
      expected: ['2026-11-16:am'],
    },
    {
      name: 'pending and refused count',
      events: [session('2026-11-16', 'am', 'pending'), session('2026-11-17', 'pm', 'refused')],
      expected: ['2026-11-16:am', '2026-11-17:pm'],
    },
    {
      name: 'a lateness never counts',
      events: [{ ...session('2026-11-16', 'am'), kind: 'lateness' }],
      expected: [],
    },
    {
      name: 'a range Monday pm to Thursday am skips Wednesday afternoon',
      events: [range('2026-11-16', 'pm', '2026-11-19', 'am')],
      expected: ['2026-11-16:pm', '2026-11-17:am', '2026-11-17:pm', '2026-11-18:am', '2026-11-19:am'],
    },
    {
      name: 'a range over a weekend counts only school days',
      events: [range('2026-11-20', 'am', '2026-11-23', 'am')],
      expected: ['2026-11-20:am', '2026-11-20:pm', '2026-11-23:am'],
    },
    {
      name: 'a range over holidays counts only school days',
      events: [range('2026-10-15', 'am', '2026-11-02', 'am')],
      isSchoolDay: toussaint,
      expected: ['2026-10-15:am', '2026-10-15:pm', '2026-10-16:am', '2026-10-16:pm', '2026-11-02:am'],
    },
    {
      name: 'a range and a session on the same half-day count once',
      events: [range('2026-11-16', 'am', '2026-11-16', 'am'), session('2026-11-16', 'am')],
      expected: ['2026-11-16:am'],
    },
    {
      name: 'an accepted range does not hide an unjustified session of another half-day',
      events: [range('2026-11-16', 'am', '2026-11-16', 'am', 'accepted'), session('2026-11-16', 'pm')],
      expected: ['2026-11-16:pm'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = unjustifiedHalfDaysByMonth(c.events, c.isSchoolDay ?? everyDay);
      assert.deepEqual([...got.values()].flat(), c.expected);
      const ref = reference(c.events, c.isSchoolDay ?? everyDay, '2026-10-01', '2026-12-31');
      assert.deepEqual([...got.values()].flat(), [...ref.values()].flat());
    });
  }

  test('the threshold: 4 unjustified half-days in one calendar month, not across two', () => {
    const table: Array<{ events: HalfDayEvent[]; months: string[] }> = [
      { events: ['2026-11-16', '2026-11-17', '2026-11-18'].map((d) => session(d, 'am')), months: [] },
      {
        events: ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'].map((d) => session(d, 'am')),
        months: ['2026-11'],
      },
      {
        // 2 in October, 2 in November: nobody to report.
        events: ['2026-10-29', '2026-10-30', '2026-11-02', '2026-11-03'].map((d) => session(d, 'am')),
        months: [],
      },
      { events: [range('2026-11-16', 'am', '2026-11-17', 'pm')], months: ['2026-11'] },
      { events: [range('2026-11-16', 'am', '2026-11-17', 'am')], months: [] },
      {
        events: [
          ...['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'].map((d) => session(d, 'am', 'accepted', true)),
        ],
        months: [],
      },
    ];
    for (const row of table) {
      const months = monthsToReport(unjustifiedHalfDaysByMonth(row.events, everyDay)).map((m) => m.month);
      assert.deepEqual(months, row.months);
    }
  });

  test('property: the same half-days as the reference implementation', () => {
    const day = fc
      .integer({ min: 0, max: 60 })
      .map((n) => new Date(Date.UTC(2026, 9, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const half = fc.constantFrom<HalfDay>('am', 'pm');
    const status = fc.constantFrom<JustificationStatus>('none', 'pending', 'accepted', 'refused');
    const event = fc
      .record({
        fromSession: fc.boolean(),
        a: day,
        ha: half,
        b: day,
        hb: half,
        status,
        valid: fc.constantFrom(true, false, null),
        kind: fc.constantFrom<HalfDayEvent['kind']>('absence', 'absence', 'lateness'),
      })
      .map(({ fromSession, a, ha, b, hb, status, valid, kind }): HalfDayEvent => {
        const [from, to] = [a, b].sort() as [string, string];
        const [hf, ht] = from === to && ha === 'pm' && hb === 'am' ? (['am', 'pm'] as const) : [ha, hb];
        return fromSession
          ? { ...session(from, hf, status, valid), kind }
          : { ...range(from, hf, to, ht, status), reasonValid: valid, kind };
      });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        const got = unjustifiedHalfDaysByMonth(events, toussaint);
        const ref = reference(events, toussaint, '2026-10-01', '2026-12-31');
        assert.deepEqual([...got.values()].flat(), [...ref.values()].flat());
      }),
      { numRuns: 300 },
    );
  });

  test('a session belongs to the half-day it starts in; Paris time both ways across DST', () => {
    assert.equal(halfOf('08:00'), 'am');
    assert.equal(halfOf('11:59'), 'am');
    assert.equal(halfOf('12:00'), 'pm');
    assert.equal(parisInstant('2026-11-16', '08:00').toISOString(), '2026-11-16T07:00:00.000Z');
    assert.equal(parisInstant('2026-06-15', '08:00').toISOString(), '2026-06-15T06:00:00.000Z');
    assert.equal(parisInstant('2026-03-29', '12:00').toISOString(), '2026-03-29T10:00:00.000Z');
    assert.deepEqual(parisWallClock(new Date('2026-11-16T22:30:00Z')), { date: '2026-11-16', time: '23:30' });
    assert.deepEqual(parisWallClock(new Date('2026-11-16T23:30:00Z')), { date: '2026-11-17', time: '00:30' });
  });
});
