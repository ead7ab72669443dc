import type { GradeCode } from './types.ts';

export const GRADE_CODES: readonly GradeCode[] = ['ABS', 'DISP', 'NN', 'NR'];

/** What a cell of the grade book holds: a value on the assessment's scale, a code, or nothing. */
export type CellValue = { value: number; code: null } | { value: null; code: GradeCode } | { value: null; code: null };

export type ParseResult = { ok: true; grade: CellValue } | { ok: false; problem: 'UNREADABLE' | 'TOO_MANY_DECIMALS' };

/**
 * Reads what a teacher typed in a cell: "15", "15,5" or "15.5", a code ("abs", "disp", "nn", "nr", any case), or
 * nothing (clears). The scale is the server's to check: it answers ABOVE_SCALE and nothing is saved.
 */
export function parseGradeInput(text: string): ParseResult {
  const s = text.trim().replace(/\s+/g, '');
  if (s === '') return { ok: true, grade: { value: null, code: null } };
  const code = GRADE_CODES.find((c) => c === s.toUpperCase());
  if (code) return { ok: true, grade: { value: null, code } };
  const m = /^(\d{1,4})(?:[.,](\d+))?$/.exec(s);
  if (!m) return { ok: false, problem: 'UNREADABLE' };
  const decimals = m[2] ?? '';
  if (decimals.replace(/0+$/, '').length > 2) return { ok: false, problem: 'TOO_MANY_DECIMALS' };
  return { ok: true, grade: { value: Number(`${m[1]}.${decimals || '0'}`), code: null } };
}

const separators = new Map<string, string>();
/** The decimal separator of a language, Latin digits ("," in French). */
function decimalSeparator(locale: string): string {
  let sep = separators.get(locale);
  if (!sep) {
    const part = new Intl.NumberFormat(`${locale}-u-nu-latn`).formatToParts(1.5).find((p) => p.type === 'decimal');
    sep = part?.value ?? '.';
    separators.set(locale, sep);
  }
  return sep;
}

/**
 * A figure the server computed ("12.35", exact then rounded there) or a grade value (15.5), shown with the
 * language's decimal separator ("12,35", "15,5"). Never recomputed here.
 */
export function formatFigure(figure: string | number, locale: string): string {
  return String(figure).replace('.', decimalSeparator(locale));
}

/** How a stored grade reads back in a cell: "15,5", "Abs", or "". */
export function cellText(
  g: { value: number | null; code: GradeCode | null } | undefined,
  locale: string,
  codeLabel: (c: GradeCode) => string,
): string {
  if (!g) return '';
  if (g.code) return codeLabel(g.code);
  return g.value === null ? '' : formatFigure(g.value, locale);
}

export const sameGrade = (a: CellValue, b: { value: number | null; code: GradeCode | null } | undefined): boolean =>
  a.value === (b?.value ?? null) && a.code === (b?.code ?? null);
