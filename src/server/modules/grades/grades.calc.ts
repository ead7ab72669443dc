// Pure grade arithmetic: no I/O, no database. Every calculation is done on exact BigInt rationals so that an average
// never depends on the order of summation or on binary floating point; rounding happens only when formatting for
// display (see docs/grades.md, "Calculations").

export type GradeCode = 'ABS' | 'DISP' | 'NN' | 'NR'; // absent, dispensé, non noté, non rendu
export const GRADE_CODES: readonly GradeCode[] = Object.freeze(['ABS', 'DISP', 'NN', 'NR'] as const);
export type CodeRule = 'excluded' | 'zero'; // how a code counts in averages
export type CodeRules = Record<GradeCode, CodeRule>;
export const DEFAULT_CODE_RULES: CodeRules = Object.freeze({
  ABS: 'excluded',
  DISP: 'excluded',
  NN: 'excluded',
  NR: 'zero',
});

/** An exact non-negative rational. den > 0, always reduced. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

/** scale: positive integer (20, 10, 100...); coefficientCenti: coefficient × 100, positive integer (1 → 100). */
export interface CalcAssessment {
  id: string;
  scale: number;
  coefficientCenti: number;
}

/** valueCenti: the grade × 100 (15.5 → 1550), 0..scale*100; exactly one of valueCenti/code is set. */
export interface CalcGrade {
  assessmentId: string;
  valueCenti: number | null;
  code: GradeCode | null;
}

type Stats = { average: Fraction | null; min: Fraction | null; max: Fraction | null; count: number };

// ---- exact rationals --------------------------------------------------------------------------------------------

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function toBigInt(n: bigint | number): bigint {
  if (typeof n === 'bigint') return n;
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  return BigInt(n);
}

/** Builds a reduced fraction with a positive denominator; throws RangeError on a zero denominator or a non-integer. */
export function fraction(num: bigint | number, den: bigint | number = 1n): Fraction {
  let n = toBigInt(num);
  let d = toBigInt(den);
  if (d === 0n) throw new RangeError('fraction with a zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return { num: n / g, den: d / g };
}

const ZERO = fraction(0n);
const add = (a: Fraction, b: Fraction) => fraction(a.num * b.den + b.num * a.den, a.den * b.den);
const mul = (a: Fraction, b: Fraction) => fraction(a.num * b.num, a.den * b.den);
const div = (a: Fraction, b: Fraction) => fraction(a.num * b.den, a.den * b.num);
const compare = (a: Fraction, b: Fraction) => {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
};
const sum = (xs: readonly Fraction[]) => xs.reduce(add, ZERO);
const minOf = (xs: readonly Fraction[]) => xs.reduce((m, x) => (compare(x, m) < 0 ? x : m));
const maxOf = (xs: readonly Fraction[]) => xs.reduce((m, x) => (compare(x, m) > 0 ? x : m));

/** Σ(value × weight) / Σ weight, or null when there is nothing to weigh. */
function weightedMean(items: readonly { value: Fraction; weight: Fraction }[]): Fraction | null {
  const totalWeight = sum(items.map((i) => i.weight));
  if (totalWeight.num === 0n) return null;
  return div(sum(items.map((i) => mul(i.value, i.weight))), totalWeight);
}

function plainStats(values: readonly Fraction[]): Stats {
  if (values.length === 0) return { average: null, min: null, max: null, count: 0 };
  const average = div(sum(values), fraction(values.length));
  return { average, min: minOf(values), max: maxOf(values), count: values.length };
}

/** The grade's value on its own scale, or null when it does not count (excluded code, or neither value nor code). */
function countedValue(grade: CalcGrade, rules: CodeRules): Fraction | null {
  if (grade.code !== null) return rules[grade.code] === 'zero' ? ZERO : null;
  if (grade.valueCenti !== null) return fraction(grade.valueCenti, 100);
  return null;
}

// ---- averages and statistics -------------------------------------------------------------------------------------

/** A pupil's subject average on /20: Σ(value/scale × 20 × coef) / Σ coef over the assessments that count.
 *  `grades` are the pupil's grades; when an assessment has several, the first one is used. null when nothing counts. */
export function subjectAverage(
  assessments: readonly CalcAssessment[],
  grades: readonly CalcGrade[],
  rules: CodeRules,
): Fraction | null {
  const byAssessment = new Map<string, CalcGrade>();
  for (const g of grades) if (!byAssessment.has(g.assessmentId)) byAssessment.set(g.assessmentId, g);
  const items: { value: Fraction; weight: Fraction }[] = [];
  for (const a of assessments) {
    const grade = byAssessment.get(a.id);
    const value = grade ? countedValue(grade, rules) : null;
    if (value === null) continue;
    items.push({ value: mul(value, fraction(20, a.scale)), weight: fraction(a.coefficientCenti) });
  }
  return weightedMean(items);
}

/** General average on /20: Σ(subjectAverage × subjectCoef) / Σ subjectCoef over subjects with a non-null average. */
export function generalAverage(
  subjects: readonly { average: Fraction | null; coefficientCenti: number }[],
): Fraction | null {
  const items: { value: Fraction; weight: Fraction }[] = [];
  for (const s of subjects)
    if (s.average !== null) items.push({ value: s.average, weight: fraction(s.coefficientCenti) });
  return weightedMean(items);
}

/** Per assessment, on its own scale: average, min, max and count of the grades that count (a 'zero' code counts as 0). */
export function assessmentStats(assessment: CalcAssessment, grades: readonly CalcGrade[], rules: CodeRules): Stats {
  const values: Fraction[] = [];
  for (const g of grades) {
    if (g.assessmentId !== assessment.id) continue;
    const value = countedValue(g, rules);
    if (value !== null) values.push(value);
  }
  return plainStats(values);
}

/** Class statistics of pupil averages (on /20), nulls ignored: unweighted mean, min, max, count. */
export function classStats(averages: readonly (Fraction | null)[]): Stats {
  return plainStats(averages.filter((a): a is Fraction => a !== null));
}

/** Competition ranking (1 = best; ties share a rank: 1, 2, 2, 4); null averages get null. */
export function ranks(averages: readonly (Fraction | null)[]): (number | null)[] {
  const present = averages.filter((a): a is Fraction => a !== null);
  return averages.map((a) => (a === null ? null : 1 + present.filter((b) => compare(b, a) > 0).length));
}

// ---- conversion and display --------------------------------------------------------------------------------------

const bitLength = (n: bigint) => n.toString(2).length;

/** The nearest double to the exact value. */
export function toNumber(f: Fraction): number {
  const neg = f.num < 0n;
  const n = neg ? -f.num : f.num;
  const d = f.den;
  if (n <= BigInt(Number.MAX_SAFE_INTEGER) && d <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(f.num) / Number(d);
  // Take a quotient of at least 64 bits plus a sticky bit for any remainder, so Number() rounds once and correctly.
  let shift = Math.max(0, 64 - (bitLength(n) - bitLength(d)));
  let q = (n << BigInt(shift)) / d;
  if (q * d !== n << BigInt(shift)) {
    q = (q << 1n) | 1n;
    shift += 1;
  }
  const x = Number(q) / 2 ** shift;
  return neg ? -x : x;
}

function format(f: Fraction, decimals: number, separator: string): string {
  if (!Number.isSafeInteger(decimals) || decimals < 0) throw new RangeError(`invalid number of decimals: ${decimals}`);
  const neg = f.num < 0n;
  const scale = 10n ** BigInt(decimals);
  const scaled = (neg ? -f.num : f.num) * scale;
  let q = scaled / f.den;
  if (2n * (scaled % f.den) >= f.den) q += 1n; // half-up, away from zero
  const whole = (q / scale).toString();
  const sign = neg && q !== 0n ? '-' : '';
  if (decimals === 0) return sign + whole;
  return `${sign}${whole}${separator}${(q % scale).toString().padStart(decimals, '0')}`;
}

/** For display only: half-up on the exact value, French decimal comma. 12.345 → "12,35", 12 → "12,00". */
export function formatFr(f: Fraction, decimals = 2): string {
  return format(f, decimals, ',');
}

/** Same rounding as formatFr with a dot, for APIs and CSV: "12.35". */
export function formatDot(f: Fraction, decimals = 2): string {
  return format(f, decimals, '.');
}

// ---- validation at the edge (returns an error key, never throws) ------------------------------------------------

const MAX_COEFFICIENT_CENTI = 10_000;
const MAX_SCALE = 1000;

/** A grade or coefficient given with up to two decimals, as an integer number of hundredths; null if it has more. */
export function toCenti(value: number): number | null {
  const centi = Math.round(value * 100);
  return Math.abs(centi - value * 100) < 1e-6 ? centi : null;
}

export function checkGradeValue(valueCenti: number, scale: number): 'NOT_INTEGER' | 'NEGATIVE' | 'ABOVE_SCALE' | null {
  if (!Number.isInteger(valueCenti)) return 'NOT_INTEGER';
  if (valueCenti < 0) return 'NEGATIVE';
  if (valueCenti > scale * 100) return 'ABOVE_SCALE';
  return null;
}

export function checkCoefficientCenti(c: number): 'NOT_POSITIVE' | 'NOT_INTEGER' | 'TOO_LARGE' | null {
  if (c <= 0) return 'NOT_POSITIVE';
  if (!Number.isInteger(c)) return 'NOT_INTEGER';
  if (c > MAX_COEFFICIENT_CENTI) return 'TOO_LARGE';
  return null;
}

export function checkScale(s: number): 'NOT_POSITIVE' | 'NOT_INTEGER' | 'TOO_LARGE' | null {
  if (s <= 0) return 'NOT_POSITIVE';
  if (!Number.isInteger(s)) return 'NOT_INTEGER';
  if (s > MAX_SCALE) return 'TOO_LARGE';
  return null;
}
