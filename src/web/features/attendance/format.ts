import type { TFunction } from 'i18next';
import { addDays, weekdayOf } from '../timetable/dates.ts';
import type { Half } from './types.ts';

const toUtc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Intl's date in words, with the French ordinal of the first of the month: "lundi 1er septembre". */
function inWords(iso: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options }).formatToParts(toUtc(iso));
  return parts.map((p) => (p.type === 'day' && p.value === '1' && locale.startsWith('fr') ? '1er' : p.value)).join('');
}

/** "lundi 1er septembre". */
export const formatDay = (iso: string, locale: string) =>
  inWords(iso, locale, { weekday: 'long', day: 'numeric', month: 'long' });

/** "lundi 1er septembre 2026". */
export const formatDayWithYear = (iso: string, locale: string) =>
  inWords(iso, locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** "1er septembre 2026": a calendar date with its year, no time zone shift. */
export const formatFullDate = (iso: string, locale: string) =>
  inWords(iso, locale, { day: 'numeric', month: 'long', year: 'numeric' });

/** "4 décembre": a calendar date without its weekday or year. */
export const formatDayMonth = (iso: string, locale: string) => inWords(iso, locale, { day: 'numeric', month: 'long' });

/** The calendar day of an instant in Paris, the school's time zone, as YYYY-MM-DD. */
export const parisDateOf = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(date);

/** Monday to Friday. */
export const isWeekday = (iso: string) => weekdayOf(iso) <= 5;

/** The day itself when it is Monday to Friday, else the next Monday. */
export const nextSchoolDay = (iso: string) => {
  let d = iso;
  while (!isWeekday(d)) d = addDays(d, 1);
  return d;
};

/** The day itself when it is Monday to Friday, else the Friday before. */
export const lastSchoolDay = (iso: string) => {
  let d = iso;
  while (!isWeekday(d)) d = addDays(d, -1);
  return d;
};

/** The time of day as people write it: "8 h 15" in French, the language's own clock otherwise. */
export function formatClock(date: Date, locale: string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  if (locale.startsWith('fr')) return `${hour} h ${minute}`;
  return new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Paris', hour: 'numeric', minute: '2-digit' }).format(date);
}

export interface Span {
  dateFrom: string;
  halfFrom: Half;
  dateTo: string;
  halfTo: Half;
  startsAt?: string | null;
  endsAt?: string | null;
}

/** "lundi 3 novembre", with the session's times, the half-day, or the span over several days. */
export function describeSpan(t: TFunction, s: Span, locale: string): string {
  const from = formatDay(s.dateFrom, locale);
  if (s.dateFrom !== s.dateTo) {
    return t('attendance.family.spanDays', {
      from,
      fromHalf: t(`attendance.form.half.${s.halfFrom}`),
      to: formatDay(s.dateTo, locale),
      toHalf: t(`attendance.form.half.${s.halfTo}`),
    });
  }
  if (s.startsAt && s.endsAt) return t('attendance.family.spanTimes', { date: from, from: s.startsAt, to: s.endsAt });
  if (s.halfFrom !== s.halfTo) return t('attendance.family.spanDay', { date: from });
  return t('attendance.family.spanHalf', { date: from, half: t(`attendance.form.half.${s.halfFrom}`) });
}

/** Reads a chosen file as the API expects it: base64 in the JSON body. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('Unreadable file'));
    reader.readAsDataURL(file);
  });
}

export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const isDocumentType = (type: string): type is DocumentType =>
  (DOCUMENT_TYPES as readonly string[]).includes(type);

/** The name of an absence reason in the reader's language: the default reasons by code, a school's own by its label. */
export function reasonName(
  t: (key: string, o: { defaultValue: string }) => string,
  r: { code?: string; label: string },
) {
  return r.code ? t(`families.reasons.${r.code}`, { defaultValue: r.label }) : r.label;
}
