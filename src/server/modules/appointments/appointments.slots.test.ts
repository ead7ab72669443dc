import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openSlots, type WeeklyOpening } from './appointments.slots.ts';

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
