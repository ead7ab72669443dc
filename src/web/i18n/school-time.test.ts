import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDate, formatDateTime, fromSchoolDateTimeInput, toSchoolDateTimeInput } from './index.ts';

test('instants are shown in Paris time, whatever the device: winter, summer and the way back from an input', () => {
  assert.equal(toSchoolDateTimeInput('2026-12-04T07:12:00.000Z'), '2026-12-04T08:12');
  assert.equal(toSchoolDateTimeInput('2026-07-01T22:30:00.000Z'), '2026-07-02T00:30');
  assert.equal(fromSchoolDateTimeInput('2026-12-04T08:12'), '2026-12-04T07:12:00.000Z');
  assert.equal(fromSchoolDateTimeInput('2026-07-02T00:30'), '2026-07-01T22:30:00.000Z');
  // The days the clocks change: 29 March 2026 and 25 October 2026.
  assert.equal(fromSchoolDateTimeInput('2026-03-29T03:30'), '2026-03-29T01:30:00.000Z');
  assert.equal(fromSchoolDateTimeInput('2026-10-25T12:00'), '2026-10-25T11:00:00.000Z');
  assert.match(formatDateTime('2026-12-04T07:12:00.000Z'), /08:12/);
});

test('a calendar date stays on its day; an instant late in the evening in Paris is on its Paris day', () => {
  assert.match(formatDate('2026-09-01'), /1(er)? septembre 2026/);
  assert.match(formatDate('2026-12-04T23:30:00.000Z'), /5 décembre 2026/);
});
