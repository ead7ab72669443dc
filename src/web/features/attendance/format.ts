import type { TFunction } from 'i18next';
import { formatDay } from '../timetable/dates.ts';
import type { Half } from './types.ts';

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

/** "1 septembre 2026": a calendar date with its year, no time zone shift. */
export const formatFullDate = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${iso}T00:00:00Z`),
  );

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
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
export const isDocumentType = (type: string): type is DocumentType =>
  (DOCUMENT_TYPES as readonly string[]).includes(type);
