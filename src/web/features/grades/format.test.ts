import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFigure, parseGradeInput } from './format.ts';

test('parseGradeInput: what a teacher may type in a cell', () => {
  const cases: Array<[string, ReturnType<typeof parseGradeInput>]> = [
    ['15', { ok: true, grade: { value: 15, code: null } }],
    ['15,5', { ok: true, grade: { value: 15.5, code: null } }],
    ['15.5', { ok: true, grade: { value: 15.5, code: null } }],
    [' 7,25 ', { ok: true, grade: { value: 7.25, code: null } }],
    ['12,50', { ok: true, grade: { value: 12.5, code: null } }],
    ['0', { ok: true, grade: { value: 0, code: null } }],
    ['25', { ok: true, grade: { value: 25, code: null } }], // the scale is the server's to check
    ['abs', { ok: true, grade: { value: null, code: 'ABS' } }],
    ['Disp', { ok: true, grade: { value: null, code: 'DISP' } }],
    ['nn', { ok: true, grade: { value: null, code: 'NN' } }],
    ['NR', { ok: true, grade: { value: null, code: 'NR' } }],
    ['', { ok: true, grade: { value: null, code: null } }],
    ['   ', { ok: true, grade: { value: null, code: null } }],
    ['12,345', { ok: false, problem: 'TOO_MANY_DECIMALS' }],
    ['-3', { ok: false, problem: 'UNREADABLE' }],
    ['12/20', { ok: false, problem: 'UNREADABLE' }],
    ['absent', { ok: false, problem: 'UNREADABLE' }],
    ['1e3', { ok: false, problem: 'UNREADABLE' }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseGradeInput(input), expected, JSON.stringify(input));
});

test('formatFigure: the server figure with the language decimal separator, never recomputed', () => {
  assert.equal(formatFigure('12.35', 'fr'), '12,35');
  assert.equal(formatFigure('9.00', 'fr'), '9,00');
  assert.equal(formatFigure(15.5, 'fr'), '15,5');
  assert.equal(formatFigure('12.35', 'en'), '12.35');
});
