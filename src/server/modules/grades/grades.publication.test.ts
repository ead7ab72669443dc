import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outsideQuietHours, publicationTimes } from './grades.publication.ts';

// Paris is UTC+1 in winter: 22:30 Paris = 21:30Z.
const night = { from: '20:00', to: '07:00' };

test('quiet hours move a publication to the end of them (Paris time, across midnight and DST)', () => {
  const cases: Array<[string, { from: string; to: string } | null, string]> = [
    ['2026-11-30T21:30:00Z', night, '2026-12-01T06:00:00.000Z'], // 22:30 → 07:00 next day
    ['2026-11-30T04:00:00Z', night, '2026-11-30T06:00:00.000Z'], // 05:00 → 07:00 same day
    ['2026-11-30T12:00:00Z', night, '2026-11-30T12:00:00.000Z'], // 13:00: not quiet
    ['2026-11-30T19:00:00Z', night, '2026-12-01T06:00:00.000Z'], // 20:00 exactly is quiet
    ['2026-11-30T06:00:00Z', night, '2026-11-30T06:00:00.000Z'], // 07:00 exactly is not
    ['2026-11-30T21:30:00Z', null, '2026-11-30T21:30:00.000Z'],
    ['2026-11-30T12:30:00Z', { from: '12:00', to: '14:00' }, '2026-11-30T13:00:00.000Z'], // lunch break
    ['2026-03-28T21:00:00Z', night, '2026-03-29T05:00:00.000Z'], // the night clocks go forward: 07:00 CEST
  ];
  for (const [at, quiet, expected] of cases) {
    assert.equal(outsideQuietHours(new Date(at), quiet).toISOString(), expected, `${at} ${JSON.stringify(quiet)}`);
  }
});

test('guardians follow the pupils after the school delay, itself kept out of quiet hours', () => {
  // Pupils at 17:00 Paris; guardians 4 h later = 21:00, quiet → 07:00 next morning.
  assert.deepEqual(publicationTimes(new Date('2026-11-30T16:00:00Z'), { quietHours: night, guardianDelayHours: 4 }), {
    pupils: '2026-11-30T16:00:00.000Z',
    guardians: '2026-12-01T06:00:00.000Z',
  });
  assert.deepEqual(publicationTimes(new Date('2026-11-30T16:00:00Z'), { quietHours: null, guardianDelayHours: 0 }), {
    pupils: '2026-11-30T16:00:00.000Z',
    guardians: '2026-11-30T16:00:00.000Z',
  });
});
