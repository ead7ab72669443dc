import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  assessmentStats,
  type CalcAssessment,
  type CalcGrade,
  type CodeRules,
  checkCoefficientCenti,
  checkGradeValue,
  checkScale,
  classStats,
  DEFAULT_CODE_RULES,
  type Fraction,
  formatDot,
  formatFr,
  fraction,
  GRADE_CODES,
  type GradeCode,
  generalAverage,
  ranks,
  subjectAverage,
  toNumber,
} from './grades.calc.ts';

// ---- the plain reference, straight from docs/grades.md, with JavaScript numbers --------------------------------

/** What one grade is worth on its own scale, or null when it does not count. */
function refValue(g: CalcGrade | undefined, rules: CodeRules): number | null {
  if (g === undefined) return null;
  if (g.code !== null) return rules[g.code] === 'zero' ? 0 : null;
  return g.valueCenti === null ? null : g.valueCenti / 100;
}

function refSubjectAverage(assessments: CalcAssessment[], grades: CalcGrade[], rules: CodeRules): number | null {
  let total = 0;
  let coefficients = 0;
  for (const a of assessments) {
    const value = refValue(
      grades.find((g) => g.assessmentId === a.id),
      rules,
    );
    if (value === null) continue;
    const coefficient = a.coefficientCenti / 100;
    total += (value / a.scale) * 20 * coefficient;
    coefficients += coefficient;
  }
  return coefficients === 0 ? null : total / coefficients;
}

function refGeneralAverage(subjects: { average: number | null; coefficientCenti: number }[]): number | null {
  let total = 0;
  let coefficients = 0;
  for (const s of subjects) {
    if (s.average === null) continue;
    total += s.average * (s.coefficientCenti / 100);
    coefficients += s.coefficientCenti / 100;
  }
  return coefficients === 0 ? null : total / coefficients;
}

function refStats(values: number[]) {
  if (values.length === 0) return { average: null, min: null, max: null, count: 0 };
  let total = 0;
  for (const v of values) total += v;
  return { average: total / values.length, min: Math.min(...values), max: Math.max(...values), count: values.length };
}

function refRanks(averages: (number | null)[]): (number | null)[] {
  return averages.map((a) => {
    if (a === null) return null;
    let better = 0;
    for (const b of averages) if (b !== null && b > a) better++;
    return better + 1;
  });
}

// ---- helpers ----------------------------------------------------------------------------------------------------

const close = (exact: Fraction | null, expected: number | null) =>
  exact === null || expected === null ? exact === expected : Math.abs(toNumber(exact) - expected) < 1e-9;
const cmp = (a: Fraction, b: Fraction) => Math.sign(Number(a.num * b.den - b.num * a.den));
const num = (f: Fraction | null) => (f === null ? null : toNumber(f));
const value = (assessmentId: string, valueCenti: number): CalcGrade => ({ assessmentId, valueCenti, code: null });
const coded = (assessmentId: string, code: GradeCode): CalcGrade => ({ assessmentId, valueCenti: null, code });
const assessment = (id: string, scale: number, coefficientCenti: number): CalcAssessment => ({
  id,
  scale,
  coefficientCenti,
});
/** The grade normalised to /20, exactly. */
const on20 = (g: CalcGrade, a: CalcAssessment) => fraction((g.valueCenti ?? 0) * 20, a.scale * 100);

// ---- generators -------------------------------------------------------------------------------------------------

const ruleArb = fc.constantFrom<'excluded' | 'zero'>('excluded', 'zero');
const rulesArb: fc.Arbitrary<CodeRules> = fc.record({ ABS: ruleArb, DISP: ruleArb, NN: ruleArb, NR: ruleArb });
const codeArb = fc.constantFrom<GradeCode>(...GRADE_CODES);

/** Assessments with, for one pupil, either no grade, a value in range, or a code. */
const scenarioArb = fc
  .array(
    fc.record({
      scale: fc.constantFrom(5, 10, 20, 40, 100),
      coefficientCenti: fc.oneof(fc.constantFrom(50, 100, 200, 300), fc.integer({ min: 1, max: 10_000 })),
      kind: fc.constantFrom('none', 'value', 'value', 'value', 'code'),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      code: codeArb,
    }),
    { maxLength: 8 },
  )
  .map((rows) => {
    const assessments = rows.map((r, i) => assessment(`a${i}`, r.scale, r.coefficientCenti));
    const grades: CalcGrade[] = [];
    rows.forEach((r, i) => {
      if (r.kind === 'value') grades.push(value(`a${i}`, Math.round(r.fraction * r.scale * 100)));
      if (r.kind === 'code') grades.push(coded(`a${i}`, r.code));
    });
    return { assessments, grades };
  });

const averageArb = fc.option(
  fc.integer({ min: 0, max: 2000 }).chain((n) => fc.constantFrom(fraction(n, 100), fraction(n, 300), fraction(n, 7))),
  { nil: null, freq: 5 },
);
const RUNS = { numRuns: 300 };

// ---- properties -------------------------------------------------------------------------------------------------

describe('grades.calc properties', () => {
  test('subjectAverage agrees with the plain reference', () => {
    fc.assert(
      fc.property(scenarioArb, rulesArb, ({ assessments, grades }, rules) => {
        assert.ok(
          close(subjectAverage(assessments, grades, rules), refSubjectAverage(assessments, grades, rules)),
          'exact and reference averages differ',
        );
      }),
      RUNS,
    );
  });

  test('the average lies between the lowest and highest normalised grade that counts', () => {
    fc.assert(
      fc.property(scenarioArb, rulesArb, ({ assessments, grades }, rules) => {
        const avg = subjectAverage(assessments, grades, rules);
        const counted = grades
          .filter((g) => g.code === null || rules[g.code] === 'zero')
          .map((g) => on20(g, assessments.find((a) => a.id === g.assessmentId)!));
        if (counted.length === 0) return assert.equal(avg, null);
        assert.ok(avg !== null);
        assert.ok(counted.some((c) => cmp(c, avg) <= 0) && counted.some((c) => cmp(c, avg) >= 0));
        assert.ok(cmp(avg, fraction(0)) >= 0 && cmp(avg, fraction(20)) <= 0);
      }),
      RUNS,
    );
  });

  test('the order of assessments and grades does not matter', () => {
    const arb = scenarioArb.chain((s) =>
      fc.record({
        s: fc.constant(s),
        assessments: fc.shuffledSubarray(s.assessments, { minLength: s.assessments.length }),
        grades: fc.shuffledSubarray(s.grades, { minLength: s.grades.length }),
      }),
    );
    fc.assert(
      fc.property(arb, rulesArb, ({ s, assessments, grades }, rules) => {
        assert.deepEqual(subjectAverage(assessments, grades, rules), subjectAverage(s.assessments, s.grades, rules));
      }),
      RUNS,
    );
  });

  test('multiplying every coefficient by k leaves the average unchanged', () => {
    fc.assert(
      fc.property(scenarioArb, rulesArb, fc.integer({ min: 2, max: 50 }), ({ assessments, grades }, rules, k) => {
        const scaled = assessments.map((a) => ({ ...a, coefficientCenti: a.coefficientCenti * k }));
        assert.deepEqual(subjectAverage(scaled, grades, rules), subjectAverage(assessments, grades, rules));
      }),
      RUNS,
    );
  });

  test('adding an assessment graded exactly at the current average leaves it unchanged', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        rulesArb,
        fc.integer({ min: 1, max: 10_000 }),
        ({ assessments, grades }, rules, coefficientCenti) => {
          const avg = subjectAverage(assessments, grades, rules);
          fc.pre(avg !== null && avg.den < 1_000_000_000n);
          // value/scale × 20 = num/den with scale = den and value = num/4, i.e. valueCenti = 5·num.
          const extra = assessment('extra', Number(avg!.den), coefficientCenti);
          const grade = value('extra', Number(avg!.num) * 5);
          assert.equal(checkGradeValue(grade.valueCenti!, extra.scale), null);
          assert.deepEqual(subjectAverage([...assessments, extra], [...grades, grade], rules), avg);
        },
      ),
      RUNS,
    );
  });

  test("counting a code as 'zero' instead of 'excluded' never raises an average", () => {
    fc.assert(
      fc.property(scenarioArb, rulesArb, codeArb, ({ assessments, grades }, rules, code) => {
        const excluded = subjectAverage(assessments, grades, { ...rules, [code]: 'excluded' });
        const zero = subjectAverage(assessments, grades, { ...rules, [code]: 'zero' });
        if (excluded === null) return;
        assert.ok(zero !== null && cmp(zero, excluded) <= 0);
      }),
      RUNS,
    );
  });

  test('generalAverage agrees with the reference and lies between the lowest and highest subject average', () => {
    const subjectsArb = fc.array(
      fc.record({ average: averageArb, coefficientCenti: fc.integer({ min: 1, max: 10_000 }) }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(subjectsArb, (subjects) => {
        const general = generalAverage(subjects);
        assert.ok(close(general, refGeneralAverage(subjects.map((s) => ({ ...s, average: num(s.average) })))));
        const present = subjects.flatMap((s) => (s.average === null ? [] : [s.average]));
        if (present.length === 0) return assert.equal(general, null);
        assert.ok(general !== null);
        assert.ok(present.some((a) => cmp(a, general) <= 0) && present.some((a) => cmp(a, general) >= 0));
      }),
      RUNS,
    );
  });

  test('assessmentStats agrees with the reference, on the assessment scale', () => {
    fc.assert(
      fc.property(scenarioArb, rulesArb, ({ assessments, grades }, rules) => {
        for (const a of assessments) {
          const stats = assessmentStats(a, grades, rules);
          const ref = refStats(
            grades
              .filter((g) => g.assessmentId === a.id)
              .flatMap((g) => {
                const v = refValue(g, rules);
                return v === null ? [] : [v];
              }),
          );
          assert.equal(stats.count, ref.count);
          for (const key of ['average', 'min', 'max'] as const) assert.ok(close(stats[key], ref[key]), key);
        }
      }),
      RUNS,
    );
  });

  test('classStats agrees with the reference', () => {
    fc.assert(
      fc.property(fc.array(averageArb, { maxLength: 30 }), (averages) => {
        const stats = classStats(averages);
        const ref = refStats(averages.flatMap((a) => (a === null ? [] : [toNumber(a)])));
        assert.equal(stats.count, ref.count);
        for (const key of ['average', 'min', 'max'] as const) assert.ok(close(stats[key], ref[key]), key);
      }),
      RUNS,
    );
  });

  test('ranks: best is 1, ties share a rank, one rank per non-null average, as the reference', () => {
    const tiesArb = fc.array(fc.option(fc.integer({ min: 0, max: 20 }).map((n) => fraction(n, 2))), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(tiesArb, (averages) => {
        const r = ranks(averages);
        assert.deepEqual(r, refRanks(averages.map(num)));
        assert.equal(r.filter((x) => x !== null).length, averages.filter((a) => a !== null).length);
        averages.forEach((a, i) => {
          assert.equal(a === null, r[i] === null);
          averages.forEach((b, j) => {
            if (a === null || b === null) return;
            if (cmp(a, b) === 0) assert.equal(r[i], r[j]);
            if (cmp(a, b) > 0) assert.ok(r[i]! < r[j]!);
          });
        });
        const present = averages.filter((a) => a !== null);
        if (present.length > 0) assert.equal(Math.min(...r.filter((x) => x !== null)), 1);
      }),
      RUNS,
    );
  });

  test('formatDot rounds half-up on the exact value (integer reference on thousandths)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), (n) => {
        const cents = Math.floor((n + 5) / 10); // n thousandths, half-up to hundredths
        const expected = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        assert.equal(formatDot(fraction(n, 1000)), expected);
        assert.equal(formatFr(fraction(n, 1000)), expected.replace('.', ','));
      }),
      RUNS,
    );
  });

  test('toNumber is the nearest double, also for large numerators and denominators', () => {
    const f64 = new Float64Array(1);
    const u64 = new BigUint64Array(f64.buffer);
    const step = (x: number, d: bigint) => {
      f64[0] = x;
      u64[0] = u64[0]! + d;
      return f64[0];
    };
    /** The exact value of a positive finite double. */
    const exact = (x: number): Fraction => {
      let k = 0;
      while (!Number.isInteger(x * 2 ** k)) k++;
      return fraction(BigInt(x * 2 ** k), 2n ** BigInt(k));
    };
    const distance = (x: number, f: Fraction) => {
      const e = exact(x);
      const d = fraction(e.num * f.den - f.num * e.den, e.den * f.den);
      return d.num < 0n ? { num: -d.num, den: d.den } : d;
    };
    const big = fc.bigInt({ min: 1n, max: 2n ** 90n });
    fc.assert(
      fc.property(big, big, (n, d) => {
        const f = fraction(n, d);
        const x = toNumber(f);
        assert.ok(cmp(distance(x, f), distance(step(x, 1n), f)) <= 0);
        assert.ok(cmp(distance(x, f), distance(step(x, -1n), f)) <= 0);
      }),
      RUNS,
    );
  });
});

// ---- worked examples (docs/grades.md, "Calculations") --------------------------------------------------------

describe('grades.calc worked examples', () => {
  const subjectCases: {
    name: string;
    assessments: CalcAssessment[];
    grades: CalcGrade[];
    rules?: CodeRules;
    expected: string | null;
  }[] = [
    {
      name: '15/20 coef 1 + 8/10 coef 2 → (15 + 16×2)/3',
      assessments: [assessment('a', 20, 100), assessment('b', 10, 200)],
      grades: [value('a', 1500), value('b', 800)],
      expected: '15,67',
    },
    {
      name: 'ABS excluded (default): 12/20 coef 1, ABS, 8/10 coef 0.5 → (12 + 16×0.5)/1.5',
      assessments: [assessment('a', 20, 100), assessment('b', 20, 100), assessment('c', 10, 50)],
      grades: [value('a', 1200), coded('b', 'ABS'), value('c', 800)],
      expected: '13,33',
    },
    {
      name: 'ABS counted as zero by the school: (12 + 0 + 16×0.5)/2.5',
      assessments: [assessment('a', 20, 100), assessment('b', 20, 100), assessment('c', 10, 50)],
      grades: [value('a', 1200), coded('b', 'ABS'), value('c', 800)],
      rules: { ...DEFAULT_CODE_RULES, ABS: 'zero' },
      expected: '8,00',
    },
    {
      name: 'NR counts as zero by default: 17.5/20 coef 1, NR coef 1 → 17.5/2',
      assessments: [assessment('a', 20, 100), assessment('b', 20, 100)],
      grades: [value('a', 1750), coded('b', 'NR')],
      expected: '8,75',
    },
    {
      name: 'only excluded codes (ABS, DISP, NN) → no average',
      assessments: [assessment('a', 20, 100), assessment('b', 10, 100), assessment('c', 40, 300)],
      grades: [coded('a', 'ABS'), coded('b', 'DISP'), coded('c', 'NN')],
      expected: null,
    },
    {
      name: 'an assessment without a grade does not count: 36/40 coef 1, ungraded coef 5',
      assessments: [assessment('a', 40, 100), assessment('b', 20, 500)],
      grades: [value('a', 3600)],
      expected: '18,00',
    },
    {
      name: 'no assessment → no average',
      assessments: [],
      grades: [],
      expected: null,
    },
  ];
  for (const c of subjectCases) {
    test(`subject average: ${c.name}`, () => {
      const avg = subjectAverage(c.assessments, c.grades, c.rules ?? DEFAULT_CODE_RULES);
      assert.equal(avg === null ? null : formatFr(avg), c.expected);
    });
  }

  test('15/20 coef 1 + 8/10 coef 2 is exactly 47/3', () => {
    const avg = subjectAverage(
      [assessment('a', 20, 100), assessment('b', 10, 200)],
      [value('a', 1500), value('b', 800)],
      DEFAULT_CODE_RULES,
    );
    assert.deepEqual(avg, { num: 47n, den: 3n });
  });

  test('general average: French 14 coef 4, maths 11 coef 4, PE 16 coef 2, art without average → 13,20', () => {
    const general = generalAverage([
      { average: fraction(14), coefficientCenti: 400 },
      { average: fraction(11), coefficientCenti: 400 },
      { average: fraction(16), coefficientCenti: 200 },
      { average: null, coefficientCenti: 100 },
    ]);
    assert.equal(formatFr(general!), '13,20');
    assert.equal(generalAverage([{ average: null, coefficientCenti: 100 }]), null);
    assert.equal(generalAverage([]), null);
  });

  test('assessment stats on /10: 8, 6.5, ABS, NR → mean 4,83, min 0, max 8 over 3 grades', () => {
    const a = assessment('a', 10, 100);
    const grades = [value('a', 800), value('a', 650), coded('a', 'ABS'), coded('a', 'NR'), value('other', 100)];
    const stats = assessmentStats(a, grades, DEFAULT_CODE_RULES);
    assert.equal(formatFr(stats.average!), '4,83');
    assert.deepEqual([stats.min, stats.max, stats.count], [fraction(0), fraction(8), 3]);
    assert.deepEqual(assessmentStats(a, [coded('a', 'DISP')], DEFAULT_CODE_RULES), {
      average: null,
      min: null,
      max: null,
      count: 0,
    });
  });

  test('class stats and ranks: 15, 12.5, 15, no average, 9', () => {
    const averages = [fraction(15), fraction(25, 2), fraction(15), null, fraction(9)];
    const stats = classStats(averages);
    assert.equal(formatFr(stats.average!), '12,88'); // 51.5 / 4 = 12.875 → half-up
    assert.deepEqual([stats.min, stats.max, stats.count], [fraction(9), fraction(15), 4]);
    assert.deepEqual(ranks(averages), [1, 3, 1, null, 4]);
    assert.deepEqual(classStats([null]), { average: null, min: null, max: null, count: 0 });
    assert.deepEqual(ranks([]), []);
  });

  const displayCases: [Fraction, number | undefined, string, string][] = [
    [fraction(12345, 1000), undefined, '12,35', '12.35'],
    [fraction(12344999, 1000000), undefined, '12,34', '12.34'],
    [fraction(9995, 1000), undefined, '10,00', '10.00'],
    [fraction(12), undefined, '12,00', '12.00'],
    [fraction(2, 3), undefined, '0,67', '0.67'],
    [fraction(0), undefined, '0,00', '0.00'],
    [fraction(47, 3), 1, '15,7', '15.7'],
    [fraction(25, 2), 0, '13', '13'],
    [fraction(1, 8), 3, '0,125', '0.125'],
  ];
  for (const [f, decimals, fr, dot] of displayCases) {
    test(`display: ${f.num}/${f.den} to ${decimals ?? 2} decimals → "${fr}"`, () => {
      assert.equal(formatFr(f, decimals), fr);
      assert.equal(formatDot(f, decimals), dot);
    });
  }

  test('display refuses a negative or fractional number of decimals', () => {
    assert.throws(() => formatFr(fraction(1), -1), RangeError);
    assert.throws(() => formatDot(fraction(1), 1.5), RangeError);
  });

  test('fraction reduces, normalises the sign of the denominator, refuses 0 and non-integers', () => {
    assert.deepEqual(fraction(6, 4), { num: 3n, den: 2n });
    assert.deepEqual(fraction(3n, -6n), { num: -1n, den: 2n });
    assert.deepEqual(fraction(0, 7), { num: 0n, den: 1n });
    assert.deepEqual(fraction(5), { num: 5n, den: 1n });
    assert.throws(() => fraction(1, 0), RangeError);
    assert.throws(() => fraction(1.5), RangeError);
    assert.equal(toNumber(fraction(47, 3)), 47 / 3);
  });

  test('the default rules and the list of codes', () => {
    assert.deepEqual(DEFAULT_CODE_RULES, { ABS: 'excluded', DISP: 'excluded', NN: 'excluded', NR: 'zero' });
    assert.deepEqual([...GRADE_CODES], ['ABS', 'DISP', 'NN', 'NR']);
  });
});

// ---- validation at the edge -------------------------------------------------------------------------------------

describe('grades.calc validation helpers', () => {
  const gradeCases: [number, number, ReturnType<typeof checkGradeValue>][] = [
    [1550, 20, null],
    [0, 20, null],
    [2000, 20, null],
    [2001, 20, 'ABOVE_SCALE'],
    [1100, 10, 'ABOVE_SCALE'],
    [-1, 20, 'NEGATIVE'],
    [15.5, 20, 'NOT_INTEGER'],
    [Number.NaN, 20, 'NOT_INTEGER'],
    [Number.POSITIVE_INFINITY, 20, 'NOT_INTEGER'],
  ];
  for (const [v, scale, expected] of gradeCases) {
    test(`checkGradeValue(${v}, ${scale}) → ${expected}`, () => assert.equal(checkGradeValue(v, scale), expected));
  }

  const coefficientCases: [number, ReturnType<typeof checkCoefficientCenti>][] = [
    [100, null],
    [50, null],
    [1, null],
    [10_000, null],
    [10_001, 'TOO_LARGE'],
    [0, 'NOT_POSITIVE'],
    [-100, 'NOT_POSITIVE'],
    [12.5, 'NOT_INTEGER'],
    [Number.NaN, 'NOT_INTEGER'],
  ];
  for (const [c, expected] of coefficientCases) {
    test(`checkCoefficientCenti(${c}) → ${expected}`, () => assert.equal(checkCoefficientCenti(c), expected));
  }

  const scaleCases: [number, ReturnType<typeof checkScale>][] = [
    [20, null],
    [1, null],
    [1000, null],
    [1001, 'TOO_LARGE'],
    [0, 'NOT_POSITIVE'],
    [-20, 'NOT_POSITIVE'],
    [7.5, 'NOT_INTEGER'],
    [Number.NaN, 'NOT_INTEGER'],
  ];
  for (const [s, expected] of scaleCases) {
    test(`checkScale(${s}) → ${expected}`, () => assert.equal(checkScale(s), expected));
  }
});
