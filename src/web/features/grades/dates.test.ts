import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultAssessmentDate } from './dates.ts';
import { byName, fullName, listName } from './names.ts';

const T1 = { startsOn: '2026-09-01', endsOn: '2026-11-30' };

test('defaultAssessmentDate: today on a weekday, else the Friday before, inside the period', () => {
  assert.equal(defaultAssessmentDate('2026-11-25', T1), '2026-11-25'); // Wednesday
  assert.equal(defaultAssessmentDate('2026-11-28', T1), '2026-11-27'); // Saturday → Friday
  assert.equal(defaultAssessmentDate('2026-11-29', T1), '2026-11-27'); // Sunday → Friday
  // A day off (11 November, a Wednesday) → the day before; a holiday fortnight → the Friday before it.
  assert.equal(
    defaultAssessmentDate('2026-11-11', T1, [{ startsOn: '2026-11-11', endsOn: '2026-11-11' }]),
    '2026-11-10',
  );
  assert.equal(
    defaultAssessmentDate('2026-10-25', T1, [{ startsOn: '2026-10-17', endsOn: '2026-11-01' }]),
    '2026-10-16',
  );
  // Period over: its last school day (30 November 2026 is a Monday); not started: its first.
  assert.equal(defaultAssessmentDate('2027-01-10', T1), '2026-11-30');
  assert.equal(defaultAssessmentDate('2027-01-10', { startsOn: '2026-09-01', endsOn: '2026-11-29' }), '2026-11-27');
  assert.equal(defaultAssessmentDate('2026-08-20', { startsOn: '2026-08-29', endsOn: '2026-11-30' }), '2026-08-31');
  // A Sunday on the period's first day: nothing before it in the period, so the next Monday.
  assert.equal(defaultAssessmentDate('2026-11-29', { startsOn: '2026-11-29', endsOn: '2027-02-28' }), '2026-11-30');
});

test('byName: French order, accents and case ignored; the two name orders', () => {
  const people = [
    { firstName: 'Léa', lastName: 'Guérin' },
    { firstName: 'Hugo', lastName: 'Gérard' },
    { firstName: 'Zoé', lastName: 'Dupont' },
    { firstName: 'Anna', lastName: 'Çetin' },
    { firstName: 'Emma', lastName: 'Cadet' },
    { firstName: 'Adam', lastName: 'Dupont' },
    { firstName: 'Éric', lastName: 'de La Tour' },
    { firstName: 'Inès', lastName: 'Dumas' },
    { firstName: 'Jules', lastName: 'Czerny' },
  ];
  assert.deepEqual(byName(people).map(listName), [
    'Cadet Emma',
    'Çetin Anna',
    'Czerny Jules',
    'de La Tour Éric',
    'Dumas Inès',
    'Dupont Adam',
    'Dupont Zoé',
    'Gérard Hugo',
    'Guérin Léa',
  ]);
  assert.equal(fullName(people[0] as (typeof people)[number]), 'Léa Guérin');
});
